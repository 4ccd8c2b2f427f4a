//! `.wac` documents: wac's errors as diagnostics at their place, go to
//! definition from a package to its component's WIT or to the workspace's
//! WIT, and `▶ Compose`.

use analysis::file_system::OsFileSystem;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{diagnostics, edit, workspace},
};
use crate::lsp::convert;

/// Imports `double` from `demo:t/math@0.1.0`, exports `quad`.
const ROOT: &str = r#"(component
  (import "demo:t/math@0.1.0" (instance $math
    (export "double" (func (param "x" u32) (result u32)))))
  (alias export $math "double" (func $double))
  (core func $double-lowered (canon lower (func $double)))
  (core module $m
    (import "math" "double" (func $double (param i32) (result i32)))
    (func (export "quad") (param i32) (result i32) local.get 0 call $double call $double))
  (core instance $math-core (export "double" (func $double-lowered)))
  (core instance $i (instantiate $m (with "math" (instance $math-core))))
  (func (export "quad") (param "x" u32) (result u32) (canon lift (core func $i "quad"))))"#;

/// Exports `demo:t/math@0.1.0`.
const MATH: &str = r#"(component
  (core module $m (func (export "double") (param i32) (result i32) local.get 0 i32.const 2 i32.mul))
  (core instance $i (instantiate $m))
  (func $double (param "x" u32) (result u32) (canon lift (core func $i "double")))
  (instance $math (export "double" (func $double)))
  (export "demo:t/math@0.1.0" (instance $math)))"#;

const MATH_WIT: &str =
    "package demo:t@0.1.0;\n\ninterface math {\n  double: func(x: u32) -> u32;\n}\n";

const APP: &str = "package demo:app;\n\nimport m: demo:t/math@0.1.0;\n\nlet math = new demo:math { ... };\nlet root = new demo:root { \"demo:t/math@0.1.0\": math[\"demo:t/math@0.1.0\"] };\nexport root.quad;\n";

async fn started() -> (tempfile::TempDir, PathBuf, TestClient) {
    let (dir, root) = workspace(&[
        ("wit/math.wit", MATH_WIT),
        ("app/deps/demo/root.wat", ROOT),
        ("app/deps/demo/math.wat", MATH),
    ]);
    let (client, _) = TestClient::start(&root, json!({})).await;
    (dir, root, client)
}

