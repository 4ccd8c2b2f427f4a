//! Builds guest components and calls their exports in sandboxed wasmtime.
//!
//! Two halves, both plain data in and out (no LSP, no JSON):
//! - [`Runner`]: one long-lived wasmtime engine with an on-disk cache of
//!   compiled components. [`Runner::list_exports`] and [`Runner::call`] take
//!   WAVE text (the value syntax of `wasmtime run --invoke`) and give WAVE text back.
//! - [`build`]: finds the guest project that implements a world and builds it.
//!
//! Everything here is synchronous; a server calls it from a blocking thread.

pub mod build;
mod cache;
mod call_text;
mod exports;
mod handles;
mod outcome;
mod run_config;
mod runner;
mod sandbox;
mod session;
mod template;
mod ticker;
mod units;

pub use cache::CacheStatus;
pub use exports::ExportFunc;
pub use outcome::{RunError, RunOutcome, Timings, WaveError};
pub use runner::{LoadedComponent, Runner, RunnerConfig};
pub use sandbox::{DirGrant, RunOptions};
pub use session::Session;
pub use units::{parse_duration, parse_size};

/// A server shares one `Runner` between threads and moves sessions between
/// them; this fails to compile if that stops being possible.
const _: () = {
    const fn shared<T: Send + Sync>() {}
    const fn movable<T: Send>() {}
    shared::<Runner>();
    shared::<LoadedComponent>();
    movable::<Session>();
};
