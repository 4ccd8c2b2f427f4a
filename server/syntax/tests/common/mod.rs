//! Finding the WIT files the tests and the benchmark run on.

#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};

/// WASI's published WIT, all three releases.
pub fn corpus_dir() -> PathBuf {
    test_support::wasi_corpus()
}

/// Every `.wit` file below `dir`, sorted.
pub fn wit_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    collect(dir, &mut out);
    out.sort();
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "wit") {
            out.push(path);
        }
    }
}

/// The texts of every corpus file; fails when the corpus is missing.
pub fn corpus_texts() -> Vec<String> {
    let dir = corpus_dir();
    let texts: Vec<String> = wit_files(&dir)
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(
        texts.len() > 100,
        "expected the WASI corpus at {} (set WIT_CORPUS), found {} files",
        dir.display(),
        texts.len()
    );
    texts
}

/// The number of random cases: `WIT_FUZZ_CASES`, or `default`.
pub fn fuzz_cases(default: usize) -> usize {
    std::env::var("WIT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The seed: `WIT_FUZZ_SEED`, or `default`.
pub fn fuzz_seed(default: u64) -> u64 {
    std::env::var("WIT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
