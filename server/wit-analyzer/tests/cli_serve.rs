//! `wit-analyzer serve` as a user runs it: a separate process on a free
//! port, real HTTP requests from outside, the request log on stderr, exit
//! codes and signals. The guest is wit-samples/guest-http.

mod common;

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};

use common::{Connection, Ended, Reply, Served, block_on, fetch, get, request};
use http_body_util::Full;
use hyper::body::Bytes;

const TRAPPED: &str = "500 Internal Server Error: the component trapped\n";
const OUR_500_TYPE: &str = "text/plain; charset=utf-8";

fn serve(args: &[&str]) -> Served {
    Served::start(&common::http_guest(), args)
}

fn reply(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        content_type: Some(content_type.into()),
        body: body.into(),
    }
}

type Request = hyper::Request<Full<Bytes>>;

fn post(
    addr: SocketAddr,
    path: &str,
    content_type: Option<&str>,
    body: impl Into<Bytes>,
) -> Request {
    let mut builder = request("POST", addr, path);
    if let Some(content_type) = content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(Full::new(body.into())).unwrap()
}

fn empty(method: &str, addr: SocketAddr, path: &str) -> Request {
    request(method, addr, path).body(Full::default()).unwrap()
}

/// `serve` with `args`, none of which gets as far as serving.
fn serve_fails(args: &[&str]) -> Ended {
    let dir = tempfile::tempdir().unwrap();
    let mut command = common::command();
    command
        .arg("serve")
        .args(args)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path());
    common::Background::spawn(&mut command).wait()
}

/// The log's entries: each request's line (`GET / 200 1.2 ms`) with the
/// indented lines under it (the guest's output, then the error).
fn entries(log: &str) -> Vec<(&str, Vec<&str>)> {
    let mut entries: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in log.lines() {
        if line.starts_with("  ") {
            let (_, under) = entries
                .last_mut()
                .unwrap_or_else(|| panic!("{line:?} under no request in:\n{log}"));
            under.push(line);
        } else if !line.starts_with("serving ") && !line.starts_with("stopping: ") {
            entries.push((line, Vec::new()));
        }
    }
    entries
}

/// Whether `line` is the log line of one `method path` answered `status`:
/// `GET /nope?x=1 404 0.8 ms`.
fn is_summary(line: &str, method: &str, path: &str, status: u16) -> bool {
    let Some(rest) = line.strip_prefix(&format!("{method} {path} {status} ")) else {
        return false;
    };
    let Some(ms) = rest.strip_suffix(" ms") else {
        return false;
    };
    ms.parse::<f64>().is_ok()
        && ms
            .split_once('.')
            .is_some_and(|(_, decimals)| decimals.len() == 1)
}

/// The one entry of `method path` answered `status`.
fn entry<'a>(log: &'a str, method: &str, path: &str, status: u16) -> Vec<&'a str> {
    let found: Vec<_> = entries(log)
        .into_iter()
        .filter(|(line, _)| is_summary(line, method, path, status))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want one entry `{method} {path} {status} … ms` in the log:\n{log}"
    );
    found.into_iter().next().unwrap().1
}

/// 1 MiB holding every byte value, in no simple pattern.
fn binary_body() -> Vec<u8> {
    let mut state: u32 = 0x9E37_79B9;
    (0..1 << 20)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if i < 256 { i as u8 } else { state as u8 }
        })
        .collect()
}

#[test]
fn the_banner_names_the_component_its_wasi_version_and_the_url() {
    let guest = common::http_guest();
    let served = Served::start(&guest, &[]);
    assert_ne!(served.addr.port(), 0);
    assert!(served.addr.ip().is_loopback(), "{}", served.banner);
    let banner = &served.banner;
    let wasi = banner
        .strip_prefix(&format!("serving {} (", guest.display()))
        .and_then(|rest| {
            rest.strip_suffix(&format!(") at http://{}/ (Ctrl-C stops it)", served.addr))
        })
        .unwrap_or_else(|| panic!("{banner}"));
    // The WASI version the component was found to serve.
    assert!(
        wasi.contains("WASI 0.2") && wasi.contains("wasi:http/incoming-handler"),
        "{banner}"
    );
    // Nothing else until a request comes.
    assert_eq!(served.stderr(), format!("{banner}\n"));
}

