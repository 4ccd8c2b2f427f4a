//! `wit-analyzer compose`: plug components into one another (`wac plug`),
//! or compose them as a WAC document says (`wac compose`).
//!
//! The composed component goes to `-o`; its path is the only thing on
//! stdout, as with `build`. What was plugged where, and what the result
//! still imports, goes to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use analysis::compose::wac::{self, Deps, WacError};
use analysis::compose::{self, Composed};
use analysis::file_system::OsFileSystem;
use analysis::workspace::{FileError, MAX_FILE_BYTES, read_capped};
use analysis::{LineIndex, line_index::ColumnUnit};

use super::run::fail;

#[derive(clap::Args)]
pub struct ComposeArgs {
    /// The root component (.wasm or .wat) whose imports the plugs satisfy, or a WAC document
    /// (.wac) that says how to compose.
    pub input: PathBuf,
    /// A component whose exports satisfy the root's imports of the same name (or a
    /// semver-compatible one). Repeat for more; each must satisfy at least one import.
    #[arg(long = "plug", value_name = "COMPONENT")]
    pub plugs: Vec<PathBuf>,
    /// For a WAC document: the file of package NAME (ns:name or ns:name@version), before the
    /// deps folder is searched.
    #[arg(long = "dep", value_name = "NAME=FILE", value_parser = parse_dep)]
    pub deps: Vec<(String, PathBuf)>,
    /// For a WAC document: where packages are looked up, as DIR/ns/name.wasm (or .wat, .wit,
    /// a WIT folder DIR/ns/name/, and DIR/ns/name/VERSION.wasm for a version). Default: deps/
    /// beside the document.
    #[arg(long, value_name = "DIR")]
    pub deps_dir: Option<PathBuf>,
    /// Where to write the composed component.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn parse_dep(text: &str) -> Result<(String, PathBuf), String> {
    match text.split_once('=') {
        Some((name, file)) if name.contains(':') && !file.is_empty() => {
            Ok((name.to_string(), PathBuf::from(file)))
        }
        _ => Err(format!(
            "`{text}` is not NAME=FILE with a package name such as demo:names"
        )),
    }
}

pub fn run(args: ComposeArgs) -> ExitCode {
    let is_document = args.input.extension().is_some_and(|e| e == "wac");
    let usage = |message: &str| {
        say!("error: {message}");
        ExitCode::from(2)
    };
    let composed = if is_document {
        if !args.plugs.is_empty() {
            return usage("--plug is for a root component; a WAC document names its own packages");
        }
        match compose_document(&args) {
            Ok(composed) => (composed, Vec::new()),
            Err(code) => return code,
        }
    } else {
        if !args.deps.is_empty() || args.deps_dir.is_some() {
            return usage("--dep and --deps-dir are for a WAC document (.wac)");
        }
        if args.plugs.is_empty() {
            return usage("nothing to plug in: give --plug COMPONENT (or a .wac document)");
        }
        match compose::plug(&OsFileSystem, &args.input, &args.plugs) {
            Ok(composed) => composed,
            Err(e) => return fail(&e.to_string()),
        }
    };
    if let Err(e) = write_atomically(&args.output, &composed.0.bytes) {
        return fail(&format!(
            "{}: cannot write it: {}",
            args.output.display(),
            plain(&e)
        ));
    }
    for plugged in &composed.1 {
        say!(
            "plugged {} into {}",
            plugged.plug.display(),
            plugged.imports.join(", ")
        );
    }
    report(&args.output, &composed.0);
    // A reader that went away (`| true`) is not a failed composition.
    let _ = writeln!(std::io::stdout(), "{}", args.output.display());
    ExitCode::SUCCESS
}

fn compose_document(args: &ComposeArgs) -> Result<Composed, ExitCode> {
    let path = &args.input;
    let text = match read_capped(path, MAX_FILE_BYTES) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            fail(&format!(
                "{}: not UTF-8 (byte {})",
                path.display(),
                e.utf8_error().valid_up_to()
            ))
        })?,
        Err(FileError::NotRegular) if path.is_dir() => {
            return Err(fail(&format!("{}: is a directory", path.display())));
        }
        Err(e) => return Err(fail(&format!("{}: {e}", path.display()))),
    };
    let mut deps = match &args.deps_dir {
        Some(dir) => Deps::in_dir(Some(dir.clone())),
        None => Deps::beside(path),
    };
    deps.explicit = args.deps.clone();
    // A package neither flag nor deps folder has may be WIT beside the document.
    let beside = path.parent().filter(|p| !p.as_os_str().is_empty());
    let ws = analysis::Workspace::new(analysis::WorkspaceConfig {
        roots: vec![beside.unwrap_or(Path::new(".")).to_path_buf()],
        ..Default::default()
    });
    let more = wac::workspace_packages(&ws);
    wac::compose_with(&text, &deps, &more).map_err(|errors| {
        let index = LineIndex::new(&text);
        for error in &errors {
            say!("error: {}", located(path, &text, &index, error));
        }
        if errors
            .iter()
            .any(|e| e.message.starts_with("unknown package"))
        {
            say!("hint: put the component in the deps folder, or name it with --dep NAME=FILE");
        }
        ExitCode::from(1)
    })
}

/// `app.wac:3:15: message`, and a line for each other place wac points at.
fn located(path: &Path, text: &str, index: &LineIndex, error: &WacError) -> String {
    let at = |range: &std::ops::Range<usize>| {
        let pos = index.line_col(text, range.start, ColumnUnit::Char);
        format!("{}:{}:{}", path.display(), pos.line + 1, pos.col + 1)
    };
    let mut line = match &error.range {
        Some(range) => format!("{}: {}", at(range), error.message),
        None => format!("{}: {}", path.display(), error.message),
    };
    for (range, label) in &error.related {
        line.push_str(&format!("\n  note: {}: {label}", at(range)));
    }
    line
}

fn report(output: &Path, composed: &Composed) {
    say!(
        "wrote {} ({} bytes): exports {}",
        output.display(),
        composed.bytes.len(),
        list(&composed.exports)
    );
    say!("  imports: {}", list(&composed.imports));
    let foreign = composed.non_wasi_imports();
    if !foreign.is_empty() {
        say!(
            "warning: {} still imports {}, which no plug satisfied and `run` cannot provide",
            output.display(),
            foreign.join(", ")
        );
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "nothing".into()
    } else {
        names.join(", ")
    }
}

/// The reason alone, without the temporary file's path that tempfile adds.
fn plain(error: &std::io::Error) -> String {
    match error.get_ref().and_then(|inner| inner.source()) {
        Some(cause) => cause.to_string(),
        None => error.to_string(),
    }
}

/// Beside the target first, then renamed over it, so a failed write leaves
/// no half a component behind.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    // A temporary file is private (0600); a component is not.
    std::fs::set_permissions(
        temp.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o644),
    )?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
