//! The runner against wit-samples/guest-async: `async func` exports of the
//! Component Model's async ABI (WASI 0.3) that take and give streams and
//! futures, built with the real toolchain through `build`.

mod common;

use std::time::{Duration, Instant};

use runner::{RunError, RunOptions};

fn call(text: &str) -> Result<String, RunError> {
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_file(&common::async_guest())
        .expect("the async guest loads");
    runner
        .call(&component, text, &RunOptions::default())
        .map(|outcome| outcome.results)
}

#[test]
fn an_async_export_returns_its_value() {
    assert_eq!(call(r#"greet("wörld")"#).unwrap(), r#""Hello, wörld!""#);
}

#[test]
fn a_stream_result_is_read_to_its_end() {
    assert_eq!(call("countdown(3)").unwrap(), "[3, 2, 1]");
    assert_eq!(call("countdown(0)").unwrap(), "[]");
    assert_eq!(
        call(r#"words("to be  or")"#).unwrap(),
        r#"["to", "be", "or"]"#
    );
}

#[test]
fn a_stream_argument_is_written_as_a_list() {
    assert_eq!(call("sum([1, 2, 3, 4000000000])").unwrap(), "4000000006");
    assert_eq!(call("sum([])").unwrap(), "0");
}

#[test]
fn a_byte_stream_is_written_as_a_list_or_a_string_and_comes_back_as_bytes() {
    assert_eq!(call("shout([104, 105])").unwrap(), "[72, 73]");
    assert_eq!(call(r#"shout("hi!")"#).unwrap(), "[72, 73, 33]");
    // UTF-8 bytes, not characters.
    assert_eq!(call(r#"shout("é")"#).unwrap(), "[195, 169]");
}

#[test]
fn a_future_argument_is_written_as_its_value() {
    assert_eq!(call("double(21)").unwrap(), "42");
}

#[test]
fn a_wrong_stream_argument_points_at_the_argument() {
    let Err(RunError::Wave(error)) = call(r#"sum(["x"])"#) else {
        panic!("a string is not a u32")
    };
    let text = r#"sum(["x"])"#;
    assert!(
        text[error.range.clone()].contains("\"x\""),
        "{:?} in {text}: {}",
        error.range,
        error.message
    );
    // A string is bytes only for a stream of bytes.
    assert!(matches!(call(r#"sum("12")"#), Err(RunError::Wave(_))));
}

#[test]
fn a_guest_that_waits_forever_is_stopped_with_a_clear_error() {
    let start = Instant::now();
    let error = call("wait-forever()").unwrap_err();
    // Nothing can wake it, so wasmtime sees a deadlock at once instead of
    // sitting out the five-second deadline.
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "took {:?}",
        start.elapsed()
    );
    assert!(matches!(error, RunError::Trap { .. }), "{error}");
    assert!(error.to_string().contains("deadlock"), "{error}");
}

#[test]
fn a_stream_that_never_ends_is_cut_at_the_deadline() {
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_file(&common::async_guest())
        .expect("the async guest loads");
    let quick = RunOptions {
        timeout: Duration::from_millis(300),
        ..RunOptions::default()
    };
    let start = Instant::now();
    let error = runner.call(&component, "stall()", &quick).unwrap_err();
    assert!(matches!(error, RunError::Timeout { .. }), "{error}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "cut late: {:?}",
        start.elapsed()
    );
    // The runner goes on.
    assert_eq!(
        runner
            .call(&component, "countdown(1)", &quick)
            .unwrap()
            .results,
        "[1]"
    );
}

#[test]
fn exports_are_listed_as_async_with_templates_that_call() {
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_file(&common::async_guest())
        .expect("the async guest loads");
    let exports = runner.list_exports(&component);
    let shout = exports
        .iter()
        .find(|e| e.name == "shout")
        .expect("shout is listed");
    assert!(shout.is_async);
    assert_eq!(
        shout.signature(),
        "async demo:streams/text@0.1.0.shout(input: stream<u8>) -> stream<u8>"
    );
    assert!(!shout.uses_resources);
    let options = RunOptions {
        timeout: Duration::from_secs(2),
        ..RunOptions::default()
    };
    for export in exports
        .iter()
        .filter(|e| !["wait-forever", "stall"].contains(&e.name.as_str()))
    {
        let outcome = runner.call(&component, &export.template, &options);
        assert!(
            outcome.is_ok(),
            "{}: {:?}",
            export.template,
            outcome.err().map(|e| e.to_string())
        );
    }
}

#[test]
fn a_session_calls_async_exports_one_after_another() {
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_file(&common::async_guest())
        .expect("the async guest loads");
    let mut session = runner
        .session(component, &RunOptions::default())
        .expect("instantiates");
    assert_eq!(
        session.call(&runner, "countdown(2)").unwrap().results,
        "[2, 1]"
    );
    assert_eq!(session.call(&runner, "double(5)").unwrap().results, "10");
    assert_eq!(
        session.call(&runner, r#"shout("ok")"#).unwrap().results,
        "[79, 75]"
    );
}
