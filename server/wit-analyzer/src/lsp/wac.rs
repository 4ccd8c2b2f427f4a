//! `.wac` documents (WAC, the composition language of `wac compose`):
//! diagnostics from wac-parser with their places, go to definition from a
//! package name to what it names, and a `▶ Compose` lens.
//!
//! WAC documents are no part of the WIT workspace: they have a document
//! store of their own, so the WIT check never publishes over their
//! diagnostics. Packages are found as `wit-analyzer compose` finds them
//! (`deps/` beside the document, see `analysis::compose::wac`).
//!
//! Definition: a package path (`demo:compose/names`) goes to that interface
//! or world of a workspace package; a package name (`new demo:names { … }`)
//! goes to the component in `deps/`, shown as its WIT
//! (`wit-analyzer-component:`), else to the workspace package's
//! declaration.
//!
//! `wit-analyzer/compose` (params `{uri}`) writes the composition beside
//! the document as `NAME.wasm` and answers `{ok, output, imports, exports,
//! errors}`; the lens runs the client command `wit-analyzer.compose` with
//! `[{uri}]`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use analysis::compose::wac::{self, Deps, WacError};
use analysis::ide::SymbolKind;
use serde_json::{Value, json};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{
    component_view, convert, convert::LineMap, documents::DocumentStore, guard, server::Server,
};

pub const COMPOSE: &str = "wit-analyzer.compose";

pub fn is_wac(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wac")
}

pub fn wac_path(uri: &Uri) -> Option<PathBuf> {
    convert::path_of(uri).filter(|path| is_wac(path))
}

/// The open `.wac` buffers.
#[derive(Default)]
pub struct WacDocuments {
    store: DocumentStore,
}

pub fn did_open(server: &Server, path: PathBuf, text: &str, version: i32) {
    {
        let mut docs = guard::lock(&server.wac);
        docs.store.unit = guard::lock(&server.documents).unit;
        docs.store.open(path.clone(), text, version);
    }
    publish_soon(server, path);
}

pub fn did_change(server: &Server, params: &DidChangeTextDocumentParams) {
    let Some(path) = wac_path(&params.text_document.uri) else {
        return;
    };
    let changed = guard::lock(&server.wac).store.change(
        &path,
        params.text_document.version,
        &params.content_changes,
    );
    if let Err(message) = changed {
        eprintln!("wit-analyzer: {message}; the change is ignored");
        return;
    }
    publish_soon(server, path);
}

pub fn did_close(server: &Server, path: &Path) {
    guard::lock(&server.wac).store.close(path);
    let server = server.clone();
    let uri = convert::uri_of(path);
    tokio::spawn(async move { server.client.publish_diagnostics(uri, vec![], None).await });
}

fn text_of(server: &Server, path: &Path) -> Option<(Arc<str>, i32)> {
    let docs = guard::lock(&server.wac);
    Some((docs.store.text(path)?, docs.store.version(path)?))
}

/// Checks the document on a blocking thread and publishes what it finds,
/// unless the buffer moved on meanwhile (the newer version's check does).
fn publish_soon(server: &Server, path: PathBuf) {
    let server = server.clone();
    tokio::spawn(async move {
        let Some((text, version)) = text_of(&server, &path) else {
            return;
        };
        let unit = guard::lock(&server.documents).unit;
        let checked_path = path.clone();
        let server_for_check = server.clone();
        let checked = tokio::task::spawn_blocking(move || {
            let errors = {
                let state = server_for_check.synced_state();
                let more = wac::workspace_packages(&state.workspace);
                wac::check_with(&text, &Deps::beside(&checked_path), &more)
            };
            let map = LineMap::new(text, unit);
            let uri = convert::uri_of(&checked_path);
            errors
                .iter()
                .map(|error| diagnostic(&map, &uri, error))
                .collect::<Vec<_>>()
        })
        .await;
        let Ok(diagnostics) = checked else { return };
        if text_of(&server, &path).map(|(_, v)| v) != Some(version) {
            return;
        }
        server
            .client
            .publish_diagnostics(convert::uri_of(&path), diagnostics, Some(version))
            .await;
    });
}

fn diagnostic(map: &LineMap, uri: &Uri, error: &WacError) -> Diagnostic {
    let range = error
        .range
        .clone()
        .map(|r| map.range(r))
        .unwrap_or_default();
    let related: Vec<DiagnosticRelatedInformation> = error
        .related
        .iter()
        .map(|(range, label)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), map.range(range.clone())),
            message: label.clone(),
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("wac".into()),
        message: error.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

