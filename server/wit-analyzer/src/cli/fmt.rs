//! `wit-analyzer fmt [PATH]... [--check]`: format WIT files in place, or
//! list the ones that would change.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use analysis::{
    LineIndex,
    format::format,
    line_index::ColumnUnit,
    workspace::{MAX_FILE_BYTES, read_capped},
};

#[derive(clap::Args)]
pub struct FmtArgs {
    /// Files and directories to format. Directories are searched for `.wit`
    /// files as `check` finds packages: hidden directories, `deps/`,
    /// `target/`, `node_modules/` and what `.gitignore` lists are skipped
    /// (name a vendored file to format it anyway). Defaults to the current
    /// directory.
    paths: Vec<PathBuf>,

    /// Change nothing; list the files that would change and exit with 1 if
    /// there are any.
    #[arg(long)]
    check: bool,
}

pub fn run(args: FmtArgs) -> ExitCode {
    let roots = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    if let Some(missing) = roots.iter().find(|p| !p.exists()) {
        say!("error: {}: no such file or directory", missing.display());
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    let mut failed = false;
    for root in &roots {
        if root.is_dir() {
            let before = files.len();
            for found in analysis::workspace::wit_files_below(root) {
                match found {
                    Ok(file) => files.push(file),
                    Err(problem) => say!("warning: {}: {}", problem.path.display(), problem.message),
                }
            }
            if files.len() == before {
                say!("warning: {}: {NO_WIT_FILES}", root.display());
            }
        } else if root.extension().is_some_and(|ext| ext == "wit") {
            files.push(root.clone());
        } else {
            // As `check` does: formatting a file as WIT that is something
            // else would rewrite it.
            say!("error: {}: not a `.wit` file", root.display());
            failed = true;
        }
    }

    let mut changed = 0;
    // Once the reader of the listing is gone (`| head`), the rest is
    // counted but not printed.
    let mut listing = Some(std::io::stdout().lock());
    for file in &files {
        match format_file(file, args.check) {
            Ok(false) => {}
            Ok(true) => {
                changed += 1;
                if args.check
                    && let Some(out) = &mut listing
                    && writeln!(out, "{}", file.display()).is_err()
                {
                    listing = None;
                }
            }
            Err(message) => {
                say_raw!("{message}");
                failed = true;
            }
        }
    }

    let total = files.len();
    if args.check {
        say!("{changed} of {total} file(s) would be reformatted");
    } else {
        say!("reformatted {changed} of {total} file(s)");
    }
    if failed || (args.check && changed > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Formats one file; returns whether it changed (or would change). The
/// error is the complete message, ending in a newline.
fn format_file(path: &Path, check: bool) -> Result<bool, String> {
    let text = read_wit(path)?;
    let formatted = format(&text).map_err(|e| {
        let index = LineIndex::new(&text);
        let mut message = format!("error: {}: not formatted: {e}\n", path.display());
        for error in &e.errors {
            let at = index.line_col(&text, error.range.start, ColumnUnit::Char);
            message.push_str(&format!("  {}:{}:{}: {}\n", path.display(), at.line + 1, at.col + 1, error.message));
        }
        message
    })?;
    if formatted == text {
        return Ok(false);
    }
    if !check {
        write_atomically(path, &formatted).map_err(|e| format!("error: {}: cannot write: {e}\n", path.display()))?;
    }
    Ok(true)
}

const NO_WIT_FILES: &str = "no `.wit` files found here (dependencies in `deps/`, hidden, ignored, \
     `target/` and `node_modules/` folders are skipped)";

/// The file's text, refused as `check` refuses it: too large, or not
/// UTF-8 (with the place of the first bad byte).
fn read_wit(path: &Path) -> Result<String, String> {
    let bytes = read_capped(path, MAX_FILE_BYTES).map_err(|e| format!("error: {}: {e}\n", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
        let at = LineIndex::new(&valid).line_col(&valid, valid.len(), ColumnUnit::Char);
        format!(
            "error: {}:{}:{}: not valid UTF-8; WIT files must be UTF-8 text\n",
            path.display(),
            at.line + 1,
            at.col + 1
        )
    })
}

/// Writes to a temporary file next to `path`, then renames it over `path`,
/// so a crash never leaves a half-written file. Keeps the permissions, and
/// a symbolic link: the file it points to is the one rewritten.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let path = &fs::canonicalize(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), fs::metadata(path)?.permissions())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
