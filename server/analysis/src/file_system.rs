//! Every question the analysis asks the file system, behind one trait.
//!
//! The disk ([`OsFileSystem`]) serves the CLI and the language server; a
//! map of paths to bytes ([`MemoryFileSystem`]) serves tests, which then need
//! no temporary directories. Nothing else in this crate touches the disk, so
//! what a test puts into memory is all the analysis can see.
//!
//! Editor buffers are not a file system: they lie over it, in
//! `workspace::files`.

mod memory;
mod os;

use std::{
    fmt,
    path::{Path, PathBuf},
};

pub use memory::MemoryFileSystem;
pub use os::{OsFileSystem, read_capped};

/// What is at a path, links followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Missing,
}

/// What a walk for `.wit` files meets, in path order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Walked {
    Wit(PathBuf),
    /// Something the walk skipped and the user should hear about: an
    /// unreadable folder, a link loop, a FIFO named `*.wit`.
    Skipped {
        path: PathBuf,
        message: String,
    },
}

/// Folders a walk never enters: dependencies (read when a package's
/// references are resolved) and build outputs.
pub const SKIPPED_DIRS: &[&str] = &["deps", "target", "node_modules"];

pub trait FileSystem: Send + Sync {
    fn kind(&self, path: &Path) -> Kind;

    /// The entries of a directory, sorted, or why it cannot be read.
    fn list(&self, dir: &Path) -> Result<Vec<PathBuf>, String>;

    /// At most `limit` bytes of the regular file at `path`; `TooLarge` past
    /// that.
    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, FileError>;

    /// `path` with links resolved, when it exists.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;

    /// Every `.wit` file below `root` that belongs to a workspace package:
    /// not in [`SKIPPED_DIRS`], hidden or ignored folders.
    fn walk_wit_files(&self, root: &Path) -> Box<dyn Iterator<Item = Walked> + '_>;
}

/// Where a bad byte is: the file has no text to put a range into, so the
/// message says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BytePosition {
    pub line: usize,
    pub column: usize,
}

impl BytePosition {
    /// 1-based line and character column of `offset`, counting only the
    /// valid text before it.
    pub fn of(bytes: &[u8], offset: usize) -> BytePosition {
        let before = &bytes[..offset.min(bytes.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        BytePosition {
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column,
        }
    }
}

/// Why a file's text is not available.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    Io(String),
    /// A FIFO, socket or device: reading it could block or never end.
    NotRegular,
    NotUtf8(BytePosition),
    NulByte(BytePosition),
    /// `limit` is what this kind of file may have: 8 MiB of WIT text.
    TooLarge {
        bytes: u64,
        limit: u64,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Io(message) => write!(f, "cannot read file: {message}"),
            FileError::NotRegular => f.write_str("not a regular file"),
            FileError::NotUtf8(at) => write!(
                f,
                "file is not valid UTF-8 (line {}, column {}); WIT files must be UTF-8 text",
                at.line, at.column
            ),
            FileError::NulByte(at) => write!(
                f,
                "file contains a NUL byte (line {}, column {}); WIT files must be text",
                at.line, at.column
            ),
            FileError::TooLarge { bytes, limit } => write!(
                f,
                "file is too large to analyse ({:.1} MiB; the limit is {} MiB)",
                *bytes as f64 / (1024.0 * 1024.0),
                limit / (1024 * 1024)
            ),
        }
    }
}

pub(crate) fn is_wit(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "wit")
}
