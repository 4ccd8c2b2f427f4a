//! A `package ns:name { … }` block through the server: no diagnostics for a
//! valid file, navigation into the block, and the block in the outline.

use serde_json::json;

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const ALL: &str = "package demo:all;\n\npackage demo:inner {\n  interface types {\n    type id = u8;\n  }\n}\n\ninterface outer {\n  use demo:inner/types.{id};\n}\n";
const APP: &str = "package demo:app;\n\ninterface client {\n  use demo:inner/types.{id};\n  send: func(to: id);\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_is_navigable_and_outlined_and_raises_no_errors() {
    let (_dir, root) = workspace(&[("lib/all.wit", ALL), ("app/app.wit", APP)]);
    let (all, app) = (root.join("lib/all.wit"), root.join("app/app.wit"));
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&app, APP).await;
    let published = client.diagnostics_where(&app, |p| p["version"] == 1).await;
    assert_eq!(published["diagnostics"], json!([]), "{published}");

    let definition = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": convert::uri_of(&app)}, "position": {"line": 4, "character": 17}}),
        )
        .await;
    assert_eq!(
        definition["result"],
        json!({"uri": convert::uri_of(&all), "range": {"start": {"line": 4, "character": 9}, "end": {"line": 4, "character": 11}}}),
        "{definition}"
    );

    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": convert::uri_of(&all)}}),
        )
        .await;
    let block = &symbols["result"][1];
    assert_eq!(
        (&block["name"], &block["children"][0]["name"]),
        (&json!("demo:inner"), &json!("types")),
        "{symbols}"
    );
}