#[test]
fn every_route_answers_as_the_guest_readme_says() {
    let served = serve(&[]);
    let addr = served.addr;
    let header = |value: &[u8]| {
        request("GET", addr, "/header")
            .header("x-name", value)
            .body(Full::default())
            .unwrap()
    };
    let cases = [
        (
            get(addr, "/"),
            reply(200, "text/plain", "hello from a WIT component\n"),
        ),
        (
            post(addr, "/echo", Some("application/json"), r#"{"a": 1}"#),
            reply(200, "application/json", r#"{"a": 1}"#),
        ),
        (
            post(addr, "/echo", None, "no type"),
            reply(200, "application/octet-stream", "no type"),
        ),
        (
            post(addr, "/echo?x=1", Some("text/csv"), "a,b\n"),
            reply(200, "text/csv", "a,b\n"),
        ),
        (
            post(addr, "/echo", Some("text/plain"), ""),
            reply(200, "text/plain", ""),
        ),
        (header(b"Ada"), reply(200, "text/plain", "x-name: Ada\n")),
        // Header values are bytes, and come back as bytes.
        (
            header(b"J\xF6rg"),
            reply(200, "text/plain", b"x-name: J\xF6rg\n".to_vec()),
        ),
        (
            get(addr, "/header"),
            reply(400, "text/plain", "missing x-name header\n"),
        ),
        (
            get(addr, "/header?x-name=Ada"),
            reply(400, "text/plain", "missing x-name header\n"),
        ),
        (
            get(addr, "/nope?x=1"),
            reply(404, "text/plain", "no route for GET /nope?x=1\n"),
        ),
        (
            get(addr, "/echo"),
            reply(404, "text/plain", "no route for GET /echo\n"),
        ),
        (
            post(addr, "/", None, "x"),
            reply(404, "text/plain", "no route for POST /\n"),
        ),
        (
            empty("DELETE", addr, "/"),
            reply(404, "text/plain", "no route for DELETE /\n"),
        ),
    ];
    // All on one keep-alive connection, as a browser sends them.
    let mismatches = block_on(async {
        let mut connection = Connection::open(addr).await.unwrap();
        let mut mismatches = Vec::new();
        for (request, want) in cases {
            let what = format!("{} {}", request.method(), request.uri());
            match connection.send(request).await {
                Ok(got) if got == want => {}
                Ok(got) => mismatches.push(format!("{what}: got {got:?}\n  want {want:?}")),
                Err(e) => mismatches.push(format!("{what}: {e}")),
            }
        }
        mismatches
    });
    assert!(
        mismatches.is_empty(),
        "{}\nstderr:\n{}",
        mismatches.join("\n"),
        served.stderr()
    );
}

#[test]
fn the_log_has_a_line_per_request_with_the_guests_output_and_stdout_stays_empty() {
    let served = serve(&[]);
    let addr = served.addr;
    assert_eq!(fetch(addr, get(addr, "/")).status, 200);
    assert_eq!(fetch(addr, post(addr, "/echo", None, "abc")).status, 200);
    assert_eq!(fetch(addr, get(addr, "/header")).status, 400);
    assert_eq!(fetch(addr, get(addr, "/nope?x=1")).status, 404);
    let ended = served.stop(libc::SIGTERM);
    let log = &ended.stderr;

    assert_eq!(entry(log, "GET", "/", 200), ["  | guest: GET /"], "{log}");
    assert_eq!(
        entry(log, "POST", "/echo", 200),
        ["  | guest: POST /echo"],
        "{log}"
    );
    // A 400 is the guest's answer, not a failure: no error under it.
    assert_eq!(
        entry(log, "GET", "/header", 400),
        ["  | guest: GET /header"],
        "{log}"
    );
    assert_eq!(
        entry(log, "GET", "/nope?x=1", 404),
        ["  | guest: GET /nope?x=1"],
        "{log}"
    );
    assert_eq!(entries(log).len(), 4, "{log}");
    // Each line is written once its guest is done, which may be after the
    // client has its answer: after a later request's line, or after
    // `stopping` (stopping waits for it).
    let lines: Vec<_> = log.lines().filter(|line| !line.starts_with("  ")).collect();
    assert!(lines[0].starts_with("serving "), "{log}");
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.starts_with("stopping: "))
            .count(),
        1,
        "{log}"
    );
    assert_eq!(ended.stdout, "");
}

