//! Acceptance on WASI's published WIT: 0.2.0 → 0.2.12 is semver-compatible
//! (though its layout changed from `preview2/<pkg>/` to
//! `proposals/<pkg>/wit/`, with 0.3.0 drafts beside it), and 0.2.12 → 0.3.0
//! is a breaking bump.

use std::sync::Arc;

use analysis::file_system::OsFileSystem;
use std::path::{Path, PathBuf};

use analysis::{
    Diagnostic, Severity, Workspace, WorkspaceConfig,
    breaking::{self, Options},
};

/// A private copy, so that nothing can touch the corpus itself.
fn copy_release(version: &str, into: &Path) -> PathBuf {
    let to = into.join(version);
    test_support::copy_dir(&test_support::wasi_release(version), &to);
    to
}

fn check(old: &Path, new: &Path, opts: &Options) -> Vec<Diagnostic> {
    let ws = |root: &Path| {
        Workspace::new(WorkspaceConfig {
            roots: vec![root.to_path_buf()],
            ..Default::default()
        })
    };
    breaking::check_workspaces(&ws(old), &ws(new), opts)
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{} {} {}\n", d.severity.as_str(), d.code, d.message))
        .collect()
}

#[test]
fn wasi_0_2_12_is_compatible_with_0_2_0() {
    let temp = tempfile::tempdir().unwrap();
    let old = copy_release("0.2.0", temp.path());
    let new = copy_release("0.2.12", temp.path());
    let diagnostics = check(&old, &new, &Options::default());
    let breaking: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Info)
        .collect();
    assert!(breaking.is_empty(), "{}", summary(&diagnostics));
    // The compatible additions are seen, and all carry `@since`.
    let verbose = summary(&check(
        &old,
        &new,
        &Options {
            verbose: true,
            ..Default::default()
        },
    ));
    assert!(
        verbose.contains("func-added function `exit-with-code` was added to `wasi:cli/exit`"),
        "{verbose}"
    );
    assert!(
        verbose.contains("world-added world `wasi:http/imports` was added"),
        "{verbose}"
    );
    assert!(!verbose.contains("missing-since"), "{verbose}");

    // Not vacuous: a break slipped into the new layout is found, paired
    // with the package of the old layout.
    let wall_clock = new.join("proposals/clocks/wit/wall-clock.wit");
    let text = std::fs::read_to_string(&wall_clock).unwrap();
    std::fs::write(&wall_clock, text.replace("nanoseconds: u32,", "")).unwrap();
    let broken = check(&old, &new, &Options::default());
    assert!(
        broken.iter().any(|d| d.severity == Severity::Error
            && d.code == "wit::breaking::field-removed"
            && d.message.contains("wasi:clocks@0.2.0 → 0.2.12")),
        "{}",
        summary(&broken)
    );
}

#[test]
fn wasi_0_3_0_breaks_0_2_12_within_a_breaking_bump() {
    let temp = tempfile::tempdir().unwrap();
    let old = copy_release("0.2.12", temp.path());
    let new = copy_release("0.3.0", temp.path());
    let diagnostics = check(&old, &new, &Options::default());
    let text = summary(&diagnostics);
    println!("{text}");
    assert!(
        !diagnostics.iter().any(|d| d.severity == Severity::Error),
        "{text}"
    );
    let removed: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.code == "wit::breaking::package-removed")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(removed.len(), 1, "{text}");
    assert!(removed[0].contains("wasi:io@0.2.12"), "{text}");
    assert!(
        diagnostics.iter().any(|d| d.severity == Severity::Info && d.message.contains("wasi:http@0.2.12 → 0.3.0")),
        "{text}"
    );

    let denied = check(
        &old,
        &new,
        &Options {
            deny_breaking: true,
            ..Default::default()
        },
    );
    let errors = denied
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    assert!(errors > 0);
    // Only removals of `@deprecated` items stay info: the deprecation was
    // their notice.
    let infos: Vec<&Diagnostic> = denied
        .iter()
        .filter(|d| d.severity == Severity::Info)
        .collect();
    assert!(
        infos.iter().all(|d| d.message.contains("deprecated")),
        "{}",
        summary(&denied)
    );
    assert!(
        denied
            .iter()
            .any(|d| d.severity == Severity::Error && d.code == "wit::breaking::package-removed")
    );
}

