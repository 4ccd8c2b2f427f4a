//! Breaking-change detection against a baseline: "what did I break, for
//! whom, and is my version bump enough?"
//!
//! Layers, each usable alone:
//! - [`compare`]: a pure diff of one package against its baseline version,
//!   producing [`Change`]s (what, where before and now, who it breaks);
//! - [`check_packages`]: pairs the packages of two workspaces and turns the
//!   changes into [`Diagnostic`]s by the version rules in `policy`;
//! - [`check_workspaces`] and [`Baseline`]: the same from a [`Workspace`]
//!   and a baseline directory or git ref;
//! - [`LiveBaseline`]: a baseline loaded once and compared on every change,
//!   for the language server and `check --baseline`.

mod baseline;
mod change;
mod compare;
mod functions;
mod keyed;
mod live;
mod load;
mod members;
mod pairing;
mod policy;
mod semver;
mod types;
mod uses;
mod view;
mod worlds;

pub use baseline::{Baseline, ExportedRef, GitRefs, NoGitRefs};
pub use change::{Breaks, Change, ChangeKind, Location, Stability};
pub use compare::compare;
pub use live::LiveBaseline;
pub use load::{LOAD_FAILED, LoadCache, Loaded, LoadedPackage, load, load_cached};
pub use policy::since_quick_fix;
pub use view::PackageView;

use crate::{
    diagnostic::{Diagnostic, Severity},
    workspace::{Features, Workspace},
};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Every breaking change is an error, whatever the version says.
    pub deny_breaking: bool,
    /// Also list compatible additions.
    pub verbose: bool,
    /// Enabled `@unstable` features; items of other features are exempt.
    pub features: Features,
}

/// Compares every package of `current` with its baseline counterpart.
pub fn check_packages(
    baseline: &[PackageView<'_>],
    current: &[PackageView<'_>],
    opts: &Options,
) -> Vec<Diagnostic> {
    compare_sets(baseline, current, &[], opts)
}

/// [`check_packages`], where `unloaded` names current packages that exist
/// but could not be loaded: they are not reported as removed, and when one
/// is nameless, no package is.
fn compare_sets(
    baseline: &[PackageView<'_>],
    current: &[PackageView<'_>],
    unloaded: &[Option<String>],
    opts: &Options,
) -> Vec<Diagnostic> {
    let pairing = pairing::pair(baseline, current);
    let uses = uses::Uses::new(current.iter().map(|v| v.resolve));
    let mut out = Vec::new();
    for (old, new) in pairing.pairs {
        let changes = compare::compare_with_uses(old, new, opts, &uses);
        out.extend(policy::diagnostics(old, new, changes, opts));
    }
    let may_exist = |key: &str| {
        unloaded
            .iter()
            .any(|name| name.as_deref().is_none_or(|n| n == key))
    };
    for gone in pairing.removed.into_iter().filter(|p| !may_exist(&p.key())) {
        let Some(at) = gone.anchor() else { continue };
        out.push(Diagnostic {
            path: at.path,
            range: at.range,
            severity: if opts.deny_breaking { Severity::Error } else { Severity::Warning },
            code: ChangeKind::PackageRemoved.code(),
            message: format!(
                "package removed: {} is in the baseline but not in the workspace; everything that uses it breaks",
                gone.display_name()
            ),
            related: Vec::new(),
        });
    }
    out
}

/// Loads both workspaces and compares them. Baseline packages that cannot
/// be loaded are reported, not silently skipped; the current workspace's
/// own errors are `check`'s to report.
pub fn check_workspaces(
    baseline: &Workspace,
    current: &Workspace,
    opts: &Options,
) -> Vec<Diagnostic> {
    check_against(&load(baseline, &opts.features), current, opts)
}

/// Compares `current` with a baseline loaded once with [`load`]. The
/// language server keeps the loaded baseline and calls this on each edit,
/// since only the current side changes as the user types.
pub fn check_against(baseline: &Loaded, current: &Workspace, opts: &Options) -> Vec<Diagnostic> {
    check_against_cached(baseline, current, opts, &mut LoadCache::default())
}

/// [`check_against`], loading `current` through `cache`.
pub fn check_against_cached(
    baseline: &Loaded,
    current: &Workspace,
    opts: &Options,
    cache: &mut LoadCache,
) -> Vec<Diagnostic> {
    let new = load_cached(current, &opts.features, cache);
    let mut out = baseline.problems.clone();
    out.extend(compare_sets(
        &views(baseline),
        &views(&new),
        &new.unloaded,
        opts,
    ));
    out
}

fn views(loaded: &Loaded) -> Vec<PackageView<'_>> {
    loaded
        .packages
        .iter()
        .map(|p| PackageView::new(&p.resolve, p.id))
        .collect()
}
