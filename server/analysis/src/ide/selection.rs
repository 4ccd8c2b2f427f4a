//! Selection ranges: from the name under the cursor outwards through every
//! enclosing syntax node.

use std::{ops::Range, path::Path};

use syntax::ast;

use super::Analysis;

impl Analysis {
    /// For each offset, the ranges to grow the selection through, innermost
    /// first, each strictly larger than the one before.
    pub fn selection_ranges(&self, path: &Path, offsets: &[usize]) -> Vec<Vec<Range<usize>>> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let root = file.parse.syntax();
        offsets
            .iter()
            .map(|&offset| {
                let Ok(at) = rowan::TextSize::try_from(offset) else {
                    return Vec::new();
                };
                let Some(token) = root.token_at_offset(at).right_biased() else {
                    return Vec::new();
                };
                let token_range = ast::text_range(token.text_range());
                let mut ranges = Vec::from([token_range]);
                for node in token.parent_ancestors() {
                    let range = ast::text_range(node.text_range());
                    if ranges.last().is_some_and(|last| {
                        last.start >= range.start && last.end <= range.end && *last != range
                    }) {
                        ranges.push(range);
                    }
                }
                ranges
            })
            .collect()
    }
}
