//! The WIT of a `.wasm` component as a read-only document of its own, under
//! a `wit-analyzer-component:` URI, so that any editor can show it with the
//! usual features: hover, outline, go to definition, folding, highlighting.
//!
//! `wit-analyzer/componentWit` (params `{"uri": "file:///…/app.wasm"}`)
//! decodes the component and answers with the view's URI and text; the
//! client then opens that URI. A view URI is the component's `file:` URI
//! with the scheme replaced and `.wit` appended, so editors that pick a
//! language by extension take it as WIT:
//! `wit-analyzer-component:///work/app.wasm.wit`.
//!
//! Each view is a workspace of its own, holding the one decoded file (the
//! component's world and a `package … { … }` block per package it uses),
//! so nothing in it mixes with the user's packages: no diagnostics, no
//! duplicate `wasi:io`, no workspace symbols. Its file lives at a path no
//! disk has (below `/wit-analyzer-component/`), and answers that point
//! into it name the view's URI.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use analysis::component::{ComponentError, ComponentWit, read_component};
use analysis::file_system::OsFileSystem;
use serde_json::{Value, json};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert, documents::Edits, guard, server::Server, state::State};

pub const SCHEME: &str = "wit-analyzer-component";

/// Where the views' files seem to be: a folder no disk is expected to have,
/// so that no real WIT file joins a view's workspace.
const VIRTUAL_ROOT: &str = "/wit-analyzer-component";

/// What a read-only document answers; every other method is refused.
const SERVED: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/declaration",
    "textDocument/typeDefinition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/documentSymbol",
    "textDocument/foldingRange",
    "textDocument/selectionRange",
    "textDocument/semanticTokens/full",
    "textDocument/semanticTokens/full/delta",
    "textDocument/codeLens",
];

pub struct View {
    pub uri: Uri,
    pub component: PathBuf,
    pub wit: ComponentWit,
    /// The view's file in its own workspace.
    path: PathBuf,
    state: Mutex<State>,
    /// The component file when it was decoded: a rebuilt one is decoded again.
    stamp: Option<(SystemTime, u64)>,
}

#[derive(Default)]
pub struct Views {
    by_component: HashMap<PathBuf, Arc<View>>,
}

pub fn is_view(uri: &Uri) -> bool {
    uri.scheme().as_str().eq_ignore_ascii_case(SCHEME)
}

/// The component a view URI shows, however the client spells the URI
/// (`scheme:/p`, `scheme:///p`, percent-encoded or not).
pub fn component_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().get(SCHEME.len() + 1..)?;
    let file = Uri::from_str(&format!("file:{rest}")).ok()?;
    let path = convert::path_of(&file)?;
    let name = path
        .file_name()?
        .to_str()?
        .strip_suffix(".wit")?
        .to_string();
    Some(path.with_file_name(name))
}

pub fn view_uri(component: &Path) -> Uri {
    let file = convert::uri_of(component);
    let rest = file.as_str().strip_prefix("file:").unwrap_or(file.as_str());
    Uri::from_str(&format!("{SCHEME}:{rest}.wit")).unwrap_or(file)
}

fn virtual_path(component: &Path) -> PathBuf {
    let relative = component.strip_prefix("/").unwrap_or(component);
    let mut path = Path::new(VIRTUAL_ROOT).join(relative).into_os_string();
    path.push(".wit");
    PathBuf::from(path)
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// The view of `component`, decoded again if the file changed since.
fn view(server: &Server, component: &Path) -> Result<Arc<View>, ComponentError> {
    let component = std::path::absolute(component).unwrap_or_else(|_| component.to_path_buf());
    let now = stamp(&component);
    if let Some(view) = guard::lock(&server.views).by_component.get(&component)
        && view.stamp.is_some()
        && view.stamp == now
    {
        return Ok(view.clone());
    }
    let wit = read_component(&OsFileSystem, &component)?;
    let path = virtual_path(&component);
    let uri = view_uri(&component);
    let mut state = State::default();
    state.unit = guard::lock(&server.documents).unit;
    state.virtual_document = Some((path.clone(), uri.clone()));
    state.set_roots(vec![
        path.parent().unwrap_or(Path::new(VIRTUAL_ROOT)).into(),
    ]);
    state.apply_edits(Edits {
        overlays: vec![(path.clone(), Some(Arc::from(wit.wit.as_str())))],
        ..Edits::default()
    });
    state.refresh_ide();
    let view = Arc::new(View {
        uri,
        component: component.clone(),
        wit,
        path,
        state: Mutex::new(state),
        stamp: now,
    });
    guard::lock(&server.views)
        .by_component
        .insert(component, view.clone());
    Ok(view)
}

/// Runs a feature on the view that `uri` names, as [`Server::request`]
/// runs one on a file.
pub async fn request<R: Send + 'static>(
    server: &Server,
    method: &'static str,
    uri: &Uri,
    feature: impl FnOnce(&State, &Path) -> R + Send + 'static,
) -> jsonrpc::Result<R> {
    if !SERVED.contains(&method) {
        let mut error = jsonrpc::Error::invalid_request();
        error.message = format!("{method}: a {SCHEME}: document is read-only").into();
        return Err(error);
    }
    let component = component_of(uri).ok_or_else(|| not_a_view(uri))?;
    server
        .blocking(method, move |server| {
            let view = view(server, &component).map_err(|e| component_error(&component, &e))?;
            let state = guard::lock(&view.state);
            Ok(feature(&state, &view.path))
        })
        .await?
}

