//! Fixture-based tests, one file per feature. A fixture holds several files,
//! each starting with `//- path`; `$0` marks the cursor.

mod accessors;
mod code_actions;
mod completion;
mod diagnostics;
mod gates;
mod hover;
mod inlay_hints;
mod navigation;
mod nested;
mod one_view;
mod rename;
mod symbols;

use std::{
    ops::Range,
    path::{Path, PathBuf},
    sync::Arc,
};

use super::Analysis;
use crate::file_system::MemoryFileSystem;
use crate::workspace::{Features, Workspace, WorkspaceConfig};

/// Files in memory, at `/fixture`.
pub struct Fixture {
    pub fs: Arc<MemoryFileSystem>,
    pub root: PathBuf,
    pub analysis: Analysis,
    /// The file holding `$0`, and the cursor's byte offset in it.
    pub cursor: (PathBuf, usize),
}

impl Fixture {
    pub fn new(fixture: &str) -> Fixture {
        Fixture::with_features(fixture, Features::default())
    }

    /// A fixture checked with these `@unstable` features enabled.
    pub fn with_features(fixture: &str, features: Features) -> Fixture {
        let fs = Arc::new(MemoryFileSystem::new());
        let root = PathBuf::from("/fixture");
        let mut cursor = None;
        for chunk in fixture.split("//- ").skip(1) {
            let (name, text) = chunk.split_once('\n').unwrap();
            let path = root.join(name.trim());
            if let Some(offset) = text.find("$0") {
                cursor = Some((path.clone(), offset));
            }
            fs.write(&path, text.replace("$0", ""));
        }
        let config = WorkspaceConfig {
            roots: vec![root.clone()],
            features,
        };
        let workspace = Workspace::with_file_system(config, fs.clone());
        let mut analysis = Analysis::default();
        analysis.update(&workspace);
        Fixture {
            fs,
            root,
            analysis,
            cursor: cursor.unwrap_or_default(),
        }
    }

    /// A workspace of the fixture's files, for the check's own view.
    pub fn workspace(&self) -> Workspace {
        let config = WorkspaceConfig {
            roots: vec![self.root.clone()],
            ..Default::default()
        };
        Workspace::with_file_system(config, self.fs.clone())
    }

    /// The hover at the cursor, as snapshots show it; `none` when there is none.
    pub fn hover_at_cursor(&self) -> String {
        let (path, offset) = &self.cursor;
        match self.analysis.hover(path, *offset) {
            Some(hover) => format!("{}\n{}", self.show(path, hover.range), hover.markdown),
            None => "none".to_string(),
        }
    }

    /// Where go to definition from the cursor lands; `none` when nowhere.
    pub fn definition_at_cursor(&self) -> String {
        let (path, offset) = &self.cursor;
        match self.analysis.goto_definition(path, *offset) {
            Some(target) => self.show(&target.path, target.name_range),
            None => "none".to_string(),
        }
    }

    /// `dir/file.wit:line:col `text``, 1-based, for snapshots.
    pub fn show(&self, path: &Path, range: Range<usize>) -> String {
        let text = self.analysis.text(path).unwrap();
        let line = text[..range.start].matches('\n').count() + 1;
        let col = range.start - text[..range.start].rfind('\n').map_or(0, |i| i + 1) + 1;
        let relative = path.strip_prefix(&self.root).unwrap().display();
        format!("{relative}:{line}:{col} `{}`", &text[range])
    }
}
