//! `check --baseline`: breaking changes against a baseline, as more
//! diagnostics for `check` to print in whatever format it was asked for.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use analysis::{
    Diagnostic, Features, Workspace,
    breaking::{LiveBaseline, Options},
};

use crate::git_refs::GitArchive;

#[derive(clap::Args, Clone, Debug, Default)]
pub struct BaselineArgs {
    /// Also report breaking changes against this baseline: a directory
    /// (read as a whole workspace) or a git ref such as a tag, `HEAD` or
    /// `origin/main` (read with git; the working tree is not touched).
    #[arg(long, value_name = "DIR|GIT-REF")]
    pub baseline: Option<String>,
    /// Make every breaking change an error, whatever the version bump.
    #[arg(long, requires = "baseline")]
    pub deny_breaking: bool,
    /// Also list compatible additions.
    #[arg(long, requires = "baseline")]
    pub verbose: bool,
}

/// The breaking changes found against a baseline.
#[derive(Default)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// Kept open until the report is written: the files of an exported git
    /// ref exist only as long as it does, and the report reads them to turn
    /// old locations into lines and columns.
    baseline: Option<LiveBaseline>,
}

impl Findings {
    /// How a path is shown: a file of an exported git ref as
    /// `<ref>:<path in the repository>`, every other path as it is.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        match &self.baseline {
            Some(live) => live.baseline().display_path(path),
            None => path.to_path_buf(),
        }
    }
}

/// The breaking-change diagnostics for `current`, or nothing when no
/// baseline was asked for. `Err` names a baseline that cannot be read.
pub fn diagnostics(
    args: &BaselineArgs,
    current: &Workspace,
    features: &Features,
    cwd: &Path,
) -> Result<Findings, String> {
    let Some(spec) = &args.baseline else {
        return Ok(Findings::default());
    };
    if current.roots().is_empty() {
        return Ok(Findings::default());
    }
    let opts = Options {
        deny_breaking: args.deny_breaking,
        verbose: args.verbose,
        features: features.clone(),
    };
    let live = LiveBaseline::open(
        spec,
        cwd,
        current.roots(),
        opts,
        Arc::clone(current.file_system()),
        &GitArchive,
    )?;
    Ok(Findings {
        diagnostics: live.diagnostics(current),
        baseline: Some(live),
    })
}

/// Adds the breaking changes to `check`'s own diagnostics, keeping them
/// sorted by file and position.
pub fn merge(diagnostics: &mut Vec<Diagnostic>, found: Vec<Diagnostic>) {
    diagnostics.extend(found);
    diagnostics.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
}
