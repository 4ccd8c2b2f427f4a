//! `textDocument/inlayHint`: the analysis layer's hints, as the
//! `inlayHints` setting asks for them, and a refresh when that setting (or
//! `referenceLenses`) changes, so that the editor shows the new choice
//! without an edit.

use analysis::ide::{InlayHintConfig, InlayHintKind as HintKind};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{guard, options::InitOptions, server::Server};

pub async fn inlay_hints(
    server: &Server,
    params: InlayHintParams,
) -> jsonrpc::Result<Option<Vec<InlayHint>>> {
    let range = params.range;
    server
        .request(
            "textDocument/inlayHint",
            &params.text_document.uri,
            move |state, path| {
                let map = state.line_map(path)?;
                let options = state.options.inlay_hints;
                let config = InlayHintConfig {
                    aliases: options.aliases,
                    abi: options.abi,
                };
                let hints = state.ide().inlay_hints(path, map.offsets(range), config);
                Some(
                    hints
                        .into_iter()
                        .map(|hint| {
                            let note = hint.kind == HintKind::Note;
                            InlayHint {
                                position: map.position(hint.offset),
                                label: InlayHintLabel::String(hint.label),
                                kind: (!note).then_some(InlayHintKind::TYPE),
                                text_edits: None,
                                tooltip: hint.tooltip.map(InlayHintTooltip::String),
                                // A note stands apart from the `;` or `}` it follows.
                                padding_left: Some(note),
                                padding_right: None,
                                data: None,
                            }
                        })
                        .collect(),
                )
            },
        )
        .await
}

/// Whether the client takes `workspace/inlayHint/refresh`.
pub fn can_refresh(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.inlay_hint.as_ref())
        .and_then(|hints| hints.refresh_support)
        .unwrap_or(false)
}

/// After a settings change: asks again for what the changed settings shape.
pub async fn settings_changed(server: &Server, before: &InitOptions) {
    let (hints, lenses) = {
        let state = guard::lock(&server.state);
        let hints = state.refresh_inlay_hints && state.options.inlay_hints != before.inlay_hints;
        let lenses =
            state.refresh_lenses && state.options.reference_lenses != before.reference_lenses;
        (hints, lenses)
    };
    if hints {
        let _ = server.client.inlay_hint_refresh().await;
    }
    if lenses {
        let _ = server.client.code_lens_refresh().await;
    }
}
