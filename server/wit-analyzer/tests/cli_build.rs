//! `wit-analyzer build` as a user runs it, on real and deliberately broken
//! projects.

mod common;

use std::path::Path;
use std::process::Output;

use common::{assert_stderr_contains, text};

fn build(root: &Path, args: &[&str]) -> Output {
    build_with_path(root, args, None)
}

fn build_with_path(root: &Path, args: &[&str], path: Option<String>) -> Output {
    let mut command = common::command();
    command.arg("build").arg("--root").arg(root).args(args);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    command.output().expect("wit-analyzer starts")
}

/// A project whose `wit-analyzer.toml` "builds" by copying the WAT fixture,
/// checked against the sample WIT.
fn command_project(world: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("prebuilt.wasm"), common::wat_component()).unwrap();
    let wit = common::guest_dir().join("wit");
    std::fs::write(
        dir.path().join("wit-analyzer.toml"),
        format!(
            "[[build]]\nworld = \"{world}\"\ncommand = [\"cp\", \"prebuilt.wasm\", \"out.wasm\"]\noutput = \"out.wasm\"\nwit = \"{}\"\n",
            wit.display()
        ),
    )
    .unwrap();
    dir
}

#[test]
fn builds_the_rust_sample_and_prints_the_artifact() {
    let out = build(&common::samples_dir(), &["demo:guest/guest"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let artifact = text(&out.stdout);
    assert!(
        artifact
            .trim_end()
            .ends_with("wasm32-wasip2/release/demo_guest.wasm"),
        "{artifact}"
    );
    assert!(Path::new(artifact.trim_end()).is_file());
    assert!(
        stderr.contains("exports: greet, read-file, write-file, nap, demo:guest/echo@0.1.0, demo:guest/shop@0.1.0, demo:guest/misbehave@0.1.0"),
        "{stderr}"
    );
    assert!(stderr.contains("imports: wasi:"), "{stderr}");
}

#[test]
fn a_configured_command_builds_and_is_checked_against_the_world() {
    let project = command_project("demo:guest/fixture");
    let out = build(project.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).trim_end().ends_with("out.wasm"));
    assert_stderr_contains(
        &out,
        "exports: demo:guest/echo@0.1.0, demo:guest/misbehave@0.1.0",
    );
}

#[test]
fn an_artifact_that_misses_exports_is_refused() {
    let project = command_project("demo:guest/guest");
    let out = build(project.path(), &["guest"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("does not implement world `demo:guest/guest`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "lacks the export(s) greet, read-file, write-file, nap, demo:guest/shop@0.1.0"
        ),
        "{stderr}"
    );
}

#[test]
fn no_guest_project_says_how_to_add_one() {
    let empty = tempfile::tempdir().unwrap();
    let out = build(empty.path(), &["acme:app/app"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no guest project under"), "{stderr}");
    assert!(
        stderr.contains("wit_bindgen::generate!") && stderr.contains("[[build]]"),
        "{stderr}"
    );
}

#[test]
fn a_bad_config_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("wit-analyzer.toml"),
        "[[build]]\nworld = 3\n",
    )
    .unwrap();
    let out = build(dir.path(), &["x"]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "wit-analyzer.toml");
}

/// A crate that names a world in a `generate!` call (in a comment, so it
/// needs no dependencies and fails fast) and has a type error.
fn broken_crate() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"broken-guest\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\ncrate-type = [\"cdylib\"]\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        "// wit_bindgen::generate!({ world: \"demo:broken/app\" });\n\npub fn answer() -> u32 {\n    \"forty-two\"\n}\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_failing_build_reports_the_compiler_error_and_its_place() {
    let project = broken_crate();
    let out = build(project.path(), &["demo:broken/app"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("the build failed"), "{stderr}");
    let expected = format!(
        "{}:4:5: E0308: mismatched types",
        project.path().join("src/lib.rs").display()
    );
    assert!(
        stderr.contains(&expected),
        "want `{expected}` in:\n{stderr}"
    );
}

#[test]
fn a_missing_wasip2_target_names_the_rustup_command() {
    // A `rustc` whose sysroot has no wasm32-wasip2 standard library.
    let project = broken_crate();
    let bin = tempfile::tempdir().unwrap();
    let sysroot = bin.path().join("sysroot");
    std::fs::create_dir_all(sysroot.join("lib/rustlib/x86_64-unknown-linux-gnu")).unwrap();
    let rustc = bin.path().join("rustc");
    std::fs::write(&rustc, format!("#!/bin/sh\necho {}\n", sysroot.display())).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&rustc, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let out = build_with_path(project.path(), &["demo:broken/app"], Some(path));
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "rustup target add wasm32-wasip2");
}
