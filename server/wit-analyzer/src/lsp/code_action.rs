//! `textDocument/codeAction`: the analysis layer's quick fixes as
//! workspace edits.

use std::collections::HashMap;

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert, server::Server};

pub async fn code_action(
    server: &Server,
    params: CodeActionParams,
) -> jsonrpc::Result<Option<CodeActionResponse>> {
    let range = params.range;
    server
        .request(
            "textDocument/codeAction",
            &params.text_document.uri,
            move |state, path| {
                let offsets = state.line_map(path)?.offsets(range);
                let mut response = Vec::new();
                for action in state.ide().code_actions(path, offsets) {
                    let mut changes = HashMap::new();
                    for (file, edits) in action.edits {
                        let map = state.line_map(&file)?;
                        let edits = edits
                            .into_iter()
                            .map(|e| TextEdit {
                                range: map.range(e.range),
                                new_text: e.new_text,
                            })
                            .collect();
                        changes.insert(convert::uri_of(&file), edits);
                    }
                    response.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: action.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        is_preferred: action.preferred.then_some(true),
                        edit: Some(WorkspaceEdit {
                            changes: Some(changes),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }));
                }
                Some(response)
            },
        )
        .await
}
