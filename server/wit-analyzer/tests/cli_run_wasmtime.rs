//! `wit-analyzer run` prints exactly what `wasmtime run --invoke` prints.
//! Needs the wasmtime CLI; see `common::wasmtime_cli`.

mod common;

use std::path::Path;
use std::process::Command;

fn stdout_of(program: &Path, args: &[&str]) -> (String, Option<i32>) {
    let out = Command::new(program)
        .args(args)
        .output()
        .expect("the program starts");
    (common::stdout(&out), out.status.code())
}

#[test]
fn every_echo_case_prints_as_wasmtime_prints_it() {
    let wasmtime = common::wasmtime_cli();
    let ours = Path::new(common::BIN);
    let dir = tempfile::tempdir().unwrap();
    let component = dir.path().join("fixture.wasm");
    std::fs::write(&component, common::wat_component()).unwrap();
    let component = component.to_str().unwrap();

    let mut differences = Vec::new();
    for (call, _) in common::ECHO_CASES {
        let theirs = stdout_of(&wasmtime, &["run", "--invoke", call, component]);
        let mine = stdout_of(ours, &["run", "--no-cache", component, call]);
        if theirs != mine {
            differences.push(format!(
                "{call}: wasmtime {theirs:?}, wit-analyzer {mine:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn guest_stdout_and_the_result_print_as_wasmtime_prints_them() {
    let wasmtime = common::wasmtime_cli();
    let guest = common::rust_guest();
    let guest = guest.to_str().unwrap();
    let theirs = stdout_of(&wasmtime, &["run", "--invoke", r#"greet("wörld")"#, guest]);
    let mine = stdout_of(
        Path::new(common::BIN),
        &["run", "--no-cache", guest, r#"greet("wörld")"#],
    );
    assert_eq!(mine, theirs);
    assert_eq!(mine.0, "greeting wörld\n\"Hello, wörld!\"\n");
}

#[test]
fn an_async_export_prints_as_wasmtime_prints_it() {
    let wasmtime = common::wasmtime_cli();
    let guest = common::async_guest();
    let guest = guest.to_str().unwrap();
    let call = r#"greet("wörld")"#;
    let theirs = stdout_of(
        &wasmtime,
        &[
            "run",
            "-W",
            "component-model-async",
            "--invoke",
            call,
            guest,
        ],
    );
    let mine = stdout_of(Path::new(common::BIN), &["run", "--no-cache", guest, call]);
    assert_eq!(mine, theirs);
    assert_eq!(mine.0, "\"Hello, wörld!\"\n");
}
