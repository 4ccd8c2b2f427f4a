//! `wit-analyzer check`'s output formats. Each takes the check result with
//! every diagnostic already placed (relative path, 1-based line and column)
//! and writes one format.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use std::path::{Component, Path, PathBuf};

use analysis::{Diagnostic, LineIndex, Workspace, line_index::ColumnUnit};

/// A 1-based line and a 1-based column counted in Unicode characters: what
/// people and CI annotations expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// A diagnostic with its place made printable.
pub struct Placed<'a> {
    pub diagnostic: &'a Diagnostic,
    /// Relative to the current directory when below it or near it.
    pub path: String,
    pub start: Position,
    pub end: Position,
    /// The analysed text of the file, when it is text.
    pub text: Option<std::sync::Arc<str>>,
    /// The related locations, each as `message: path:line:column`.
    pub related: Vec<String>,
}

/// `shown_as` names a file for people (e.g. a git ref's exported file as
/// `<ref>:<path>`); the text is still read from the real path.
pub fn place<'a>(
    workspace: &Workspace,
    cwd: &Path,
    diagnostics: &'a [Diagnostic],
    shown_as: &dyn Fn(&Path) -> PathBuf,
) -> Vec<Placed<'a>> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            let text = workspace.text(&diagnostic.path);
            let (start, end) = positions(text.as_deref(), &diagnostic.range);
            let related = diagnostic
                .related
                .iter()
                .map(|r| {
                    let (start, _) = positions(workspace.text(&r.path).as_deref(), &r.range);
                    format!(
                        "{}: {}:{}:{}",
                        r.message,
                        display_path(cwd, &shown_as(&r.path)),
                        start.line,
                        start.column
                    )
                })
                .collect();
            Placed {
                diagnostic,
                path: display_path(cwd, &shown_as(&diagnostic.path)),
                start,
                end,
                text,
                related,
            }
        })
        .collect()
}

fn positions(text: Option<&str>, range: &std::ops::Range<usize>) -> (Position, Position) {
    let Some(text) = text else {
        return (
            Position { line: 1, column: 1 },
            Position { line: 1, column: 1 },
        );
    };
    let index = LineIndex::new(text);
    let pos = |offset| {
        let lc = index.line_col(text, offset, ColumnUnit::Char);
        Position {
            line: lc.line + 1,
            column: lc.col + 1,
        }
    };
    (pos(range.start), pos(range.end))
}

/// `path` relative to `cwd` with `/` separators, as tests, scripts and CI
/// annotations want. Paths on another drive or root stay absolute.
pub fn display_path(cwd: &Path, path: &Path) -> String {
    let relative = relative_to(cwd, path).unwrap_or_else(|| path.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

fn relative_to(base: &Path, path: &Path) -> Option<PathBuf> {
    let base: Vec<Component> = base.components().collect();
    let path: Vec<Component> = path.components().collect();
    if base.first() != path.first() {
        return None;
    }
    let common = base.iter().zip(&path).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for component in &path[common..] {
        out.push(component);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_print_relative_to_the_current_directory() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            display_path(cwd, Path::new("/work/repo/wit/a.wit")),
            "wit/a.wit"
        );
        assert_eq!(
            display_path(cwd, Path::new("/work/other/b.wit")),
            "../other/b.wit"
        );
        assert_eq!(display_path(cwd, Path::new("/work/repo")), ".");
    }
}
