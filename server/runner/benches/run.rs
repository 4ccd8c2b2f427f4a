//! Prints how the runner compares with the wasmtime CLI and with a bare
//! `Component::new`, on the same call of the Rust sample guest. Not a test:
//! it measures and reports ratios against the targets of issue 6.
//!
//! `cargo build --release -p wit-analyzer && cargo bench -p runner`. It
//! builds the Rust guest itself and finds the wasmtime CLI as the tests do.
//! (Cargo holds the target dir while the bench runs, so the bench cannot
//! build wit-analyzer itself.)

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use runner::{RunOptions, Runner, RunnerConfig};

const CALL: &str = r#"greet("world")"#;

fn main() {
    let guest = common::rust_guest();
    let wasmtime = common::wasmtime_cli();
    let ours = wit_analyzer_release();
    let cache = tempfile::tempdir().unwrap();
    let options = RunOptions::default();

    // Warm-up runs fill wasmtime's and our own compiled caches. The wasmtime
    // CLI caches compiled code by default; `-C cache=n` is the CLI without it.
    let wasmtime_call = |flags: &[&str]| {
        run_process(
            Command::new(&wasmtime)
                .arg("run")
                .args(flags)
                .args(["--invoke", CALL])
                .arg(&guest),
        )
    };
    wasmtime_call(&[]);
    let wasmtime_cached = median(15, || wasmtime_call(&[]));
    let wasmtime_uncached = median(7, || wasmtime_call(&["-C", "cache=n"]));
    let cached = "`wasmtime run --invoke` (process, its cache warm)";
    let uncached = "`wasmtime run -C cache=n --invoke` (process)";

    let runner = Runner::new(RunnerConfig {
        cache_dir: Some(cache.path().to_path_buf()),
    })
    .unwrap();
    runner.call_file(&guest, CALL, &options).unwrap();
    let in_server = median(300, || {
        runner.call_file(&guest, CALL, &options).unwrap();
    });
    report(
        "repeated Run in the server",
        in_server,
        cached,
        wasmtime_cached,
        "≥ 100×",
    );
    report(
        "repeated Run in the server",
        in_server,
        uncached,
        wasmtime_uncached,
        "≥ 100×",
    );

    let our_cli = || {
        run_process(
            Command::new(&ours)
                .args(["run"])
                .arg(&guest)
                .arg(CALL)
                .env("XDG_CACHE_HOME", cache.path()),
        )
    };
    our_cli();
    let cli_process = median(15, our_cli);
    report(
        "`wit-analyzer run` (process, warm cache)",
        cli_process,
        cached,
        wasmtime_cached,
        "≥ 5×",
    );
    report(
        "`wit-analyzer run` (process, warm cache)",
        cli_process,
        uncached,
        wasmtime_uncached,
        "≥ 5×",
    );

    // A rebuild changes the bytes; a custom section with a counter does too.
    let bytes = std::fs::read(&guest).unwrap();
    let mut rebuild = 0u32;
    let mut next_build = || {
        rebuild += 1;
        with_custom_section(&bytes, &rebuild.to_string())
    };
    // Interleaved, so that load from other processes hits all three alike.
    let default_engine = engine(false);
    let epoch_engine = engine(true);
    let (mut first_run, mut plain_new, mut epoch_new) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..9 {
        first_run.push(time(|| {
            let component = runner.load_bytes(&next_build()).unwrap();
            runner.call(&component, CALL, &options).unwrap();
        }));
        plain_new.push(time(|| {
            wasmtime::component::Component::new(&default_engine, next_build()).unwrap();
        }));
        epoch_new.push(time(|| {
            wasmtime::component::Component::new(&epoch_engine, next_build()).unwrap();
        }));
    }
    let (first_run, plain_new, epoch_new) =
        (middle(first_run), middle(plain_new), middle(epoch_new));
    println!(
        "first Run after a rebuild: {} vs `Component::new` (default config) {} = {:.2}× as long (target ≤ 1.1×)",
        ms(first_run),
        ms(plain_new),
        first_run.as_secs_f64() / plain_new.as_secs_f64()
    );
    println!(
        "first Run after a rebuild: {} vs `Component::new` (with the epoch interruption every Run needs) {} = {:.2}× as long",
        ms(first_run),
        ms(epoch_new),
        first_run.as_secs_f64() / epoch_new.as_secs_f64()
    );
}

/// Wasmtime's defaults less GC (this workspace builds wasmtime without a
/// collector), with or without epoch interruption.
fn engine(epoch_interruption: bool) -> wasmtime::Engine {
    let mut config = wasmtime::Config::new();
    config.gc_support(false);
    config.epoch_interruption(epoch_interruption);
    wasmtime::Engine::new(&config).unwrap()
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn report(what: &str, ours: Duration, baseline: &str, theirs: Duration, target: &str) {
    let ratio = theirs.as_secs_f64() / ours.as_secs_f64();
    println!(
        "{what}: {} vs {baseline} {} = {ratio:.1}× faster (target {target})",
        ms(ours),
        ms(theirs)
    );
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    middle((0..runs).map(|_| time(&mut f)).collect())
}

fn run_process(command: &mut Command) {
    let out = command.output().expect("the process starts");
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The component with one more custom section: new bytes, same code.
fn with_custom_section(component: &[u8], name: &str) -> Vec<u8> {
    let mut payload = Vec::new();
    leb128(&mut payload, name.len() as u32);
    payload.extend_from_slice(name.as_bytes());
    let mut out = component.to_vec();
    out.push(0); // custom section id
    leb128(&mut out, payload.len() as u32);
    out.extend_from_slice(&payload);
    out
}

fn leb128(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// `$WIT_ANALYZER`, else `target/release/wit-analyzer`.
fn wit_analyzer_release() -> PathBuf {
    if let Some(path) = std::env::var_os("WIT_ANALYZER") {
        return path.into();
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo_root().join("target"));
    let binary = target.join("release/wit-analyzer");
    assert!(
        Path::new(&binary).is_file(),
        "{} is missing: run `cargo build --release -p wit-analyzer` first",
        binary.display()
    );
    binary
}
