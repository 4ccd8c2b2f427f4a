//! WIT feature gates from the editor's settings: diagnostics and the
//! breaking-change comparison follow them, and a settings change (pushed,
//! or pulled through `workspace/configuration`) re-publishes.

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{breaking_changes, client_on_file, diagnostics, is_breaking, messages, workspace},
};

/// `plain` is stable but returns a type gated behind `fancy`: wit-parser
/// rejects the package unless `fancy` is enabled.
const GATED: &str = "package demo:gates@1.0.0;\n\ninterface api {\n  @unstable(feature = fancy)\n  type shiny = u32;\n\n  @since(version = 1.0.0)\n  plain: func() -> shiny;\n}\n";

/// An unstable function, whose parameter is widened below in `WIDENED`.
const BEFORE: &str = "package demo:gates@1.0.0;\n\ninterface api {\n  @since(version = 1.0.0)\n  plain: func();\n\n  @unstable(feature = fancy)\n  shiny: func(a: u32);\n}\n";
const WIDENED: &str = "package demo:gates@1.0.0;\n\ninterface api {\n  @since(version = 1.0.0)\n  plain: func();\n\n  @unstable(feature = fancy)\n  shiny: func(a: u64);\n}\n";

fn mentions_exclusion(params: &Value) -> bool {
    messages(params)
        .iter()
        .any(|m| m.contains("feature not being activated"))
}

fn breaking_codes(params: &Value) -> Vec<String> {
    diagnostics(params)
        .iter()
        .filter(|d| is_breaking(d))
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

async fn change_settings(client: &mut TestClient, settings: Value) {
    // Only what comes after the change may answer the test's next wait.
    client.notifications.clear();
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": settings}),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_follow_the_gates_and_a_settings_change_republishes() {
    let (_dir, root) = workspace(&[("api.wit", GATED)]);
    let path = root.join("api.wit");
    let (mut client, _) = TestClient::start_with(&root, json!({}), json!({"features": []})).await;
    let off = client
        .diagnostics_where(&path, |p| !messages(p).is_empty())
        .await;
    assert!(mentions_exclusion(&off), "{off}");

    // No file is open: the change alone must re-check and re-publish.
    change_settings(&mut client, json!({"features": ["fancy"]})).await;
    let on = client.diagnostics_where(&path, |_| true).await;
    assert_eq!(on["diagnostics"], json!([]), "{on}");

    change_settings(&mut client, json!({"features": ["other"]})).await;
    let off = client.diagnostics_where(&path, |_| true).await;
    assert!(mentions_exclusion(&off), "{off}");

    change_settings(&mut client, json!({"allFeatures": true})).await;
    let all = client.diagnostics_where(&path, |_| true).await;
    assert_eq!(all["diagnostics"], json!([]), "{all}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gates_given_at_start_apply_from_the_first_check() {
    let (_dir, root) = workspace(&[
        ("a/api.wit", GATED),
        (
            "b/other.wit",
            "package demo:other;\n\ninterface x {\n  f: func() -> nope;\n}\n",
        ),
    ]);
    let options = json!({"features": ["fancy"]});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    // `other.wit` is published after or with `api.wit` in one check; by the
    // time its error is in, `api.wit` would have had its own.
    let other = client
        .diagnostics_where(&root.join("b/other.wit"), |p| !messages(p).is_empty())
        .await;
    assert!(messages(&other)[0].contains("nope"), "{other}");
    let gated_errors = client.notifications.iter().filter(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("api.wit"))
            && !messages(&n["params"]).is_empty()
    });
    assert_eq!(gated_errors.count(), 0, "{:?}", client.notifications);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_pulled_when_the_change_carries_none() {
    let (_dir, root) = workspace(&[("api.wit", GATED)]);
    let path = root.join("api.wit");
    let capabilities = json!({"workspace": {"configuration": true}});
    let (mut client, _) = TestClient::start_with(&root, capabilities, Value::Null).await;
    let off = client
        .diagnostics_where(&path, |p| !messages(p).is_empty())
        .await;
    assert!(mentions_exclusion(&off), "{off}");

    client.configuration = json!({"features": ["fancy"]});
    change_settings(&mut client, Value::Null).await;
    let on = client.diagnostics_where(&path, |_| true).await;
    assert_eq!(on["diagnostics"], json!([]), "{on}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nested_settings_are_read_and_bad_ones_are_named() {
    let (_dir, path, mut client) = client_on_file("api.wit", GATED).await;
    client
        .diagnostics_where(&path, |p| !messages(p).is_empty())
        .await;

    change_settings(
        &mut client,
        json!({"wit-analyzer": {"features": ["fancy"]}}),
    )
    .await;
    let on = client.diagnostics_where(&path, |_| true).await;
    assert_eq!(on["diagnostics"], json!([]), "{on}");

    change_settings(
        &mut client,
        json!({"features": "fancy", "disable": ["hovr"]}),
    )
    .await;
    let warning = wait_for_message(&mut client, &path).await;
    assert!(warning.contains("settings ignored: features:"), "{warning}");
    change_settings(
        &mut client,
        json!({"features": ["fancy"], "disable": ["hovr"]}),
    )
    .await;
    let warning = wait_for_message(&mut client, &path).await;
    assert!(warning.contains("`hovr`"), "{warning}");
}

/// The first `window/showMessage` after the last settings change.
async fn wait_for_message(client: &mut TestClient, path: &std::path::Path) -> String {
    let symbols = json!({"textDocument": {"uri": crate::lsp::convert::uri_of(path)}});
    for _ in 0..100 {
        // Each answer read also collects the notifications sent before it.
        client
            .request("textDocument/documentSymbol", symbols.clone())
            .await;
        let shown = client
            .notifications
            .iter()
            .find(|n| n["method"] == "window/showMessage");
        if let Some(shown) = shown {
            return shown["params"]["message"].as_str().unwrap().to_string();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no message: {:?}", client.notifications);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_breaking_change_comparison_honours_the_gates() {
    let (_base_dir, base) = workspace(&[("api.wit", BEFORE)]);
    let (_dir, root) = workspace(&[("api.wit", WIDENED)]);
    let path = root.join("api.wit");
    let (mut client, _) = TestClient::start_with(&root, json!({}), json!({"baseline": base})).await;
    client.open(&path, WIDENED).await;
    // With `fancy` off its items may change freely.
    let answer = breaking_changes(&mut client, &base).await;
    assert_eq!(answer["result"]["changes"], json!([]), "{answer}");

    change_settings(
        &mut client,
        json!({"baseline": base, "features": ["fancy"]}),
    )
    .await;
    let after = client
        .diagnostics_where(&path, |p| !breaking_codes(p).is_empty())
        .await;
    assert!(
        breaking_codes(&after).contains(&"wit::breaking::param-type-changed".to_string()),
        "{after}"
    );
    let answer = breaking_changes(&mut client, &base).await;
    let changes = answer["result"]["changes"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"));
    assert!(!changes.is_empty(), "{answer}");
}
