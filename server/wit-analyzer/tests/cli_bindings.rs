//! `wit-analyzer bindings`: every language for a sample world and for
//! `wasi:http/proxy` (whose dependencies come through `deps.toml`), the
//! output on stdout and in `--out`, the errors, and the generated Rust and C
//! compiled.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const LANGUAGES: [&str; 6] = ["rust", "c", "cpp", "csharp", "go", "moonbit"];

fn guest_wit() -> PathBuf {
    samples_dir().join("guest-rust/wit")
}

fn proxy_wit() -> PathBuf {
    test_support::wasi_release("0.2.12").join("proposals/http/wit")
}

fn bindings(args: &[&str]) -> Output {
    subcommand(&repo_root(), "bindings", args)
}

fn bindings_of(world: &str, lang: &str, root: &Path) -> Output {
    bindings(&[world, "--lang", lang, "--root", root.to_str().unwrap()])
}

/// stdout split at the `// === file: NAME ===` lines.
fn printed_files(output: &Output) -> BTreeMap<String, String> {
    let stdout = stdout(output);
    let mut files = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in stdout.split_inclusive('\n') {
        if let Some(name) = line
            .strip_prefix("// === file: ")
            .and_then(|l| l.trim_end().strip_suffix(" ==="))
        {
            files.extend(current.take());
            current = Some((name.to_string(), String::new()));
        } else {
            let (_, text) = current.as_mut().expect("stdout starts with a file header");
            text.push_str(line);
        }
    }
    files.extend(current);
    files
}

/// Lowercase, without `_`, `-` or `.`: `echo-string`, `echo_string`,
/// `EchoString` and `echoString` all read `echostring`.
fn squashed(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The file extensions each generator must produce.
fn expected_extensions(lang: &str) -> &'static [&'static str] {
    match lang {
        "rust" => &["rs"],
        "c" => &["c", "h", "o"],
        "cpp" => &["cpp", "h", "o"],
        "csharp" => &["cs"],
        "go" => &["go"],
        "moonbit" => &["mbt"],
        other => panic!("no expectations for {other}"),
    }
}

/// Generates `world` in every language and checks that each output has the
/// expected kinds of files, is large, and names every export in `names`.
#[track_caller]
fn assert_every_language(world: &str, root: &Path, names: &[&str], min_bytes: usize) {
    for lang in LANGUAGES {
        let out = bindings_of(world, lang, root);
        assert_eq!(out.status.code(), Some(0), "{lang}: {}", stderr(&out));
        let files = printed_files(&out);
        for ext in expected_extensions(lang) {
            assert!(
                files.keys().any(|name| name.ends_with(&format!(".{ext}"))),
                "{lang}: no .{ext} file among {:?}",
                files.keys().collect::<Vec<_>>()
            );
        }
        let all: String = files.values().map(String::as_str).collect();
        assert!(
            all.len() >= min_bytes,
            "{lang}: only {} bytes of bindings",
            all.len()
        );
        let all = squashed(&all);
        for name in names {
            assert!(
                all.contains(&squashed(name)),
                "{lang}: the bindings never mention `{name}`"
            );
        }
    }
}

#[test]
fn the_sample_guest_world_in_every_language() {
    assert_every_language(
        "demo:guest/guest",
        &guest_wit(),
        &[
            "greet",
            "read-file",
            "write-file",
            "nap",
            "echo-string",
            "echo-points",
            "checkout-error",
            "cart",
            "spin",
        ],
        20_000,
    );
}

#[test]
fn wasi_http_proxy_with_its_deps_toml_dependencies_in_every_language() {
    assert_every_language(
        "wasi:http/proxy",
        &proxy_wit(),
        // Its export, and imports from wasi:http, wasi:io, wasi:clocks and wasi:cli.
        &[
            "incoming-handler",
            "outgoing-request",
            "input-stream",
            "monotonic-clock",
            "stdout",
        ],
        100_000,
    );
}

#[test]
fn a_bare_world_name_and_a_versioned_one_find_the_same_world() {
    let full = bindings_of("demo:guest/guest", "rust", &guest_wit());
    assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
    for spelling in ["guest", "demo:guest/guest@0.1.0", "demo:guest@0.1.0/guest"] {
        let out = bindings_of(spelling, "rust", &guest_wit());
        assert_eq!(out.status.code(), Some(0), "{spelling}: {}", stderr(&out));
        assert_eq!(stdout(&out), stdout(&full), "{spelling}");
    }
    // A world name from the file, not the first world of the package.
    let fixture = printed_files(&bindings_of("fixture", "rust", &guest_wit()));
    assert_eq!(fixture.keys().collect::<Vec<_>>(), ["fixture.rs"]);
    assert!(
        !squashed(&fixture["fixture.rs"]).contains("checkouterror"),
        "fixture does not export the shop"
    );
}

