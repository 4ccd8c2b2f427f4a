//! The binary speaks LSP over stdio with no arguments and with `server`,
//! and exits cleanly after `shutdown` and `exit`.

use std::{
    io::{BufRead, BufReader, Write},
    process::{Command, Stdio},
};

use serde_json::{Value, json};

fn frame(message: Value) -> Vec<u8> {
    let body = message.to_string();
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

fn round_trip(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wit-analyzer"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let init = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "capabilities": {}}});
    stdin.write_all(&frame(init)).unwrap();
    let response = read_message(&mut stdout);
    assert_eq!(
        response["result"]["serverInfo"]["name"], "wit-analyzer",
        "{response}"
    );
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"], "utf-16",
        "{response}"
    );
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        ))
        .unwrap();
    stdin
        .write_all(&frame(
            json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        ))
        .unwrap();
    loop {
        let message = read_message(&mut stdout);
        if message["id"] == 2 {
            assert!(message.get("error").is_none(), "{message}");
            break;
        }
    }
    stdin
        .write_all(&frame(json!({"jsonrpc": "2.0", "method": "exit"})))
        .unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn no_arguments_is_the_stdio_server() {
    round_trip(&[]);
}

#[test]
fn the_server_subcommand_is_the_same() {
    round_trip(&["server"]);
}
