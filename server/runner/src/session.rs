//! A session: one instance that lives across calls, so that a resource
//! returned by one call can be passed to the next.
//!
//! Handles are numbers within the session (see `handles`). Each call gets
//! the full timeout afresh and reports only the output it produced. A trap
//! kills the instance: later calls fail until a new session starts.

use std::sync::Arc;
use std::time::{Duration, Instant};

use wasmtime::Store;
use wasmtime::component::{Instance, ResourceAny};

use crate::call;
use crate::call_text;
use crate::cancel::CancelToken;
use crate::exports;
use crate::outcome::{RunError, RunOutcome, Timings};
use crate::runner::{LoadedComponent, Runner};
use crate::sandbox::{Host, RunOptions, classify};

pub struct Session {
    component: Arc<LoadedComponent>,
    store: Store<Host>,
    /// `None` once the guest trapped.
    instance: Option<Instance>,
    handles: Vec<ResourceAny>,
    timeout: Duration,
    /// Reported with the first call, which pays for it.
    instantiate_time: Option<Duration>,
}

impl Runner {
    /// Instantiates `component` in a fresh sandbox that later calls share.
    pub fn session(
        &self,
        component: Arc<LoadedComponent>,
        options: &RunOptions,
    ) -> Result<Session, RunError> {
        let (store, instance, instantiate_time) = self.instantiate(&component, options)?;
        Ok(Session {
            component,
            store,
            instance: Some(instance),
            handles: Vec::new(),
            timeout: options.timeout,
            instantiate_time: Some(instantiate_time),
        })
    }
}

impl Session {
    /// How many handles calls have returned so far: the last one is this
    /// number, and a call that returns new ones numbers them from here on.
    pub fn handle_count(&self) -> usize {
        self.handles.len()
    }

    /// False once the guest trapped (or timed out): every later call fails.
    pub fn is_alive(&self) -> bool {
        self.instance.is_some()
    }

    /// Calls one export, like [`Runner::call`], with resource handles as numbers.
    pub fn call(&mut self, runner: &Runner, call: &str) -> Result<RunOutcome, RunError> {
        self.call_cancellable(runner, call, None)
    }

    /// [`Session::call`], stopped at once when `cancel` is cancelled; the
    /// session then ends, as after a trap.
    pub fn call_cancellable(
        &mut self,
        runner: &Runner,
        call: &str,
        cancel: Option<CancelToken>,
    ) -> Result<RunOutcome, RunError> {
        let text = call_text::split(call).map_err(RunError::Wave)?;
        let entry = exports::find(&self.component.funcs, text.name)?.clone();
        let Some(instance) = self.instance else {
            return Err(RunError::Unsupported {
                message: "the guest trapped earlier in this session; start a new one".into(),
            });
        };
        let params = call::parse_args(&text, &entry, &self.handles)?;

        let func = instance
            .get_func(&mut self.store, entry.index)
            .expect("export index comes from this component");
        let marks = self.store.data().output_marks();
        self.store.data_mut().start_call(self.timeout, cancel);
        let _ticking = runner.begin_call();
        let start = Instant::now();
        let called = call::invoke(&mut self.store, func, &entry, params);
        let call_time = start.elapsed();
        let output = self.store.data().captured_since(marks);
        let results = match called {
            Ok(results) => results,
            Err(e) => {
                self.instance = None;
                return Err(classify(e, output, self.timeout));
            }
        };

        let shown = call::show_results(&results, &entry, &mut self.handles)?;
        let timings = Timings {
            load: self.component.load_time,
            cache: self.component.cache,
            instantiate: self.instantiate_time.take().unwrap_or_default(),
            call: call_time,
        };
        let (stdout, stderr) = output;
        Ok(RunOutcome {
            results: shown,
            stdout,
            stderr,
            timings,
        })
    }
}
