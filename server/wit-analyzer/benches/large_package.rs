//! One large package (20 files, 20,000 small interfaces, about 2 MB) beside
//! a small unrelated one, driven over stdio as an editor would: what an
//! edit costs, what a request inside the package costs, what memory does
//! over 100 edits, and whether a request on the small package waits while
//! the large one is re-checked.
//!
//! Goals (issue 18), printed beside each figure: edit -> diagnostics
//! <= 250 ms, hover and definition inside it <= 20 ms, documentSymbol
//! <= 200 ms, RSS <= 250 MB and not growing over 100 edits, a request on
//! the unrelated file <= 5 ms while the large package is re-checked.
//! Baseline for the edit: a raw wit-parser load of the package
//! (`Resolve::push_dir`), the least any checker built on it redoes.
//!
//! Run: `cargo bench -p wit-analyzer --bench large_package`

mod common;

use std::time::{Duration, Instant};

use common::{Server, edit, percentile_ms, position_of, publish_for, uri};
use serde_json::json;

const FILES: usize = 20;
const PER_FILE: usize = 1_000;
const EDITS: usize = 100;

fn main() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().canonicalize().unwrap();
    let (big, small) = test_support::generate_large_package(&root, FILES, PER_FILE);
    let bytes: u64 = (std::fs::read_dir(&big).unwrap())
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();

    let baseline = test_support::median_ms(5, || {
        wit_parser::Resolve::new()
            .push_dir(&big)
            .expect("the package loads");
    });

    let mut server = Server::start();
    server.initialize(std::slice::from_ref(&root));
    let edited = big.join(format!("part{:02}.wit", FILES / 2));
    let edited_uri = uri(&edited);
    let started = Instant::now();
    let text = server.open(&edited);
    let first = server.wait(publish_for(&edited_uri, 1));
    let first_diagnostics = started.elapsed();
    assert_eq!(
        first["params"]["diagnostics"],
        json!([]),
        "the package must be clean"
    );
    let rss_after_open = server.rss_mib();

    let line_end = text.lines().next().unwrap().encode_utf16().count() as u32;
    let mut version = 1;
    let mut edits = Vec::new();
    let mut hovers = Vec::new();
    let mut definitions = Vec::new();
    let mut symbols = Vec::new();
    let mut rss_at = Vec::new();
    // Inside the edited file: a type from the interface before.
    let in_file = position_of(&text, "prev: earlier");
    let target = json!({"textDocument": {"uri": edited_uri}, "position": in_file});
    for n in 0..EDITS {
        version += 1;
        let sent = Instant::now();
        server.send(edit(&edited_uri, version, line_end));
        server.wait(publish_for(&edited_uri, version));
        edits.push(sent.elapsed());
        let id = 10_000 + n as i64 * 10;
        let sent = Instant::now();
        let hover = server.request(id, "textDocument/hover", target.clone());
        hovers.push(sent.elapsed());
        assert!(hover["result"]["contents"]["value"].is_string(), "{hover}");
        let sent = Instant::now();
        let found = server.request(id + 1, "textDocument/definition", target.clone());
        definitions.push(sent.elapsed());
        assert!(!found["result"].is_null(), "{found}");
        if n % 10 == 0 {
            let sent = Instant::now();
            let answer = server.request(
                id + 2,
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": edited_uri}}),
            );
            symbols.push(sent.elapsed());
            let count = answer["result"].as_array().map_or(0, Vec::len);
            assert!(
                count >= PER_FILE,
                "{count} symbols: {:.300}",
                answer.to_string()
            );
            rss_at.push(server.rss_mib());
        }
    }

    // A request on the small package, sent right behind an edit of the
    // large one: does it wait for the large package's check?
    let small_text = server.open(&small);
    let small_uri = uri(&small);
    server.wait(publish_for(&small_uri, 1));
    let small_target = json!({"textDocument": {"uri": small_uri}, "position": position_of(&small_text, "-> point")});
    let mut unrelated = Vec::new();
    for n in 0..20 {
        version += 1;
        server.send(edit(&edited_uri, version, line_end));
        let sent = Instant::now();
        let hover = server.request(20_000 + n, "textDocument/hover", small_target.clone());
        unrelated.push(sent.elapsed());
        assert!(hover["result"]["contents"]["value"].is_string(), "{hover}");
        server.wait(publish_for(&edited_uri, version));
    }
    let rss_end = server.rss_mib();
    server.shutdown();

    for list in [
        &mut edits,
        &mut hovers,
        &mut definitions,
        &mut symbols,
        &mut unrelated,
    ] {
        list.sort();
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "one package, {FILES} files, {} interfaces, {:.1} MB; {EDITS} edits of one file",
        FILES * PER_FILE,
        bytes as f64 / 1e6
    );
    println!("  baseline, raw wit-parser load of the package:   {baseline:8.1} ms");
    let row = |name: &str, sorted: &[Duration], goal: f64| {
        let p50 = percentile_ms(sorted, 50);
        println!(
            "  {name:<44} p50 {p50:8.1} ms, p99 {:8.1} ms  (goal <= {goal} ms; p50 {:.2}x the baseline)",
            percentile_ms(sorted, 99),
            p50 / baseline
        );
    };
    row("edit -> publishDiagnostics", &edits, 250.0);
    row("hover inside it, after an edit", &hovers, 20.0);
    row("definition inside it, after an edit", &definitions, 20.0);
    row("documentSymbol of the edited file", &symbols, 200.0);
    row(
        "hover in the small package, behind an edit",
        &unrelated,
        5.0,
    );
    println!(
        "  first diagnostics after open:                   {:8.1} ms",
        ms(first_diagnostics)
    );
    println!(
        "  RSS: {rss_after_open:.0} MiB after open; every 10 edits {}; {rss_end:.0} MiB at the end (goal <= 250 MB, not growing)",
        rss_at
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
}