/// The language server keeps the current workspace loaded between edits;
/// what it reports must be what a fresh comparison reports, edit after edit.
#[test]
fn a_live_baseline_reports_after_each_edit_what_a_fresh_comparison_does() {
    let temp = tempfile::tempdir().unwrap();
    let old = copy_release("0.2.0", temp.path());
    let new = copy_release("0.2.12", temp.path());
    let opts = Options::default();
    let live = breaking::LiveBaseline::open(
        old.to_str().unwrap(),
        temp.path(),
        std::slice::from_ref(&new),
        opts.clone(),
        Arc::new(OsFileSystem),
        &breaking::NoGitRefs,
    )
    .unwrap();
    let mut current = Workspace::new(WorkspaceConfig {
        roots: vec![new.clone()],
        ..Default::default()
    });
    let fresh = |current: &Workspace| {
        let baseline = Workspace::new(WorkspaceConfig {
            roots: vec![old.clone()],
            ..Default::default()
        });
        summary(&breaking::check_workspaces(&baseline, current, &opts))
    };
    let untouched = summary(&live.diagnostics(&current));
    assert_eq!(untouched, fresh(&current));

    // wasi:random loses a function that 0.2.0 has, then gets it back;
    // wasi:io, which others depend on, loses an interface.
    let random = new.join("proposals/random/wit/random.wit");
    let original = std::fs::read_to_string(&random).unwrap();
    let edited = original.replace(
        "@since(version = 0.2.0)\n    get-random-u64: func() -> u64;",
        "",
    );
    assert_ne!(edited, original);
    current.set_overlay(&random, Some(edited.into()));
    let without_function = summary(&live.diagnostics(&current));
    assert!(
        without_function.contains("get-random-u64"),
        "{without_function}"
    );
    assert_eq!(without_function, fresh(&current));

    current.set_overlay(&random, None);
    assert_eq!(summary(&live.diagnostics(&current)), untouched);

    let poll = new.join("proposals/io/wit/poll.wit");
    let poll_text = std::fs::read_to_string(&poll).unwrap();
    current.set_overlay(
        &poll,
        Some(
            poll_text
                .replace(
                    "@since(version = 0.2.0)\n        ready: func() -> bool;",
                    "",
                )
                .into(),
        ),
    );
    let io_edited = summary(&live.diagnostics(&current));
    assert!(io_edited.contains("pollable.ready"), "{io_edited}");
    assert_eq!(io_edited, fresh(&current));

    // A change is reported once, at the changed type, whoever uses it.
    current.set_overlay(&poll, None);
    let clock = new.join("proposals/clocks/wit/monotonic-clock.wit");
    let clock_text = std::fs::read_to_string(&clock).unwrap();
    current.set_overlay(
        &clock,
        Some(
            clock_text
                .replace("type duration = u64;", "type duration = u32;")
                .into(),
        ),
    );
    let clocks_edited = summary(&live.diagnostics(&current));
    assert!(
        clocks_edited.contains("type `duration` changed from `u64` to `u32`"),
        "{clocks_edited}"
    );
    assert_eq!(clocks_edited, fresh(&current));
}

/// What `duration` is in the `Resolve` that wasi:http@0.2.12 was loaded in.
fn duration_seen_by_http(loaded: &breaking::Loaded) -> wit_parser::TypeDefKind {
    let http = loaded
        .packages
        .iter()
        .find(|p| p.resolve.packages[p.id].name.to_string() == "wasi:http@0.2.12")
        .expect("wasi:http@0.2.12 is loaded");
    let (_, duration) = http
        .resolve
        .types
        .iter()
        .find(|(_, t)| {
            t.name.as_deref() == Some("duration") && t.owner != wit_parser::TypeOwner::None
        })
        .filter(|(_, t)| {
            matches!(
                t.kind,
                wit_parser::TypeDefKind::Type(wit_parser::Type::U64 | wit_parser::Type::U32)
            )
        })
        .expect("wasi:clocks' duration");
    duration.kind.clone()
}

#[test]
fn a_cached_load_resolves_a_package_again_when_a_dependency_changes() {
    let temp = tempfile::tempdir().unwrap();
    let new = copy_release("0.2.12", temp.path());
    let mut current = Workspace::new(WorkspaceConfig {
        roots: vec![new.clone()],
        ..Default::default()
    });
    let features = analysis::Features::default();
    let mut cache = breaking::LoadCache::default();
    let before = breaking::load_cached(&current, &features, &mut cache);
    assert_eq!(
        duration_seen_by_http(&before),
        wit_parser::TypeDefKind::Type(wit_parser::Type::U64)
    );

    let clock = new.join("proposals/clocks/wit/monotonic-clock.wit");
    let clock_text = std::fs::read_to_string(&clock).unwrap();
    current.set_overlay(
        &clock,
        Some(
            clock_text
                .replace("type duration = u64;", "type duration = u32;")
                .into(),
        ),
    );
    let after = breaking::load_cached(&current, &features, &mut cache);
    assert_eq!(
        duration_seen_by_http(&after),
        wit_parser::TypeDefKind::Type(wit_parser::Type::U32)
    );
}
