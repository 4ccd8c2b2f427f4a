//! The `LanguageServer` implementation: routing only. Each method either
//! updates the state (the `sync` module) or runs a feature through
//! [`Server::request`] (one module per feature).

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex, MutexGuard, atomic::AtomicBool},
};

use tower_lsp_server::{
    Client, LanguageServer, jsonrpc,
    ls_types::{request::*, *},
};

use super::{
    baseline, bindings_preview, build_run, code_action, code_lens, commands, completion,
    component_view, convert,
    documents::DocumentStore,
    formatting, guard, hover, inlay_hints, navigation, rename,
    semantic_tokens::{self, TokenCache},
    state::State,
    symbols, sync, wac,
};

#[derive(Clone)]
pub struct Server {
    pub client: Client,
    /// Locked briefly, by every edit and every version check.
    pub documents: Arc<Mutex<DocumentStore>>,
    /// Locked for as long as a feature runs, and by a check only to take
    /// its work and to hand in its results.
    pub state: Arc<Mutex<State>>,
    /// Held by the check for its whole run, and by anyone who needs the
    /// workspace itself up to date, who thus waits for the check to end.
    /// Taken before `state`, never after.
    pub check_gate: Arc<Mutex<()>>,
    pub semantic_tokens: Arc<Mutex<TokenCache>>,
    /// A check is running (see the `diagnostics` module).
    pub checking: Arc<AtomicBool>,
    /// An edit came in since the running check took its edits.
    pub recheck: Arc<AtomicBool>,
    pub executor: Arc<build_run::Executor>,
    pub breaking: Arc<baseline::Breaking>,
    /// The components shown as WIT (`wit-analyzer-component:` documents).
    pub views: Arc<Mutex<component_view::Views>>,
    /// The last bindings each preview generated (`bindings_preview`).
    pub bindings: Arc<Mutex<bindings_preview::Previews>>,
    /// The open `.wac` documents, apart from the WIT ones (`wac`).
    pub wac: Arc<Mutex<wac::WacDocuments>>,
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            documents: Arc::default(),
            state: Arc::default(),
            check_gate: Arc::default(),
            semantic_tokens: Arc::default(),
            checking: Arc::default(),
            recheck: Arc::default(),
            executor: Arc::default(),
            breaking: Arc::default(),
            views: Arc::default(),
            bindings: Arc::default(),
            wac: Arc::default(),
        }
    }

    /// Runs a feature on a blocking thread with the state locked. The answer
    /// is dropped with `ContentModified` if the document changed meanwhile,
    /// since its positions would point into text the client no longer has.
    pub async fn request<R: Send + 'static>(
        &self,
        method: &'static str,
        uri: &Uri,
        feature: impl FnOnce(&State, &Path) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        if component_view::is_view(uri) {
            return component_view::request(self, method, uri, feature).await;
        }
        let path = file_path(uri)?;
        let version = guard::lock(&self.documents).version(&path);
        let task_path = path.clone();
        // Which answers read only the file's package and what it reaches.
        const READS_DOWN: &[&str] = &[
            "textDocument/hover",
            "textDocument/definition",
            "textDocument/typeDefinition",
            "textDocument/completion",
            "textDocument/documentSymbol",
            "textDocument/foldingRange",
            "textDocument/selectionRange",
            "textDocument/semanticTokens",
            "textDocument/inlayHint",
        ];
        let about = READS_DOWN.contains(&method).then(|| path.clone());
        let result = self
            .blocking(method, move |server| {
                feature(&server.feature_state(about.as_deref()), &task_path)
            })
            .await?;
        if guard::lock(&self.documents).version(&path) != version {
            return Err(jsonrpc::Error::content_modified());
        }
        Ok(result)
    }

    /// Like [`Server::request`] for requests about the whole workspace.
    pub async fn workspace_request<R: Send + 'static>(
        &self,
        method: &'static str,
        feature: impl FnOnce(&State) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        self.blocking(method, |server| feature(&server.feature_state(None)))
            .await
    }

    /// Runs `work` on a blocking thread, a panic becoming an error response
    /// that names `method`.
    pub async fn blocking<R: Send + 'static>(
        &self,
        method: &'static str,
        work: impl FnOnce(&Server) -> R + Send + 'static,
    ) -> jsonrpc::Result<R> {
        let server = self.clone();
        tokio::task::spawn_blocking(move || guard::catch(method, || work(&server)))
            .await
            .map_err(|err| internal_error(format!("{method}: {err}")))?
    }

    /// Runs a feature at a position, given as a byte offset into the text
    /// the features see.
    pub async fn at_position<R: Send + 'static>(
        &self,
        method: &'static str,
        params: TextDocumentPositionParams,
        feature: impl FnOnce(&State, &Path, usize) -> Option<R> + Send + 'static,
    ) -> jsonrpc::Result<Option<R>> {
        let position = params.position;
        self.request(method, &params.text_document.uri, move |state, path| {
            let offset = state.line_map(path)?.offset(position);
            feature(state, path, offset)
        })
        .await
    }

    /// The analysis state, locked, with every edit made so far applied.
    /// Blocks while another check or feature runs; call it off the async
    /// workers (inside `spawn_blocking`).
    pub fn synced_state(&self) -> MutexGuard<'_, State> {
        let _no_check = guard::lock(&self.check_gate);
        self.lock_and_sync()
    }

    /// [`Server::synced_state`] for the check itself, which holds the gate.
    pub fn lock_and_sync(&self) -> MutexGuard<'_, State> {
        let mut state = guard::lock(&self.state);
        let edits = guard::lock(&self.documents).take_edits();
        state.apply_edits(edits);
        state
    }

    /// The state for an IDE feature, its view up to date with every edit.
    /// While a check runs, buffer edits reach the IDE view alone and the
    /// feature does not wait; a change that needs the workspace does.
    /// With `about`, only the edits an answer about that file may read are
    /// parsed (see [`State::refresh_ide_for`]).
    pub fn feature_state(&self, about: Option<&Path>) -> MutexGuard<'_, State> {
        let mut state = guard::lock(&self.state);
        if state.workspace_is_free() {
            let edits = guard::lock(&self.documents).take_edits();
            state.apply_edits(edits);
            state.refresh_ide_for(about);
            return state;
        }
        let edits = guard::lock(&self.documents).take_ide_edits();
        if state.refresh_ide_alone(edits, about) {
            return state;
        }
        drop(state);
        let mut state = self.synced_state();
        state.refresh_ide();
        state
    }
}

