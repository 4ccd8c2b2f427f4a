//! Finding the guest project that implements a world, and building it.
//!
//! A guest is found without configuration when it is a Cargo crate (its
//! `wit_bindgen::generate!` call or its `[package.metadata.component]`
//! table), a JavaScript project (`js`: a `package.json` that runs
//! componentize-js or `jco componentize`), a Python project (`python`: a
//! componentize-py command line) or a Go project (`go`: wit-bindgen-go and
//! TinyGo). Anything else is an entry of `wit-analyzer.toml`, which names
//! any command at all:
//!
//! ```toml
//! [[build]]
//! world = "acme:app/app"
//! command = ["make", "component"]
//! output = "dist/app.wasm"
//! ```

mod cargo;
mod config;
mod diagnostics;
mod error;
mod find;
mod go;
mod js;
mod process;
mod python;
mod words;
mod world;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

pub use diagnostics::{BuildDiagnostic, Severity};
pub use error::BuildError;
pub use find::{find_guest, find_guest_in, find_guests};
pub use js::JsTool;
pub use world::WorldSummary;

pub(crate) use process::run_streaming as process_run;

/// The name the build's diagnostics had when only rustc's were read.
pub type RustDiagnostic = BuildDiagnostic;

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
    /// componentize-js or `jco componentize`, from the project's
    /// `node_modules`: its `script` through `npm run`, or the tool itself.
    /// Paths are relative to the project.
    JavaScript {
        tool: JsTool,
        script: Option<String>,
        source: PathBuf,
        wit: PathBuf,
        output: PathBuf,
    },
    /// `componentize-py ARGS`, the arguments as the project writes them
    /// (`-d wit -w app componentize app -o app.wasm`).
    Python {
        args: Vec<String>,
        app: String,
        output: PathBuf,
    },
    /// `tinygo build -target=wasip2` with the WIT of wit-bindgen-go.
    Go { wit: PathBuf, output: PathBuf },
}

/// The language of a guest, as `build --list` and the lenses name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Rust,
    JavaScript,
    Python,
    Go,
    /// A `wit-analyzer.toml` command: any language.
    Configured,
}

impl Language {
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "Rust",
            Language::JavaScript => "JavaScript",
            Language::Python => "Python",
            Language::Go => "Go",
            Language::Configured => "command",
        }
    }
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

    pub fn language(&self) -> Language {
        match self.kind {
            GuestKind::Cargo { .. } => Language::Rust,
            GuestKind::Command { .. } => Language::Configured,
            GuestKind::JavaScript { .. } => Language::JavaScript,
            GuestKind::Python { .. } => Language::Python,
            GuestKind::Go { .. } => Language::Go,
        }
    }

    /// The command line the build runs, for logs and progress titles.
    pub fn command_line(&self) -> Vec<String> {
        match &self.kind {
            GuestKind::Cargo {
                cargo_component, ..
            } => cargo::command_line(*cargo_component, &self.dir),
            GuestKind::Command { command, .. } => command.clone(),
            GuestKind::JavaScript {
                tool,
                script,
                source,
                wit,
                output,
            } => js::command_line(
                &self.dir,
                *tool,
                script.as_deref(),
                source,
                wit,
                &self.world,
                output,
            ),
            GuestKind::Python { args, .. } => {
                let program = python::program(&self.dir).map_or_else(
                    || "componentize-py".into(),
                    |p| p.to_string_lossy().into_owned(),
                );
                std::iter::once(program)
                    .chain(args.iter().cloned())
                    .collect()
            }
            GuestKind::Go { wit, output } => go::command_line(wit, &self.world, output),
        }
    }

    /// How the build runs, for `build --list`: the command, and for a
    /// JavaScript guest whose script runs it, the tool the script calls.
    pub fn how(&self) -> String {
        let command = self.command_line().join(" ");
        match &self.kind {
            GuestKind::JavaScript {
                tool,
                script: Some(_),
                ..
            } => format!("{command} ({} from node_modules)", tool.bin()),
            _ => command,
        }
    }

    /// What is missing to build it, when a toolchain this machine lacks is
    /// known to be needed: the Go guest's TinyGo, the Python guest's
    /// componentize-py. (The JavaScript toolchain installs itself.)
    pub fn missing_toolchain(&self) -> Option<BuildError> {
        match &self.kind {
            GuestKind::Go { .. } => go::check_toolchain(&self.dir).err(),
            GuestKind::Python { .. } => python::program(&self.dir)
                .is_none()
                .then(|| python::missing(&self.dir)),
            _ => None,
        }
    }

    /// Where the artifact lands.
    pub fn artifact(&self) -> PathBuf {
        match &self.kind {
            GuestKind::Cargo {
                crate_name,
                cargo_component,
            } => cargo::artifact_path(&self.dir, crate_name, *cargo_component),
            GuestKind::Command { output, .. }
            | GuestKind::JavaScript { output, .. }
            | GuestKind::Python { output, .. }
            | GuestKind::Go { output, .. } => self.dir.join(output),
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
    prepare(guest, on_line, cancel)?;
    let command = guest.command_line();
    let artifact = guest.artifact();
    if !matches!(
        guest.kind,
        GuestKind::Cargo { .. } | GuestKind::Command { .. }
    ) && let Some(parent) = artifact.parent()
    {
        // componentize-js does not make the folder of its `-o` itself.
        let _ = std::fs::create_dir_all(parent);
    }
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
    let diagnostics = diagnostics_of(guest, &lines, on_line, cancel);
    if !status.success() {
        return Err(BuildError::Failed {
            command: command.join(" "),
            status: status.to_string(),
            diagnostics,
        });
    }
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

/// What must be there before the build command runs: the Rust target, the
/// project's node_modules (installed when missing), componentize-py, TinyGo.
fn prepare(
    guest: &GuestProject,
    on_line: &mut dyn FnMut(&str),
    cancel: &AtomicBool,
) -> Result<(), BuildError> {
    match &guest.kind {
        GuestKind::Cargo {
            cargo_component: false,
            ..
        } => cargo::check_target_installed(&guest.dir),
        GuestKind::JavaScript { tool, .. } => js::prepare(&guest.dir, *tool, on_line, cancel),
        GuestKind::Python { .. } | GuestKind::Go { .. } => match guest.missing_toolchain() {
            Some(missing) => Err(missing),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The errors and warnings of the build's output at their places in the
/// guest's sources, read the way its toolchain prints them.
fn diagnostics_of(
    guest: &GuestProject,
    lines: &[String],
    on_line: &mut dyn FnMut(&str),
    cancel: &AtomicBool,
) -> Vec<BuildDiagnostic> {
    let dir: &Path = &guest.dir;
    match &guest.kind {
        GuestKind::Cargo { .. } | GuestKind::Go { .. } => diagnostics::parse(lines, dir),
        GuestKind::JavaScript { source, .. } => {
            let mut found = js::diagnostics(lines, dir);
            if found.is_empty() && js::reports_unlocated_parse_errors(lines) {
                on_line(
                    "wit-analyzer: asking the project's JavaScript parser where the syntax errors are",
                );
                found = js::locate_parse_errors(dir, source, on_line, cancel);
            }
            found
        }
        GuestKind::Python { args, .. } => {
            python::diagnostics(lines, dir, &python::python_path(args))
        }
        // Any toolchain at all: whatever its output holds, in any of the
        // formats we know.
        GuestKind::Command { .. } => {
            let mut found = diagnostics::parse(lines, dir);
            found.extend(js::diagnostics(lines, dir));
            found.extend(python::diagnostics(lines, dir, &[PathBuf::from(".")]));
            found
        }
    }
}
