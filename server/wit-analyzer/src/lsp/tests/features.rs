//! Each feature's handler over the protocol: positions in, LSP shapes out.

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{error_message, workspace},
};
use crate::lsp::convert;

const APP: &str = "package demo:app@1.0.0;\n\ninterface api {\n  /// A 🦀 crab.\n  record crab { claws: u8 }\n  pinch: func(c: crab) -> crab;\n}\n";

async fn started() -> (tempfile::TempDir, std::path::PathBuf, TestClient, Value) {
    let (dir, root) = workspace(&[("app/api.wit", APP)]);
    let path = root.join("app/api.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&path, APP).await;
    let doc = json!({"uri": convert::uri_of(&path)});
    (dir, path, client, doc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_hover_and_references_speak_utf16_after_an_emoji() {
    let (_dir, _path, mut client, doc) = started().await;
    // `crab` in `c: crab` on line 5.
    let at = json!({"line": 5, "character": 17});
    let definition = client
        .request(
            "textDocument/definition",
            json!({"textDocument": doc, "position": at}),
        )
        .await;
    assert_eq!(
        definition["result"]["range"]["start"],
        json!({"line": 4, "character": 9}),
        "{definition}"
    );
    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": doc, "position": at}),
        )
        .await;
    let markdown = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains("record crab { claws: u8 }") && markdown.contains("A 🦀 crab."),
        "{markdown}"
    );
    let refs = client
        .request(
            "textDocument/references",
            json!({"textDocument": doc, "position": at, "context": {"includeDeclaration": true}}),
        )
        .await;
    assert_eq!(refs["result"].as_array().unwrap().len(), 3, "{refs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn symbols_lenses_selection_and_code_actions() {
    let (_dir, _path, mut client, doc) = started().await;
    let symbols = client
        .request("textDocument/documentSymbol", json!({"textDocument": doc}))
        .await;
    let api = &symbols["result"][1];
    assert_eq!(
        (api["name"].as_str(), api["children"][0]["name"].as_str()),
        (Some("api"), Some("crab")),
        "{symbols}"
    );
    let lenses = client
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    let titles: Vec<&str> = lenses["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["0 references", "2 references"], "{lenses}");
    let selection = client
        .request(
            "textDocument/selectionRange",
            json!({"textDocument": doc, "positions": [{"line": 4, "character": 10}]}),
        )
        .await;
    assert_eq!(
        selection["result"][0]["range"]["start"],
        json!({"line": 4, "character": 9}),
        "{selection}"
    );
    assert!(
        selection["result"][0]["parent"]["parent"].is_object(),
        "{selection}"
    );
    let range = json!({"start": {"line": 4, "character": 10}, "end": {"line": 4, "character": 10}});
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
        )
        .await;
    // APP gates none of its items, so no lightbulb asks for `@since`.
    assert_eq!(actions["result"], json!([]), "{actions}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn semantic_tokens_delta_after_an_edit() {
    let (_dir, path, mut client, doc) = started().await;
    let full = client
        .request(
            "textDocument/semanticTokens/full",
            json!({"textDocument": doc}),
        )
        .await;
    let data = full["result"]["data"].as_array().unwrap().clone();
    assert_eq!(data.len() % 5, 0);
    let result_id = full["result"]["resultId"].clone();
    // Rename the field `claws` to `pincers`: one token changes length.
    client.change(&path, 2, (4, 16), (4, 21), "pincers").await;
    let delta = client
        .request(
            "textDocument/semanticTokens/full/delta",
            json!({"textDocument": doc, "previousResultId": result_id}),
        )
        .await;
    let edits = delta["result"]["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{delta}");
    // The field and `u8` after it, whose start is relative to the field's.
    assert_eq!(edits[0]["deleteCount"], 10, "{delta}");
    assert_eq!(
        edits[0]["data"].as_array().unwrap()[2],
        7,
        "the new token is 7 long: {delta}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_and_formatting_refuse_with_reasons() {
    let (_dir, path, mut client, doc) = started().await;
    let at = json!({"line": 4, "character": 10});
    let rename = client
        .request(
            "textDocument/rename",
            json!({"textDocument": doc, "position": at, "newName": "Not_Valid"}),
        )
        .await;
    assert!(
        error_message(&rename).contains("not a valid WIT identifier"),
        "{rename}"
    );
    let prepare = client
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": doc, "position": {"line": 0, "character": 9}}),
        )
        .await;
    assert!(
        error_message(&prepare).contains("package name"),
        "{prepare}"
    );

    client.change(&path, 2, (4, 2), (4, 2), "record {").await;
    let format = client
        .request(
            "textDocument/formatting",
            json!({"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
        .await;
    assert!(error_message(&format).contains("syntax error"), "{format}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_workspace_command_publishes_and_summarises() {
    let broken = "package demo:broken;\n\ninterface i {\n  type t = strin;\n}\n";
    let (_dir, root) = workspace(&[("app/api.wit", APP), ("broken/b.wit", broken)]);
    let (mut client, init) = TestClient::start(&root, json!({})).await;
    assert_eq!(
        init["result"]["capabilities"]["executeCommandProvider"]["commands"],
        json!([
            "wit-analyzer.server.checkWorkspace",
            "wit-analyzer.server.build",
            "wit-analyzer.server.run",
            "wit-analyzer.server.serve",
            "wit-analyzer.server.stopServing",
            "wit-analyzer.server.endSession",
            "wit-analyzer.server.newGuest",
            "wit-analyzer.server.breakingChanges",
            "wit-analyzer.server.clearBreakingChanges"
        ])
    );
    let summary = client
        .execute("wit-analyzer.server.checkWorkspace", json!([]))
        .await;
    assert_eq!(
        summary["result"],
        json!({"files": 2, "errors": 1, "warnings": 0}),
        "{summary}"
    );
    client
        .diagnostics_where(&root.join("broken/b.wit"), |p| {
            !p["diagnostics"][0].is_null()
        })
        .await;
    let unknown = client.execute("nope", json!([])).await;
    assert!(
        error_message(&unknown).contains("unknown command `nope`"),
        "{unknown}"
    );
    let title_only = client.execute("", json!([])).await;
    assert_eq!(title_only["result"], json!(null), "{title_only}");
    assert!(title_only.get("error").is_none(), "{title_only}");
}

/// Applies an LSP text edit to `text` (UTF-16 positions, ASCII text here).
fn apply(text: &str, edit: &Value) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + character
    };
    let (start, end) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_package_completed_after_its_namespace_is_not_inserted_twice() {
    let io = "package wasi:io@0.2.12;\n\ninterface streams {\n  resource input-stream;\n}\n";
    let app = "package demo:app;\n\ninterface api {\n  use wasi:\n}\n";
    let (_dir, root) = workspace(&[("io/streams.wit", io), ("app/api.wit", app)]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let path = root.join("app/api.wit");
    client.open(&path, app).await;
    let at = json!({"textDocument": {"uri": convert::uri_of(&path)}, "position": {"line": 3, "character": 11}});
    let answer = client.request("textDocument/completion", at).await;
    let items = answer["result"].as_array().cloned().unwrap_or_default();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert_eq!(
        labels,
        ["wasi:io"],
        "only the typed namespace's packages: {answer}"
    );
    let applied = apply(app, &items[0]["textEdit"]);
    assert!(applied.contains("\n  use wasi:io/\n"), "{applied}");

    // Then the interface, with the version the package is resolved at.
    let typed = applied.clone();
    client.change(&path, 2, (0, 0), (5, 0), &typed).await;
    let at = json!({"textDocument": {"uri": convert::uri_of(&path)}, "position": {"line": 3, "character": 14}});
    let answer = client.request("textDocument/completion", at).await;
    let items = answer["result"].as_array().cloned().unwrap_or_default();
    let streams = items
        .iter()
        .find(|i| i["label"] == "streams")
        .unwrap_or_else(|| panic!("{answer}"));
    assert!(
        apply(&typed, &streams["textEdit"]).contains("\n  use wasi:io/streams@0.2.12\n"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_use_of_a_versioned_package_gets_the_version_as_a_quick_fix() {
    let io = "package wasi:io@0.2.12;\n\ninterface streams {\n  resource input-stream;\n}\n";
    let app = "package demo:app;\n\ninterface api {\n  use wasi:io/streams.{input-stream};\n}\n";
    let (_dir, root) = workspace(&[
        ("io/streams.wit", io),
        ("app/api.wit", app),
        ("app/deps.toml", "io = \"../io\"\n"),
    ]);
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    let path = root.join("app/api.wit");
    client.open(&path, app).await;
    let published = client
        .diagnostics_where(&path, |p| {
            p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
        })
        .await;
    let diagnostic = published["diagnostics"][0].clone();
    let message = diagnostic["message"].as_str().unwrap();
    assert!(
        message.contains("needs a version") && !message.contains("no path"),
        "{message}"
    );
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": convert::uri_of(&path)}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        )
        .await;
    let fix = &actions["result"][0];
    assert_eq!(fix["title"], "Add version `@0.2.12`", "{actions}");
    let edit = &fix["edit"]["changes"][convert::uri_of(&path).as_str()][0];
    assert!(
        apply(app, edit).contains("use wasi:io/streams@0.2.12.{input-stream};"),
        "{actions}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formatting_indents_as_editorconfig_then_the_editor_says() {
    let four = "package demo:app;\n\ninterface api {\n    f: func();\n}\n";
    let (_dir, root) = workspace(&[("app/api.wit", four), ("lib/lib.wit", four)]);
    std::fs::write(root.join("app/.editorconfig"), "[*.wit]\nindent_size = 3\n").unwrap();
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    for file in ["app/api.wit", "lib/lib.wit"] {
        client.open(&root.join(file), four).await;
    }
    let mut results = Vec::new();
    for (file, options) in [
        // `.editorconfig` sets the width; the editor's tab size does not.
        ("app/api.wit", json!({"tabSize": 8, "insertSpaces": true})),
        // No `.editorconfig`: the editor's options.
        ("lib/lib.wit", json!({"tabSize": 2, "insertSpaces": true})),
        ("lib/lib.wit", json!({"tabSize": 4, "insertSpaces": false})),
        // The editor's own width for the file: nothing changes.
        ("lib/lib.wit", json!({"tabSize": 4, "insertSpaces": true})),
    ] {
        let doc = json!({"uri": convert::uri_of(&root.join(file))});
        let answer = client
            .request(
                "textDocument/formatting",
                json!({"textDocument": doc, "options": options}),
            )
            .await;
        let edits = answer["result"].as_array().cloned().unwrap_or_default();
        let text = edits
            .iter()
            .fold(four.to_string(), |text, edit| apply(&text, edit));
        results.push(text.lines().nth(3).unwrap_or_default().to_string());
    }
    assert_eq!(
        results,
        [
            "   f: func();",
            "  f: func();",
            "\tf: func();",
            "    f: func();"
        ]
    );
}
