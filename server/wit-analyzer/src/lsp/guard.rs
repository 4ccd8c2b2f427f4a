//! Keeping the server alive: a panic inside a handler becomes an error
//! response (and a log line), never a dead server.

use std::{
    any::Any,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Mutex, MutexGuard},
};

use tower_lsp_server::jsonrpc;

pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        message.to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs `f`, turning a panic into an internal-error response that names the
/// method. `AssertUnwindSafe` is sound here because the state is only read by
/// features, and a poisoned lock is recovered by [`lock`].
pub fn catch<T>(method: &str, f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let message = format!(
            "wit-analyzer: {method} panicked: {}",
            panic_message(&*payload)
        );
        eprintln!("{message}");
        let mut error = jsonrpc::Error::internal_error();
        error.message = message.into();
        error
    })
}

/// Locks the state even after a panic poisoned it: the panicking handler was
/// a reader, or a writer whose half-done edit the next full re-check repairs.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_naming_the_method() {
        let err = catch("textDocument/hover", || -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(err.code, jsonrpc::ErrorCode::InternalError);
        assert!(
            err.message.contains("textDocument/hover panicked: boom"),
            "{}",
            err.message
        );
        assert_eq!(catch("x", || 7).unwrap(), 7);
    }
}
