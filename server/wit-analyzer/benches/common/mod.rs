//! A `wit-analyzer` server over stdio, for the benchmarks that drive it as
//! an editor would.

use std::{
    io::{BufRead, BufReader, Read, Write},
    path::Path,
    process::{Child, ChildStdin, Command, Stdio},
    sync::mpsc::{Receiver, channel},
    time::Duration,
};

use serde_json::{Value, json};

pub struct Server {
    pub child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    passed_over: Vec<Value>,
}

impl Server {
    pub fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wit-analyzer"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start wit-analyzer");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    if let Some(n) = line.trim().strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                stdout.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            passed_over: Vec::new(),
        }
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Waits for a message `accept` takes, answering the server's requests.
    /// Notifications passed over are kept, since the next wait may be for
    /// one that came first (diagnostics published before a hover's answer).
    pub fn wait(&mut self, accept: impl Fn(&Value) -> bool) -> Value {
        if let Some(kept) = self.passed_over.iter().position(&accept) {
            return self.passed_over.remove(kept);
        }
        loop {
            let message = self
                .messages
                .recv_timeout(Duration::from_secs(120))
                .expect("the server went quiet");
            if message.get("method").is_some() && message.get("id").is_some() {
                self.send(json!({"jsonrpc": "2.0", "id": message["id"], "result": null}));
            }
            if accept(&message) {
                return message;
            }
            if message.get("id").is_none() {
                self.passed_over.push(message);
            }
        }
    }

    pub fn rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kib: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(f64::NAN);
        kib / 1024.0
    }
}

pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub fn publish_for(uri: &str, version: i64) -> impl Fn(&Value) -> bool + '_ {
    move |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && m["params"]["version"] == version
    }
}

impl Server {
    /// `initialize` and `initialized` with these workspace folders.
    pub fn initialize(&mut self, roots: &[std::path::PathBuf]) {
        let folders: Vec<Value> = (roots.iter())
            .map(|r| json!({"uri": uri(r), "name": r.display().to_string()}))
            .collect();
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": uri(&roots[0]), "workspaceFolders": folders, "capabilities": {}}}));
        self.wait(|m| m["id"] == 1);
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    /// Opens `path` at version 1 and returns its text.
    pub fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).unwrap();
        self.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri(path), "languageId": "wit", "version": 1, "text": text}}}));
        text
    }

    /// Sends a request with a fresh id and waits for its answer.
    pub fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    pub fn shutdown(mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
        self.wait(|m| m["id"] == 2);
        self.send(json!({"jsonrpc": "2.0", "method": "exit"}));
        let _ = self.child.wait();
    }
}

/// Version `version` of the file: even versions type a space at the end
/// of line 0, odd ones delete it again, so the text stays as valid as it was.
pub fn edit(uri: &str, version: i64, line_end: u32) -> Value {
    let typing = version % 2 == 0;
    let end = if typing { line_end } else { line_end + 1 };
    json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": {"start": {"line": 0, "character": line_end}, "end": {"line": 0, "character": end}}, "text": if typing { " " } else { "" }}]}})
}

/// The LSP position (UTF-16) of the last character of `needle` in `text`.
pub fn position_of(text: &str, needle: &str) -> Value {
    let offset = text.find(needle).expect("the needle is in the text") + needle.len() - 1;
    let line = text[..offset].matches('\n').count();
    let column = text[..offset]
        .rsplit('\n')
        .next()
        .unwrap()
        .encode_utf16()
        .count();
    json!({"line": line, "character": column})
}

/// The `q`th percentile of sorted durations, in ms.
pub fn percentile_ms(sorted: &[Duration], q: usize) -> f64 {
    sorted[(sorted.len() * q / 100).min(sorted.len() - 1)].as_secs_f64() * 1000.0
}
