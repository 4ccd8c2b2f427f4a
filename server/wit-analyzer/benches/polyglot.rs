//! The comparison users make when they choose a language for a component:
//! the same exports built from the same WIT in Rust (wit-samples/guest-rust),
//! JavaScript (guest-js, componentize-js) and Python (guest-py,
//! componentize-py), side by side: the component's size, and the first call
//! split into compiling it (wasmtime, no cache), instantiating it and the
//! call itself, then a warm call (a fresh instance of the compiled component
//! each time, as every `run` gets). Rust is the named baseline; each figure
//! of the others is also given as a ratio to Rust's. Not a test.
//!
//! Run: `cargo bench -p wit-analyzer --bench polyglot`. It builds the three
//! guests with `wit-analyzer build` (the JavaScript and Python toolchains
//! from the samples' node_modules and .venv, which `tests/run-all.sh`
//! installs).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use runner::{RunOptions, Runner, RunnerConfig};

const CALLS: &[&str] = &[
    r#"greet("world")"#,
    r#"demo:guest/shop@0.1.0.total([{name: "tea", price: {cents: 250, currency: "EUR"}, quantity: 2}])"#,
];
/// Compiles of each component; the median is reported.
const COMPILES: usize = 3;
const WARM_CALLS: usize = 30;

struct Measured {
    language: &'static str,
    size: u64,
    compile: Duration,
    instantiate: Duration,
    first_call: Duration,
    warm: Duration,
}

fn main() {
    let guests = [
        ("Rust", common::rust_guest()),
        ("JavaScript", build("js")),
        ("Python", build("python")),
    ];
    let options = RunOptions {
        timeout: Duration::from_secs(600),
        ..RunOptions::default()
    };
    for call in CALLS {
        let measured: Vec<Measured> = guests
            .iter()
            .map(|(language, path)| measure(language, path, call, &options))
            .collect();
        report(call, &measured);
    }
}

/// `wit-analyzer build demo:guest/polyglot --lang LANG`: the artifact.
fn build(lang: &str) -> PathBuf {
    let out = common::command()
        .args(["build", "demo:guest/polyglot", "--lang", lang, "--root"])
        .arg(common::samples_dir())
        .output()
        .expect("wit-analyzer starts");
    assert!(
        out.status.success(),
        "the {lang} guest builds:\n{}",
        common::stderr(&out)
    );
    let stdout = common::stdout(&out);
    std::path::absolute(stdout.lines().last().expect("build prints the artifact")).unwrap()
}

fn measure(language: &'static str, path: &Path, call: &str, options: &RunOptions) -> Measured {
    let size = std::fs::metadata(path).unwrap().len();
    // A runner without a disk cache compiles every time; a new one per
    // compile forgets the component it loaded before.
    let mut compiles = Vec::new();
    let mut first = None;
    for _ in 0..COMPILES {
        let runner = Runner::new(RunnerConfig { cache_dir: None }).unwrap();
        let start = Instant::now();
        let component = runner.load_file(path).unwrap();
        compiles.push(start.elapsed());
        let outcome = runner
            .call(&component, call, options)
            .unwrap_or_else(|e| panic!("{language}: {call}: {e}"));
        first.get_or_insert((runner, component, outcome.timings));
    }
    let (runner, component, timings) = first.expect("compiled at least once");
    let mut warm: Vec<Duration> = (0..WARM_CALLS)
        .map(|_| {
            let start = Instant::now();
            runner.call(&component, call, options).unwrap();
            start.elapsed()
        })
        .collect();
    warm.sort();
    compiles.sort();
    Measured {
        language,
        size,
        compile: compiles[compiles.len() / 2],
        instantiate: timings.instantiate,
        first_call: timings.call,
        warm: warm[warm.len() / 2],
    }
}

fn report(call: &str, measured: &[Measured]) {
    let baseline = &measured[0];
    println!("\n{call}  (baseline: {})", baseline.language);
    println!(
        "{:<11} {:>20} {:>22} {:>22} {:>22} {:>22}",
        "language", "size", "compile", "instantiate", "first call", "warm call (median)"
    );
    let ratio = |ours: f64, base: f64| {
        if base > 0.0 {
            format!("{:>6.1}×", ours / base)
        } else {
            "      -".into()
        }
    };
    let time = |ours: Duration, base: Duration| {
        format!(
            "{:>10.3} ms {}",
            ours.as_secs_f64() * 1000.0,
            ratio(ours.as_secs_f64(), base.as_secs_f64())
        )
    };
    for m in measured {
        println!(
            "{:<11} {:>9.1} KB {} {:>22} {:>22} {:>22} {:>22}",
            m.language,
            m.size as f64 / 1024.0,
            ratio(m.size as f64, baseline.size as f64),
            time(m.compile, baseline.compile),
            time(m.instantiate, baseline.instantiate),
            time(m.first_call, baseline.first_call),
            time(m.warm, baseline.warm),
        );
    }
}
