//! `▶ Build` / `▶ Run` lenses and the build and run commands, on the
//! runner's WAT guest: a `wit-analyzer.toml` build entry copies a component
//! the test assembles, so no toolchain is needed.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::{client::TestClient, support::workspace};
use crate::lsp::convert;

const BUILD_ENTRY: &str = r#"[[build]]
world = "demo:guest/fixture"
command = ["sh", "-c", "echo copying the fixture; cp prebuilt.wasm fixture.wasm"]
output = "fixture.wasm"
"#;

/// A build that fails the way rustc does.
const FAILING_BUILD: &str = r#"[[build]]
world = "demo:guest/fixture"
command = ["sh", "-c", "echo 'error[E0308]: mismatched types'; echo '  --> src/lib.rs:2:5'; exit 1"]
output = "fixture.wasm"
"#;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample guest's WIT, which the runner's WAT fixture implements.
fn guest_wit() -> String {
    std::fs::read_to_string(repo_root().join("wit-samples/guest-rust/wit/guest.wit"))
        .expect("the sample guest's WIT is in the repository")
}

/// `fixture.wat` wrapped into a component for world `demo:guest/fixture`.
pub(super) fn fixture_component() -> Vec<u8> {
    let mut resolve = wit_parser::Resolve::new();
    let wit_dir = repo_root().join("wit-samples/guest-rust/wit");
    let (package, _) = resolve.push_path(wit_dir).expect("the sample WIT parses");
    let world = resolve
        .select_world(&[package], Some("fixture"))
        .expect("world fixture");
    let wat = repo_root().join("server/runner/tests/fixtures/fixture.wat");
    let mut module = wat::parse_file(wat).expect("fixture.wat parses");
    let utf8 = wit_component::StringEncoding::UTF8;
    wit_component::embed_component_metadata(&mut module, &resolve, world, utf8, false).unwrap();
    wit_component::ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .encode()
        .expect("the fixture encodes")
}

/// A workspace whose `demo:guest/fixture` world "builds" by copying the
/// fixture component, with the WIT file open.
async fn started(trusted: bool) -> (tempfile::TempDir, PathBuf, String, TestClient) {
    started_with(trusted, BUILD_ENTRY).await
}

async fn started_with(
    trusted: bool,
    config: &str,
) -> (tempfile::TempDir, PathBuf, String, TestClient) {
    let wit = guest_wit();
    let rust = "fn main() {\n    let x: u8 = \"\";\n}\n";
    let files = [
        ("wit/guest.wit", wit.as_str()),
        ("wit-analyzer.toml", config),
        ("src/lib.rs", rust),
    ];
    let (dir, root) = workspace(&files);
    std::fs::write(root.join("prebuilt.wasm"), fixture_component()).unwrap();
    let options = json!({"trusted": trusted, "features": {}, "run": {"timeoutMs": 5000, "maxMemoryBytes": 67108864, "dirs": [], "env": {}}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("wit/guest.wit");
    client.open(&path, &wit).await;
    (dir, path, wit, client)
}

async fn lenses(client: &mut TestClient, path: &Path) -> Vec<Value> {
    let doc = json!({"uri": convert::uri_of(path)});
    let lenses = client
        .request("textDocument/codeLens", json!({"textDocument": doc}))
        .await;
    lenses["result"].as_array().cloned().unwrap_or_default()
}

fn titled<'a>(lenses: &'a [Value], title: &str) -> Vec<&'a Value> {
    lenses
        .iter()
        .filter(|l| l["command"]["title"] == title)
        .collect()
}

fn line_of(text: &str, needle: &str) -> u64 {
    text[..text.find(needle).expect("the needle is in the text")]
        .matches('\n')
        .count() as u64
}

async fn build(client: &mut TestClient, params: Value) -> Value {
    client
        .execute("wit-analyzer.server.build", json!([params]))
        .await
}

