//! `textDocument/completion`.

use analysis::ide::{CompletionItem as Item, CompletionKind};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{
    convert::{self, LineMap},
    server::Server,
};

pub async fn completion(
    server: &Server,
    params: TextDocumentPositionParams,
) -> jsonrpc::Result<Option<CompletionResponse>> {
    server
        .at_position("textDocument/completion", params, |state, path, offset| {
            let map = state.line_map(path)?;
            let items = state.ide().completion(path, offset);
            let snippets = state.snippets;
            Some(CompletionResponse::Array(
                items
                    .into_iter()
                    .map(|item| to_proto(&map, item, snippets))
                    .collect(),
            ))
        })
        .await
}

/// `${1:default}` becomes `default` and `$1` disappears, for clients that
/// insert text as it is.
fn plain(snippet: &str) -> String {
    let mut out = String::new();
    let mut rest = snippet;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            out.push_str(
                inner[..end]
                    .split_once(':')
                    .map_or("", |(_, default)| default),
            );
            rest = inner.get(end + 1..).unwrap_or("");
        } else {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out + rest
}

fn to_proto(map: &LineMap, item: Item, snippets: bool) -> CompletionItem {
    let (insert_text, format) = match item.insert_snippet {
        Some(snippet) if snippets => (Some(snippet), Some(InsertTextFormat::SNIPPET)),
        Some(snippet) => (Some(plain(&snippet)), None),
        None => (None, None),
    };
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
    let edits: Vec<TextEdit> = item
        .additional_edits
        .into_iter()
        .map(|edit| convert::text_edit(map, edit))
        .collect();
    // An edit of the typed text, not an insert at a word boundary that
    // each client draws differently (`:` ends a word in VS Code).
    let (insert_text, text_edit) = match item.replace {
        Some(range) => {
            let new_text = insert_text.unwrap_or_else(|| item.label.clone());
            (
                None,
                Some(CompletionTextEdit::Edit(TextEdit {
                    range: map.range(range),
                    new_text,
                })),
            )
        }
        None => (insert_text, None),
    };
    CompletionItem {
        insert_text_format: format,
        insert_text,
        text_edit,
        label: item.label,
        kind: Some(kind),
        detail: item.detail,
        additional_text_edits: (!edits.is_empty()).then_some(edits),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(super::plain("list<$1>"), "list<>");
        assert_eq!(
            super::plain("since(version = ${1:0.1.0})"),
            "since(version = 0.1.0)"
        );
    }
}
