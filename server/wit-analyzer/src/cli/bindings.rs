//! `wit-analyzer bindings`: guest bindings for a world, from wit-bindgen's
//! generator crates at one release (0.63).
//!
//! This lives in the binary, not in `analysis`, because wit-bindgen 0.63 is
//! on wit-parser 0.262 while the analysis is on 0.261 (wasmtime's line): the
//! analysis only says where the world's package and its dependencies are
//! ([`analysis::Workspace::dependency_closure`]), and [`world`] loads them
//! into a 0.262 `Resolve` of its own, so no 0.262 type crosses a layer.
//! [`generate`] runs the generators.
//!
//! Without `--out` every file goes to stdout under a `// === file: NAME ===`
//! line; with it the files are written below that directory and nowhere
//! else, and each path is reported on stderr.

pub(crate) mod generate;
pub(crate) mod world;

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use generate::Language;

#[derive(clap::Args)]
pub struct BindingsArgs {
    /// The world: ns:pkg/world (optionally @version), or just world.
    pub world: String,
    /// The guest language: rust, c, cpp, csharp, go or moonbit.
    #[arg(long, value_name = "LANG")]
    pub lang: String,
    /// Where to look for the world's package (and, by the usual rules, its
    /// dependencies).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write the files into this directory (created if missing) instead of
    /// printing them.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(args: BindingsArgs) -> ExitCode {
    if !args.root.is_dir() {
        say!("error: --root {}: not a directory", args.root.display());
        return ExitCode::from(2);
    }
    if args.world.trim().is_empty() {
        say!("error: the world name is empty: name one such as acme:app/app");
        return ExitCode::from(2);
    }
    match bindings(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            say!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn bindings(args: &BindingsArgs) -> Result<(), String> {
    let lang = Language::parse(&args.lang).ok_or_else(|| {
        format!(
            "unknown language `{}`; wit-bindgen {} generates {}",
            args.lang,
            generate::WIT_BINDGEN_VERSION,
            Language::ALL.map(Language::name).join(", ")
        )
    })?;
    let (ws, found) = world::find(&args.root, &args.world)?;
    let (mut resolve, world) = world::load(&ws, &found)?;
    let files = generate::generate(lang, &mut resolve, world, args.out.as_deref())?;
    match &args.out {
        None => print_files(&files),
        Some(out) => write_files(out, &files),
    }
}

fn print_files(files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let text = files_text(files);
    // A reader that went away (`| head`) is not a failure.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}

/// Every file under a `// === file: NAME ===` line; a binary one is named,
/// not shown.
pub(crate) fn files_text(files: &[(String, Vec<u8>)]) -> String {
    let mut text = String::new();
    for (name, contents) in files {
        text.push_str(&format!("// === file: {name} ===\n"));
        match std::str::from_utf8(contents) {
            Ok(source) => {
                text.push_str(source);
                if !source.ends_with('\n') {
                    text.push('\n');
                }
            }
            Err(_) => text.push_str(&format!(
                "// (binary, {} bytes: write it with --out DIR)\n",
                contents.len()
            )),
        }
    }
    text
}

fn write_files(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    // Every name is checked before anything is written.
    for (name, _) in files {
        relative_path(name)?;
    }
    std::fs::create_dir_all(out)
        .map_err(|e| format!("{}: cannot create the directory: {e}", out.display()))?;
    let root = out
        .canonicalize()
        .map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, contents) in files {
        let path = root.join(relative_path(name)?);
        let parent = path.parent().unwrap_or(&root);
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{}: cannot create the directory: {e}", parent.display()))?;
        // A link in the output directory must not carry a write out of it.
        let inside = parent.canonicalize().is_ok_and(|p| p.starts_with(&root));
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if !inside || is_link {
            return Err(format!(
                "{}: a symbolic link leads out of {}; not written",
                path.display(),
                out.display()
            ));
        }
        std::fs::write(&path, contents)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        say!("wrote {}", path.display());
    }
    Ok(())
}

/// A generated file's name as a path below the output directory: relative,
/// without `..`.
fn relative_path(name: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(name);
    let plain = !name.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(path)
    } else {
        Err(format!(
            "the generator named a file `{name}` outside the output directory; nothing written"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::relative_path;

    #[test]
    fn generated_names_stay_below_the_output_directory() {
        assert!(relative_path("guest.rs").is_ok());
        assert!(relative_path("gen/ffi/top.mbt").is_ok());
        for bad in ["", "/etc/passwd", "../x.c", "a/../../x.c", "./"] {
            assert!(relative_path(bad).is_err(), "{bad}");
        }
    }
}
