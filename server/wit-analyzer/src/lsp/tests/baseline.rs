//! Breaking changes against the `baseline` setting, as diagnostics that
//! follow typing, a quick fix, and the `breakingChanges` command.

use std::path::Path;

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{breaking_changes, diagnostics, edit, is_breaking, start_line, workspace},
};
use crate::lsp::convert;

const BEFORE: &str = "package demo:calc@1.0.0;\n\ninterface ops {\n  @since(version = 1.0.0)\n  add: func(a: u32, b: u32) -> u32;\n}\n";
/// `b` widened to u64 under the same version: breaking, on line 4, and
/// the version (line 2) needs a major bump.
const CHANGED: &str = "package demo:calc@1.0.0;\n\ninterface ops {\n  @since(version = 1.0.0)\n  add: func(a: u32, b: u64) -> u32;\n}\n";
/// A compatible addition in 1.1.0 that lacks its `@since`, on line 5.
const ADDED: &str = "package demo:calc@1.1.0;\n\ninterface ops {\n  @since(version = 1.0.0)\n  add: func(a: u32, b: u32) -> u32;\n  sub: func(a: u32, b: u32) -> u32;\n}\n";

fn breaking_lines(params: &Value) -> Vec<u64> {
    diagnostics(params)
        .iter()
        .filter(|d| is_breaking(d))
        .map(start_line)
        .collect()
}

