//! `textDocument/completion`.

use analysis::ide::{CompletionItem as Item, CompletionKind};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert::LineMap, server::Server};

pub async fn completion(server: &Server, params: TextDocumentPositionParams) -> jsonrpc::Result<Option<CompletionResponse>> {
    server
        .at_position("textDocument/completion", params, |state, path, offset| {
            let map = state.line_map(path)?;
            let items = state.ide().completion(path, offset);
            Some(CompletionResponse::Array(items.into_iter().map(|item| to_proto(&map, item)).collect()))
        })
        .await
}

fn to_proto(map: &LineMap, item: Item) -> CompletionItem {
    let kind = match item.kind {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::BuiltinType => CompletionItemKind::TYPE_PARAMETER,
        CompletionKind::Type => CompletionItemKind::STRUCT,
        CompletionKind::Function => CompletionItemKind::FUNCTION,
        CompletionKind::Interface => CompletionItemKind::INTERFACE,
        CompletionKind::World => CompletionItemKind::MODULE,
        CompletionKind::Package => CompletionItemKind::MODULE,
        CompletionKind::Attribute => CompletionItemKind::PROPERTY,
    };
    let edits: Vec<TextEdit> =
        item.additional_edits.into_iter().map(|e| TextEdit { range: map.range(e.range), new_text: e.new_text }).collect();
    CompletionItem {
        insert_text_format: item.insert_snippet.as_ref().map(|_| InsertTextFormat::SNIPPET),
        insert_text: item.insert_snippet,
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        additional_text_edits: (!edits.is_empty()).then_some(edits),
        ..Default::default()
    }
}
