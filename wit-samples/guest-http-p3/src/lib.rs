//! A small HTTP service for world `wasi:http/service@0.3.0`: the same fixed
//! routes as the WASI 0.2 sample `guest-http`, two of which misbehave on
//! purpose so hosts and tests can see a trap and a guest that never answers.
//!
//! Build: `cargo build --release --target wasm32-wasip2`; the component is
//! `target/wasm32-wasip2/release/demo_guest_http_p3.wasm`.

use wasip3::exports::http::handler::Guest;
use wasip3::http::types::{ErrorCode, Fields, Method, Request, Response};
use wasip3::wit_bindgen::spawn_local;
use wasip3::{wit_future, wit_stream};

struct Service;

// The `wasip3` crate carries the bindings for the whole service world, so
// this crate needs no WIT of its own.
wasip3::http::service::export!(Service);

/// A finished answer: status, `content-type`, body.
type Reply = (u16, Vec<u8>, Vec<u8>);

fn text(status: u16, body: impl Into<Vec<u8>>) -> Reply {
    (status, b"text/plain".to_vec(), body.into())
}

impl Guest for Service {
    async fn handle(request: Request) -> Result<Response, ErrorCode> {
        let method = method_name(&request.get_method());
        let target = request.get_path_with_query().unwrap_or_else(|| "/".into());
        // A service's stderr goes to the host's console: one line per request.
        eprintln!("guest: {method} {target}");

        // Routes match the path alone; the 404 message shows the full target.
        let path = target.split('?').next().unwrap_or_default();
        let (status, content_type, body) = match (method.as_str(), path) {
            ("GET", "/") => text(200, "hello from a WIT component\n"),
            ("POST", "/echo") => echo(request).await,
            ("GET", "/header") => header(&request),
            ("GET", "/trap") => panic!("the /trap route panics on purpose"),
            ("GET", "/loop") => spin(),
            _ => text(404, format!("no route for {method} {target}\n")),
        };
        respond(status, content_type, body)
    }
}

/// `POST /echo`: the request body back, under the request's `content-type`.
async fn echo(request: Request) -> Reply {
    let content_type = first_header(&request, "content-type")
        .unwrap_or_else(|| b"application/octet-stream".to_vec());
    (200, content_type, read_body(request).await)
}

/// `GET /header`: the value of `x-name`, which the caller must send.
fn header(request: &Request) -> Reply {
    match first_header(request, "x-name") {
        Some(value) => text(200, [b"x-name: ", &value[..], b"\n"].concat()),
        None => text(400, "missing x-name header\n"),
    }
}

/// `GET /loop`: computes forever without ever yielding to the host, so a
/// host has to time the request out.
fn spin() -> ! {
    let mut n: u64 = 0;
    loop {
        // black_box keeps the optimiser from proving the loop useless.
        n = std::hint::black_box(n.wrapping_add(1));
    }
}

/// Header values are bytes, not necessarily UTF-8, so they stay bytes.
fn first_header(request: &Request, name: &str) -> Option<Vec<u8>> {
    request.get_headers().get(name).into_iter().next()
}

async fn read_body(request: Request) -> Vec<u8> {
    // `done` tells the host how reading the body went; it stays open until
    // the whole stream has been read.
    let (done, done_rx) = wit_future::new(|| Ok(()));
    let (contents, _trailers) = Request::consume_body(request, done_rx);
    let bytes = contents.collect().await;
    // Dropping the writer sends its default, `Ok(())`.
    drop(done);
    bytes
}

fn respond(status: u16, content_type: Vec<u8>, body: Vec<u8>) -> Result<Response, ErrorCode> {
    // No content-length: the host then streams the body as it comes.
    let headers = Fields::from_list(&[("content-type".into(), content_type)])
        .map_err(|e| ErrorCode::InternalError(Some(format!("bad headers: {e:?}"))))?;
    let (mut contents, contents_rx) = wit_stream::new();
    // No trailers: dropping the writer sends the default, `Ok(None)`.
    let (trailers, trailers_rx) = wit_future::new(|| Ok(None));
    drop(trailers);
    let (response, _sent) = Response::new(headers, Some(contents_rx), trailers_rx);
    response
        .set_status_code(status)
        .map_err(|()| ErrorCode::InternalError(Some(format!("bad status {status}"))))?;

    // The head goes back first; the body is written once the host reads it,
    // after `handle` has returned, on the same task.
    spawn_local(async move {
        // What is left unwritten means the client has gone: there is no one
        // left to tell, so end quietly instead of trapping.
        let _unsent = contents.write_all(body).await;
    });
    Ok(response)
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
