//! The open documents: one rope per file, edited in place by incremental
//! `didChange` events, with the version the client gave it.
//!
//! The store sits behind its own mutex, apart from the workspace, so that an
//! edit never waits for a check: it records which files changed, and the
//! next check or request hands them to the workspace ([`Edits`]). A second
//! record of the same changes is kept for the IDE features, which take
//! buffer edits while a check still has the workspace
//! ([`DocumentStore::take_ide_edits`]).

use std::{
    borrow::Cow,
    collections::{BTreeSet, HashMap},
    path::{Path, PathBuf},
    sync::Arc,
};

use analysis::line_index::{ColumnUnit, LineCol, LineIndex};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};

pub struct Document {
    rope: Rope,
    pub version: i32,
    /// The rope as one string, made once per version: the workspace and the
    /// IDE features each take it.
    text: std::sync::OnceLock<Arc<str>>,
}

pub struct DocumentStore {
    documents: HashMap<PathBuf, Document>,
    /// Column unit of the positions in `didChange` ranges.
    pub unit: ColumnUnit,
    /// Open, changed or closed since the workspace last saw them.
    unsynced: BTreeSet<PathBuf>,
    /// Changed on disk, as `didChangeWatchedFiles` said.
    disk_changes: BTreeSet<PathBuf>,
    /// Open, changed, closed or changed on disk since the IDE features last
    /// saw them, whether or not the workspace has.
    ide_unsynced: BTreeSet<PathBuf>,
}

/// What the workspace has not seen yet, with the version of every open
/// document at the moment the edits were taken.
#[derive(Default)]
pub struct Edits {
    /// The buffer's text, or `None` for a closed buffer (back to disk).
    pub overlays: Vec<(PathBuf, Option<Arc<str>>)>,
    pub disk: Vec<PathBuf>,
    pub versions: HashMap<PathBuf, i32>,
}

impl Default for DocumentStore {
    fn default() -> DocumentStore {
        DocumentStore {
            documents: HashMap::new(),
            unit: ColumnUnit::Utf16,
            unsynced: BTreeSet::new(),
            disk_changes: BTreeSet::new(),
            ide_unsynced: BTreeSet::new(),
        }
    }
}

impl DocumentStore {
    pub fn open(&mut self, path: PathBuf, text: &str, version: i32) {
        self.mark_unsynced(&path);
        self.documents.insert(
            path,
            Document {
                rope: Rope::from_str(text),
                version,
                text: Default::default(),
            },
        );
    }

    pub fn close(&mut self, path: &Path) {
        if self.documents.remove(path).is_some() {
            self.mark_unsynced(path);
        }
    }

    /// An open buffer overrides the disk until it is closed, so only
    /// unopened files take disk changes.
    pub fn disk_changed(&mut self, path: PathBuf) {
        if !self.documents.contains_key(&path) {
            self.ide_unsynced.insert(path.clone());
            self.disk_changes.insert(path);
        }
    }

    fn mark_unsynced(&mut self, path: &Path) {
        self.unsynced.insert(path.to_path_buf());
        self.ide_unsynced.insert(path.to_path_buf());
    }

    /// Everything the workspace has not seen; the IDE features see it with
    /// the workspace, so their own record is done too.
    pub fn take_edits(&mut self) -> Edits {
        self.ide_unsynced.clear();
        let overlays = std::mem::take(&mut self.unsynced).into_iter().map(|path| {
            let text = self.text(&path);
            (path, text)
        });
        Edits {
            overlays: overlays.collect(),
            disk: std::mem::take(&mut self.disk_changes).into_iter().collect(),
            versions: self
                .documents
                .iter()
                .map(|(path, doc)| (path.clone(), doc.version))
                .collect(),
        }
    }

    /// What the IDE features have not seen, the workspace's record left as
    /// it is. A file changed on disk comes as an overlay of `None` (back to
    /// the disk), like a closed one: either needs the workspace to be read.
    pub fn take_ide_edits(&mut self) -> Edits {
        let overlays = std::mem::take(&mut self.ide_unsynced)
            .into_iter()
            .map(|path| {
                let text = self.text(&path);
                (path, text)
            });
        Edits {
            overlays: overlays.collect(),
            disk: Vec::new(),
            versions: HashMap::new(),
        }
    }

    pub fn version(&self, path: &Path) -> Option<i32> {
        self.documents.get(path).map(|doc| doc.version)
    }

    pub fn text(&self, path: &Path) -> Option<Arc<str>> {
        let doc = self.documents.get(path)?;
        Some(
            doc.text
                .get_or_init(|| Arc::from(doc.rope.to_string()))
                .clone(),
        )
    }

