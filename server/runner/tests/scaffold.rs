//! `runner::scaffold`: a new guest in each language for a world with a
//! record, a variant, a resource and an imported interface builds with
//! the real toolchain as written, and its exports run and answer the
//! stubs' default values.
//!
//! The JavaScript and Python toolchains install into the new project as the
//! scaffold's own steps (npm install, a venv with pip), from the registries.

use std::path::Path;

use runner::scaffold::{self, Lang};
use runner::{RunOptions, Runner, RunnerConfig};

const WIT: &str = r#"package demo:scaffold@0.1.0;

interface logging {
  log: func(message: string);
}

interface store {
  use logging.{};

  record item {
    name: string,
    quantity: u32,
  }

  variant outcome {
    found(item),
    later(u64),
    nothing,
  }

  enum size { small, large }

  resource bag {
    constructor(owner: string);
    put: func(it: item);
    count: func() -> u32;
    merge: static func(a: borrow<bag>, b: borrow<bag>) -> bag;
  }

  classify: func(it: item) -> outcome;
  lookup: func(name: string) -> result<item, string>;
  sizes: func() -> list<size>;
  open: func(owner: string) -> bag;
}

world app {
  import logging;
  export store;
  export hello: func(who: string) -> string;
}
"#;

const STORE: &str = "demo:scaffold/store@0.1.0";

/// Scaffolds `lang` into a temp dir beside the WIT, builds it, and returns
/// what each call printed.
fn scaffold_build_run(lang: Lang, calls: &[String]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let wit = dir.path().join("wit");
    std::fs::create_dir_all(&wit).unwrap();
    std::fs::write(wit.join("app.wit"), WIT).unwrap();
    let project = dir.path().join(format!("guest-{}", lang.slug()));
    let plan = scaffold::plan(&wit, "app", lang, &project).expect("the plan");
    assert_eq!(plan.world, "demo:scaffold/app");
    scaffold::write(&plan, &mut |line| eprintln!("[{} new] {line}", lang.slug()))
        .unwrap_or_else(|e| panic!("{lang:?}: {e}"));

    // Writing again is refused before anything is touched.
    let again = scaffold::write(&plan, &mut |_| {}).unwrap_err();
    assert!(again.contains("not writing over existing files"), "{again}");

    let guest = runner::build::find_guest("demo:scaffold/app", &project)
        .unwrap_or_else(|e| panic!("{lang:?}: the new project is a guest: {e}"));
    let built = runner::build::build(&guest, &mut |line| {
        eprintln!("[{} build] {line}", lang.slug())
    })
    .unwrap_or_else(|e| panic!("{lang:?}: the new project builds: {e}"));
    let runner = Runner::new(RunnerConfig { cache_dir: None }).unwrap();
    let component = runner.load_file(&built.artifact).unwrap();
    let options = RunOptions {
        timeout: std::time::Duration::from_secs(300),
        ..RunOptions::default()
    };
    let mut session = runner.session(component, &options).unwrap();
    calls
        .iter()
        .map(|call| {
            session
                .call(&runner, call)
                .unwrap_or_else(|e| panic!("{lang:?}: {call}: {e}"))
                .results
        })
        .collect()
}

fn calls() -> Vec<String> {
    vec![
        r#"hello("you")"#.into(),
        format!(r#"{STORE}.classify({{name: "tea", quantity: 2}})"#),
        format!(r#"{STORE}.lookup("tea")"#),
        format!("{STORE}.sizes()"),
        format!(r#"{STORE}.[constructor]bag("me")"#),
        format!("{STORE}.[method]bag.count(1)"),
    ]
}

fn assert_stub_answers(lang: Lang) {
    let printed = scaffold_build_run(lang, &calls());
    assert_eq!(
        printed,
        [
            r#""""#,
            r#"found({name: "", quantity: 0})"#,
            r#"ok({name: "", quantity: 0})"#,
            "[]",
            "1",
            "0",
        ],
        "{lang:?}"
    );
}

#[test]
fn a_new_rust_guest_builds_and_runs_as_written() {
    assert_stub_answers(Lang::Rust);
}

#[test]
fn a_new_javascript_guest_builds_and_runs_as_written() {
    assert_stub_answers(Lang::JavaScript);
}

#[test]
fn a_new_python_guest_builds_and_runs_as_written() {
    assert_stub_answers(Lang::Python);
}

#[test]
fn the_plan_names_no_file_outside_the_project_and_each_language_its_own() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.wit"), WIT).unwrap();
    let files = |lang| -> Vec<String> {
        let plan =
            scaffold::plan(&dir.path().join("app.wit"), "app", lang, Path::new("p")).unwrap();
        plan.files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect()
    };
    assert_eq!(
        files(Lang::Rust),
        ["Cargo.toml", "src/lib.rs", ".gitignore"]
    );
    assert_eq!(
        files(Lang::JavaScript),
        ["package.json", "src/index.js", ".gitignore"]
    );
    assert_eq!(
        files(Lang::Python),
        ["pyproject.toml", "app.py", ".gitignore", "store.py"]
    );
}
