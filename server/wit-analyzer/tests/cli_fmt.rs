//! `wit-analyzer fmt`, run as a user would run it.

mod common;

use std::{fs, path::Path};

use common::{assert_stderr_contains, fmt, stderr, stdout};

const UGLY: &str = "package a:b;\ninterface i{f:func(a:u32)->string;}\n";
const PRETTY: &str = "package a:b;\n\ninterface i {\n  f: func(a: u32) -> string;\n}\n";
const BROKEN: &str = "package a:b;\ninterface i {\n  f: func()\n}\n";

#[test]
fn rewrites_files_in_place_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ugly.wit"), UGLY).unwrap();
    fs::write(dir.path().join("pretty.wit"), PRETTY).unwrap();
    let output = fmt(dir.path(), &["ugly.wit", "pretty.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(dir.path().join("ugly.wit")).unwrap(), PRETTY);
    assert_eq!(fs::read_to_string(dir.path().join("pretty.wit")).unwrap(), PRETTY);
    assert_stderr_contains(&output, "reformatted 1 of 2 file(s)");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 2, "a temporary file was left behind");
}

#[test]
fn check_lists_files_that_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("wit")).unwrap();
    fs::write(dir.path().join("wit/ugly.wit"), UGLY).unwrap();
    fs::write(dir.path().join("wit/pretty.wit"), PRETTY).unwrap();
    let output = fmt(dir.path(), &["--check", "wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).trim(), Path::new("wit").join("ugly.wit").display().to_string());
    assert_eq!(fs::read_to_string(dir.path().join("wit/ugly.wit")).unwrap(), UGLY);

    fs::write(dir.path().join("wit/ugly.wit"), PRETTY).unwrap();
    let output = fmt(dir.path(), &["--check", "wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn directories_skip_what_check_skips_but_named_files_are_formatted() {
    let dir = tempfile::tempdir().unwrap();
    for sub in [".git", "target", "node_modules", "wit/deps/vendored", "generated", "wit"] {
        fs::create_dir_all(dir.path().join(sub)).unwrap();
        fs::write(dir.path().join(sub).join("x.wit"), UGLY).unwrap();
    }
    fs::write(dir.path().join(".gitignore"), "generated/\n").unwrap();
    fs::write(dir.path().join("notes.txt"), UGLY).unwrap();
    let output = fmt(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(dir.path().join("wit/x.wit")).unwrap(), PRETTY);
    let untouched = [".git/x.wit", "target/x.wit", "node_modules/x.wit", "wit/deps/vendored/x.wit", "generated/x.wit", "notes.txt"];
    for path in untouched {
        assert_eq!(fs::read_to_string(dir.path().join(path)).unwrap(), UGLY, "{path} was touched");
    }

    // Vendored WIT is someone else's, but naming it says otherwise.
    let output = fmt(dir.path(), &["wit/deps/vendored/x.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(dir.path().join("wit/deps/vendored/x.wit")).unwrap(), PRETTY);
}

#[test]
fn files_with_syntax_errors_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.wit"), BROKEN).unwrap();
    fs::write(dir.path().join("ugly.wit"), UGLY).unwrap();
    let output = fmt(dir.path(), &["broken.wit", "ugly.wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_contains(&output, "broken.wit:4:1: expected `;`, found `}`");
    assert_eq!(fs::read_to_string(dir.path().join("broken.wit")).unwrap(), BROKEN);
    assert_eq!(fs::read_to_string(dir.path().join("ugly.wit")).unwrap(), PRETTY, "good files are still formatted");
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = fmt(dir.path(), &["nope.wit"]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_contains(&output, "nope.wit: no such file or directory");
}
