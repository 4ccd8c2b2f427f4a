//! `wit-analyzer compose`, run as a user runs it: the compose sample's names
//! component plugged into its app (both built with `wit-analyzer build`),
//! with `--plug` and as the sample's WAC document, then run; and inputs that
//! cannot be composed, each refused with the file named.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::{assert_stderr_contains, assert_stderr_starts_with, stderr, stdout, subcommand};

fn compose(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "compose", args)
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "run", &[&["--no-cache"], args].concat())
}

/// The app (world `demo:compose/app`, imports `demo:compose/names`) and the
/// names component (world `demo:compose/names-provider`), built once per
/// test binary.
fn samples() -> &'static (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT.get_or_init(|| {
        (
            common::build_sample("demo:compose/app"),
            common::build_sample("demo:compose/names-provider"),
        )
    })
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[track_caller]
fn assert_success(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
}

/// The imports and exports `wit --json` lists for `component`.
fn surface(component: &Path) -> (Vec<String>, Vec<String>) {
    let output = subcommand(Path::new("."), "wit", &["--json", path_str(component)]);
    assert_success(&output);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let names = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    (names("imports"), names("exports"))
}

#[test]
fn the_names_component_plugged_into_the_app_answers_its_calls() {
    let (app, names) = samples();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("composed.wasm");
    let output = compose(
        dir.path(),
        &[
            path_str(app),
            "--plug",
            path_str(names),
            "-o",
            "composed.wasm",
        ],
    );
    assert_success(&output);
    assert_eq!(stdout(&output), "composed.wasm\n");
    assert_stderr_starts_with(
        &output,
        &format!(
            "plugged {} into demo:compose/names@0.1.0\nwrote composed.wasm (",
            names.display()
        ),
    );
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));

    // The app's import is gone; its exports are the composition's.
    let (app_imports, _) = surface(app);
    assert!(app_imports.contains(&"demo:compose/names@0.1.0".to_string()));
    let (imports, exports) = surface(&out);
    assert!(
        !imports.iter().any(|i| i.starts_with("demo:compose/names")),
        "{imports:?}"
    );
    assert!(
        imports.iter().all(|i| i.starts_with("wasi:")),
        "{imports:?}"
    );
    assert_eq!(exports, ["greet", "greet-all"]);

    // "(from names)" is written only by the names component: the call crossed into it.
    let ran = run(dir.path(), &["composed.wasm", "greet(1)", "greet-all()"]);
    assert_success(&ran);
    assert_eq!(
        stdout(&ran),
        "\"Hello, Grace (from names)!\"\n\
         [\"Hello, Ada (from names)!\", \"Hello, Grace (from names)!\", \"Hello, Edsger (from names)!\"]\n"
    );

    // Alone, the app has no one to ask.
    let alone = run(dir.path(), &[path_str(app), "greet(1)"]);
    assert_eq!(alone.status.code(), Some(1), "{}", stderr(&alone));
    assert_stderr_contains(&alone, "demo:compose/names@0.1.0#lookup");
}

#[test]
fn the_sample_wac_document_composes_from_deps_and_from_dep_flags() {
    let (app, names) = samples();
    let document = common::samples_dir().join("compose/app.wac");

    // Packages named with --dep.
    let dir = tempfile::tempdir().unwrap();
    let output = compose(
        dir.path(),
        &[
            path_str(&document),
            "--dep",
            &format!("demo:names={}", names.display()),
            "--dep",
            &format!("demo:app={}", app.display()),
            "-o",
            "by-flags.wasm",
        ],
    );
    assert_success(&output);
    let ran = run(dir.path(), &["by-flags.wasm", "greet(0)"]);
    assert_success(&ran);
    assert_eq!(stdout(&ran), "\"Hello, Ada (from names)!\"\n");

    // The same document in a folder with deps/demo/{names,app}.wasm beside it.
    fs::copy(&document, dir.path().join("app.wac")).unwrap();
    fs::create_dir_all(dir.path().join("deps/demo")).unwrap();
    fs::copy(names, dir.path().join("deps/demo/names.wasm")).unwrap();
    fs::copy(app, dir.path().join("deps/demo/app.wasm")).unwrap();
    let output = compose(dir.path(), &["app.wac", "-o", "by-deps.wasm"]);
    assert_success(&output);
    assert_eq!(
        surface(&dir.path().join("by-deps.wasm")).1,
        ["greet", "greet-all"]
    );
    let ran = run(dir.path(), &["by-deps.wasm", "greet(2)"]);
    assert_eq!(stdout(&ran), "\"Hello, Edsger (from names)!\"\n");
}

#[test]
fn the_composition_runs_in_wasmtime_as_it_runs_here() {
    let (app, names) = samples();
    let dir = tempfile::tempdir().unwrap();
    assert_success(&compose(
        dir.path(),
        &[
            path_str(app),
            "--plug",
            path_str(names),
            "-o",
            "composed.wasm",
        ],
    ));
    let composed = dir.path().join("composed.wasm");
    let theirs = std::process::Command::new(common::wasmtime_cli())
        .args(["run", "--invoke", "greet(1)"])
        .arg(&composed)
        .output()
        .unwrap();
    assert_success(&theirs);
    let mine = run(dir.path(), &["composed.wasm", "greet(1)"]);
    assert_eq!(stdout(&mine), stdout(&theirs));
}

