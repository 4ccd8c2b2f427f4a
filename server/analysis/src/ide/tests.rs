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
};

use super::Analysis;
use crate::workspace::{Features, Workspace, WorkspaceConfig};

pub struct Fixture {
    _dir: tempfile::TempDir,
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
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let mut cursor = None;
        for chunk in fixture.split("//- ").skip(1) {
            let (name, text) = chunk.split_once('\n').unwrap();
            let path = root.join(name.trim());
            if let Some(offset) = text.find("$0") {
                cursor = Some((path.clone(), offset));
            }
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text.replace("$0", "")).unwrap();
        }
        let workspace = Workspace::new(WorkspaceConfig {
            roots: vec![root.clone()],
            features,
        });
        let mut analysis = Analysis::default();
        analysis.update(&workspace);
        Fixture {
            _dir: dir,
            root,
            analysis,
            cursor: cursor.unwrap_or_default(),
        }
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
