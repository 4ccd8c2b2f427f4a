//! Compiled components on disk (the runner keeps loaded ones in memory).
//!
//! `Component::new` costs tens of milliseconds even for a small guest, while
//! deserializing a compiled copy costs well under one. The disk key hashes the
//! component's bytes together with the engine's compatibility hash (wasmtime
//! version, target and every setting that changes code generation), so a new
//! build of the guest or of wit-analyzer never picks up a stale entry.
//!
//! Deserializing an entry runs its code as native code, so an entry is
//! trusted only when this user's runner wrote it for this very key: the
//! cache directory is the user's alone (0700), and each entry ends with a
//! MAC (keyed BLAKE3) of its key and bytes under a secret that only the
//! user can read (`secret`, 0600, in the cache directory). An entry that
//! fails any check is deleted and compiled again.

use std::fs::{DirBuilder, File, OpenOptions};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
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
    /// `None` when there is no disk cache, or none that is safe to use.
    disk: Option<Disk>,
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

/// A private cache directory and the secret its entries are signed with.
#[derive(Clone)]
struct Disk {
    dir: PathBuf,
    secret: [u8; SECRET_LEN],
}

const SECRET_LEN: usize = 32;
const TAG_LEN: usize = 32;
/// Bigger entries are not read: a real compiled component is a few MiB.
const MAX_ENTRY_BYTES: u64 = 1 << 30;

impl CompiledCache {
    /// A directory that cannot be made private, or whose secret cannot be
    /// read or made, means no disk cache: only speed is lost.
    pub(crate) fn new(engine: &Engine, dir: Option<PathBuf>) -> Self {
        let mut hasher = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        let disk = dir.and_then(|dir| Disk::open(dir).ok());
        Self {
            disk,
            engine_key: format!("{:016x}", hasher.finish()),
            writers: Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn dir(&self) -> Option<&Path> {
        self.disk.as_ref().map(|d| d.dir.as_path())
    }

    /// `key` is `content_key(bytes)`, which the caller has already computed.
    pub(crate) fn get_or_compile(
        &self,
        engine: &Engine,
        bytes: &[u8],
        key: &ContentKey,
    ) -> wasmtime::Result<(Component, CacheStatus)> {
        let Some(disk) = &self.disk else {
            return Ok((Component::new(engine, bytes)?, CacheStatus::Compiled));
        };
        let name = self.entry_name(key);
        if let Some(component) = disk.load(engine, &name) {
            return Ok((component, CacheStatus::Disk));
        }
        let component = Component::new(engine, bytes)?;
        let compiled = component.clone();
        let disk = disk.clone();
        let writer = thread::spawn(move || {
            // A cache that cannot be written only costs speed later.
            if let Ok(bytes) = compiled.serialize() {
                let _ = disk.store(&name, bytes);
                prune(&disk.dir);
            }
        });
        let mut writers = self.writers.lock().unwrap_or_else(|e| e.into_inner());
        writers.retain(|w| !w.is_finished());
        writers.push(writer);
        Ok((component, CacheStatus::Compiled))
    }

    /// The file name holds the content key and the engine; the tag binds
    /// the name to the bytes, so an entry renamed to another key is refused.
    fn entry_name(&self, key: &ContentKey) -> String {
        let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
        format!("{hex}-{}.cwasm", self.engine_key)
    }
}

impl Disk {
    fn open(dir: PathBuf) -> std::io::Result<Disk> {
        DirBuilder::new().recursive(true).mode(0o700).create(&dir)?;
        let meta = std::fs::symlink_metadata(&dir)?;
        if !meta.is_dir() || !owned_and_private(&meta, 0o077) {
            // Fixing a directory of ours that is too open is safe; one of
            // someone else's, or a link, is not used at all.
            if meta.is_dir() && meta.uid() == current_uid() {
                std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))?;
            } else {
                return Err(std::io::Error::other(
                    "the cache directory is not private to this user",
                ));
            }
        }
        let secret = read_or_make_secret(&dir.join("secret"))?;
        Ok(Disk { dir, secret })
    }

    /// The MAC of an entry named `name`, before its bytes are fed in.
    fn mac(&self, name: &str) -> blake3::Hasher {
        let mut mac = blake3::Hasher::new_keyed(&self.secret);
        mac.update(b"wit-analyzer compiled component v1\0");
        mac.update(name.as_bytes());
        mac.update(&[0]);
        mac
    }

