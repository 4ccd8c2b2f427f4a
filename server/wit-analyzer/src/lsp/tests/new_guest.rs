//! "New … guest for world …" code actions and the `newGuest` command: the
//! project `wit-analyzer new` writes, beside the WIT folder, opened and
//! built by its own ▶ Build lens. Rust's scaffold installs nothing, so the
//! test needs no network.

use std::path::Path;

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const NEW_GUEST: &str = "wit-analyzer.server.newGuest";

fn guest_wit() -> String {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit-samples");
    std::fs::read_to_string(samples.join("guest-rust/wit/guest.wit"))
        .expect("the sample guest's WIT is in the repository")
}

async fn started(trusted: bool) -> (tempfile::TempDir, std::path::PathBuf, String, TestClient) {
    let wit = guest_wit();
    let (dir, root) = workspace(&[("proj/wit/guest.wit", wit.as_str())]);
    let capabilities = json!({"workspace": {"codeLens": {"refreshSupport": true}}});
    let options = json!({"trusted": trusted, "features": {}, "run": {}});
    let (mut client, _) = TestClient::start_with(&root, capabilities, options).await;
    let path = root.join("proj/wit/guest.wit");
    client.open(&path, &wit).await;
    (dir, path, wit, client)
}

fn line_of(text: &str, needle: &str) -> u64 {
    text[..text.find(needle).expect("the needle is in the text")]
        .matches('\n')
        .count() as u64
}

/// The new-guest actions offered with the cursor on `line`.
async fn new_guest_actions(client: &mut TestClient, path: &Path, line: u64) -> Vec<Value> {
    let at = json!({"line": line, "character": 2});
    let response = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": convert::uri_of(path)},
                   "range": {"start": at, "end": at},
                   "context": {"diagnostics": []}}),
        )
        .await;
    let actions = response["result"].as_array().cloned().unwrap_or_default();
    actions
        .into_iter()
        .filter(|a| a["command"]["command"] == NEW_GUEST)
        .collect()
}

#[tokio::test]
async fn a_world_offers_a_new_guest_in_each_language_and_the_rust_one_is_written_opened_and_buildable()
 {
    let (_dir, path, wit, mut client) = started(true).await;
    let on_world = new_guest_actions(&mut client, &path, line_of(&wit, "world fixture")).await;
    let titles: Vec<&str> = on_world
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "New Rust guest for world `fixture`",
            "New JavaScript guest for world `fixture`",
            "New Python guest for world `fixture`",
        ]
    );
    let elsewhere = new_guest_actions(&mut client, &path, 0).await;
    assert_eq!(elsewhere, Vec::<Value>::new());

    let rust = &on_world[0]["command"];
    let written = client.execute(NEW_GUEST, rust["arguments"].clone()).await;
    let project = path
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("fixture-rust");
    assert_eq!(written["result"]["dir"], json!(project), "{written}");
    assert_eq!(written["result"]["world"], "demo:guest/fixture");
    let lib = project.join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).expect("the guest's source is written");
    assert!(source.contains("wit_bindgen::generate!"), "{source}");
    assert!(project.join("Cargo.toml").is_file());
    let shown: Vec<&Value> = (client.requests.iter())
        .filter(|r| r["method"] == "window/showDocument")
        .collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0]["params"]["uri"], json!(convert::uri_of(&lib)));
    assert!(
        (client.requests.iter()).any(|r| r["method"] == "workspace/codeLens/refresh"),
        "the lenses are refreshed"
    );

    // The new project builds the world, so its lens is there.
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": convert::uri_of(&path)}}),
        )
        .await;
    let build_line = lenses["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["command"]["title"] == "▶ Build")
        .map(|l| l["range"]["start"]["line"].clone());
    assert_eq!(
        build_line,
        Some(json!(line_of(&wit, "world fixture"))),
        "{lenses}"
    );

    // A second one never writes over the first.
    let again = client.execute(NEW_GUEST, rust["arguments"].clone()).await;
    let second = project.with_file_name("fixture-rust-2");
    assert_eq!(again["result"]["dir"], json!(second), "{again}");
}

#[tokio::test]
async fn an_untrusted_workspace_offers_no_new_guest_and_refuses_to_write_one() {
    let (_dir, path, wit, mut client) = started(false).await;
    let line = line_of(&wit, "world guest");
    assert_eq!(
        new_guest_actions(&mut client, &path, line).await,
        Vec::<Value>::new()
    );
    let arguments =
        json!([{"uri": convert::uri_of(&path), "world": "demo:guest/guest", "lang": "rust"}]);
    let refused = client.execute(NEW_GUEST, arguments).await;
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("not trusted"), "{refused}");
    let proj = path.parent().unwrap().parent().unwrap();
    assert!(!proj.join("guest-rust").exists());
}

#[tokio::test]
async fn a_world_the_package_lacks_or_an_unknown_language_is_a_clear_error() {
    let (_dir, path, _, mut client) = started(true).await;
    let uri = convert::uri_of(&path);
    let missing = json!([{"uri": uri, "world": "demo:guest/nowhere", "lang": "rust"}]);
    let refused = client.execute(NEW_GUEST, missing).await;
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("declares no world `demo:guest/nowhere`"),
        "{refused}"
    );
    let cobol = json!([{"uri": uri, "world": "demo:guest/guest", "lang": "cobol"}]);
    let refused = client.execute(NEW_GUEST, cobol).await;
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("unknown language `cobol`"), "{refused}");
}
