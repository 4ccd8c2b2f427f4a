//! Every WIT file that wit-parser accepts parses here with no syntax error,
//! and the tree's text is the file's text.

use std::path::{Path, PathBuf};

const CORPUS: &str = "/work/shared/corpus/wasi";

fn wit_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            wit_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "wit") {
            out.push(path);
        }
    }
}

/// The WASI corpus and the repository's samples.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    wit_files(Path::new(CORPUS), &mut files);
    wit_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit-samples"), &mut files);
    files
}

#[test]
fn corpus_parses_without_errors_and_round_trips() {
    let files = corpus_files();
    assert!(files.len() > 100, "expected the WASI corpus at {CORPUS}, found {} files", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let parse = syntax::parse(&text);
        assert_eq!(parse.syntax().to_string(), text, "{} does not round-trip", path.display());
        for error in parse.errors() {
            failures.push(format!("{}:{:?}: {}", path.display(), error.range, error.message));
        }
    }
    assert!(failures.is_empty(), "syntax errors in valid files:\n{}", failures.join("\n"));
}