/// `wit-analyzer/componentWit`: the view of a component, given by its
/// `file:` URI (or by the view's own).
pub async fn component_wit(server: &Server, params: Value) -> jsonrpc::Result<Value> {
    let uri: Uri = serde_json::from_value(params["uri"].clone()).map_err(|_| {
        jsonrpc::Error::invalid_params("wit-analyzer/componentWit takes {\"uri\": a file URI}")
    })?;
    let component = if is_view(&uri) {
        component_of(&uri).ok_or_else(|| not_a_view(&uri))?
    } else {
        convert::path_of(&uri).ok_or_else(|| {
            jsonrpc::Error::invalid_params(format!("{} is not a file URI", uri.as_str()))
        })?
    };
    server
        .blocking("wit-analyzer/componentWit", move |server| {
            let view = view(server, &component).map_err(|e| component_error(&component, &e))?;
            Ok(json!({
                "uri": view.uri,
                "component": convert::uri_of(&view.component),
                "text": view.wit.wit,
                "world": view.wit.world,
                "imports": view.wit.imports,
                "exports": view.wit.exports,
                "size": view.wit.size,
            }))
        })
        .await?
}

/// A view opened by the client: decoded now, if no request did it yet.
pub async fn did_open(server: &Server, document: TextDocumentItem) {
    let Some(component) = component_of(&document.uri) else {
        let message = format!("{} names no component", document.uri.as_str());
        return log(server, MessageType::WARNING, message).await;
    };
    let opened = server
        .blocking("textDocument/didOpen", move |server| {
            view(server, &component).map_err(|e| format!("{}: {e}", component.display()))
        })
        .await;
    match opened {
        Ok(Ok(view)) if view.wit.wit != document.text => {
            let message = format!(
                "{} was opened with other text than the component's WIT; \
                 answers are about the component's",
                document.uri.as_str()
            );
            log(server, MessageType::WARNING, message).await;
        }
        Ok(Ok(_)) => {}
        Ok(Err(message)) => log(server, MessageType::ERROR, message).await,
        Err(error) => log(server, MessageType::ERROR, error.message.to_string()).await,
    }
}

pub fn did_close(server: &Server, uri: &Uri) {
    if let Some(component) = component_of(uri) {
        let component = std::path::absolute(&component).unwrap_or(component);
        guard::lock(&server.views).by_component.remove(&component);
    }
}

async fn log(server: &Server, kind: MessageType, message: String) {
    eprintln!("wit-analyzer: {message}");
    server
        .client
        .log_message(kind, format!("wit-analyzer: {message}"))
        .await;
}

fn not_a_view(uri: &Uri) -> jsonrpc::Error {
    jsonrpc::Error::invalid_params(format!(
        "{} is not {SCHEME}:PATH.wit for a component at PATH",
        uri.as_str()
    ))
}

/// The error names the file; `data.kind` tells a client whether to show
/// the file some other way (`core-module`, `wit-package`, `not-wasm`) or to
/// report a failure (`invalid`, `unreadable`).
fn component_error(component: &Path, error: &ComponentError) -> jsonrpc::Error {
    let kind = match error {
        ComponentError::CoreModule => "core-module",
        ComponentError::WitPackage { .. } => "wit-package",
        ComponentError::NotWasm => "not-wasm",
        ComponentError::Invalid(_) | ComponentError::InvalidText(_) => "invalid",
        ComponentError::Read(_) | ComponentError::Directory => "unreadable",
    };
    let mut rpc = jsonrpc::Error::invalid_params(format!("{}: {error}", component.display()));
    rpc.data = Some(json!({ "kind": kind }));
    rpc
}
