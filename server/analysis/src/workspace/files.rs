//! File text as the analysis sees it: editor buffers (the overlay) over the
//! disk.
//!
//! Every read goes through here so that the language server's unsaved edits
//! and the CLI's disk reads follow exactly the same path. Disk reads are
//! cached until [`Files::invalidate`] says the file changed.

use std::{
    collections::HashMap,
    fmt,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

/// Larger files are refused rather than parsed: WIT files are hand-written
/// interfaces, and a multi-megabyte one is almost certainly generated junk
/// or a mistake, which would otherwise stall an editor on every keystroke.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Why a file's text is not available.
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
    fn of(bytes: &[u8], offset: usize) -> BytePosition {
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

pub type FileText = Result<Arc<str>, FileError>;

#[derive(Default)]
pub struct Files {
    overlay: HashMap<PathBuf, Arc<str>>,
    /// Disk reads, shared by every check until the file changes.
    disk: Mutex<HashMap<PathBuf, FileText>>,
}

impl Files {
    pub fn set_overlay(&mut self, path: &Path, text: Option<Arc<str>>) {
        match text {
            Some(text) => self.overlay.insert(path.to_path_buf(), text),
            None => self.overlay.remove(path),
        };
    }

    pub fn has_overlay(&self, path: &Path) -> bool {
        self.overlay.contains_key(path)
    }

    pub fn overlay_paths(&self) -> impl Iterator<Item = &Path> {
        self.overlay.keys().map(PathBuf::as_path)
    }

    pub fn invalidate(&mut self, path: &Path) {
        self.disk
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .remove(path);
    }

    /// The text of `path`: the overlay's if the file is open, else the disk's.
    pub fn text(&self, path: &Path) -> FileText {
        if let Some(text) = self.overlay.get(path) {
            // An editor buffer gets no more than the same file on disk.
            let bytes = text.len() as u64;
            if bytes > MAX_FILE_BYTES {
                return Err(FileError::TooLarge {
                    bytes,
                    limit: MAX_FILE_BYTES,
                });
            }
            return Ok(text.clone());
        }
        let mut disk = self.disk.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(text) = disk.get(path) {
            return text.clone();
        }
        disk.entry(path.to_path_buf())
            .or_insert_with(|| read_text(path))
            .clone()
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

fn read_text(path: &Path) -> FileText {
    let bytes = read_capped(path, MAX_FILE_BYTES)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        FileError::NotUtf8(BytePosition::of(e.as_bytes(), offset))
    })?;
    if let Some(offset) = text.find('\0') {
        return Err(FileError::NulByte(BytePosition::of(
            text.as_bytes(),
            offset,
        )));
    }
    Ok(text.into())
}
