//! Capability switches (`disable`) that apply without a restart. A client
//! that can register a capability at run time gets it registered after
//! `initialized` instead of announced at `initialize`, and a settings change
//! registers or unregisters it. Diagnostics are pushed, so their switch is
//! always live. For other clients a change waits for a restart, and the user
//! is told so.

use std::collections::BTreeSet;

use analysis::line_index::ColumnUnit;
use serde_json::{Value, json};
use tower_lsp_server::ls_types::*;

use super::{capabilities, diagnostics, guard, options::InitOptions, server::Server};

/// A method a switch covers: its name, and where the static announcement
/// puts its options (a key of `ServerCapabilities`).
struct Method {
    switch: &'static str,
    method: &'static str,
    provider: &'static str,
}

const fn method(switch: &'static str, method: &'static str, provider: &'static str) -> Method {
    Method {
        switch,
        method,
        provider,
    }
}

#[rustfmt::skip]
const METHODS: [Method; 16] = [
    method("hover", "textDocument/hover", "hoverProvider"),
    method("completion", "textDocument/completion", "completionProvider"),
    method("definition", "textDocument/definition", "definitionProvider"),
    method("definition", "textDocument/declaration", "declarationProvider"),
    method("definition", "textDocument/typeDefinition", "typeDefinitionProvider"),
    method("references", "textDocument/references", "referencesProvider"),
    method("references", "textDocument/documentHighlight", "documentHighlightProvider"),
    method("rename", "textDocument/rename", "renameProvider"),
    method("documentSymbols", "textDocument/documentSymbol", "documentSymbolProvider"),
    method("documentSymbols", "workspace/symbol", "workspaceSymbolProvider"),
    method("folding", "textDocument/foldingRange", "foldingRangeProvider"),
    method("semanticTokens", "textDocument/semanticTokens", "semanticTokensProvider"),
    method("codeActions", "textDocument/codeAction", "codeActionProvider"),
    method("codeLens", "textDocument/codeLens", "codeLensProvider"),
    method("formatting", "textDocument/formatting", "documentFormattingProvider"),
    method("formatting", "textDocument/rangeFormatting", "documentRangeFormattingProvider"),
];

const DIAGNOSTICS: &str = "diagnostics";

/// The switches this client can take live: every method they cover can be
/// registered at run time.
pub fn live(client: &ClientCapabilities) -> BTreeSet<&'static str> {
    let client = serde_json::to_value(client).unwrap_or_default();
    // A method's client capability sits at the method's own path:
    // `textDocument/hover` at `textDocument.hover`.
    let dynamic = |m: &Method| {
        client
            .pointer(&format!("/{}", m.method))
            .and_then(|c| c["dynamicRegistration"].as_bool())
            == Some(true)
    };
    let mut live: BTreeSet<&'static str> = METHODS.iter().map(|m| m.switch).collect();
    for m in METHODS.iter().filter(|m| !dynamic(m)) {
        live.remove(m.switch);
    }
    live.insert(DIAGNOSTICS);
    live
}

/// After `initialized`: registers the live switches that are on.
pub async fn register_initial(server: &Server) {
    let (live, options) = {
        let state = guard::lock(&server.state);
        (state.live_switches.clone(), state.options.clone())
    };
    let on: Vec<&str> = live.into_iter().filter(|s| options.enabled(s)).collect();
    register(server, &on).await;
    warn_of_unknown(server, &options).await;
}

/// Applies a change of `disable` from `before` to the state's options.
pub async fn settings_changed(server: &Server, before: &InitOptions) {
    let (live, after) = {
        let state = guard::lock(&server.state);
        (state.live_switches.clone(), state.options.clone())
    };
    let changed: Vec<&str> = super::options::SWITCHES
        .into_iter()
        .filter(|s| before.enabled(s) != after.enabled(s))
        .collect();
    let (on, off): (Vec<&str>, Vec<&str>) = changed
        .iter()
        .filter(|s| live.contains(*s) && **s != DIAGNOSTICS)
        .partition(|s| after.enabled(s));
    register(server, &on).await;
    unregister(server, &off).await;
    if changed.contains(&DIAGNOSTICS) {
        diagnostics_switched(server, after.enabled(DIAGNOSTICS)).await;
    }
    warn_of_unknown(server, &after).await;
    let waiting: Vec<&str> = changed.into_iter().filter(|s| !live.contains(s)).collect();
    if !waiting.is_empty() {
        let message = format!(
            "wit-analyzer: `{}` turns on or off when the server restarts (this editor cannot register capabilities at run time)",
            waiting.join("`, `")
        );
        warn(server, message).await;
    }
}

