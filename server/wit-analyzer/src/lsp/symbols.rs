//! `textDocument/documentSymbol`, `workspace/symbol` and
//! `textDocument/foldingRange`.

use analysis::ide::{Symbol, SymbolKind as Kind};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert::LineMap, server::Server};

fn kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Package => SymbolKind::PACKAGE,
        Kind::Interface => SymbolKind::INTERFACE,
        Kind::World => SymbolKind::MODULE,
        Kind::Type => SymbolKind::STRUCT,
        Kind::Resource => SymbolKind::CLASS,
        Kind::Function => SymbolKind::FUNCTION,
        Kind::Field => SymbolKind::FIELD,
        Kind::Case => SymbolKind::ENUM_MEMBER,
        Kind::Import => SymbolKind::NAMESPACE,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
fn document_symbol(map: &LineMap, symbol: Symbol) -> DocumentSymbol {
    DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: kind(symbol.kind),
        tags: None,
        deprecated: None,
        range: map.range(symbol.item_range),
        selection_range: map.range(symbol.name_range),
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|child| document_symbol(map, child))
                .collect(),
        ),
    }
}

pub async fn document(
    server: &Server,
    uri: Uri,
) -> jsonrpc::Result<Option<DocumentSymbolResponse>> {
    server
        .request("textDocument/documentSymbol", &uri, |state, path| {
            let map = state.line_map(path)?;
            let symbols = state.ide().document_symbols(path);
            Some(DocumentSymbolResponse::Nested(
                symbols
                    .into_iter()
                    .map(|s| document_symbol(&map, s))
                    .collect(),
            ))
        })
        .await
}

pub async fn workspace(
    server: &Server,
    query: String,
) -> jsonrpc::Result<Option<WorkspaceSymbolResponse>> {
    server
        .workspace_request("workspace/symbol", move |state| {
            let found = state.ide().workspace_symbols(&query);
            #[allow(deprecated)] // `deprecated` is a required field of the struct.
            let symbols = found
                .into_iter()
                .filter_map(|(name, symbol_kind, target)| {
                    Some(SymbolInformation {
                        name,
                        kind: kind(symbol_kind),
                        tags: None,
                        deprecated: None,
                        location: state.location(&target.path, target.name_range)?,
                        container_name: None,
                    })
                })
                .collect();
            Some(WorkspaceSymbolResponse::Flat(symbols))
        })
        .await
}

pub async fn folding(server: &Server, uri: Uri) -> jsonrpc::Result<Option<Vec<FoldingRange>>> {
    server
        .request("textDocument/foldingRange", &uri, |state, path| {
            let map = state.line_map(path)?;
            let folds = state.ide().folding_ranges(path);
            Some(
                folds
                    .into_iter()
                    .map(|fold| {
                        let range = map.range(fold.range);
                        FoldingRange {
                            start_line: range.start.line,
                            end_line: range.end.line,
                            kind: Some(if fold.is_comment {
                                FoldingRangeKind::Comment
                            } else {
                                FoldingRangeKind::Region
                            }),
                            ..Default::default()
                        }
                    })
                    .collect(),
            )
        })
        .await
}

pub async fn selection(
    server: &Server,
    params: SelectionRangeParams,
) -> jsonrpc::Result<Option<Vec<SelectionRange>>> {
    let positions = params.positions;
    server
        .request(
            "textDocument/selectionRange",
            &params.text_document.uri,
            move |state, path| {
                let map = state.line_map(path)?;
                let offsets: Vec<usize> = positions.iter().map(|p| map.offset(*p)).collect();
                let chains = state.ide().selection_ranges(path, &offsets);
                Some(
                    chains
                        .into_iter()
                        .map(|chain| {
                            // The protocol nests outwards: each range points to its parent.
                            let mut selection: Option<SelectionRange> = None;
                            for range in chain.into_iter().rev() {
                                selection = Some(SelectionRange {
                                    range: map.range(range),
                                    parent: selection.map(Box::new),
                                });
                            }
                            selection.unwrap_or(SelectionRange {
                                range: Range::default(),
                                parent: None,
                            })
                        })
                        .collect(),
                )
            },
        )
        .await
}
