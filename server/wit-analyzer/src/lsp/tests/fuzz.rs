//! Random edits and requests over WASI's published WIT: no request may end
//! in a panic (an internal error) or take more than five seconds.
//!
//! The test command runs a bounded number of edits; a long run is
//! `WIT_LSP_FUZZ_EDITS=100000 cargo test -p wit-analyzer --bin wit-analyzer
//! lsp::tests::fuzz -- --nocapture` (`WIT_LSP_FUZZ_SEED` picks another
//! sequence). A failure prints the seed, the edit count and the request.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

use super::client::TestClient;
use crate::lsp::convert;

const PATIENCE: Duration = Duration::from_secs(5);

/// What a person types, half-finished and whole: the constructs whose
/// recovery matters.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    ";",
    "<",
    ">",
    "(",
    ")",
    ",",
    ":",
    "\n",
    " ",
    "use wasi:",
    "use wasi:io/",
    "import ",
    "export ",
    "include ",
    "func(",
    "-> ",
    "record r {",
    "variant v { a(u8), }",
    "resource r;",
    "@since(",
    "@since(version = 0.2.0)",
    "list<",
    "option<u8>",
    "result<_, string>",
    "stream<u8>",
    "future",
    "async ",
    "/// doc\n",
    "// note\n",
    "x: get() -> u8;",
    "type t = ",
    "interface i {}",
    "world w {",
    "é",
    "🚀",
    "\t",
    "\"",
    "package a:b;",
];

const FILES: &[&str] = &[
    "proposals/http/wit/types.wit",
    "proposals/io/wit/streams.wit",
    "proposals/cli/wit/command.wit",
];

/// xorshift64*: enough to be random and to replay from a seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// An open document as the client holds it.
struct Doc {
    path: PathBuf,
    text: String,
    version: i32,
}

impl Doc {
    /// A random position on a char boundary, as LSP (line, UTF-16 column).
    fn position(&self, rng: &mut Rng) -> (usize, (u32, u32)) {
        let boundaries: Vec<usize> = self
            .text
            .char_indices()
            .map(|(i, _)| i)
            .chain([self.text.len()])
            .collect();
        let offset = boundaries[rng.below(boundaries.len())];
        (offset, lsp_position(&self.text, offset))
    }
}

fn lsp_position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() as u32;
    let column = before[line_start..].encode_utf16().count() as u32;
    (line, column)
}

fn edits() -> usize {
    std::env::var("WIT_LSP_FUZZ_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

fn seed() -> u64 {
    std::env::var("WIT_LSP_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001)
}

/// One random request at a random place in `doc`.
fn request(doc: &Doc, rng: &mut Rng) -> (&'static str, Value) {
    let uri = convert::uri_of(&doc.path);
    let (_, (line, character)) = doc.position(rng);
    let at =
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let (_, (end_line, end_character)) = doc.position(rng);
    let (start, end) = if (end_line, end_character) < (line, character) {
        ((end_line, end_character), (line, character))
    } else {
        ((line, character), (end_line, end_character))
    };
    let range = json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}});
    let doc_only = json!({"textDocument": {"uri": uri}});
    match rng.below(12) {
        0 => ("textDocument/hover", at),
        1 => ("textDocument/definition", at),
        2 => (
            "textDocument/references",
            json!({"textDocument": {"uri": uri}, "position": at["position"], "context": {"includeDeclaration": true}}),
        ),
        3 => ("textDocument/completion", at),
        4 => ("textDocument/documentSymbol", doc_only),
        5 => ("textDocument/semanticTokens/full", doc_only),
        6 => (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        ),
        7 => (
            "textDocument/formatting",
            json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
        ),
        8 => ("textDocument/foldingRange", doc_only),
        9 => ("textDocument/prepareRename", at),
        10 => ("textDocument/codeLens", doc_only),
        _ => ("textDocument/documentHighlight", at),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_and_requests_never_panic_or_hang() {
    let corpus = test_support::wasi_release("0.2.12");
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().canonicalize().unwrap().join("wasi");
    test_support::copy_dir(&corpus, &root);
    let options = json!({"trusted": false, "features": {}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let mut docs: Vec<Doc> = Vec::new();
    for file in FILES {
        let path = root.join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        client.open(&path, &text).await;
        docs.push(Doc {
            path,
            text,
            version: 1,
        });
    }

    let (edits, seed) = (edits(), seed());
    let mut rng = Rng(seed);
    let mut requests = 0;
    let mut failures = Vec::new();
    for n in 0..edits {
        let doc = &mut docs[rng.below(FILES.len())];
        // Insert a snippet, or delete a short stretch, or both.
        let (from, start) = doc.position(&mut rng);
        let (to, end) = if rng.below(3) == 0 {
            let stretch = doc.text[from..]
                .char_indices()
                .nth(rng.below(40))
                .map_or(doc.text.len(), |(i, _)| from + i);
            (stretch, lsp_position(&doc.text, stretch))
        } else {
            (from, start)
        };
        let inserted = if rng.below(4) == 0 {
            ""
        } else {
            SNIPPETS[rng.below(SNIPPETS.len())]
        };
        doc.text.replace_range(from..to, inserted);
        doc.version += 1;
        client
            .change(&doc.path, doc.version, start, end, inserted)
            .await;

        let doc = &docs[rng.below(FILES.len())];
        let (method, params) = request(doc, &mut rng);
        requests += 1;
        let id = client.send_request(method, params.clone()).await;
        match tokio::time::timeout(PATIENCE, client.response(id)).await {
            Ok(answer) if answer["error"]["code"] == -32603 => {
                failures.push(format!(
                    "edit {n}: {method} {params} panicked: {}",
                    answer["error"]["message"]
                ));
            }
            Ok(_) => {}
            Err(_) => {
                failures.push(format!(
                    "edit {n}: {method} {params} took more than {PATIENCE:?}"
                ));
                break;
            }
        }
        // The client keeps every notification; a long run must not.
        client.notifications.clear();
    }
    eprintln!(
        "fuzz, seed {seed}: {edits} edits, {requests} requests: {} panics or hangs",
        failures.len()
    );
    assert!(failures.is_empty(), "seed {seed}:\n{}", failures.join("\n"));
    // The server still answers and still sees the texts as they are now.
    for doc in &docs {
        let shown = client
            .request(
                "textDocument/documentSymbol",
                json!({"textDocument": {"uri": convert::uri_of(&doc.path)}}),
            )
            .await;
        assert!(shown.get("error").is_none(), "{shown}");
    }
}