/// A misspelt name in `disable` would otherwise switch nothing, silently.
async fn warn_of_unknown(server: &Server, options: &InitOptions) {
    let unknown = options.unknown_switches();
    if !unknown.is_empty() {
        let message = format!(
            "wit-analyzer: `disable` names no capability `{}`; known: {}",
            unknown.join("`, `"),
            super::options::SWITCHES.join(", ")
        );
        warn(server, message).await;
    }
}

/// Diagnostics on: everything is checked and published again. Off: what
/// was shown is cleared.
async fn diagnostics_switched(server: &Server, on: bool) {
    if on {
        guard::lock(&server.state).mark_everything_dirty();
        diagnostics::schedule_check(server);
        return;
    }
    let checker = server.clone();
    let shown =
        tokio::task::spawn_blocking(move || checker.synced_state().check_everything().0).await;
    for file in shown.unwrap_or_default() {
        let uri = super::convert::uri_of(&file.path);
        server
            .client
            .publish_diagnostics(uri, Vec::new(), file.version)
            .await;
    }
}

async fn register(server: &Server, switches: &[&str]) {
    let registrations = registrations(switches);
    if !registrations.is_empty() {
        let result = server.client.register_capability(registrations).await;
        warn_unless_done(server, "on", switches, result).await;
    }
}

async fn unregister(server: &Server, switches: &[&str]) {
    let unregistrations: Vec<Unregistration> = registrations(switches)
        .into_iter()
        .map(|r| Unregistration {
            id: r.id,
            method: r.method,
        })
        .collect();
    if !unregistrations.is_empty() {
        let result = server.client.unregister_capability(unregistrations).await;
        warn_unless_done(server, "off", switches, result).await;
    }
}

async fn warn_unless_done(
    server: &Server,
    turning: &str,
    switches: &[&str],
    result: tower_lsp_server::jsonrpc::Result<()>,
) {
    if let Err(err) = result {
        let message = format!(
            "wit-analyzer: cannot turn {turning} `{}`: {err}",
            switches.join("`, `")
        );
        warn(server, message).await;
    }
}

/// The registrations of `switches`, with the options the static
/// announcement would have carried, limited to WIT documents.
fn registrations(switches: &[&str]) -> Vec<Registration> {
    let everything = capabilities::server_capabilities(
        ColumnUnit::Utf16,
        &InitOptions::default(),
        &BTreeSet::new(),
    );
    let announced = serde_json::to_value(everything).unwrap_or_default();
    METHODS
        .iter()
        .filter(|m| switches.contains(&m.switch))
        .map(|m| {
            let mut options = match &announced[m.provider] {
                Value::Object(options) => Value::Object(options.clone()),
                _ => json!({}),
            };
            if m.method.starts_with("textDocument/") {
                options["documentSelector"] = json!([{"language": "wit"}, {"pattern": "**/*.wit"}]);
            }
            Registration {
                id: format!("wit-analyzer/{}", m.method),
                method: m.method.to_string(),
                register_options: Some(options),
            }
        })
        .collect()
}

async fn warn(server: &Server, message: String) {
    server
        .client
        .show_message(MessageType::WARNING, message)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(capabilities: Value) -> ClientCapabilities {
        serde_json::from_value(capabilities).unwrap()
    }

    #[test]
    fn a_switch_is_live_only_when_all_its_methods_can_be_registered() {
        let some = client(json!({"textDocument": {
            "hover": {"dynamicRegistration": true},
            "formatting": {"dynamicRegistration": true},
            "rangeFormatting": {"dynamicRegistration": false},
        }}));
        assert_eq!(live(&some), BTreeSet::from(["diagnostics", "hover"]));
        assert_eq!(
            live(&ClientCapabilities::default()),
            BTreeSet::from(["diagnostics"])
        );
    }

    #[test]
    fn registrations_carry_the_announced_options_for_wit_documents() {
        let regs = registrations(&["completion", "documentSymbols"]);
        let methods: Vec<&str> = regs.iter().map(|r| r.method.as_str()).collect();
        assert_eq!(
            methods,
            [
                "textDocument/completion",
                "textDocument/documentSymbol",
                "workspace/symbol"
            ]
        );
        let completion = regs[0].register_options.as_ref().unwrap();
        assert!(
            completion["triggerCharacters"]
                .as_array()
                .is_some_and(|t| !t.is_empty()),
            "{completion}"
        );
        assert_eq!(completion["documentSelector"][0]["language"], "wit");
        assert!(
            regs[2]
                .register_options
                .as_ref()
                .unwrap()
                .get("documentSelector")
                .is_none()
        );
    }
}
