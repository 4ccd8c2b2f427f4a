//! `textDocument/semanticTokens/full` and `full/delta`.
//!
//! Each answer is remembered per file under a result id; a delta request
//! gets the one edit that turns the remembered data into the new data.

use std::{
    collections::HashMap,
    path::PathBuf,
    sync::atomic::{AtomicU64, Ordering},
};

use analysis::ide::{SemanticToken as Token, TokenKind, token_modifiers};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert::LineMap, guard, server::Server};

#[derive(Default)]
pub struct TokenCache {
    last: HashMap<PathBuf, (String, Vec<SemanticToken>)>,
    next_id: AtomicU64,
}

pub fn legend() -> SemanticTokensLegend {
    let name = |kind: TokenKind| match kind {
        TokenKind::Namespace => SemanticTokenType::NAMESPACE,
        TokenKind::Interface => SemanticTokenType::INTERFACE,
        TokenKind::Type => SemanticTokenType::TYPE,
        TokenKind::Struct => SemanticTokenType::STRUCT,
        TokenKind::Enum => SemanticTokenType::ENUM,
        TokenKind::EnumMember => SemanticTokenType::ENUM_MEMBER,
        TokenKind::Function => SemanticTokenType::FUNCTION,
        TokenKind::Parameter => SemanticTokenType::PARAMETER,
        TokenKind::Property => SemanticTokenType::PROPERTY,
        TokenKind::Keyword => SemanticTokenType::KEYWORD,
        TokenKind::Comment => SemanticTokenType::COMMENT,
        TokenKind::Number => SemanticTokenType::NUMBER,
        TokenKind::Decorator => SemanticTokenType::DECORATOR,
        TokenKind::String => SemanticTokenType::STRING,
    };
    SemanticTokensLegend {
        token_types: TokenKind::ALL.into_iter().map(name).collect(),
        token_modifiers: token_modifiers::NAMES
            .into_iter()
            .map(SemanticTokenModifier::new)
            .collect(),
    }
}

/// Relative encoding, one token per line: a block comment spanning lines
/// becomes one token per line, since clients need not support multi-line
/// tokens.
fn encode(map: &LineMap, tokens: Vec<Token>) -> Vec<SemanticToken> {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_start) = (0, 0);
    for token in tokens {
        let kind = TokenKind::ALL
            .iter()
            .position(|k| *k == token.kind)
            .unwrap_or(0) as u32;
        let mut start = token.range.start;
        for piece in map.text[token.range.clone()].split_inclusive('\n') {
            let content = piece.trim_end_matches(['\n', '\r']);
            let (from, to) = (map.position(start), map.position(start + content.len()));
            start += piece.len();
            if to.character <= from.character {
                continue;
            }
            let delta_line = from.line - prev_line;
            let delta_start = if delta_line == 0 {
                from.character - prev_start
            } else {
                from.character
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: to.character - from.character,
                token_type: kind,
                token_modifiers_bitset: token.modifiers,
            });
            (prev_line, prev_start) = (from.line, from.character);
        }
    }
    out
}

async fn compute(
    server: &Server,
    uri: &Uri,
) -> jsonrpc::Result<Option<(PathBuf, Vec<SemanticToken>)>> {
    server
        .request("textDocument/semanticTokens", uri, |state, path| {
            let map = state.line_map(path)?;
            Some((
                path.to_path_buf(),
                encode(&map, state.ide().semantic_tokens(path)),
            ))
        })
        .await
}

fn remember(server: &Server, path: PathBuf, data: Vec<SemanticToken>) -> String {
    let mut cache = guard::lock(&server.semantic_tokens);
    let id = cache.next_id.fetch_add(1, Ordering::Relaxed).to_string();
    cache.last.insert(path, (id.clone(), data));
    id
}

pub async fn full(server: &Server, uri: Uri) -> jsonrpc::Result<Option<SemanticTokensResult>> {
    let Some((path, data)) = compute(server, &uri).await? else {
        return Ok(None);
    };
    let result_id = remember(server, path, data.clone());
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id: Some(result_id),
        data,
    })))
}

pub async fn delta(
    server: &Server,
    params: SemanticTokensDeltaParams,
) -> jsonrpc::Result<Option<SemanticTokensFullDeltaResult>> {
    let Some((path, data)) = compute(server, &params.text_document.uri).await? else {
        return Ok(None);
    };
    let previous = guard::lock(&server.semantic_tokens)
        .last
        .get(&path)
        .cloned();
    let result_id = remember(server, path, data.clone());
    let Some((_, previous)) = previous.filter(|(id, _)| *id == params.previous_result_id) else {
        return Ok(Some(SemanticTokensFullDeltaResult::Tokens(
            SemanticTokens {
                result_id: Some(result_id),
                data,
            },
        )));
    };
    Ok(Some(SemanticTokensFullDeltaResult::TokensDelta(
        SemanticTokensDelta {
            result_id: Some(result_id),
            edits: diff(&previous, &data).into_iter().collect(),
        },
    )))
}

/// The one edit replacing the differing middle. Offsets count `u32`s of
/// the flattened data, five per token.
fn diff(old: &[SemanticToken], new: &[SemanticToken]) -> Option<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == old.len() && prefix == new.len() {
        return None;
    }
    let replaced = &new[prefix..new.len() - suffix];
    Some(SemanticTokensEdit {
        start: (prefix * 5) as u32,
        delete_count: ((old.len() - suffix - prefix) * 5) as u32,
        data: (!replaced.is_empty()).then(|| replaced.to_vec()),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use analysis::line_index::ColumnUnit;

    use super::*;

    fn token(delta_line: u32, delta_start: u32, length: u32) -> SemanticToken {
        SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: 0,
            token_modifiers_bitset: 0,
        }
    }

    #[test]
    fn a_block_comment_splits_per_line_and_columns_count_utf16() {
        let text = "/* 🦀\n   x */ y";
        let map = LineMap::new(Arc::from(text), ColumnUnit::Utf16);
        let comment = Token {
            range: 0..text.find(" y").unwrap(),
            kind: TokenKind::Comment,
            modifiers: 0,
        };
        let y = text.rfind('y').unwrap();
        let name = Token {
            range: y..y + 1,
            kind: TokenKind::Type,
            modifiers: 0,
        };
        let encoded = encode(&map, vec![comment, name]);
        let comment_kind = TokenKind::ALL
            .iter()
            .position(|k| *k == TokenKind::Comment)
            .unwrap() as u32;
        assert_eq!(
            encoded[0],
            SemanticToken {
                token_type: comment_kind,
                ..token(0, 0, 5)
            }
        );
        assert_eq!(
            encoded[1],
            SemanticToken {
                token_type: comment_kind,
                ..token(1, 0, 7)
            }
        );
        assert_eq!(
            (
                encoded[2].delta_line,
                encoded[2].delta_start,
                encoded[2].length
            ),
            (0, 8, 1)
        );
    }

    #[test]
    fn the_delta_replaces_only_the_changed_middle() {
        let old = [token(0, 0, 1), token(0, 2, 3), token(1, 0, 4)];
        let new = [
            token(0, 0, 1),
            token(0, 2, 5),
            token(0, 6, 1),
            token(1, 0, 4),
        ];
        let edit = diff(&old, &new).unwrap();
        assert_eq!((edit.start, edit.delete_count), (5, 5));
        assert_eq!(edit.data.unwrap(), vec![token(0, 2, 5), token(0, 6, 1)]);
        assert!(diff(&old, &old).is_none());
    }
}
