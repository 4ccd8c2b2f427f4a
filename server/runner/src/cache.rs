//! Compiled components on disk (the runner keeps loaded ones in memory).
//!
//! `Component::new` costs tens of milliseconds even for a small guest, while
//! deserializing a compiled copy costs well under one. The disk key hashes the
//! component's bytes together with the engine's compatibility hash (wasmtime
//! version, target and every setting that changes code generation), so a new
//! build of the guest or of wit-analyzer never picks up a stale entry.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::{self, JoinHandle};

use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

/// How a component was obtained, reported with each call's timings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CacheStatus {
    /// Already loaded in this process.
    #[default]
    Memory,
    /// Deserialized from the on-disk cache.
    Disk,
    /// Compiled now (and written to the disk cache).
    Compiled,
}

pub(crate) struct CompiledCache {
    dir: Option<PathBuf>,
    engine_key: String,
    /// Entries being written. Writing happens off the caller's path (the
    /// first run after a rebuild should cost no more than compiling), and
    /// dropping the cache waits for it, so a short-lived CLI still leaves
    /// its entry behind.
    writers: Mutex<Vec<JoinHandle<()>>>,
}

pub(crate) type ContentKey = [u8; 32];

pub(crate) fn content_key(bytes: &[u8]) -> ContentKey {
    Sha256::digest(bytes).into()
}

impl CompiledCache {
    pub(crate) fn new(engine: &Engine, dir: Option<PathBuf>) -> Self {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        Self { dir, engine_key: format!("{:016x}", hasher.finish()), writers: Mutex::new(Vec::new()) }
    }

    pub(crate) fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// `key` is `content_key(bytes)`, which the caller has already computed.
    pub(crate) fn get_or_compile(
        &self,
        engine: &Engine,
        bytes: &[u8],
        key: &ContentKey,
    ) -> wasmtime::Result<(Component, CacheStatus)> {
        let path = self.disk_path(key);
        if let Some(component) = path.as_deref().and_then(|p| deserialize(engine, p)) {
            return Ok((component, CacheStatus::Disk));
        }
        let component = Component::new(engine, bytes)?;
        if let Some(path) = path {
            let compiled = component.clone();
            let writer = thread::spawn(move || {
                // A cache that cannot be written only costs speed later.
                if let Ok(bytes) = compiled.serialize() {
                    let _ = write_atomically(&path, &bytes);
                    prune(path.parent().expect("cache entries live in a directory"));
                }
            });
            let mut writers = self.writers.lock().unwrap_or_else(|e| e.into_inner());
            writers.retain(|w| !w.is_finished());
            writers.push(writer);
        }
        Ok((component, CacheStatus::Compiled))
    }

    fn disk_path(&self, key: &ContentKey) -> Option<PathBuf> {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        Some(self.dir.as_ref()?.join(format!("{hex}-{}.cwasm", self.engine_key)))
    }
}

impl Drop for CompiledCache {
    fn drop(&mut self) {
        let writers = std::mem::take(self.writers.get_mut().unwrap_or_else(|e| e.into_inner()));
        for writer in writers {
            let _ = writer.join();
        }
    }
}

fn deserialize(engine: &Engine, path: &Path) -> Option<Component> {
    if !path.is_file() {
        return None;
    }
    // SAFETY: wasmtime trusts a serialized component to be its own output.
    // Only this cache writes these files (atomically, under a name that holds
    // the engine's compatibility hash), and wasmtime still checks the header;
    // an entry it rejects is simply compiled again.
    unsafe { Component::deserialize_file(engine, path) }.ok()
}

/// Each rebuild of a guest adds an entry; only the newest are kept.
const DISK_ENTRIES: usize = 64;

fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "cwasm"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= DISK_ENTRIES {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - DISK_ENTRIES] {
        let _ = std::fs::remove_file(path);
    }
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("cache entries live in a directory");
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn pruning_keeps_the_newest_entries() {
        let dir = tempfile::tempdir().unwrap();
        let start = SystemTime::now() - Duration::from_secs(1000);
        for i in 0..DISK_ENTRIES + 6 {
            let file = std::fs::File::create(dir.path().join(format!("{i}.cwasm"))).unwrap();
            file.set_modified(start + Duration::from_secs(i as u64)).unwrap();
        }
        prune(dir.path());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), DISK_ENTRIES);
        assert!(!dir.path().join("5.cwasm").exists(), "the oldest go");
        assert!(dir.path().join("6.cwasm").exists(), "the newest stay");
    }
}
