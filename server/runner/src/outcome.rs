//! What a call gives back: results and output, or a structured error.

use std::fmt;
use std::ops::Range;
use std::time::Duration;

use crate::cache::CacheStatus;

/// A call that returned normally.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// The results in WAVE, formatted exactly as `wasmtime run --invoke` prints them.
    pub results: String,
    /// Everything the guest wrote to stdout and stderr (never inherited).
    pub stdout: String,
    pub stderr: String,
    pub timings: Timings,
}

/// Where the time of one call went, so users see cold-start and boundary costs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Compiling the component, or loading a compiled copy from the cache.
    pub load: Duration,
    pub cache: CacheStatus,
    pub instantiate: Duration,
    pub call: Duration,
}

/// A call that did not return normally.
#[derive(Debug, Clone)]
pub enum RunError {
    /// The component could not be read, compiled or instantiated.
    Load { message: String },
    /// No export of that name, or a bare name that several interfaces export.
    UnknownFunction { name: String, message: String },
    /// The argument text is not valid WAVE for the function's parameter types.
    Wave(WaveError),
    /// The function takes or returns something WAVE cannot spell (resources).
    Unsupported { message: String },
    /// The guest trapped. The instance is dead; the next call starts afresh.
    Trap { message: String, backtrace: String, stdout: String, stderr: String },
    /// The epoch deadline passed before the call returned.
    Timeout { limit: Duration, stdout: String, stderr: String },
    /// The guest asked for more linear memory than the limit allows.
    MemoryLimit { limit: usize, requested: usize, stdout: String, stderr: String },
}

/// A WAVE error, with the byte range of the argument text it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveError {
    pub range: Range<usize>,
    pub message: String,
}

impl RunError {
    /// The guest's stdout and stderr up to the error (empty if it never ran).
    pub fn guest_output(&self) -> (&str, &str) {
        match self {
            RunError::Trap { stdout, stderr, .. }
            | RunError::Timeout { stdout, stderr, .. }
            | RunError::MemoryLimit { stdout, stderr, .. } => (stdout, stderr),
            _ => ("", ""),
        }
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Load { message } => write!(f, "cannot load the component: {message}"),
            RunError::UnknownFunction { message, .. } => f.write_str(message),
            RunError::Wave(e) => write!(f, "invalid arguments at {}..{}: {}", e.range.start, e.range.end, e.message),
            RunError::Unsupported { message } => f.write_str(message),
            RunError::Trap { message, backtrace, .. } => {
                write!(f, "the guest trapped: {message}")?;
                if !backtrace.is_empty() {
                    write!(f, "\n{backtrace}")?;
                }
                Ok(())
            }
            RunError::Timeout { limit, .. } => {
                write!(f, "the call did not finish within {} (raise it with --timeout)", humantime(*limit))
            }
            RunError::MemoryLimit { limit, requested, .. } => write!(
                f,
                "the guest tried to grow its memory to {} but the limit is {} (raise it with --max-memory)",
                mib(*requested),
                mib(*limit)
            ),
        }
    }
}

fn humantime(d: Duration) -> String {
    if d.subsec_millis() == 0 { format!("{}s", d.as_secs()) } else { format!("{}ms", d.as_millis()) }
}

fn mib(bytes: usize) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
