//! Finding the guest project that implements a world, and building it.
//!
//! A guest is either a Cargo crate (found by its `wit_bindgen::generate!`
//! call or its `[package.metadata.component]` table) or an entry of
//! `wit-analyzer.toml`, which names any command at all:
//!
//! ```toml
//! [[build]]
//! world = "acme:app/app"
//! command = ["jco", "componentize", "app.js", "--wit", "wit", "-o", "dist/app.wasm"]
//! output = "dist/app.wasm"
//! ```

mod cargo;
mod config;
mod diagnostics;
mod error;
mod find;
mod process;
mod world;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

pub use diagnostics::{RustDiagnostic, Severity};
pub use error::BuildError;
pub use find::{find_guest, find_guests};
pub use world::WorldSummary;

/// A project that builds a component for one world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestProject {
    /// The world as the project names it: `acme:app/app`, or just `app`.
    pub world: String,
    /// Where the build runs.
    pub dir: PathBuf,
    pub kind: GuestKind,
    /// The WIT the project implements, to check the artifact against.
    pub wit_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestKind {
    /// `cargo build --target wasm32-wasip2 --release`, or `cargo component
    /// build --release` when the crate is set up for cargo-component.
    Cargo {
        crate_name: String,
        cargo_component: bool,
    },
    /// A `[[build]]` entry of `wit-analyzer.toml`.
    Command {
        command: Vec<String>,
        output: PathBuf,
    },
}

#[derive(Debug, Clone)]
pub struct BuildOutcome {
    pub artifact: PathBuf,
    pub size: u64,
    /// Read from the artifact itself, not from the WIT sources.
    pub world: WorldSummary,
    /// Imports of the artifact that the world does not declare (the WASI
    /// interfaces a toolchain's standard library adds), when the WIT was
    /// there to compare with.
    pub added_imports: Option<Vec<String>>,
    /// Compiler warnings (errors fail the build and come with the error).
    pub diagnostics: Vec<RustDiagnostic>,
    pub duration: Duration,
}

impl GuestProject {
    /// Whether this project builds `world` (`acme:app/app`, with or without
    /// a version, or a bare `app`), e.g. to decide where a Build lens goes.
    pub fn builds_world(&self, world: &str) -> bool {
        find::same_world(&self.world, world)
    }

    /// The command line the build runs, for logs and progress titles.
    pub fn command_line(&self) -> Vec<String> {
        match &self.kind {
            GuestKind::Cargo {
                cargo_component, ..
            } => cargo::command_line(*cargo_component, &self.dir),
            GuestKind::Command { command, .. } => command.clone(),
        }
    }
}

/// Builds the guest, passing every line of the tool's output (stdout and
/// stderr, as they come) to `on_line`, then checks the artifact against the
/// world.
pub fn build(
    guest: &GuestProject,
    on_line: &mut dyn FnMut(&str),
) -> Result<BuildOutcome, BuildError> {
    build_cancellable(guest, on_line, &AtomicBool::new(false))
}

/// [`build`], stopped (the tool killed) soon after `cancel` is set, for a
/// server whose user clicked Build again or closed the workspace.
pub fn build_cancellable(
    guest: &GuestProject,
    on_line: &mut dyn FnMut(&str),
    cancel: &AtomicBool,
) -> Result<BuildOutcome, BuildError> {
    let start = Instant::now();
    if let GuestKind::Cargo {
        cargo_component: false,
        ..
    } = guest.kind
    {
        cargo::check_target_installed(&guest.dir)?;
    }
    let command = guest.command_line();
    let mut lines = Vec::new();
    let status = process::run_streaming(
        &command,
        &guest.dir,
        &mut |line| {
            on_line(line);
            lines.push(line.to_string());
        },
        cancel,
    )?;
    let diagnostics = diagnostics::parse(&lines, &guest.dir);
    if !status.success() {
        return Err(BuildError::Failed {
            command: command.join(" "),
            status: status.to_string(),
            diagnostics,
        });
    }
    let artifact = match &guest.kind {
        GuestKind::Cargo {
            crate_name,
            cargo_component,
        } => cargo::artifact_path(&guest.dir, crate_name, *cargo_component),
        GuestKind::Command { output, .. } => guest.dir.join(output),
    };
    let bytes = std::fs::read(&artifact).map_err(|e| BuildError::NoArtifact {
        path: artifact.clone(),
        message: e.to_string(),
    })?;
    let summary = world::summarize(&bytes).map_err(|message| BuildError::NotAComponent {
        path: artifact.clone(),
        message,
    })?;
    let added_imports = match &guest.wit_dir {
        Some(wit_dir) => Some(world::check_implements(
            &summary,
            wit_dir,
            &guest.world,
            &artifact,
        )?),
        None => None,
    };
    Ok(BuildOutcome {
        size: bytes.len() as u64,
        artifact,
        world: summary,
        added_imports,
        diagnostics,
        duration: start.elapsed(),
    })
}
