//! Inlay hints and the settings that shape them and the reference lenses,
//! over the protocol.

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const TYPES: &str = "package demo:app@1.0.0;\n\ninterface types {\n  type bytes = list<u8>;\n  record point { x: u32, y: u64 }\n}\n\ninterface api {\n  use types.{bytes as data, point};\n  send: func(d: data) -> point;\n}\n\nworld app {\n  export api;\n}\n";

async fn hints(client: &mut TestClient, doc: &Value) -> Vec<String> {
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 15, "character": 0}});
    let answer = client
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": range}),
        )
        .await;
    let hints = answer["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{answer}"));
    hints
        .iter()
        .map(|h| {
            format!(
                "{}:{} {}",
                h["position"]["line"],
                h["position"]["character"],
                h["label"].as_str().unwrap()
            )
        })
        .collect()
}

async fn lens_titles(client: &mut TestClient, doc: &Value) -> Vec<String> {
    let answer = client
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    let lenses = answer["result"].as_array().cloned().unwrap_or_default();
    lenses
        .iter()
        .map(|l| {
            format!(
                "{} {}",
                l["range"]["start"]["line"],
                l["command"]["title"].as_str().unwrap_or("")
            )
        })
        // The reference lenses only, not Build, Bindings or the like.
        .filter(|title| title.contains("reference"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hints_and_lenses_follow_their_settings_live() {
    let (_dir, root) = workspace(&[("app/types.wit", TYPES)]);
    let capabilities = json!({"workspace": {"inlayHint": {"refreshSupport": true}, "codeLens": {"refreshSupport": true}}});
    let (mut client, init) = TestClient::start(&root, capabilities).await;
    assert_eq!(
        init["result"]["capabilities"]["inlayHintProvider"],
        json!(true),
        "{init}"
    );
    let path = root.join("app/types.wit");
    client.open(&path, TYPES).await;
    let doc = json!({"uri": convert::uri_of(&path)});

    // By default: what the used names are, no ABI facts; lenses on the
    // interfaces and types, not the world.
    assert_eq!(
        hints(&mut client, &doc).await,
        ["8:26 : list<u8>", "8:33 : record"]
    );
    assert_eq!(
        lens_titles(&mut client, &doc).await,
        [
            "2 1 reference",
            "3 2 references",
            "4 2 references",
            "7 1 reference"
        ]
    );

    let settings =
        json!({"inlayHints": {"abi": true}, "referenceLenses": {"worlds": true, "types": false}});
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": settings}),
        )
        .await;
    assert_eq!(
        hints(&mut client, &doc).await,
        [
            "3:24 size 8, align 4",
            "4:33 size 16, align 8",
            "8:26 : list<u8>",
            "8:33 : record"
        ]
    );
    assert_eq!(
        lens_titles(&mut client, &doc).await,
        ["2 1 reference", "7 1 reference", "12 0 references"]
    );
    let asked: Vec<&str> = client
        .requests
        .iter()
        .filter_map(|r| r["method"].as_str())
        .collect();
    assert!(asked.contains(&"workspace/inlayHint/refresh"), "{asked:?}");
    assert!(asked.contains(&"workspace/codeLens/refresh"), "{asked:?}");
}
