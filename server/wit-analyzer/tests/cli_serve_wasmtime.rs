//! `wit-analyzer serve` answers as `wasmtime serve -S cli` answers: the same
//! requests to both, over HTTP, get the same status, `content-type` and
//! body. Needs the wasmtime CLI; see `common::wasmtime_cli`.

mod common;

use std::net::SocketAddr;

use common::{Reply, Served, WasmtimeServed, fetch, request};
use http_body_util::Full;
use hyper::body::Bytes;

/// A request that can be sent to either server: method, path, headers, body.
struct Case {
    method: &'static str,
    path: &'static str,
    headers: Vec<(&'static str, &'static [u8])>,
    body: Vec<u8>,
}

impl Case {
    fn new(method: &'static str, path: &'static str) -> Case {
        Case {
            method,
            path,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn header(mut self, name: &'static str, value: &'static [u8]) -> Case {
        self.headers.push((name, value));
        self
    }

    fn body(mut self, body: impl Into<Vec<u8>>) -> Case {
        self.body = body.into();
        self
    }

    fn send(&self, addr: SocketAddr) -> Reply {
        let mut builder = request(self.method, addr, self.path);
        for (name, value) in &self.headers {
            builder = builder.header(*name, *value);
        }
        fetch(
            addr,
            builder
                .body(Full::new(Bytes::from(self.body.clone())))
                .unwrap(),
        )
    }

    fn name(&self) -> String {
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(name, value)| format!("{name}: {}", common::text(value)))
            .collect();
        format!(
            "{} {} [{}] ({} bytes)",
            self.method,
            self.path,
            headers.join(", "),
            self.body.len()
        )
    }
}

fn cases() -> Vec<Case> {
    let binary: Vec<u8> = (0..256 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    vec![
        Case::new("GET", "/"),
        Case::new("GET", "/?q=1"),
        Case::new("POST", "/echo")
            .header("content-type", b"application/json")
            .body(r#"{"a": [1, 2]}"#),
        Case::new("POST", "/echo").body("no content-type"),
        Case::new("POST", "/echo"),
        Case::new("POST", "/echo")
            .header("content-type", b"application/octet-stream")
            .body(binary),
        Case::new("GET", "/header").header("x-name", b"Ada"),
        Case::new("GET", "/header").header("x-name", b"J\xF6rg"),
        Case::new("GET", "/header"),
        Case::new("GET", "/nope?x=1&y=%20"),
        Case::new("PUT", "/echo").body("x"),
        Case::new("DELETE", "/header"),
    ]
}

#[test]
fn every_route_answers_as_wasmtime_serve_answers() {
    let guest = common::http_guest();
    let theirs = WasmtimeServed::start(&guest);
    let ours = Served::start(&guest, &[]);

    let mut differences = Vec::new();
    for case in cases() {
        let (want, got) = (case.send(theirs.addr), case.send(ours.addr));
        if got != want {
            let show = |reply: &Reply| {
                let body = common::text(&reply.body[..reply.body.len().min(200)]);
                format!(
                    "{} {:?} ({} bytes) {body:?}",
                    reply.status,
                    reply.content_type,
                    reply.body.len()
                )
            };
            let (want, got) = (show(&want), show(&got));
            differences.push(format!(
                "{}:\n  wasmtime     {want}\n  wit-analyzer {got}",
                case.name()
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{}\nour stderr:\n{}\nwasmtime's stderr:\n{}",
        differences.join("\n"),
        ours.stderr(),
        theirs.process.stderr()
    );

    // And the answers are the guest's, not two servers failing alike.
    let hello = Case::new("GET", "/").send(ours.addr);
    assert_eq!(
        (hello.status, hello.text()),
        (200, "hello from a WIT component\n".into())
    );
}

#[test]
fn a_trap_is_a_500_from_both_and_both_go_on_serving() {
    // The bodies differ by design: wasmtime sends an HTML page, we say what
    // happened in one line of text.
    let guest = common::http_guest();
    let theirs = WasmtimeServed::start(&guest);
    let ours = Served::start(&guest, &[]);
    for addr in [theirs.addr, ours.addr] {
        assert_eq!(Case::new("GET", "/trap").send(addr).status, 500);
        assert_eq!(Case::new("GET", "/").send(addr).status, 200);
    }
}
