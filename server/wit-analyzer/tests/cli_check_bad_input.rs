//! `wit-analyzer check` given arguments it cannot use: each is a usage
//! error (exit 2) that names the argument.

use std::process::{Command, Output};

fn check(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wit-analyzer")).arg("check").args(args).current_dir(dir).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// An empty `--baseline` (an unset variable in a CI script) used to
/// compare against the current directory, all of it.
#[test]
fn an_empty_baseline_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.wit"), "package a:b;\ninterface i {}\n").unwrap();
    for empty in ["", " "] {
        let output = check(dir.path(), &["api.wit", "--baseline", empty]);
        assert_eq!(output.status.code(), Some(2), "{empty:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains("error: the baseline is empty: name a directory or a git ref"),
            "{}",
            stderr(&output)
        );
    }
}