    /// The entry, if it exists and passes every check; one that fails is
    /// deleted.
    fn load(&self, engine: &Engine, name: &str) -> Option<Component> {
        let path = self.dir.join(name);
        let bytes = match read_private_file(&path, MAX_ENTRY_BYTES) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return None,
            Err(_) => {
                let _ = std::fs::remove_file(&path);
                return None;
            }
        };
        let verified = bytes.len().checked_sub(TAG_LEN).and_then(|split| {
            let (code, tag) = bytes.split_at(split);
            let mut mac = self.mac(name);
            mac.update(code);
            let tag: [u8; TAG_LEN] = tag.try_into().ok()?;
            // `Hash` compares in constant time.
            (mac.finalize() == blake3::Hash::from_bytes(tag)).then_some(code)
        });
        let Some(code) = verified else {
            let _ = std::fs::remove_file(&path);
            return None;
        };
        // SAFETY: wasmtime trusts a serialized component to be its own
        // output. These bytes are: they carry a tag that only this user's
        // runner can make, over this entry's name (content and engine), in
        // a directory only this user can write. wasmtime still checks the
        // header; an entry it rejects is simply compiled again.
        match unsafe { Component::deserialize(engine, code) } {
            Ok(component) => Some(component),
            Err(_) => {
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    fn store(&self, name: &str, mut bytes: Vec<u8>) -> std::io::Result<()> {
        let mut mac = self.mac(name);
        mac.update(&bytes);
        bytes.extend_from_slice(mac.finalize().as_bytes());
        write_atomically(&self.dir.join(name), &bytes)
    }
}

fn current_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// Owned by this user, and none of the `forbidden` permission bits set.
fn owned_and_private(meta: &std::fs::Metadata, forbidden: u32) -> bool {
    meta.uid() == current_uid() && meta.mode() & forbidden == 0
}

/// A regular file of this user's that no one else can write, read whole up
/// to `limit` bytes; `None` if there is no such file. Links are not followed.
fn read_private_file(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let file = match OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() || !owned_and_private(&meta, 0o022) || meta.len() > limit {
        return Err(std::io::Error::other("not a private regular file"));
    }
    read_at_most(&file, limit)?
        .map(Some)
        .ok_or_else(|| std::io::Error::other("larger than it said"))
}

/// All of `file` if it holds at most `limit` bytes, `None` if it holds
/// more; never more than `limit + 1` bytes are read, whatever size the file
/// reports.
pub(crate) fn read_at_most(file: &File, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let reported = file.metadata().map_or(0, |m| m.len()).min(limit);
    let mut bytes = Vec::with_capacity(reported as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn read_or_make_secret(path: &Path) -> std::io::Result<[u8; SECRET_LEN]> {
    let existing = |bytes: Vec<u8>| -> std::io::Result<[u8; SECRET_LEN]> {
        bytes
            .try_into()
            .map_err(|_| std::io::Error::other("the cache secret has the wrong length"))
    };
    // Readable by no one else, not only writable.
    if let Ok(file) = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        let meta = file.metadata()?;
        if !meta.is_file() || !owned_and_private(&meta, 0o077) {
            return Err(std::io::Error::other(
                "the cache secret is not private to this user",
            ));
        }
        return existing(read_at_most(&file, SECRET_LEN as u64)?.unwrap_or_default());
    }
    let mut secret = [0u8; SECRET_LEN];
    File::open("/dev/urandom")?.read_exact(&mut secret)?;
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(&secret)?;
            file.sync_all()?;
            Ok(secret)
        }
        // Another process made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read_or_make_secret(path),
        Err(e) => Err(e),
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

/// Each rebuild of a guest adds an entry; only the newest are kept.
const DISK_ENTRIES: usize = 64;

fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
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
    // tempfile creates the file 0600.
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
            file.set_modified(start + Duration::from_secs(i as u64))
                .unwrap();
        }
        prune(dir.path());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), DISK_ENTRIES);
        assert!(!dir.path().join("5.cwasm").exists(), "the oldest go");
        assert!(dir.path().join("6.cwasm").exists(), "the newest stay");
    }
}
