//! A file system held in a map, for tests: fixtures are written into it
//! instead of into temporary directories, and nothing of the disk leaks in.

use std::{
    collections::BTreeMap,
    path::{Component, Path, PathBuf},
    sync::{Arc, RwLock},
};

use super::{FileError, FileSystem, Kind, SKIPPED_DIRS, Walked, is_wit};

/// Paths are taken as they are given: tests use absolute, normalised ones
/// (`/ws/app/world.wit`). There are no links, so nothing to canonicalise,
/// and no `.gitignore` rules.
#[derive(Debug, Default)]
pub struct MemoryFileSystem {
    entries: RwLock<BTreeMap<PathBuf, Entry>>,
}

#[derive(Clone, Debug)]
enum Entry {
    File(Arc<[u8]>),
    Dir,
}

impl MemoryFileSystem {
    pub fn new() -> MemoryFileSystem {
        MemoryFileSystem::default()
    }

    /// Writes the file, making the folders above it.
    pub fn write(&self, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
        let path = path.as_ref();
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        for dir in path
            .ancestors()
            .skip(1)
            .filter(|d| !d.as_os_str().is_empty())
        {
            entries.insert(dir.to_path_buf(), Entry::Dir);
        }
        entries.insert(path.to_path_buf(), Entry::File(contents.as_ref().into()));
    }

    /// Makes the folder and the folders above it.
    pub fn create_dir(&self, path: impl AsRef<Path>) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        for dir in path
            .as_ref()
            .ancestors()
            .filter(|d| !d.as_os_str().is_empty())
        {
            entries.insert(dir.to_path_buf(), Entry::Dir);
        }
    }

    /// Removes the file, or the folder and everything in it.
    pub fn remove(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.retain(|p, _| !p.starts_with(path));
    }

    fn entry(&self, path: &Path) -> Option<Entry> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(path).cloned()
    }

    /// Every path below `dir`, in order. Below-ness is by component, and a
    /// `BTreeMap` of paths orders by component, so they are contiguous.
    fn below(&self, dir: &Path) -> Vec<(PathBuf, Entry)> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        (entries.range(dir.to_path_buf()..))
            .skip_while(|(p, _)| p.as_path() == dir)
            .take_while(|(p, _)| p.starts_with(dir))
            .map(|(p, e)| (p.clone(), e.clone()))
            .collect()
    }
}

impl FileSystem for MemoryFileSystem {
    fn kind(&self, path: &Path) -> Kind {
        match self.entry(path) {
            Some(Entry::File(_)) => Kind::File,
            Some(Entry::Dir) => Kind::Dir,
            None => Kind::Missing,
        }
    }

    fn list(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        match self.entry(dir) {
            Some(Entry::Dir) => {}
            Some(Entry::File(_)) => return Err("Not a directory (os error 20)".to_string()),
            None => return Err("No such file or directory (os error 2)".to_string()),
        }
        Ok((self.below(dir).into_iter())
            .map(|(path, _)| path)
            .filter(|path| path.parent() == Some(dir))
            .collect())
    }

    fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
        match self.entry(path) {
            Some(Entry::File(bytes)) if bytes.len() as u64 > limit => Err(FileError::TooLarge {
                bytes: bytes.len() as u64,
                limit,
            }),
            Some(Entry::File(bytes)) => Ok(bytes.to_vec()),
            Some(Entry::Dir) => Err(FileError::NotRegular),
            None => Err(FileError::Io(
                "No such file or directory (os error 2)".to_string(),
            )),
        }
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        self.entry(path).map(|_| path.to_path_buf())
    }

    fn walk_wit_files(&self, root: &Path) -> Box<dyn Iterator<Item = Walked> + '_> {
        let skipped = |path: &Path| {
            let relative = path.strip_prefix(root).unwrap_or(path);
            let mut folders = relative.parent().into_iter().flat_map(Path::components);
            let hidden = relative.components().any(
                |c| matches!(c, Component::Normal(name) if name.to_string_lossy().starts_with('.')),
            );
            hidden || folders.any(|c| SKIPPED_DIRS.iter().any(|s| c.as_os_str() == *s))
        };
        let found: Vec<Walked> = (self.below(root).into_iter())
            .filter(|(path, entry)| matches!(entry, Entry::File(_)) && is_wit(path))
            .filter(|(path, _)| !skipped(path))
            .map(|(path, _)| Walked::Wit(path))
            .collect();
        Box::new(found.into_iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_made_listed_and_walked_in_path_order() {
        let fs = MemoryFileSystem::new();
        fs.write("/ws/b/b.wit", "package x:b;");
        fs.write("/ws/a.wit", "package x:a;");
        fs.write("/ws/a/deps/d/d.wit", "package x:d;");
        fs.write("/ws/a/inner.wit", "package x:a2;");
        fs.write("/ws/.hidden/h.wit", "package x:h;");
        fs.write("/ws/notes.txt", "not wit");

        assert_eq!(fs.kind(Path::new("/ws/a")), Kind::Dir);
        assert_eq!(fs.kind(Path::new("/ws/a.wit")), Kind::File);
        assert_eq!(fs.kind(Path::new("/ws/c")), Kind::Missing);
        assert_eq!(
            fs.list(Path::new("/ws")).unwrap(),
            [
                "/ws/.hidden",
                "/ws/a",
                "/ws/a.wit",
                "/ws/b",
                "/ws/notes.txt"
            ]
            .map(PathBuf::from)
        );
        let walked: Vec<Walked> = fs.walk_wit_files(Path::new("/ws")).collect();
        assert_eq!(
            walked,
            ["/ws/a/inner.wit", "/ws/a.wit", "/ws/b/b.wit"].map(|p| Walked::Wit(p.into()))
        );
        assert!(fs.list(Path::new("/ws/a.wit")).is_err());
    }

    #[test]
    fn reads_are_capped_and_removal_takes_the_folder() {
        let fs = MemoryFileSystem::new();
        fs.write("/ws/p/a.wit", "0123456789");
        assert_eq!(
            fs.read(Path::new("/ws/p/a.wit"), 10).unwrap(),
            b"0123456789"
        );
        assert_eq!(
            fs.read(Path::new("/ws/p/a.wit"), 9),
            Err(FileError::TooLarge {
                bytes: 10,
                limit: 9
            })
        );
        assert_eq!(fs.read(Path::new("/ws/p"), 10), Err(FileError::NotRegular));
        fs.remove("/ws/p");
        assert_eq!(fs.kind(Path::new("/ws/p/a.wit")), Kind::Missing);
        assert_eq!(fs.kind(Path::new("/ws")), Kind::Dir);
        assert!(matches!(
            fs.read(Path::new("/ws/p/a.wit"), 10),
            Err(FileError::Io(_))
        ));
    }
}
