//! The stdio server given frames it cannot decode: it says so on stderr and
//! keeps serving, where it used to exit without a word at the first one.

use std::{
    io::{BufRead, BufReader, Read, Write},
    process::{Command, Stdio},
};

use serde_json::{Value, json};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The next response with `id`, skipping notifications and server requests.
fn response(reader: &mut impl BufRead, id: i64) -> Value {
    loop {
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
        let message: Value = serde_json::from_slice(&body).unwrap();
        if message["id"] == id && message.get("method").is_none() {
            return message;
        }
    }
}

#[test]
fn undecodable_frames_are_dropped_and_named_and_the_session_goes_on() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wit-analyzer"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                      "params": {"processId": null, "capabilities": {}}});
    stdin.write_all(&frame(&init.to_string())).unwrap();
    assert!(response(&mut stdout, 1).get("result").is_some());

    for garbage in ["{not json", "[]", r#"{"jsonrpc":"2.0","id":5,"method":7}"#] {
        stdin.write_all(&frame(garbage)).unwrap();
    }
    let shutdown = json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"});
    stdin.write_all(&frame(&shutdown.to_string())).unwrap();
    let answer = response(&mut stdout, 2);
    assert!(answer.get("error").is_none(), "{answer}");
    stdin
        .write_all(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#))
        .unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());

    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(
        stderr
            .matches("wit-analyzer: dropped a message from the client that is not JSON-RPC")
            .count(),
        3,
        "{stderr}"
    );
}
