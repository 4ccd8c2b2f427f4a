//! `▶ Serve` / `■ Stop` lenses and the serve commands, on the real HTTP
//! sample guest (`wit-samples/guest-http`, built once with cargo): a
//! `wit-analyzer.toml` build entry copies it, so each test's workspace
//! builds in no time.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const WORLD: &str = "demo:http/service";

/// The build entry copies the prebuilt sample; `swap.wasm`, when the test
/// puts it there, is what a rebuild gives.
const BUILD_ENTRY: &str = r#"[[build]]
world = "demo:http/service"
command = ["sh", "-c", "if [ -f swap.wasm ]; then cp swap.wasm service.wasm; else cp prebuilt.wasm service.wasm; fi"]
output = "service.wasm"
"#;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The HTTP sample, built once per test binary with the real toolchain.
fn http_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| {
            let samples = repo_root().join("wit-samples");
            let guest =
                runner::build::find_guest(WORLD, &samples).expect("the HTTP sample is found");
            runner::build::build(&guest, &mut |line| eprintln!("[guest build] {line}"))
                .expect("the HTTP sample builds")
                .artifact
        })
        .clone()
}

/// The sample's world, its `wasi:http` taken from the WASI corpus, and the
/// prebuilt component.
async fn started(trusted: bool) -> (tempfile::TempDir, PathBuf, String, TestClient) {
    started_with(trusted, BUILD_ENTRY).await
}

async fn started_with(
    trusted: bool,
    build_entry: &str,
) -> (tempfile::TempDir, PathBuf, String, TestClient) {
    let world =
        std::fs::read_to_string(repo_root().join("wit-samples/guest-http/wit/world.wit")).unwrap();
    let http = test_support::wasi_release("0.2.12").join("proposals/http/wit");
    let deps = format!("http = {:?}\n", http.display().to_string());
    let files = [
        ("wit/world.wit", world.as_str()),
        ("wit/deps.toml", deps.as_str()),
        ("wit-analyzer.toml", build_entry),
    ];
    let (dir, root) = workspace(&files);
    std::fs::copy(http_guest(), root.join("prebuilt.wasm")).unwrap();
    let options = json!({"trusted": trusted, "features": {}, "run": {"timeoutMs": 2000, "maxMemoryBytes": 67108864, "dirs": [], "env": {}}});
    let capabilities = json!({"workspace": {"codeLens": {"refreshSupport": true}}});
    let (mut client, _) = TestClient::start_with(&root, capabilities, options).await;
    let path = root.join("wit/world.wit");
    client.open(&path, &world).await;
    (dir, path, world, client)
}