/// A client on a workspace holding `current`, with `BEFORE` as baseline.
async fn started(current: &str) -> (Vec<tempfile::TempDir>, std::path::PathBuf, TestClient) {
    let (base_dir, base) = workspace(&[("calc.wit", BEFORE)]);
    let (dir, root) = workspace(&[("calc.wit", current)]);
    let options = json!({"trusted": false, "baseline": base, "features": {}, "run": {}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("calc.wit");
    client.open(&path, current).await;
    (vec![base_dir, dir], path, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_breaking_edit_is_reported_at_its_line_until_it_is_undone() {
    let (_dirs, path, mut client) = started(CHANGED).await;
    let found = client
        .diagnostics_where(&path, |p| !breaking_lines(p).is_empty())
        .await;
    assert_eq!(breaking_lines(&found), [4, 2], "{found}");

    // Typing `u32` back over `u64` restores the baseline.
    let u64_at = CHANGED.lines().nth(4).unwrap().find("u64").unwrap() as u32;
    let restore = edit(&path, 2, (4, u64_at), (4, u64_at + 3), "u32");
    client.notify("textDocument/didChange", restore).await;
    let cleared = client
        .diagnostics_where(&path, |p| p["version"] == 2 && breaking_lines(p).is_empty())
        .await;
    assert_eq!(cleared["diagnostics"], json!([]), "{cleared}");
}

/// A baseline directory edited on disk is read again: here it becomes
/// what the workspace holds, so the break against it goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_baseline_directory_edited_on_disk_is_read_again() {
    let (dirs, path, mut client) = started(CHANGED).await;
    let found = client
        .diagnostics_where(&path, |p| !breaking_lines(p).is_empty())
        .await;
    assert_eq!(breaking_lines(&found), [4, 2], "{found}");

    let baseline_file = dirs[0].path().canonicalize().unwrap().join("calc.wit");
    std::fs::write(&baseline_file, CHANGED).unwrap();
    let changes = json!({"changes": [{"uri": convert::uri_of(&baseline_file), "type": 2}]});
    client
        .notify("workspace/didChangeWatchedFiles", changes)
        .await;
    let cleared = client
        .diagnostics_where(&path, |p| breaking_lines(p).is_empty())
        .await;
    assert_eq!(cleared["diagnostics"], json!([]), "{cleared}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_since_gets_a_quick_fix() {
    let (_dirs, path, mut client) = started(ADDED).await;
    let found = client
        .diagnostics_where(&path, |p| !breaking_lines(p).is_empty())
        .await;
    assert_eq!(breaking_lines(&found), [5], "{found}");
    let doc = json!({"uri": convert::uri_of(&path)});
    let range = json!({"start": {"line": 5, "character": 2}, "end": {"line": 5, "character": 2}});
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
        )
        .await;
    // The IDE's own `@since` fix and the baseline's make one action.
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .filter(|t| t.contains("@since"))
        .collect();
    assert_eq!(titles, ["Add `@since(version = 1.1.0)`"], "{actions}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_lists_changes_and_a_bad_baseline_is_named() {
    let (_dirs, path, mut client) = started(CHANGED).await;
    let (_base_dir, base) = workspace(&[("calc.wit", BEFORE)]);
    let answer = breaking_changes(&mut client, &base).await;
    let changes = answer["result"]["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"));
    let lines: Vec<&Value> = changes
        .iter()
        .map(|c| &c["range"]["start"]["line"])
        .collect();
    assert_eq!(lines, [4, 2], "{answer}");
    assert_eq!(changes[0]["uri"], json!(convert::uri_of(&path)));

    let missing = Path::new("/nonexistent/wit-analyzer-baseline");
    let answer = breaking_changes(&mut client, missing).await;
    let message = answer["error"]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{answer}"));
    assert!(
        message.contains("/nonexistent/wit-analyzer-baseline"),
        "{message}"
    );

    // The same bad baseline as a setting is a warning, not a crash.
    let settings =
        json!({"settings": {"trusted": false, "baseline": missing, "features": {}, "run": {}}});
    client
        .notify("workspace/didChangeConfiguration", settings)
        .await;
    let symbols = json!({"textDocument": {"uri": convert::uri_of(&path)}});
    let mut warned = false;
    for _ in 0..100 {
        // Each answer read also collects the notifications sent before it.
        let answer = client
            .request("textDocument/documentSymbol", symbols.clone())
            .await;
        assert!(
            answer.get("result").is_some(),
            "the server still answers: {answer}"
        );
        warned = client.notifications.iter().any(|n| {
            n["method"] == "window/showMessage"
                && n["params"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("wit-analyzer-baseline"))
        });
        if warned {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(warned, "{:?}", client.notifications);
}

fn codes(params: &Value) -> Vec<String> {
    diagnostics(params)
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_findings_go_into_problems_until_cleared() {
    let (base_dir, base) = workspace(&[("calc.wit", BEFORE)]);
    let (_dir, root) = workspace(&[("calc.wit", CHANGED)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let path = root.join("calc.wit");
    client.open(&path, CHANGED).await;
    let answer = breaking_changes(&mut client, &base).await;
    assert_eq!(
        answer["result"]["changes"].as_array().map(Vec::len),
        Some(2)
    );
    let found = client
        .diagnostics_where(&path, |p| !breaking_lines(p).is_empty())
        .await;
    assert_eq!(breaking_lines(&found), [4, 2], "{found}");

    // The old file, opened from a related location, stays out of the
    // workspace: no second `demo:calc@1.0.0`, and nothing published for it.
    let old = base.join("calc.wit");
    client.open(&old, BEFORE).await;
    // An edit after the open: its check sees whatever the open did.
    let u64_at = CHANGED.lines().nth(4).unwrap().find("u64").unwrap() as u32;
    client
        .notify(
            "textDocument/didChange",
            edit(&path, 2, (4, u64_at), (4, u64_at + 3), "u64"),
        )
        .await;
    let after = client.diagnostics_where(&path, |p| p["version"] == 2).await;
    assert_eq!(breaking_lines(&after), [4, 2], "{after}");
    let published_for = |path: &Path| {
        let uri = json!(convert::uri_of(path));
        client
            .notifications
            .iter()
            .filter(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
            })
            .map(|n| n["params"].clone())
            .collect::<Vec<Value>>()
    };
    for published in published_for(&path).iter().chain(&published_for(&old)) {
        assert!(
            !codes(published)
                .iter()
                .any(|c| c.contains("duplicate-package")),
            "{published}"
        );
    }
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": convert::uri_of(&old)}}),
        )
        .await;

    let cleared = client
        .execute("wit-analyzer.server.clearBreakingChanges", json!([]))
        .await;
    assert_eq!(cleared["result"]["cleared"], true, "{cleared}");
    let clean = client
        .diagnostics_where(&path, |p| breaking_lines(p).is_empty())
        .await;
    assert_eq!(clean["diagnostics"], json!([]), "{clean}");
    drop(base_dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_from_elsewhere_leaves_nothing_behind_when_closed() {
    let (_dir, root) = workspace(&[("calc.wit", BEFORE)]);
    let (_other_dir, other) = workspace(&[("broken.wit", "package x:y;\ninterface i {\n")]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let broken = other.join("broken.wit");
    client.open(&broken, "package x:y;\ninterface i {\n").await;
    client
        .diagnostics_where(&broken, |p| !diagnostics(p).is_empty())
        .await;
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": convert::uri_of(&broken)}}),
        )
        .await;
    let cleared = client
        .diagnostics_where(&broken, |p| diagnostics(p).is_empty())
        .await;
    assert_eq!(cleared["diagnostics"], json!([]));
}