async fn run(client: &mut TestClient, path: &Path, export: &str, args: &str) -> Value {
    let params = json!({"uri": convert::uri_of(path), "world": "demo:guest/fixture", "export": export, "args": args});
    client
        .execute("wit-analyzer.server.run", json!([params]))
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_and_run_lenses_sit_over_the_world_and_its_exports() {
    let (_dir, path, wit, mut client) = started(true).await;
    let lenses = lenses(&mut client, &path).await;
    let build = titled(&lenses, "▶ Build");
    assert_eq!(
        build.len(),
        1,
        "only `fixture` has a guest project: {lenses:?}"
    );
    assert_eq!(
        build[0]["range"]["start"]["line"],
        line_of(&wit, "world fixture")
    );
    assert_eq!(
        build[0]["command"]["command"],
        "wit-analyzer.buildComponent"
    );
    assert_eq!(
        build[0]["command"]["arguments"][0]["world"],
        "demo:guest/fixture"
    );

    let runs = titled(&lenses, "▶ Run");
    let echo_u8 = runs
        .iter()
        .find(|l| l["command"]["arguments"][0]["export"] == "demo:guest/echo@0.1.0.echo-u8")
        .unwrap_or_else(|| panic!("a Run lens over echo-u8: {runs:?}"));
    assert_eq!(echo_u8["command"]["command"], "wit-analyzer.runExport");
    assert_eq!(echo_u8["range"]["start"]["line"], line_of(&wit, "echo-u8:"));
    assert_eq!(echo_u8["command"]["arguments"][0]["template"], "(0, none)");
    assert_eq!(
        echo_u8["command"]["arguments"][0]["signature"],
        "echo-u8: func(v: u8, pad: pad) -> u8"
    );
    let crash = runs
        .iter()
        .any(|l| l["command"]["arguments"][0]["export"] == "demo:guest/misbehave@0.1.0.crash");
    assert!(crash, "{runs:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_builds_the_component_and_returns_the_wave_result() {
    let (_dir, path, _, mut client) = started(true).await;
    let answer = run(
        &mut client,
        &path,
        "demo:guest/echo@0.1.0.echo-string",
        r#"("héllo \"x\"")"#,
    )
    .await;
    let result = &answer["result"];
    assert_eq!(result["result"], r#""héllo \"x\"""#, "{answer}");
    assert!(result["error"].is_null(), "{answer}");
    assert!(
        result["timings"]["buildMs"].is_u64(),
        "the first run builds: {answer}"
    );
    let call_ms = &result["timings"]["callMs"];
    assert!(
        call_ms.is_f64() && call_ms.as_f64() > Some(0.0),
        "sub-millisecond calls keep their fraction: {answer}"
    );
    // The notification may come after the answer on the wire.
    let expected = result.clone();
    let notified = client
        .notification_where("wit-analyzer/runResult", |p| *p == expected)
        .await;
    assert_eq!(
        notified, *result,
        "the result is also sent as a notification"
    );

    // The second run reuses the built component, and a trap is an error.
    let answer = run(&mut client, &path, "demo:guest/misbehave@0.1.0.crash", "()").await;
    let result = &answer["result"];
    assert!(result["result"].is_null(), "{answer}");
    assert!(result["timings"]["buildMs"].is_null(), "{answer}");
    let error = result["error"].as_str().unwrap_or_default();
    assert!(error.contains("unreachable"), "{error}");
    assert!(
        !error.contains(".wasm"),
        "a trap is about the guest, not its file: {error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_errors_speak_of_what_the_user_typed_and_the_settings() {
    let wit = guest_wit();
    let (_dir, root) = workspace(&[
        ("wit/guest.wit", wit.as_str()),
        ("wit-analyzer.toml", BUILD_ENTRY),
    ]);
    std::fs::write(root.join("prebuilt.wasm"), fixture_component()).unwrap();
    let options = json!({"trusted": true, "features": {}, "run": {"timeoutMs": 300, "maxMemoryBytes": 67108864, "dirs": [], "env": {}}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("wit/guest.wit");
    client.open(&path, &wit).await;

    let answer = run(
        &mut client,
        &path,
        "demo:guest/echo@0.1.0.echo-string",
        "(world)",
    )
    .await;
    let error = answer["result"]["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        error.starts_with("invalid arguments at `world`: "),
        "{error}"
    );
    assert!(error.contains("; expected (v: string"), "{error}");
    assert!(
        !error.contains(".wasm") && !error.contains("6..11"),
        "{error}"
    );
    // The caret goes under what the user typed, counted in their text.
    assert_eq!(
        answer["result"]["argsError"],
        json!({"start": 1, "end": 6}),
        "{answer}"
    );
    // UTF-16 units, as the client's strings count: `ü` is two bytes but one unit.
    let answer = run(
        &mut client,
        &path,
        "demo:guest/echo@0.1.0.echo-string",
        r#"("ü", oops)"#,
    )
    .await;
    assert_eq!(
        answer["result"]["argsError"],
        json!({"start": 6, "end": 10}),
        "{answer}"
    );

    let answer = run(&mut client, &path, "demo:guest/misbehave@0.1.0.spin", "()").await;
    let error = answer["result"]["error"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        error.contains("within 300ms") && error.contains("`wit-analyzer.run.timeoutMs`"),
        "{error}"
    );
    assert!(!error.contains("--timeout"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn build_answers_the_component_and_the_tools_log() {
    let (_dir, path, _, mut client) = started(true).await;
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture"});
    let answer = build(&mut client, params).await;
    let result = &answer["result"];
    assert_eq!(result["ok"], true, "{answer}");
    assert!(
        result["component"]
            .as_str()
            .unwrap()
            .ends_with("fixture.wasm"),
        "{answer}"
    );
    assert_eq!(result["log"], "copying the fixture\n", "{answer}");
    let logged = client.notifications.iter().any(|n| {
        n["method"] == "window/logMessage" && n["params"]["message"] == "copying the fixture"
    });
    assert!(logged, "build output streams to the log");
    let progress: Vec<&Value> = client
        .notifications
        .iter()
        .filter(|n| n["method"] == "$/progress")
        .map(|n| &n["params"]["value"]["kind"])
        .collect();
    assert_eq!(
        progress,
        ["begin", "report", "end"],
        "work-done progress spans the build"
    );

    // A world without a guest project fails with a message, not an error.
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/guest"});
    let answer = build(&mut client, params).await;
    assert_eq!(answer["result"]["ok"], false, "{answer}");
    let error = answer["result"]["error"].as_str().unwrap();
    assert!(
        error.contains("no guest project") && error.contains("demo:guest/guest"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_workspace_gets_no_lenses_and_cannot_run() {
    let (_dir, path, _, mut client) = started(false).await;
    let lenses = lenses(&mut client, &path).await;
    assert!(
        titled(&lenses, "▶ Build").is_empty() && titled(&lenses, "▶ Run").is_empty(),
        "{lenses:?}"
    );
    let answer = run(&mut client, &path, "demo:guest/echo@0.1.0.echo-u8", "(1)").await;
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("not trusted"), "{message}");
    let root = path.parent().and_then(Path::parent).unwrap();
    assert!(!root.join("fixture.wasm").exists(), "nothing was built");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compiler_errors_of_a_failed_build_become_diagnostics() {
    let (_dir, path, _, mut client) = started_with(true, FAILING_BUILD).await;
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture"});
    let answer = build(&mut client, params).await;
    assert_eq!(answer["result"]["ok"], false, "{answer}");
    let error = answer["result"]["error"].as_str().unwrap();
    // One line, in the user's terms; the command line is for the log.
    assert_eq!(error, "E0308: mismatched types at src/lib.rs:2:5");
    // The log has the command that failed.
    let logged = client
        .notification_where("window/logMessage", |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("sh -c") && m.contains("failed"))
        })
        .await;
    assert_eq!(logged["type"], 1, "an error: {logged}");
    let lib = path
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("src/lib.rs");
    let published = client.diagnostics_where(&lib, |_| true).await;
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(
        diagnostic["range"]["start"],
        json!({"line": 1, "character": 4}),
        "{published}"
    );
    assert_eq!(diagnostic["message"], "E0308: mismatched types");
}

/// A guest of wit-samples, built once per test binary through the runner
/// (so that the language server's own build finds it fresh and the test
/// does not wait on a cold compile without output).
fn built_sample(world: &str, dir: &'static str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<&str>> = std::sync::Mutex::new(Vec::new());
    let samples = repo_root().join("wit-samples").canonicalize().unwrap();
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.contains(&dir) {
        let guest = runner::build::find_guest(world, &samples)
            .unwrap_or_else(|e| panic!("the sample of {world} is found: {e}"));
        runner::build::build(&guest, &mut |line| eprintln!("[guest build] {line}"))
            .unwrap_or_else(|e| panic!("the sample of {world} builds: {e}"));
        built.push(dir);
    }
    samples.join(dir)
}

fn async_guest_dir() -> PathBuf {
    built_sample("demo:streams/streams", "guest-async")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_async_export_runs_from_its_lens_with_a_stream_in_and_a_stream_out() {
    let root = tokio::task::spawn_blocking(async_guest_dir).await.unwrap();
    let options = json!({"trusted": true, "features": {}, "run": {"timeoutMs": 5000, "maxMemoryBytes": 67108864, "dirs": [], "env": {}}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("wit/streams.wit");
    let wit = std::fs::read_to_string(&path).unwrap();
    client.open(&path, &wit).await;

    let lenses = lenses(&mut client, &path).await;
    let runs = titled(&lenses, "▶ Run");
    let shout = runs
        .iter()
        .find(|l| l["command"]["arguments"][0]["export"] == "demo:streams/text@0.1.0.shout")
        .unwrap_or_else(|| panic!("a Run lens over the async `shout`: {lenses:?}"));
    assert_eq!(shout["range"]["start"]["line"], line_of(&wit, "shout:"));
    // A stream of bytes is spelled as text.
    assert_eq!(shout["command"]["arguments"][0]["template"], r#"("")"#);
    assert_eq!(titled(&lenses, "▶ Build").len(), 1, "{lenses:?}");

    let params = json!({"uri": convert::uri_of(&path), "world": "demo:streams/streams", "export": "demo:streams/text@0.1.0.shout", "args": r#"("hey")"#});
    let answer = client
        .execute("wit-analyzer.server.run", json!([params]))
        .await;
    assert_eq!(answer["result"]["result"], "[72, 69, 89]", "{answer}");

    let params = json!({"uri": convert::uri_of(&path), "world": "demo:streams/streams", "export": "demo:streams/text@0.1.0.sum", "args": "([5, 6])"});
    let answer = client
        .execute("wit-analyzer.server.run", json!([params]))
        .await;
    assert_eq!(answer["result"]["result"], "11", "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trust_does_not_reach_a_file_opened_from_outside_the_workspace() {
    let (_dir, _path, _, mut client) = started(true).await;
    // Another folder, with its own build command that must never run.
    let wit = guest_wit();
    let marker_config = r#"[[build]]
world = "demo:guest/fixture"
command = ["sh", "-c", "touch ran; cp prebuilt.wasm fixture.wasm"]
output = "fixture.wasm"
"#;
    let (_other_dir, other) = workspace(&[
        ("wit/guest.wit", wit.as_str()),
        ("wit-analyzer.toml", marker_config),
    ]);
    std::fs::write(other.join("prebuilt.wasm"), fixture_component()).unwrap();
    let outside = other.join("wit/guest.wit");
    client.open(&outside, &wit).await;

    let lenses = lenses(&mut client, &outside).await;
    assert!(
        titled(&lenses, "▶ Build").is_empty() && titled(&lenses, "▶ Run").is_empty(),
        "{lenses:?}"
    );
    let params = json!({"uri": convert::uri_of(&outside), "world": "demo:guest/fixture"});
    let answer = build(&mut client, params).await;
    let message = answer["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("outside the workspace folders"),
        "{answer}"
    );
    let answer = run(
        &mut client,
        &outside,
        "demo:guest/echo@0.1.0.echo-u8",
        "(1)",
    )
    .await;
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("outside the workspace folders"),
        "{answer}"
    );
    assert!(
        !other.join("ran").exists(),
        "the other folder's build command ran"
    );
}

fn rust_guest_dir() -> PathBuf {
    built_sample("demo:guest/guest", "guest-rust")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resource_runs_in_a_session_from_its_constructor_to_its_methods() {
    let root = tokio::task::spawn_blocking(rust_guest_dir).await.unwrap();
    let options = json!({"trusted": true, "run": {"timeoutMs": 5000}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("wit/guest.wit");
    let wit = std::fs::read_to_string(&path).unwrap();
    client.open(&path, &wit).await;

    let lenses = lenses(&mut client, &path).await;
    let runs = titled(&lenses, "▶ Run");
    let lens_of = |export: &str| {
        runs.iter()
            .find(|l| l["command"]["arguments"][0]["export"] == export)
            .map(|l| l["command"]["arguments"][0].clone())
            .unwrap_or_else(|| panic!("a Run lens for {export}: {runs:?}"))
    };
    let shop = "demo:guest/shop@0.1.0";
    let constructor = lens_of(&format!("{shop}.[constructor]cart"));
    assert_eq!(constructor["session"], true, "{constructor}");
    assert_eq!(constructor["template"], r#"("")"#);
    assert_eq!(
        constructor["range"]["start"]["line"],
        line_of(&wit, "constructor(currency")
    );
    let add = lens_of(&format!("{shop}.[method]cart.add"));
    assert_eq!(
        add["signature"],
        "cart.add: func(self: borrow<cart>, item: line-item)"
    );
    assert_eq!(
        add["template"],
        r#"(1, {name: "", price: {cents: 0, currency: ""}, quantity: 0})"#
    );
    assert_eq!(lens_of(&format!("{shop}.total"))["session"], false);

    async fn in_session(client: &mut TestClient, path: &Path, export: &str, args: &str) -> Value {
        let params = json!({"uri": convert::uri_of(path), "world": "demo:guest/guest", "export": export, "args": args, "session": true});
        let answer = client
            .execute("wit-analyzer.server.run", json!([params]))
            .await;
        answer["result"].clone()
    }
    let made = in_session(
        &mut client,
        &path,
        &format!("{shop}.[constructor]cart"),
        r#"("EUR")"#,
    )
    .await;
    assert_eq!(made["result"], "1", "{made}");
    assert_eq!(made["session"]["started"], true, "{made}");
    assert_eq!(
        made["session"]["handles"],
        json!([{"handle": 1, "resource": "cart", "createdBy": "[constructor]cart(\"EUR\")"}])
    );
    let tea = r#"(1, {name: "tea", price: {cents: 250, currency: "EUR"}, quantity: 2})"#;
    let added = in_session(&mut client, &path, &format!("{shop}.[method]cart.add"), tea).await;
    assert_eq!(added["result"], "()", "{added}");
    assert_eq!(added["session"]["started"], false, "{added}");
    assert!(added["timings"]["instantiateMs"].is_null(), "{added}");
    let total = in_session(
        &mut client,
        &path,
        &format!("{shop}.[method]cart.total"),
        "(1)",
    )
    .await;
    assert_eq!(
        total["result"], r#"{cents: 500, currency: "EUR"}"#,
        "{total}"
    );

    let ended = client
        .execute(
            "wit-analyzer.server.endSession",
            json!([{"world": "demo:guest/guest"}]),
        )
        .await;
    assert_eq!(ended["result"]["ended"], true, "{ended}");
    let after = in_session(
        &mut client,
        &path,
        &format!("{shop}.[method]cart.total"),
        "(1)",
    )
    .await;
    assert_eq!(after["session"]["started"], true, "{after}");
    let error = after["error"].as_str().unwrap_or_default();
    assert!(error.contains("no resource handle 1"), "{after}");
}

/// A build that takes a minute unless it is stopped.
const SLOW_BUILD: &str = r#"[[build]]
world = "demo:guest/fixture"
command = ["sh", "-c", "echo compiling; sleep 60; cp prebuilt.wasm fixture.wasm"]
output = "fixture.wasm"
"#;

/// Sends `command` with a `workDoneToken`, waits for the cancellable
/// progress to begin and a little more (the guest is running by then),
/// presses Cancel, and returns the answer.
async fn cancelled(client: &mut TestClient, command: &str, params: Value, token: &str) -> Value {
    let request = json!({"command": command, "arguments": [params], "workDoneToken": token});
    let id = client
        .send_request("workspace/executeCommand", request)
        .await;
    let begin = client
        .notification_where("$/progress", |p| {
            p["token"] == token && p["value"]["kind"] == "begin"
        })
        .await;
    assert_eq!(begin["value"]["cancellable"], true, "{begin}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    client
        .notify("window/workDoneProgress/cancel", json!({"token": token}))
        .await;
    let answer = client.response(id).await;
    let ended = client
        .notification_where("$/progress", |p| {
            p["token"] == token && p["value"]["kind"] == "end"
        })
        .await;
    assert_eq!(ended["value"]["kind"], "end");
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_a_running_guest_long_before_its_timeout() {
    let (_dir, path, _, mut client) = started(true).await;
    // Built first, so that the run is the guest alone.
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture"});
    assert_eq!(build(&mut client, params).await["result"]["ok"], true);
    let options = json!({"trusted": true, "run": {"timeoutMs": 120000}});
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": options}),
        )
        .await;
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture", "export": "demo:guest/misbehave@0.1.0.spin", "args": "()"});
    let answer = cancelled(&mut client, "wit-analyzer.server.run", params, "run-1").await;
    let error = answer["result"]["error"].as_str().unwrap_or_default();
    assert!(
        error.starts_with("the run was cancelled after "),
        "{answer}"
    );

    // A run in session is stopped too, and its session ends with it.
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture", "export": "demo:guest/misbehave@0.1.0.spin", "args": "()", "session": true});
    let answer = cancelled(&mut client, "wit-analyzer.server.run", params, "run-2").await;
    assert!(
        answer["result"]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("cancelled"),
        "{answer}"
    );
    assert_eq!(answer["result"]["session"]["alive"], false, "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_kills_a_running_build() {
    let (_dir, path, _, mut client) = started_with(true, SLOW_BUILD).await;
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture"});
    let answer = cancelled(&mut client, "wit-analyzer.server.build", params, "build-1").await;
    assert_eq!(answer["result"]["ok"], false, "{answer}");
    let error = answer["result"]["error"].as_str().unwrap_or_default();
    assert!(error.contains("cancelled"), "{answer}");
    let root = path.parent().and_then(Path::parent).unwrap();
    assert!(!root.join("fixture.wasm").exists(), "the build went on");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_progress_the_server_made_up_is_cancellable_too() {
    let (_dir, path, _, mut client) = started_with(true, SLOW_BUILD).await;
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/fixture"});
    let request = json!({"command": "wit-analyzer.server.build", "arguments": [params]});
    let id = client
        .send_request("workspace/executeCommand", request)
        .await;
    let begin = client
        .notification_where("$/progress", |p| p["value"]["kind"] == "begin")
        .await;
    assert_eq!(begin["value"]["cancellable"], true, "{begin}");
    let created = client.requests.iter().any(|r| {
        r["method"] == "window/workDoneProgress/create" && r["params"]["token"] == begin["token"]
    });
    assert!(
        created,
        "the server asked for its token: {:?}",
        client.requests
    );
    client
        .notify(
            "window/workDoneProgress/cancel",
            json!({"token": begin["token"]}),
        )
        .await;
    let answer = client.response(id).await;
    assert!(
        answer["result"]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("cancelled"),
        "{answer}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rust_panic_says_why_before_the_backtrace() {
    let root = tokio::task::spawn_blocking(rust_guest_dir).await.unwrap();
    let options = json!({"trusted": true, "run": {"timeoutMs": 5000}});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    let path = root.join("wit/guest.wit");
    let params = json!({"uri": convert::uri_of(&path), "world": "demo:guest/guest", "export": "demo:guest/misbehave@0.1.0.crash", "args": "()"});
    let answer = client
        .execute("wit-analyzer.server.run", json!([params]))
        .await;
    let error = answer["result"]["error"].as_str().unwrap_or_default();
    let first = error.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("panicked at src/lib.rs:") && first.ends_with("crash was asked to panic"),
        "{answer}"
    );
    let trap = error.find("the guest trapped").expect("the trap follows");
    assert!(trap > first.len(), "{error}");
}
