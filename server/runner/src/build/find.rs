//! Which project under a workspace root builds a given world.

use std::path::{Path, PathBuf};

use super::{BuildError, GuestKind, GuestProject, config, go, js, python, world};

/// Directories never searched: build output, dependencies, virtual
/// environments (hidden ones such as `.venv` are skipped too).
const SKIPPED_DIRS: &[&str] = &["target", "node_modules", "deps", "venv", "__pycache__"];
/// A directory with one of these may be a guest project.
const PROJECT_FILES: &[&str] = &[
    "Cargo.toml",
    "package.json",
    "pyproject.toml",
    "Makefile",
    "justfile",
    "requirements.txt",
    "go.mod",
];
/// Deep enough for `examples/guests/rust/app`, shallow enough to stay quick.
const MAX_DEPTH: usize = 5;

/// Every guest project under `root`: the `wit-analyzer.toml` entries first,
/// then the projects in path order, for each directory its Cargo, JavaScript,
/// Python and Go guests.
pub fn find_guests(root: &Path) -> Result<Vec<GuestProject>, BuildError> {
    let mut guests = config::read_guests(root)?;
    let mut dirs = Vec::new();
    collect_projects(root, 0, &mut dirs);
    dirs.sort();
    for dir in dirs {
        guests.extend(cargo_guests(&dir.join("Cargo.toml")));
        guests.extend(js::guests(&dir));
        guests.extend(python::guests(&dir));
        guests.extend(go::guests(&dir));
    }
    Ok(guests)
}

/// The guest project that implements `world` (`acme:app/app`, with or
/// without a version, or a bare `app`).
pub fn find_guest(world: &str, root: &Path) -> Result<GuestProject, BuildError> {
    let guests = find_guests(root)?;
    if let Some(guest) = guests.iter().find(|g| g.builds_world(world)) {
        return Ok(guest.clone());
    }
    Err(BuildError::NoGuest {
        world: Some(world.to_string()),
        root: root.to_path_buf(),
        found: guests.into_iter().map(|g| g.world).collect(),
    })
}

/// The guest in `dir` that implements `world`, when several guests under
/// `root` do and the user chose one.
pub fn find_guest_in(world: &str, root: &Path, dir: &Path) -> Result<GuestProject, BuildError> {
    let guests = find_guests(root)?;
    let same_dir =
        |g: &GuestProject| g.dir == dir || g.dir.canonicalize().ok() == dir.canonicalize().ok();
    if let Some(guest) = guests.iter().find(|g| g.builds_world(world) && same_dir(g)) {
        return Ok(guest.clone());
    }
    Err(BuildError::NoGuest {
        world: Some(world.to_string()),
        root: dir.to_path_buf(),
        found: guests.into_iter().map(|g| g.world).collect(),
    })
}

/// `acme:app/app@0.1.0`, `acme:app/app` and `app` are the same world when the
/// parts both sides spell agree.
pub(crate) fn same_world(a: &str, b: &str) -> bool {
    let unversioned = |w: &str| w.split('@').next().unwrap_or(w).to_string();
    let (a, b) = (unversioned(a), unversioned(b));
    if a.contains('/') && b.contains('/') {
        return a == b;
    }
    let name = |w: &str| w.rsplit('/').next().unwrap_or(w).to_string();
    name(&a) == name(&b)
}

fn collect_projects(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    if PROJECT_FILES.iter().any(|file| dir.join(file).is_file()) {
        found.push(dir.to_path_buf());
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || SKIPPED_DIRS.contains(&name.as_ref()) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            collect_projects(&entry.path(), depth + 1, found);
        }
    }
}

