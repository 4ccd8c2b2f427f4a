//! Answers HTTP requests with a component that exports an HTTP handler,
//! as `wasmtime serve` does: `wasi:http/incoming-handler@0.2.x` (the
//! `wasi:http/proxy` world) or `wasi:http/handler@0.3.x`.
//!
//! Every request gets a fresh instance in a fresh sandbox ([`RunOptions`]:
//! its deadline and memory cap hold per request), so one request cannot see
//! another's state and a trap ends only its own request. Instantiating a
//! pre-linked component takes microseconds; compiling is cached by the
//! [`Runner`] as for calls.
//!
//! The server runs on a tokio runtime of its own, on its own threads, so a
//! caller (the CLI, the language server) only starts, swaps and stops it.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http_body_util::BodyExt as _;
use hyper::body::{Body, Bytes, Frame, Incoming};
use wasmtime::AsContextMut as _;
use wasmtime::Store;
use wasmtime_wasi_http::WasiBody;
use wasmtime_wasi_http::handler::{Prepared, ProxyPre};
use wasmtime_wasi_http::io::TokioIo;

use crate::outcome::RunError;
use crate::runner::{LoadedComponent, Runner};
use crate::sandbox::{self, DeadlineHit, Host, RunOptions};

/// A component checked to export an HTTP handler, ready to instantiate.
pub struct HttpHandler {
    pre: ProxyPre<Host>,
    pub wasi: WasiVersion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WasiVersion {
    /// `wasi:http/incoming-handler@0.2.x`
    P2,
    /// `wasi:http/handler@0.3.x`
    P3,
}

impl std::fmt::Display for WasiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WasiVersion::P2 => "WASI 0.2, wasi:http/incoming-handler",
            WasiVersion::P3 => "WASI 0.3, wasi:http/handler",
        })
    }
}

impl Runner {
    /// The HTTP handler `component` exports, or why it cannot be served.
    pub fn http_handler(&self, component: &LoadedComponent) -> Result<HttpHandler, RunError> {
        let pre = component.pre.clone();
        if let Ok(p3) = wasmtime_wasi_http::p3::bindings::ServicePre::new(pre.clone()) {
            return Ok(HttpHandler {
                pre: ProxyPre::P3(p3),
                wasi: WasiVersion::P3,
            });
        }
        match wasmtime_wasi_http::p2::bindings::ProxyPre::new(pre) {
            Ok(p2) => Ok(HttpHandler {
                pre: ProxyPre::P2(p2),
                wasi: WasiVersion::P2,
            }),
            Err(_) => Err(RunError::Unsupported {
                message: "the component exports no HTTP handler: serving needs an export of \
                          `wasi:http/incoming-handler@0.2.x` (the `wasi:http/proxy` world) \
                          or `wasi:http/handler@0.3.x`"
                    .into(),
            }),
        }
    }
}

/// What one request did, for one line of the request log.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub method: String,
    /// The path with its query, as the client sent it.
    pub path: String,
    pub status: u16,
    /// From the request's arrival to the end of the response body.
    pub duration: Duration,
    /// Why the guest failed (a trap, the deadline, the memory cap), with
    /// its backtrace when it trapped.
    pub error: Option<RunError>,
    pub stdout: String,
    pub stderr: String,
}

impl RequestRecord {
    /// `GET /echo 200 1.2 ms`: the line `serve` logs per request.
    pub fn summary(&self) -> String {
        let ms = self.duration.as_secs_f64() * 1000.0;
        format!("{} {} {} {ms:.1} ms", self.method, self.path, self.status)
    }

    /// The summary, then what the guest printed (`  | ` before each line),
    /// then the error, indented, with limits named as `names` says.
    pub fn log_text(&self, names: crate::LimitNames) -> String {
        let mut text = self.summary();
        for line in self.stdout.lines().chain(self.stderr.lines()) {
            text.push_str("\n  | ");
            text.push_str(line);
        }
        if let Some(error) = &self.error {
            for line in error.describe(names).lines() {
                text.push_str("\n  ");
                text.push_str(line);
            }
        }
        text
    }
}

type Log = dyn Fn(&RequestRecord) + Send + Sync;

struct Shared {
    runner: Arc<Runner>,
    handler: Mutex<Arc<HttpHandler>>,
    options: RunOptions,
    log: Box<Log>,
    in_flight: AtomicUsize,
    all_done: tokio::sync::Notify,
}

