use std::fmt;
use std::path::PathBuf;

use super::diagnostics::BuildDiagnostic;

/// Why a build did not produce a component for the world. Every variant's
/// message says what to do about it.
#[derive(Debug, Clone)]
pub enum BuildError {
    /// No guest project (Cargo, JavaScript, Python, Go) or
    /// `wit-analyzer.toml` entry implements the world.
    /// `world` is `None` when the caller asked for whatever guest there is.
    NoGuest {
        world: Option<String>,
        root: PathBuf,
        found: Vec<String>,
    },
    /// `wit-analyzer.toml` could not be read.
    Config {
        file: PathBuf,
        message: String,
    },
    /// The Rust standard library for wasm32-wasip2 is not installed.
    TargetMissing,
    /// The toolchain of the guest's language is not installed: `why` says
    /// what looked for it, `install` is the command that installs it.
    ToolMissing {
        tool: String,
        why: String,
        install: String,
    },
    /// The build tool could not be started.
    Spawn {
        program: String,
        message: String,
    },
    /// The caller asked the build to stop.
    Cancelled,
    /// The build tool ran and failed.
    Failed {
        command: String,
        status: String,
        diagnostics: Vec<BuildDiagnostic>,
    },
    /// The build succeeded but left no artifact where expected.
    NoArtifact {
        path: PathBuf,
        message: String,
    },
    NotAComponent {
        path: PathBuf,
        message: String,
    },
    /// The artifact lacks exports the world declares.
    WorldMismatch {
        artifact: PathBuf,
        world: String,
        missing: Vec<String>,
    },
    /// The world's WIT could not be read to check the artifact against it.
    Wit {
        dir: PathBuf,
        message: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoGuest { world, root, found } => {
                write!(f, "no guest project under {}", root.display())?;
                if let Some(world) = world {
                    write!(f, " implements world `{world}`")?;
                }
                let world = world.as_deref().unwrap_or("ns:pkg/world");
                if !found.is_empty() {
                    write!(f, " (found guests for: {})", found.join(", "))?;
                }
                write!(
                    f,
                    "\nhint: add a Cargo crate that calls `wit_bindgen::generate!({{ world: \"{world}\", .. }})`, \
                     a package.json whose build script runs `componentize-js` or `jco componentize`, \
                     a pyproject.toml task that runs `componentize-py … componentize app`, \
                     or describe the build in wit-analyzer.toml:\n\n\
                     [[build]]\nworld = \"{world}\"\ncommand = [\"make\", \"component\"]\noutput = \"app.wasm\""
                )
            }
            BuildError::Config { file, message } => write!(f, "{}: {message}", file.display()),
            BuildError::TargetMissing => write!(
                f,
                "the Rust target wasm32-wasip2 is not installed\nhint: run `rustup target add wasm32-wasip2`"
            ),
            BuildError::ToolMissing { tool, why, install } => {
                write!(f, "{tool} is not installed: {why}\nhint: {install}")
            }
            BuildError::Spawn { program, message } => {
                write!(
                    f,
                    "cannot start `{program}`: {message}\nhint: is it installed and on PATH?"
                )
            }
            BuildError::Cancelled => write!(f, "the build was cancelled"),
            BuildError::Failed {
                command,
                status,
                diagnostics,
            } => {
                let errors = diagnostics
                    .iter()
                    .filter(|d| d.severity == super::Severity::Error)
                    .count();
                write!(f, "the build failed ({status}): {command}")?;
                if errors > 0 {
                    write!(
                        f,
                        "\n{errors} compiler error(s); the first: {}",
                        diagnostics
                            .iter()
                            .find(|d| d.severity == super::Severity::Error)
                            .expect("counted above")
                    )?;
                }
                Ok(())
            }
            BuildError::NoArtifact { path, message } => write!(
                f,
                "the build succeeded but {} cannot be read: {message}\nhint: check the `output` path (or the crate's `crate-type = [\"cdylib\"]`)",
                path.display()
            ),
            BuildError::NotAComponent { path, message } => write!(
                f,
                "{} is not a component: {message}\nhint: build for wasm32-wasip2, or run `wasm-tools component new`",
                path.display()
            ),
            BuildError::WorldMismatch {
                artifact,
                world,
                missing,
            } => write!(
                f,
                "{} does not implement world `{world}`: it lacks the export(s) {}\nhint: is the guest generating bindings for another world or an older WIT?",
                artifact.display(),
                missing.join(", ")
            ),
            BuildError::Wit { dir, message } => {
                write!(f, "cannot read the WIT in {}: {message}", dir.display())
            }
        }
    }
}

impl std::error::Error for BuildError {}
