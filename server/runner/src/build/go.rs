//! Go guests: a `go.mod` that requires wit-bindgen-go
//! (`go.bytecodealliance.org`), built with TinyGo's `wasip2` target. The
//! world comes from a `wit-bindgen-go generate --world W` or `tinygo build
//! … -wit-world W` line of the project, else from its `wit/` folder.

use std::path::{Path, PathBuf};

use super::{BuildError, GuestKind, GuestProject, words, world};

/// The module paths of wit-bindgen-go, now and before it moved.
const BINDGEN_MODULES: &[&str] = &[
    "go.bytecodealliance.org",
    "github.com/bytecodealliance/wasm-tools-go",
];

pub(crate) fn guests(dir: &Path) -> Vec<GuestProject> {
    let Ok(go_mod) = std::fs::read_to_string(dir.join("go.mod")) else {
        return Vec::new();
    };
    if !BINDGEN_MODULES.iter().any(|m| go_mod.contains(m)) {
        return Vec::new();
    }
    let mut world_name = None;
    let mut wit = None;
    for line in command_lines(dir) {
        for command in words::commands(&line) {
            let args: &[String] = &command;
            if let Some(w) =
                words::option_values(args, &["--world", "-wit-world", "--wit-world"]).pop()
            {
                world_name.get_or_insert(w);
            }
            if let Some(p) = words::option_values(args, &["-wit-package", "--wit-package"]).pop() {
                wit.get_or_insert(p);
            }
            if command.iter().any(|w| words::runs(w, "wit-bindgen-go")) {
                // `wit-bindgen-go generate [flags] ./wit`: the last word.
                if let Some(last) = command.last().filter(|w| !w.starts_with('-')) {
                    wit.get_or_insert(last.clone());
                }
            }
        }
    }
    let wit = PathBuf::from(wit.unwrap_or_else(|| "wit".into()));
    let wit_dir = dir.join(&wit);
    let world = match world_name {
        Some(name) => world::qualify(&wit_dir, &name).unwrap_or(name),
        None => match world::default_world(&wit_dir) {
            Some(world) => world,
            None => return Vec::new(),
        },
    };
    vec![GuestProject {
        world,
        dir: dir.to_path_buf(),
        kind: GuestKind::Go {
            wit,
            output: "main.wasm".into(),
        },
        wit_dir: wit_dir.exists().then_some(wit_dir),
    }]
}

/// `//go:generate` lines of the package's Go files, and the lines of its
/// Makefile and justfile.
fn command_lines(dir: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return lines;
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if name.ends_with(".go") {
            lines.extend(
                text.lines()
                    .filter_map(|l| l.strip_prefix("//go:generate "))
                    .map(str::to_string),
            );
        } else if name == "Makefile" || name == "justfile" {
            lines.extend(text.lines().map(str::to_string));
        }
    }
    lines
}

pub(crate) fn command_line(wit: &Path, world: &str, output: &Path) -> Vec<String> {
    vec![
        "tinygo".into(),
        "build".into(),
        "-target=wasip2".into(),
        "-wit-package".into(),
        wit.to_string_lossy().into_owned(),
        "-wit-world".into(),
        world.rsplit('/').next().unwrap_or(world).to_string(),
        "-o".into(),
        output.to_string_lossy().into_owned(),
        ".".into(),
    ]
}

/// TinyGo is what builds a Go component; without it, say so.
pub(crate) fn check_toolchain(dir: &Path) -> Result<(), BuildError> {
    if words::on_path("tinygo").is_some() {
        return Ok(());
    }
    Err(missing(dir))
}

pub(crate) fn missing(dir: &Path) -> BuildError {
    BuildError::ToolMissing {
        tool: "tinygo".into(),
        why: format!(
            "the Go guest in {} builds with TinyGo's wasip2 target (`tinygo build -target=wasip2`), and TinyGo is not on PATH",
            dir.display()
        ),
        install: "install TinyGo 0.34 or later (https://tinygo.org/getting-started/install/) and wasm-tools, then check with `tinygo version`".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wit_bindgen_go_module_is_found_with_its_generate_world() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("wit")).unwrap();
        std::fs::write(
            root.join("wit/w.wit"),
            "package a:b;\nworld w { export f: func() -> u8; }\nworld x { export g: func(); }\n",
        )
        .unwrap();
        std::fs::write(
            root.join("go.mod"),
            "module example.com/app\n\ngo 1.23\n\nrequire go.bytecodealliance.org v0.6.2\n",
        )
        .unwrap();
        std::fs::write(
            root.join("main.go"),
            "package main\n\n//go:generate go tool wit-bindgen-go generate --world x --out gen ./wit\n\nfunc main() {}\n",
        )
        .unwrap();
        let guests = guests(root);
        assert_eq!(guests.len(), 1);
        assert_eq!(guests[0].world, "a:b/x");
        assert_eq!(
            guests[0].command_line(),
            [
                "tinygo",
                "build",
                "-target=wasip2",
                "-wit-package",
                "./wit",
                "-wit-world",
                "x",
                "-o",
                "main.wasm",
                "."
            ]
        );
        // A plain Go module is no guest.
        std::fs::write(root.join("go.mod"), "module example.com/app\n\ngo 1.23\n").unwrap();
        assert!(super::guests(root).is_empty());
    }
}
