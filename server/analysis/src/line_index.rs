//! Conversions between byte offsets and line/column positions.
//!
//! The CLI prints 1-based columns counted in Unicode characters, LSP clients
//! want UTF-8 or UTF-16 code units, and every analysis works on byte offsets.
//! One index per file text serves all three.

/// A 0-based line and a 0-based column in the unit the caller asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Char,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset at which each line starts. As in LSP, a line ends after
    /// `\n`, `\r\n` or a lone `\r`; the ending belongs to the line it ends.
    line_starts: Vec<usize>,
    text_len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(line_ends(text));
        LineIndex {
            line_starts,
            text_len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of a 0-based line, including its line ending.
    pub fn line_range(&self, line: u32) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line as usize)?;
        let end = self
            .line_starts
            .get(line as usize + 1)
            .copied()
            .unwrap_or(self.text_len);
        Some(start..end)
    }

    /// The position of a byte offset. An offset inside a multi-byte character
    /// or past the end is clamped, so a stale range never panics.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = clamp_to_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_text = &text[self.line_starts[line]..offset];
        let col = match unit {
            ColumnUnit::Utf8 => line_text.len(),
            ColumnUnit::Utf16 => line_text.encode_utf16().count(),
            ColumnUnit::Char => line_text.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a position. A column past the end of its line lands
    /// at the end of the line's content (before `\r\n`), as LSP requires; a
    /// line past the end of the text lands at the end of the text.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let Some(range) = self.line_range(pos.line) else {
            return text.len();
        };
        let content = text[range.clone()].trim_end_matches(['\n', '\r']);
        let mut remaining = pos.col as usize;
        for (byte, ch) in content.char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if remaining < width {
                // A column that splits a character snaps to its start.
                return range.start + byte;
            }
            remaining -= width;
        }
        range.start + content.len()
    }
}

/// The byte offset just past each line ending: `\n`, `\r\n` or a lone `\r`.
pub fn line_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, &b)| {
        let ends = b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        ends.then_some(i + 1)
    })
}

/// The byte offset where the line holding `offset` starts.
pub fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The byte offset just past the line ending that follows `offset`, or the
/// end of the text.
pub fn next_line_start(text: &str, offset: usize) -> usize {
    line_ends(&text[offset..])
        .next()
        .map_or(text.len(), |end| offset + end)
}

fn clamp_to_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_in_every_unit_on_a_non_ascii_crlf_line() {
        let text = "a\r\n/// 🦀 é x\r\nz";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf8),
            LineCol { line: 1, col: 12 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Utf16),
            LineCol { line: 1, col: 9 }
        );
        assert_eq!(
            index.line_col(text, x, ColumnUnit::Char),
            LineCol { line: 1, col: 8 }
        );
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char] {
            let pos = index.line_col(text, x, unit);
            assert_eq!(index.offset(text, pos, unit), x, "{unit:?}");
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_lf_and_crlf_do() {
        let text = "a\rb\r\nc\nd\r\re";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 6);
        for (ch, line) in [('a', 0), ('b', 1), ('c', 2), ('d', 3), ('e', 5)] {
            let offset = text.find(ch).unwrap();
            let pos = LineCol { line, col: 0 };
            assert_eq!(index.line_col(text, offset, ColumnUnit::Utf16), pos, "{ch}");
            assert_eq!(index.offset(text, pos, ColumnUnit::Utf16), offset, "{ch}");
            assert_eq!(line_start(text, offset + 1), offset, "{ch}");
            if ch != 'e' {
                assert_eq!(text[next_line_start(text, offset)..].find(ch), None, "{ch}");
            }
        }
        // The empty line between `\r\r`, and a column past the end of a lone-CR line.
        assert_eq!(index.line_range(4), Some(9..10));
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 9 }, ColumnUnit::Utf8),
            1
        );
        assert_eq!(
            index.line_col(text, 1, ColumnUnit::Utf8),
            LineCol { line: 0, col: 1 }
        );
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            2
        );
        assert_eq!(
            index.offset(text, LineCol { line: 7, col: 0 }, ColumnUnit::Utf16),
            text.len()
        );
        assert_eq!(
            index.line_col(text, 999, ColumnUnit::Char),
            LineCol { line: 1, col: 2 }
        );
        let crab = "🦀";
        assert_eq!(
            LineIndex::new(crab).line_col(crab, 2, ColumnUnit::Utf8).col,
            0
        );
    }
}