async fn lens_titles(client: &mut TestClient, path: &Path) -> Vec<(String, Value)> {
    let doc = json!({"uri": convert::uri_of(path)});
    let lenses = client
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    let lenses = lenses["result"].as_array().cloned().unwrap_or_default();
    lenses
        .into_iter()
        .map(|l| {
            (
                l["command"]["title"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                l,
            )
        })
        .collect()
}

async fn serve(client: &mut TestClient, path: &Path) -> Value {
    let params = json!({"uri": convert::uri_of(path), "world": WORLD});
    client
        .execute("wit-analyzer.server.serve", json!([params]))
        .await
}

/// One HTTP/1.1 request with `Connection: close`, on a blocking thread:
/// the status line and everything after it, as text.
async fn get(url: &str, path: &str, headers: &str) -> std::io::Result<String> {
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&addr)?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
        stream.write_all(request.as_bytes())?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer)?;
        Ok(answer)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_requests_logs_them_and_stop_ends_it() {
    let (_dir, path, world_text, mut client) = started(true).await;
    let lenses = lens_titles(&mut client, &path).await;
    let (_, serve_lens) = lenses
        .iter()
        .find(|(title, _)| title == "▶ Serve")
        .unwrap_or_else(|| panic!("a Serve lens over the world: {lenses:?}"));
    let world_line = world_text[..world_text.find("world service").unwrap()]
        .matches('\n')
        .count();
    assert_eq!(serve_lens["range"]["start"]["line"], world_line);
    assert_eq!(serve_lens["command"]["command"], "wit-analyzer.serveWorld");
    assert_eq!(serve_lens["command"]["arguments"][0]["world"], WORLD);

    let answer = serve(&mut client, &path).await;
    let result = &answer["result"];
    assert_eq!(result["ok"], true, "{answer}");
    assert_eq!(
        result["handler"], "WASI 0.2, wasi:http/incoming-handler",
        "{answer}"
    );
    let url = result["url"].as_str().unwrap_or_default().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "on loopback, on a port of its own: {url}"
    );

    let response = get(&url, "/header", "x-name: Ada\r\n").await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("x-name: Ada\n"), "{response}");
    let log = client
        .notification_where("wit-analyzer/serveLog", |p| {
            p["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("GET /header 200"))
        })
        .await;
    assert_eq!(
        (log["world"].as_str(), log["url"].as_str()),
        (Some(WORLD), Some(url.as_str()))
    );
    assert!(
        log["text"]
            .as_str()
            .unwrap()
            .contains("  | guest: GET /header"),
        "the guest's stderr: {log}"
    );

    // A trap is a 500 with the reason in the log, and the server goes on.
    let response = get(&url, "/trap", "").await.unwrap();
    assert!(response.starts_with("HTTP/1.1 500"), "{response}");
    let log = client
        .notification_where("wit-analyzer/serveLog", |p| {
            p["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("GET /trap 500"))
        })
        .await;
    assert_eq!(log["failed"], true);
    let text = log["text"].as_str().unwrap();
    assert!(
        text.contains("panics on purpose") && text.contains("the guest trapped"),
        "{text}"
    );
    assert!(
        get(&url, "/", "")
            .await
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );

    // Served: the lens says where, and offers to stop and to send a request.
    let lenses = lens_titles(&mut client, &path).await;
    let titles: Vec<&str> = lenses.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        titles.contains(&format!("■ Stop {url}").as_str()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Send Request…") && !titles.contains(&"▶ Serve"),
        "{titles:?}"
    );
    let refreshed = client
        .requests
        .iter()
        .any(|r| r["method"] == "workspace/codeLens/refresh");
    assert!(refreshed, "the client is asked to fetch the lenses again");

    // ▶ Serve again keeps the same server.
    let again = serve(&mut client, &path).await;
    assert_eq!(again["result"]["url"], url.as_str(), "{again}");

    let stopped = client
        .execute("wit-analyzer.server.stopServing", json!([{"world": WORLD}]))
        .await;
    assert_eq!(stopped["result"]["stopped"], true, "{stopped}");
    assert!(
        get(&url, "/", "").await.is_err(),
        "nothing listens after ■ Stop"
    );
    let titles: Vec<String> = lens_titles(&mut client, &path)
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(titles.contains(&"▶ Serve".to_string()), "{titles:?}");
    let again = client
        .execute("wit-analyzer.server.stopServing", json!([{"world": WORLD}]))
        .await;
    assert_eq!(again["result"]["stopped"], false, "{again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_swaps_the_new_component_in_and_a_broken_one_is_not() {
    let (dir, path, _, mut client) = started(true).await;
    let answer = serve(&mut client, &path).await;
    let url = answer["result"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        get(&url, "/", "")
            .await
            .unwrap()
            .starts_with("HTTP/1.1 200"),
        "{answer}"
    );

    // A component that exports no HTTP handler: the old one goes on serving.
    let not_http = wat::parse_str("(component)").unwrap();
    std::fs::write(dir.path().join("swap.wasm"), not_http).unwrap();
    let params = json!({"uri": convert::uri_of(&path), "world": WORLD});
    let built = client
        .execute("wit-analyzer.server.build", json!([params.clone()]))
        .await;
    assert_eq!(built["result"]["ok"], true, "{built}");
    let kept = client
        .notification_where("window/logMessage", |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("previous build"))
        })
        .await;
    assert!(
        kept["message"]
            .as_str()
            .unwrap()
            .contains("no HTTP handler"),
        "{kept}"
    );
    assert!(
        get(&url, "/", "")
            .await
            .unwrap()
            .contains("hello from a WIT component")
    );

    // The real component again: swapped in, same URL.
    std::fs::remove_file(dir.path().join("swap.wasm")).unwrap();
    client
        .execute("wit-analyzer.server.build", json!([params]))
        .await;
    client
        .notification_where("window/logMessage", |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("now serves the new build"))
        })
        .await;
    assert!(
        get(&url, "/", "")
            .await
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    client
        .execute("wit-analyzer.server.stopServing", json!([{"world": WORLD}]))
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serving_is_refused_in_an_untrusted_workspace_and_has_no_lens_there() {
    let (_dir, path, _, mut client) = started(false).await;
    let titles: Vec<String> = lens_titles(&mut client, &path)
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(!titles.iter().any(|t| t == "▶ Serve"), "{titles:?}");
    let answer = serve(&mut client, &path).await;
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not trusted"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_build_a_lens_compares_the_component_with_the_world() {
    // With `wit`, the build checks the artifact against the world.
    let checked = format!("{BUILD_ENTRY}wit = \"wit\"\n");
    let (dir, path, _, mut client) = started_with(true, &checked).await;
    let params = json!({"uri": convert::uri_of(&path), "world": WORLD});
    let built = client
        .execute("wit-analyzer.server.build", json!([params.clone()]))
        .await;
    assert_eq!(built["result"]["ok"], true, "{built}");
    let titles: Vec<String> = lens_titles(&mut client, &path)
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let facts = titles
        .iter()
        .find(|t| t.starts_with("component: "))
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert!(
        facts.contains(" KB, 1 export, ")
            && facts.ends_with("added by the toolchain) — matches the world"),
        "{facts}"
    );

    // A component without the world's export: the build fails, and the lens says what is missing.
    std::fs::write(
        dir.path().join("swap.wasm"),
        wat::parse_str("(component)").unwrap(),
    )
    .unwrap();
    let built = client
        .execute("wit-analyzer.server.build", json!([params]))
        .await;
    assert_eq!(built["result"]["ok"], false, "{built}");
    let titles: Vec<String> = lens_titles(&mut client, &path)
        .await
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let facts = titles
        .iter()
        .find(|t| t.starts_with("component: "))
        .unwrap_or_else(|| panic!("{titles:?}"));
    assert!(
        facts.contains("lacks the world's wasi:http/incoming-handler@0.2.12"),
        "{facts}"
    );
}
