//! Rules of the analysis layer that the compiler does not check. It reads
//! files only through its `FileSystem` trait and runs no processes:
//! whatever a test puts into a `MemoryFileSystem` is all the analysis can
//! see, and the language server decides what may run. And it parses files
//! only through its shared `Parses`.

use std::path::{Path, PathBuf};

/// Only the disk implementation of the trait may name these.
const DISK_ONLY: &[&str] = &["std::fs", "std::process", "Command::new", "read_dir("];
const DISK_IMPLEMENTATION: &str = "src/file_system/os.rs";

/// Our parser reads a workspace's files through `Parses` only, so that the
/// check and the IDE view share one parse of each text and the query log
/// sees every parse. `format` parses the text it is given, which may be no
/// file's at all.
#[test]
fn files_are_parsed_through_the_shared_parses() {
    let offenders = lines_naming(&["syntax::parse("], &["src/parses.rs", "src/format.rs"]);
    assert!(
        offenders.is_empty(),
        "parsed outside src/parses.rs:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn only_the_disk_file_system_touches_the_disk() {
    let offenders = lines_naming(DISK_ONLY, &[DISK_IMPLEMENTATION]);
    assert!(
        offenders.is_empty(),
        "the disk is reached outside {DISK_IMPLEMENTATION}:\n{}",
        offenders.join("\n")
    );
}

/// `file:line: name` for each line of the crate's non-test sources, but
/// those of `allowed`, that names one of `names` outside a comment.
fn lines_naming(names: &[&str], allowed: &[&str]) -> Vec<String> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for file in rust_files(&crate_dir.join("src")) {
        let relative = file.strip_prefix(crate_dir).unwrap();
        let is_test = relative.components().any(|c| c.as_os_str() == "tests")
            || relative.file_name().is_some_and(|name| name == "tests.rs");
        if is_test || allowed.iter().any(|a| relative == Path::new(a)) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(name) = names.iter().find(|name| line.contains(*name)) {
                found.push(format!("{}:{}: {name}", relative.display(), number + 1));
            }
        }
    }
    found
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
