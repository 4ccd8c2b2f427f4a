//! `wit-analyzer fmt` given what it cannot format: every refusal names the
//! file (and the place, when there is one), and nothing panics.

mod common;

use std::{
    fs,
    process::{Command, Stdio},
};

use common::{assert_stderr_contains, assert_stderr_starts_with, fmt, stderr};

const UGLY: &str = "package a:b;\ninterface i{f:func(a:u32)->string;}\n";

/// `fmt --check | head -1`: the reader goes away and the listing stops,
/// but the verdict still comes.
#[test]
fn a_closed_stdout_ends_the_listing_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ugly.wit"), UGLY).unwrap();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = common::command()
        .args(["fmt", "--check"])
        .current_dir(dir.path())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    // `fmt --check 2>&1 | head -1`: the summary has nowhere to go either.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = common::command()
        .args(["fmt", "--check"])
        .current_dir(dir.path())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn a_named_file_that_is_not_wit_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), UGLY).unwrap();
    let output = fmt(dir.path(), &["notes.txt"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_starts_with(&output, "error: notes.txt: not a `.wit` file\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        UGLY
    );
}

#[test]
fn a_directory_without_wit_files_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("docs")).unwrap();
    let output = fmt(dir.path(), &["docs"]);
    assert_eq!(output.status.code(), Some(0));
    assert_stderr_starts_with(&output, "warning: docs: no `.wit` files found here");
}

#[test]
fn a_file_that_is_not_utf8_names_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("latin1.wit"), b"package a:b;\n// caf\xe9\n").unwrap();
    let output = fmt(dir.path(), &["latin1.wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_starts_with(
        &output,
        "error: latin1.wit:2:7: not valid UTF-8; WIT files must be UTF-8 text\n",
    );
}

/// `check` refuses files over the size limit; `fmt` must not rewrite them.
#[test]
fn a_file_too_large_to_check_is_not_formatted() {
    let dir = tempfile::tempdir().unwrap();
    let limit = analysis::workspace::MAX_FILE_BYTES as usize;
    let huge = format!("package a:b;\n{}", " ".repeat(limit));
    fs::write(dir.path().join("huge.wit"), &huge).unwrap();
    let output = fmt(dir.path(), &["huge.wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_contains(&output, "huge.wit: file is too large to analyse");
    assert_eq!(
        fs::metadata(dir.path().join("huge.wit")).unwrap().len() as usize,
        huge.len()
    );
}

/// Renaming the formatted text over the link would replace the link with
/// a copy and leave the real file as it was.
#[cfg(unix)]
#[test]
fn a_symbolic_link_stays_a_link_and_its_target_is_formatted() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("real")).unwrap();
    fs::write(dir.path().join("real/api.wit"), UGLY).unwrap();
    std::os::unix::fs::symlink("real/api.wit", dir.path().join("link.wit")).unwrap();
    let output = fmt(dir.path(), &["link.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(dir.path().join("link.wit"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(
        fs::read_to_string(dir.path().join("real/api.wit")).unwrap(),
        UGLY
    );
}

/// A FIFO never ends; reading it would hang the command.
#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_wit_file_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.wit"))
        .status()
        .unwrap();
    assert!(made.success());
    let output = fmt(dir.path(), &["pipe.wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_starts_with(&output, "error: pipe.wit: not a regular file\n");
}
