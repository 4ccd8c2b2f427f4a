//! `wit-analyzer run` given what it cannot use: each mistake gets a
//! sentence that names it, and no panic.

mod common;

use std::process::Output;

use common::{assert_stderr_contains, stderr};

fn run(dir: &tempfile::TempDir, args: &[&str]) -> Output {
    common::command()
        .arg("run")
        .args(args)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .output()
        .expect("wit-analyzer starts")
}

fn with_file(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    dir
}

#[test]
fn a_timeout_too_long_to_represent_is_a_usage_error() {
    let dir = with_file("guest.wasm", &common::wat_component());
    let out = run(
        &dir,
        &[
            "--timeout",
            "99999999999999999999s",
            "guest.wasm",
            "echo-u8(1)",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_stderr_contains(&out, "`99999999999999999999s` is too long a timeout");
}

/// Representable, but past what the clock can add to now.
#[test]
fn a_timeout_beyond_the_clock_just_never_comes() {
    let dir = with_file("guest.wasm", &common::wat_component());
    let out = run(
        &dir,
        &[
            "--timeout",
            "10000000000000000000s",
            "guest.wasm",
            "echo-u8(7)",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(common::stdout(&out), "7\n");
}

#[test]
fn an_empty_call_says_what_a_call_looks_like() {
    let dir = with_file("guest.wasm", &common::wat_component());
    for call in ["", "   "] {
        let out = run(&dir, &["guest.wasm", call]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("expected a function name, as in `greet(\"world\")`"),
            "{call:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn an_environment_variable_needs_a_name() {
    let dir = with_file("guest.wasm", &common::wat_component());
    let out = run(&dir, &["--env", "=value", "guest.wasm", "echo-u8(1)"]);
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_contains(&out, "`=value` has no variable name");
}

#[test]
fn a_core_module_is_told_apart_from_a_component() {
    let dir = with_file("core.wasm", b"\0asm\x01\0\0\0");
    let out = run(&dir, &["core.wasm", "f()"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = stderr(&out);
    assert!(
        stderr.contains("core.wasm: this is a core WebAssembly module, not a component"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_webassembly_is_named_in_one_line() {
    let dir = with_file("api.wit", b"package a:b;\n");
    let out = run(&dir, &["--list", "api.wit"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: cannot load the component: api.wit: not a WebAssembly component: \
         it starts neither with the bytes `\\0asm` (binary) nor with `(` (text)\n"
    );
}

/// The help says "binary or text format"; text must work.
#[test]
fn a_component_in_text_format_runs_and_its_mistakes_have_a_place() {
    let dir = with_file("empty.wat", b"(component)\n");
    let out = run(&dir, &["--list", "empty.wat"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "empty.wat: the component exports no functions\n"
    );

    let dir = with_file("bad.wat", b"(component\n  (oops))\n");
    let out = run(&dir, &["--list", "bad.wat"]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "bad.wat:2:4");
}

#[test]
fn a_tiny_memory_limit_prints_in_bytes() {
    let dir = with_file("guest.wasm", &common::wat_component());
    let out = run(&dir, &["--max-memory", "1", "guest.wasm", "echo-u8(1)"]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "but the limit is 1 byte ");
}

#[test]
fn a_device_a_fifo_or_a_huge_file_is_refused_not_read_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&dir, &["/dev/zero", "f()"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_contains(&out, "/dev/zero: not a regular file");

    let fifo = dir.path().join("guest.wasm");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let out = run(&dir, &["guest.wasm", "f()"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_contains(&out, "not a regular file");

    // Sparse: 65 MiB that take no disk.
    let huge = dir.path().join("huge.wasm");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let out = run(&dir, &["huge.wasm", "f()"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_contains(&out, "65 MiB is more than the 64 MiB a component may have");
}

/// A component whose compiling takes seconds: 40 functions of 4,000 adds.
fn slow_to_compile() -> String {
    let body: String = (0..4000)
        .map(|i| format!("local.get 0 i32.const {i} i32.add local.set 0\n"))
        .collect();
    let funcs: String = (0..40)
        .map(|f| format!("(func $f{f} (param i32) (result i32) (local i32) {body} local.get 0)\n"))
        .collect();
    format!(
        "(component (core module $m {funcs} (func (export \"seven\") (result i32) i32.const 7)) (core instance $i (instantiate $m)) (func (export \"seven\") (result u32) (canon lift (core func $i \"seven\"))))"
    )
}

#[test]
fn the_timeout_covers_compiling() {
    let dir = with_file("slow.wat", slow_to_compile().as_bytes());
    let start = std::time::Instant::now();
    let out = run(
        &dir,
        &["--no-cache", "--timeout", "300ms", "slow.wat", "seven()"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_contains(
        &out,
        "slow.wat: the run did not finish within 300ms (raise it with --timeout)",
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(3),
        "took {:?}",
        start.elapsed()
    );
}
