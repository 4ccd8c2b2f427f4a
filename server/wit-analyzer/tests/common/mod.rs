//! Shared by the CLI tests: the built binary run as a user runs it, its
//! output as text, throwaway workspaces, and the runner's guest fixtures.

#![allow(dead_code)]

use std::{
    fs,
    path::Path,
    process::{Command, Output},
};

// The guests (`wat_component`, `rust_guest`, ...) are the runner's; one
// copy serves both crates' tests.
#[path = "../../../runner/tests/common/mod.rs"]
mod guest;
#[allow(unused_imports)] // Not every test binary runs a guest.
pub use guest::*;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_wit-analyzer");

/// The binary under test, not yet started.
pub fn command() -> Command {
    Command::new(BIN)
}

/// `wit-analyzer <args>` run in `cwd`, to completion.
pub fn wit_analyzer(cwd: &Path, args: &[&str]) -> Output {
    command()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("wit-analyzer starts")
}

/// `wit-analyzer <subcommand> <args>` run in `cwd`, to completion.
pub fn subcommand(cwd: &Path, subcommand: &str, args: &[&str]) -> Output {
    wit_analyzer(cwd, &[&[subcommand], args].concat())
}

pub fn check(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "check", args)
}

pub fn fmt(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "fmt", args)
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(output: &Output) -> String {
    text(&output.stdout)
}

pub fn stderr(output: &Output) -> String {
    text(&output.stderr)
}

/// A temp dir holding `files`, given as (relative path, text).
pub fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// Fails, showing the whole of stderr, unless it contains `needle`.
#[track_caller]
pub fn assert_stderr_contains(output: &Output, needle: &str) {
    let stderr = stderr(output);
    assert!(
        stderr.contains(needle),
        "want {needle:?} in stderr:\n{stderr}"
    );
}

/// Fails, showing the whole of stderr, unless it starts with `prefix`.
#[track_caller]
pub fn assert_stderr_starts_with(output: &Output, prefix: &str) {
    let stderr = stderr(output);
    assert!(
        stderr.starts_with(prefix),
        "want stderr to start with {prefix:?}:\n{stderr}"
    );
}

// `serve`: the HTTP guest, servers running in the background (ours and
// `wasmtime serve`), and an HTTP/1.1 client to talk to them.

use std::io::{self, BufRead as _, BufReader, Read as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::pin::Pin;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt as _, Full};
use hyper::body::Bytes;

/// How long a helper waits for a server to start, log a line or exit before
/// it gives up: a guard against a hung test, far above any real wait.
const PATIENCE: Duration = Duration::from_secs(120);

/// Builds the HTTP guest (wit-samples/guest-http, world `demo:http/service`)
/// once per test binary with `wit-analyzer build`, and returns its artifact.
pub fn http_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| build_sample("demo:http/service"))
        .clone()
}

/// Builds the guest in wit-samples that implements `world` with
/// `wit-analyzer build`, and returns its artifact (the last line it prints).
pub fn build_sample(world: &str) -> PathBuf {
    let out = command()
        .args(["build", world, "--root"])
        .arg(samples_dir())
        .output()
        .expect("wit-analyzer starts");
    for line in stderr(&out).lines() {
        eprintln!("[guest build] {line}");
    }
    assert_eq!(
        out.status.code(),
        Some(0),
        "the guest of {world} builds:\n{}",
        stderr(&out)
    );
    let stdout = stdout(&out);
    let artifact = stdout.lines().last().expect("build prints the artifact");
    let artifact = std::path::absolute(artifact).unwrap();
    assert!(artifact.is_file(), "{} is not a file", artifact.display());
    artifact
}

/// A child process whose stderr a thread collects line by line, killed
/// when dropped so that no server outlives a failed test.
pub struct Background {
    child: Child,
    stderr: Arc<(Mutex<Lines>, Condvar)>,
    stdout: Option<std::thread::JoinHandle<String>>,
}

#[derive(Default)]
struct Lines {
    lines: Vec<String>,
    closed: bool,
}

