//! Shared by the CLI tests: the built binary run as a user runs it, its
//! output as text, throwaway workspaces, and the runner's guest fixtures.

#![allow(dead_code)]

use std::{
    fs,
    path::Path,
    process::{Command, Output},
};

// The guests (`wat_component`, `rust_guest`, ...) are the runner's; one
// copy serves both crates' tests.
#[path = "../../../runner/tests/common/mod.rs"]
mod guest;
#[allow(unused_imports)] // Not every test binary runs a guest.
pub use guest::*;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_wit-analyzer");

/// The binary under test, not yet started.
pub fn command() -> Command {
    Command::new(BIN)
}

/// `wit-analyzer <args>` run in `cwd`, to completion.
pub fn wit_analyzer(cwd: &Path, args: &[&str]) -> Output {
    command().current_dir(cwd).args(args).output().expect("wit-analyzer starts")
}

/// `wit-analyzer <subcommand> <args>` run in `cwd`, to completion.
pub fn subcommand(cwd: &Path, subcommand: &str, args: &[&str]) -> Output {
    wit_analyzer(cwd, &[&[subcommand], args].concat())
}

pub fn check(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "check", args)
}

pub fn fmt(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "fmt", args)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(output: &Output) -> String {
    text(&output.stdout)
}

pub fn stderr(output: &Output) -> String {
    text(&output.stderr)
}

/// A temp dir holding `files`, given as (relative path, text).
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Fails, showing the whole of stderr, unless it contains `needle`.
#[track_caller]
pub fn assert_stderr_contains(output: &Output, needle: &str) {
    let stderr = stderr(output);
    assert!(stderr.contains(needle), "want {needle:?} in stderr:\n{stderr}");
}

/// Fails, showing the whole of stderr, unless it starts with `prefix`.
#[track_caller]
pub fn assert_stderr_starts_with(output: &Output, prefix: &str) {
    let stderr = stderr(output);
    assert!(stderr.starts_with(prefix), "want stderr to start with {prefix:?}:\n{stderr}");
}
