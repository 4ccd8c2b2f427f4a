//! Fixtures for data-driven tests: several files in one string, each after
//! a `//- path` header, with the expected diagnostics marked in the files
//! themselves.
//!
//! A marker is a comment line (`//` in WIT, `#` in TOML) holding carets and
//! a code, under the line it points at:
//!
//! ```text
//! //- a/types.wit
//! package a:b;
//! interface i { type t = u3; }
//! //                     ^^ wit::name-not-found
//! ```
//!
//! Markers are ordinary comments, so they do not change what is parsed.
//!
//! The files live in a [`MemoryFileSystem`], unless a test needs what only
//! a disk has (links, FIFOs, unreadable bytes from `/proc`):
//! [`Fixture::on_disk`].

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::{
    LineIndex,
    diagnostic::Diagnostic,
    file_system::{FileSystem, MemoryFileSystem, OsFileSystem},
    line_index::ColumnUnit,
    workspace::{CheckResult, Workspace, WorkspaceConfig},
};

pub struct Fixture {
    backing: Backing,
    files: Vec<(PathBuf, String)>,
}

enum Backing {
    Memory(Arc<MemoryFileSystem>),
    Disk(tempfile::TempDir),
}

/// Where an in-memory fixture's files are.
const MEMORY_ROOT: &str = "/fixture";

/// One expected or actual diagnostic: file, 1-based line, character columns
/// (an empty range counts as one character), code.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub path: String,
    pub line: usize,
    /// 0-based start and end character columns.
    pub columns: (usize, usize),
    pub code: String,
}

impl Fixture {
    /// The files of `text`, in memory.
    pub fn write(text: &str) -> Fixture {
        let fixture = Fixture {
            backing: Backing::Memory(Arc::default()),
            files: files_of(text),
        };
        for (path, content) in &fixture.files {
            fixture.write_file(&fixture.root().join(path), content);
        }
        fixture
    }

    /// The files of `text`, in a temporary directory.
    pub fn on_disk(text: &str) -> Fixture {
        let fixture = Fixture {
            backing: Backing::Disk(tempfile::tempdir().expect("temp dir")),
            files: files_of(text),
        };
        for (path, content) in &fixture.files {
            fixture.write_file(&fixture.root().join(path), content);
        }
        fixture
    }

    /// Writes a file (an absolute path, below [`Fixture::root`]) as an
    /// editor or a `git checkout` would, making its folders.
    pub fn write_file(&self, path: &Path, content: impl AsRef<[u8]>) {
        match &self.backing {
            Backing::Memory(fs) => fs.write(path, content),
            Backing::Disk(_) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, content).unwrap();
            }
        }
    }

    /// Removes a file, or a folder with everything in it.
    pub fn remove(&self, path: &Path) {
        match &self.backing {
            Backing::Memory(fs) => fs.remove(path),
            Backing::Disk(_) if path.is_dir() => std::fs::remove_dir_all(path).unwrap(),
            Backing::Disk(_) => std::fs::remove_file(path).unwrap(),
        }
    }

    pub fn file_system(&self) -> Arc<dyn FileSystem> {
        match &self.backing {
            Backing::Memory(fs) => fs.clone(),
            Backing::Disk(_) => Arc::new(OsFileSystem),
        }
    }

    pub fn root(&self) -> PathBuf {
        match &self.backing {
            Backing::Memory(_) => PathBuf::from(MEMORY_ROOT),
            Backing::Disk(dir) => std::path::absolute(dir.path()).unwrap(),
        }
    }

    /// A workspace of the fixture's files, rooted at [`Fixture::root`].
    pub fn workspace(&self) -> Workspace {
        self.workspace_with(WorkspaceConfig {
            roots: vec![self.root()],
            ..Default::default()
        })
    }

    /// A workspace of the fixture's files with other roots or features.
    pub fn workspace_with(&self, config: WorkspaceConfig) -> Workspace {
        Workspace::with_file_system(config, self.file_system())
    }

    pub fn expected(&self) -> Vec<Mark> {
        let mut marks = Vec::new();
        for (path, content) in &self.files {
            let mut target_line = 0;
            for (i, line) in content.lines().enumerate() {
                match parse_marker(line) {
                    Some((columns, code)) => marks.push(Mark {
                        path: slash(path),
                        line: target_line,
                        columns,
                        code,
                    }),
                    None => target_line = i + 1,
                }
            }
        }
        marks.sort();
        marks
    }

    pub fn actual(&self, workspace: &Workspace, diagnostics: &[Diagnostic]) -> Vec<Mark> {
        let mut marks: Vec<Mark> = diagnostics
            .iter()
            .map(|d| self.mark(workspace, d))
            .collect();
        marks.sort();
        marks
    }

    fn mark(&self, workspace: &Workspace, d: &Diagnostic) -> Mark {
        let text = workspace.text(&d.path).unwrap_or_default();
        let index = LineIndex::new(&text);
        let start = index.line_col(&text, d.range.start, ColumnUnit::Char);
        let end = index.line_col(&text, d.range.end, ColumnUnit::Char);
        let end_col = if d.range.is_empty() || end.line != start.line {
            start.col + 1
        } else {
            end.col
        };
        Mark {
            path: self.relative(&d.path),
            line: start.line as usize + 1,
            columns: (start.col as usize, end_col as usize),
            code: d.code.to_string(),
        }
    }

    pub fn relative(&self, path: &Path) -> String {
        slash(path.strip_prefix(self.root()).unwrap_or(path))
    }

    /// Checks that the diagnostics are exactly the marked ones, and returns
    /// them one a line (`path:line:col code: message`) for a snapshot of the
    /// messages.
    pub fn check_marks(&self, workspace: &Workspace, result: &CheckResult) -> String {
        assert_eq!(
            self.actual(workspace, &result.diagnostics),
            self.expected(),
            "diagnostics differ from the markers"
        );
        result
            .diagnostics
            .iter()
            .map(|d| {
                let mark = self.mark(workspace, d);
                let root = self.root();
                let message = d.message.replace(&*root.to_string_lossy(), "$ROOT");
                format!(
                    "{}:{}:{} {}: {message}\n",
                    mark.path,
                    mark.line,
                    mark.columns.0 + 1,
                    d.code
                )
            })
            .collect()
    }
}

/// Each `//- path` header and the lines under it.
fn files_of(text: &str) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for line in text.lines() {
        if let Some(path) = line.strip_prefix("//- ") {
            files.push((
                PathBuf::from(path.trim().trim_start_matches('/')),
                String::new(),
            ));
        } else if let Some((_, content)) = files.last_mut() {
            content.push_str(line);
            content.push('\n');
        } else {
            assert!(
                line.trim().is_empty(),
                "fixture text before the first `//- path` header: {line:?}"
            );
        }
    }
    files
}

/// `//   ^^^ code` or `#  ^^^ code`: the carets' character columns and the code.
fn parse_marker(line: &str) -> Option<((usize, usize), String)> {
    let trimmed = line.trim_start();
    let rest = trimmed
        .strip_prefix("//")
        .or_else(|| trimmed.strip_prefix('#'))?;
    let after_spaces = rest.trim_start();
    if !after_spaces.starts_with('^') {
        return None;
    }
    let start = line.chars().count() - after_spaces.chars().count();
    let carets = after_spaces.chars().take_while(|&c| c == '^').count();
    let code = after_spaces[carets..].trim().to_string();
    Some(((start, start + carets), code))
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
