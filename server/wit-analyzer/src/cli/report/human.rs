//! `--format human`: rustc-style snippets with line numbers and carets.

use std::borrow::Cow;

use analysis::{LineIndex, Severity};
use annotate_snippets::{Level, Renderer, Snippet};

use super::Placed;

pub fn render(placed: &[Placed], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for p in placed {
        let level = level(p.diagnostic.severity);
        let mut message = level.title(&p.diagnostic.message).id(p.diagnostic.code);
        let origin = format!("{}:{}:{}", p.path, p.start.line, p.start.column);
        // Only the lines the diagnostic covers are handed to the renderer:
        // cheap on big files, and the line numbers stay right.
        let excerpt = p
            .text
            .as_deref()
            .map(|text| excerpt(text, p.diagnostic.range.clone()));
        match &excerpt {
            Some((source, line_start, span)) => {
                message = message.snippet(
                    Snippet::source(source.as_ref())
                        .line_start(*line_start)
                        .origin(&p.path)
                        .fold(false)
                        .annotation(level.span(span.clone())),
                );
            }
            None => message = message.footer(Level::Note.title(&origin)),
        }
        for related in &p.related {
            message = message.footer(Level::Note.title(related));
        }
        out.push_str(&renderer.render(message).to_string());
        out.push_str("\n\n");
    }
    out
}

/// The whole lines around `range`, the 1-based number of the first, and
/// `range` within them, widened to one character when empty so that the
/// caret shows.
fn excerpt(
    text: &str,
    range: std::ops::Range<usize>,
) -> (Cow<'_, str>, usize, std::ops::Range<usize>) {
    let index = LineIndex::new(text);
    let start = floor_char_boundary(text, range.start);
    let end = floor_char_boundary(text, range.end.max(start));
    let first = index
        .line_col(text, start, analysis::line_index::ColumnUnit::Utf8)
        .line;
    let last = index
        .line_col(text, end, analysis::line_index::ColumnUnit::Utf8)
        .line;
    let from = index.line_range(first).map_or(0, |r| r.start);
    let to = index.line_range(last).map_or(text.len(), |r| r.end);
    let source = lone_crs_as_newlines(text[from..to].trim_end_matches(['\n', '\r']));
    let mut span = start - from..end - from;
    if span.is_empty() {
        let width = source[span.start.min(source.len())..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        span.end += width;
    }
    span.end = span.end.min(source.len());
    span.start = span.start.min(span.end);
    (source, first as usize + 1, span)
}

/// annotate-snippets breaks lines at `\n` only, but a lone `\r` ends a line
/// too (as LSP and the line index count them). As a `\n` of the same width
/// it keeps every offset, and the lines shown match the `-->` line.
fn lone_crs_as_newlines(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    let lone: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .collect();
    if lone.is_empty() {
        return Cow::Borrowed(source);
    }
    let mut text = source.to_string();
    for i in lone {
        text.replace_range(i..i + 1, "\n");
    }
    Cow::Owned(text)
}

/// A stale or foreign range must not split a character: slicing would panic.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
        Severity::Hint => Level::Help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_survive_ranges_inside_characters_and_past_the_end() {
        let text = "a\n// é\nb";
        assert_eq!(excerpt(text, 5..6), ("// é".into(), 2, 3..5));
        assert_eq!(excerpt(text, 99..120), ("b".into(), 3, 1..1));
        assert_eq!(excerpt(text, 2..2), ("// é".into(), 2, 0..1));
    }

    #[test]
    fn a_lone_cr_breaks_the_excerpt_as_it_breaks_the_line_count() {
        let (source, line, span) = excerpt("x;\na;\rb;\r\nc;", 5..6);
        assert_eq!((&*source, line, span), ("a;\nb;", 2, 2..3));
    }
}
