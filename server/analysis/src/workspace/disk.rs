//! What the workspace has seen of the file system: whether a path is a file
//! or a directory, and what a directory holds, asked of its
//! [`FileSystem`] once and kept.
//!
//! A keystroke re-checks one package, but finding its dependents walks every
//! package; asking the disk each time made a keystroke cost a `stat` and a
//! `read_dir` per package. Answers are kept until
//! [`super::Workspace::file_changed`] reports a change under the path.

use crate::file_system::FileSystem;
pub use crate::file_system::Kind;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

/// A directory's entries, sorted, or why it cannot be read.
pub type Listing = Result<Arc<Vec<PathBuf>>, String>;

pub struct Disk {
    fs: Arc<dyn FileSystem>,
    kinds: Mutex<HashMap<PathBuf, Kind>>,
    listings: Mutex<HashMap<PathBuf, Listing>>,
    /// System calls made, so tests can tell a cached answer from a fresh one.
    reads: AtomicUsize,
}

impl Disk {
    pub fn new(fs: Arc<dyn FileSystem>) -> Disk {
        Disk {
            fs,
            kinds: Mutex::default(),
            listings: Mutex::default(),
            reads: AtomicUsize::new(0),
        }
    }

    pub fn file_system(&self) -> &Arc<dyn FileSystem> {
        &self.fs
    }

    /// Follows symbolic links, as `Path::is_file` does.
    pub fn kind(&self, path: &Path) -> Kind {
        let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&kind) = kinds.get(path) {
            return kind;
        }
        *kinds.entry(path.to_path_buf()).or_insert_with(|| {
            self.reads.fetch_add(1, Ordering::Relaxed);
            self.fs.kind(path)
        })
    }

    pub fn is_file(&self, path: &Path) -> bool {
        self.kind(path) == Kind::File
    }

    pub fn list(&self, dir: &Path) -> Listing {
        let mut listings = self.listings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(listing) = listings.get(dir) {
            return listing.clone();
        }
        listings
            .entry(dir.to_path_buf())
            .or_insert_with(|| {
                self.reads.fetch_add(1, Ordering::Relaxed);
                Ok(Arc::new(self.fs.list(dir)?))
            })
            .clone()
    }

    /// Forgets what was seen of `path`, of everything below it (it may have
    /// been a directory) and of its directory's listing.
    pub fn invalidate(&mut self, path: &Path) {
        let stale = |p: &PathBuf| p.starts_with(path);
        self.kinds
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|p, _| !stale(p));
        let listings = self.listings.get_mut().unwrap_or_else(|e| e.into_inner());
        listings.retain(|p, _| !stale(p));
        if let Some(parent) = path.parent() {
            listings.remove(parent);
        }
    }

    #[cfg(test)]
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }
}
