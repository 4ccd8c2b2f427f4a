//! File text as the analysis sees it: editor buffers (the overlay) over the
//! disk.
//!
//! Every read goes through here so that the language server's unsaved edits
//! and the CLI's disk reads follow exactly the same path. Reads of the
//! [`FileSystem`] are cached until [`Files::invalidate`] says the file
//! changed.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use crate::file_system::{BytePosition, FileSystem};
pub use crate::file_system::{FileError, read_capped};

/// Larger files are refused rather than parsed: WIT files are hand-written
/// interfaces, and a multi-megabyte one is almost certainly generated junk
/// or a mistake, which would otherwise stall an editor on every keystroke.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub type FileText = Result<Arc<str>, FileError>;

pub struct Files {
    fs: Arc<dyn FileSystem>,
    overlay: HashMap<PathBuf, Arc<str>>,
    /// Disk reads, shared by every check until the file changes.
    disk: Mutex<HashMap<PathBuf, FileText>>,
}

impl Files {
    pub fn new(fs: Arc<dyn FileSystem>) -> Files {
        Files {
            fs,
            overlay: HashMap::new(),
            disk: Mutex::default(),
        }
    }

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
            .or_insert_with(|| read_text(&*self.fs, path))
            .clone()
    }
}

fn read_text(fs: &dyn FileSystem, path: &Path) -> FileText {
    let bytes = fs.read(path, MAX_FILE_BYTES)?;
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
