//! ▶ Build and ▶ Run on the JavaScript and Python samples with no
//! `wit-analyzer.toml`: a copy of wit-samples' guest-js and guest-py beside
//! the Rust guest's WIT they build against, using the samples' installed
//! toolchains (their node_modules and .venv, linked in).

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const WORLD: &str = "demo:guest/polyglot";

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../wit-samples")
        .canonicalize()
        .expect("wit-samples is in the repository")
}

/// The workspace, its root, and the WIT file (open) of world polyglot.
async fn started() -> (tempfile::TempDir, PathBuf, PathBuf, TestClient) {
    let (dir, root) = workspace(&[]);
    test_support::copy_project(
        &samples().join("guest-rust/wit"),
        &root.join("guest-rust/wit"),
    );
    for (sample, toolchain) in [("guest-js", "node_modules"), ("guest-py", ".venv")] {
        test_support::copy_project(&samples().join(sample), &root.join(sample));
        let installed = samples().join(sample).join(toolchain);
        assert!(
            installed.exists(),
            "{} is installed (tests/run-all.sh does it)",
            installed.display()
        );
        #[cfg(unix)]
        std::os::unix::fs::symlink(installed, root.join(sample).join(toolchain)).unwrap();
    }
    assert!(!root.join("wit-analyzer.toml").exists());
    // Compiling a 12-18 MB component is part of a first run.
    let options = json!({"trusted": true, "run": {"timeoutMs": 300000}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("guest-rust/wit/polyglot.wit");
    let wit = std::fs::read_to_string(&path).unwrap();
    client.open(&path, &wit).await;
    (dir, root, path, client)
}

async fn lenses(client: &mut TestClient, path: &Path) -> Vec<Value> {
    let doc = json!({"uri": convert::uri_of(path)});
    let answer = client
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    answer["result"].as_array().cloned().unwrap_or_default()
}

fn line_of(path: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(path).unwrap();
    text[..text.find(needle).expect("the needle is in the file")]
        .matches('\n')
        .count() as u64
}

async fn build(client: &mut TestClient, lens: &Value) -> Value {
    let params = lens["command"]["arguments"][0].clone();
    client
        .execute("wit-analyzer.server.build", json!([params]))
        .await
}

/// The ▶ Build lens of `language` over world polyglot.
fn build_lens<'a>(lenses: &'a [Value], language: &str) -> &'a Value {
    let title = format!("▶ Build {language}");
    lenses
        .iter()
        .find(|l| l["command"]["title"] == title.as_str())
        .unwrap_or_else(|| panic!("a `{title}` lens: {lenses:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn javascript_and_python_guests_build_and_run_from_their_lenses_and_report_errors_at_their_lines()
 {
    let (_dir, root, path, mut client) = started().await;
    let lenses = lenses(&mut client, &path).await;
    let world_line = line_of(&path, "world polyglot {");
    for (language, dir) in [("JavaScript", "guest-js"), ("Python", "guest-py")] {
        let lens = build_lens(&lenses, language);
        assert_eq!(lens["range"]["start"]["line"], world_line, "{lens}");
        let params = &lens["command"]["arguments"][0];
        assert_eq!(params["world"], WORLD);
        assert_eq!(params["guest"], json!(root.join(dir)), "{lens}");
    }
    // World guest, which no guest here builds, has no lens; no plain
    // "▶ Build" either, since two guests build polyglot.
    assert!(
        !lenses.iter().any(|l| l["command"]["title"] == "▶ Build"),
        "{lenses:?}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let world_at = text.find("world polyglot {").unwrap();
    let greet_at = world_at + text[world_at..].find("export greet:").unwrap();
    let greet_line = text[..greet_at].matches('\n').count() as u64;
    let run_lens = lenses
        .iter()
        .find(|l| {
            let args = &l["command"]["arguments"][0];
            l["command"]["title"] == "▶ Run" && args["export"] == "greet" && args["world"] == WORLD
        })
        .unwrap_or_else(|| panic!("a ▶ Run lens over polyglot's greet: {lenses:?}"));
    assert_eq!(run_lens["range"]["start"]["line"], greet_line);

    for (language, dir) in [("JavaScript", "guest-js"), ("Python", "guest-py")] {
        let answer = build(&mut client, build_lens(&lenses, language)).await;
        let result = &answer["result"];
        assert_eq!(result["ok"], true, "{language}: {answer}");
        assert_eq!(
            result["component"],
            json!(root.join(dir).join("dist/guest.wasm")),
            "{answer}"
        );
        // ▶ Run calls the component built last for the world.
        let params = json!({"uri": convert::uri_of(&path), "world": WORLD, "export": "greet", "args": "(\"editor\")"});
        let answer = client
            .execute("wit-analyzer.server.run", json!([params]))
            .await;
        let result = &answer["result"];
        assert_eq!(
            result["result"], "\"Hello, editor!\"",
            "{language}: {answer}"
        );
        assert_eq!(
            result["stdout"], "greeting editor\n",
            "{language}: {answer}"
        );
    }
    // One test, not two: the builds are heavy, and a parallel one would
    // starve them on two cores.
    compiler_errors_land_on_their_lines(&root, &path, &mut client).await;
}

/// The first diagnostic published for `file` that has any, as (line,
/// character, message).
async fn published(client: &mut TestClient, file: &Path) -> (u64, u64, String) {
    let params = client
        .diagnostics_where(file, |p| {
            p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
        })
        .await;
    let diagnostic = &params["diagnostics"][0];
    let start = &diagnostic["range"]["start"];
    (
        start["line"].as_u64().unwrap(),
        start["character"].as_u64().unwrap(),
        diagnostic["message"].as_str().unwrap().to_string(),
    )
}

/// A JavaScript syntax error and a Python exception at import are
/// diagnostics on their lines.
async fn compiler_errors_land_on_their_lines(root: &Path, path: &Path, client: &mut TestClient) {
    let script = root.join("guest-js/src/guest.js");
    let text = std::fs::read_to_string(&script).unwrap();
    std::fs::write(
        &script,
        text.replacen("    this.items = [];", "    this.items = [;", 1),
    )
    .unwrap();
    let module = root.join("guest-py/shop.py");
    let text = std::fs::read_to_string(&module).unwrap();
    let broken = text.replacen(
        "from wit_world.exports import shop\n",
        "from wit_world.exports import shop\n\nPRICES = {\"tea\": 250}[\"cake\"]\n",
        1,
    );
    std::fs::write(&module, broken).unwrap();

    let lenses = lenses(client, path).await;
    let answer = build(client, build_lens(&lenses, "JavaScript")).await;
    assert_eq!(answer["result"]["ok"], false, "{answer}");
    let (line, character, message) = published(client, &script).await;
    assert_eq!(
        (line, character),
        (line_of(&script, "this.items = [;"), 18),
        "{message}"
    );
    assert_eq!(message, "SyntaxError: Unexpected token");

    let answer = build(client, build_lens(&lenses, "Python")).await;
    assert_eq!(answer["result"]["ok"], false, "{answer}");
    let (line, character, message) = published(client, &module).await;
    // At the expression Python's carets mark, after `PRICES = `.
    assert_eq!(
        (line, character),
        (line_of(&module, "PRICES ="), 9),
        "{message}"
    );
    assert_eq!(message, "KeyError: 'cake'");
    // The Python build cleared the JavaScript file's diagnostic.
    let cleared = client
        .diagnostics_where(&script, |p| p["diagnostics"] == json!([]))
        .await;
    assert_eq!(cleared["diagnostics"], json!([]));
}
