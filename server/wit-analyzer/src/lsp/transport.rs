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

/// What tower-lsp decodes every frame into.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)] // Parsed only to be checked.
enum Message {
    Response(jsonrpc::Response),
    Request(jsonrpc::Request),
}

/// `input` with every frame tower-lsp would choke on taken out.
pub fn checked(input: impl AsyncRead + Unpin + Send + 'static) -> impl AsyncRead + Unpin {
    let (reader, mut writer) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
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
    reader
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
        if input.read_until(b'\n', &mut line).await? == 0 {
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
    async fn a_truncated_last_frame_is_dropped() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = frame(good) + "Content-Length: 99\r\n\r\n{\"jsonrpc\"";
        assert_eq!(pass(input).await, frame(good));
    }
}
