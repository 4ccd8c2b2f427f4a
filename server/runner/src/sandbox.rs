//! One fresh, locked-down store per call.
//!
//! The guest gets WASI (0.2 and 0.3) with captured stdout/stderr (the server's own
//! stdout is the LSP channel), and nothing else unless the options grant it:
//! no preopened directories, no environment, no arguments, no network (an
//! outgoing HTTP request gets `HTTP-request-denied`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use wasmtime::component::ResourceTable;
use wasmtime::{Engine, ResourceLimiter, Store, UpdateDeadline};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpHooks, WasiHttpView};

use crate::cancel::{CancelHit, CancelToken};
use crate::outcome::RunError;

/// What one call may do. `Default` is the sandbox the issue asks for.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Wall-clock limit of instantiation plus the call, and of compiling
    /// where the component is loaded with [`crate::Runner::load_file_within`].
    pub timeout: Duration,
    /// Limit of all linear memories of the store together, in bytes.
    pub max_memory: usize,
    pub dirs: Vec<DirGrant>,
    pub env: Vec<(String, String)>,
    pub args: Vec<String>,
    /// Stops instantiation and the call at once when cancelled.
    pub cancel: Option<CancelToken>,
}

/// A host directory the guest may open, under the path it sees. Read-only
/// unless `writable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirGrant {
    pub host: PathBuf,
    pub guest: String,
    pub writable: bool,
}

impl DirGrant {
    /// `HOST::GUEST`, or a bare `HOST` seen under the same path, read-only;
    /// `HOST::GUEST:rw` lets the guest write too. A relative host path is
    /// taken from `base`; it must be an existing directory.
    pub fn parse(text: &str, base: &Path) -> Result<DirGrant, String> {
        let (spec, writable) = match text.strip_suffix(":rw") {
            Some(spec) => (spec, true),
            None => (text.strip_suffix(":ro").unwrap_or(text), false),
        };
        let (host, guest) = spec.split_once("::").unwrap_or((spec, spec));
        if guest.is_empty() {
            return Err(format!(
                "`{text}` names no guest directory: write HOST::/GUEST"
            ));
        }
        let host = base.join(host);
        if !host.is_dir() {
            return Err(format!("`{}` is not a directory", host.display()));
        }
        Ok(DirGrant {
            host,
            guest: guest.to_string(),
            writable,
        })
    }

    /// `/data (read-only) from ./data`, for a line that says what a run may do.
    pub fn describe(&self) -> String {
        let access = if self.writable {
            "read-write"
        } else {
            "read-only"
        };
        format!("{} ({access}) from {}", self.guest, self.host.display())
    }
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(5),
            max_memory: 256 * 1024 * 1024,
            dirs: Vec::new(),
            env: Vec::new(),
            args: Vec::new(),
            cancel: None,
        }
    }
}

/// Guest output beyond this is cut off with a trap rather than filling the
/// server's memory.
const OUTPUT_CAPACITY: usize = 16 * 1024 * 1024;

pub(crate) struct Host {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    http_hooks: DenyOutgoing,
    table: ResourceTable,
    limits: MemoryLimit,
    /// When the current call must stop; a session moves it before each call.
    pub(crate) deadline: Instant,
    /// When the current call (or the instantiation) started.
    pub(crate) started: Instant,
    /// The current call's Cancel; a session replaces it before each call.
    pub(crate) cancel: Option<CancelToken>,
    pub(crate) stdout: MemoryOutputPipe,
    pub(crate) stderr: MemoryOutputPipe,
}

impl WasiView for Host {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for Host {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.http_hooks,
        }
    }
}

/// `wasi:http` hooks that refuse every outgoing request: a guest reaches
/// no network unless the embedder says otherwise, and there is no option
/// for it yet.
struct DenyOutgoing;

type OutgoingIo = Box<dyn Future<Output = Result<(), wasmtime_wasi_http::Error>> + Send>;

impl WasiHttpHooks for DenyOutgoing {
    fn send_request(
        &mut self,
        _request: hyper::Request<wasmtime_wasi_http::WasiBody>,
        _options: Option<wasmtime_wasi_http::RequestOptions>,
        _response_io: OutgoingIo,
    ) -> Box<
        dyn Future<
                Output = wasmtime_wasi_http::Result<(
                    hyper::Response<wasmtime_wasi_http::WasiBody>,
                    OutgoingIo,
                )>,
            > + Send,
    > {
        Box::new(async { Err(wasmtime_wasi_http::Error::HttpRequestDenied) })
    }
}

/// What ends a call early: its deadline and its Cancel.
pub(crate) struct Stop {
    deadline: Instant,
    started: Instant,
    cancel: Option<CancelToken>,
}

