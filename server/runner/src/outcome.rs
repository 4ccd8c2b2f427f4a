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
    Trap {
        message: String,
        backtrace: String,
        stdout: String,
        stderr: String,
    },
    /// The deadline passed before compiling, instantiating and the call were done.
    Timeout {
        limit: Duration,
        stdout: String,
        stderr: String,
    },
    /// The guest asked for more linear memory than the limit allows.
    MemoryLimit {
        limit: usize,
        requested: usize,
        stdout: String,
        stderr: String,
    },
    /// The call's [`crate::CancelToken`] was cancelled while it ran.
    Cancelled {
        after: Duration,
        stdout: String,
        stderr: String,
    },
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
            | RunError::MemoryLimit { stdout, stderr, .. }
            | RunError::Cancelled { stdout, stderr, .. } => (stdout, stderr),
            _ => ("", ""),
        }
    }
}

/// How a user raises each limit where an error is shown: a flag of the
/// CLI, a setting of an editor.
#[derive(Debug, Clone, Copy)]
pub struct LimitNames {
    pub timeout: &'static str,
    pub max_memory: &'static str,
}

impl LimitNames {
    pub const CLI: LimitNames = LimitNames {
        timeout: "--timeout",
        max_memory: "--max-memory",
    };
}

impl RunError {
    /// The error for a user who raises limits with `names`.
    pub fn describe(&self, names: LimitNames) -> String {
        Described { error: self, names }.to_string()
    }
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Described {
            error: self,
            names: LimitNames::CLI,
        }
        .fmt(f)
    }
}

struct Described<'a> {
    error: &'a RunError,
    names: LimitNames,
}

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let LimitNames {
            timeout,
            max_memory,
        } = self.names;
        match self.error {
            RunError::Load { message } => write!(f, "cannot load the component: {message}"),
            RunError::UnknownFunction { message, .. } => f.write_str(message),
            RunError::Wave(e) => write!(
                f,
                "invalid arguments at {}..{}: {}",
                e.range.start, e.range.end, e.message
            ),
            RunError::Unsupported { message } => f.write_str(message),
            RunError::Trap {
                message, backtrace, ..
            } => {
                write!(f, "the guest trapped: {message}")?;
                if !backtrace.is_empty() {
                    write!(f, "\n{backtrace}")?;
                }
                Ok(())
            }
            RunError::Timeout { limit, .. } => {
                write!(
                    f,
                    "the run did not finish within {} (raise it with {timeout})",
                    humantime(*limit)
                )
            }
            RunError::MemoryLimit {
                limit, requested, ..
            } => write!(
                f,
                "the guest's memories would grow to {} in all, but the limit is {} (raise it with {max_memory})",
                size(*requested),
                size(*limit)
            ),
            RunError::Cancelled { after, .. } => {
                write!(f, "the run was cancelled after {}", elapsed(*after))
            }
        }
    }
}

/// How long something ran, to the tenth of a second or millisecond.
fn elapsed(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

pub(crate) fn humantime(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{}s", d.as_secs())
    } else if d.subsec_nanos().is_multiple_of(1_000_000) {
        format!("{}ms", d.as_millis())
    } else {
        format!("{}µs", d.as_micros())
    }
}

/// In the unit the limit was most likely given in: a limit of a few bytes
/// must not print as "0.0 MiB".
pub(crate) fn size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KIB * KIB {
        format!("{:.1} MiB", b / (KIB * KIB))
    } else if b >= KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_print_in_a_unit_that_shows_them() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(0), "0 bytes");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(256 << 20), "256.0 MiB");
        assert_eq!(humantime(Duration::from_secs(5)), "5s");
        assert_eq!(humantime(Duration::from_millis(250)), "250ms");
        assert_eq!(humantime(Duration::from_micros(500)), "500µs");
    }
}
