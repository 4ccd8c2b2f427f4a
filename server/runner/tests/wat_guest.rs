//! The runner against the hand-written WAT guest.

mod common;

use std::time::Duration;

use runner::{CacheStatus, RunError, RunOptions, Runner, RunnerConfig};

#[test]
fn every_kind_of_value_round_trips() {
    let (runner, component) = common::loaded_wat();
    common::assert_echo_cases(&runner, &component);
}

#[test]
fn every_kind_of_value_round_trips_in_a_session() {
    // Sessions convert values through their own path (for resource handles).
    let (runner, component) = common::loaded_wat();
    let mut session = runner.session(component, &RunOptions::default()).unwrap();
    for (call, expected) in common::ECHO_CASES {
        let outcome = session
            .call(&runner, call)
            .unwrap_or_else(|e| panic!("{call}: {e}"));
        assert_eq!(outcome.results, *expected, "{call}");
    }
}

#[test]
fn a_trap_ends_a_session() {
    let (runner, component) = common::loaded_wat();
    let mut session = runner.session(component, &RunOptions::default()).unwrap();
    assert!(matches!(
        session.call(&runner, "crash()"),
        Err(RunError::Trap { .. })
    ));
    let error = session.call(&runner, "echo-u8(1)").unwrap_err();
    assert!(error.to_string().contains("start a new one"), "{error}");
}

#[test]
fn misbehaviour_is_contained() {
    let (runner, component) = common::loaded_wat();
    common::assert_misbehaviour_is_contained(&runner, &component);
}

#[test]
fn lists_exports_with_types_and_templates() {
    let (runner, component) = common::loaded_wat();
    let exports = runner.list_exports(&component);
    let point = exports
        .iter()
        .find(|e| e.name == "echo-point")
        .expect("echo-point is listed");
    assert_eq!(point.interface.as_deref(), Some("demo:guest/echo@0.1.0"));
    assert_eq!(point.qualified_name, "demo:guest/echo@0.1.0.echo-point");
    assert_eq!(
        point.params[0],
        (
            "v".to_string(),
            "record { x: s32, y: s32, label: string }".to_string()
        )
    );
    assert_eq!(point.results, ["record { x: s32, y: s32, label: string }"]);
    assert!(
        point
            .template
            .starts_with(r#"demo:guest/echo@0.1.0.echo-point({x: 0, y: 0, label: ""}, some(("#),
        "{}",
        point.template
    );
    assert!(!point.uses_resources);
    assert_eq!(
        exports
            .iter()
            .filter(|e| e.interface.as_deref() == Some("demo:guest/misbehave@0.1.0"))
            .count(),
        3
    );
}

#[test]
fn every_template_is_a_valid_call() {
    // A template pre-fills the argument prompt, so it must parse as is.
    let (runner, component) = common::loaded_wat();
    for export in runner
        .list_exports(&component)
        .iter()
        .filter(|e| e.interface.as_deref() == Some("demo:guest/echo@0.1.0"))
    {
        runner
            .call(&component, &export.template, &RunOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", export.template));
    }
}

#[test]
fn qualified_names_and_bare_names_both_call() {
    let (runner, component) = common::loaded_wat();
    let options = RunOptions::default();
    let qualified = runner
        .call(&component, "demo:guest/echo@0.1.0.echo-u32(5)", &options)
        .unwrap();
    let bare = runner.call(&component, "  echo-u32(5)", &options).unwrap();
    assert_eq!(
        (qualified.results.as_str(), bare.results.as_str()),
        ("5", "5")
    );
    let error = runner.call(&component, "nope()", &options).unwrap_err();
    assert!(
        matches!(&error, RunError::UnknownFunction { name, .. } if name == "nope"),
        "{error}"
    );
    assert!(
        error.to_string().contains("demo:guest/echo@0.1.0.echo-u32"),
        "the error lists exports: {error}"
    );
}

#[test]
fn wave_errors_point_into_the_argument_text() {
    let (runner, component) = common::loaded_wat();
    let text = r#"echo-point({x: 1, y: "two", label: "p"})"#;
    let RunError::Wave(error) = runner
        .call(&component, text, &RunOptions::default())
        .unwrap_err()
    else {
        panic!("not a WAVE error")
    };
    assert_eq!(&text[error.range.clone()], r#""two""#, "{error:?}");

    let text = "echo-u8(256)";
    let RunError::Wave(error) = runner
        .call(&component, text, &RunOptions::default())
        .unwrap_err()
    else {
        panic!("not a WAVE error")
    };
    assert_eq!(&text[error.range.clone()], "256", "{error:?}");

    let text = "echo-u8(1";
    let RunError::Wave(error) = runner
        .call(&component, text, &RunOptions::default())
        .unwrap_err()
    else {
        panic!("not a WAVE error")
    };
    assert!(
        error.range.start >= "echo-u8(".len() && error.range.end <= text.len(),
        "{error:?}"
    );
}

#[test]
fn timings_are_reported_and_the_disk_cache_is_used_by_a_new_runner() {
    let cache = tempfile::tempdir().unwrap();
    let config = RunnerConfig {
        cache_dir: Some(cache.path().to_path_buf()),
    };
    let bytes = common::wat_component();

    let first = Runner::new(config.clone()).unwrap();
    let component = first.load_bytes(&bytes).unwrap();
    assert_eq!(component.cache, CacheStatus::Compiled);
    let outcome = first
        .call(&component, "echo-u8(1)", &RunOptions::default())
        .unwrap();
    assert!(
        outcome.timings.load > Duration::ZERO && outcome.timings.call > Duration::ZERO,
        "{:?}",
        outcome.timings
    );
    // Entries are written in the background; dropping the runner waits for them.
    drop(first);
    let entries = std::fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "cwasm"));
    assert_eq!(entries.count(), 1, "one compiled entry on disk");

    let second = Runner::new(config).unwrap();
    let again = second.load_bytes(&bytes).unwrap();
    assert_eq!(again.cache, CacheStatus::Disk);
    assert_eq!(
        second
            .call(&again, "echo-u8(2)", &RunOptions::default())
            .unwrap()
            .results,
        "2"
    );
}

#[test]
fn a_changed_file_is_loaded_again_and_an_unchanged_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("guest.wasm");
    std::fs::write(&path, common::wat_component()).unwrap();
    let runner = common::runner_without_disk_cache();
    let first = runner.load_file(&path).unwrap();
    let same = runner.load_file(&path).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &same));

    std::fs::write(&path, b"not a component").unwrap();
    let error = runner
        .load_file(&path)
        .err()
        .expect("garbage does not load");
    assert!(matches!(error, RunError::Load { .. }), "{error}");
}

