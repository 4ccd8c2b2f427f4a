//! `textDocument/hover`.

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::server::Server;

pub async fn hover(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<Hover>> {
    server
        .at_position("textDocument/hover", params, |state, path, offset| {
            let found = state.ide().hover(path, offset)?;
            let range = state.line_map(path)?.range(found.range);
            let contents = MarkupContent {
                kind: MarkupKind::Markdown,
                value: found.markdown,
            };
            Some(Hover {
                contents: HoverContents::Markup(contents),
                range: Some(range),
            })
        })
        .await
}
