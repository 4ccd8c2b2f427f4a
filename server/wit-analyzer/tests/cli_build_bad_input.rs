//! `wit-analyzer build` given a root or a world it cannot use.

mod common;

use std::process::Output;

use common::{assert_stderr_starts_with, stderr};

fn build(cwd: &std::path::Path, args: &[&str]) -> Output {
    common::subcommand(cwd, "build", args)
}

#[test]
fn a_root_that_is_not_a_directory_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "").unwrap();
    for root in ["missing", "notes.txt"] {
        let out = build(dir.path(), &["--root", root]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            format!("error: --root {root}: not a directory\n")
        );
    }
}

#[test]
fn an_empty_world_name_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &[""]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_stderr_starts_with(&out, "error: the world name is empty");
}

/// Without a world there is none to name; the message used to name the
/// placeholder `WORLD` as if the user had asked for it.
#[test]
fn no_guest_and_no_world_names_only_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr(&out);
    assert!(
        stderr.starts_with("error: no guest project under .\nhint:"),
        "{stderr}"
    );
    assert!(stderr.contains("world = \"ns:pkg/world\""), "{stderr}");
}
