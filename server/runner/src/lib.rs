//! Builds guest components and calls their exports in sandboxed wasmtime.
//!
//! Two halves, both plain data in and out (no LSP, no JSON):
//! - [`Runner`]: one long-lived wasmtime engine with an on-disk cache of
//!   compiled components. [`Runner::list_exports`] and [`Runner::call`] take
//!   WAVE text (the value syntax of `wasmtime run --invoke`) and give WAVE text back.
//! - [`build`]: finds the guest project that implements a world and builds it.
//!
//! Everything here is synchronous; a server calls it from a blocking thread.
//! Guests run on wasmtime's event loop inside each call, `async func`
//! exports, streams and futures too.
//!
//! ```text
//! let runner = Runner::new(RunnerConfig { cache_dir: RunnerConfig::default_cache_dir() })?;
//! let component = runner.load_file(path)?;               // Arc<LoadedComponent>, cached
//! for export in runner.list_exports(&component) { /* export.template, export.signature() */ }
//! let options = RunOptions::from_workspace(root)?;        // [run] of wit-analyzer.toml
//! let outcome = runner.call(&component, r#"greet("world")"#, &options)?;
//! // outcome.results is WAVE text; outcome.stdout/stderr; outcome.timings
//! let mut session = runner.session(component, &options)?; // for resource handles
//! session.call(&runner, r#"[constructor]cart("EUR")"#)?;   // -> "1"
//! let cancel = CancelToken::new();                         // cancel.cancel() from another thread
//! runner.call(&component, "spin()", &RunOptions { cancel: Some(cancel.clone()), ..options })?;
//!
//! let guest = build::find_guest("acme:app/app", root)?;
//! let built = build::build(&guest, &mut |line| log(line))?; // artifact, size, world
//! ```

mod binary;
pub mod build;
mod cache;
mod call;
mod call_text;
mod cancel;
mod exports;
mod handles;
mod outcome;
mod run_config;
mod runner;
mod sandbox;
pub mod scaffold;
mod serve;
mod session;
mod template;
mod ticker;
mod transmit;
mod units;

/// The workspace file this crate reads: its `[run]` table (`run_config`)
/// and its `[[build]]` entries (`build::config`).
pub const CONFIG_FILE: &str = "wit-analyzer.toml";

pub use cache::CacheStatus;
pub use cancel::CancelToken;
pub use exports::ExportFunc;
pub use outcome::{LimitNames, RunError, RunOutcome, Timings, WaveError};
pub use runner::{LoadedComponent, Runner, RunnerConfig};
pub use sandbox::{DirGrant, RunOptions};
pub use serve::{HttpHandler, HttpServer, RequestRecord, WasiVersion};
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
    shared::<HttpServer>();
};
