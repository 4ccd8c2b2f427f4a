//! The client's byte stream, checked frame by frame before tower-lsp reads
//! it.
//!
//! tower-lsp stops reading at the first frame it cannot decode (its framed
//! reader ends the stream after a decoder error), and the server then exits
//! without a word: one malformed message from a client or a proxy, and
//! every open document loses its features. So each frame is checked here
//! first. One whose body is not a JSON-RPC message is dropped with a line
//! on stderr, and the session goes on. Only whole frames are passed on,
//! re-framed with just a `Content-Length` header.

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc;

const HEADER: &[u8] = b"Content-Length:";

/// A longer message is dropped unread: a real one is a few MiB at most (a
/// large file's text), and a `Content-Length` of 2^40 must not make the
/// server buffer until memory runs out.
const MAX_FRAME_BYTES: usize = 64 << 20;

/// What is kept of a header line; the rest of a longer line (the body of a
/// dropped frame) is read and thrown away.
const MAX_LINE_BYTES: usize = 4096;

/// What tower-lsp decodes every frame into.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // Parsed only to be checked.
enum Message {
    Response(jsonrpc::Response),
    Request(jsonrpc::Request),
}

/// `input` with every frame tower-lsp would choke on taken out, and a
/// signal that resolves when `input` has ended.
pub fn checked(
    input: impl AsyncRead + Unpin + Send + 'static,
) -> (impl AsyncRead + Unpin, tokio::sync::oneshot::Receiver<()>) {
    let (reader, mut writer) = tokio::io::duplex(1 << 16);
    let (ended, on_end) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        // Dropped when this task ends, which resolves `on_end`.
        let _ended = ended;
        let mut input = BufReader::new(input);
        loop {
            let body = match next_body(&mut input).await {
                Ok(Some(Ok(body))) => body,
                Ok(Some(Err(problem))) => {
                    eprintln!("wit-analyzer: dropped a message from the client: {problem}");
                    continue;
                }
                // The end of the input (or a read error): tower-lsp sees
                // the end too, as it would have without us.
                Ok(None) | Err(_) => break,
            };
            if let Err(err) = serde_json::from_slice::<Message>(&body) {
                eprintln!(
                    "wit-analyzer: dropped a message from the client that is not JSON-RPC: {err}"
                );
                continue;
            }
            let body = answerable(body);
            let header = format!("Content-Length: {}\r\n\r\n", body.len());
            let forwarded = async {
                writer.write_all(header.as_bytes()).await?;
                writer.write_all(&body).await
            };
            if forwarded.await.is_err() {
                break; // The server is gone.
            }
        }
    });
    (reader, on_end)
}

/// A request whose method starts with `$/` must be answered with
/// MethodNotFound when it is not known; tower-lsp drops it instead, and
/// the client waits for ever. Renamed out of the `$/` space, it is an
/// unknown method that tower-lsp does answer that way. Notifications are
/// left alone: unknown `$/` notifications are to be ignored.
fn answerable(body: Vec<u8>) -> Vec<u8> {
    // Most messages (a large file's text among them) are not parsed twice.
    if !body.windows(3).any(|w| w == b"\"$/") {
        return body;
    }
    let Ok(mut message) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return body;
    };
    let dollar = message.get("id").is_some()
        && message
            .get("method")
            .and_then(|m| m.as_str())
            .is_some_and(|m| m.starts_with("$/"));
    if !dollar {
        return body;
    }
    let method = message["method"]
        .as_str()
        .unwrap_or_default()
        .trim_start_matches("$/")
        .to_string();
    message["method"] = serde_json::Value::String(format!("unknown-dollar-request/{method}"));
    serde_json::to_vec(&message).unwrap_or(body)
}

