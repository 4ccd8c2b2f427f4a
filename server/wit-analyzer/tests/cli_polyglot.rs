//! One contract, three languages: the Rust guest (world `demo:guest/guest`)
//! and the JavaScript and Python samples (world `demo:guest/polyglot`, the
//! shared part of it) built with `wit-analyzer build` and called with the
//! same WAVE arguments through `wit-analyzer run`, which must print the same
//! results. The toolchains come from the samples' own `node_modules` and
//! `.venv`, which the test command installs (npm ci, pip).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{command, samples_dir, stderr, stdout};

/// Compiling the 12 MB JavaScript and 18 MB Python components takes a
/// while on two cores; the run's timeout covers it.
const TIMEOUT: &str = "300s";

const ECHO: &str = "demo:guest/echo@0.1.0";
const SHOP: &str = "demo:guest/shop@0.1.0";

/// Calls every guest answers alike, in one instance: the cart handle the
/// constructor returns is 1 in all three.
fn shared_calls() -> Vec<String> {
    let item = |name: &str, cents: u64, currency: &str, quantity: u32| {
        format!(
            "{{name: \"{name}\", price: {{cents: {cents}, currency: \"{currency}\"}}, quantity: {quantity}}}"
        )
    };
    let mut calls: Vec<String> = [
        ("echo-bool", "(true)"),
        ("echo-s8", "(-128)"),
        ("echo-u8", "(255)"),
        ("echo-s16", "(-32768)"),
        ("echo-u16", "(65535)"),
        ("echo-s32", "(-2147483648)"),
        // Not 2^31 or more: see `componentize_js_0_23_gets_wrong`.
        ("echo-u32", "(2147483647)"),
        ("echo-s64", "(9223372036854775807)"),
        ("echo-s64", "(0)"),
        ("echo-u64", "(18446744073709551615)"),
        ("echo-f32", "(1.5)"),
        ("echo-f64", "(0.1)"),
        ("echo-char", "('ß')"),
        ("echo-string", r#"("héllo, wörld ✓")"#),
        ("echo-bytes", "([0, 1, 254, 255])"),
        ("echo-strings", r#"(["a", "", "c"])"#),
        ("echo-point", r#"({x: -1, y: 2, label: "p"})"#),
        (
            "echo-points",
            r#"([{x: 1, y: 2, label: "a"}, {x: 3, y: 4, label: "b"}])"#,
        ),
        ("echo-tuple", r#"((7, "seven", false))"#),
        ("echo-shape", "(circle(2.5))"),
        ("echo-shape", r#"(rect({x: 0, y: 0, label: "r"}))"#),
        ("echo-shape", "(empty)"),
        ("echo-color", "(green)"),
        ("echo-perms", "({read, exec})"),
        ("echo-option", r#"(some("x"))"#),
        ("echo-option", "(none)"),
        ("echo-result", "(ok(42))"),
        ("echo-result", r#"(err("no"))"#),
    ]
    .iter()
    .map(|(func, args)| format!("{ECHO}.{func}{args}"))
    .collect();
    calls.extend([
        format!("{SHOP}.total([])"),
        format!(
            "{SHOP}.total([{}, {}])",
            item("tea", 250, "EUR", 2),
            item("cake", 400, "EUR", 1)
        ),
        format!(
            "{SHOP}.total([{}, {}])",
            item("tea", 250, "EUR", 2),
            item("pie", 1, "USD", 1)
        ),
        format!("{SHOP}.[constructor]cart(\"EUR\")"),
        format!("{SHOP}.[method]cart.add(1, {})", item("tea", 250, "EUR", 3)),
        format!("{SHOP}.[method]cart.add(1, {})", item("jam", 99, "EUR", 1)),
        format!("{SHOP}.[method]cart.total(1)"),
        r#"greet("world")"#.to_string(),
    ]);
    calls
}

/// `wit-analyzer build WORLD --lang LANG --root wit-samples`: the artifact.
fn build(world: &str, lang: &str) -> PathBuf {
    let out = command()
        .args(["build", world, "--lang", lang, "--root"])
        .arg(samples_dir())
        .output()
        .expect("wit-analyzer starts");
    for line in stderr(&out).lines() {
        eprintln!("[{lang} build] {line}");
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "the {lang} guest builds:\n{}",
        stderr(&out)
    );
    let artifact = stdout(&out)
        .lines()
        .last()
        .map(|line| std::path::absolute(line).unwrap())
        .expect("build prints the artifact");
    assert!(artifact.is_file(), "{} is not a file", artifact.display());
    artifact
}

fn js_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build("demo:guest/polyglot", "js"))
        .clone()
}

fn python_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build("demo:guest/polyglot", "python"))
        .clone()
}

fn run(component: &Path, extra: &[&str], calls: &[String]) -> Output {
    command()
        .args(["run", "--timeout", TIMEOUT])
        .args(extra)
        .arg(component)
        .args(calls)
        .output()
        .expect("wit-analyzer starts")
}

#[test]
fn the_same_calls_give_the_same_results_in_rust_javascript_and_python() {
    let calls = shared_calls();
    let guests = [
        ("Rust", common::rust_guest()),
        ("JavaScript", js_guest()),
        ("Python", python_guest()),
    ];
    let mut printed = Vec::new();
    for (language, component) in &guests {
        let out = run(component, &[], &calls);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{language}: {}\n{}",
            stdout(&out),
            stderr(&out)
        );
        printed.push((language, stdout(&out)));
    }
    let (_, rust) = &printed[0];
    // One result a call, and the line greet prints before its own.
    assert_eq!(rust.lines().count(), calls.len() + 1, "{rust}");
    for (language, text) in &printed[1..] {
        for (i, (theirs, ours)) in text.lines().zip(rust.lines()).enumerate() {
            assert_eq!(
                theirs,
                ours,
                "{language} differs from Rust at line {} ({})",
                i + 1,
                calls.get(i).map_or("greet's output", String::as_str)
            );
        }
        assert_eq!(text, rust, "{language} prints what Rust prints");
    }
}

#[test]
fn a_guest_that_throws_or_raises_traps_like_a_rust_panic() {
    let crash = vec!["demo:guest/misbehave@0.1.0.crash()".to_string()];
    let guests = [
        ("Rust", common::rust_guest(), "crash was asked to panic"),
        ("JavaScript", js_guest(), "crash was asked to throw"),
        ("Python", python_guest(), "crash was asked to raise"),
    ];
    for (language, component, message) in guests {
        let out = run(&component, &[], &crash);
        assert_eq!(out.status.code(), Some(1), "{language}: {}", stderr(&out));
        let stderr = stderr(&out);
        assert!(
            stderr.contains("the guest trapped") && stderr.contains(message),
            "{language}: {stderr}"
        );
    }
    // A JavaScript or Python guest that allocates without end meets the
    // same memory limit as the Rust one.
    let hog = vec!["demo:guest/misbehave@0.1.0.hog()".to_string()];
    for (language, component) in [("JavaScript", js_guest()), ("Python", python_guest())] {
        let out = run(&component, &["--max-memory", "512MiB"], &hog);
        assert_eq!(out.status.code(), Some(1), "{language}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("but the limit is 512.0 MiB"),
            "{language}: {}",
            stderr(&out)
        );
    }
}

/// Where componentize-js 0.23 is wrong and Rust and Python are right: a
/// `u32` of 2^31 or more comes back changed (3000000000 as 3221225472), and
/// a negative `s64` traps in the engine. This test fails once a release
/// fixes either, to move the values into the shared calls.
#[test]
fn componentize_js_0_23_gets_wrong() {
    let cases = [
        (format!("{ECHO}.echo-u32(3000000000)"), "3000000000\n"),
        (format!("{ECHO}.echo-u32(4294967295)"), "4294967295\n"),
        (format!("{ECHO}.echo-s64(-1)"), "-1\n"),
    ];
    for (call, right) in &cases {
        let call = vec![call.clone()];
        for (language, component) in [("Rust", common::rust_guest()), ("Python", python_guest())] {
            let out = run(&component, &[], &call);
            assert_eq!(
                stdout(&out),
                *right,
                "{language} {call:?}: {}",
                stderr(&out)
            );
        }
        let out = run(&js_guest(), &[], &call);
        assert_ne!(stdout(&out), *right, "JavaScript {call:?} is right now");
    }
    let out = run(&js_guest(), &[], &[format!("{ECHO}.echo-s64(-1)")]);
    assert!(
        stderr(&out).contains("the guest trapped"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn list_names_each_guest_with_its_language_world_and_command() {
    let out = command()
        .args(["build", "--list", "--root"])
        .arg(samples_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listed = stdout(&out);
    let row = |dir: &str| -> Vec<String> {
        let line = listed
            .lines()
            .find(|l| l.split_whitespace().nth(2) == Some(dir))
            .unwrap_or_else(|| panic!("{dir} is listed:\n{listed}"));
        line.split_whitespace().map(str::to_string).collect()
    };
    assert_eq!(
        row("guest-rust")[..3],
        ["demo:guest/guest", "Rust", "guest-rust"]
    );
    let js = row("guest-js");
    assert_eq!(js[..3], ["demo:guest/polyglot", "JavaScript", "guest-js"]);
    assert_eq!(
        js[3..].join(" "),
        "npm run build (componentize-js from node_modules)"
    );
    let py = row("guest-py");
    assert_eq!(py[..3], ["demo:guest/polyglot", "Python", "guest-py"]);
    assert!(
        py[3].ends_with("guest-py/.venv/bin/componentize-py"),
        "the sample's own venv: {}",
        py[3]
    );
    assert_eq!(
        py[4..].join(" "),
        "-d ../guest-rust/wit -w polyglot componentize app -o dist/guest.wasm"
    );

    // Two guests build the world: `build` without --lang names both.
    let out = command()
        .args(["build", "polyglot", "--root"])
        .arg(samples_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    common::assert_stderr_contains(
        &out,
        "several guests build `polyglot`; choose one with --lang: demo:guest/polyglot (JavaScript, guest-js), demo:guest/polyglot (Python, guest-py)",
    );
}

/// A copy of a sample (and of the Rust guest's WIT it builds against) in
/// a temp dir, without its installed toolchain.
fn copy_of_sample(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    test_support::copy_project(&samples_dir().join(name), &dir.path().join(name));
    test_support::copy_project(
        &samples_dir().join("guest-rust/wit"),
        &dir.path().join("guest-rust/wit"),
    );
    dir
}

fn build_in(root: &Path, lang: &str, env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut build = command();
    build
        .args(["build", "polyglot", "--lang", lang, "--root"])
        .arg(root)
        .env_remove("VIRTUAL_ENV");
    for (key, value) in env {
        build.env(key, value);
    }
    build.output().expect("wit-analyzer starts")
}

#[test]
fn a_python_error_at_import_is_reported_at_its_file_and_line() {
    let dir = copy_of_sample("guest-py");
    let shop = dir.path().join("guest-py/shop.py");
    let text = std::fs::read_to_string(&shop).unwrap();
    let broken = text.replacen(
        "from wit_world.exports import shop\n",
        "from wit_world.exports import shop\nimport json\n\nSETTINGS = json.loads(\"{\")\n",
        1,
    );
    std::fs::write(&shop, &broken).unwrap();
    let line = broken
        .lines()
        .position(|l| l.starts_with("SETTINGS"))
        .unwrap()
        + 1;
    // The sample's componentize-py, as an activated virtual environment.
    let venv = samples_dir().join("guest-py/.venv");
    let out = build_in(dir.path(), "python", &[("VIRTUAL_ENV", venv.as_os_str())]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let shop = std::fs::canonicalize(&shop).unwrap();
    common::assert_stderr_contains(
        &out,
        &format!(
            "1 compiler error(s); the first: {}:{line}:1: json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes",
            shop.display()
        ),
    );
}

#[test]
fn a_javascript_syntax_error_is_reported_at_its_file_and_line() {
    let dir = copy_of_sample("guest-js");
    let project = dir.path().join("guest-js");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        samples_dir().join("guest-js/node_modules"),
        project.join("node_modules"),
    )
    .unwrap();
    let source = project.join("src/guest.js");
    let text = std::fs::read_to_string(&source).unwrap();
    let broken = text.replacen("    this.items = [];", "    this.items = [;", 1);
    std::fs::write(&source, &broken).unwrap();
    let line = broken.lines().position(|l| l.contains("[;")).unwrap() + 1;
    let out = build_in(dir.path(), "js", &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    common::assert_stderr_contains(
        &out,
        "wit-analyzer: asking the project's JavaScript parser where the syntax errors are",
    );
    let source = std::fs::canonicalize(&source).unwrap();
    common::assert_stderr_contains(
        &out,
        &format!(
            "1 compiler error(s); the first: {}:{line}:19: SyntaxError: Unexpected token",
            source.display()
        ),
    );
}

#[test]
fn a_missing_componentize_py_is_one_error_with_the_install_command() {
    let dir = copy_of_sample("guest-py");
    let out = build_in(
        dir.path(),
        "python",
        &[("PATH", std::ffi::OsStr::new("/usr/bin:/bin"))],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let stderr = stderr(&out);
    assert!(
        stderr.contains("error: componentize-py is not installed")
            && stderr.contains(
                "run: python3 -m venv .venv && .venv/bin/pip install componentize-py==0.25.1"
            ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// Without node_modules, the build installs the project's toolchain from
/// its lock file first, as a step of its own in the log.
#[test]
fn a_javascript_guest_without_node_modules_installs_them_with_npm_ci() {
    let dir = copy_of_sample("guest-js");
    let out = build_in(dir.path(), "js", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    common::assert_stderr_contains(
        &out,
        "wit-analyzer: node_modules/.bin/componentize-js is missing; installing the project's toolchain: npm ci --no-audit --no-fund",
    );
    assert!(
        dir.path()
            .join("guest-js/node_modules/.bin/componentize-js")
            .exists()
    );
    assert!(dir.path().join("guest-js/dist/guest.wasm").is_file());
}
