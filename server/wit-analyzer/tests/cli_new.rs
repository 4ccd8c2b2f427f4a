//! `wit-analyzer new`: a guest project for a world of the workspace, which
//! `wit-analyzer build` builds and `wit-analyzer run` runs with no edit.
//! (Each language's stubs are tested on a world with every kind of item in
//! `runner/tests/scaffold.rs`.)

mod common;

use common::{command, samples_dir, stderr, stdout};

#[test]
fn a_new_rust_guest_of_the_sample_world_builds_and_runs_and_is_not_written_twice() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("polyglot-rust");
    let new = || {
        command()
            .args(["new", "demo:guest/polyglot", "--lang", "rust", "--root"])
            .arg(samples_dir())
            .arg(&project)
            .output()
            .unwrap()
    };
    let out = new();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), project.display().to_string());
    common::assert_stderr_contains(&out, "next: wit-analyzer build demo:guest/polyglot --root");
    let lib = std::fs::read_to_string(project.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("impl exports::demo::guest::shop::GuestCart for MyCart {"),
        "{lib}"
    );

    let again = new();
    assert_eq!(again.status.code(), Some(1));
    common::assert_stderr_contains(&again, "not writing over existing files");

    let built = command()
        .args(["build", "demo:guest/polyglot", "--root"])
        .arg(&project)
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let artifact = stdout(&built).lines().last().unwrap().to_string();
    let run = command()
        .args(["run", &artifact])
        .args([
            "demo:guest/shop@0.1.0.total([])",
            r#"demo:guest/echo@0.1.0.echo-shape(empty)"#,
            r#"greet("x")"#,
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(
        stdout(&run),
        "ok({cents: 0, currency: \"\"})\ncircle(0)\n\"\"\n"
    );
}

#[test]
fn an_unknown_world_or_language_is_refused() {
    let out = command()
        .args(["new", "demo:guest/nowhere", "--lang", "rust", "--root"])
        .arg(samples_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    common::assert_stderr_contains(&out, "error: no world `demo:guest/nowhere`");
    let out = command()
        .args(["new", "demo:guest/polyglot", "--lang", "cobol"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    common::assert_stderr_contains(&out, "unknown language `cobol`");
}