/// The worlds one crate builds: from `[package.metadata.component]`, else from
/// the `wit_bindgen::generate!` calls in its sources, else, for a crate that
/// exports an HTTP handler through the bindings of the `wasi` crate
/// (`wasi:http/proxy`) or the `wasip3` crate (`wasi:http/service`), the
/// world of its `wit/` folder (which includes that world).
fn cargo_guests(manifest: &Path) -> Vec<GuestProject> {
    let dir = manifest
        .parent()
        .expect("a manifest lives in a directory")
        .to_path_buf();
    if !manifest.is_file() {
        return Vec::new();
    }
    let Ok(table) = std::fs::read_to_string(manifest).map(|t| t.parse::<toml::Table>()) else {
        return Vec::new();
    };
    let Ok(table) = table else { return Vec::new() };
    let Some(package) = table.get("package").and_then(|p| p.as_table()) else {
        return Vec::new();
    };
    let Some(name) = package.get("name").and_then(|n| n.as_str()) else {
        return Vec::new();
    };
    let crate_name = table
        .get("lib")
        .and_then(|lib| lib.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or(name)
        .to_string();

    let component = package.get("metadata").and_then(|m| m.get("component"));
    let (worlds, cargo_component) = match component {
        Some(component) => {
            let target = component.get("target");
            let path = target
                .and_then(|t| t.get("path"))
                .and_then(|p| p.as_str())
                .unwrap_or("wit");
            let world = target
                .and_then(|t| t.get("world"))
                .and_then(|w| w.as_str())
                .map(str::to_string);
            (vec![(world, dir.join(path))], true)
        }
        None => {
            let mut calls = bindgen_calls(&dir.join("src"));
            if calls.is_empty() && exports_http_handler(&dir.join("src")) {
                calls.push((None, dir.join("wit")));
            }
            (calls, false)
        }
    };
    worlds
        .into_iter()
        .filter_map(|(world, wit_dir)| {
            let world = world.or_else(|| world::default_world(&wit_dir))?;
            Some(GuestProject {
                world,
                dir: dir.clone(),
                kind: GuestKind::Cargo {
                    crate_name: crate_name.clone(),
                    cargo_component,
                },
                wit_dir: wit_dir.is_dir().then_some(wit_dir),
            })
        })
        .collect()
}

/// `(world, wit path)` of each `generate!` call under `src`. The macro input
/// is read as text: `world: "..."` and `path: "..."` fields, or the short
/// form `generate!("world")`. A missing path means `wit/`, as in wit-bindgen.
fn bindgen_calls(src: &Path) -> Vec<(Option<String>, PathBuf)> {
    let crate_dir = src.parent().expect("src lives in the crate").to_path_buf();
    let mut files = Vec::new();
    collect_rust_files(src, 0, &mut files);
    files.sort();
    let mut calls = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        for (at, _) in text.match_indices("generate!") {
            let input = macro_input(&text[at + "generate!".len()..]);
            let world = field(input, "world").or_else(|| leading_string(input));
            let path = field(input, "path").unwrap_or_else(|| "wit".into());
            calls.push((world, crate_dir.join(path)));
        }
    }
    calls
}

/// Whether a source file calls `http::proxy::export!` (the `wasi` and
/// `wasip2` crates' macro for WASI 0.2) or `http::service::export!` (the
/// `wasip3` crate's), read as text like `generate!`.
fn exports_http_handler(src: &Path) -> bool {
    let mut files = Vec::new();
    collect_rust_files(src, 0, &mut files);
    files.iter().any(|file| {
        std::fs::read_to_string(file).is_ok_and(|text| {
            text.contains("http::proxy::export!") || text.contains("http::service::export!")
        })
    })
}

fn collect_rust_files(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && depth < MAX_DEPTH {
            collect_rust_files(&path, depth + 1, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The text up to the bracket that closes the macro's opening one.
fn macro_input(after: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in after.char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &after[..i];
                }
            }
            _ => {}
        }
    }
    after
}

fn field(input: &str, name: &str) -> Option<String> {
    let mut rest = input;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(value) = after.strip_prefix(':') {
            return leading_string(value);
        }
    }
    None
}

fn leading_string(text: &str) -> Option<String> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '(' || c == '{');
    let body = text.strip_prefix('"')?;
    Some(body[..body.find('"')?].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worlds_match_by_the_parts_both_sides_spell() {
        assert!(same_world("acme:app/app@0.1.0", "acme:app/app"));
        assert!(same_world("app", "acme:app/app"));
        assert!(!same_world("acme:app/app", "acme:other/app"));
        assert!(!same_world("app", "shop"));
    }

    #[test]
    fn reads_world_and_path_from_generate_calls() {
        let input = macro_input(
            r#"!({ path: "../wit", world: "acme:shop/shop", generate_all }); fn x() {}"#,
        );
        assert_eq!(field(input, "world").as_deref(), Some("acme:shop/shop"));
        assert_eq!(field(input, "path").as_deref(), Some("../wit"));
        assert_eq!(
            leading_string(macro_input(r#"("shop");"#)).as_deref(),
            Some("shop")
        );
    }
}
