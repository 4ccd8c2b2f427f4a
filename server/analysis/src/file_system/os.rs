//! The disk. The only place in the analysis that makes system calls.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use super::{FileError, FileSystem, Kind, SKIPPED_DIRS, Walked, is_wit};

#[derive(Clone, Copy, Debug, Default)]
pub struct OsFileSystem;

impl FileSystem for OsFileSystem {
    fn kind(&self, path: &Path) -> Kind {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Kind::Dir,
            Ok(_) => Kind::File,
            Err(_) => Kind::Missing,
        }
    }

    fn list(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        Ok(paths)
    }

    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
        read_capped(path, limit)
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        std::fs::canonicalize(path).ok()
    }

    fn walk_wit_files(&self, root: &Path) -> Box<dyn Iterator<Item = Walked> + '_> {
        Box::new(walk(root))
    }
}

/// At most `limit` bytes of the regular file at `path` (links followed);
/// `Err(TooLarge)` past that. The size a file reports is not trusted: files
/// such as `/proc/self/pagemap` say 0 and have no end.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking, so that opening a FIFO named `*.wit` cannot hang.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| FileError::Io(e.to_string()))?;
    let metadata = file.metadata().map_err(|e| FileError::Io(e.to_string()))?;
    if !metadata.is_file() {
        return Err(FileError::NotRegular);
    }
    if metadata.len() > limit {
        return Err(FileError::TooLarge {
            bytes: metadata.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // Whole chunks: some such files (`pagemap`) take only aligned reads.
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = match file.read(&mut chunk) {
            Ok(0) => return Ok(bytes),
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(FileError::Io(e.to_string())),
        };
        bytes.extend_from_slice(&chunk[..read]);
        if bytes.len() as u64 > limit {
            return Err(FileError::TooLarge {
                bytes: bytes.len() as u64,
                limit,
            });
        }
    }
}

/// A walk stops after this many entries (files and folders of any kind),
/// with a warning: a root that is really `/` or a home directory would
/// otherwise keep the server busy for minutes.
const MAX_WALK_ENTRIES: usize = 200_000;

/// What `.gitignore` names is left out too. A problem on the way is
/// reported in its place, and the walk goes on.
///
/// Links are followed only while they stay inside `root`: one to `/` or
/// `/sys` would make the walk take the whole machine.
fn walk(root: &Path) -> impl Iterator<Item = Walked> + use<> {
    let root_for_errors = root.to_path_buf();
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // Filled by the entry filter, which cannot yield; emptied as the walk goes.
    let left_out: Arc<Mutex<Vec<Walked>>> = Arc::default();
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
                    let mut left_out = filter_out.lock().unwrap_or_else(|e| e.into_inner());
                    left_out.push(Walked::Skipped {
                        path: entry.path().to_path_buf(),
                        message: format!("this link leads out of the workspace, to {to}; skipped"),
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
            return Some(vec![Walked::Skipped {
                path: root_for_errors.clone(),
                message: format!(
                    "stopped looking for `.wit` files after {MAX_WALK_ENTRIES} entries below here; name a smaller folder"
                ),
            }]);
        }
        let mut out = drain();
        out.extend(classify_entry(&root_for_errors, entry));
        Some(out)
    })
    .flatten()
    // Links the filter left out after the last entry; evaluated only then.
    .chain(std::iter::once(()).flat_map(move |()| drain_at_end()))
}

/// A `.wit` file, a warning about an entry, or nothing.
fn classify_entry(root: &Path, entry: Result<ignore::DirEntry, ignore::Error>) -> Option<Walked> {
    match entry {
        Ok(entry) => {
            let kind = entry.file_type();
            if !is_wit(entry.path()) || kind.is_some_and(|t| t.is_dir()) {
                return None;
            }
            if kind.is_some_and(|t| t.is_file()) {
                return Some(Walked::Wit(entry.into_path()));
            }
            // Reading one would block or never end.
            Some(Walked::Skipped {
                path: entry.into_path(),
                message: "not a regular file (a FIFO, socket or device); skipped".to_string(),
            })
        }
        Err(err) => Some(walk_error(root, &err)).filter(|problem| !is_noise(problem)),
    }
}

/// The walk goes on after an unreadable entry or a symlink loop; the problem
/// is reported on the path that caused it.
fn walk_error(root: &Path, err: &ignore::Error) -> Walked {
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
                return Walked::Skipped {
                    path: child.clone(),
                    message: format!(
                        "symbolic link loop: this leads back to `{}`; skipped",
                        ancestor.display()
                    ),
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
    Walked::Skipped { path, message }
}

/// A dangling link named like some other kind of file (`src.zip`) could
/// not have been WIT; a warning about it is noise.
fn is_noise(problem: &Walked) -> bool {
    let Walked::Skipped { path, .. } = problem else {
        return false;
    };
    let other_extension = path.extension().is_some_and(|extension| extension != "wit");
    other_extension && !path.exists()
}