/// Go to definition on a package name or path.
pub async fn definition(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
    let path = super::server::file_path(&params.text_document.uri)?;
    let Some((text, _)) = text_of(server, &path) else {
        return Ok(None);
    };
    let unit = guard::lock(&server.documents).unit;
    let position = params.position;
    server
        .blocking("textDocument/definition", move |server| {
            let map = LineMap::new(text.clone(), unit);
            let offset = map.offset(position);
            let reference = wac::package_refs(&text)
                .into_iter()
                .find(|r| r.range.start <= offset && offset <= r.range.end)?;
            let deps = Deps::beside(&path);
            let component = deps
                .find(&reference.name, reference.version.as_deref())
                .ok()
                .filter(|found| found.extension().is_some_and(|e| e == "wasm" || e == "wat"));
            if let (Some(component), None) = (&component, &reference.item) {
                let uri = component_view::view_uri(component);
                return Some(GotoDefinitionResponse::Scalar(Location::new(
                    uri,
                    Range::default(),
                )));
            }
            let mut state = server.synced_state();
            state.refresh_ide();
            in_workspace(&state, &reference).map(GotoDefinitionResponse::Scalar)
        })
        .await
}

/// The interface or world `reference` names in a workspace package, or
/// the package's declaration.
fn in_workspace(state: &super::state::State, reference: &wac::PackageRef) -> Option<Location> {
    let spelled = match &reference.version {
        Some(version) => format!("{}@{version}", reference.name),
        None => reference.name.clone(),
    };
    let package = state.workspace.packages().into_iter().find(|p| {
        p.name
            .as_deref()
            .is_some_and(|name| name == spelled || name.split('@').next() == Some(&spelled))
    })?;
    let item = reference
        .item
        .as_deref()
        .map(|item| item.split('/').next().unwrap_or(item));
    let mut declaration = None;
    for file in &package.files {
        if let Some(item) = item {
            let symbols = state.ide().document_symbols(file);
            if let Some(symbol) = find_item(&symbols, item) {
                return state.location(file, symbol.name_range.clone());
            }
        }
        if declaration.is_none() {
            let text = state.workspace.text(file)?;
            if let Some(start) = text.find("package ") {
                declaration = state.location(file, start..start + "package".len());
            }
        }
    }
    declaration
}

/// `▶ Compose` on the `package` line.
pub fn lenses(server: &Server, uri: &Uri) -> Option<Vec<CodeLens>> {
    let path = wac_path(uri)?;
    let (text, _) = text_of(server, &path)?;
    let unit = guard::lock(&server.documents).unit;
    let map = LineMap::new(text.clone(), unit);
    let start = text.find("package").unwrap_or(0);
    Some(vec![CodeLens {
        range: map.range(start..start),
        command: Some(Command {
            title: "▶ Compose".into(),
            command: COMPOSE.into(),
            arguments: Some(vec![json!({ "uri": uri })]),
        }),
        data: None,
    }])
}

/// Where `▶ Compose` writes: beside the document, `app.wac` → `app.wasm`.
pub fn output_of(document: &Path) -> PathBuf {
    document.with_extension("wasm")
}

/// `wit-analyzer/compose`.
pub async fn compose(server: &Server, params: Value) -> jsonrpc::Result<Value> {
    let uri: Uri = serde_json::from_value(params["uri"].clone()).map_err(|_| {
        jsonrpc::Error::invalid_params("wit-analyzer/compose takes {\"uri\": a .wac file URI}")
    })?;
    let path = wac_path(&uri).ok_or_else(|| {
        jsonrpc::Error::invalid_params(format!("{} is not a .wac file", uri.as_str()))
    })?;
    let text = match text_of(server, &path) {
        Some((text, _)) => text.to_string(),
        None => std::fs::read_to_string(&path)
            .map_err(|e| jsonrpc::Error::invalid_params(format!("{}: {e}", path.display())))?,
    };
    server
        .blocking("wit-analyzer/compose", move |server| {
            let output = output_of(&path);
            let composed = {
                let state = server.synced_state();
                let more = wac::workspace_packages(&state.workspace);
                wac::compose_with(&text, &Deps::beside(&path), &more)
            };
            let composed = match composed {
                Ok(composed) => composed,
                Err(errors) => {
                    let map = LineMap::new(
                        Arc::from(text.as_str()),
                        analysis::line_index::ColumnUnit::Char,
                    );
                    let errors: Vec<String> = errors
                        .iter()
                        .map(|e| match &e.range {
                            Some(range) => {
                                let at = map.position(range.start);
                                format!("{}:{}: {}", at.line + 1, at.character + 1, e.message)
                            }
                            None => e.message.clone(),
                        })
                        .collect();
                    return json!({ "ok": false, "errors": errors });
                }
            };
            if let Err(e) = std::fs::write(&output, &composed.bytes) {
                let error = format!("{}: cannot write it: {e}", output.display());
                return json!({ "ok": false, "errors": [error] });
            }
            json!({
                "ok": true,
                "output": convert::uri_of(&output),
                "size": composed.bytes.len(),
                "imports": composed.imports,
                "exports": composed.exports,
                "errors": [],
            })
        })
        .await
}

/// The interface or world named `name` among `symbols`, at any depth (the
/// outline may put them under their package).
fn find_item<'s>(
    symbols: &'s [analysis::ide::Symbol],
    name: &str,
) -> Option<&'s analysis::ide::Symbol> {
    symbols.iter().find_map(|symbol| {
        let is_item = matches!(symbol.kind, SymbolKind::Interface | SymbolKind::World);
        if is_item && symbol.name == name {
            Some(symbol)
        } else {
            find_item(&symbol.children, name)
        }
    })
}
