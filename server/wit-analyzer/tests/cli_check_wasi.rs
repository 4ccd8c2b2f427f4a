//! Acceptance on WASI's published WIT: every release checks clean, and a
//! typo in two packages is reported in both, at the typo.
//!
//! The corpus is never modified: edits happen in a copy.

mod common;

use std::{
    fs,
    path::{Path, PathBuf},
    process::Output,
};

fn corpus(release: &str) -> PathBuf {
    test_support::wasi_release(release)
}

fn check_json(dir: &Path) -> (Output, serde_json::Value) {
    let output = common::wit_analyzer(dir, &["check", "--format", "json"]);
    let json = serde_json::from_slice(&output.stdout).expect("check prints JSON");
    (output, json)
}

/// The names of the packages `check --format json` reports, as listed.
fn package_names(json: &serde_json::Value) -> Vec<&str> {
    json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect()
}

/// `release` checks clean and holds exactly `wasi:<package>@<release>` for
/// each of `packages` (given sorted).
fn assert_clean(release: &str, packages: &[&str]) {
    let (output, json) = check_json(&corpus(release));
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{release}");
    assert_eq!(output.status.code(), Some(0), "{release}");
    let mut names = package_names(&json);
    names.sort();
    let expected: Vec<String> = packages
        .iter()
        .map(|p| format!("wasi:{p}@{release}"))
        .collect();
    assert_eq!(names, expected, "{release}");
}

#[test]
fn wasi_0_2_0_checks_clean() {
    assert_clean(
        "0.2.0",
        &[
            "cli",
            "clocks",
            "filesystem",
            "http",
            "io",
            "random",
            "sockets",
        ],
    );
}

#[test]
fn wasi_0_2_12_checks_clean_with_its_0_3_drafts() {
    let (output, json) = check_json(&corpus("0.2.12"));
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert_eq!(output.status.code(), Some(0));
    let names = package_names(&json);
    assert_eq!(
        names.iter().filter(|n| n.ends_with("@0.2.12")).count(),
        7,
        "{names:?}"
    );
    assert_eq!(names.len(), 13, "{names:?}");
}

#[test]
fn wasi_0_3_0_checks_clean() {
    assert_clean(
        "0.3.0",
        &["cli", "clocks", "filesystem", "http", "random", "sockets"],
    );
}

#[test]
fn typos_in_http_and_filesystem_are_both_reported_at_the_typo() {
    let copy = tempfile::tempdir().unwrap();
    test_support::copy_dir(&corpus("0.2.12"), copy.path());
    let http = copy.path().join("proposals/http/wit/types.wit");
    let filesystem = copy.path().join("proposals/filesystem/wit/types.wit");
    replace_on_line(&http, 525, "result<input-stream>", "result<inptu-stream>");
    replace_on_line(
        &filesystem,
        365,
        "result<descriptor-flags,",
        "result<descriptor-flgas,",
    );

    let (output, json) = check_json(copy.path());
    assert_eq!(output.status.code(), Some(1));
    let at = |path: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"] == path && d["code"] == "wit::name-not-found")
            .unwrap_or_else(|| panic!("no diagnostic in {path}: {json:#}"))
            .clone()
    };
    let http = at("proposals/http/wit/types.wit");
    assert_eq!(http["message"], "name `inptu-stream` does not exist");
    assert_eq!(
        http["range"],
        serde_json::json!({"start": {"line": 525, "column": 31}, "end": {"line": 525, "column": 43}})
    );
    let filesystem = at("proposals/filesystem/wit/types.wit");
    assert_eq!(
        filesystem["message"],
        "name `descriptor-flgas` does not exist"
    );
    assert_eq!(
        filesystem["range"],
        serde_json::json!({"start": {"line": 365, "column": 37}, "end": {"line": 365, "column": 53}})
    );
}

fn replace_on_line(path: &Path, line: usize, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    assert!(
        lines[line - 1].contains(from),
        "{}:{line} no longer holds {from:?}",
        path.display()
    );
    lines[line - 1] = lines[line - 1].replace(from, to);
    fs::write(path, lines.join("\n")).unwrap();
}
