//! Every WIT file that wit-parser accepts parses here with no syntax error,
//! and the tree's text is the file's text: all of WASI's published WIT, and
//! the repository's samples.

mod common;

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use common::{corpus_dir, wit_files};

/// Files grouped by directory: a directory is one package for wit-parser.
fn packages(files: Vec<PathBuf>) -> BTreeMap<PathBuf, Vec<(PathBuf, String)>> {
    let mut packages: BTreeMap<PathBuf, Vec<(PathBuf, String)>> = BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        packages
            .entry(path.parent().unwrap().to_path_buf())
            .or_default()
            .push((path, text));
    }
    packages
}

fn wit_parser_accepts(sources: &[(PathBuf, String)]) -> bool {
    let mut map = wit_parser::SourceMap::new();
    for (path, text) in sources {
        map.push(path, text.clone());
    }
    map.parse().is_ok()
}

/// Syntax errors we report in the files of packages wit-parser accepts;
/// fails if a file does not round-trip. Returns the errors and how many
/// packages were accepted.
fn errors_in_accepted(files: Vec<PathBuf>) -> (Vec<String>, usize) {
    let mut failures = Vec::new();
    let mut accepted = 0;
    for sources in packages(files).values() {
        for (path, text) in sources {
            assert_eq!(
                syntax::parse(text).syntax().to_string(),
                *text,
                "{} does not round-trip",
                path.display()
            );
        }
        if !wit_parser_accepts(sources) {
            continue;
        }
        accepted += 1;
        for (path, text) in sources {
            for error in syntax::parse(text).errors() {
                failures.push(format!(
                    "{}:{:?}: {}",
                    path.display(),
                    error.range,
                    error.message
                ));
            }
        }
    }
    (failures, accepted)
}

#[test]
fn wasi_corpus_parses_without_errors_and_round_trips() {
    let files = wit_files(&corpus_dir());
    assert!(
        files.len() > 100,
        "expected the WASI corpus at {} (set WIT_CORPUS), found {} files",
        corpus_dir().display(),
        files.len()
    );
    let packages = packages(files.clone()).len();
    let (failures, accepted) = errors_in_accepted(files);
    assert_eq!(
        accepted, packages,
        "wit-parser should accept every WASI package"
    );
    assert!(
        failures.is_empty(),
        "syntax errors in valid files:\n{}",
        failures.join("\n")
    );
}

/// Samples may be broken on purpose; the ones wit-parser accepts must get
/// no error here.
#[test]
fn samples_that_wit_parser_accepts_have_no_errors() {
    let files = wit_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit-samples"));
    let (failures, _) = errors_in_accepted(files);
    assert!(
        failures.is_empty(),
        "syntax errors in valid samples:\n{}",
        failures.join("\n")
    );
}
