//! Lifecycle and document synchronisation: `initialize`, the open buffers,
//! and files changed outside the editor.
//!
//! Every notification here applies its change to the state synchronously,
//! before anything awaits. tower-lsp runs handlers concurrently, so this is
//! what keeps edits in the order the client sent them.

use std::path::{Path, PathBuf};

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{capabilities, convert, diagnostics, guard, options::InitOptions, server::Server};

pub fn initialize(server: &Server, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
    let unit = capabilities::negotiate_encoding(&params);
    let options = InitOptions::from_params(&params).map_err(jsonrpc::Error::invalid_params)?;
    let live = super::switches::live(&params.capabilities);
    let capabilities = capabilities::server_capabilities(unit, &options, &live);
    guard::lock(&server.documents).unit = unit;
    let mut state = guard::lock(&server.state);
    state.unit = unit;
    state.options = options;
    state.live_switches = live;
    state.register_watcher = capabilities::can_register_watcher(&params);
    state.pull_configuration = capabilities::can_pull_configuration(&params);
    state.snippets = capabilities::supports_snippets(&params);
    state.show_references = super::code_lens::client_shows_references(&params);
    state.refresh_lenses = capabilities::can_refresh_lenses(&params);
    state.refresh_inlay_hints = super::inlay_hints::can_refresh(&params);
    state.set_roots(workspace_roots(&params));
    Ok(InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "wit-analyzer".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    })
}

/// The workspace folders, else the deprecated root URI, else nothing (a
/// client that opens single files gets each file's folder on open).
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| convert::path_of(&folder.uri));
    let mut roots: Vec<PathBuf> = folders.collect();
    #[allow(deprecated)]
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(convert::path_of));
    }
    roots
}

pub async fn initialized(server: &Server) {
    if guard::lock(&server.state).register_watcher
        && let Err(err) = server
            .client
            .register_capability(vec![capabilities::watcher_registration()])
            .await
    {
        server
            .client
            .log_message(
                MessageType::WARNING,
                format!("cannot watch WIT files for outside changes: {err}"),
            )
            .await;
    }
    super::switches::register_initial(server).await;
    let opener = server.clone();
    tokio::spawn(async move { super::baseline::setting_changed(&opener).await });
    // The whole workspace, so that files nobody opened show their errors too.
    guard::lock(&server.state).mark_everything_dirty();
    diagnostics::schedule_check(server);
}

/// New and closed workspace folders: the workspace is rebuilt on the new
/// roots, and the check of everything that follows clears the diagnostics
/// of files no longer in it. A git baseline maps the roots into its ref,
/// so it is opened again.
pub async fn did_change_workspace_folders(
    server: &Server,
    params: DidChangeWorkspaceFoldersParams,
) {
    let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
        (folders.iter())
            .filter_map(|folder| convert::path_of(&folder.uri))
            .collect()
    };
    let added = paths(&params.event.added);
    let removed = paths(&params.event.removed);
    guard::lock(&server.state).change_folders(added, &removed);
    diagnostics::schedule_check(server);
    super::baseline::reopen(server).await;
}

pub async fn did_open(server: &Server, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    if super::component_view::is_view(&doc.uri) {
        return super::component_view::did_open(server, doc).await;
    }
    let Some(path) = convert::path_of(&doc.uri) else {
        let message = format!(
            "{} is not a file on disk, so it is not analysed; save it as a `.wit` file",
            doc.uri.as_str()
        );
        return warn(server, message).await;
    };
    if super::wac::is_wac(&path) {
        return super::wac::did_open(server, path, &doc.text, doc.version);
    }
    // Packages are made of `.wit` files; a buffer set to WIT by hand is
    // kept for the features, but no package takes it in.
    let not_wit = !path.extension().is_some_and(|ext| ext == "wit");
    let message = format!(
        "{} is not a `.wit` file, so no package includes it and it shows no diagnostics",
        path.display()
    );
    guard::lock(&server.documents).open(path, &doc.text, doc.version);
    diagnostics::schedule_check(server);
    if not_wit {
        warn(server, message).await;
    }
}

pub async fn did_change(server: &Server, params: DidChangeTextDocumentParams) {
    if super::wac::wac_path(&params.text_document.uri).is_some() {
        return super::wac::did_change(server, &params);
    }
    let doc = params.text_document;
    // `didOpen` already said that such a document is not analysed.
    let Some(path) = convert::path_of(&doc.uri) else {
        return;
    };
    let (before, changed) = {
        let mut documents = guard::lock(&server.documents);
        let before = documents.version(&path);
        (
            before,
            documents.change(&path, doc.version, &params.content_changes),
        )
    };
    if let Err(message) = changed {
        return warn(server, format!("{message}; the change is ignored")).await;
    }
    diagnostics::schedule_check(server);
    // The text is still the client's, so the change stands; but results
    // are matched to versions, and a client that reuses them is confused.
    if let Some(before) = before.filter(|&before| before >= doc.version) {
        let message = format!(
            "didChange for {}: version {} is not newer than {before}",
            path.display(),
            doc.version
        );
        warn(server, message).await;
    }
}

pub fn did_close(server: &Server, params: DidCloseTextDocumentParams) {
    if super::component_view::is_view(&params.text_document.uri) {
        return super::component_view::did_close(server, &params.text_document.uri);
    }
    if let Some(path) = super::wac::wac_path(&params.text_document.uri) {
        return super::wac::did_close(server, &path);
    }
    let Some(path) = convert::path_of(&params.text_document.uri) else {
        return;
    };
    // The disk may differ from the buffer the user just discarded, hence a check.
    guard::lock(&server.documents).close(&path);
    diagnostics::schedule_check(server);
}

pub fn did_change_watched_files(server: &Server, params: DidChangeWatchedFilesParams) {
    let paths: Vec<PathBuf> = params
        .changes
        .iter()
        .filter_map(|change| convert::path_of(&change.uri))
        .collect();
    let mut documents = guard::lock(&server.documents);
    for path in &paths {
        documents.disk_changed(path.clone());
    }
    drop(documents);
    // A folder created or deleted as a whole is one event for all its
    // files, and the files it took away are no longer on disk to be named:
    // only a check of everything clears their diagnostics.
    if paths.iter().any(|path| is_folder(path)) {
        guard::lock(&server.state).mark_everything_dirty();
    }
    diagnostics::schedule_check(server);
    let reader = server.clone();
    tokio::spawn(async move { super::baseline::disk_changed(&reader, &paths).await });
}

/// A folder, or a deleted path that names none of the files we watch.
fn is_folder(path: &Path) -> bool {
    const WATCHED: [&str; 3] = ["wit", "toml", "wasm"];
    path.is_dir()
        || (!path.exists()
            && !path
                .extension()
                .is_some_and(|ext| WATCHED.iter().any(|watched| ext == *watched)))
}

/// A client mistake that loses nothing but should not pass unseen: to
/// stderr, and to the client's log.
async fn warn(server: &Server, message: String) {
    eprintln!("wit-analyzer: {message}");
    server
        .client
        .log_message(MessageType::WARNING, format!("wit-analyzer: {message}"))
        .await;
}
