//! A small HTTP service for world `wasi:http/proxy@0.2`: a few fixed routes,
//! two of which misbehave on purpose so hosts and tests can see a trap and a
//! guest that never answers.
//!
//! Build: `cargo build --release --target wasm32-wasip2`; try it with
//! `wasmtime serve -S cli target/wasm32-wasip2/release/demo_guest_http.wasm`.

use std::io::{Read as _, Write as _};

use wasi::exports::http::incoming_handler::Guest;
use wasi::http::types::{
    Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingResponse, ResponseOutparam,
};

struct Service;

// The `wasi` crate carries the bindings for the whole proxy world, so this
// crate needs no WIT of its own.
wasi::http::proxy::export!(Service);

/// A finished answer: status, `content-type`, body.
type Reply = (u16, Vec<u8>, Vec<u8>);

fn text(status: u16, body: impl Into<Vec<u8>>) -> Reply {
    (status, b"text/plain".to_vec(), body.into())
}

impl Guest for Service {
    fn handle(request: IncomingRequest, out: ResponseOutparam) {
        let method = method_name(&request.method());
        let target = request.path_with_query().unwrap_or_else(|| "/".into());
        // Proxies' stderr goes to the host's console: one line per request.
        eprintln!("guest: {method} {target}");

        // Routes match the path alone; the 404 message shows the full target.
        let path = target.split('?').next().unwrap_or_default();
        let (status, content_type, body) = match (method.as_str(), path) {
            ("GET", "/") => text(200, "hello from a WIT component\n"),
            ("POST", "/echo") => echo(&request),
            ("GET", "/header") => header(&request),
            ("GET", "/trap") => panic!("the /trap route panics on purpose"),
            ("GET", "/loop") => spin(),
            _ => text(404, format!("no route for {method} {target}\n")),
        };
        respond(out, status, &content_type, &body);
    }
}

/// `POST /echo`: the request body back, under the request's `content-type`.
fn echo(request: &IncomingRequest) -> Reply {
    let content_type = first_header(request, "content-type")
        .unwrap_or_else(|| b"application/octet-stream".to_vec());
    match read_body(request) {
        Some(body) => (200, content_type, body),
        None => text(500, "cannot read the request body\n"),
    }
}

/// `GET /header`: the value of `x-name`, which the caller must send.
fn header(request: &IncomingRequest) -> Reply {
    match first_header(request, "x-name") {
        Some(value) => text(200, [b"x-name: ", &value[..], b"\n"].concat()),
        None => text(400, "missing x-name header\n"),
    }
}

/// `GET /loop`: computes forever, so a host has to time the request out.
fn spin() -> ! {
    let mut n: u64 = 0;
    loop {
        // black_box keeps the optimiser from proving the loop useless.
        n = std::hint::black_box(n.wrapping_add(1));
    }
}

/// Header values are bytes, not necessarily UTF-8, so they stay bytes.
fn first_header(request: &IncomingRequest, name: &str) -> Option<Vec<u8>> {
    request.headers().get(name).into_iter().next()
}

fn read_body(request: &IncomingRequest) -> Option<Vec<u8>> {
    let body = request.consume().ok()?;
    let mut bytes = Vec::new();
    {
        // The stream is a child of the body and must be dropped before it.
        let mut stream = body.stream().ok()?;
        stream.read_to_end(&mut bytes).ok()?;
    }
    drop(IncomingBody::finish(body));
    Some(bytes)
}

fn respond(out: ResponseOutparam, status: u16, content_type: &[u8], body: &[u8]) {
    // No content-length: with one, the host may close the body stream as soon
    // as the last byte arrives, and a later flush would then fail.
    let headers = Fields::from_list(&[("content-type".into(), content_type.to_vec())])
        .expect("valid headers");
    let response = OutgoingResponse::new(headers);
    response.set_status_code(status).expect("valid status");
    let outgoing = response.body().expect("body taken once");
    // The head goes out first; the body streams after it.
    ResponseOutparam::set(out, Ok(response));

    let mut stream = outgoing.write().expect("stream taken once");
    // `blocking_flush`, not `flush`: the stream's own `flush` only starts one.
    let sent = stream.write_all(body).is_ok() && stream.blocking_flush().is_ok();
    // The stream is a child of the body and must be dropped before it.
    drop(stream);
    // A failed write means the client has gone: there is no one left to
    // tell, so end quietly instead of trapping.
    if sent {
        let _ = OutgoingBody::finish(outgoing, None);
    }
}

fn method_name(method: &Method) -> String {
    match method {
        Method::Get => "GET",
        Method::Head => "HEAD",
        Method::Post => "POST",
        Method::Put => "PUT",
        Method::Delete => "DELETE",
        Method::Connect => "CONNECT",
        Method::Options => "OPTIONS",
        Method::Trace => "TRACE",
        Method::Patch => "PATCH",
        Method::Other(other) => return other.clone(),
    }
    .to_string()
}