/// The body of the next frame; `Err` inside for a frame whose header has
/// no usable length (the bytes up to the next header are skipped); `None`
/// at the end of the input.
async fn next_body(
    input: &mut (impl AsyncBufReadExt + Unpin),
) -> std::io::Result<Option<Result<Vec<u8>, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    loop {
        let mut line = Vec::new();
        if !read_line_tail(input, &mut line).await? {
            return Ok(None);
        }
        // A header may follow the garbage of a broken frame on one line.
        if let Some(at) = line
            .windows(HEADER.len())
            .position(|w| w.eq_ignore_ascii_case(HEADER))
        {
            let value = String::from_utf8_lossy(&line[at + HEADER.len()..]);
            let value = value.trim();
            length = Some(
                value
                    .parse()
                    .map_err(|_| format!("`Content-Length: {value}` is not a length")),
            );
            continue;
        }
        if line.trim_ascii().is_empty() {
            match length.take() {
                // Its bytes are skipped as lines up to the next header.
                Some(Ok(length)) if length > MAX_FRAME_BYTES => {
                    return Ok(Some(Err(format!(
                        "a {length}-byte message is over the {} MiB limit",
                        MAX_FRAME_BYTES >> 20
                    ))));
                }
                Some(Ok(length)) => break read_body(input, length).await,
                Some(Err(problem)) => return Ok(Some(Err(problem))),
                // Blank lines between frames.
                None => continue,
            }
        }
        // Other headers (`Content-Type`) and stray lines are skipped.
    }
    .map(Some)
}

/// Reads one line into `line`, keeping only its last [`MAX_LINE_BYTES`]
/// (a header that follows garbage on the same line is at its end); `false`
/// at the end of the input.
async fn read_line_tail(
    input: &mut (impl AsyncBufReadExt + Unpin),
    line: &mut Vec<u8>,
) -> std::io::Result<bool> {
    let mut read_any = false;
    loop {
        let available = input.fill_buf().await?;
        if available.is_empty() {
            return Ok(read_any);
        }
        read_any = true;
        let (taken, done) = match available.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (available.len(), false),
        };
        line.extend_from_slice(&available[..taken]);
        if line.len() > MAX_LINE_BYTES {
            line.drain(..line.len() - MAX_LINE_BYTES);
        }
        input.consume(taken);
        if done {
            return Ok(true);
        }
    }
}

async fn read_body(
    input: &mut (impl AsyncBufReadExt + Unpin),
    length: usize,
) -> std::io::Result<Result<Vec<u8>, String>> {
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body).await?;
    if body.len() < length {
        return Ok(Err(format!(
            "the input ended {} bytes into a {length}-byte message",
            body.len()
        )));
    }
    Ok(Ok(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    async fn pass(input: String) -> String {
        let mut output = String::new();
        checked(std::io::Cursor::new(input.into_bytes()))
            .0
            .read_to_string(&mut output)
            .await
            .unwrap();
        output
    }

    #[tokio::test]
    async fn only_json_rpc_messages_get_through() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let note = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = [
            frame("{not json"),
            frame("[]"),
            frame(r#"{"jsonrpc":"2.0","id":2,"method":7}"#),
            frame(good),
            "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n".to_string()
                + &frame(note),
        ]
        .concat();
        assert_eq!(pass(input).await, frame(good) + &frame(note));
    }

    #[tokio::test]
    async fn a_header_without_a_length_is_skipped_up_to_the_next_frame() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!("Content-Length: lots\r\n\r\n{{\"x\":1}}{}", frame(good));
        assert_eq!(pass(input).await, frame(good));
    }

    #[tokio::test]
    async fn a_frame_over_the_limit_is_skipped_without_buffering_it() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        // It claims 2^40 bytes; 10 MiB of body follow, then a real frame.
        let huge = format!(
            "Content-Length: {}\r\n\r\n{}",
            1u64 << 40,
            "x".repeat(10 << 20)
        );
        let input = huge + &frame(good);
        assert_eq!(pass(input).await, frame(good));
    }

    #[tokio::test]
    async fn a_truncated_last_frame_is_dropped() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = frame(good) + "Content-Length: 99\r\n\r\n{\"jsonrpc\"";
        assert_eq!(pass(input).await, frame(good));
    }
}
