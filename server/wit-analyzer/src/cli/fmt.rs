//! `wit-analyzer fmt [PATH]... [--check]`: format WIT files in place, or
//! list the ones that would change.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use analysis::{LineIndex, format::format, line_index::ColumnUnit};

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
        eprintln!("error: {}: no such file or directory", missing.display());
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    for root in &roots {
        if root.is_dir() {
            for found in analysis::workspace::wit_files_below(root) {
                match found {
                    Ok(file) => files.push(file),
                    Err(problem) => eprintln!("warning: {}: {}", problem.path.display(), problem.message),
                }
            }
        } else {
            files.push(root.clone());
        }
    }

    let mut changed = 0;
    let mut failed = false;
    for file in &files {
        match format_file(file, args.check) {
            Ok(false) => {}
            Ok(true) => {
                changed += 1;
                if args.check {
                    println!("{}", file.display());
                }
            }
            Err(message) => {
                eprint!("{message}");
                failed = true;
            }
        }
    }

    let total = files.len();
    if args.check {
        eprintln!("{changed} of {total} file(s) would be reformatted");
    } else {
        eprintln!("reformatted {changed} of {total} file(s)");
    }
    if failed || (args.check && changed > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// Formats one file; returns whether it changed (or would change). The
/// error is the complete message, ending in a newline.
fn format_file(path: &Path, check: bool) -> Result<bool, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("error: {}: cannot read: {e}\n", path.display()))?;
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

/// Writes to a temporary file next to `path`, then renames it over `path`,
/// so a crash never leaves a half-written file. Keeps the permissions.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), fs::metadata(path)?.permissions())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
