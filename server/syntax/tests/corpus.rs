//! Every WIT file that wit-parser accepts parses here with no syntax error,
//! and the tree's text is the file's text.

mod common;

use std::path::Path;

use common::{corpus_dir, wit_files};

#[test]
fn corpus_parses_without_errors_and_round_trips() {
    let mut files = wit_files(&corpus_dir());
    assert!(files.len() > 100, "expected the WASI corpus at {} (set WIT_CORPUS), found {} files", corpus_dir().display(), files.len());
    files.extend(wit_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit-samples")));
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