/// Plugging the app into the names component is backwards: names imports
/// only WASI, which the app does not export.
#[test]
fn a_plug_that_satisfies_nothing_lists_what_each_side_has() {
    let (app, names) = samples();
    let dir = tempfile::tempdir().unwrap();
    let output = compose(
        dir.path(),
        &[path_str(names), "--plug", path_str(app), "-o", "x.wasm"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_stderr_starts_with(
        &output,
        &format!(
            "error: {}: plugs nothing into {}: it exports `greet`, `greet-all`, and {} imports `wasi:io/poll@0.2.12`, ",
            app.display(),
            names.display(),
            names.display()
        ),
    );
    assert!(!dir.path().join("x.wasm").exists());
}

/// A names provider whose `count` returns u64 where the app's import
/// wants u32 (and that has no `lookup`).
const WRONG_NAMES: &str = r#"(component
  (core module $m (func (export "count") (result i64) i64.const 3))
  (core instance $i (instantiate $m))
  (func $count (result u64) (canon lift (core func $i "count")))
  (instance $names (export "count" (func $count)))
  (export "demo:compose/names@0.1.0" (instance $names)))"#;

#[test]
fn a_type_mismatch_names_the_export_and_the_import_and_both_files() {
    let (app, _) = samples();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("wrong.wat"), WRONG_NAMES).unwrap();
    let output = compose(
        dir.path(),
        &[path_str(app), "--plug", "wrong.wat", "-o", "x.wasm"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_stderr_starts_with(
        &output,
        &format!(
            "error: wrong.wat: export `demo:compose/names@0.1.0` does not match the import \
             `demo:compose/names@0.1.0` of {0} (expected: what {0} imports; found: what wrong.wat exports): ",
            app.display()
        ),
    );
}

#[test]
fn inputs_that_are_not_components_are_refused_with_the_file_named() {
    let (app, _) = samples();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("core.wat"), "(module)").unwrap();
    fs::write(dir.path().join("text.wasm"), "hello").unwrap();
    for (plug, why) in [
        ("core.wat", "is a core WebAssembly module"),
        ("text.wasm", "not a WebAssembly component"),
        ("missing.wasm", "cannot read file"),
        (".", "is a directory"),
    ] {
        let output = compose(dir.path(), &[path_str(app), "--plug", plug, "-o", "x.wasm"]);
        assert_eq!(output.status.code(), Some(1), "{plug}: {}", stderr(&output));
        assert_stderr_starts_with(&output, &format!("error: {plug}: "));
        assert_stderr_contains(&output, why);
    }
    let output = compose(
        dir.path(),
        &["missing.wasm", "--plug", path_str(app), "-o", "x.wasm"],
    );
    assert_stderr_starts_with(&output, "error: missing.wasm: ");
}

#[test]
fn wac_errors_are_reported_at_their_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("syntax.wac"),
        "package demo:x;\n\nlet a = new ;\n",
    )
    .unwrap();
    let output = compose(dir.path(), &["syntax.wac", "-o", "x.wasm"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: syntax.wac:3:13: expected package name, found `;`\n"
    );

    fs::write(
        dir.path().join("unknown.wac"),
        "package demo:x;\nlet a = new demo:nowhere { ... };\nexport a.f;\n",
    )
    .unwrap();
    let output = compose(dir.path(), &["unknown.wac", "-o", "x.wasm"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_stderr_starts_with(
        &output,
        "error: unknown.wac:2:13: unknown package `demo:nowhere`: none of deps/demo/nowhere.wasm, ",
    );
    assert_stderr_contains(&output, "hint: put the component in the deps folder");

    let (app, _) = samples();
    fs::write(
        dir.path().join("missing-arg.wac"),
        "package demo:x;\nlet a = new demo:app {};\nexport a.greet;\n",
    )
    .unwrap();
    let output = compose(
        dir.path(),
        &[
            "missing-arg.wac",
            "--dep",
            &format!("demo:app={}", app.display()),
            "-o",
            "x.wasm",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_stderr_starts_with(
        &output,
        "error: missing-arg.wac:2:13: missing instantiation argument `demo:compose/names@0.1.0` for package `demo:app`",
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.wac"), "package demo:x;\n").unwrap();
    for (args, needle) in [
        (&["root.wasm", "-o", "x.wasm"][..], "nothing to plug in"),
        (
            &["a.wac", "--plug", "p.wasm", "-o", "x.wasm"][..],
            "--plug is for a root component",
        ),
        (
            &[
                "root.wasm",
                "--plug",
                "p.wasm",
                "--dep",
                "a:b=c",
                "-o",
                "x.wasm",
            ][..],
            "--dep and --deps-dir are for a WAC document",
        ),
        (
            &["a.wac", "--dep", "nocolon=x", "-o", "x.wasm"][..],
            "is not NAME=FILE",
        ),
        (&["a.wac"][..], "--output"),
    ] {
        let output = compose(dir.path(), args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_stderr_contains(&output, needle);
    }
}

#[test]
fn an_output_that_cannot_be_written_is_named_and_nothing_is_left() {
    let (app, names) = samples();
    let dir = tempfile::tempdir().unwrap();
    let output = compose(
        dir.path(),
        &[
            path_str(app),
            "--plug",
            path_str(names),
            "-o",
            "no/such/dir/x.wasm",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_stderr_starts_with(&output, "error: no/such/dir/x.wasm: cannot write it: ");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}
