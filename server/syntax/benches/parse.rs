//! Parse throughput over the WASI corpus: `syntax::parse` next to
//! wit-parser 0.261 parsing the same files (one `SourceMap` per package
//! directory, its normal unit, which also builds the unresolved package).
//!
//! Run with `cargo bench -p syntax`. Prints numbers; asserts nothing about
//! speed.

use std::{
    collections::BTreeMap,
    path::PathBuf,
    time::{Duration, Instant},
};

use common::{corpus_dir, wit_files};

#[path = "../tests/common/mod.rs"]
mod common;

/// Runs `f` over the corpus until a second has passed; returns MB/s.
fn throughput(bytes: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm up
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < Duration::from_secs(1) {
        f();
        rounds += 1;
    }
    (bytes as f64 * rounds as f64) / start.elapsed().as_secs_f64() / 1e6
}

fn main() {
    let files = wit_files(&corpus_dir());
    let mut packages: BTreeMap<PathBuf, Vec<(String, String)>> = BTreeMap::new();
    let mut bytes = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file");
        bytes += text.len();
        packages
            .entry(path.parent().unwrap().to_path_buf())
            .or_default()
            .push((path.display().to_string(), text));
    }
    assert!(
        bytes > 0,
        "the WASI corpus is missing at {} (set WIT_CORPUS)",
        corpus_dir().display()
    );

    let ours = throughput(bytes, || {
        for sources in packages.values() {
            for (_, text) in sources {
                std::hint::black_box(syntax::parse(text));
            }
        }
    });
    let theirs = throughput(bytes, || {
        for sources in packages.values() {
            let mut map = wit_parser::SourceMap::new();
            for (path, text) in sources {
                map.push_str(path, text.clone());
            }
            let _ = std::hint::black_box(map.parse());
        }
    });
    println!(
        "WASI corpus: {} files, {:.2} MB",
        files.len(),
        bytes as f64 / 1e6
    );
    println!("syntax::parse (lossless tree + all errors): {ours:8.2} MB/s");
    println!("wit-parser SourceMap::parse (baseline):    {theirs:8.2} MB/s");
    println!(
        "ratio ours / wit-parser:                    {:8.2}x",
        ours / theirs
    );

    // Hostile input, timed once each.
    let item = "  /// Docs.\n  record point { x: u32, y: list<option<string>> }\n  f: func(a: u32) -> result<_, e>;\n";
    let big = format!(
        "package a:b;\ninterface i {{\n{}}}\n",
        item.repeat(10_000_000 / item.len())
    );
    let nested = format!(
        "package a:b;\ninterface i {{\n  type t = {}u32{};\n}}\n",
        "list<".repeat(10_000),
        ">".repeat(10_000)
    );
    for (name, text) in [
        ("10 MB valid file", &big),
        ("10,000 nested `list<`", &nested),
    ] {
        let start = Instant::now();
        let parse = std::hint::black_box(syntax::parse(text));
        println!(
            "{name}: {:.0} ms, {} error(s)",
            start.elapsed().as_secs_f64() * 1e3,
            parse.errors().len()
        );
    }
}
