//! `textDocument/codeAction`: the analysis layer's quick fixes as
//! workspace edits.

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::server::Server;

pub async fn code_action(
    server: &Server,
    params: CodeActionParams,
) -> jsonrpc::Result<Option<CodeActionResponse>> {
    // A component's WIT is read-only: nothing to fix there.
    if super::component_view::is_view(&params.text_document.uri) {
        return Ok(None);
    }
    let range = params.range;
    // The diagnostics the client shows there, as we published them: a fix
    // that needs what the check found (a missing version) reads it there.
    let shown: Vec<(Range, String, String)> = (params.context.diagnostics.iter())
        .filter_map(|d| match &d.code {
            Some(NumberOrString::String(code)) => Some((d.range, code.clone(), d.message.clone())),
            _ => None,
        })
        .collect();
    let breaking = server.breaking.clone();
    server
        .request(
            "textDocument/codeAction",
            &params.text_document.uri,
            move |state, path| {
                let map = state.line_map(path)?;
                let offsets = map.offsets(range);
                let mut response = Vec::new();
                let fixes = shown.iter().filter_map(|(range, code, message)| {
                    state
                        .ide()
                        .missing_version_fix(path, map.offsets(*range), code, message)
                });
                let actions: Vec<_> = fixes
                    .chain(state.ide().code_actions(path, offsets.clone()))
                    .collect();
                for action in actions {
                    let edit = state.workspace_edit(action.edits)?;
                    response.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: action.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        is_preferred: action.preferred.then_some(true),
                        edit: Some(edit),
                        ..Default::default()
                    }));
                }
                let fixes = super::baseline::quick_fixes(&breaking, path, &map, offsets, &response);
                response.extend(fixes);
                let new_guests = super::build_run::new_guest_actions(state, path, &map, range);
                response.extend(new_guests.into_iter().map(CodeActionOrCommand::CodeAction));
                Some(response)
            },
        )
        .await
}
