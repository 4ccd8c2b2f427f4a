//! Cargo guests: the command, the toolchain check, and where the artifact lands.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::BuildError;

/// The guest builds into its own `target/`, wherever `CARGO_TARGET_DIR`
/// points, so the artifact's path is known without asking cargo.
pub(crate) fn command_line(cargo_component: bool, dir: &Path) -> Vec<String> {
    let target_dir = dir.join("target").to_string_lossy().into_owned();
    let mut command: Vec<String> = if cargo_component {
        vec![
            "cargo".into(),
            "component".into(),
            "build".into(),
            "--release".into(),
        ]
    } else {
        vec![
            "cargo".into(),
            "build".into(),
            "--target".into(),
            "wasm32-wasip2".into(),
            "--release".into(),
        ]
    };
    command.extend([
        "--target-dir".to_string(),
        target_dir,
        "--color".into(),
        "never".into(),
    ]);
    command
}

pub(crate) fn artifact_path(dir: &Path, crate_name: &str, cargo_component: bool) -> PathBuf {
    // cargo-component builds for wasm32-wasip1 and adapts the module itself.
    let target = if cargo_component {
        "wasm32-wasip1"
    } else {
        "wasm32-wasip2"
    };
    dir.join("target")
        .join(target)
        .join("release")
        .join(format!("{}.wasm", crate_name.replace('-', "_")))
}

/// Asks the toolchain that would build `dir` (rust-toolchain files included)
/// for its sysroot, and looks for the wasm32-wasip2 standard library there.
/// Without this, cargo fails with "can't find crate for `core`", which does
/// not say what to do.
pub(crate) fn check_target_installed(dir: &Path) -> Result<(), BuildError> {
    let output = Command::new("rustc")
        .args(["--print", "sysroot"])
        .current_dir(dir)
        .output()
        .map_err(|e| BuildError::Spawn {
            program: "rustc".into(),
            message: e.to_string(),
        })?;
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || sysroot.is_empty() {
        // Let cargo itself report whatever is wrong with the toolchain.
        return Ok(());
    }
    if Path::new(&sysroot)
        .join("lib/rustlib/wasm32-wasip2")
        .is_dir()
    {
        Ok(())
    } else {
        Err(BuildError::TargetMissing)
    }
}