async fn published(client: &mut TestClient, path: &Path, version: i64) -> Value {
    let uri = json!(convert::uri_of(path));
    client
        .notification_where("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        })
        .await
}

fn position_of(text: &str, needle: &str, skip: usize) -> Value {
    let offset = text.find(needle).unwrap() + skip;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let character = offset - before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": character })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wac_errors_are_diagnostics_at_their_place_and_clear_when_fixed() {
    let (_dir, root, mut client) = started().await;
    let path = root.join("app/app.wac");
    // A statement cut short: wac-parser says what it expected, where.
    let broken = "package demo:app;\n\nlet math = new ;\n";
    client.open(&path, broken).await;
    let first = published(&mut client, &path, 1).await;
    let found = diagnostics(&first);
    assert_eq!(found.len(), 1, "{first}");
    assert_eq!(found[0]["source"], "wac");
    assert_eq!(found[0]["message"], "expected package name, found `;`");
    assert_eq!(
        found[0]["range"]["start"],
        json!({"line": 2, "character": 15})
    );
    // No complaint that it is no `.wit` file.
    assert!(
        !client.notifications.iter().any(|n| n["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not a `.wit` file"))),
        "{:?}",
        client.notifications
    );

    // A package nobody has: reported where it is named.
    client
        .notify(
            "textDocument/didChange",
            edit(&path, 2, (2, 15), (2, 15), "demo:nowhere { ... }"),
        )
        .await;
    let second = published(&mut client, &path, 2).await;
    let found = diagnostics(&second);
    assert_eq!(found.len(), 1, "{second}");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown package `demo:nowhere`: none of "),
        "{second}"
    );
    assert_eq!(
        found[0]["range"]["start"],
        json!({"line": 2, "character": 15})
    );
    assert_eq!(
        found[0]["range"]["end"],
        json!({"line": 2, "character": 27})
    );

    // The whole document, fixed: nothing left.
    let whole = json!({
        "textDocument": {"uri": convert::uri_of(&path), "version": 3},
        "contentChanges": [{"text": APP}],
    });
    client.notify("textDocument/didChange", whole).await;
    let third = published(&mut client, &path, 3).await;
    assert_eq!(diagnostics(&third), &[] as &[Value], "{third}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_goes_to_the_component_or_the_wit_a_package_names() {
    let (_dir, root, mut client) = started().await;
    let path = root.join("app/app.wac");
    client.open(&path, APP).await;
    let uri = json!(convert::uri_of(&path));

    // `new demo:math`: the component in deps/, shown as its WIT.
    let at = position_of(APP, "demo:math {", 3);
    let found = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": at}),
        )
        .await;
    let expected = format!(
        "wit-analyzer-component:{}.wit",
        convert::uri_of(&root.join("app/deps/demo/math.wat"))
            .as_str()
            .strip_prefix("file:")
            .unwrap()
    );
    assert_eq!(found["result"]["uri"], json!(expected), "{found}");
    // ...which the component view serves.
    let view = client
        .request("wit-analyzer/componentWit", json!({"uri": expected}))
        .await;
    assert!(
        view["result"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("export demo:t/math@0.1.0;")),
        "{view}"
    );

    // `demo:t/math@0.1.0`: the interface in the workspace's WIT.
    let at = position_of(APP, "demo:t/math@0.1.0;", 8);
    let found = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": at}),
        )
        .await;
    assert_eq!(
        found["result"]["uri"],
        json!(convert::uri_of(&root.join("wit/math.wit"))),
        "{found}"
    );
    assert_eq!(
        found["result"]["range"]["start"],
        json!({"line": 2, "character": 10})
    );

    // Elsewhere: nothing.
    let at = position_of(APP, "export root", 2);
    let found = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": at}),
        )
        .await;
    assert_eq!(found["result"], Value::Null, "{found}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_compose_lens_writes_the_composition_beside_the_document() {
    let (_dir, root, mut client) = started().await;
    let path = root.join("app/app.wac");
    client.open(&path, APP).await;
    let uri = json!(convert::uri_of(&path));
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert_eq!(
        lenses["result"],
        json!([{
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "command": {"title": "▶ Compose", "command": "wit-analyzer.compose", "arguments": [{"uri": uri}]},
        }]),
        "{lenses}"
    );

    let composed = client
        .request("wit-analyzer/compose", json!({"uri": uri}))
        .await;
    let result = &composed["result"];
    assert_eq!(result["ok"], true, "{composed}");
    let output = root.join("app/app.wasm");
    assert_eq!(result["output"], json!(convert::uri_of(&output)));
    assert_eq!(result["exports"], json!(["quad"]));
    // The document's own `import m: demo:t/math@0.1.0;`.
    assert_eq!(result["imports"], json!(["demo:t/math@0.1.0"]));
    let decoded = analysis::component::read_component(&OsFileSystem, &output).unwrap();
    assert_eq!(decoded.exports, ["quad"]);

    // A broken document composes nothing and says why, with the place.
    client
        .notify(
            "textDocument/didChange",
            edit(&path, 2, (4, 15), (4, 24), "demo:gone"),
        )
        .await;
    let failed = client
        .request("wit-analyzer/compose", json!({"uri": uri}))
        .await;
    assert_eq!(failed["result"]["ok"], false, "{failed}");
    assert!(
        failed["result"]["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("5:16: unknown package `demo:gone`"),
        "{failed}"
    );
}
