//! `wit-analyzer build`: build the guest component that implements a world.
//!
//! The build tool's output streams to stderr as it runs; the artifact's path
//! is the only thing on stdout, so scripts can use it. `--list` prints every
//! guest found instead, one a line, on stdout.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use runner::build::{self, BuildError, GuestProject, Language};

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The world to build: acme:app/app, or just app. May be left out when the
    /// workspace has one guest project.
    pub world: Option<String>,
    /// Where to look for guest projects and wit-analyzer.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Build the guest in this language, when guests in several build the
    /// world: rust, js (javascript), python (py), go.
    #[arg(long, value_parser = parse_language)]
    pub lang: Option<Language>,
    /// Print every guest found (world, language, directory, how it is
    /// built, and what is missing to build it) instead of building.
    #[arg(long)]
    pub list: bool,
}

fn parse_language(text: &str) -> Result<Language, String> {
    match text.to_ascii_lowercase().as_str() {
        "rust" | "rs" => Ok(Language::Rust),
        "js" | "javascript" => Ok(Language::JavaScript),
        "python" | "py" => Ok(Language::Python),
        "go" => Ok(Language::Go),
        _ => Err(format!(
            "unknown language `{text}`: use rust, js, python or go"
        )),
    }
}

pub fn run(args: BuildArgs) -> ExitCode {
    if args.list {
        return list_guests(&args);
    }
    let guest = match pick_guest(&args) {
        Ok(guest) => guest,
        Err(code) => return code,
    };
    say!(
        "building {} ({}) in {}: {}",
        guest.world,
        guest.language().name(),
        guest.dir.display(),
        guest.command_line().join(" ")
    );
    match build::build(&guest, &mut |line| say!("{line}")) {
        Ok(outcome) => {
            say!(
                "built {} ({} bytes) in {:.1}s",
                outcome.artifact.display(),
                outcome.size,
                outcome.duration.as_secs_f64()
            );
            say!("  imports: {}", list(&outcome.world.imports));
            say!("  exports: {}", list(&outcome.world.exports));
            // A reader that went away (`| true`) is not a failed build.
            let _ = writeln!(std::io::stdout(), "{}", outcome.artifact.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            say!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn pick_guest(args: &BuildArgs) -> Result<GuestProject, ExitCode> {
    let failed = |e: BuildError| {
        say!("error: {e}");
        ExitCode::from(1)
    };
    let usage = |message: String| {
        say!("error: {message}");
        ExitCode::from(2)
    };
    if !args.root.is_dir() {
        return Err(usage(format!(
            "--root {}: not a directory",
            args.root.display()
        )));
    }
    if args.world.as_deref().is_some_and(|w| w.trim().is_empty()) {
        return Err(usage(
            "the world name is empty: name one such as acme:app/app, or leave it out".into(),
        ));
    }
    let all = build::find_guests(&args.root).map_err(failed)?;
    let in_language = |g: &&GuestProject| args.lang.is_none_or(|lang| g.language() == lang);
    if let Some(world) = &args.world {
        let mut building: Vec<GuestProject> = all
            .iter()
            .filter(|g| g.builds_world(world))
            .filter(in_language)
            .cloned()
            .collect();
        return match building.len() {
            0 => Err(failed(BuildError::NoGuest {
                world: Some(world.clone()),
                root: args.root.clone(),
                found: all.iter().map(|g| described(g, &args.root)).collect(),
            })),
            1 => Ok(building.remove(0)),
            _ if args.lang.is_none() => Err(usage(format!(
                "several guests build `{world}`; choose one with --lang: {}",
                building
                    .iter()
                    .map(|g| described(g, &args.root))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
            // Two guests in one language: the first in path order, as the
            // editor's lens builds.
            _ => Ok(building.remove(0)),
        };
    }
    let mut guests: Vec<GuestProject> = all.iter().filter(in_language).cloned().collect();
    match guests.len() {
        1 => Ok(guests.remove(0)),
        0 => Err(failed(BuildError::NoGuest {
            world: None,
            root: args.root.clone(),
            found: all.iter().map(|g| described(g, &args.root)).collect(),
        })),
        _ => {
            let worlds: Vec<String> = guests.iter().map(|g| described(g, &args.root)).collect();
            Err(usage(format!(
                "several guest projects found; name the world to build: {}",
                worlds.join(", ")
            )))
        }
    }
}

/// `demo:guest/polyglot (Python, guest-py)`.
fn described(guest: &GuestProject, root: &Path) -> String {
    format!(
        "{} ({}, {})",
        guest.world,
        guest.language().name(),
        relative(&guest.dir, root)
    )
}

fn relative(dir: &Path, root: &Path) -> String {
    match dir.strip_prefix(root) {
        Ok(rest) if rest.as_os_str().is_empty() => ".".into(),
        Ok(rest) => rest.display().to_string(),
        Err(_) => dir.display().to_string(),
    }
}

/// One line a guest: world, language, directory and the build command,
/// then on a line of its own what is missing to build it.
fn list_guests(args: &BuildArgs) -> ExitCode {
    if !args.root.is_dir() {
        say!("error: --root {}: not a directory", args.root.display());
        return ExitCode::from(2);
    }
    let guests = match build::find_guests(&args.root) {
        Ok(guests) => guests,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let guests: Vec<&GuestProject> = guests
        .iter()
        .filter(|g| args.lang.is_none_or(|lang| g.language() == lang))
        .collect();
    if guests.is_empty() {
        say!("no guest projects under {}", args.root.display());
        return ExitCode::SUCCESS;
    }
    let rows: Vec<[String; 4]> = guests
        .iter()
        .map(|g| {
            [
                g.world.clone(),
                g.language().name().to_string(),
                relative(&g.dir, &args.root),
                g.how(),
            ]
        })
        .collect();
    let width = |column: usize| rows.iter().map(|r| r[column].len()).max().unwrap_or(0);
    let (world, language, dir) = (width(0), width(1), width(2));
    let mut out = std::io::stdout().lock();
    for (row, guest) in rows.iter().zip(&guests) {
        let [w, l, d, how] = row;
        let _ = writeln!(out, "{w:world$}  {l:language$}  {d:dir$}  {how}");
        if let Some(missing) = guest.missing_toolchain() {
            let first = missing.to_string();
            for line in first.lines() {
                let _ = writeln!(out, "  ! {line}");
            }
        }
    }
    ExitCode::SUCCESS
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
