//! Fixtures and readers shared by the in-process LSP tests: a workspace on
//! disk, the params of an open or an edit, and what a published
//! `publishDiagnostics` says.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::client::TestClient;
use crate::lsp::convert;

/// A temp dir holding `files`, and its canonical path: the server reports
/// canonical paths, so tests must build theirs from the same root.
pub(super) fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, root)
}

/// A client started on a workspace of the one file `name` holding `text`
/// (not opened); returns the temp dir to keep, the file's path and the client.
pub(super) async fn client_on_file(
    name: &str,
    text: &str,
) -> (tempfile::TempDir, PathBuf, TestClient) {
    let (dir, root) = workspace(&[(name, text)]);
    let (client, _) = TestClient::start(&root, json!({})).await;
    (dir, root.join(name), client)
}

pub(super) fn open_params(path: &Path, text: &str) -> Value {
    json!({"textDocument": {"uri": convert::uri_of(path), "languageId": "wit", "version": 1, "text": text}})
}

/// `textDocument/didChange` params: `text` replaces `start..end`, each a
/// (line, character) pair.
pub(super) fn edit(
    path: &Path,
    version: i32,
    start: (u32, u32),
    end: (u32, u32),
    text: &str,
) -> Value {
    json!({
        "textDocument": {"uri": convert::uri_of(path), "version": version},
        "contentChanges": [{"range": {"start": {"line": start.0, "character": start.1},
                                      "end": {"line": end.0, "character": end.1}}, "text": text}],
    })
}

/// The message of an error response; panics, showing it, if it is none.
pub(super) fn error_message(response: &Value) -> &str {
    response["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error response: {response}"))
}

/// The diagnostics of `publishDiagnostics` params.
pub(super) fn diagnostics(published: &Value) -> &[Value] {
    published["diagnostics"].as_array().unwrap()
}

pub(super) fn messages(published: &Value) -> Vec<String> {
    diagnostics(published)
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect()
}

/// The 0-based start line of each diagnostic.
pub(super) fn start_line(diagnostic: &Value) -> u64 {
    diagnostic["range"]["start"]["line"].as_u64().unwrap()
}

pub(super) fn is_breaking(diagnostic: &Value) -> bool {
    diagnostic["code"]
        .as_str()
        .is_some_and(|code| code.starts_with("wit::breaking::"))
}

/// The answer to the `breakingChanges` command against `baseline`.
pub(super) async fn breaking_changes(client: &mut TestClient, baseline: &Path) -> Value {
    client
        .execute(
            "wit-analyzer.server.breakingChanges",
            json!([{"baseline": baseline}]),
        )
        .await
}
