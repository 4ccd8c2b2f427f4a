//! The WIT of a component as a `wit-analyzer-component:` document: asked
//! for with `wit-analyzer/componentWit`, then opened and navigated like a
//! file, apart from the user's workspace.

use analysis::file_system::OsFileSystem;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{build_run::fixture_component, client::TestClient, support::workspace};
use crate::lsp::convert;

/// A workspace with one WIT file and the fixture component (world
/// `demo:guest/fixture`: exports `echo` and `misbehave`) beside it.
async fn started() -> (tempfile::TempDir, PathBuf, TestClient) {
    let (dir, root) = workspace(&[("wit/app.wit", "package demo:app;\n\ninterface a {}\n")]);
    let component = root.join("fixture.wasm");
    std::fs::write(&component, fixture_component()).unwrap();
    let (client, _) = TestClient::start(&root, json!({})).await;
    (dir, component, client)
}

async fn component_wit(client: &mut TestClient, uri: Value) -> Value {
    client
        .request("wit-analyzer/componentWit", json!({ "uri": uri }))
        .await
}

/// The (line, character) of the `nth` occurrence of `needle` in `text`,
/// `skip` characters into it (the text is ASCII).
fn position_of(text: &str, needle: &str, nth: usize, skip: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {needle:?} #{nth} in:\n{text}"))
        .0
        + skip;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let character = offset - before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": character })
}

fn line_text(text: &str, line: u64) -> &str {
    text.lines().nth(line as usize).unwrap_or_default()
}

/// The view's URI and text, opened in the client as it opens a document.
async fn opened(client: &mut TestClient, component: &Path) -> (Value, String) {
    let response = component_wit(client, json!(convert::uri_of(component))).await;
    let result = &response["result"];
    let uri = result["uri"].clone();
    let text = result["text"].as_str().unwrap().to_string();
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "wit", "version": 1, "text": text}}),
        )
        .await;
    (uri, text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_view_is_the_components_wit_under_its_own_uri() {
    let (_dir, component, mut client) = started().await;
    let response = component_wit(&mut client, json!(convert::uri_of(&component))).await;
    let result = &response["result"];
    let expected_uri = format!(
        "wit-analyzer-component:{}.wit",
        convert::uri_of(&component)
            .as_str()
            .strip_prefix("file:")
            .unwrap()
    );
    assert_eq!(result["uri"], json!(expected_uri), "{response}");
    assert_eq!(result["component"], json!(convert::uri_of(&component)));
    let decoded = analysis::component::read_component(&OsFileSystem, &component).unwrap();
    assert_eq!(result["text"], json!(decoded.wit));
    assert_eq!(result["world"], "root:component/root");
    assert_eq!(
        result["exports"],
        json!(["demo:guest/echo@0.1.0", "demo:guest/misbehave@0.1.0"])
    );
    assert_eq!(
        result["size"],
        json!(std::fs::metadata(&component).unwrap().len())
    );

    // The view's own URI, as a client may spell it (no `//`), names the same view.
    let short = expected_uri.replacen("component:///", "component:/", 1);
    let again = component_wit(&mut client, json!(short)).await;
    assert_eq!(again["result"]["uri"], json!(expected_uri), "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outline_hover_and_definition_work_inside_the_view() {
    let (_dir, component, mut client) = started().await;
    let (uri, text) = opened(&mut client, &component).await;
    let document = json!({ "uri": uri });

    // Outline: the root world, then each package block with its interfaces.
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": document }),
        )
        .await;
    let symbols = symbols["result"].as_array().cloned().unwrap_or_default();
    let names: Vec<&str> = symbols.iter().filter_map(|s| s["name"].as_str()).collect();
    assert!(names.contains(&"root"), "{names:?}");
    let guest = symbols
        .iter()
        .find(|s| {
            s["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("demo:guest"))
        })
        .unwrap_or_else(|| panic!("no demo:guest block in {names:?}"));
    let children: Vec<&str> = guest["children"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert!(
        children.contains(&"echo") && children.contains(&"misbehave"),
        "{children:?}"
    );

    // Definition: `export demo:guest/echo@0.1.0;` in the world leads to
    // `interface echo` in the package block, in the same view.
    let at = position_of(
        &text,
        "export demo:guest/echo",
        0,
        "export demo:guest/".len() + 1,
    );
    let definition = client
        .request(
            "textDocument/definition",
            json!({ "textDocument": document, "position": at }),
        )
        .await;
    let target = &definition["result"];
    assert_eq!(target["uri"], uri, "{definition}");
    let line = target["range"]["start"]["line"].as_u64().unwrap();
    assert_eq!(
        line_text(&text, line).trim(),
        "interface echo {",
        "{definition}"
    );

    // Hover on a use of `point` in a function: the record, with its layout.
    let at = position_of(
        &text,
        "echo-point: func(v: point",
        0,
        "echo-point: func(v: ".len(),
    );
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": document, "position": at }),
        )
        .await;
    let markdown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(markdown.contains("record point"), "{hover}");

    // Folding works there too.
    let folds = client
        .request(
            "textDocument/foldingRange",
            json!({ "textDocument": document }),
        )
        .await;
    assert!(
        folds["result"].as_array().is_some_and(|f| f.len() > 3),
        "{folds}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_view_stays_out_of_the_workspace_and_is_read_only() {
    let (_dir, component, mut client) = started().await;
    let (uri, text) = opened(&mut client, &component).await;
    let document = json!({ "uri": uri });

    // Its packages are not the workspace's: no symbol of the view shows up.
    let symbols = client
        .request("workspace/symbol", json!({ "query": "echo" }))
        .await;
    assert_eq!(symbols["result"], json!([]), "{symbols}");

    let at = position_of(&text, "interface echo", 0, "interface ".len());
    let rename = client
        .request(
            "textDocument/rename",
            json!({ "textDocument": document, "position": at, "newName": "other" }),
        )
        .await;
    assert!(
        rename["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("read-only")),
        "{rename}"
    );
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": document, "range": {"start": at, "end": at},
                   "context": {"diagnostics": []}}),
        )
        .await;
    assert_eq!(actions["result"], Value::Null, "{actions}");

    // Opening it logged no complaint, and nothing was published for it.
    let complaints: Vec<&Value> = client
        .notifications
        .iter()
        .filter(|n| n["method"] == "window/logMessage")
        .filter(|n| {
            n["params"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("component"))
        })
        .collect();
    assert!(complaints.is_empty(), "{complaints:?}");
    let published = client
        .notifications
        .iter()
        .any(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri);
    assert!(!published);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_no_component_is_an_error_that_says_what_it_is() {
    let (_dir, component, mut client) = started().await;
    let dir = component.parent().unwrap();
    let core = dir.join("core.wasm");
    std::fs::write(&core, wat::parse_str("(module)").unwrap()).unwrap();
    let text = dir.join("notes.wasm");
    std::fs::write(&text, "hello").unwrap();
    for (path, kind, words) in [
        (&core, "core-module", "is a core WebAssembly module"),
        (&text, "not-wasm", "not a WebAssembly component"),
        (&dir.join("missing.wasm"), "unreadable", "cannot read file"),
    ] {
        let response = component_wit(&mut client, json!(convert::uri_of(path))).await;
        let error = &response["error"];
        assert_eq!(error["data"]["kind"], kind, "{response}");
        let message = error["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{}: ", path.display())) && message.contains(words),
            "{message}"
        );
    }
    let response = component_wit(&mut client, json!("wit-analyzer-component:/x/no-suffix")).await;
    assert!(
        response["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("is not wit-analyzer-component:PATH.wit")),
        "{response}"
    );
}