#[test]
fn a_thousand_failing_runs_do_not_grow_memory() {
    let (runner, component) = common::loaded_wat();
    let options = RunOptions::default();
    let fail = |n: usize| {
        for _ in 0..n {
            let error = runner.call(&component, "crash()", &options).unwrap_err();
            assert!(matches!(error, RunError::Trap { .. }));
        }
    };
    // Warm up allocator pools and wasmtime's lazily built state first.
    fail(100);
    let before = resident_bytes();
    fail(1000);
    let grown = resident_bytes().saturating_sub(before);
    // A leaked store (with its 128 KiB memory and instance) per run would add
    // well over 100 MiB; allocator noise stays far below this bound.
    assert!(
        grown < 32 * 1024 * 1024,
        "resident memory grew by {} KiB over 1,000 failing runs",
        grown / 1024
    );
}

fn resident_bytes() -> usize {
    let statm =
        std::fs::read_to_string("/proc/self/statm").expect("Linux exposes /proc/self/statm");
    let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

/// Three core instances of 100 pages (6.25 MiB) each: every memory is under
/// a 16 MiB limit, all of them together are not.
const THREE_MEMORIES: &str = r#"(component
  (core module $a (memory (export "m") 100))
  (core module $b (memory (export "m") 100))
  (core module $main
    (memory (export "memory") 100)
    (func (export "seven") (result i32) i32.const 7))
  (core instance $ia (instantiate $a))
  (core instance $ib (instantiate $b))
  (core instance $im (instantiate $main))
  (func (export "seven") (result u32) (canon lift (core func $im "seven")))
)"#;

#[test]
fn the_memory_limit_bounds_all_memories_together() {
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_bytes(THREE_MEMORIES.as_bytes())
        .expect("the component loads");
    let roomy = RunOptions {
        max_memory: 32 << 20,
        ..RunOptions::default()
    };
    assert_eq!(
        runner.call(&component, "seven()", &roomy).unwrap().results,
        "7"
    );
    let tight = RunOptions {
        max_memory: 16 << 20,
        ..RunOptions::default()
    };
    let error = runner.call(&component, "seven()", &tight).unwrap_err();
    let RunError::MemoryLimit {
        limit, requested, ..
    } = error
    else {
        panic!("not a memory limit: {error}")
    };
    assert_eq!(limit, 16 << 20);
    assert!(requested > limit, "{requested}");
}

#[test]
fn a_component_with_too_many_memories_is_refused() {
    let modules: String = (0..65)
        .map(|i| {
            format!("(core module $m{i} (memory 1)) (core instance $i{i} (instantiate $m{i}))\n")
        })
        .collect();
    let wat = format!(
        "(component {modules} (core module $main (func (export \"f\") (result i32) i32.const 1)) (core instance $main (instantiate $main)) (func (export \"one\") (result u32) (canon lift (core func $main \"f\"))))"
    );
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_bytes(wat.as_bytes())
        .expect("the component loads");
    let error = runner
        .call(&component, "one()", &RunOptions::default())
        .unwrap_err();
    assert!(
        error.to_string().contains("memory count too high"),
        "{error}"
    );
}
