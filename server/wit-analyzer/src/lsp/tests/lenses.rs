//! The "N references" lens: a click command with the references for clients
//! that run `wit-analyzer.showReferences`, plain text for the rest.

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const TYPES: &str =
    "package demo:app;\n\ninterface types {\n  record point { x: u32 }\n}\n\ninterface lonely {}\n";
const API: &str =
    "package demo:app;\n\ninterface api {\n  use types.{point};\n  at: func() -> point;\n}\n";

async fn lenses(capabilities: Value) -> (tempfile::TempDir, std::path::PathBuf, Vec<Value>) {
    let (dir, root) = workspace(&[("app/types.wit", TYPES), ("app/api.wit", API)]);
    let path = root.join("app/types.wit");
    let (mut client, _) = TestClient::start(&root, capabilities).await;
    client.open(&path, TYPES).await;
    let response = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": convert::uri_of(&path)}}),
        )
        .await;
    let lenses = response["result"].as_array().cloned().unwrap_or_default();
    (dir, root, lenses)
}

fn on_line(lenses: &[Value], line: u64) -> &Value {
    lenses
        .iter()
        .find(|l| l["range"]["start"]["line"] == line)
        .unwrap_or_else(|| panic!("no lens on line {line}: {lenses:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_with_the_command_gets_the_references_to_show() {
    let capabilities =
        json!({"experimental": {"commands": {"commands": ["wit-analyzer.showReferences"]}}});
    let (_dir, root, lenses) = lenses(capabilities).await;
    let point = &on_line(&lenses, 3)["command"];
    assert_eq!(point["title"], "2 references", "{point}");
    assert_eq!(point["command"], "wit-analyzer.showReferences", "{point}");
    let args = point["arguments"].as_array().unwrap();
    assert_eq!(args[0], json!(convert::uri_of(&root.join("app/types.wit"))));
    assert_eq!(args[1], json!({"line": 3, "character": 9}));
    let api = json!(convert::uri_of(&root.join("app/api.wit")));
    assert_eq!(
        args[2],
        json!([
            {"uri": api, "range": {"start": {"line": 3, "character": 13}, "end": {"line": 3, "character": 18}}},
            {"uri": api, "range": {"start": {"line": 4, "character": 16}, "end": {"line": 4, "character": 21}}},
        ]),
        "{point}"
    );
    let types = &on_line(&lenses, 2)["command"];
    assert_eq!(types["title"], "1 reference", "{types}");
    assert_eq!(
        types["arguments"][2].as_array().map(Vec::len),
        Some(1),
        "{types}"
    );
    // Nothing to show: no command to run.
    let lonely = &on_line(&lenses, 6)["command"];
    assert_eq!(
        (&lonely["title"], &lonely["command"]),
        (&json!("0 references"), &json!("")),
        "{lonely}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_clients_get_a_title_with_no_command() {
    let (_dir, _root, lenses) = lenses(json!({})).await;
    let point = &on_line(&lenses, 3)["command"];
    assert_eq!(point["title"], "2 references", "{point}");
    assert_eq!(point["command"], "", "{point}");
    assert!(point["arguments"].is_null(), "{point}");
}