    /// Applies the changes in order, as the protocol requires: each range is
    /// relative to the text left by the change before it.
    pub fn change(
        &mut self,
        path: &Path,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
    ) -> Result<(), String> {
        let unit = self.unit;
        let doc = self
            .documents
            .get_mut(path)
            .ok_or_else(|| format!("didChange for {} which is not open", path.display()))?;
        for change in changes {
            match change.range {
                None => doc.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = char_index(&doc.rope, range.start, unit);
                    let end = char_index(&doc.rope, range.end, unit).max(start);
                    doc.rope.remove(start..end);
                    doc.rope.insert(start, &change.text);
                }
            }
        }
        doc.version = version;
        doc.text = Default::default();
        self.mark_unsynced(path);
        Ok(())
    }
}

/// The char index of an LSP position, with `LineIndex::offset`'s rules (a
/// column past the end of its line lands before the line ending, a line past
/// the end lands at the end of the text) applied to the position's line alone.
fn char_index(rope: &Rope, pos: Position, unit: ColumnUnit) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let slice = rope.line(line);
    let text = Cow::<str>::from(slice);
    let col = LineCol {
        line: 0,
        col: pos.character,
    };
    let byte = LineIndex::new(&text).offset(&text, col, unit);
    rope.line_to_char(line) + slice.byte_to_char(byte)
}

#[cfg(test)]
mod tests {
    use tower_lsp_server::ls_types::Range;

    use super::*;

    fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    fn store_with(text: &str) -> (DocumentStore, PathBuf) {
        let mut store = DocumentStore::default();
        let path = PathBuf::from("/w/a.wit");
        store.open(path.clone(), text, 1);
        (store, path)
    }

    #[test]
    fn utf16_and_utf8_columns_after_an_emoji_on_a_crlf_line() {
        let text = "/// 🦀 x\r\ny";
        // The emoji is 2 UTF-16 units and 4 UTF-8 bytes; `x` follows a space.
        for (unit, col) in [(ColumnUnit::Utf16, 7), (ColumnUnit::Utf8, 9)] {
            let (mut store, path) = store_with(text);
            store.unit = unit;
            store
                .change(&path, 2, &[edit((0, col), (0, col + 1), "Z")])
                .unwrap();
            assert_eq!(&*store.text(&path).unwrap(), "/// 🦀 Z\r\ny", "{unit:?}");
            assert_eq!(store.version(&path), Some(2));
        }
    }

    /// LSP counts a lone `\r` as a line ending, as `\n` and `\r\n` are; the
    /// rope must agree or edits after such a line land a line too early.
    #[test]
    fn lone_cr_and_mixed_line_endings_count_as_lines() {
        let (mut store, path) = store_with("a\rb\r\nc\nd\r\re");
        let changes = [
            edit((1, 0), (1, 1), "B"),
            edit((3, 0), (3, 1), "D"),
            edit((5, 0), (5, 1), "E"),
            edit((0, 9), (0, 9), "!"),
        ];
        store.change(&path, 2, &changes).unwrap();
        assert_eq!(&*store.text(&path).unwrap(), "a!\rB\r\nc\nD\r\rE");
    }

    #[test]
    fn changes_apply_in_sequence_and_past_the_end_clamps() {
        let (mut store, path) = store_with("ab\r\ncd");
        let changes = [
            edit((0, 99), (0, 99), "!"),
            edit((1, 0), (1, 1), ""),
            edit((9, 0), (9, 0), "?"),
        ];
        store.change(&path, 3, &changes).unwrap();
        assert_eq!(&*store.text(&path).unwrap(), "ab!\r\nd?");
    }

    #[test]
    fn a_change_to_an_unopened_file_is_an_error_naming_it() {
        let mut store = DocumentStore::default();
        let err = store.change(Path::new("/w/b.wit"), 1, &[]).unwrap_err();
        assert!(err.contains("/w/b.wit"), "{err}");
    }

    #[test]
    fn edits_are_taken_once_with_every_open_version() {
        let (mut store, path) = store_with("a");
        store
            .change(&path, 5, &[edit((0, 1), (0, 1), "b")])
            .unwrap();
        store.disk_changed(PathBuf::from("/w/disk.wit"));
        store.disk_changed(path.clone());
        let edits = store.take_edits();
        assert_eq!(edits.overlays, vec![(path.clone(), Some(Arc::from("ab")))]);
        assert_eq!(edits.disk, vec![PathBuf::from("/w/disk.wit")]);
        assert_eq!(edits.versions[&path], 5);
        assert!(store.take_edits().overlays.is_empty());
        store.close(&path);
        assert_eq!(store.take_edits().overlays, vec![(path, None)]);
    }
}
