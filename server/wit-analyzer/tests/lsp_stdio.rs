//! The binary speaks LSP over stdio with no arguments and with `server`,
//! exits cleanly after `shutdown` and `exit`, and survives frames it
//! cannot decode.

mod common;

use std::{
    io::{BufRead, BufReader, Read, Write},
    process::{Child, ChildStdin, ChildStdout, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};

fn frame(message: Value) -> Vec<u8> {
    frame_text(&message.to_string())
}

fn frame_text(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_message(reader: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "the server closed stdout"
        );
        if line.trim().is_empty() {
            break;
        }
        if let Some(n) = line.trim().strip_prefix("Content-Length: ") {
            length = n.parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

struct Session {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    /// Starts the binary with `args` and sends `initialize`; returns the
    /// session and the response.
    fn start(args: &[&str], stderr: Stdio) -> (Session, Value) {
        let mut child = common::command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut session = Session {
            child,
            stdin,
            stdout,
        };
        session.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": {}}}));
        let response = read_message(&mut session.stdout);
        (session, response)
    }

    fn send(&mut self, message: Value) {
        self.stdin.write_all(&frame(message)).unwrap();
    }
}

fn round_trip(args: &[&str]) {
    let (mut session, response) = Session::start(args, Stdio::inherit());
    assert_eq!(
        response["result"]["serverInfo"]["name"], "wit-analyzer",
        "{response}"
    );
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"], "utf-16",
        "{response}"
    );
    session.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    session.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    loop {
        let message = read_message(&mut session.stdout);
        if message["id"] == 2 {
            assert!(message.get("error").is_none(), "{message}");
            break;
        }
    }
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(session.stdin);
    assert!(session.child.wait().unwrap().success());
}

#[test]
fn no_arguments_is_the_stdio_server() {
    round_trip(&[]);
}

#[test]
fn the_server_subcommand_is_the_same() {
    round_trip(&["server"]);
}

/// tower-lsp's reader ends the input at the first frame it cannot decode,
/// and the server used to exit there without a word.
#[test]
fn undecodable_frames_are_dropped_and_named_and_the_session_goes_on() {
    let (mut session, response) = Session::start(&[], Stdio::piped());
    assert!(response.get("result").is_some(), "{response}");
    for garbage in ["{not json", "[]", r#"{"jsonrpc":"2.0","id":5,"method":7}"#] {
        session.stdin.write_all(&frame_text(garbage)).unwrap();
    }
    session.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    let answer = read_message(&mut session.stdout);
    assert_eq!(answer["id"], 2, "{answer}");
    assert!(answer.get("error").is_none(), "{answer}");
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let mut child = session.child;
    // With stdin still open: `exit` alone ends the process.
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server is still running after `exit`"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
    drop(session.stdin);

    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let named = "wit-analyzer: dropped a message from the client that is not JSON-RPC";
    assert_eq!(stderr.matches(named).count(), 3, "{stderr}");
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let (mut session, response) = Session::start(&[], Stdio::inherit());
    assert!(response.get("result").is_some(), "{response}");
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(session.stdin);
    assert_eq!(session.child.wait().unwrap().code(), Some(1));
}

#[test]
fn a_dollar_request_is_answered_method_not_found() {
    let (mut session, response) = Session::start(&[], Stdio::inherit());
    assert!(response.get("result").is_some(), "{response}");
    session.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    session.send(json!({"jsonrpc": "2.0", "id": 7, "method": "$/unknownRequest", "params": {}}));
    // A notification of that kind is ignored, and must not be answered.
    session.send(json!({"jsonrpc": "2.0", "method": "$/unknownNotification", "params": {}}));
    session.send(json!({"jsonrpc": "2.0", "id": 8, "method": "shutdown"}));
    let mut answered = Vec::new();
    loop {
        let message = read_message(&mut session.stdout);
        if message.get("id").is_some() && message.get("method").is_none() {
            answered.push(message.clone());
        }
        if message["id"] == 8 {
            break;
        }
    }
    let unknown = answered
        .iter()
        .find(|m| m["id"] == 7)
        .unwrap_or_else(|| panic!("no answer to $/unknownRequest: {answered:?}"));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    session.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    drop(session.stdin);
    assert!(session.child.wait().unwrap().success());
}

#[test]
fn a_closed_input_ends_the_server_even_while_it_waits_for_the_client() {
    let mut child = common::command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "configuration": true}});
    stdin.write_all(&frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": capabilities}}))).unwrap();
    read_message(&mut stdout);
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();
    // The server asks the client something (registerCapability, configuration)
    // and the client goes away without answering.
    let asked = read_message(&mut stdout);
    assert!(
        asked.get("method").is_some() && asked.get("id").is_some(),
        "{asked}"
    );
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server still runs 10 s after its input closed");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1), "no shutdown came");
}

/// A client with no file watcher (no `didChangeWatchedFiles`): a file saved
/// after the server started shows its errors as soon as it is opened.
#[test]
fn a_new_file_opened_over_stdio_gets_its_errors_without_a_watcher() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("wit")).unwrap();
    std::fs::write(root.join("wit/a.wit"), "package demo:a;\ninterface i {}\n").unwrap();
    let mut child = common::command()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let root_uri = format!("file://{}", root.display());
    stdin.write_all(&frame(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": root_uri, "capabilities": {}}}))).unwrap();
    read_message(&mut stdout);
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();

    let fresh = root.join("new/n.wit");
    std::fs::create_dir(root.join("new")).unwrap();
    let text = "package demo:n;\ninterface j { type t = strng; }\n";
    std::fs::write(&fresh, text).unwrap();
    let uri = format!("file://{}", fresh.display());
    // Should the errors never come, the watchdog ends the server and the
    // read below fails instead of waiting for ever.
    let pid = child.id();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(20));
        let _ = std::process::Command::new("kill")
            .arg("-9")
            .arg(pid.to_string())
            .status();
    });
    stdin.write_all(&frame(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "wit", "version": 1, "text": text}}}))).unwrap();
    loop {
        let message = read_message(&mut stdout);
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
        {
            let first = &message["params"]["diagnostics"][0];
            if first.is_null() {
                continue;
            }
            assert!(
                first["message"].as_str().unwrap().contains("strng"),
                "{message}"
            );
            break;
        }
    }
    drop(stdin);
    let _ = child.kill();
    let _ = child.wait();
}