#[test]
fn a_megabyte_of_binary_comes_back_byte_identical() {
    let served = serve(&[]);
    let addr = served.addr;
    let body = binary_body();
    for content_type in [None, Some("image/png")] {
        let got = fetch(addr, post(addr, "/echo", content_type, body.clone()));
        assert_eq!(got.status, 200, "{}", served.stderr());
        assert_eq!(
            got.content_type.as_deref(),
            Some(content_type.unwrap_or("application/octet-stream"))
        );
        assert!(
            got.body.len() == body.len(),
            "{} bytes back of {}",
            got.body.len(),
            body.len()
        );
        let first_difference = got.body.iter().zip(&body).position(|(a, b)| a != b);
        assert_eq!(first_difference, None, "the bodies differ");
    }
}

#[test]
fn a_trap_answers_500_and_the_next_request_works() {
    let served = serve(&[]);
    let addr = served.addr;
    block_on(async {
        let mut connection = Connection::open(addr).await.unwrap();
        let got = connection.send(get(addr, "/trap")).await.unwrap();
        assert_eq!(got, reply(500, OUR_500_TYPE, TRAPPED));
        // The same connection goes on.
        let got = connection.send(get(addr, "/")).await.unwrap();
        assert_eq!(
            got,
            reply(200, "text/plain", "hello from a WIT component\n")
        );
    });
    assert_eq!(fetch(addr, get(addr, "/")).status, 200);
    assert_eq!(fetch(addr, get(addr, "/trap")).status, 500);

    // Stopping waits for the log of every request answered.
    let log = served.stop(libc::SIGTERM).stderr;
    assert_eq!(entries(&log).len(), 4, "{log}");
    let traps: Vec<_> = entries(&log)
        .into_iter()
        .filter(|(line, _)| is_summary(line, "GET", "/trap", 500))
        .collect();
    assert_eq!(traps.len(), 2, "{log}");
    let under = &traps[0].1;
    assert_eq!(under[0], "  | guest: GET /trap", "{log}");
    // The guest's panic message, from its stderr, then the trap and its backtrace.
    assert!(
        under.contains(&"  | the /trap route panics on purpose"),
        "{log}"
    );
    let error = under
        .iter()
        .position(|line| !line.starts_with("  | "))
        .unwrap_or_else(|| panic!("no error:\n{log}"));
    assert!(
        under[error].starts_with("  the guest trapped: ") && under[error].contains("unreachable"),
        "{log}"
    );
    assert!(
        under[error..]
            .iter()
            .any(|line| line.contains("wasm backtrace")),
        "{log}"
    );
    assert!(
        under[error..]
            .iter()
            .any(|line| line.contains("wasi:http/incoming-handler@0.2")),
        "{log}"
    );
    let answered: Vec<_> = entries(&log)
        .into_iter()
        .filter(|(line, _)| is_summary(line, "GET", "/", 200))
        .collect();
    assert_eq!(answered.len(), 2, "{log}");
    assert!(
        answered
            .iter()
            .all(|(_, under)| under == &["  | guest: GET /"]),
        "{log}"
    );
}

#[test]
fn a_guest_past_its_deadline_answers_500_and_the_next_request_works() {
    let served = serve(&["--timeout", "2s", "--no-cache"]);
    let addr = served.addr;
    let got = fetch(addr, get(addr, "/loop"));
    assert_eq!(
        got,
        reply(
            500,
            OUR_500_TYPE,
            "500 Internal Server Error: the component did not answer within 2s\n"
        )
    );
    assert_eq!(
        fetch(addr, get(addr, "/")),
        reply(200, "text/plain", "hello from a WIT component\n")
    );

    let log = served.stop(libc::SIGTERM).stderr;
    let under = entry(&log, "GET", "/loop", 500);
    let error = "  the run did not finish within 2s (raise it with --timeout)";
    assert_eq!(under, ["  | guest: GET /loop", error], "{log}");
    assert_eq!(entry(&log, "GET", "/", 200), ["  | guest: GET /"], "{log}");
}