impl Host {
    /// A new call starts now, with `timeout` and `cancel`.
    pub(crate) fn start_call(&mut self, timeout: Duration, cancel: Option<CancelToken>) {
        self.started = Instant::now();
        self.deadline = deadline_after(timeout);
        self.cancel = cancel;
    }

    pub(crate) fn stop(&self) -> Stop {
        Stop {
            deadline: self.deadline,
            started: self.started,
            cancel: self.cancel.clone(),
        }
    }

    /// All the output captured so far.
    pub(crate) fn captured(&self) -> (String, String) {
        self.captured_since((0, 0))
    }

    /// How much output there is now, to take only what one call adds.
    pub(crate) fn output_marks(&self) -> (usize, usize) {
        (self.stdout.contents().len(), self.stderr.contents().len())
    }

    pub(crate) fn captured_since(&self, (out, err): (usize, usize)) -> (String, String) {
        let text = |pipe: &MemoryOutputPipe, from: usize| {
            let bytes = pipe.contents();
            String::from_utf8_lossy(&bytes[from.min(bytes.len())..]).into_owned()
        };
        (text(&self.stdout, out), text(&self.stderr, err))
    }
}

/// Raised from the limiter and the epoch callback; `runner` turns them into
/// `RunError`s.
#[derive(Debug)]
pub(crate) struct MemoryLimitHit {
    pub(crate) limit: usize,
    pub(crate) requested: usize,
}

#[derive(Debug)]
pub(crate) struct DeadlineHit;

impl std::fmt::Display for MemoryLimitHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "memory limit of {} bytes exceeded (asked for {})",
            self.limit, self.requested
        )
    }
}

impl std::fmt::Display for DeadlineHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("deadline exceeded")
    }
}

impl std::error::Error for MemoryLimitHit {}
impl std::error::Error for DeadlineHit {}

/// The store's limits, summed over all its memories and tables: a
/// component can hold many linear memories (one per core instance), and a
/// cap per memory would let eight of them take eight times the limit.
struct MemoryLimit {
    max_memory: usize,
    /// Bytes of every linear memory of the store together.
    memory_total: usize,
    /// Elements of every table of the store together.
    table_total: usize,
}

impl MemoryLimit {
    fn new(max_memory: usize) -> Self {
        Self {
            max_memory,
            memory_total: 0,
            table_total: 0,
        }
    }
}

/// Table elements the store may hold in all; a guest built from WIT needs
/// a few hundred.
const MAX_TABLE_ELEMENTS: usize = 1_000_000;

impl ResourceLimiter for MemoryLimit {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let total = (self.memory_total - current.min(self.memory_total)).saturating_add(desired);
        // An error (not `false`) so the guest stops with a clear message
        // instead of reporting a failed allocation in its own words, or not at all.
        if total > self.max_memory {
            return Err(MemoryLimitHit {
                limit: self.max_memory,
                requested: total,
            }
            .into());
        }
        self.memory_total = total;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let total = (self.table_total - current.min(self.table_total)).saturating_add(desired);
        if total > MAX_TABLE_ELEMENTS {
            return Ok(false);
        }
        self.table_total = total;
        Ok(true)
    }

    // Counts of what one store may create. Components from WIT toolchains
    // have a handful of each; wasmtime's defaults are 10,000.
    fn instances(&self) -> usize {
        200
    }

    fn memories(&self) -> usize {
        64
    }

    fn tables(&self) -> usize {
        256
    }
}

pub(crate) fn new_store(engine: &Engine, options: &RunOptions) -> Result<Store<Host>, String> {
    let stdout = MemoryOutputPipe::new(OUTPUT_CAPACITY);
    let stderr = MemoryOutputPipe::new(OUTPUT_CAPACITY);
    let mut wasi = WasiCtx::builder();
    wasi.stdout(stdout.clone())
        .stderr(stderr.clone())
        .envs(&options.env)
        .args(&options.args);
    // Already wasmtime-wasi's defaults (every socket address is refused);
    // said here so that the sandbox does not depend on them.
    wasi.allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false);
    for grant in &options.dirs {
        let perms = if grant.writable {
            FsPerms::ReadWrite
        } else {
            FsPerms::ReadOnly
        };
        wasi.preopened_dir(&grant.host, &grant.guest, perms)
            .map_err(|e| format!("cannot grant directory {}: {e}", grant.host.display()))?;
    }
    let host = Host {
        wasi: wasi.build(),
        http: WasiHttpCtx::new(),
        http_hooks: DenyOutgoing,
        table: ResourceTable::new(),
        limits: MemoryLimit::new(options.max_memory),
        deadline: deadline_after(options.timeout),
        started: Instant::now(),
        cancel: options.cancel.clone(),
        stdout,
        stderr,
    };
    let mut store = Store::new(engine, host);
    store.limiter(|host| &mut host.limits);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(|store| {
        let host = store.data();
        if host.cancel.as_ref().is_some_and(CancelToken::is_cancelled) {
            let after = host.started.elapsed();
            return Err(CancelHit { after }.into());
        }
        if Instant::now() >= host.deadline {
            return Err(DeadlineHit.into());
        }
        // Every call runs on wasmtime's async entry points: yielding at
        // each tick lets a guest that computes share its thread, so a
        // server with as many threads as cores goes on answering while
        // guests loop until their deadlines.
        Ok(UpdateDeadline::Yield(1))
    });
    Ok(store)
}

