//! Keystroke → `publishDiagnostics` latency (p50, p99) and server RSS, for
//! the real `wit-analyzer` binary over stdio, on two workspaces:
//! - WASI 0.2.12 + 0.3.0 (both trees as workspace folders), editing
//!   wasi:http's `types.wit`;
//! - a generated workspace of 1,000 packages in three tiers (each package
//!   uses types of two packages of the tier below), editing a middle-tier
//!   package.
//!
//! Baseline: a raw wit-parser load of the packages the edit affects (the
//! edited package and every package depending on it, each in a fresh
//! `Resolve` with its dependencies pushed first with `push_dir`). That is
//! the least work any checker built on wit-parser must redo per edit.
//!
//! Run: `cargo bench -p wit-analyzer --bench lsp_latency`

mod common;

use std::{
    collections::{BTreeSet, HashMap},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use common::{Server, edit, percentile_ms, position_of, publish_for, uri};

use analysis::{PackageSummary, Workspace, WorkspaceConfig, workspace::Location};
use serde_json::json;

const KEYSTROKES: usize = 200;
const BASELINE_RUNS: usize = 11;

struct Measured {
    first_diagnostics: Duration,
    latencies: Vec<Duration>,
    /// Hover right after a keystroke: the features' re-parse and lookup.
    hover_latencies: Vec<Duration>,
    /// The first hover builds the features' index of the whole workspace.
    first_hover: Duration,
    /// A request the server does not know: the floor of any answer.
    round_trips: Vec<Duration>,
    rss_mib: f64,
}

const HOVERS: usize = 50;

/// Opens `file`, waits for its first diagnostics, then types: each
/// keystroke inserts or deletes a space at the end of line 0 and waits for
/// the diagnostics of its version.
fn measure(roots: &[PathBuf], file: &Path, hover_on: &str) -> Measured {
    let mut server = Server::start();
    let start = Instant::now();
    server.initialize(roots);
    let text = server.open(file);
    let file_uri = uri(file);
    let first = server.wait(publish_for(&file_uri, 1));
    let first_diagnostics = start.elapsed();
    assert_eq!(
        first["params"]["diagnostics"],
        json!([]),
        "the benchmark workspace must be clean"
    );

    let line_end = text.lines().next().unwrap().encode_utf16().count() as u32;
    let mut latencies = Vec::with_capacity(KEYSTROKES);
    for i in 0..KEYSTROKES {
        let version = i as i64 + 2;
        let sent = Instant::now();
        server.send(edit(&file_uri, i as i64 + 2, line_end));
        server.wait(publish_for(&file_uri, version));
        latencies.push(sent.elapsed());
    }
    let hover_at =
        json!({"textDocument": {"uri": file_uri}, "position": position_of(&text, hover_on)});
    let mut hover_latencies = Vec::with_capacity(HOVERS);
    for i in 0..HOVERS {
        server.send(edit(&file_uri, (KEYSTROKES + i) as i64 + 2, line_end));
        let id = 1000 + i as i64;
        let sent = Instant::now();
        let answer = server.request(id, "textDocument/hover", hover_at.clone());
        assert!(
            answer["result"]["contents"]["value"].is_string(),
            "hover answered: {answer}"
        );
        hover_latencies.push(sent.elapsed());
    }
    let first_hover = hover_latencies[0];
    hover_latencies.sort();
    // What any answer costs over stdio: tower-lsp answers an unknown method
    // with an error without calling the server.
    let mut round_trips: Vec<Duration> = (0..HOVERS)
        .map(|i| {
            let id = 5000 + i as i64;
            let sent = Instant::now();
            server.request(id, "bench/noSuchMethod", json!({}));
            sent.elapsed()
        })
        .collect();
    round_trips.sort();
    let rss_mib = server.rss_mib();
    server.shutdown();
    latencies.sort();
    Measured {
        first_diagnostics,
        latencies,
        hover_latencies,
        first_hover,
        round_trips,
        rss_mib,
    }
}

/// The raw wit-parser load of the package holding `file` and of every
/// package that depends on it, each with its dependencies: median ms.
fn baseline_ms(roots: &[PathBuf], file: &Path) -> (f64, usize) {
    let packages = Workspace::new(WorkspaceConfig {
        roots: roots.to_vec(),
        ..Default::default()
    })
    .packages();
    let dir_of = |p: &PackageSummary| p.location.path().to_path_buf();
    let deps_of: HashMap<PathBuf, Vec<PathBuf>> = packages
        .iter()
        .map(|p| {
            let deps = p
                .dependencies
                .iter()
                .filter_map(|d| match &d.resolved.as_ref()?.location {
                    Location::Dir(dir) => Some(dir.clone()),
                    _ => None,
                });
            (dir_of(p), deps.collect())
        })
        .collect();
    let edited = file.parent().unwrap().to_path_buf();
    let mut affected = BTreeSet::from([edited]);
    loop {
        let before = affected.len();
        for (dir, deps) in &deps_of {
            if deps.iter().any(|d| affected.contains(d)) {
                affected.insert(dir.clone());
            }
        }
        if affected.len() == before {
            break;
        }
    }
    fn order(dir: &Path, deps_of: &HashMap<PathBuf, Vec<PathBuf>>, out: &mut Vec<PathBuf>) {
        if out.iter().any(|d| d == dir) {
            return;
        }
        for dep in deps_of.get(dir).into_iter().flatten() {
            order(dep, deps_of, out);
        }
        out.push(dir.to_path_buf());
    }
    let orders: Vec<Vec<PathBuf>> = affected
        .iter()
        .map(|dir| {
            let mut out = Vec::new();
            order(dir, &deps_of, &mut out);
            out
        })
        .collect();
    let mut times: Vec<f64> = (0..BASELINE_RUNS)
        .map(|_| {
            let start = Instant::now();
            for order in &orders {
                let mut resolve = wit_parser::Resolve::new();
                for dir in order {
                    resolve
                        .push_dir(dir)
                        .expect("the benchmark workspace loads in wit-parser");
                }
            }
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[BASELINE_RUNS / 2], affected.len())
}

/// The workspace model's own share of a keystroke, in process: median ms of
/// an edit to `file` and `check_affected`, after a first full check warmed
/// its caches.
fn check_affected_ms(roots: &[PathBuf], file: &Path) -> f64 {
    let mut workspace = Workspace::new(WorkspaceConfig {
        roots: roots.to_vec(),
        ..Default::default()
    });
    workspace.check();
    let text = std::fs::read_to_string(file).unwrap();
    let mut times: Vec<f64> = (0..BASELINE_RUNS)
        .map(|run| {
            let edited = format!("{text}\n// edit {run}\n");
            let start = Instant::now();
            workspace.set_overlay(file, Some(edited.into()));
            workspace.check_affected(file);
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[BASELINE_RUNS / 2]
}

fn report(name: &str, roots: &[PathBuf], file: &Path, hover_on: &str, targets: (f64, f64)) {
    let (baseline, affected) = baseline_ms(roots, file);
    let in_process = check_affected_ms(roots, file);
    let measured = measure(roots, file, hover_on);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p50 = percentile_ms(&measured.latencies, 50);
    let p99 = percentile_ms(&measured.latencies, 99);
    println!("{name}: {KEYSTROKES} keystrokes, {affected} affected package(s)");
    println!("  baseline, raw wit-parser load of the affected packages: {baseline:8.2} ms");
    println!(
        "  of a keystroke, Workspace::check_affected in process:  {in_process:8.2} ms  ratio {:.2}",
        in_process / baseline
    );
    println!(
        "  keystroke -> publishDiagnostics p50: {p50:8.2} ms  ratio {:.2} (target <= 1.5)",
        p50 / baseline
    );
    println!(
        "  keystroke -> publishDiagnostics p99: {p99:8.2} ms  ratio {:.2} (target <= {} ms)",
        p99 / baseline,
        targets.0
    );
    let floor = percentile_ms(&measured.round_trips, 50);
    println!(
        "  stdio round trip of a request, p50:  {floor:8.2} ms; keystroke p50 without it {:.2} ms, ratio {:.2}",
        (p50 - floor).max(0.0),
        (p50 - floor).max(0.0) / baseline
    );
    let hover = |q: usize| percentile_ms(&measured.hover_latencies, q);
    println!(
        "  hover right after a keystroke p50:   {:8.2} ms, p99 {:.2} ms; the first (builds the index) {:.2} ms",
        hover(50),
        hover(99),
        ms(measured.first_hover)
    );
    println!(
        "  first diagnostics after start:       {:8.2} ms  (target <= {} ms)",
        ms(measured.first_diagnostics),
        targets.1
    );
    println!(
        "  server RSS:                          {:8.1} MiB (target <= 300 MB)",
        measured.rss_mib
    );
}

fn main() {
    let scratch = tempfile::tempdir().unwrap();
    let scratch_root = scratch.path().canonicalize().unwrap();

    let wasi: Vec<PathBuf> = ["0.2.12", "0.3.0"]
        .iter()
        .map(|v| scratch_root.join("wasi").join(v))
        .collect();
    for (version, copy) in ["0.2.12", "0.3.0"].iter().zip(&wasi) {
        test_support::copy_dir(&test_support::wasi_release(version), copy);
    }
    report(
        "WASI 0.2.12 + 0.3.0",
        &wasi,
        &wasi[0].join("proposals/http/wit/types.wit"),
        "resource fields",
        (10.0, 2000.0),
    );

    let generated = scratch_root.join("generated");
    let file = test_support::generate_tiered_workspace(&generated);
    report(
        "generated, 1,000 packages",
        &[generated],
        &file,
        "record point",
        (30.0, 2000.0),
    );
}
