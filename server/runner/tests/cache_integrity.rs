//! The on-disk cache of compiled components runs only what this user's
//! runner wrote for that very component: deserializing an entry runs it as
//! native code, so anything else in the cache must be compiled afresh.

mod common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use runner::{CacheStatus, RunOptions, Runner, RunnerConfig};

/// A component other than the WAT fixture, to swap entries between.
const SEVEN: &str = r#"(component
  (core module $m (func (export "seven") (result i32) i32.const 7))
  (core instance $i (instantiate $m))
  (func (export "seven") (result u32) (canon lift (core func $i "seven")))
)"#;

fn runner_with(cache: &Path) -> Runner {
    Runner::new(RunnerConfig {
        cache_dir: Some(cache.to_path_buf()),
    })
    .expect("the engine starts")
}

/// Compiles `bytes` with a cache in `cache` and returns the entry it wrote.
fn cached_entry(cache: &Path, bytes: &[u8]) -> PathBuf {
    let before = entries(cache);
    let runner = runner_with(cache);
    assert_eq!(
        runner.load_bytes(bytes).unwrap().cache,
        CacheStatus::Compiled
    );
    // Dropping the runner waits for the entry to be written.
    drop(runner);
    let mut new: Vec<PathBuf> = entries(cache)
        .into_iter()
        .filter(|e| !before.contains(e))
        .collect();
    assert_eq!(new.len(), 1, "one new entry");
    new.pop().unwrap()
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(cache) else {
        return Vec::new();
    };
    dir.flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "cwasm"))
        .collect()
}

fn load_status(cache: &Path, bytes: &[u8]) -> CacheStatus {
    runner_with(cache).load_bytes(bytes).unwrap().cache
}

#[test]
fn an_untouched_entry_is_used() {
    let cache = tempfile::tempdir().unwrap();
    cached_entry(cache.path(), SEVEN.as_bytes());
    assert_eq!(
        load_status(cache.path(), SEVEN.as_bytes()),
        CacheStatus::Disk
    );
}

#[test]
fn a_tampered_entry_is_compiled_again_and_replaced() {
    let cache = tempfile::tempdir().unwrap();
    let entry = cached_entry(cache.path(), SEVEN.as_bytes());
    let mut bytes = std::fs::read(&entry).unwrap();
    // Somewhere in the compiled code: what an attacker would patch.
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 16] {
        *byte ^= 0xcc;
    }
    std::fs::write(&entry, &bytes).unwrap();

    let runner = runner_with(cache.path());
    let component = runner.load_bytes(SEVEN.as_bytes()).unwrap();
    assert_eq!(component.cache, CacheStatus::Compiled);
    assert_eq!(
        runner
            .call(&component, "seven()", &RunOptions::default())
            .unwrap()
            .results,
        "7"
    );
    drop(runner);
    assert_eq!(
        load_status(cache.path(), SEVEN.as_bytes()),
        CacheStatus::Disk,
        "a good entry replaced the bad one"
    );
}

#[test]
fn another_components_entry_under_this_ones_name_is_not_run() {
    let cache = tempfile::tempdir().unwrap();
    let fixture = common::wat_component();
    let fixture_entry = cached_entry(cache.path(), &fixture);
    let seven_entry = cached_entry(cache.path(), SEVEN.as_bytes());
    std::fs::copy(&fixture_entry, &seven_entry).unwrap();

    let runner = runner_with(cache.path());
    let component = runner.load_bytes(SEVEN.as_bytes()).unwrap();
    assert_eq!(component.cache, CacheStatus::Compiled);
    assert_eq!(
        runner
            .call(&component, "seven()", &RunOptions::default())
            .unwrap()
            .results,
        "7"
    );
}

#[test]
fn the_cache_is_private_and_an_entry_others_can_write_is_refused() {
    let parent = tempfile::tempdir().unwrap();
    let cache = parent.path().join("a/b/components");
    let entry = cached_entry(&cache, SEVEN.as_bytes());
    let mode = |path: &Path| std::fs::metadata(path).unwrap().mode() & 0o777;
    assert_eq!(mode(&cache), 0o700);
    assert_eq!(mode(&cache.join("secret")), 0o600);
    assert_eq!(mode(&entry) & 0o077, 0, "entries are the user's alone");

    std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o666)).unwrap();
    assert_eq!(load_status(&cache, SEVEN.as_bytes()), CacheStatus::Compiled);

    // A cache directory of ours that became open is closed again.
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    runner_with(&cache);
    assert_eq!(mode(&cache), 0o700);
}

#[test]
fn an_entry_of_another_user_is_refused() {
    let cache = tempfile::tempdir().unwrap();
    let entry = cached_entry(cache.path(), SEVEN.as_bytes());
    // SAFETY: geteuid has no preconditions.
    let uid = unsafe { libc::geteuid() };
    let other = if uid == 0 { 1 } else { uid };
    // Only root can give a file away; anyone else checks the planted secret.
    if uid == 0 {
        std::os::unix::fs::chown(&entry, Some(other), None).unwrap();
        assert_eq!(
            load_status(cache.path(), SEVEN.as_bytes()),
            CacheStatus::Compiled
        );
    }
    // A secret others can read makes the disk cache unusable, not trusted.
    let secret = cache.path().join("secret");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let runner = runner_with(cache.path());
    assert!(
        runner.cache_dir().is_none(),
        "a secret others can read is not used"
    );
    assert_eq!(
        runner.load_bytes(SEVEN.as_bytes()).unwrap().cache,
        CacheStatus::Compiled
    );
}
