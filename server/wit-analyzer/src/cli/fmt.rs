//! `wit-analyzer fmt [PATH]... [--check] [--indent N|tab]`: format WIT
//! files in place, or list the ones that would change.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::ExitCode,
};

use analysis::{
    LineIndex,
    file_system::OsFileSystem,
    format::{IndentChoice, editorconfig, format_with},
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

    /// Format read-only files too (they are skipped with an error otherwise).
    #[arg(long)]
    force: bool,

    /// Indent each level with N spaces, or `tab`. Without it a file is
    /// indented as `.editorconfig` says (`indent_style`, `indent_size`),
    /// else as it already is, else with 2 spaces.
    #[arg(long, value_name = "N|tab", value_parser = parse_indent)]
    indent: Option<IndentChoice>,
}

fn parse_indent(value: &str) -> Result<IndentChoice, String> {
    if value.eq_ignore_ascii_case("tab") {
        return Ok(IndentChoice {
            tabs: Some(true),
            width: None,
        });
    }
    match value.parse::<usize>() {
        Ok(width @ 1..=16) => Ok(IndentChoice {
            tabs: Some(false),
            width: Some(width),
        }),
        _ => Err(format!(
            "`{value}` is not an indentation: give a number of spaces from 1 to 16, or `tab`"
        )),
    }
}

