//! `wit-analyzer check` given arguments it cannot use: each is a usage
//! error (exit 2) that names the argument.

mod common;

use std::process::Command;

use common::{assert_stderr_contains, check, stderr, stdout};

/// An empty `--baseline` (an unset variable in a CI script) used to
/// compare against the current directory, all of it.
#[test]
fn an_empty_baseline_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.wit"), "package a:b;\ninterface i {}\n").unwrap();
    for empty in ["", " "] {
        let output = check(dir.path(), &["api.wit", "--baseline", empty]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{empty:?}: {}",
            stderr(&output)
        );
        assert_stderr_contains(
            &output,
            "error: the baseline is empty: name a directory or a git ref",
        );
    }
}

/// The message was serde's: "data did not match any variant of untagged
/// enum DepsTomlEntry".
#[test]
fn a_deps_toml_entry_of_the_wrong_type_says_what_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let wit = dir.path().join("wit");
    std::fs::create_dir(&wit).unwrap();
    std::fs::write(wit.join("api.wit"), "package a:b;\ninterface i {}\n").unwrap();
    std::fs::write(wit.join("deps.toml"), "io = 42\n").unwrap();
    let output = check(dir.path(), &["--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "::error file=wit/deps.toml,line=1,col=6,endLine=1,endColumn=8,title=wit%3A%3Ainvalid-manifest::\
         invalid TOML: a path string, or a table such as `{ path = \"../dep/wit\" }`\n"
    );
}

/// A FIFO never ends; reading it used to hang `check` for ever.
#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_wit_file_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.wit"), "package a:b;\ninterface i {}\n").unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.wit"))
        .status()
        .unwrap();
    assert!(made.success());
    let output = check(dir.path(), &["--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("file=pipe.wit,line=1,col=1"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("not a regular file"));
}

/// `check 2>&1 | head -1`: once the reader is gone, the rest of the report
/// and the summary have nowhere to go; the exit code still tells.
#[test]
fn a_closed_pipe_for_both_streams_is_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.wit"),
        "package a:b;\ninterface i { f: func(x: strng); }\n",
    )
    .unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = common::command()
        .arg("check")
        .current_dir(dir.path())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .status()
        .unwrap();
    assert_ne!(status.code(), Some(101), "a panic");
    assert!(status.code().is_some(), "killed by a signal: {status}");
}