pub fn file_path(uri: &Uri) -> jsonrpc::Result<PathBuf> {
    convert::path_of(uri).ok_or_else(|| {
        jsonrpc::Error::invalid_params(format!(
            "{} is not a file URI; wit-analyzer works on files",
            uri.as_str()
        ))
    })
}

pub fn internal_error(message: String) -> jsonrpc::Error {
    eprintln!("wit-analyzer: {message}");
    let mut error = jsonrpc::Error::internal_error();
    error.message = message.into();
    error
}

/// Whether the client asked for `shutdown`: the exit status says so. One
/// per process, as the stdio server is.
pub static SHUTDOWN_REQUESTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        sync::initialize(self, params)
    }

    async fn initialized(&self, _: InitializedParams) {
        sync::initialized(self).await;
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        SHUTDOWN_REQUESTED.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(self, params).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(self, params).await;
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(self, params);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        sync::did_change_workspace_folders(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        sync::did_change_watched_files(self, params);
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
        let position = params.text_document_position_params;
        if wac::wac_path(&position.text_document.uri).is_some() {
            return wac::definition(self, position).await;
        }
        navigation::definition(self, position).await
    }

    async fn goto_declaration(
        &self,
        params: GotoDeclarationParams,
    ) -> jsonrpc::Result<Option<GotoDeclarationResponse>> {
        navigation::definition(self, params.text_document_position_params).await
    }

    async fn goto_type_definition(
        &self,
        params: GotoTypeDefinitionParams,
    ) -> jsonrpc::Result<Option<GotoTypeDefinitionResponse>> {
        navigation::type_definition(self, params.text_document_position_params).await
    }

    async fn references(&self, params: ReferenceParams) -> jsonrpc::Result<Option<Vec<Location>>> {
        navigation::references(self, params).await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> jsonrpc::Result<Option<Vec<DocumentHighlight>>> {
        navigation::highlight(self, params.text_document_position_params).await
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        hover::hover(self, params.text_document_position_params).await
    }

    async fn completion(
        &self,
        params: CompletionParams,
    ) -> jsonrpc::Result<Option<CompletionResponse>> {
        completion::completion(self, params.text_document_position).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
        rename::prepare(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> jsonrpc::Result<Option<WorkspaceEdit>> {
        rename::rename(self, params).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
        symbols::document(self, params.text_document.uri).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> jsonrpc::Result<Option<WorkspaceSymbolResponse>> {
        symbols::workspace(self, params.query).await
    }

    async fn folding_range(
        &self,
        params: FoldingRangeParams,
    ) -> jsonrpc::Result<Option<Vec<FoldingRange>>> {
        symbols::folding(self, params.text_document.uri).await
    }

    async fn formatting(
        &self,
        params: DocumentFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
        formatting::document(self, params).await
    }

    async fn range_formatting(
        &self,
        params: DocumentRangeFormattingParams,
    ) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
        formatting::range(self, params).await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> jsonrpc::Result<Option<Vec<SelectionRange>>> {
        symbols::selection(self, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> jsonrpc::Result<Option<SemanticTokensResult>> {
        semantic_tokens::full(self, params.text_document.uri).await
    }

    async fn semantic_tokens_full_delta(
        &self,
        params: SemanticTokensDeltaParams,
    ) -> jsonrpc::Result<Option<SemanticTokensFullDeltaResult>> {
        semantic_tokens::delta(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> jsonrpc::Result<Option<Vec<InlayHint>>> {
        inlay_hints::inlay_hints(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> jsonrpc::Result<Option<Vec<CodeLens>>> {
        code_lens::code_lens(self, params.text_document.uri).await
    }

    async fn code_action(
        &self,
        params: CodeActionParams,
    ) -> jsonrpc::Result<Option<CodeActionResponse>> {
        code_action::code_action(self, params).await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> jsonrpc::Result<Option<LSPAny>> {
        commands::execute(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        commands::configuration_changed(self, params).await;
    }
}
