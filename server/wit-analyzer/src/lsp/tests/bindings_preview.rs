//! "Show Bindings…": the lens over a world, and `wit-analyzer/bindings`
//! generating from the buffer as edited, the last good text kept under a
//! banner while the WIT is broken.

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{edit, workspace},
};
use crate::lsp::convert;

const APP: &str = "package demo:app@0.1.0;\n\ninterface greet {\n  hello: func(name: string) -> string;\n}\n\nworld app {\n  export greet;\n}\n";

async fn bindings(client: &mut TestClient, uri: &Value, lang: &str) -> Value {
    let response = client
        .request(
            "wit-analyzer/bindings",
            json!({ "uri": uri, "world": "demo:app/app@0.1.0", "lang": lang }),
        )
        .await;
    assert!(response["error"].is_null(), "{response}");
    response["result"].clone()
}

fn text(result: &Value) -> &str {
    result["text"].as_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lens_over_each_world_offers_its_bindings() {
    let (_dir, root) = workspace(&[("wit/app.wit", APP)]);
    let path = root.join("wit/app.wit");
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&path, APP).await;
    let response = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": convert::uri_of(&path)}}),
        )
        .await;
    let lenses = response["result"].as_array().cloned().unwrap_or_default();
    let shown: Vec<&Value> = lenses
        .iter()
        .filter(|l| l["command"]["title"] == "Show Bindings…")
        .collect();
    assert_eq!(shown.len(), 1, "{lenses:?}");
    assert_eq!(shown[0]["range"]["start"]["line"], 6);
    assert_eq!(shown[0]["command"]["command"], "wit-analyzer.showBindings");
    assert_eq!(
        shown[0]["command"]["arguments"],
        json!([{ "uri": convert::uri_of(&path), "world": "demo:app/app@0.1.0" }])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bindings_follow_the_buffer_and_keep_the_last_good_text_while_it_is_broken() {
    let (_dir, root) = workspace(&[("wit/app.wit", APP)]);
    let path = root.join("wit/app.wit");
    let uri = json!(convert::uri_of(&path));
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&path, APP).await;

    let rust = bindings(&mut client, &uri, "rust").await;
    assert_eq!(rust["stale"], false, "{rust}");
    assert!(
        text(&rust).contains("fn hello(name: _rt::String) -> _rt::String"),
        "{}",
        text(&rust)
    );

    // An unsaved rename of the function: the bindings follow the buffer.
    client
        .notify(
            "textDocument/didChange",
            edit(&path, 2, (3, 2), (3, 7), "wave"),
        )
        .await;
    let renamed = bindings(&mut client, &uri, "rust").await;
    assert_eq!(renamed["stale"], false, "{renamed}");
    assert!(
        text(&renamed).contains("fn wave(name: _rt::String)"),
        "{}",
        text(&renamed)
    );
    assert!(!text(&renamed).contains("fn hello("));

    // A half-typed type: the banner says why, the last good text stays.
    client
        .notify(
            "textDocument/didChange",
            edit(&path, 3, (3, 30), (3, 36), "strin"),
        )
        .await;
    let broken = bindings(&mut client, &uri, "rust").await;
    assert_eq!(broken["stale"], true, "{broken}");
    let shown = text(&broken);
    assert!(
        shown.starts_with("// wit-analyzer: these bindings are not up to date:\n//   "),
        "{shown}"
    );
    assert!(
        broken["error"].as_str().unwrap().contains("strin"),
        "{broken}"
    );
    assert!(shown.contains("fn wave(name: _rt::String)"), "{shown}");

    // A language never generated has no last good text: the banner alone.
    let c = bindings(&mut client, &uri, "c").await;
    assert_eq!(c["stale"], true);
    assert!(!text(&c).contains("=== file:"), "{}", text(&c));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_language_and_what_is_unknown() {
    let (_dir, root) = workspace(&[("wit/app.wit", APP)]);
    // The JavaScript sample's jco, where the test command installed it, as
    // the workspace's own `node_modules/.bin/jco`.
    let sample_jco = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../wit-samples/guest-js/node_modules/.bin/jco");
    if sample_jco.is_file() {
        std::fs::create_dir_all(root.join("node_modules/.bin")).unwrap();
        let target = sample_jco.canonicalize().unwrap();
        std::os::unix::fs::symlink(target, root.join("node_modules/.bin/jco")).unwrap();
    }
    let path = root.join("wit/app.wit");
    let uri = json!(convert::uri_of(&path));
    let (mut client, _) = TestClient::start(&root, json!({})).await;
    client.open(&path, APP).await;

    // C comes as several files, each under its name.
    let c = bindings(&mut client, &uri, "c").await;
    assert_eq!(c["stale"], false, "{c}");
    assert!(text(&c).contains("// === file: app.h ==="), "{}", text(&c));
    for (lang, needle) in [
        ("cpp", "hello"),
        ("csharp", "Hello"),
        ("go", "Hello"),
        ("moonbit", "hello"),
    ] {
        let result = bindings(&mut client, &uri, lang).await;
        assert_eq!(result["stale"], false, "{lang}: {result}");
        let shown = text(&result).to_ascii_lowercase();
        assert!(
            shown.contains(&needle.to_ascii_lowercase()),
            "{lang}: {shown}"
        );
    }

    let unknown = bindings(&mut client, &uri, "cobol").await;
    assert!(
        unknown["error"]
            .as_str()
            .unwrap()
            .starts_with("unknown language `cobol`: rust, c, cpp, csharp, go, moonbit or ts"),
        "{unknown}"
    );

    let other = client
        .request(
            "wit-analyzer/bindings",
            json!({ "uri": uri, "world": "demo:app/nowhere", "lang": "rust" }),
        )
        .await;
    assert!(
        other["result"]["error"]
            .as_str()
            .unwrap()
            .contains("no world `demo:app/nowhere`"),
        "{other}"
    );

    // TypeScript needs jco: the project's own (see above) or one on PATH;
    // without it the message says how to get it.
    let ts = bindings(&mut client, &uri, "ts").await;
    let has_jco = sample_jco.is_file()
        || std::process::Command::new("jco")
            .arg("--version")
            .output()
            .is_ok();
    if has_jco {
        assert_eq!(ts["stale"], false, "{ts}");
        assert!(
            text(&ts).contains("// === file: interfaces/demo-app-greet.d.ts ==="),
            "{ts}"
        );
        assert!(
            text(&ts).contains("export function hello(name: string): string;"),
            "{ts}"
        );
    } else {
        assert!(
            ts["error"]
                .as_str()
                .unwrap()
                .starts_with("jco is not installed"),
            "{ts}"
        );
    }
}
