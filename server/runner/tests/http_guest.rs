//! Serving the HTTP samples through `HttpServer`: the WASI 0.2 guest
//! (`wasi:http/incoming-handler`) and the WASI 0.3 one (`wasi:http/handler`)
//! implement the same routes, and must answer every request alike.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runner::{HttpServer, RequestRecord, RunOptions, WasiVersion};

/// Status line, headers (lower-cased names) and the decoded body of one
/// HTTP/1.1 exchange with `Connection: close`.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = TcpStream::connect(addr).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        request.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("the whole answer arrives");
    parse(&raw)
}

fn parse(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header section");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v == "chunked");
    let body = if chunked {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("a chunk size line");
        let size =
            usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).unwrap().trim(), 16)
                .unwrap();
        rest = &rest[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

type Log = Arc<Mutex<Vec<RequestRecord>>>;

fn serve(artifact: &std::path::Path) -> (HttpServer, Log) {
    serve_within(artifact, Duration::from_secs(2))
}

fn serve_within(artifact: &std::path::Path, timeout: Duration) -> (HttpServer, Log) {
    let runner = Arc::new(common::runner_without_disk_cache());
    let component = runner.load_file(artifact).expect("the sample loads");
    let handler = runner
        .http_handler(&component)
        .expect("the sample exports an HTTP handler");
    let options = RunOptions {
        timeout,
        ..RunOptions::default()
    };
    let log: Log = Arc::default();
    let records = Arc::clone(&log);
    let addr = "127.0.0.1:0".parse().unwrap();
    let server = HttpServer::start(runner, handler, addr, options, move |r| {
        records.lock().unwrap().push(r.clone())
    })
    .expect("the server starts");
    (server, log)
}

/// The routes of both samples, and what each answers.
fn check_routes(addr: SocketAddr) {
    let hello = exchange(addr, "GET", "/", &[], b"");
    assert_eq!(
        (hello.status, hello.header("content-type")),
        (200, Some("text/plain"))
    );
    assert_eq!(hello.body, b"hello from a WIT component\n");

    let body: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let echoed = exchange(
        addr,
        "POST",
        "/echo",
        &[("content-type", "application/x-test")],
        &body,
    );
    assert_eq!(
        (echoed.status, echoed.header("content-type")),
        (200, Some("application/x-test"))
    );
    assert!(
        echoed.body == body,
        "the body comes back byte for byte ({} of {} bytes)",
        echoed.body.len(),
        body.len()
    );
    let untyped = exchange(addr, "POST", "/echo", &[], b"abc");
    assert_eq!(
        (untyped.header("content-type"), untyped.body.as_slice()),
        (Some("application/octet-stream"), &b"abc"[..])
    );

    let named = exchange(addr, "GET", "/header", &[("x-name", "Ada")], b"");
    assert_eq!(
        (named.status, named.body.as_slice()),
        (200, &b"x-name: Ada\n"[..])
    );
    let unnamed = exchange(addr, "GET", "/header", &[], b"");
    assert_eq!(
        (unnamed.status, unnamed.body.as_slice()),
        (400, &b"missing x-name header\n"[..])
    );

    let missing = exchange(addr, "DELETE", "/nope?x=1", &[], b"");
    assert_eq!(
        (missing.status, missing.body.as_slice()),
        (404, &b"no route for DELETE /nope?x=1\n"[..])
    );

    let trapped = exchange(addr, "GET", "/trap", &[], b"");
    assert_eq!(trapped.status, 500);
    assert_eq!(
        trapped.body,
        b"500 Internal Server Error: the component trapped\n"
    );
    assert_eq!(
        exchange(addr, "GET", "/", &[], b"").status,
        200,
        "a trap ends only its own request"
    );

    let looped = exchange(addr, "GET", "/loop", &[], b"");
    assert_eq!(
        (looped.status, looped.body.as_slice()),
        (
            500,
            &b"500 Internal Server Error: the component did not answer within 2s\n"[..]
        )
    );
    assert_eq!(
        exchange(addr, "GET", "/", &[], b"").status,
        200,
        "the deadline ends only its own request"
    );
}

fn check_log(log: &Log) {
    let records = log.lock().unwrap();
    let trap = records
        .iter()
        .find(|r| r.path == "/trap")
        .expect("the trap is logged");
    let text = trap.log_text(runner::LimitNames::CLI);
    assert!(text.starts_with("GET /trap 500 "), "{text}");
    assert!(
        text.contains("panics on purpose") && text.contains("the guest trapped"),
        "{text}"
    );
    let looped = records
        .iter()
        .find(|r| r.path == "/loop")
        .expect("the loop is logged");
    assert!(
        matches!(looped.error, Some(runner::RunError::Timeout { .. })),
        "{:?}",
        looped.error
    );
    let hello = records
        .iter()
        .find(|r| r.path == "/")
        .expect("GET / is logged");
    assert!(
        hello.error.is_none() && hello.stderr.contains("guest: GET /"),
        "{hello:?}"
    );
}

#[test]
fn the_wasi_0_2_guest_answers_every_route() {
    let (server, log) = serve(&common::http_guest());
    assert_eq!(server.wasi_version(), WasiVersion::P2);
    check_routes(server.local_addr());
    server.stop();
    check_log(&log);
}

#[test]
fn the_wasi_0_3_guest_answers_every_route_the_same() {
    let (server, log) = serve(&common::http_p3_guest());
    assert_eq!(server.wasi_version(), WasiVersion::P3);
    check_routes(server.local_addr());
    server.stop();
    check_log(&log);
}

#[test]
fn requests_in_parallel_each_get_their_own_instance() {
    let (server, _log) = serve(&common::http_guest());
    let addr = server.local_addr();
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..16)
            .map(|i| {
                scope.spawn(move || {
                    let body = format!("request {i}").into_bytes();
                    exchange(addr, "POST", "/echo", &[], &body)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(
            (answer.status, answer.body.clone()),
            (200, format!("request {i}").into_bytes())
        );
    }
}

#[test]
fn a_component_without_an_http_handler_is_refused_by_name() {
    let runner = common::runner_without_disk_cache();
    let component = runner.load_bytes(&common::wat_component()).unwrap();
    let refused = runner
        .http_handler(&component)
        .err()
        .expect("no handler to serve")
        .to_string();
    assert!(
        refused.contains("exports no HTTP handler")
            && refused.contains("wasi:http/incoming-handler@0.2"),
        "{refused}"
    );
}

#[test]
fn stop_waits_for_the_request_in_flight() {
    let (server, log) = serve(&common::http_guest());
    let addr = server.local_addr();
    let looping = std::thread::spawn(move || exchange(addr, "GET", "/loop", &[], b""));
    // Well inside the request's 2 s deadline, and long after it arrived.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        log.lock().unwrap().is_empty(),
        "the looping request is still running"
    );
    server.stop();
    assert_eq!(
        looping.join().unwrap().status,
        500,
        "answered at its deadline, not cut off"
    );
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens after stop"
    );
}

#[test]
fn guests_that_compute_do_not_hold_back_other_requests() {
    // More looping guests than the server has threads (one per core).
    let (server, _log) = serve_within(&common::http_guest(), Duration::from_secs(8));
    let addr = server.local_addr();
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let loops: Vec<_> = (0..cores + 1)
        .map(|_| std::thread::spawn(move || exchange(addr, "GET", "/loop", &[], b"")))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let hello = exchange(addr, "GET", "/", &[], b"");
    assert_eq!(hello.status, 200);
    let still_looping = loops.iter().filter(|l| !l.is_finished()).count();
    assert_eq!(
        still_looping,
        cores + 1,
        "GET / was answered while every loop still ran, not after a deadline"
    );
    for l in loops {
        assert_eq!(l.join().unwrap().status, 500);
    }
}
