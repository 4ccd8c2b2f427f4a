//! Cancel: a call stops when its token is cancelled, long before its
//! deadline, whether the guest computes or waits. The deadlines here are
//! far away, so a Cancel that did not work fails as a timeout.

mod common;

use std::time::Duration;

use runner::{CancelToken, RunError, RunOptions};

/// Options with a deadline no test reaches and `cancel` as the Cancel.
fn patient(cancel: &CancelToken) -> RunOptions {
    RunOptions {
        timeout: Duration::from_secs(120),
        cancel: Some(cancel.clone()),
        ..RunOptions::default()
    }
}

/// Cancels `token` a little after the call has started.
fn cancel_soon(token: &CancelToken) -> std::thread::JoinHandle<()> {
    let token = token.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        token.cancel();
    })
}

#[test]
fn a_guest_that_computes_stops_at_the_cancel() {
    let (runner, component) = common::loaded_wat();
    let cancel = CancelToken::new();
    let canceller = cancel_soon(&cancel);
    let error = runner
        .call(&component, "spin()", &patient(&cancel))
        .unwrap_err();
    canceller.join().unwrap();
    let RunError::Cancelled { after, .. } = &error else {
        panic!("cancelled, not {error:?}");
    };
    assert!(*after >= Duration::from_millis(200), "{after:?}");
    assert!(
        error
            .to_string()
            .starts_with("the run was cancelled after "),
        "{error}"
    );
    // The runner goes on serving calls.
    let fresh = CancelToken::new();
    let echoed = runner
        .call(&component, "echo-u8(7)", &patient(&fresh))
        .unwrap();
    assert_eq!(echoed.results, "7");
}

#[test]
fn a_guest_that_waits_on_a_clock_stops_at_the_cancel() {
    let (runner, component) = common::loaded_rust_guest();
    let cancel = CancelToken::new();
    let canceller = cancel_soon(&cancel);
    let error = runner
        .call(&component, "nap(100000)", &patient(&cancel))
        .unwrap_err();
    canceller.join().unwrap();
    assert!(matches!(error, RunError::Cancelled { .. }), "{error:?}");
}

#[test]
fn a_token_cancelled_before_the_call_stops_it_at_once() {
    let (runner, component) = common::loaded_wat();
    let cancel = CancelToken::new();
    cancel.cancel();
    let error = runner
        .call(&component, "spin()", &patient(&cancel))
        .unwrap_err();
    assert!(matches!(error, RunError::Cancelled { .. }), "{error:?}");
}

#[test]
fn a_cancelled_call_ends_its_session() {
    let (runner, component) = common::loaded_rust_guest();
    let mut session = runner.session(component, &RunOptions::default()).unwrap();
    session
        .call(&runner, r#"[constructor]cart("EUR")"#)
        .unwrap();
    let cancel = CancelToken::new();
    let canceller = cancel_soon(&cancel);
    let error = session
        .call_cancellable(&runner, "spin()", Some(cancel))
        .unwrap_err();
    canceller.join().unwrap();
    assert!(matches!(error, RunError::Cancelled { .. }), "{error:?}");
    assert!(!session.is_alive());
}
