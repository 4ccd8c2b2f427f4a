//! The runner against the Rust guest in wit-samples/guest-rust, built with the
//! real toolchain (`cargo build --target wasm32-wasip2 --release`).

mod common;

use std::time::Duration;

use runner::{DirGrant, RunError, RunOptions};

#[test]
fn every_kind_of_value_round_trips() {
    let (runner, component) = common::loaded_rust_guest();
    common::assert_echo_cases(&runner, &component);
}

#[test]
fn misbehaviour_is_contained() {
    let (runner, component) = common::loaded_rust_guest();
    common::assert_misbehaviour_is_contained(&runner, &component);
}

#[test]
fn a_panic_shows_its_message_on_stderr() {
    let (runner, component) = common::loaded_rust_guest();
    let error = runner
        .call(&component, "crash()", &RunOptions::default())
        .unwrap_err();
    let (_, stderr) = error.guest_output();
    assert!(
        stderr.contains("crash was asked to panic"),
        "stderr: {stderr}"
    );
}

#[test]
fn guest_stdout_is_captured() {
    let (runner, component) = common::loaded_rust_guest();
    let outcome = runner
        .call(&component, r#"greet("wörld")"#, &RunOptions::default())
        .unwrap();
    assert_eq!(outcome.results, r#""Hello, wörld!""#);
    assert_eq!(outcome.stdout, "greeting wörld\n");
}

#[test]
fn records_variants_and_results_of_a_real_function() {
    let (runner, component) = common::loaded_rust_guest();
    let options = RunOptions::default();
    let call = |text: &str| runner.call(&component, text, &options).unwrap().results;
    assert_eq!(
        call(
            r#"total([{name: "tea", price: {cents: 250, currency: "EUR"}, quantity: 2}, {name: "cake", price: {cents: 300, currency: "EUR"}, quantity: 1}])"#
        ),
        r#"ok({cents: 800, currency: "EUR"})"#
    );
    assert_eq!(call("total([])"), "err(empty-cart)");
    assert_eq!(
        call(
            r#"total([{name: "a", price: {cents: 1, currency: "EUR"}, quantity: 1}, {name: "b", price: {cents: 1, currency: "USD"}, quantity: 1}])"#
        ),
        r#"err(mixed-currencies(("EUR", "USD")))"#
    );
}

#[test]
fn resource_functions_need_a_session() {
    let (runner, component) = common::loaded_rust_guest();
    let exports = runner.list_exports(&component);
    let constructor = exports
        .iter()
        .find(|e| e.name == "[constructor]cart")
        .expect("the constructor is listed");
    assert!(constructor.uses_resources);
    assert_eq!(
        constructor.template,
        r#"demo:guest/shop@0.1.0.[constructor]cart("")"#
    );
    let error = runner
        .call(
            &component,
            "[constructor]cart(\"EUR\")",
            &RunOptions::default(),
        )
        .unwrap_err();
    assert!(matches!(error, RunError::Unsupported { .. }), "{error}");
    assert!(error.to_string().contains("session"), "{error}");
}

#[test]
fn resource_handles_pass_between_calls_of_a_session() {
    let (runner, component) = common::loaded_rust_guest();
    let mut session = runner.session(component, &RunOptions::default()).unwrap();
    let mut call = |text: &str| session.call(&runner, text).map(|o| o.results);
    assert_eq!(call(r#"[constructor]cart("EUR")"#).unwrap(), "1");
    assert_eq!(call(r#"[constructor]cart("USD")"#).unwrap(), "2");
    let tea = r#"{name: "tea", price: {cents: 250, currency: "EUR"}, quantity: 2}"#;
    assert_eq!(call(&format!("[method]cart.add(1, {tea})")).unwrap(), "()");
    assert_eq!(call(&format!("[method]cart.add(1, {tea})")).unwrap(), "()");
    assert_eq!(
        call("[method]cart.total(1)").unwrap(),
        r#"{cents: 1000, currency: "EUR"}"#
    );
    assert_eq!(
        call("[method]cart.total(2)").unwrap(),
        r#"{cents: 0, currency: "USD"}"#
    );
    let error = call("[method]cart.total(9)").unwrap_err();
    assert!(
        error.to_string().contains("no resource handle 9"),
        "{error}"
    );
}

#[test]
fn a_session_counts_its_handles_and_dies_with_a_trap() {
    let (runner, component) = common::loaded_rust_guest();
    let mut session = runner.session(component, &RunOptions::default()).unwrap();
    assert_eq!((session.handle_count(), session.is_alive()), (0, true));
    session
        .call(&runner, r#"[constructor]cart("EUR")"#)
        .unwrap();
    session.call(&runner, "[method]cart.total(1)").unwrap();
    assert_eq!(session.handle_count(), 1, "a method returns no handle");
    // Bad arguments do not reach the guest: the session lives on.
    session.call(&runner, "[method]cart.total(x)").unwrap_err();
    assert!(session.is_alive());
    session.call(&runner, "crash()").unwrap_err();
    assert!(!session.is_alive(), "a trap ends the instance");
}

#[test]
fn files_are_readable_only_with_a_grant() {
    let (runner, component) = common::loaded_rust_guest();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("note.txt"), "granted").unwrap();

    let denied = runner
        .call(
            &component,
            r#"read-file("/data/note.txt")"#,
            &RunOptions::default(),
        )
        .unwrap();
    assert!(
        denied
            .results
            .starts_with(r#"err("cannot read /data/note.txt"#),
        "{}",
        denied.results
    );

    let granted = RunOptions {
        dirs: vec![DirGrant {
            host: dir.path().to_path_buf(),
            guest: "/data".into(),
            writable: false,
        }],
        ..RunOptions::default()
    };
    let read = runner
        .call(&component, r#"read-file("/data/note.txt")"#, &granted)
        .unwrap();
    assert_eq!(read.results, r#"ok("granted")"#);
}

#[test]
fn the_runner_stays_usable_after_a_timeout() {
    let (runner, component) = common::loaded_rust_guest();
    let quick = RunOptions {
        timeout: Duration::from_millis(100),
        ..RunOptions::default()
    };
    for _ in 0..3 {
        assert!(matches!(
            runner.call(&component, "spin()", &quick),
            Err(RunError::Timeout { .. })
        ));
        assert_eq!(
            runner
                .call(&component, "greet(\"x\")", &RunOptions::default())
                .unwrap()
                .results,
            "\"Hello, x!\""
        );
    }
}

#[test]
fn a_guest_that_waits_on_a_clock_is_cut_at_the_deadline() {
    let (runner, component) = common::loaded_rust_guest();
    let quick = RunOptions {
        timeout: Duration::from_millis(300),
        ..RunOptions::default()
    };
    let start = std::time::Instant::now();
    let error = runner.call(&component, "nap(60000)", &quick).unwrap_err();
    assert!(matches!(error, RunError::Timeout { .. }), "{error}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "cut late: {:?}",
        start.elapsed()
    );
    // A short nap finishes.
    assert_eq!(
        runner.call(&component, "nap(10)", &quick).unwrap().results,
        "()"
    );
}

#[test]
fn a_granted_directory_is_read_only_unless_granted_writable() {
    let (runner, component) = common::loaded_rust_guest();
    let dir = tempfile::tempdir().unwrap();
    let grant = |writable| RunOptions {
        dirs: vec![DirGrant {
            host: dir.path().to_path_buf(),
            guest: "/data".into(),
            writable,
        }],
        ..RunOptions::default()
    };
    let write = r#"write-file("/data/out.txt", "hi")"#;
    let refused = runner.call(&component, write, &grant(false)).unwrap();
    assert!(refused.results.starts_with("err("), "{}", refused.results);
    assert!(!dir.path().join("out.txt").exists());
    let written = runner.call(&component, write, &grant(true)).unwrap();
    assert_eq!(written.results, "ok");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
        "hi"
    );
}
