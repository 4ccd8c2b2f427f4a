//! What a confused or careless client sends: documents that are not files,
//! edits to documents never opened, versions going backwards, folders
//! deleted whole, requests after shutdown. Each is logged or answered with
//! an error; none stops the server or leaves stale diagnostics.

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{client_on_file, diagnostics, error_message, open_params, workspace},
};
use crate::lsp::convert;

const BROKEN: &str = "package demo:broken;\n\ninterface api {\n  f: func(x: strng);\n}\n";
const CLEAN: &str = "package demo:clean;\n\ninterface api {\n  f: func(x: string);\n}\n";

fn has_diagnostics(params: &Value) -> bool {
    !diagnostics(params).is_empty()
}

fn warning_containing(text: &'static str) -> impl Fn(&Value) -> bool {
    move |params| params["type"] == 2 && params["message"].as_str().unwrap().contains(text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_that_is_not_a_file_is_logged_and_requests_on_it_fail() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let untitled = json!({"textDocument": {"uri": "untitled:Untitled-1", "languageId": "wit",
                                           "version": 1, "text": BROKEN}});
    client.notify("textDocument/didOpen", untitled).await;
    client
        .notification_where(
            "window/logMessage",
            warning_containing("untitled:Untitled-1 is not a file on disk, so it is not analysed"),
        )
        .await;
    let hover = json!({"textDocument": {"uri": "untitled:Untitled-1"},
                       "position": {"line": 3, "character": 14}});
    let answer = client.request("textDocument/hover", hover).await;
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert!(
        error_message(&answer).contains("untitled:Untitled-1 is not a file URI"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_to_a_document_never_opened_is_logged_and_ignored() {
    let (_dir, path, mut client) = client_on_file("wit/a.wit", CLEAN).await;
    client.change(&path, 2, (3, 13), (3, 19), "strng").await;
    client
        .notification_where(
            "window/logMessage",
            warning_containing("a.wit which is not open; the change is ignored"),
        )
        .await;
    // The disk's clean text still stands.
    let summary = client
        .request(
            "workspace/executeCommand",
            json!({"command": "wit-analyzer.server.checkWorkspace"}),
        )
        .await;
    assert_eq!(summary["result"]["errors"], 0, "{summary}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_going_backwards_is_logged_but_the_text_is_kept() {
    let (_dir, path, mut client) = client_on_file("wit/a.wit", CLEAN).await;
    let mut open = open_params(&path, CLEAN);
    open["textDocument"]["version"] = json!(5);
    client.notify("textDocument/didOpen", open).await;
    client.change(&path, 3, (3, 13), (3, 19), "strng").await;
    client
        .notification_where(
            "window/logMessage",
            warning_containing("version 3 is not newer than 5"),
        )
        .await;
    let published = client
        .diagnostics_where(&path, |p| has_diagnostics(p) && p["version"] == 3)
        .await;
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({"line": 3, "character": 13})
    );
}

/// Editors report a deleted folder as one event for the folder; its files
/// are gone from disk and cannot be listed any more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_folder_clears_the_diagnostics_of_its_files() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN), ("old/wit/api.wit", BROKEN)]);
    let gone = root.join("old/wit/api.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.diagnostics_where(&gone, has_diagnostics).await;
    std::fs::remove_dir_all(root.join("old")).unwrap();
    let deleted = json!({"changes": [{"uri": convert::uri_of(&root.join("old")), "type": 3}]});
    client
        .notify("workspace/didChangeWatchedFiles", deleted)
        .await;
    client
        .diagnostics_where(&gone, |p| !has_diagnostics(p))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_copied_in_whole_is_checked() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    // Settled first, so that only the event can make the new files known.
    let check = json!({"command": "wit-analyzer.server.checkWorkspace"});
    client.request("workspace/executeCommand", check).await;
    let new = root.join("new/wit/api.wit");
    std::fs::create_dir_all(new.parent().unwrap()).unwrap();
    std::fs::write(&new, BROKEN).unwrap();
    let created = json!({"changes": [{"uri": convert::uri_of(&root.join("new")), "type": 1}]});
    client
        .notify("workspace/didChangeWatchedFiles", created)
        .await;
    let published = client.diagnostics_where(&new, has_diagnostics).await;
    assert_eq!(
        published["diagnostics"][0]["range"]["start"],
        json!({"line": 3, "character": 13})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_after_shutdown_get_an_error_not_silence() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let answer = client.request("shutdown", json!(null)).await;
    assert_eq!(answer["result"], Value::Null, "{answer}");
    let symbols = json!({"textDocument": {"uri": convert::uri_of(&root.join("wit/a.wit"))}});
    let answer = client.request("textDocument/documentSymbol", symbols).await;
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
}

/// `check` reads `wkg.toml` overrides, so an edit to one outside the
/// editor must reach the server as `deps.toml` edits do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_watcher_covers_every_manifest_the_check_reads() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN)]);
    let capabilities =
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let (mut client, _) = TestClient::start(&root, capabilities).await;
    let check = json!({"command": "wit-analyzer.server.checkWorkspace"});
    client.request("workspace/executeCommand", check).await;
    let registration = client
        .requests
        .iter()
        .find(|r| r["method"] == "client/registerCapability")
        .expect("the server registers its file watcher");
    let globs: Vec<&str> =
        registration["params"]["registrations"][0]["registerOptions"]["watchers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["globPattern"].as_str().unwrap())
            .collect();
    for manifest in ["**/deps.toml", "**/wkg.toml", "**/wit-analyzer.toml"] {
        assert!(globs.contains(&manifest), "{manifest} in {globs:?}");
    }
}

/// A client with no world to name sends `""`; the file's only world is
/// built, as when it sends none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blank_world_to_build_means_the_files_only_world() {
    let (_dir, root) = workspace(&[("wit/app.wit", "package demo:app;\n\nworld app {}\n")]);
    let path = root.join("wit/app.wit");
    let (mut client, _) = TestClient::start_with(&root, json!({}), json!({"trusted": true})).await;
    let build = json!([{"uri": convert::uri_of(&path), "world": " "}]);
    let answer = client.execute("wit-analyzer.server.build", build).await;
    let error = answer["result"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("world `demo:app/app`"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_buffer_set_to_wit_that_is_not_a_wit_file_is_logged() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let notes = root.join("wit/notes.txt");
    client.open(&notes, BROKEN).await;
    client
        .notification_where(
            "window/logMessage",
            warning_containing("notes.txt is not a `.wit` file, so no package includes it"),
        )
        .await;
}

/// No watcher told the server about these files: opening them is enough.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_created_after_start_shows_its_errors_when_opened() {
    let (_dir, root) = workspace(&[("wit/a.wit", CLEAN)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    // A new file in the existing package, and a new package in a new folder.
    let sibling = root.join("wit/b.wit");
    let sibling_text = "package demo:clean;\n\ninterface more {\n  g: func(x: strng);\n}\n";
    std::fs::write(&sibling, sibling_text).unwrap();
    let fresh = root.join("new/n.wit");
    std::fs::create_dir_all(fresh.parent().unwrap()).unwrap();
    std::fs::write(&fresh, BROKEN).unwrap();

    client.open(&sibling, sibling_text).await;
    let published = client.diagnostics_where(&sibling, has_diagnostics).await;
    assert!(
        published["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("strng"),
        "{published}"
    );
    client.open(&fresh, BROKEN).await;
    let published = client.diagnostics_where(&fresh, has_diagnostics).await;
    assert!(
        published["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("strng"),
        "{published}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_file_deleted_on_disk_removes_it() {
    let (_dir, root) = workspace(&[
        ("wit/a.wit", CLEAN),
        (
            "wit/b.wit",
            "package demo:clean;\n\ninterface more {\n  g: func(x: strng);\n}\n",
        ),
    ]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let doomed = root.join("wit/b.wit");
    let text = std::fs::read_to_string(&doomed).unwrap();
    client.open(&doomed, &text).await;
    client.diagnostics_where(&doomed, has_diagnostics).await;
    std::fs::remove_file(&doomed).unwrap();
    // No watcher says so; the close does.
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": convert::uri_of(&doomed)}}),
        )
        .await;
    client
        .diagnostics_where(&doomed, |p| !has_diagnostics(p))
        .await;
    // The package goes on without it: `more` is gone, `api` is still there.
    let summary = client
        .execute("wit-analyzer.server.checkWorkspace", json!([]))
        .await;
    assert_eq!(summary["result"]["errors"], 0, "{summary}");
    assert_eq!(summary["result"]["files"], 1, "{summary}");
}
