//! `wit-analyzer check --baseline`: exit codes and output formats.

mod common;

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use common::wit_analyzer;

fn text(out: &Output) -> String {
    format!("{}{}", common::stdout(out), common::stderr(out))
}

/// Copies a WASI release from the corpus, which must not be touched.
fn wasi(version: &str, into: &Path) -> PathBuf {
    let to = into.join(version);
    test_support::copy_dir(&test_support::wasi_release(version), &to);
    to
}

#[test]
fn wasi_0_2_12_against_0_2_0_has_no_breaking_change() {
    let temp = tempfile::tempdir().unwrap();
    wasi("0.2.0", temp.path());
    wasi("0.2.12", temp.path());
    let out = wit_analyzer(temp.path(), &["check", "--baseline", "0.2.0", "0.2.12"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("wit::breaking::"), "{}", text(&out));
}

#[test]
fn wasi_0_3_0_against_0_2_12_lists_breaking_changes_as_info() {
    let temp = tempfile::tempdir().unwrap();
    wasi("0.2.12", temp.path());
    wasi("0.3.0", temp.path());
    let out = wit_analyzer(temp.path(), &["check", "--baseline", "0.2.12", "0.3.0"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(shown.contains("wit::breaking::package-removed"), "{shown}");
    assert!(shown.contains("wasi:io@0.2.12"), "{shown}");
    assert!(shown.contains("wasi:http@0.2.12 → 0.3.0"), "{shown}");

    let denied = wit_analyzer(
        temp.path(),
        &["check", "--baseline", "0.2.12", "--deny-breaking", "0.3.0"],
    );
    assert_eq!(denied.status.code(), Some(1), "{}", text(&denied));
}

const V1: &str = "package demo:cli@1.0.0;\n\ninterface api {\n    record item {\n        id: u32,\n        name: string,\n    }\n    get: func() -> item;\n}\n";

/// A baseline directory `old/` and a current one `new/` with a field
/// removed in a patch release and a function added.
fn pair(root: &Path) {
    let new = V1
        .replace("1.0.0", "1.0.1")
        .replace("        name: string,\n", "")
        .replace(
            "    get: func() -> item;\n",
            "    get: func() -> item;\n    count: func() -> u32;\n",
        );
    for (dir, text) in [("old", V1.to_string()), ("new", new)] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
        std::fs::write(root.join(dir).join("api.wit"), text).unwrap();
    }
}

#[test]
fn every_format_carries_the_breaking_code_and_the_check_fails() {
    let temp = tempfile::tempdir().unwrap();
    pair(temp.path());
    for format in ["human", "json", "github", "sarif"] {
        let out = wit_analyzer(
            temp.path(),
            &["check", "--format", format, "--baseline", "old", "new"],
        );
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(1), "{format}: {shown}");
        // GitHub annotation titles escape `:` as `%3A`.
        let shown = shown.replace("%3A", ":");
        assert!(
            shown.contains("wit::breaking::field-removed"),
            "{format}: {shown}"
        );
        assert!(
            shown.contains("demo:cli@1.0.0 → 1.0.1"),
            "{format}: {shown}"
        );
        // Compatible additions only with --verbose.
        assert!(
            !shown.contains("wit::breaking::func-added"),
            "{format}: {shown}"
        );
    }
}

#[test]
fn verbose_lists_compatible_additions() {
    let temp = tempfile::tempdir().unwrap();
    pair(temp.path());
    let out = wit_analyzer(
        temp.path(),
        &["check", "--baseline", "old", "--verbose", "new"],
    );
    assert!(
        text(&out).contains("wit::breaking::func-added"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_git_ref_baseline_leaves_the_working_tree_alone() {
    let temp = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(temp.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    std::fs::create_dir(temp.path().join("wit")).unwrap();
    std::fs::write(temp.path().join("wit/api.wit"), V1).unwrap();
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    std::fs::write(
        temp.path().join("wit/api.wit"),
        V1.replace("        name: string,\n", ""),
    )
    .unwrap();
    let before = git(&["status", "--porcelain"]);

    let out = wit_analyzer(temp.path(), &["check", "--baseline", "HEAD", "wit"]);
    let shown = text(&out);
    assert_eq!(out.status.code(), Some(1), "{shown}");
    assert!(shown.contains("wit::breaking::field-removed"), "{shown}");
    assert!(
        shown.contains("wit::breaking::version-bump-needed"),
        "{shown}"
    );
    // The removed field's old place, read from the exported ref.
    assert!(shown.contains("HEAD:wit/api.wit:6:9"), "{shown}");
    assert_eq!(git(&["status", "--porcelain"]), before);
}

#[test]
fn an_unreadable_baseline_is_a_usage_error_that_names_it() {
    let temp = tempfile::tempdir().unwrap();
    pair(temp.path());
    let out = wit_analyzer(temp.path(), &["check", "--baseline", "nowhere", "new"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("baseline `nowhere`"), "{}", text(&out));
}