/// Writes `head` (the request line and headers) on a raw connection.
fn send_head(stream: &mut TcpStream, head: &str) {
    stream
        .write_all(head.replace('\n', "\r\n").as_bytes())
        .unwrap();
}

/// Reads up to the blank line that ends a response head.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(
            stream.read(&mut byte).unwrap(),
            1,
            "the connection ended in a head: {:?}",
            common::text(&head)
        );
        head.push(byte[0]);
    }
    common::text(&head)
}

/// The body of a `transfer-encoding: chunked` response.
fn dechunk(mut chunked: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = chunked
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size = usize::from_str_radix(common::text(&chunked[..line_end]).trim(), 16)
            .expect("a hex chunk size");
        chunked = &chunked[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&chunked[..size]);
        assert_eq!(&chunked[size..size + 2], b"\r\n");
        chunked = &chunked[size + 2..];
    }
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let served = serve(&[]);
    let mut stream = TcpStream::connect(served.addr).unwrap();
    let addr = served.addr;
    send_head(
        &mut stream,
        &format!(
            "POST /echo HTTP/1.1\nhost: {addr}\ncontent-type: text/plain\ncontent-length: 6\n\
             expect: 100-continue\nconnection: close\n\n"
        ),
    );
    // The server sends `100 Continue` once the guest asks for the body:
    // from then on the request is in flight.
    assert_eq!(read_head(&mut stream), "HTTP/1.1 100 Continue\r\n\r\n");
    served.process.signal(libc::SIGTERM);
    served.wait_for_log("stopping: letting the requests in flight finish");

    stream.write_all(b"drain\n").unwrap();
    let head = read_head(&mut stream);
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(head.contains("\r\ncontent-type: text/plain\r\n"), "{head}");
    assert!(
        head.contains("\r\ntransfer-encoding: chunked\r\n"),
        "{head}"
    );
    assert_eq!(common::text(&dechunk(&rest)), "drain\n");

    let mut process = served.process;
    let ended = process.wait();
    assert_eq!(ended.status.code(), Some(0), "{}", ended.stderr);
    let log = &ended.stderr;
    // Answered after the server began to stop.
    let (before, after) = log
        .split_once("stopping: letting the requests in flight finish\n")
        .unwrap();
    assert!(entries(before).is_empty(), "{log}");
    assert_eq!(
        entry(after, "POST", "/echo", 200),
        ["  | guest: POST /echo"],
        "{log}"
    );
}

#[test]
fn sigint_with_an_idle_keep_alive_connection_open_exits_0() {
    let served = serve(&[]);
    let addr = served.addr;
    block_on(async {
        let mut connection = Connection::open(addr).await.unwrap();
        assert_eq!(connection.send(get(addr, "/")).await.unwrap().status, 200);
        served.wait_for_log("GET / 200 ");
        // The connection stays open while the server stops.
        let ended = served.process.stop(libc::SIGINT);
        assert_eq!(ended.status.code(), Some(0), "{}", ended.stderr);
        assert!(
            ended
                .stderr
                .ends_with("\nstopping: letting the requests in flight finish\n"),
            "{}",
            ended.stderr
        );
        assert_eq!(ended.stdout, "");
        drop(connection);
    });
}

#[test]
fn a_component_without_an_http_handler_exits_1_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let component = dir.path().join("fixture.wasm");
    std::fs::write(&component, common::wat_component()).unwrap();
    let ended = serve_fails(&[component.to_str().unwrap(), "--addr", "127.0.0.1:0"]);
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    let message = ended
        .stderr
        .lines()
        .find(|line| line.contains("exports no HTTP handler"));
    let message =
        message.unwrap_or_else(|| panic!("no `exports no HTTP handler` in:\n{}", ended.stderr));
    assert!(
        message.contains(&component.display().to_string()),
        "the message names the file: {message}"
    );
    assert!(
        !ended
            .stderr
            .lines()
            .any(|line| line.starts_with("serving ")),
        "{}",
        ended.stderr
    );
    assert_eq!(ended.stdout, "");
}

