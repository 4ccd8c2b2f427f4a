//! Finding the WIT packages below the workspace roots.
//!
//! wit-parser's rule: every `*.wit` file directly in a directory belongs to
//! that directory's package. `deps/` folders hold dependencies, not packages
//! of the workspace, so the walk does not enter them; they are read when a
//! package's references are resolved.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::disk::Disk;
use crate::diagnostic::{Diagnostic, Severity, codes};

/// Where a package's text lives.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Location {
    /// Every `*.wit` file directly in the directory.
    Dir(PathBuf),
    /// One `.wit` file that is a whole package (named on the command line,
    /// or a single-file entry of a `deps/` folder).
    WitFile(PathBuf),
    /// A `.wasm` or `.wat` encoded package in a `deps/` folder.
    Encoded(PathBuf),
}

impl Location {
    pub fn path(&self) -> &Path {
        match self {
            Location::Dir(p) | Location::WitFile(p) | Location::Encoded(p) => p,
        }
    }

    /// The directory whose `deps/`, `deps.toml` and `wkg.toml` resolve this
    /// package's references.
    pub fn home_dir(&self) -> &Path {
        match self {
            Location::Dir(dir) => dir,
            Location::WitFile(file) | Location::Encoded(file) => {
                file.parent().unwrap_or(Path::new(""))
            }
        }
    }
}

/// Directories the walk never enters: dependencies and build outputs.
const SKIPPED_DIRS: &[&str] = &["deps", "target", "node_modules"];

pub struct Discovered {
    pub packages: Vec<Location>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn discover(roots: &[PathBuf]) -> Discovered {
    let mut found = Discovered {
        packages: Vec::new(),
        diagnostics: Vec::new(),
    };
    for root in roots {
        let before = found.packages.len();
        if root.is_file() {
            if is_wit(root) {
                found.packages.push(Location::WitFile(root.clone()));
            } else {
                found
                    .diagnostics
                    .push(io_error(root, "not a `.wit` file".to_string()));
            }
            continue;
        }
        if !root.exists() {
            found
                .diagnostics
                .push(io_error(root, "no such file or directory".to_string()));
            continue;
        }
        walk(root, &mut found);
        if found.packages.len() == before {
            found.diagnostics.push(Diagnostic {
                path: root.clone(),
                range: 0..0,
                severity: Severity::Error,
                code: codes::NO_WIT_FILES,
                message: "no `.wit` files found here (dependencies in `deps/`, hidden, ignored, `target/` and `node_modules/` folders are skipped)".to_string(),
                related: Vec::new(),
            });
        }
    }
    found.packages.sort();
    found.packages.dedup();
    found
}

fn walk(root: &Path, found: &mut Discovered) {
    let mut last_dir: Option<PathBuf> = None;
    for entry in wit_files_below(root) {
        match entry {
            Ok(path) => {
                let Some(dir) = path.parent() else { continue };
                if last_dir.as_deref() != Some(dir) {
                    last_dir = Some(dir.to_path_buf());
                    found.packages.push(Location::Dir(dir.to_path_buf()));
                }
            }
            Err(diagnostic) => found.diagnostics.push(diagnostic),
        }
    }
}

/// A walk stops after this many entries (files and folders of any kind),
/// with a warning: a root that is really `/` or a home directory would
/// otherwise keep the server busy for minutes.
const MAX_WALK_ENTRIES: usize = 200_000;

/// Every `.wit` file below `root` that belongs to a workspace package, in
/// path order: `deps/` folders, build outputs and what `.gitignore` names
/// are left out. A problem on the way (an unreadable directory, a symlink
/// loop, a link that leads out of `root`, a FIFO named `*.wit`) is a
/// warning in its place, and the walk goes on.
///
/// Links are followed only while they stay inside `root`: one to `/` or
/// `/sys` would make the walk take the whole machine.
pub fn wit_files_below(root: &Path) -> impl Iterator<Item = Result<PathBuf, Diagnostic>> {
    let root_for_errors = root.to_path_buf();
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // Filled by the entry filter, which cannot yield; emptied as the walk goes.
    let left_out: Arc<Mutex<Vec<Diagnostic>>> = Arc::default();
    let filter_out = Arc::clone(&left_out);
    let mut visited = 0usize;
    let mut stopped = false;
    let walk = ignore::WalkBuilder::new(root)
        // Outside a git repository a `.gitignore` still says what is build output.
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            if entry.depth() == 0 {
                return true;
            }
            if is_dir && SKIPPED_DIRS.iter().any(|s| entry.file_name() == *s) {
                return false;
            }
            if entry.path_is_symlink() && is_dir {
                let target = entry.path().canonicalize();
                if !target.as_ref().is_ok_and(|t| t.starts_with(&inside)) {
                    let to = target.map_or_else(
                        |_| "somewhere unreadable".to_string(),
                        |t| format!("`{}`", t.display()),
                    );
                    let message = format!("this link leads out of the workspace, to {to}; skipped");
                    let mut left_out = filter_out.lock().unwrap_or_else(|e| e.into_inner());
                    left_out.push(Diagnostic {
                        severity: Severity::Warning,
                        ..io_error(entry.path(), message)
                    });
                    return false;
                }
            }
            true
        })
        .build();
    let drain = move || std::mem::take(&mut *left_out.lock().unwrap_or_else(|e| e.into_inner()));
    let drain_at_end = drain.clone();
    walk.map_while(move |entry| {
        if stopped {
            return None;
        }
        visited += 1;
        if visited > MAX_WALK_ENTRIES {
            stopped = true;
            let message = format!("stopped looking for `.wit` files after {MAX_WALK_ENTRIES} entries below here; name a smaller folder");
            return Some(vec![Err(Diagnostic { severity: Severity::Warning, ..io_error(&root_for_errors, message) })]);
        }
        let mut out: Vec<Result<PathBuf, Diagnostic>> = drain().into_iter().map(Err).collect();
        out.extend(classify_entry(&root_for_errors, entry));
        Some(out)
    })
    .flatten()
    // Links the filter left out after the last entry; evaluated only then.
    .chain(std::iter::once(()).flat_map(move |()| drain_at_end().into_iter().map(Err)))
}

