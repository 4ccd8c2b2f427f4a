//! The analysis layer reads files only through its `FileSystem` trait and
//! runs no processes: whatever a test puts into a `MemoryFileSystem` is all
//! the analysis can see, and the language server decides what may run.

use std::path::{Path, PathBuf};

/// Only the disk implementation of the trait may name these.
const DISK_ONLY: &[&str] = &["std::fs", "std::process", "Command::new", "read_dir("];
const DISK_IMPLEMENTATION: &str = "src/file_system/os.rs";

#[test]
fn only_the_disk_file_system_touches_the_disk() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for file in rust_files(&crate_dir.join("src")) {
        let relative = file.strip_prefix(crate_dir).unwrap();
        let is_test = relative.components().any(|c| c.as_os_str() == "tests")
            || relative.file_name().is_some_and(|name| name == "tests.rs");
        if is_test || relative == Path::new(DISK_IMPLEMENTATION) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(name) = DISK_ONLY.iter().find(|name| line.contains(*name)) {
                offenders.push(format!("{}:{}: {name}", relative.display(), number + 1));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the disk is reached outside {DISK_IMPLEMENTATION}:\n{}",
        offenders.join("\n")
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}
