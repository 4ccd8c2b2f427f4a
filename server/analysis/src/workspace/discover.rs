//! Finding the WIT packages below the workspace roots.
//!
//! wit-parser's rule: every `*.wit` file directly in a directory belongs to
//! that directory's package. `deps/` folders hold dependencies, not packages
//! of the workspace, so the walk does not enter them; they are read when a
//! package's references are resolved.

use std::path::{Path, PathBuf};

use super::disk::{Disk, Kind};
use crate::diagnostic::{Diagnostic, Severity, codes};
pub(crate) use crate::file_system::is_wit;
use crate::file_system::{FileSystem, Walked};

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

pub struct Discovered {
    pub packages: Vec<Location>,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn discover(fs: &dyn FileSystem, roots: &[PathBuf]) -> Discovered {
    let mut found = Discovered {
        packages: Vec::new(),
        diagnostics: Vec::new(),
    };
    for root in roots {
        let before = found.packages.len();
        let kind = fs.kind(root);
        if kind == Kind::File {
            if is_wit(root) {
                found.packages.push(Location::WitFile(root.clone()));
            } else {
                found
                    .diagnostics
                    .push(io_error(root, "not a `.wit` file".to_string()));
            }
            continue;
        }
        if kind == Kind::Missing {
            found
                .diagnostics
                .push(io_error(root, "no such file or directory".to_string()));
            continue;
        }
        walk(fs, root, &mut found);
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

fn walk(fs: &dyn FileSystem, root: &Path, found: &mut Discovered) {
    let mut last_dir: Option<PathBuf> = None;
    for entry in wit_files_below(fs, root) {
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

/// Every `.wit` file below `root` that belongs to a workspace package, in
/// path order: `deps/` folders, build outputs and what `.gitignore` names
/// are left out. A problem on the way (an unreadable directory, a symlink
/// loop, a link that leads out of `root`, a FIFO named `*.wit`) is a
/// warning in its place, and the walk goes on.
pub fn wit_files_below<'fs>(
    fs: &'fs dyn FileSystem,
    root: &Path,
) -> impl Iterator<Item = Result<PathBuf, Diagnostic>> + 'fs {
    fs.walk_wit_files(root).map(|walked| match walked {
        Walked::Wit(path) => Ok(path),
        Walked::Skipped { path, message } => Err(Diagnostic {
            severity: Severity::Warning,
            ..io_error(&path, message)
        }),
    })
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
