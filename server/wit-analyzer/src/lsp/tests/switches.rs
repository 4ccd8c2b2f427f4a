//! Capability switches (`disable`) that apply without a restart: registered
//! and unregistered at run time for a client that allows it, and a message
//! about the restart for one that does not.

use serde_json::{Value, json};

use super::{
    client::TestClient,
    support::{client_on_file, workspace},
};

const BROKEN: &str = "package demo:a;\n\ninterface i {\n  f: func() -> nope;\n}\n";

/// Keeps the conversation going until `done` holds; each answer read also
/// collects what the server sent before it.
async fn until(client: &mut TestClient, done: impl Fn(&TestClient) -> bool) {
    for _ in 0..100 {
        if done(client) {
            return;
        }
        client
            .request("workspace/symbol", json!({"query": ""}))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "requests: {:?}\nnotifications: {:?}",
        client.requests, client.notifications
    );
}

/// The methods of every registration (or unregistration) request so far.
fn methods(client: &TestClient, request: &str, list: &str) -> Vec<String> {
    client
        .requests
        .iter()
        .filter(|r| r["method"] == request)
        .flat_map(|r| r["params"][list].as_array().cloned().unwrap_or_default())
        .map(|r| r["method"].as_str().unwrap().to_string())
        .collect()
}

fn registered(client: &TestClient) -> Vec<String> {
    methods(client, "client/registerCapability", "registrations")
}

fn unregistered(client: &TestClient) -> Vec<String> {
    // The protocol spells this field so.
    methods(client, "client/unregisterCapability", "unregisterations")
}

async fn disable(client: &mut TestClient, switches: Value) {
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"disable": switches}}),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_registers_at_run_time_switches_capabilities_live() {
    let (_dir, root) = workspace(&[("a.wit", BROKEN)]);
    let capabilities = json!({"textDocument": {"hover": {"dynamicRegistration": true}}});
    let (mut client, init) = TestClient::start_with(&root, capabilities, json!({})).await;
    let announced = &init["result"]["capabilities"];
    assert!(announced.get("hoverProvider").is_none(), "{announced}");
    assert!(announced["completionProvider"].is_object(), "{announced}");
    until(&mut client, |c| registered(c) == ["textDocument/hover"]).await;

    disable(&mut client, json!(["hover"])).await;
    until(&mut client, |c| unregistered(c) == ["textDocument/hover"]).await;
    disable(&mut client, json!([])).await;
    until(&mut client, |c| {
        registered(c) == ["textDocument/hover", "textDocument/hover"]
    })
    .await;

    // Completion was announced statically: it waits for a restart, and the
    // user is told.
    disable(&mut client, json!(["completion"])).await;
    until(&mut client, |c| {
        c.notifications.iter().any(|n| {
            n["method"] == "window/showMessage"
                && n["params"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("`completion`") && m.contains("restart"))
        })
    })
    .await;
    assert_eq!(registered(&client).len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turning_diagnostics_off_clears_them_and_on_brings_them_back() {
    let (_dir, path, mut client) = client_on_file("a.wit", BROKEN).await;
    let shown = client
        .diagnostics_where(&path, |p| p["diagnostics"] != json!([]))
        .await;
    assert!(shown.to_string().contains("nope"), "{shown}");

    client.notifications.clear();
    disable(&mut client, json!(["diagnostics"])).await;
    let cleared = client.diagnostics_where(&path, |_| true).await;
    assert_eq!(cleared["diagnostics"], json!([]), "{cleared}");

    client.notifications.clear();
    disable(&mut client, json!([])).await;
    let back = client.diagnostics_where(&path, |_| true).await;
    assert!(back.to_string().contains("nope"), "{back}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_misspelt_switch_at_start_is_named() {
    let (_dir, root) = workspace(&[("a.wit", BROKEN)]);
    let options = json!({"disable": ["hovr"]});
    let (mut client, _) = TestClient::start_with(&root, json!({}), options).await;
    until(&mut client, |c| {
        c.notifications.iter().any(|n| {
            n["method"] == "window/showMessage"
                && n["params"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("`hovr`"))
        })
    })
    .await;
}