/// When a call that starts now must stop. A timeout too long for the
/// clock (`--timeout 10000000000000000000s`) never comes: the deadline is
/// the furthest the clock can hold rather than a panic.
pub(crate) fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    let mut reach = timeout;
    loop {
        if let Some(deadline) = now.checked_add(reach) {
            return deadline;
        }
        reach /= 2;
    }
}

/// Runs `work` on the tokio runtime wasmtime-wasi's host functions use,
/// until it ends, `stop`'s deadline passes or its Cancel comes. The epoch
/// callback cuts a guest that computes; this cuts one that waits.
pub(crate) fn until_deadline<R>(
    stop: &Stop,
    work: impl Future<Output = wasmtime::Result<R>>,
) -> wasmtime::Result<R> {
    wasmtime_wasi::runtime::in_tokio(async {
        let cancelled = async {
            match &stop.cancel {
                Some(cancel) => cancel.cancelled().await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            done = tokio::time::timeout_at(stop.deadline.into(), work) => match done {
                Ok(done) => done,
                Err(_elapsed) => Err(DeadlineHit.into()),
            },
            () = cancelled => Err(CancelHit { after: stop.started.elapsed() }.into()),
        }
    })
}

/// Sorts a failed instantiation or call into timeout, memory limit or trap,
/// with the guest output it produced.
pub(crate) fn classify(
    error: wasmtime::Error,
    (stdout, stderr): (String, String),
    timeout: Duration,
) -> RunError {
    if let Some(hit) = error.downcast_ref::<CancelHit>() {
        return RunError::Cancelled {
            after: hit.after,
            stdout,
            stderr,
        };
    }
    if error.downcast_ref::<DeadlineHit>().is_some() {
        return RunError::Timeout {
            limit: timeout,
            stdout,
            stderr,
        };
    }
    if let Some(hit) = error.downcast_ref::<MemoryLimitHit>() {
        return RunError::MemoryLimit {
            limit: hit.limit,
            requested: hit.requested,
            stdout,
            stderr,
        };
    }
    let backtrace = error
        .downcast_ref::<wasmtime::WasmBacktrace>()
        .map(|bt| bt.to_string())
        .unwrap_or_default();
    let message = match error.downcast_ref::<wasmtime::Trap>() {
        Some(trap) => trap.to_string(),
        None => format!("{:#}", error.root_cause()),
    };
    RunError::Trap {
        message,
        backtrace,
        stdout,
        stderr,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_needs_a_guest_directory() {
        let here = std::env::temp_dir();
        let err = DirGrant::parse(&format!("{}::", here.display()), Path::new("")).unwrap_err();
        assert!(err.contains("names no guest directory"), "{err}");
        assert!(DirGrant::parse("", Path::new("")).is_err());
        let bare = DirGrant::parse(&here.display().to_string(), Path::new("")).unwrap();
        assert_eq!(bare.guest, here.display().to_string());
        assert!(!bare.writable, "read-only unless asked");
        let writable =
            DirGrant::parse(&format!("{}::/t:rw", here.display()), Path::new("")).unwrap();
        assert_eq!((writable.guest.as_str(), writable.writable), ("/t", true));
        let read_only =
            DirGrant::parse(&format!("{}::/t:ro", here.display()), Path::new("")).unwrap();
        assert_eq!(
            (read_only.guest.as_str(), read_only.writable),
            ("/t", false)
        );
    }

    #[test]
    fn a_timeout_beyond_the_clock_is_a_deadline_far_away_not_a_panic() {
        let far = deadline_after(Duration::MAX);
        assert!(far > Instant::now() + Duration::from_secs(100 * 365 * 24 * 3600));
        let soon = deadline_after(Duration::from_secs(5));
        assert!(soon <= Instant::now() + Duration::from_secs(5));
    }
}
