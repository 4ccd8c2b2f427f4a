//! The IDE features, as plain-data functions over the workspace's syntax
//! trees: positions are byte offsets, results are paths and byte ranges.
//! The language server converts them to and from LSP.
//!
//! [`Analysis`] holds the parsed files; [`Analysis::update`] refreshes it
//! from a [`Workspace`] (re-parsing only changed files), and every feature
//! is a method that reads it.

mod abi;
mod code_actions;
mod completion;
mod db;
mod diagnostics;
mod gates;
mod hover;
mod inlay_hints;
mod lens;
mod navigation;
mod rename;
mod resolve;
mod selection;
mod semantic_tokens;
mod symbols;
#[cfg(test)]
mod tests;

use std::{ops::Range, path::PathBuf};

pub use code_actions::CodeAction;
pub use completion::{CompletionItem, CompletionKind};
pub use hover::HoverResult;
pub use inlay_hints::{InlayHint, InlayHintConfig, InlayHintKind};
pub use lens::LensKinds;
pub use rename::RenameError;
pub use semantic_tokens::{SemanticToken, TokenKind, modifiers as token_modifiers};
pub use symbols::{Fold, Symbol, SymbolKind};

use crate::workspace::{Features, Workspace};

/// A range in a file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FileRange {
    pub path: PathBuf,
    pub range: Range<usize>,
}

/// Where navigation lands: the whole item, and its name within it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavTarget {
    pub path: PathBuf,
    pub item_range: Range<usize>,
    pub name_range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub new_text: String,
}

/// Whether two byte ranges share an offset, ends included: a cursor just
/// after a name still touches it.
fn touches(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

#[derive(Default)]
pub struct Analysis {
    db: db::Db,
    abi: abi::Cache,
    /// The check's own `Resolve`s, which hover's ABI facts read when they
    /// are of the text shown.
    checked: Vec<std::sync::Arc<crate::workspace::CheckedResolve>>,
    /// Items behind a gate that is off are left out, as wit-parser leaves
    /// them out: completion does not offer them and hover says so.
    features: Features,
}

impl Analysis {
    /// Brings the parsed files up to date with the workspace.
    pub fn update(&mut self, workspace: &Workspace) {
        let previous = std::mem::take(&mut self.db);
        self.db = db::Db::build(workspace, previous);
        self.features = workspace.features().clone();
        self.take_checked(workspace);
    }

    /// Takes one file's new text without a rebuild; `false` means the
    /// change needs [`Analysis::update`] (an unknown file, or a changed
    /// `package` line).
    pub fn update_file(&mut self, path: &std::path::Path, text: std::sync::Arc<str>) -> bool {
        self.db.update_file(path, text)
    }

    /// Of the `edited` files, those an answer about `path` may read (see
    /// [`db::Db::files_read_from`]): an edit elsewhere need not be parsed
    /// before that answer. All of them when `path` is not known.
    pub fn edits_read_from<'e>(
        &self,
        path: &std::path::Path,
        edited: impl Iterator<Item = &'e std::path::Path>,
    ) -> Vec<&'e std::path::Path> {
        match self.db.files_read_from(path) {
            // A file the view does not know may be in any package.
            Some(read) => edited
                .filter(|e| read.contains(e) || self.db.file(e).is_none())
                .collect(),
            None => edited.collect(),
        }
    }

    /// Takes the `Resolve`s of the workspace's latest checks, so that
    /// hover need not resolve the package itself.
    pub fn take_checked(&mut self, workspace: &Workspace) {
        let checked = workspace.checked_resolves();
        let same = checked.len() == self.checked.len()
            && (checked.iter().zip(&self.checked)).all(|(a, b)| std::sync::Arc::ptr_eq(a, b));
        if !same {
            crate::drop_later::drop_later(std::mem::replace(&mut self.checked, checked));
        }
    }

    /// Whether hover had to resolve a package itself, rather than read the
    /// check's `Resolve`.
    #[cfg(test)]
    pub fn resolved_for_hover(&self) -> bool {
        self.abi.is_filled()
    }

    /// The text of a file as the features saw it.
    pub fn text(&self, path: &std::path::Path) -> Option<std::sync::Arc<str>> {
        self.db.file(path).map(|f| f.text.clone())
    }
}
