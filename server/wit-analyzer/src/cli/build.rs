//! `wit-analyzer build`: build the guest component that implements a world.
//!
//! The build tool's output streams to stderr as it runs; the artifact's path
//! is the only thing on stdout, so scripts can use it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use runner::build::{self, BuildError, GuestProject};

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The world to build: acme:app/app, or just app. May be left out when the
    /// workspace has one guest project.
    pub world: Option<String>,
    /// Where to look for guest projects and wit-analyzer.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(args: BuildArgs) -> ExitCode {
    let guest = match pick_guest(&args) {
        Ok(guest) => guest,
        Err(code) => return code,
    };
    say!(
        "building {} in {}: {}",
        guest.world,
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
    if let Some(world) = &args.world {
        return build::find_guest(world, &args.root).map_err(failed);
    }
    let mut guests = build::find_guests(&args.root).map_err(failed)?;
    match guests.len() {
        1 => Ok(guests.remove(0)),
        0 => Err(failed(BuildError::NoGuest {
            world: None,
            root: args.root.clone(),
            found: Vec::new(),
        })),
        _ => {
            let worlds: Vec<&str> = guests.iter().map(|g| g.world.as_str()).collect();
            Err(usage(format!(
                "several guest projects found; name the world to build: {}",
                worlds.join(", ")
            )))
        }
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}
