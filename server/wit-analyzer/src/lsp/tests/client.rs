//! A minimal LSP client for tests: frames JSON-RPC over an in-memory pipe,
//! answers the server's own requests, and keeps every notification.

use std::{path::Path, time::Duration};

use serde_json::{Value, json};
use tokio::io::{
    AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf,
};
use tower_lsp_server::{LspService, Server as Transport, jsonrpc};

use super::support::{edit, open_params};
use crate::lsp::{convert, server::Server};

/// Long enough for a check on a loaded CI machine; tests wait for
/// a condition, so a fast machine never waits this long.
const PATIENCE: Duration = Duration::from_secs(20);

pub struct TestClient {
    writer: WriteHalf<DuplexStream>,
    reader: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    pub notifications: Vec<Value>,
    /// The answer to the server's `workspace/configuration` requests.
    pub configuration: Value,
    /// The requests the server sent, in order.
    pub requests: Vec<Value>,
}

/// A server with test-only methods that misbehave on purpose.
fn service() -> (LspService<Server>, tower_lsp_server::ClientSocket) {
    crate::lsp::unrouted_methods(LspService::build(Server::new))
        .custom_method("test/panic", Server::test_panic)
        .custom_method("test/slow", Server::test_slow)
        .custom_method("test/holdCheck", Server::test_hold_check)
        .custom_method("test/releaseCheck", Server::test_release_check)
        .custom_method("test/parsed", Server::test_parsed)
        .finish()
}

/// The check each server's `test/holdCheck` holds, waiting for its
/// `test/releaseCheck`, by server: tests run side by side, and one must
/// not release another's check.
static HELD_CHECKS: std::sync::Mutex<Vec<(usize, std::sync::mpsc::Sender<()>)>> =
    std::sync::Mutex::new(Vec::new());

impl Server {
    /// Tells this server from the others that tests run at the same time.
    fn identity(&self) -> usize {
        std::sync::Arc::as_ptr(&self.state) as usize
    }
}

impl Server {
    /// Starts a check, as an edit would, and holds it with the workspace
    /// taken until `test/releaseCheck`: a check as long as the test needs.
    /// Answers once the check holds the workspace.
    async fn test_hold_check(&self, _: Value) -> jsonrpc::Result<Value> {
        let (held, is_held) = tokio::sync::oneshot::channel();
        let (release, released) = std::sync::mpsc::channel();
        HELD_CHECKS.lock().unwrap().push((self.identity(), release));
        let server = self.clone();
        std::thread::spawn(move || {
            let _one_check = crate::lsp::guard::lock(&server.check_gate);
            let pending = server.lock_and_sync().take_check();
            held.send(()).unwrap();
            // A test that fails before releasing must not hang the runtime
            // that waits for this check's blocked readers.
            let _ = released.recv_timeout(PATIENCE);
            let results = pending.run();
            crate::lsp::guard::lock(&server.state).finish_check(pending, results);
        });
        is_held.await.unwrap();
        Ok(json!("held"))
    }

    async fn test_release_check(&self, _: Value) -> jsonrpc::Result<Value> {
        let mut held = HELD_CHECKS.lock().unwrap();
        let mine = held.iter().position(|(id, _)| *id == self.identity());
        let (_, release) = held.remove(mine.expect("this server holds a check"));
        release.send(()).unwrap();
        Ok(json!("released"))
    }

    /// The files our parser read since the last `test/parsed` (the first
    /// starts the workspace's query log).
    async fn test_parsed(&self, _: Value) -> jsonrpc::Result<Value> {
        let state = crate::lsp::guard::lock(&self.state);
        let log = state.workspace.query_log();
        log.start();
        let parsed: Vec<String> = (log.take().into_iter())
            .filter_map(|query| match query {
                analysis::query_log::Query::Syntax(path) => Some(path.display().to_string()),
                _ => None,
            })
            .collect();
        Ok(json!(parsed))
    }

    async fn test_panic(&self, params: Value) -> jsonrpc::Result<Value> {
        let uri = serde_json::from_value(params["uri"].clone())
            .map_err(|_| jsonrpc::Error::invalid_request())?;
        self.request("test/panic", &uri, |_, _| -> Value {
            panic!("deliberate test panic")
        })
        .await
    }

