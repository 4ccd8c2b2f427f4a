//! Protocol and state: encodings, sync, diagnostics, staleness, panics.

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{client_on_file, diagnostics, error_message, start_line, workspace},
};
use crate::lsp::convert;

const SHAPES: &str = "package demo:shapes;\r\n\r\ninterface geometry {\r\n    /// A point 🦀 on the plane.\r\n    record point { x: u32, y: u32 }\r\n}\r\n";

fn utf8_client() -> Value {
    json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}})
}

fn lines_of(published: &Value) -> Vec<u64> {
    diagnostics(published).iter().map(start_line).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negotiates_utf8_when_offered_and_utf16_otherwise() {
    let (_dir, root) = workspace(&[("a.wit", SHAPES)]);
    let (_, result) = TestClient::start(&root, utf8_client()).await;
    assert_eq!(
        result["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    let (_, result) = TestClient::start(&root, json!({})).await;
    assert_eq!(
        result["result"]["capabilities"]["positionEncoding"],
        "utf-16"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_publishes_errors_of_files_nobody_opened() {
    let broken = "package demo:broken;\n\ninterface i {\n    type t = strin;\n}\n";
    let (_dir, root) = workspace(&[("ok/a.wit", SHAPES), ("broken/b.wit", broken)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let published = client
        .diagnostics_where(&root.join("broken/b.wit"), |p| {
            !p["diagnostics"][0].is_null()
        })
        .await;
    assert_eq!(lines_of(&published), vec![3], "{published}");
    assert!(
        published["version"].is_null(),
        "an unopened file has no version: {published}"
    );
}

/// The edit sits after an emoji on a CRLF line, in both encodings, so a
/// wrong column count puts the error in the wrong place or garbles the text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_adds_an_error_on_its_line_and_the_next_edit_clears_it() {
    for (capabilities, emoji_width) in [(utf8_client(), 4), (json!({}), 2)] {
        let (_dir, root) = workspace(&[("a.wit", SHAPES)]);
        let path = root.join("a.wit");
        let (mut client, _) = TestClient::start(&root, capabilities).await;
        client.open(&path, SHAPES).await;
        client
            .diagnostics_where(&path, |p| {
                p["version"] == 1 && p["diagnostics"] == json!([])
            })
            .await;

        // Line 3 is `    /// A point 🦀 on the plane.`; replace `on` after the emoji.
        let on = 4 + "/// A point ".len() as u32 + emoji_width + 1;
        client.change(&path, 2, (3, on), (3, on + 2), "ON").await;
        // Line 4's `u32` (the first) becomes an unknown name.
        let u32_col = "    record point { x: ".len() as u32;
        client
            .change(&path, 3, (4, u32_col), (4, u32_col + 3), "u33")
            .await;
        let broken = client.diagnostics_where(&path, |p| p["version"] == 3).await;
        assert_eq!(lines_of(&broken), vec![4], "{broken}");
        let start = &broken["diagnostics"][0]["range"]["start"];
        assert_eq!(start["character"], u32_col, "{broken}");

        client
            .change(&path, 4, (4, u32_col), (4, u32_col + 3), "u32")
            .await;
        let fixed = client.diagnostics_where(&path, |p| p["version"] == 4).await;
        assert_eq!(fixed["diagnostics"], json!([]), "{fixed}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_are_never_published_for_an_older_version() {
    let (_dir, path, mut client) = client_on_file("a.wit", SHAPES).await;
    client.open(&path, SHAPES).await;
    for version in 2..=30 {
        let text = if version % 2 == 0 { "x" } else { "" };
        client.change(&path, version, (0, 0), (0, 0), text).await;
    }
    client
        .diagnostics_where(&path, |p| p["version"] == 30)
        .await;
    let versions: Vec<i64> = client
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics")
        .filter_map(|n| n["params"]["version"].as_i64())
        .collect();
    assert!(
        versions.windows(2).all(|pair| pair[0] < pair[1]),
        "out of order: {versions:?}"
    );
    // The burst was debounced: far fewer checks than edits.
    assert!(versions.len() < 10, "not debounced: {versions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_on_a_document_that_changed_meanwhile_gets_content_modified() {
    let (_dir, path, mut client) = client_on_file("a.wit", SHAPES).await;
    client.open(&path, SHAPES).await;
    let id = client
        .send_request("test/slow", json!({"uri": convert::uri_of(&path)}))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    client.change(&path, 2, (0, 0), (0, 0), " ").await;
    let response = client.response(id).await;
    assert_eq!(response["error"]["code"], -32801, "{response}");
    // Unchanged since: answered normally.
    let response = client
        .request("test/slow", json!({"uri": convert::uri_of(&path)}))
        .await;
    assert_eq!(response["result"], "done", "{response}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_handler_gets_an_error_response_and_the_server_keeps_serving() {
    let (_dir, path, mut client) = client_on_file("a.wit", SHAPES).await;
    let response = client
        .request("test/panic", json!({"uri": convert::uri_of(&path)}))
        .await;
    assert_eq!(response["error"]["code"], -32603, "{response}");
    assert!(
        error_message(&response).contains("deliberate test panic"),
        "{response}"
    );
    let response = client
        .request("test/slow", json!({"uri": convert::uri_of(&path)}))
        .await;
    assert_eq!(response["result"], "done", "{response}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_changed_on_disk_is_rechecked_through_watched_files() {
    let (_dir, root) = workspace(&[("a.wit", SHAPES)]);
    let path = root.join("a.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    // Written beside and renamed over: the startup check may be reading the
    // file right now, and must see it whole, old or new, as an editor's
    // save would leave it.
    let written = root.join("a.wit.new");
    std::fs::write(&written, SHAPES.replace("y: u32", "y: u99")).unwrap();
    std::fs::rename(&written, &path).unwrap();
    let changes = json!({"changes": [{"uri": convert::uri_of(&path), "type": 2}]});
    client
        .notify("workspace/didChangeWatchedFiles", changes)
        .await;
    let broken = client
        .diagnostics_where(&path, |p| !p["diagnostics"][0].is_null())
        .await;
    assert_eq!(lines_of(&broken), vec![4], "{broken}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_bad_names_show_three_errors() {
    let text = "package demo:three;\n\ninterface i {\n    type a = strin;\n    type b = lst;\n    record r { f: bogus }\n}\n";
    let (_dir, path, mut client) = client_on_file("a.wit", text).await;
    client.open(&path, text).await;
    let published = client.diagnostics_where(&path, |p| p["version"] == 1).await;
    assert_eq!(lines_of(&published), vec![3, 4, 5], "{published}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_requests_get_clear_answers_not_crashes() {
    let (_dir, root) = workspace(&[("a.wit", SHAPES)]);
    let path = root.join("a.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let untitled = client
        .request("textDocument/hover", json!({"textDocument": {"uri": "untitled:Untitled-1"}, "position": {"line": 0, "character": 0}}))
        .await;
    assert!(
        error_message(&untitled).contains("untitled:Untitled-1 is not a file URI"),
        "{untitled}"
    );
    let past_the_end = client
        .request("textDocument/hover", json!({"textDocument": {"uri": convert::uri_of(&path)}, "position": {"line": 999, "character": 999}}))
        .await;
    assert!(
        past_the_end["result"].is_null() && past_the_end.get("error").is_none(),
        "{past_the_end}"
    );
    // A change to a document that was never opened is logged and ignored.
    client.change(&path, 7, (0, 0), (0, 0), "x").await;
    let outside = root.join("nowhere.wit");
    let missing = client
        .request("textDocument/definition", json!({"textDocument": {"uri": convert::uri_of(&outside)}, "position": {"line": 0, "character": 0}}))
        .await;
    assert!(
        missing["result"].is_null() && missing.get("error").is_none(),
        "{missing}"
    );
}