/// How a background process ended.
#[derive(Debug)]
pub struct Ended {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Background {
    /// Starts `command` with stdout and stderr piped to collecting threads.
    pub fn spawn(command: &mut Command) -> Background {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{command:?} starts: {e}"));
        let collected = Arc::new((Mutex::new(Lines::default()), Condvar::new()));
        let reader = BufReader::new(child.stderr.take().unwrap());
        let shared = Arc::clone(&collected);
        std::thread::spawn(move || {
            let (lines, changed) = &*shared;
            for line in reader.split(b'\n') {
                let Ok(line) = line else { break };
                lines.lock().unwrap().lines.push(text(&line));
                changed.notify_all();
            }
            lines.lock().unwrap().closed = true;
            changed.notify_all();
        });
        let mut out = child.stdout.take().unwrap();
        let stdout = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = out.read_to_end(&mut bytes);
            text(&bytes)
        });
        Background {
            child,
            stderr: collected,
            stdout: Some(stdout),
        }
    }

    pub fn pid(&self) -> libc::pid_t {
        self.child.id() as libc::pid_t
    }

    /// Everything on stderr so far, one `\n` after each line.
    pub fn stderr(&self) -> String {
        let lines = self.stderr.0.lock().unwrap();
        lines.lines.iter().map(|line| format!("{line}\n")).collect()
    }

    /// Waits until a line of stderr passes `accept` and returns it; panics,
    /// showing stderr, if stderr closes first.
    pub fn wait_for_line(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        self.wait_until(what, |lines| {
            lines.iter().find(|line| accept(line)).cloned()
        })
    }

    /// Waits until some line of stderr contains `needle`, and returns all of stderr.
    pub fn wait_for_stderr(&self, needle: &str) -> String {
        self.wait_for_line(&format!("{needle:?}"), |line| line.contains(needle));
        self.stderr()
    }

    /// Waits until all of stderr so far passes `accept`, and returns it.
    pub fn wait_for_all_stderr(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        self.wait_until(what, |lines| {
            let all: String = lines.iter().map(|line| format!("{line}\n")).collect();
            accept(&all).then_some(all)
        })
    }

    /// Waits until `look` finds something in the lines of stderr; panics,
    /// showing them, if stderr closes first or after a long while.
    fn wait_until<T>(&self, what: &str, look: impl Fn(&[String]) -> Option<T>) -> T {
        let (lock, changed) = &*self.stderr;
        let give_up = Instant::now() + PATIENCE;
        let mut lines = lock.lock().unwrap();
        loop {
            if let Some(found) = look(&lines.lines) {
                return found;
            }
            let now = Instant::now();
            assert!(
                !lines.closed,
                "stderr ended without {what}:\n{}",
                lines.lines.join("\n")
            );
            assert!(
                now < give_up,
                "no {what} on stderr after {PATIENCE:?}:\n{}",
                lines.lines.join("\n")
            );
            lines = changed.wait_timeout(lines, give_up - now).unwrap().0;
        }
    }

    pub fn signal(&self, signal: libc::c_int) {
        assert_eq!(
            unsafe { libc::kill(self.pid(), signal) },
            0,
            "{}",
            io::Error::last_os_error()
        );
    }

    /// Sends `signal` and waits for the process to end.
    pub fn stop(mut self, signal: libc::c_int) -> Ended {
        self.signal(signal);
        self.wait()
    }

    /// Waits for the process to end by itself; kills it, and panics, if it
    /// is still running after a long while.
    pub fn wait(&mut self) -> Ended {
        let give_up = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > give_up {
                let _ = self.child.kill();
                panic!("still running after {PATIENCE:?}:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stdout = self
            .stdout
            .take()
            .map(|t| t.join().unwrap())
            .unwrap_or_default();
        // The pipe is closed now; wait for the reader to take its last line.
        let (lock, changed) = &*self.stderr;
        let mut lines = lock.lock().unwrap();
        while !lines.closed {
            lines = changed.wait(lines).unwrap();
        }
        drop(lines);
        Ended {
            status,
            stdout,
            stderr: self.stderr(),
        }
    }

    /// Whether the process has ended.
    pub fn has_ended(&mut self) -> bool {
        self.child.try_wait().unwrap().is_some()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `wit-analyzer serve` in the background on a free loopback port, in a
/// directory of its own (no `wit-analyzer.toml`, its own component cache).
pub struct Served {
    pub process: Background,
    pub addr: SocketAddr,
    /// The line it printed on start: `serving … at http://…/ (Ctrl-C stops it)`.
    pub banner: String,
    _dir: tempfile::TempDir,
}

impl Served {
    /// Serves `component` with the extra `args`, and waits for the banner.
    pub fn start(component: &Path, args: &[&str]) -> Served {
        Served::start_with(BIN.as_ref(), component, args)
    }

    /// As [`Served::start`], with the `wit-analyzer` binary at `bin`.
    pub fn start_with(bin: &Path, component: &Path, args: &[&str]) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let process = Background::spawn(
            Command::new(bin)
                .arg("serve")
                .arg(component)
                .args(["--addr", "127.0.0.1:0"])
                .args(args)
                .env("XDG_CACHE_HOME", dir.path().join("cache"))
                .current_dir(dir.path()),
        );
        let banner =
            process.wait_for_line("the `serving` line", |line| line.starts_with("serving "));
        let url = banner
            .split_once(" at http://")
            .and_then(|(_, rest)| rest.split_once("/ (Ctrl-C stops it)"))
            .map(|(addr, _)| addr)
            .unwrap_or_else(|| panic!("no URL in {banner:?}"));
        let addr = url
            .parse()
            .unwrap_or_else(|e| panic!("{url:?} in {banner:?} is no address: {e}"));
        Served {
            process,
            addr,
            banner,
            _dir: dir,
        }
    }

    pub fn stderr(&self) -> String {
        self.process.stderr()
    }

    /// Waits until the log has a line containing `needle`; returns the whole log.
    pub fn wait_for_log(&self, needle: &str) -> String {
        self.process.wait_for_stderr(needle)
    }

    /// Waits until the whole log passes `accept`; returns it.
    pub fn wait_for_log_where(&self, what: &str, accept: impl Fn(&str) -> bool) -> String {
        self.process.wait_for_all_stderr(what, accept)
    }

    pub fn stop(self, signal: libc::c_int) -> Ended {
        self.process.stop(signal)
    }
}

/// `wasmtime serve -S cli` in the background on a free loopback port,
/// once it accepts connections.
pub struct WasmtimeServed {
    pub process: Background,
    pub addr: SocketAddr,
}

impl WasmtimeServed {
    pub fn start(component: &Path) -> WasmtimeServed {
        WasmtimeServed::start_with(component, &[])
    }

    /// As [`WasmtimeServed::start`], with more `flags` for `wasmtime serve`.
    pub fn start_with(component: &Path, flags: &[&str]) -> WasmtimeServed {
        let addr = free_port();
        let mut process = Background::spawn(
            Command::new(wasmtime_cli())
                .args(["serve", "-S", "cli"])
                .args(flags)
                .arg("--addr")
                .arg(addr.to_string())
                .arg(component),
        );
        let give_up = Instant::now() + PATIENCE;
        while TcpStream::connect(addr).is_err() {
            assert!(
                !process.has_ended(),
                "wasmtime serve ended:\n{}",
                process.stderr()
            );
            assert!(
                Instant::now() < give_up,
                "wasmtime serve does not listen on {addr}:\n{}",
                process.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        WasmtimeServed { process, addr }
    }
}

/// A loopback address with a port that was free a moment ago.
pub fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// What the tests compare of a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        text(&self.body)
    }
}

/// A request to `path` with a `host` header, as every HTTP/1.1 request has.
pub fn request(method: &str, addr: SocketAddr, path: &str) -> hyper::http::request::Builder {
    hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", addr.to_string())
}

pub fn get(addr: SocketAddr, path: &str) -> hyper::Request<Full<Bytes>> {
    request("GET", addr, path).body(Full::default()).unwrap()
}

/// One keep-alive HTTP/1.1 connection: requests go out one after another.
pub struct Connection {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

impl Connection {
    /// Connects; call within a tokio runtime.
    pub async fn open(addr: SocketAddr) -> io::Result<Connection> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(Io(stream))
            .await
            .map_err(io::Error::other)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Connection { sender })
    }

    pub async fn send(
        &mut self,
        request: hyper::Request<Full<Bytes>>,
    ) -> Result<Reply, hyper::Error> {
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(hyper::header::CONTENT_TYPE)
            .map(|value| text(value.as_bytes()));
        let body = response.into_body().collect().await?.to_bytes().to_vec();
        Ok(Reply {
            status,
            content_type,
            body,
        })
    }
}

/// Runs `work` to the end on a runtime of its own.
pub fn block_on<T>(work: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(work)
}

/// Sends `request` on a connection of its own and waits for the whole answer.
pub fn fetch(addr: SocketAddr, request: hyper::Request<Full<Bytes>>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    block_on(async {
        let mut connection = Connection::open(addr).await?;
        connection.send(request).await.map_err(io::Error::other)
    })
    .unwrap_or_else(|e| panic!("{what} to {addr}: {e}"))
}

/// A tokio TCP stream as hyper's client reads and writes it.
struct Io(tokio::net::TcpStream);

impl hyper::rt::Read for Io {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let filled = {
            // SAFETY: tokio's `ReadBuf` writes only initialized bytes and never
            // de-initializes any.
            let mut read = tokio::io::ReadBuf::uninit(unsafe { buf.as_mut() });
            ready!(tokio::io::AsyncRead::poll_read(
                Pin::new(&mut self.0),
                cx,
                &mut read
            ))?;
            read.filled().len()
        };
        // SAFETY: the read initialized the first `filled` bytes.
        unsafe { buf.advance(filled) };
        Poll::Ready(Ok(()))
    }
}

impl hyper::rt::Write for Io {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        tokio::io::AsyncWrite::poll_write(Pin::new(&mut self.0), cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        tokio::io::AsyncWrite::poll_write_vectored(Pin::new(&mut self.0), cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        true
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        tokio::io::AsyncWrite::poll_flush(Pin::new(&mut self.0), cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        tokio::io::AsyncWrite::poll_shutdown(Pin::new(&mut self.0), cx)
    }
}