#[test]
fn out_writes_the_printed_files_and_reports_each_path() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("new/bindings");
    for lang in ["c", "moonbit"] {
        let printed = bindings_of("demo:guest/guest", lang, &guest_wit());
        let printed = printed_files(&printed);
        let written = bindings(&[
            "demo:guest/guest",
            "--lang",
            lang,
            "--root",
            guest_wit().to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(
            written.status.code(),
            Some(0),
            "{lang}: {}",
            stderr(&written)
        );
        assert_eq!(
            stdout(&written),
            "",
            "{lang}: --out prints nothing on stdout"
        );
        let reported = stderr(&written);
        for (name, text) in &printed {
            let path = out_dir.join(name);
            assert!(
                reported.contains(&format!("wrote {}", path.canonicalize().unwrap().display())),
                "{lang}: {name} not reported:\n{reported}"
            );
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if name.ends_with(".o") {
                // Binary files are only named on stdout; on disk they are a
                // wasm object holding the component type.
                assert!(text.contains("binary"), "{name}: {text}");
                assert!(bytes.starts_with(b"\0asm"), "{name} is not a wasm object");
            } else if lang == "moonbit" {
                // wit-bindgen-moonbit 0.63 orders some functions as a hash
                // map iterates, which differs from run to run.
                let lines = |text: &str| {
                    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                    lines.sort();
                    lines
                };
                assert_eq!(
                    lines(&String::from_utf8(bytes).unwrap()),
                    lines(text),
                    "{lang}: {name}"
                );
            } else {
                assert_eq!(String::from_utf8(bytes).unwrap(), *text, "{lang}: {name}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn out_never_writes_through_a_link_that_leads_out_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let (out_dir, elsewhere) = (dir.path().join("out"), dir.path().join("elsewhere"));
    fs::create_dir_all(&out_dir).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    // The MoonBit generator writes below `gen/`.
    std::os::unix::fs::symlink(&elsewhere, out_dir.join("gen")).unwrap();
    let out = bindings(&[
        "guest",
        "--lang",
        "moonbit",
        "--root",
        guest_wit().to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_contains(&out, "leads out of");
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "something was written through the link"
    );
}

#[test]
fn an_unknown_world_lists_the_known_ones() {
    let out = bindings_of("demo:guest/gest", "rust", &guest_wit());
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_starts_with(&out, "error: no world `demo:guest/gest`");
    assert_stderr_contains(
        &out,
        "known worlds: demo:guest/fixture@0.1.0, demo:guest/guest@0.1.0, demo:guest/polyglot@0.1.0",
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_bare_name_several_packages_declare_is_refused_with_each_of_them() {
    let out = bindings_of("imports", "c", &test_support::wasi_release("0.2.12"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_stderr_starts_with(&out, "error: `imports` names ");
    assert_stderr_contains(&out, "wasi:cli/imports@0.2.12");
    assert_stderr_contains(&out, "wasi:http/imports@0.2.12");
    // Named in full it is one world, its dependencies found through deps.toml.
    let one = bindings_of(
        "wasi:http/imports@0.2.12",
        "c",
        &test_support::wasi_release("0.2.12"),
    );
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
}

#[test]
fn an_unknown_language_lists_the_languages() {
    let out = bindings_of("guest", "cobol", &guest_wit());
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_starts_with(&out, "error: unknown language `cobol`");
    assert_stderr_contains(&out, "rust, c, cpp, csharp, go, moonbit");
}

#[test]
fn unresolvable_wit_names_the_file_and_line() {
    let cases = [
        (
            "package a:b;\nworld w {\n  import c:d/missing;\n}\n",
            "package 'c:d' not found",
        ),
        (
            "package a:b;\nworld w {\n  import nope;\n}\n",
            "`nope` does not exist",
        ),
        (
            "package a:b;\nworld w {\n  import x: func(;\n}\n",
            "expected",
        ),
    ];
    for (text, message) in cases {
        let ws = workspace(&[("wit/w.wit", text)]);
        let out = bindings_of("a:b/w", "c", &ws.path().join("wit"));
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert_stderr_starts_with(&out, "error: ");
        assert_stderr_contains(&out, message);
        assert_stderr_contains(&out, "w.wit:3:");
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn a_semver_compatible_newer_dependency_satisfies_an_older_reference() {
    // `check` accepts wasi:io@0.2.12 for a reference to 0.2.0; so must this.
    let ws = workspace(&[
        (
            "app/wit/app.wit",
            "package a:app;\nworld app {\n  import wasi:io/poll@0.2.0;\n}\n",
        ),
        ("app/wit/deps.toml", "io = \"../../io\"\n"),
        (
            "io/poll.wit",
            "package wasi:io@0.2.12;\ninterface poll {\n  resource pollable {\n    ready: func() -> bool;\n  }\n}\n",
        ),
    ]);
    let out = bindings_of("a:app/app", "c", &ws.path().join("app/wit"));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        squashed(&stdout(&out)).contains("methodpollableready"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["guest"][..],
        &["--lang", "rust"],
        &["guest", "--lang", "rust", "--root", "/no/such/dir"],
    ] {
        let out = bindings(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

/// The generated Rust of both worlds compiles for wasm32-wasip2 against the
/// wit-bindgen runtime of the same release: the sample guest's own
/// implementation (`wit-samples/guest-rust/src/lib.rs`) with the file in
/// place of its `generate!`, and `wasi:http/proxy` in a module beside it.
#[test]
fn generated_rust_compiles_for_wasm32_wasip2() {
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path();
    for (world, root) in [
        ("demo:guest/guest", guest_wit()),
        ("wasi:http/proxy", proxy_wit()),
    ] {
        let gen_dir = krate.join("gen");
        let out = bindings(&[
            world,
            "--lang",
            "rust",
            "--root",
            root.to_str().unwrap(),
            "--out",
            gen_dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{world}: {}", stderr(&out));
    }
    let guest = fs::read_to_string(samples_dir().join("guest-rust/src/lib.rs")).unwrap();
    let start = guest
        .find("wit_bindgen::generate!(")
        .expect("the sample guest calls generate!");
    let end = start + guest[start..].find("});").expect("generate! ends") + "});".len();
    let lib = format!(
        "{}include!(\"../gen/guest.rs\");\n\nmod proxy {{\n    include!(\"../gen/proxy.rs\");\n}}{}",
        &guest[..start],
        &guest[end..]
    );
    fs::create_dir_all(krate.join("src")).unwrap();
    fs::write(krate.join("src/lib.rs"), lib).unwrap();
    // The runtime only: the generated code needs no macro, so the generator
    // is not built a second time as a proc-macro.
    fs::write(
        krate.join("Cargo.toml"),
        r#"[package]
name = "bindings-check"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
wit-bindgen = { version = "=0.63.0", default-features = false, features = ["realloc", "std", "bitflags"] }

[workspace]
"#,
    )
    .unwrap();
    // The repository's toolchain, which has the wasm32-wasip2 target.
    fs::copy(
        repo_root().join("rust-toolchain.toml"),
        krate.join("rust-toolchain.toml"),
    )
    .unwrap();
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bindings-rust-check");
    let check = Command::new("cargo")
        .current_dir(krate)
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("CARGO_TARGET_DIR")
        .args([
            "check",
            "--target",
            "wasm32-wasip2",
            "--message-format",
            "short",
            "--target-dir",
        ])
        .arg(&target_dir)
        .output()
        .expect("cargo starts");
    assert!(
        check.status.success(),
        "the generated Rust does not compile:\n{}",
        stderr(&check)
    );
}

/// The generated C of both worlds passes `gcc -fsyntax-only` with its
/// header beside it (the wasm import/export attributes gcc does not know
/// are only warnings).
#[test]
fn generated_c_passes_a_syntax_check() {
    let dir = tempfile::tempdir().unwrap();
    for (world, root, file) in [
        ("demo:guest/guest", guest_wit(), "guest.c"),
        ("wasi:http/proxy", proxy_wit(), "proxy.c"),
    ] {
        let out_dir = dir.path().join(file.trim_end_matches(".c"));
        let out = bindings(&[
            world,
            "--lang",
            "c",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{world}: {}", stderr(&out));
        let gcc = Command::new("gcc")
            .args(["-fsyntax-only", "-std=c11", "-Wno-attributes", "-I"])
            .arg(&out_dir)
            .arg(out_dir.join(file))
            .output()
            .expect("gcc starts");
        assert!(
            gcc.status.success(),
            "{world}: gcc rejects {file}:\n{}",
            stderr(&gcc)
        );
    }
}