/// A running HTTP server. Dropping it stops it, as [`HttpServer::stop`] does.
pub struct HttpServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl HttpServer {
    /// Listens on `addr` (port 0 picks a free one) and serves every request
    /// with `handler` in a sandbox made from `options`. `log` hears of each
    /// request once it is answered, on one of the server's threads.
    pub fn start(
        runner: Arc<Runner>,
        handler: HttpHandler,
        addr: SocketAddr,
        options: RunOptions,
        log: impl Fn(&RequestRecord) + Send + Sync + 'static,
    ) -> Result<HttpServer, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("wit-analyzer-serve")
            .build()
            .map_err(|e| format!("cannot start the server's threads: {e}"))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(addr))
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let addr = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let shared = Arc::new(Shared {
            runner,
            handler: Mutex::new(Arc::new(handler)),
            options,
            log: Box::new(log),
            in_flight: AtomicUsize::new(0),
            all_done: tokio::sync::Notify::new(),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let accepting = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("wit-analyzer-serve".into())
            .spawn(move || {
                runtime.block_on(accept_until_stopped(listener, &accepting, stopped));
                // Idle keep-alive connections end with the runtime.
                runtime.shutdown_timeout(Duration::from_millis(100));
            })
            .map_err(|e| format!("cannot start the server's thread: {e}"))?;
        Ok(HttpServer {
            addr,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Where the server listens (the port chosen for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves the next requests with `handler` (a rebuilt component);
    /// requests already running finish with the old one.
    pub fn swap(&self, handler: HttpHandler) {
        *self
            .shared
            .handler
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Arc::new(handler);
    }

    pub fn wasi_version(&self) -> WasiVersion {
        self.shared
            .handler
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .wasi
    }

    /// Stops accepting, lets the requests in flight finish (each is bounded
    /// by its deadline), and returns when the server is gone.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

async fn accept_until_stopped(
    listener: tokio::net::TcpListener,
    shared: &Arc<Shared>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            // Out of file descriptors, or a connection reset before it was
            // accepted: the listener itself is fine, so wait and go on.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(shared);
        tokio::spawn(async move {
            let service =
                hyper::service::service_fn(move |request| answer(Arc::clone(&shared), request));
            // A client that goes away mid-request is not the server's error.
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
    drop(listener);
    // Register before looking, so a request that ends in between still wakes us.
    let notified = shared.all_done.notified();
    tokio::pin!(notified);
    notified.as_mut().enable();
    if shared.in_flight.load(Ordering::SeqCst) > 0 {
        let grace = sandbox::deadline_after(shared.options.timeout + Duration::from_millis(100));
        let _ = tokio::time::timeout_at(grace.into(), notified).await;
    }
}

/// Counts a request in flight while it lives.
struct InFlight(Arc<Shared>);

impl InFlight {
    fn new(shared: &Arc<Shared>) -> Self {
        shared.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(Arc::clone(shared))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.all_done.notify_waiters();
        }
    }
}

/// What a guest task ends with: its result and the output it wrote.
type GuestEnd = (wasmtime::Result<()>, (String, String));

async fn answer(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<WasiBody>, Infallible> {
    let in_flight = InFlight::new(&shared);
    let arrived = Arrival::of(&request);

    let handler = Arc::clone(&shared.handler.lock().unwrap_or_else(|e| e.into_inner()));
    let mut store = match sandbox::new_store(shared.runner.engine(), &shared.options) {
        Ok(store) => store,
        Err(message) => {
            let error = RunError::Load { message };
            (shared.log)(&arrived.record(500, Some(error.clone()), Default::default()));
            return Ok(failure_response(&error));
        }
    };
    let request = request.map(|body| body.map_err(wasmtime_wasi_http::Error::from).boxed_unsync());
    let (respond, response) = futures::channel::oneshot::channel();
    let (body_done, body_dropped) = tokio::sync::oneshot::channel::<()>();
    let runner = Arc::clone(&shared.runner);
    let guest = tokio::spawn(async move {
        let _ticking = runner.begin_call();
        let deadline = store.data().deadline;
        let served = tokio::time::timeout_at(
            deadline.into(),
            handle(&mut store, &handler, request, respond, body_dropped),
        );
        let result = served
            .await
            .unwrap_or_else(|_elapsed| Err(DeadlineHit.into()));
        (result, store.data().captured())
    });

    let timeout = shared.options.timeout;
    match response.await {
        Ok(Ok(response)) => {
            let status = response.status().as_u16();
            let (parts, body) = response.into_parts();
            let body = SignalOnDrop {
                body,
                _dropped: body_done,
            }
            .boxed_unsync();
            // The line is written when the guest is done, with all it printed.
            tokio::spawn(async move {
                let (result, output) = finished(guest).await;
                let error = result
                    .err()
                    .map(|e| sandbox::classify(e, output.clone(), timeout));
                (shared.log)(&arrived.record(status, error, output));
                drop(in_flight);
            });
            Ok(hyper::Response::from_parts(parts, body))
        }
        failed => {
            drop(body_done);
            let (result, output) = finished(guest).await;
            // The guest's own error says most (a trap and its backtrace, the
            // deadline); the channel's says only that no response came.
            let error = match (result, failed) {
                (Err(e), _) => e,
                (Ok(()), Ok(Err(e))) => e,
                (Ok(()), _) => {
                    wasmtime::format_err!("the component returned without sending a response")
                }
            };
            let error = sandbox::classify(error, output.clone(), timeout);
            (shared.log)(&arrived.record(500, Some(error.clone()), output));
            Ok(failure_response(&error))
        }
    }
}

/// What the log line of a request needs from its start.
struct Arrival {
    method: String,
    path: String,
    at: Instant,
}

impl Arrival {
    fn of(request: &hyper::Request<Incoming>) -> Self {
        Arrival {
            method: request.method().to_string(),
            path: request
                .uri()
                .path_and_query()
                .map_or("/", |p| p.as_str())
                .to_string(),
            at: Instant::now(),
        }
    }

    fn record(
        &self,
        status: u16,
        error: Option<RunError>,
        (stdout, stderr): (String, String),
    ) -> RequestRecord {
        let (method, path) = (self.method.clone(), self.path.clone());
        RequestRecord {
            method,
            path,
            status,
            duration: self.at.elapsed(),
            error,
            stdout,
            stderr,
        }
    }
}

/// Instantiates the handler in `store` and calls it with `request`. The
/// response goes to `respond` as soon as the guest has set it; the guest's
/// event loop then runs on until the response body is done with, because
/// a WASI 0.3 body is written by the guest while the host reads it.
async fn handle(
    store: &mut Store<Host>,
    handler: &HttpHandler,
    request: wasmtime_wasi_http::handler::Request,
    respond: futures::channel::oneshot::Sender<
        wasmtime::Result<wasmtime_wasi_http::handler::Response>,
    >,
    body_dropped: tokio::sync::oneshot::Receiver<()>,
) -> wasmtime::Result<()> {
    let proxy = handler.pre.instantiate_async(&mut *store).await?;
    let prepared = Prepared::new(
        store.as_context_mut(),
        &proxy,
        request,
        <Host as wasmtime_wasi_http::WasiHttpView>::http,
        respond,
    )?;
    store
        .run_concurrent(async move |accessor| {
            // The deadline is the caller's `timeout_at`; nothing expires here.
            prepared.run(accessor, std::future::pending()).await?;
            let _ = body_dropped.await;
            Ok(())
        })
        .await?
}

async fn finished(guest: tokio::task::JoinHandle<GuestEnd>) -> GuestEnd {
    guest.await.unwrap_or_else(|panicked| {
        (
            Err(wasmtime::format_err!(
                "the request's task failed: {panicked}"
            )),
            Default::default(),
        )
    })
}

/// A 500 whose body says, in one line, what went wrong; the log has the rest.
fn failure_response(error: &RunError) -> hyper::Response<WasiBody> {
    let text = match error {
        RunError::Timeout { limit, .. } => format!(
            "the component did not answer within {}",
            crate::outcome::humantime(*limit)
        ),
        RunError::MemoryLimit { limit, .. } => format!(
            "the component needed more than its {} of memory",
            crate::outcome::size(*limit)
        ),
        RunError::Trap { .. } => "the component trapped".to_string(),
        other => other.to_string(),
    };
    let body =
        http_body_util::Full::new(Bytes::from(format!("500 Internal Server Error: {text}\n")))
            .map_err(|never| match never {})
            .boxed_unsync();
    let mut response = hyper::Response::new(body);
    *response.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A response body that tells the guest's task when hyper is done with it
/// (sent, or dropped because the client left): the sender goes with it.
struct SignalOnDrop {
    body: WasiBody,
    _dropped: tokio::sync::oneshot::Sender<()>,
}

impl Body for SignalOnDrop {
    type Data = Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.body.size_hint()
    }
}
