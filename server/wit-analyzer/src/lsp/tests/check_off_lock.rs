//! A check runs without the state's lock: features are answered while it
//! runs, from buffer edits it has not taken yet, and what needs the
//! workspace itself waits for it to end.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const APP: &str = "package demo:app;\n\ninterface shapes {\n  type side = u32;\n}\n";
const OTHER: &str = "package demo:other;\n\ninterface colours {\n  /// Red, green and blue.\n  record rgb { r: u8, g: u8, b: u8 }\n  paint: func(c: rgb);\n}\n";

async fn hover(
    client: &mut TestClient,
    path: &std::path::Path,
    line: u32,
    character: u32,
) -> Value {
    let doc = json!({"uri": convert::uri_of(path)});
    let position = json!({"line": line, "character": character});
    client
        .request(
            "textDocument/hover",
            json!({"textDocument": doc, "position": position}),
        )
        .await
}

fn markdown(hover: &Value) -> &str {
    hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no hover: {hover}"))
}

/// A client on `app` and `other`, `app` open and its IDE view built. The
/// first feature builds the view, which needs the workspace; from then on
/// a keystroke in a known file reaches the view on its own.
async fn started_with_ide_view() -> (tempfile::TempDir, PathBuf, PathBuf, TestClient) {
    let (dir, root) = workspace(&[("app/app.wit", APP), ("other/other.wit", OTHER)]);
    let app = root.join("app/app.wit");
    let other = root.join("other/other.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&app, APP).await;
    client.diagnostics_where(&app, |_| true).await;
    let on_side = hover(&mut client, &app, 3, 8).await;
    assert!(markdown(&on_side).contains("type side = u32"), "{on_side}");
    (dir, app, other, client)
}

#[tokio::test]
async fn features_are_answered_while_a_check_holds_the_workspace() {
    let (_dir, app, other, mut client) = started_with_ide_view().await;

    client.request("test/holdCheck", json!({})).await;
    // A new type in the edited file, and a hover on it and on another
    // package's file: neither waits for the held check (else the requests
    // would wait forever, and the client's patience runs out).
    client
        .change(&app, 2, (3, 19), (3, 19), "\n  type edge = side;")
        .await;
    let on_edge = hover(&mut client, &app, 4, 8).await;
    assert!(markdown(&on_edge).contains("type edge = side"), "{on_edge}");
    let on_rgb = hover(&mut client, &other, 4, 10).await;
    assert!(
        markdown(&on_rgb).contains("Red, green and blue."),
        "{on_rgb}"
    );

    client.request("test/releaseCheck", json!({})).await;
    // The held check saw version 1; the edit's own check follows it.
    let published = client
        .diagnostics_where(&app, |params| params["version"] == json!(2))
        .await;
    assert_eq!(published["diagnostics"], json!([]), "{published}");
}

/// A keystroke in one package is not parsed for an answer about a package
/// that does not reach it, but is for the next answer that reads it.
#[tokio::test]
async fn an_edit_is_parsed_by_the_first_answer_that_reads_it() {
    let (_dir, app, other, mut client) = started_with_ide_view().await;

    client.request("test/holdCheck", json!({})).await;
    client.request("test/parsed", json!({})).await;
    client
        .change(&app, 2, (3, 19), (3, 19), "\n  type edge = side;")
        .await;
    let on_rgb = hover(&mut client, &other, 4, 10).await;
    assert!(
        markdown(&on_rgb).contains("Red, green and blue."),
        "{on_rgb}"
    );
    let parsed = client.request("test/parsed", json!({})).await;
    assert_eq!(parsed["result"], json!([]), "{parsed}");

    let on_edge = hover(&mut client, &app, 4, 8).await;
    assert!(markdown(&on_edge).contains("type edge = side"), "{on_edge}");
    let parsed = client.request("test/parsed", json!({})).await;
    assert_eq!(
        parsed["result"],
        json!([app.display().to_string()]),
        "{parsed}"
    );

    client.request("test/releaseCheck", json!({})).await;
    let published = client
        .diagnostics_where(&app, |params| params["version"] == json!(2))
        .await;
    assert_eq!(published["diagnostics"], json!([]), "{published}");
}

#[tokio::test]
async fn a_file_the_check_has_not_seen_is_answered_once_the_check_is_done() {
    let (_dir, root) = workspace(&[("app/app.wit", APP)]);
    let app = root.join("app/app.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&app, APP).await;
    client.diagnostics_where(&app, |_| true).await;

    client.request("test/holdCheck", json!({})).await;
    // A new buffer of the package: the IDE view cannot take it alone, so
    // the hover waits for the workspace, which takes it after the check.
    let new = root.join("app/more.wit");
    let text = "interface more {\n  use shapes.{side};\n  type corner = side;\n}\n";
    client.open(&new, text).await;
    let id = client
        .send_request(
            "textDocument/hover",
            json!({"textDocument": {"uri": convert::uri_of(&new)},
                   "position": {"line": 2, "character": 19}}),
        )
        .await;
    client.request("test/releaseCheck", json!({})).await;
    let on_side = client.response(id).await;
    assert!(markdown(&on_side).contains("type side = u32"), "{on_side}");
}
