//! The clock behind every call's deadline.
//!
//! Wasmtime checks an engine-wide epoch counter at loop headers and function
//! entries; one thread increments it. Each store turns ticks into wall-clock
//! time itself (see `sandbox`), so calls with different timeouts share the
//! counter. The thread sleeps while no call is running: an idle language
//! server should not wake up a hundred times a second.

use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use wasmtime::Engine;

/// How often a running guest is checked against its deadline.
pub(crate) const TICK: Duration = Duration::from_millis(10);

pub(crate) struct EpochTicker {
    state: Arc<(Mutex<State>, Condvar)>,
}

#[derive(Default)]
struct State {
    active_calls: usize,
    shut_down: bool,
}

/// Keeps the ticker running while it lives.
pub(crate) struct ActiveCall<'a> {
    ticker: &'a EpochTicker,
}

impl EpochTicker {
    pub(crate) fn start(engine: &Engine) -> Self {
        let state = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let thread_state = Arc::clone(&state);
        // A weak handle: the engine goes away with the Runner, not with this thread.
        let engine = engine.weak();
        thread::Builder::new()
            .name("wit-analyzer-epoch".into())
            .spawn(move || tick_while_busy(&thread_state, &engine))
            .expect("the OS can start one thread");
        Self { state }
    }

    pub(crate) fn begin_call(&self) -> ActiveCall<'_> {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap_or_else(|e| e.into_inner()).active_calls += 1;
        wake.notify_one();
        ActiveCall { ticker: self }
    }
}

impl Drop for ActiveCall<'_> {
    fn drop(&mut self) {
        let (lock, _) = &*self.ticker.state;
        lock.lock().unwrap_or_else(|e| e.into_inner()).active_calls -= 1;
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap_or_else(|e| e.into_inner()).shut_down = true;
        wake.notify_one();
    }
}

fn tick_while_busy(state: &(Mutex<State>, Condvar), engine: &wasmtime::EngineWeak) {
    let (lock, wake) = state;
    loop {
        {
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            while state.active_calls == 0 && !state.shut_down {
                state = wake.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            if state.shut_down {
                return;
            }
        }
        thread::sleep(TICK);
        match engine.upgrade() {
            Some(engine) => engine.increment_epoch(),
            None => return,
        }
    }
}
