//! `wit-analyzer new WORLD --lang rust|js|python [DIR]`: a guest project
//! that implements every export of WORLD with a stub, builds with
//! `wit-analyzer build` and runs as it is. The steps that install its
//! toolchain stream to stderr; the project's directory is the only thing
//! on stdout.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use analysis::workspace::Location;
use runner::scaffold::{self, Lang};

#[derive(clap::Args)]
pub struct NewArgs {
    /// The world to implement: acme:app/app, or just app.
    pub world: String,
    /// The guest's language: rust, js (javascript) or python (py).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Lang,
    /// Where to write the project; WORLD-LANG in the current directory by default.
    pub dir: Option<PathBuf>,
    /// Where to look for the package that declares the world.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language `{text}`: use rust, js or python"))
}

pub fn run(args: NewArgs) -> ExitCode {
    if args.world.trim().is_empty() {
        say!("error: the world name is empty: name one such as acme:app/app");
        return ExitCode::from(2);
    }
    if !args.root.is_dir() {
        say!("error: --root {}: not a directory", args.root.display());
        return ExitCode::from(2);
    }
    let (_, found) = match super::bindings::world::find(&args.root, &args.world) {
        Ok(found) => found,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let wit = match &found.home {
        Location::Dir(dir) => dir.clone(),
        Location::WitFile(file) | Location::Encoded(file) => file.clone(),
    };
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}-{}", found.world, args.lang.slug())));
    let plan = match scaffold::plan(&wit, &found.world, args.lang, &dir) {
        Ok(plan) => plan,
        Err(e) => {
            say!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match scaffold::write(&plan, &mut |line| say!("{line}")) {
        Ok(written) => {
            for file in &written {
                say!("wrote {}", file.display());
            }
            say!(
                "next: wit-analyzer build {} --root {}",
                plan.world,
                plan.dir.display()
            );
            let _ = writeln!(std::io::stdout(), "{}", plan.dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            say!("error: {e}");
            ExitCode::from(1)
        }
    }
}
