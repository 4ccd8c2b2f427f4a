//! Stopping a call from outside, at once: the user's Cancel.
//!
//! A guest that computes is stopped at the next epoch tick (see `ticker`),
//! which the store's epoch callback turns into a check of the token; one
//! that waits (a clock, a stream) is stopped by the wake-up the token sends
//! to the event loop the call runs on. A build polls the same flag.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// Set once, by whoever wants the call (or build) to stop; clones share it.
#[derive(Clone, Default)]
pub struct CancelToken(Arc<Shared>);

#[derive(Default)]
struct Shared {
    cancelled: AtomicBool,
    wake: Notify,
}

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cancel(&self) {
        self.0.cancelled.store(true, Ordering::SeqCst);
        self.0.wake.notify_waiters();
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.load(Ordering::SeqCst)
    }

    /// The flag itself, for work that polls one (`build::build_cancellable`).
    pub fn flag(&self) -> &AtomicBool {
        &self.0.cancelled
    }

    /// Resolves once the token is cancelled (at once if it already is).
    pub(crate) async fn cancelled(&self) {
        let notified = self.0.wake.notified();
        let mut notified = std::pin::pin!(notified);
        // Registered before the check, so a cancel in between still wakes it.
        notified.as_mut().enable();
        if self.is_cancelled() {
            return;
        }
        notified.await;
    }
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CancelToken")
            .field(&self.is_cancelled())
            .finish()
    }
}

/// Raised inside a store when its token is cancelled; `classify` turns it
/// into [`crate::RunError::Cancelled`].
#[derive(Debug)]
pub(crate) struct CancelHit {
    /// How long the call had run.
    pub(crate) after: std::time::Duration,
}

impl fmt::Display for CancelHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cancelled after {:?}", self.after)
    }
}

impl std::error::Error for CancelHit {}