#[test]
fn a_file_that_is_no_component_exits_1_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let component = dir.path().join("notes.wasm");
    std::fs::write(&component, "not wasm at all").unwrap();
    let ended = serve_fails(&[component.to_str().unwrap(), "--addr", "127.0.0.1:0"]);
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    assert!(
        ended.stderr.contains(&component.display().to_string()),
        "{}",
        ended.stderr
    );
    assert!(
        !ended
            .stderr
            .lines()
            .any(|line| line.starts_with("serving ")),
        "{}",
        ended.stderr
    );
}

#[test]
fn a_busy_port_exits_1_with_cannot_listen_on() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let guest = common::http_guest();
    let ended = serve_fails(&[guest.to_str().unwrap(), "--addr", &addr]);
    assert_eq!(ended.status.code(), Some(1), "{}", ended.stderr);
    assert!(
        ended.stderr.contains(&format!("cannot listen on {addr}")),
        "{}",
        ended.stderr
    );
    assert!(
        !ended
            .stderr
            .lines()
            .any(|line| line.starts_with("serving ")),
        "{}",
        ended.stderr
    );
    drop(taken);
}

#[test]
fn thirty_two_concurrent_requests_each_get_their_own_body_back() {
    let served = serve(&[]);
    let addr = served.addr;
    let wants: Vec<(String, Vec<u8>)> = (0..32)
        .map(|i| {
            (
                format!("application/x-request-{i}"),
                format!("request {i} ").repeat(2000 + 97 * i).into_bytes(),
            )
        })
        .collect();
    let failures = block_on(async {
        // Every connection is open before any request goes out.
        let mut connections = Vec::new();
        for _ in &wants {
            connections.push(Connection::open(addr).await.unwrap());
        }
        let mut requests = tokio::task::JoinSet::new();
        for (i, (mut connection, (content_type, body))) in
            connections.into_iter().zip(wants.clone()).enumerate()
        {
            requests.spawn(async move {
                let got = connection
                    .send(post(addr, "/echo", Some(&content_type), body.clone()))
                    .await;
                match got {
                    Ok(got) if got == reply(200, &content_type, body) => None,
                    Ok(got) => Some(format!(
                        "request {i}: {} {:?}, {} bytes: {:?}…",
                        got.status,
                        got.content_type,
                        got.body.len(),
                        common::text(&got.body[..got.body.len().min(80)])
                    )),
                    Err(e) => Some(format!("request {i}: {e}")),
                }
            });
        }
        requests
            .join_all()
            .await
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
    });
    assert!(
        failures.is_empty(),
        "{}\nstderr:\n{}",
        failures.join("\n"),
        served.stderr()
    );
    let log = served.stop(libc::SIGTERM).stderr;
    assert_eq!(entries(&log).len(), 32, "{log}");
    assert!(
        entries(&log)
            .iter()
            .all(|(line, _)| is_summary(line, "POST", "/echo", 200)),
        "{log}"
    );
}

#[test]
fn the_component_path_may_be_relative_to_the_working_directory() {
    let guest = common::http_guest();
    let dir = guest.parent().unwrap();
    let dir_for_cache = tempfile::tempdir().unwrap();
    let mut process = common::Background::spawn(
        common::command()
            .args([
                "serve",
                guest.file_name().unwrap().to_str().unwrap(),
                "--addr",
                "127.0.0.1:0",
            ])
            .env("XDG_CACHE_HOME", dir_for_cache.path())
            .current_dir(dir),
    );
    let banner = process.wait_for_line("the `serving` line", |line| line.starts_with("serving "));
    assert!(
        banner.starts_with("serving demo_guest_http.wasm (WASI 0.2"),
        "{banner}"
    );
    let addr: SocketAddr = banner
        .split(" at http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(fetch(addr, get(addr, "/")).status, 200);
    assert!(!process.has_ended());
}
