//! `workspace/didChangeWorkspaceFolders`: folders added and removed while
//! the server runs change what the workspace holds and resolves.

use serde_json::json;

use super::{
    client::TestClient,
    support::{diagnostics, messages, workspace},
};
use crate::lsp::convert;

const LIB: &str =
    "package demo:lib;\n\ninterface types {\n  type id = u64;\n  type bad = nope;\n}\n";
const APP: &str = "package demo:app;\n\ninterface i {\n  use demo:lib/types.{id};\n}\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn added_folders_are_checked_and_removed_ones_leave_no_trace() {
    let (_lib_dir, lib_root) = workspace(&[("lib/lib.wit", LIB)]);
    let (_app_dir, app_root) = workspace(&[("app/app.wit", APP)]);
    let (lib, app) = (lib_root.join("lib/lib.wit"), app_root.join("app/app.wit"));
    let (mut client, init) = TestClient::start(&lib_root, json!({})).await;
    let folders = &init["result"]["capabilities"]["workspace"]["workspaceFolders"];
    assert_eq!(folders["supported"], true, "{init}");
    assert_eq!(folders["changeNotifications"], true, "{init}");
    let broken = client
        .diagnostics_where(&lib, |p| !diagnostics(p).is_empty())
        .await;
    assert!(messages(&broken)[0].contains("nope"), "{broken}");

    let folder = |root: &std::path::Path| json!([{"uri": convert::uri_of(root), "name": "f"}]);
    let added = json!({"event": {"added": folder(&app_root), "removed": []}});
    client
        .notify("workspace/didChangeWorkspaceFolders", added)
        .await;
    client.open(&app, APP).await;
    // `demo:lib` is found in the other folder (and its error is its own).
    let found = client.diagnostics_where(&app, |p| p["version"] == 1).await;
    assert_eq!(codes(&found), ["wit::dependency-has-errors"], "{found}");

    let removed = json!({"event": {"added": [], "removed": folder(&lib_root)}});
    client
        .notify("workspace/didChangeWorkspaceFolders", removed)
        .await;
    let cleared = client
        .diagnostics_where(&lib, |p| diagnostics(p).is_empty())
        .await;
    assert_eq!(cleared["diagnostics"], json!([]));
    let missing = client
        .diagnostics_where(&app, |p| codes(p) != ["wit::dependency-has-errors"])
        .await;
    assert_eq!(codes(&missing), ["wit::package-not-found"], "{missing}");
}

fn codes(published: &serde_json::Value) -> Vec<&str> {
    (diagnostics(published).iter())
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}
