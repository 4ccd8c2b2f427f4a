//! What the server offers at `initialize`, and what it takes from the
//! client's offer: the position encoding and the editor's own options.

use std::collections::BTreeSet;

use analysis::line_index::ColumnUnit;
use tower_lsp_server::ls_types::*;

use super::{options::InitOptions, semantic_tokens::legend};

/// UTF-8 when the client offers it (no transcoding on either side),
/// otherwise UTF-16, which every client must support.
pub fn negotiate_encoding(params: &InitializeParams) -> ColumnUnit {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(encodings) if encodings.contains(&PositionEncodingKind::UTF8) => ColumnUnit::Utf8,
        _ => ColumnUnit::Utf16,
    }
}

pub fn encoding_kind(unit: ColumnUnit) -> PositionEncodingKind {
    match unit {
        ColumnUnit::Utf8 => PositionEncodingKind::UTF8,
        _ => PositionEncodingKind::UTF16,
    }
}

/// What is announced at `initialize`: every capability that is on, but for
/// the `live` switches, which `switches` registers at run time instead.
pub fn server_capabilities(
    unit: ColumnUnit,
    options: &InitOptions,
    live: &BTreeSet<&str>,
) -> ServerCapabilities {
    let on = |feature: &str| options.enabled(feature) && !live.contains(feature);
    ServerCapabilities {
        position_encoding: Some(encoding_kind(unit)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(false)),
                ..Default::default()
            },
        )),
        definition_provider: on("definition").then_some(OneOf::Left(true)),
        declaration_provider: on("definition").then_some(DeclarationCapability::Simple(true)),
        type_definition_provider: on("definition")
            .then_some(TypeDefinitionProviderCapability::Simple(true)),
        references_provider: on("references").then_some(OneOf::Left(true)),
        document_highlight_provider: on("references").then_some(OneOf::Left(true)),
        hover_provider: on("hover").then_some(HoverProviderCapability::Simple(true)),
        completion_provider: on("completion").then(|| CompletionOptions {
            trigger_characters: Some(vec![
                ":".into(),
                "/".into(),
                ".".into(),
                "@".into(),
                "<".into(),
                "{".into(),
            ]),
            ..Default::default()
        }),
        rename_provider: on("rename").then_some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: on("documentSymbols").then_some(OneOf::Left(true)),
        workspace_symbol_provider: on("documentSymbols").then_some(OneOf::Left(true)),
        folding_range_provider: on("folding")
            .then_some(FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        // What it shows is up to the `inlayHints` setting.
        inlay_hint_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: on("semanticTokens").then(|| {
            SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                legend: legend(),
                full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
                range: None,
                work_done_progress_options: Default::default(),
            })
        }),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: [
                super::commands::CHECK_WORKSPACE,
                super::build_run::BUILD,
                super::build_run::RUN,
                super::build_run::SERVE,
                super::build_run::STOP_SERVING,
                super::build_run::END_SESSION,
                super::build_run::NEW_GUEST,
                super::baseline::BREAKING_CHANGES,
                super::baseline::CLEAR_BREAKING_CHANGES,
            ]
            .map(String::from)
            .to_vec(),
            work_done_progress_options: Default::default(),
        }),
        code_action_provider: on("codeActions")
            .then_some(CodeActionProviderCapability::Simple(true)),
        code_lens_provider: on("codeLens").then_some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        document_formatting_provider: on("formatting").then_some(OneOf::Left(true)),
        document_range_formatting_provider: on("formatting").then_some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..Default::default()
    }
}

/// Whether the client lets us register the file watcher at run time; the
/// protocol has no static way to ask for `didChangeWatchedFiles`.
pub fn can_register_watcher(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false)
}

/// Whether the client answers `workspace/configuration`, so that settings
/// can be pulled when a `didChangeConfiguration` carries none.
pub fn can_pull_configuration(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.configuration)
        .unwrap_or(false)
}

pub fn can_refresh_lenses(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.code_lens.as_ref())
        .and_then(|lens| lens.refresh_support)
        .unwrap_or(false)
}

pub fn supports_snippets(params: &InitializeParams) -> bool {
    let completion = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref());
    completion
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.snippet_support)
        .unwrap_or(false)
}

pub fn watcher_registration() -> Registration {
    let watchers = [
        "**/*.wit",
        "**/deps.toml",
        "**/wkg.toml",
        "**/wit-analyzer.toml",
    ]
    .map(|glob| FileSystemWatcher {
        glob_pattern: GlobPattern::String(glob.to_string()),
        kind: None,
    });
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: watchers.to_vec(),
    };
    Registration {
        id: "wit-analyzer/watch".to_string(),
        method: "workspace/didChangeWatchedFiles".to_string(),
        register_options: serde_json::to_value(options).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params_offering(encodings: Option<Vec<PositionEncodingKind>>) -> InitializeParams {
        InitializeParams {
            capabilities: ClientCapabilities {
                general: Some(GeneralClientCapabilities {
                    position_encodings: encodings,
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn utf8_only_when_offered() {
        let both = Some(vec![
            PositionEncodingKind::UTF16,
            PositionEncodingKind::UTF8,
        ]);
        assert_eq!(negotiate_encoding(&params_offering(both)), ColumnUnit::Utf8);
        let utf16 = Some(vec![PositionEncodingKind::UTF16]);
        assert_eq!(
            negotiate_encoding(&params_offering(utf16)),
            ColumnUnit::Utf16
        );
        assert_eq!(
            negotiate_encoding(&params_offering(None)),
            ColumnUnit::Utf16
        );
    }

    #[test]
    fn a_disabled_capability_is_not_announced() {
        let params = InitializeParams {
            initialization_options: Some(serde_json::json!({"disable": ["hover"]})),
            ..Default::default()
        };
        let options = InitOptions::from_params(&params).unwrap();
        let capabilities = server_capabilities(ColumnUnit::Utf16, &options, &BTreeSet::new());
        assert!(capabilities.hover_provider.is_none());
        assert!(capabilities.completion_provider.is_some());
        // A switch the client takes live is registered later, not announced.
        let live = BTreeSet::from(["completion"]);
        let capabilities = server_capabilities(ColumnUnit::Utf16, &options, &live);
        assert!(capabilities.completion_provider.is_none());
        assert!(capabilities.definition_provider.is_some());
    }

    #[test]
    fn bad_options_name_initialization_options() {
        let params = InitializeParams {
            initialization_options: Some(serde_json::json!({"trusted": "yes"})),
            ..Default::default()
        };
        let err = InitOptions::from_params(&params).unwrap_err();
        assert!(err.contains("initializationOptions"), "{err}");
    }
}
