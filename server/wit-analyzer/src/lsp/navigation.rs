//! `textDocument/definition`, `declaration`, `typeDefinition`,
//! `references` and `documentHighlight`.

use analysis::ide::NavTarget;
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{server::Server, state::State};

fn link(state: &State, target: NavTarget) -> Option<GotoDefinitionResponse> {
    let location = state.location(&target.path, target.name_range)?;
    Some(GotoDefinitionResponse::Scalar(location))
}

pub async fn definition(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
    server
        .at_position("textDocument/definition", params, |state, path, offset| {
            link(state, state.ide().goto_definition(path, offset)?)
        })
        .await
}

pub async fn type_definition(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<GotoDefinitionResponse>> {
    server
        .at_position(
            "textDocument/typeDefinition",
            params,
            |state, path, offset| link(state, state.ide().goto_type_definition(path, offset)?),
        )
        .await
}

pub async fn references(
    server: &Server,
    params: ReferenceParams,
) -> jsonrpc::Result<Option<Vec<Location>>> {
    let include_declaration = params.context.include_declaration;
    server
        .at_position(
            "textDocument/references",
            params.text_document_position,
            move |state, path, offset| {
                let found = state.ide().references(path, offset, include_declaration);
                Some(
                    found
                        .into_iter()
                        .filter_map(|r| state.location(&r.path, r.range))
                        .collect(),
                )
            },
        )
        .await
}

pub async fn highlight(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<Vec<DocumentHighlight>>> {
    server
        .at_position(
            "textDocument/documentHighlight",
            params,
            |state, path, offset| {
                let map = state.line_map(path)?;
                let found = state.ide().highlight(path, offset);
                let kind = |is_def| {
                    if is_def {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }
                };
                Some(
                    found
                        .into_iter()
                        .map(|(range, is_def)| DocumentHighlight {
                            range: map.range(range),
                            kind: Some(kind(is_def)),
                        })
                        .collect(),
                )
            },
        )
        .await
}