pub fn run(args: FmtArgs) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    if let Some(missing) = roots.iter().find(|p| !p.exists()) {
        say!("error: {}: no such file or directory", missing.display());
        return ExitCode::from(2);
    }
    let mut files = Vec::new();
    let mut failed = false;
    for root in &roots {
        if root.is_dir() {
            let before = files.len();
            for found in analysis::workspace::wit_files_below(&OsFileSystem, root) {
                match found {
                    Ok(file) => files.push(file),
                    Err(problem) => {
                        say!("warning: {}: {}", problem.path.display(), problem.message)
                    }
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
    let interrupted = interrupt::catch();
    for file in &files {
        // Between files, so that no temporary file is left half-written.
        if interrupted() {
            say!(
                "interrupted: reformatted {changed} file(s) before Ctrl-C; the rest are unchanged"
            );
            return ExitCode::from(130);
        }
        let indent = args
            .indent
            .unwrap_or_default()
            .or(editorconfig::indent_for(&OsFileSystem, file));
        match format_file(file, indent, args.check, args.force) {
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
    if failed || (args.check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Formats one file; returns whether it changed (or would change). The
/// error is the complete message, ending in a newline.
fn format_file(
    path: &Path,
    indent: IndentChoice,
    check: bool,
    force: bool,
) -> Result<bool, String> {
    let before =
        Stamp::of(path).map_err(|e| format!("error: {}: cannot read: {e}\n", path.display()))?;
    let text = read_wit(path)?;
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text.as_str()),
    };
    let formatted = format_with(body, indent).map_err(|e| {
        let index = LineIndex::new(body);
        let mut message = format!("error: {}: not formatted: {e}\n", path.display());
        for error in &e.errors {
            let at = index.line_col(body, error.range.start, ColumnUnit::Char);
            message.push_str(&format!(
                "  {}:{}:{}: {}\n",
                path.display(),
                at.line + 1,
                at.col + 1,
                error.message
            ));
        }
        message
    })?;
    // The file's own line ends and byte order mark stay as they were.
    let formatted = if mostly_crlf(body) {
        formatted.replace('\n', "\r\n")
    } else {
        formatted
    };
    let formatted = format!("{bom}{formatted}");
    if formatted == text {
        return Ok(false);
    }
    if check {
        return Ok(true);
    }
    if before.read_only && !force {
        return Err(format!(
            "error: {}: read-only; not formatted (pass --force to format it anyway)\n",
            path.display()
        ));
    }
    match write_back(path, &formatted, &before) {
        Ok(true) => Ok(true),
        Ok(false) => Err(format!(
            "error: {}: changed while it was being formatted; left as it is (run fmt again)\n",
            path.display()
        )),
        Err(e) => Err(format!("error: {}: cannot write: {e}\n", path.display())),
    }
}

/// Ctrl-C while files are rewritten: noted, and acted on between files.
mod interrupt {
    use std::sync::atomic::{AtomicBool, Ordering};

    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    extern "C" fn on_sigint(_: libc::c_int) {
        // Only an atomic store: all a signal handler may safely do here.
        INTERRUPTED.store(true, Ordering::SeqCst);
    }

    /// Installs the handler; the returned function says whether Ctrl-C came.
    pub fn catch() -> impl Fn() -> bool {
        let handler: extern "C" fn(libc::c_int) = on_sigint;
        // SAFETY: the handler only stores to an atomic.
        unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
        || INTERRUPTED.load(Ordering::SeqCst)
    }
}

/// Whether most line ends of `text` are CRLF.
fn mostly_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    crlf > 0 && crlf * 2 >= text.matches('\n').count()
}

/// What a file was when it was read, to notice a save that happens while
/// it is formatted, and what must survive the rewrite.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    device: u64,
    inode: u64,
    len: u64,
    modified: (i64, i64),
    links: u64,
    read_only: bool,
}

impl Stamp {
    fn of(path: &Path) -> std::io::Result<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(path)?;
        Ok(Stamp {
            device: meta.dev(),
            inode: meta.ino(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            links: meta.nlink(),
            read_only: meta.mode() & 0o222 == 0,
        })
    }

    /// The same file, unchanged since `self` (links and permissions aside).
    fn unchanged(&self, now: &Stamp) -> bool {
        (self.device, self.inode, self.len, self.modified)
            == (now.device, now.inode, now.len, now.modified)
    }
}

/// Writes `text` to `path` unless the file changed since `before`; `false`
/// when it did. A file with one link is replaced by a renamed temporary
/// file, so a crash never leaves half a file; one with several links is
/// rewritten in place, so the links stay one file. Mode, owner and group
/// are kept where the system permits. A symbolic link is followed: the
/// file it points to is the one rewritten.
fn write_back(path: &Path, text: &str, before: &Stamp) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let path = &fs::canonicalize(path)?;
    if before.links > 1 {
        if !before.unchanged(&Stamp::of(path)?) {
            return Ok(false);
        }
        let mut file = fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        return Ok(true);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    let meta = fs::metadata(path)?;
    fs::set_permissions(temp.path(), meta.permissions())?;
    // Only root may give a file away, and a group only to its members: a
    // file of someone else's that we may write becomes ours, as an editor's
    // save would make it.
    let _ = std::os::unix::fs::fchown(temp.as_file(), Some(meta.uid()), Some(meta.gid()));
    // As close to the rename as it can be: a save in between is not lost.
    if !before.unchanged(&Stamp::of(path)?) {
        return Ok(false);
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(true)
}

const NO_WIT_FILES: &str = "no `.wit` files found here (dependencies in `deps/`, hidden, ignored, \
     `target/` and `node_modules/` folders are skipped)";

/// The file's text, refused as `check` refuses it: too large, or not
/// UTF-8 (with the place of the first bad byte).
fn read_wit(path: &Path) -> Result<String, String> {
    let bytes = read_capped(path, MAX_FILE_BYTES)
        .map_err(|e| format!("error: {}: {e}\n", path.display()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_after_the_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wit");
        fs::write(&path, "package a:b;\n").unwrap();
        let before = Stamp::of(&path).unwrap();
        // The editor saves while fmt is busy; a different length is seen
        // even where the clock is coarse.
        fs::write(&path, "package a:b;\ninterface saved {}\n").unwrap();
        assert!(!write_back(&path, "package a:b;\n", &before).unwrap());
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "package a:b;\ninterface saved {}\n"
        );

        let before = Stamp::of(&path).unwrap();
        assert!(write_back(&path, "formatted\n", &before).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "formatted\n");
    }

    #[test]
    fn line_ends_are_judged_by_the_majority() {
        assert!(mostly_crlf("a\r\nb\r\nc\n"));
        assert!(!mostly_crlf("a\nb\nc\r\n"));
        assert!(!mostly_crlf("no line end"));
    }
}
