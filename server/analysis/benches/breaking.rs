//! How much the breaking-change check adds to `check`, on WASI's published
//! WIT (0.3.0 against 0.2.12). The named baseline is `Workspace::check` on
//! the same current workspace, which `check --baseline` runs anyway; the
//! ratios say what the baseline comparison costs on top of it, once from
//! scratch (the CLI) and once with the baseline loaded beforehand (what the
//! language server does on each edit).
//!
//! Run: `cargo bench -p analysis --bench breaking`

use std::sync::Arc;

use analysis::file_system::OsFileSystem;
use analysis::{
    Workspace, WorkspaceConfig,
    breaking::{self, Options},
};

const RUNS: usize = 15;

fn median_ms(f: impl FnMut()) -> f64 {
    test_support::median_ms(RUNS, f)
}

fn main() {
    let corpus = test_support::wasi_corpus();
    let ws = |v: &str| {
        Workspace::new(WorkspaceConfig {
            roots: vec![corpus.join(v)],
            ..Default::default()
        })
    };
    let (old, new) = (ws("0.2.12"), ws("0.3.0"));
    let opts = Options::default();

    let check = median_ms(|| drop(new.check()));
    let full = median_ms(|| drop(breaking::check_workspaces(&old, &new, &opts)));
    let loaded = breaking::load(&old, &opts.features);
    let preloaded = median_ms(|| drop(breaking::check_against(&loaded, &new, &opts)));
    // The usual edit: nothing changed against the baseline yet.
    let same = breaking::load(&new, &opts.features);
    let unchanged = median_ms(|| drop(breaking::check_against(&same, &new, &opts)));

    println!("median of {RUNS} runs, WASI 0.3.0 against baseline 0.2.12");
    println!("Workspace::check (baseline)           {check:8.2} ms  1.00x");
    println!(
        "breaking::check_workspaces             {full:8.2} ms  {:.2}x",
        full / check
    );
    println!(
        "breaking::check_against (preloaded)    {preloaded:8.2} ms  {:.2}x",
        preloaded / check
    );
    println!(
        "  the same, 0.3.0 against itself       {unchanged:8.2} ms  {:.2}x",
        unchanged / check
    );

    // What the language server pays per keystroke: one file edited, the
    // baseline held open, the current side loaded through its cache. The
    // named baseline here is a keystroke's own `check_affected`.
    let scratch = tempfile::tempdir().unwrap();
    let (old_copy, new_copy) = (scratch.path().join("0.2.12"), scratch.path().join("0.3.0"));
    test_support::copy_dir(&corpus.join("0.2.12"), &old_copy);
    test_support::copy_dir(&corpus.join("0.3.0"), &new_copy);
    let live = breaking::LiveBaseline::open(
        old_copy.to_str().unwrap(),
        scratch.path(),
        std::slice::from_ref(&new_copy),
        opts.clone(),
        Arc::new(OsFileSystem),
        &breaking::NoGitRefs,
    )
    .expect("the baseline opens");
    let mut current = Workspace::new(WorkspaceConfig {
        roots: vec![new_copy.clone()],
        ..Default::default()
    });
    current.check();
    drop(live.diagnostics(&current));
    let edited = new_copy.join("proposals/http/wit/types.wit");
    let text = std::fs::read_to_string(&edited).unwrap();
    let mut version = 0;
    let mut keystroke = |current: &mut Workspace| {
        version += 1;
        current.set_overlay(&edited, Some(format!("{text}\n// {version}\n").into()));
    };
    let affected = median_ms(|| {
        keystroke(&mut current);
        drop(current.check_affected(&edited));
    });
    let live_keystroke = median_ms(|| {
        keystroke(&mut current);
        drop(live.diagnostics(&current));
    });
    println!("a keystroke in types.wit, check_affected {affected:8.2} ms  1.00x");
    println!(
        "  LiveBaseline::diagnostics after it     {live_keystroke:8.2} ms  {:.2}x",
        live_keystroke / affected
    );
}