/// A `.wit` file, a warning about an entry, or nothing.
fn classify_entry(
    root: &Path,
    entry: Result<ignore::DirEntry, ignore::Error>,
) -> Option<Result<PathBuf, Diagnostic>> {
    match entry {
        Ok(entry) => {
            let kind = entry.file_type();
            if !is_wit(entry.path()) || kind.is_some_and(|t| t.is_dir()) {
                return None;
            }
            if kind.is_some_and(|t| t.is_file()) {
                return Some(Ok(entry.into_path()));
            }
            // Reading one would block or never end.
            let message = "not a regular file (a FIFO, socket or device); skipped".to_string();
            Some(Err(Diagnostic {
                severity: Severity::Warning,
                ..io_error(entry.path(), message)
            }))
        }
        Err(err) => Some(Err(walk_error(root, &err)))
            .filter(|problem| !problem.as_ref().is_err_and(is_noise)),
    }
}

/// The walk goes on after an unreadable entry or a symlink loop; the problem
/// becomes a warning on the path that caused it.
fn walk_error(root: &Path, err: &ignore::Error) -> Diagnostic {
    let mut path = root.to_path_buf();
    let mut inner = err;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            ignore::Error::Loop { child, ancestor } => {
                let message = format!(
                    "symbolic link loop: this leads back to `{}`; skipped",
                    ancestor.display()
                );
                return Diagnostic {
                    severity: Severity::Warning,
                    ..io_error(child, message)
                };
            }
            _ => break,
        }
    }
    // walkdir's own wording ("IO error for operation on …") repeats the
    // path the diagnostic already names.
    let message = match inner {
        ignore::Error::Io(err) if err.kind() == std::io::ErrorKind::NotFound => {
            "does not exist (a symbolic link to nothing?); skipped".to_string()
        }
        ignore::Error::Io(err) => format!("cannot read: {}; skipped", err.kind()),
        other => other.to_string(),
    };
    Diagnostic {
        severity: Severity::Warning,
        ..io_error(&path, message)
    }
}

/// A dangling link named like some other kind of file (`src.zip`) could
/// not have been WIT; a warning about it is noise.
fn is_noise(problem: &Diagnostic) -> bool {
    let other_extension = problem
        .path
        .extension()
        .is_some_and(|extension| extension != "wit");
    other_extension && !problem.path.exists()
}

pub fn io_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        range: 0..0,
        severity: Severity::Error,
        code: codes::IO,
        message,
        related: Vec::new(),
    }
}

pub fn is_wit(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "wit")
}

/// The `*.wit` files directly in `dir`, sorted. Symlinks to files count,
/// as in wit-parser.
pub fn wit_files_in(disk: &Disk, dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(disk
        .list(dir)?
        .iter()
        .filter(|path| is_wit(path) && disk.is_file(path))
        .cloned()
        .collect())
}