    /// Holds the state for a while, long enough for the test to send an
    /// edit that must make this answer stale.
    async fn test_slow(&self, params: Value) -> jsonrpc::Result<Value> {
        let uri = serde_json::from_value(params["uri"].clone())
            .map_err(|_| jsonrpc::Error::invalid_request())?;
        self.request("test/slow", &uri, |_, _| {
            std::thread::sleep(Duration::from_millis(300));
            json!("done")
        })
        .await
    }
}

impl TestClient {
    /// Starts a server and initializes it with `root` as the workspace.
    pub async fn start(root: &Path, capabilities: Value) -> (TestClient, Value) {
        TestClient::start_with(root, capabilities, Value::Null).await
    }

    /// [`TestClient::start`] with the extension's `initializationOptions`.
    pub async fn start_with(
        root: &Path,
        capabilities: Value,
        options: Value,
    ) -> (TestClient, Value) {
        let (client_end, server_end) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_end);
        let (service, socket) = service();
        tokio::spawn(Transport::new(server_read, server_write, socket).serve(service));
        let (reader, writer) = tokio::io::split(client_end);
        let mut client = TestClient {
            writer,
            reader: BufReader::new(reader),
            next_id: 0,
            notifications: Vec::new(),
            configuration: Value::Null,
            requests: Vec::new(),
        };
        let root_uri = convert::uri_of(root);
        let init = json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "root"}],
            "capabilities": capabilities,
            "initializationOptions": options,
        });
        let result = client.request("initialize", init).await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        self.response(id).await
    }

    /// `workspace/executeCommand` of `command` with `arguments`, a JSON
    /// array; returns the whole response.
    pub async fn execute(&mut self, command: &str, arguments: Value) -> Value {
        let params = json!({"command": command, "arguments": arguments});
        self.request("workspace/executeCommand", params).await
    }

    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        id
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// Opens `path` with `text` at version 1.
    pub async fn open(&mut self, path: &Path, text: &str) {
        self.notify("textDocument/didOpen", open_params(path, text))
            .await;
    }

    /// Sends the edit that [`edit`] describes as `textDocument/didChange`.
    pub async fn change(
        &mut self,
        path: &Path,
        version: i32,
        start: (u32, u32),
        end: (u32, u32),
        text: &str,
    ) {
        self.notify(
            "textDocument/didChange",
            edit(path, version, start, end, text),
        )
        .await;
    }

    pub async fn response(&mut self, id: i64) -> Value {
        loop {
            let message = self.receive().await;
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
        }
    }

    /// Waits for a `publishDiagnostics` for `path` that `accept` takes, and
    /// returns its params. Earlier ones that were already seen count too.
    pub async fn diagnostics_where(
        &mut self,
        path: &Path,
        accept: impl Fn(&Value) -> bool,
    ) -> Value {
        let uri = json!(convert::uri_of(path));
        self.notification_where("textDocument/publishDiagnostics", |params| {
            params["uri"] == uri && accept(params)
        })
        .await
    }

    /// Waits for a notification of `method` whose params `accept` takes, and
    /// returns its params. Earlier ones that were already seen count too,
    /// the latest first.
    pub async fn notification_where(
        &mut self,
        method: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> Value {
        let matches = |n: &Value| n["method"] == method && accept(&n["params"]);
        if let Some(found) = self.notifications.iter().rev().find(|n| matches(n)) {
            return found["params"].clone();
        }
        loop {
            let message = self.receive().await;
            if matches(&message) {
                return message["params"].clone();
            }
        }
    }

    async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.writer
            .write_all(framed.as_bytes())
            .await
            .expect("the server hung up");
    }

    /// The next message the server sends. Requests from the server are
    /// answered at once; notifications are also kept in `notifications`.
    async fn receive(&mut self) -> Value {
        let message = tokio::time::timeout(PATIENCE, self.read_message())
            .await
            .expect("the server sent nothing for too long");
        if message.get("method").is_some() {
            if let Some(id) = message.get("id") {
                let result = match message["method"].as_str() {
                    Some("workspace/configuration") => json!([self.configuration]),
                    _ => Value::Null,
                };
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result}))
                    .await;
                self.requests.push(message.clone());
            } else {
                self.notifications.push(message.clone());
            }
        }
        message
    }

    async fn read_message(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.reader
                .read_line(&mut line)
                .await
                .expect("read a header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().expect("a numeric Content-Length");
            }
        }
        let mut body = vec![0; length];
        self.reader
            .read_exact(&mut body)
            .await
            .expect("read a body");
        serde_json::from_slice(&body).expect("the server sends JSON")
    }
}
