//! What the workspace has seen of the file system: whether a path is a file
//! or a directory, and what a directory holds.
//!
//! A keystroke re-checks one package, but finding its dependents walks every
//! package; asking the disk each time made a keystroke cost a `stat` and a
//! `read_dir` per package. Answers are kept until
//! [`super::Workspace::file_changed`] reports a change under the path.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    Missing,
}

/// A directory's entries, sorted, or why it cannot be read.
pub type Listing = Result<Arc<Vec<PathBuf>>, String>;

#[derive(Default)]
pub struct Disk {
    kinds: Mutex<HashMap<PathBuf, Kind>>,
    listings: Mutex<HashMap<PathBuf, Listing>>,
    /// System calls made, so tests can tell a cached answer from a fresh one.
    reads: AtomicUsize,
}

impl Disk {
    /// Follows symbolic links, as `Path::is_file` does.
    pub fn kind(&self, path: &Path) -> Kind {
        let mut kinds = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&kind) = kinds.get(path) {
            return kind;
        }
        *kinds.entry(path.to_path_buf()).or_insert_with(|| {
            self.reads.fetch_add(1, Ordering::Relaxed);
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Kind::Dir,
                Ok(_) => Kind::File,
                Err(_) => Kind::Missing,
            }
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
                let entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
                let mut paths: Vec<PathBuf> =
                    entries.filter_map(|e| Some(e.ok()?.path())).collect();
                paths.sort();
                Ok(Arc::new(paths))
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
