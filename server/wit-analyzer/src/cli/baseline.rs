//! `check --baseline`: breaking changes against a baseline, as more
//! diagnostics for `check` to print in whatever format it was asked for.

use analysis::{
    Diagnostic, Features, Workspace,
    breaking::{LiveBaseline, Options},
};

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

/// The breaking-change diagnostics for `current`, or nothing when no
/// baseline was asked for. `Err` names a baseline that cannot be read.
pub fn diagnostics(args: &BaselineArgs, current: &Workspace, features: &Features) -> Result<Vec<Diagnostic>, String> {
    let Some(spec) = &args.baseline else { return Ok(Vec::new()) };
    if current.roots().is_empty() {
        return Ok(Vec::new());
    }
    let cwd = std::env::current_dir().map_err(|err| format!("cannot read the current directory: {err}"))?;
    let opts = Options { deny_breaking: args.deny_breaking, verbose: args.verbose, features: features.clone() };
    let live = LiveBaseline::open(spec, &cwd, current.roots(), opts)?;
    let mut found = live.diagnostics(current);
    // The export of a git ref is gone once `live` is; name its files as
    // `<ref>:<path>` instead.
    for diagnostic in &mut found {
        diagnostic.path = live.baseline().display_path(&diagnostic.path);
        for related in &mut diagnostic.related {
            related.path = live.baseline().display_path(&related.path);
        }
    }
    Ok(found)
}

/// Adds the breaking changes to `check`'s own diagnostics, keeping them
/// sorted by file and position.
pub fn merge(diagnostics: &mut Vec<Diagnostic>, found: Vec<Diagnostic>) {
    diagnostics.extend(found);
    diagnostics.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
}
