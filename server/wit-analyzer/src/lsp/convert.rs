//! Conversions between LSP types and the analysis layer's plain data: URIs
//! and paths, positions and byte offsets, diagnostics.
//!
//! Every position is counted in the encoding negotiated at `initialize`
//! (`ColumnUnit::Utf8` or `ColumnUnit::Utf16`).

use std::{ops::Range, path::PathBuf, str::FromStr, sync::Arc};

use analysis::{LineIndex, line_index::ColumnUnit};
use tower_lsp_server::ls_types::{self as lsp, Position, Uri};

/// The path of a `file:` URI; other schemes (`untitled:`, `git:`) have none.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|path| path.into_owned())
}

/// A `file://` URI for a path. Paths come from the workspace, which holds
/// absolute paths, so this only fails for a path that is not absolute; that
/// falls back to a relative URI rather than losing the result.
pub fn uri_of(path: &std::path::Path) -> Uri {
    Uri::from_file_path(path)
        .or_else(|| Uri::from_str(&path.to_string_lossy()).ok())
        .unwrap_or_else(|| Uri::from_str("file:///").expect("a constant URI parses"))
}

/// A text with its line index, for converting many positions in one file.
pub struct LineMap {
    pub text: Arc<str>,
    index: LineIndex,
    unit: ColumnUnit,
}

impl LineMap {
    pub fn new(text: Arc<str>, unit: ColumnUnit) -> LineMap {
        LineMap {
            index: LineIndex::new(&text),
            text,
            unit,
        }
    }

    pub fn offset(&self, pos: Position) -> usize {
        let pos = analysis::LineCol {
            line: pos.line,
            col: pos.character,
        };
        self.index.offset(&self.text, pos, self.unit)
    }

    pub fn position(&self, offset: usize) -> Position {
        let pos = self.index.line_col(&self.text, offset, self.unit);
        Position::new(pos.line, pos.col)
    }

    pub fn range(&self, range: Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(range.start), self.position(range.end))
    }

    pub fn offsets(&self, range: lsp::Range) -> Range<usize> {
        let start = self.offset(range.start);
        start..self.offset(range.end).max(start)
    }
}

pub fn text_edit(map: &LineMap, edit: analysis::ide::TextEdit) -> lsp::TextEdit {
    lsp::TextEdit {
        range: map.range(edit.range),
        new_text: edit.new_text,
    }
}

pub fn severity(severity: analysis::Severity) -> lsp::DiagnosticSeverity {
    match severity {
        analysis::Severity::Error => lsp::DiagnosticSeverity::ERROR,
        analysis::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        analysis::Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        analysis::Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// Converts a diagnostic of the file `map` holds. Related locations in other
/// files need those files' texts, which `text_of` provides.
pub fn diagnostic(
    diag: &analysis::Diagnostic,
    map: &LineMap,
    text_of: &dyn Fn(&std::path::Path) -> Option<Arc<str>>,
) -> lsp::Diagnostic {
    let related = diag
        .related
        .iter()
        .filter_map(|related| {
            let range = if related.path == diag.path {
                map.range(related.range.clone())
            } else {
                LineMap::new(text_of(&related.path)?, map.unit).range(related.range.clone())
            };
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location::new(uri_of(&related.path), range),
                message: related.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    lsp::Diagnostic {
        range: map.range(diag.range.clone()),
        severity: Some(severity(diag.severity)),
        code: Some(lsp::NumberOrString::String(diag.code.to_string())),
        source: Some("wit-analyzer".to_string()),
        message: diag.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_round_trip_in_both_encodings_past_an_emoji() {
        let text = "/// 🦀\r\ntype x = u8;\r\n";
        let x = text.find('x').unwrap();
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16] {
            let map = LineMap::new(Arc::from(text), unit);
            let range = map.range(x..x + 1);
            assert_eq!(range.start, Position::new(1, 5), "{unit:?}");
            assert_eq!(map.offsets(range), x..x + 1, "{unit:?}");
        }
        let emoji_end = text.find('\r').unwrap();
        assert_eq!(
            LineMap::new(Arc::from(text), ColumnUnit::Utf16).position(emoji_end),
            Position::new(0, 6)
        );
        assert_eq!(
            LineMap::new(Arc::from(text), ColumnUnit::Utf8).position(emoji_end),
            Position::new(0, 8)
        );
    }

    #[test]
    fn positions_after_lone_cr_and_mixed_line_endings() {
        let text = "a\rb\r\nc\nd\r\r🦀e";
        let e = text.find('e').unwrap();
        let map = LineMap::new(Arc::from(text), ColumnUnit::Utf16);
        assert_eq!(map.position(e), Position::new(5, 2));
        assert_eq!(map.offset(Position::new(5, 2)), e);
        assert_eq!(map.position(text.find('d').unwrap()), Position::new(3, 0));
        assert_eq!(
            map.offset(Position::new(4, 0)),
            text.find('🦀').unwrap() - 1
        );
    }

    #[test]
    fn paths_and_uris_round_trip() {
        let path = PathBuf::from("/tmp/some dir/a.wit");
        assert_eq!(path_of(&uri_of(&path)), Some(path));
        assert_eq!(
            path_of(&Uri::from_str("untitled:Untitled-1").unwrap()),
            None
        );
    }
}
