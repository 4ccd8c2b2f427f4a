//! The `LanguageServer` implementation: routing only. Each method either
//! updates the state (the `sync` module) or runs a feature through
//! [`Server::request`] (one module per feature).

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, MutexGuard, atomic::AtomicU64},
    time::Duration,
};

use tower_lsp_server::{
    Client, LanguageServer, jsonrpc,
    ls_types::*,
};

use super::{convert, documents::DocumentStore, guard, state::State, sync};

/// How long typing must pause before a re-check. Long enough to coalesce a
/// burst of keystrokes, short enough to feel immediate.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

#[derive(Clone)]
pub struct Server {
    pub client: Client,
    /// Locked briefly, by every edit and every version check.
    pub documents: Arc<Mutex<DocumentStore>>,
    /// Locked for as long as a check or a feature runs.
    pub state: Arc<Mutex<State>>,
    /// Bumped by every edit; a debounced check only runs if no edit came
    /// after the one that scheduled it.
    pub generation: Arc<AtomicU64>,
    /// Held from a publish's version check until its send, so an older
    /// analysis can never overtake a newer one on the wire.
    pub publishing: Arc<tokio::sync::Mutex<()>>,
    pub debounce: Duration,
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            documents: Arc::default(),
            state: Arc::default(),
            generation: Arc::default(),
            publishing: Arc::default(),
            debounce: DEBOUNCE,
        }
    }

    /// Runs a feature on a blocking thread with the state locked. The answer
    /// is dropped with `ContentModified` if the document changed meanwhile,
    /// since its positions would point into text the client no longer has.
    pub async fn request<R: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        feature: impl FnOnce(&mut State, &Path) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        let path = file_path(uri)?;
        let version = guard::lock(&self.documents).version(&path);
        let server = self.clone();
        let task_path = path.clone();
        let result = tokio::task::spawn_blocking(move || {
            guard::catch(method, || feature(&mut server.synced_state(), &task_path))
        })
        .await
        .map_err(|err| internal_error(format!("{method}: {err}")))??;
        if guard::lock(&self.documents).version(&path) != version {
            return Err(jsonrpc::Error::content_modified());
        }
        Ok(result)
    }

    /// Like [`Server::request`] for requests about the whole workspace.
    pub async fn workspace_request<R: Send + 'static>(
        &self,
        method: &'static str,
        feature: impl FnOnce(&mut State) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        let server = self.clone();
        tokio::task::spawn_blocking(move || guard::catch(method, || feature(&mut server.synced_state())))
            .await
            .map_err(|err| internal_error(format!("{method}: {err}")))?
    }

    /// The analysis state, locked, with every edit made so far applied.
    /// Blocks while another check or feature runs; call it off the async
    /// workers (inside `spawn_blocking`).
    pub fn synced_state(&self) -> MutexGuard<'_, State> {
        let mut state = guard::lock(&self.state);
        let edits = guard::lock(&self.documents).take_edits();
        state.apply_edits(edits);
        state
    }
}

pub fn file_path(uri: &Uri) -> jsonrpc::Result<PathBuf> {
    convert::path_of(uri).ok_or_else(|| {
        jsonrpc::Error::invalid_params(format!("{} is not a file URI; wit-analyzer works on files", uri.as_str()))
    })
}

pub fn internal_error(message: String) -> jsonrpc::Error {
    eprintln!("wit-analyzer: {message}");
    let mut error = jsonrpc::Error::internal_error();
    error.message = message.into();
    error
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        sync::initialize(self, params)
    }

    async fn initialized(&self, _: InitializedParams) {
        sync::initialized(self).await;
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(self, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(self, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(self, params);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        sync::did_change_watched_files(self, params);
    }
}
