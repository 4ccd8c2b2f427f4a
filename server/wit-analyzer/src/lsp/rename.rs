//! `textDocument/prepareRename` and `textDocument/rename`.

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::server::Server;

pub async fn prepare(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<PrepareRenameResponse>> {
    let answer = server
        .at_position(
            "textDocument/prepareRename",
            params,
            |state, path, offset| {
                Some(
                    state
                        .ide()
                        .prepare_rename(path, offset)
                        .map(|range| state.line_map(path).map(|m| m.range(range))),
                )
            },
        )
        .await?;
    match answer {
        Some(Ok(Some(range))) => Ok(Some(PrepareRenameResponse::Range(range))),
        Some(Err(err)) => Err(jsonrpc::Error::invalid_params(err.to_string())),
        _ => Ok(None),
    }
}

pub async fn rename(
    server: &Server,
    params: RenameParams,
) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let new_name = params.new_name;
    let answer = server
        .at_position(
            "textDocument/rename",
            params.text_document_position,
            move |state, path, offset| {
                let edits = match state.ide().rename(path, offset, &new_name) {
                    Ok(edits) => edits,
                    Err(err) => return Some(Err(err.to_string())),
                };
                state.workspace_edit(edits).map(Ok)
            },
        )
        .await?;
    match answer {
        Some(Ok(edit)) => Ok(Some(edit)),
        Some(Err(message)) => Err(jsonrpc::Error::invalid_params(message)),
        None => Ok(None),
    }
}
