//! The WIT workspace: every package below some roots, how each package's
//! references resolve, and checking them.
//!
//! One [`Workspace`] serves both the CLI (`wit-analyzer check`) and the
//! language server; the server feeds unsaved buffers in through
//! [`Workspace::set_overlay`] and re-checks only what an edit touches with
//! [`Workspace::check_affected`].
//!
//! Each package is checked on its own, in a fresh `wit_parser::Resolve`
//! holding just that package and what it depends on. A `Resolve` that
//! returned an error is dropped, never reused. What is kept across checks
//! is the parse of each package (`UnresolvedPackageGroup`), keyed by the text
//! of its files, and the dependency graph between packages, which a change
//! to a file updates rather than rebuilds (see `session`).

mod check;
mod discover;
mod disk;
mod files;
mod manifest;
mod parse;
mod resolve;
mod session;
#[cfg(test)]
mod tests;

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use crate::diagnostic::Diagnostic;
pub(crate) use check::{parse_error, rename_foreign_deps, resolve_error};
pub use discover::{Location, wit_files_below};
pub use files::{FileError, MAX_FILE_BYTES, read_capped};

use crate::file_system::{FileSystem, OsFileSystem};
use crate::parses::Parses;
use crate::query_log::QueryLog;
pub(crate) use resolve::is_compatible_version;

/// Which `@unstable(feature = …)` items are enabled, as in wit-parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Features {
    Enabled(BTreeSet<String>),
    All,
}

impl Default for Features {
    fn default() -> Self {
        Features::Enabled(BTreeSet::new())
    }
}

#[derive(Clone, Debug, Default)]
pub struct WorkspaceConfig {
    /// Directories to search for packages, or single `.wit` files that are
    /// each a whole package. Relative roots are taken against the current
    /// directory; every path the workspace reports is absolute.
    pub roots: Vec<PathBuf>,
    pub features: Features,
}

/// What a check found: the packages checked and every diagnostic, sorted by
/// path and position.
#[derive(Clone, Debug, Default)]
pub struct CheckResult {
    pub packages: Vec<PackageSummary>,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckResult {
    /// Every file the checked packages are made of.
    pub fn file_count(&self) -> usize {
        self.packages.iter().map(|p| p.files.len()).sum()
    }

    /// By path and position, without repeats.
    pub(crate) fn sort_diagnostics(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.path, a.range.start, a.range.end, &a.message).cmp(&(
                &b.path,
                b.range.start,
                b.range.end,
                &b.message,
            ))
        });
        self.diagnostics.dedup();
    }
}

/// One package of the workspace (not a dependency from a `deps/` folder).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageSummary {
    /// `namespace:name@version` as declared; `None` when the package does
    /// not parse far enough to tell.
    pub name: Option<String>,
    /// Packages declared inline with `package x:y { … }`.
    pub nested: Vec<String>,
    pub location: Location,
    pub files: Vec<PathBuf>,
    /// Every foreign package the package refers to, and where it resolved.
    pub dependencies: Vec<Dependency>,
}

impl PackageSummary {
    /// The directory holding the package (for a single-file package, the
    /// file's directory).
    pub fn dir(&self) -> &Path {
        self.location.home_dir()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// The name as referenced, e.g. `wasi:io@0.2.0`.
    pub requested: String,
    /// `None` when the package was not found anywhere.
    pub resolved: Option<ResolvedDependency>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedDependency {
    /// The name of the package found; its version may be a semver-compatible
    /// newer one than requested.
    pub name: String,
    pub location: Location,
    pub via: ResolvedVia,
}

/// One package of a [`Workspace::dependency_closure`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosureMember {
    pub location: Location,
    /// References of this package to point at the semver-compatible newer
    /// version that satisfies them (`wasi:io@0.2.0` to `wasi:io@0.2.12`),
    /// as wit-parser matches package names exactly.
    pub renames: Vec<(wit_parser::PackageName, wit_parser::PackageName)>,
}

/// One package of [`Workspace::package_graph`]: a workspace package or a
/// dependency one of them reaches.
#[derive(Clone, Debug)]
pub struct GraphPackage {
    pub location: Location,
    /// Its files as the check reads them, editor buffers included.
    pub files: Vec<PathBuf>,
    pub in_workspace: bool,
    /// Each foreign package it names that resolved, in the order written.
    pub references: Vec<GraphReference>,
}

#[derive(Clone, Debug)]
pub struct GraphReference {
    /// As written, e.g. `wasi:io@0.2.0`.
    pub requested: wit_parser::PackageName,
    /// The package that provides it, by index into the graph.
    pub target: usize,
    /// The name it is provided under: its version may be a newer
    /// semver-compatible one, and a location may hold several packages.
    pub provided: wit_parser::PackageName,
}

/// A `Resolve` a check built of packages that checked clean, kept for the
/// features that need wit-parser's view of a package (hover's Canonical
/// ABI facts) so that they do not parse and resolve it again.
pub struct CheckedResolve {
    pub resolve: wit_parser::Resolve,
    /// The texts each package in it was made from, to tell whether it is
    /// still the package the editor holds.
    texts: std::collections::HashMap<wit_parser::PackageName, Vec<Arc<str>>>,
}

impl CheckedResolve {
    /// The package `namespace:name@version` in it, if it was made from
    /// exactly `texts` (in the order of the package's files).
    pub fn package(
        &self,
        namespace: &str,
        name: &str,
        version: Option<&str>,
        texts: &[Arc<str>],
    ) -> Option<wit_parser::PackageId> {
        let (found, made_from) = self.texts.iter().find(|(n, _)| {
            n.namespace == namespace
                && n.name == name
                && n.version.as_ref().map(|v| v.to_string()).as_deref() == version
        })?;
        let same = made_from.len() == texts.len()
            && (made_from.iter().zip(texts)).all(|(a, b)| Arc::ptr_eq(a, b) || a == b);
        same.then(|| self.resolve.package_names.get(found).copied())?
    }
}

/// Which resolution rule found a dependency, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResolvedVia {
    DepsFolder,
    DepsToml,
    WkgOverride,
    Workspace,
}

pub struct Workspace {
    roots: Vec<PathBuf>,
    features: Features,
    files: files::Files,
    disk: disk::Disk,
    discovered: discover::Discovered,
    parse_cache: Mutex<parse::Cache>,
    /// Our parser's trees, shared with the IDE view built from this workspace.
    parses: Arc<Parses>,
    /// The dependency graph of the last check, kept for the next one.
    persisted: Mutex<session::Persisted>,
    /// The clean `Resolve`s of the last sessions, newest first: two, so
    /// that hovering in the package just edited and in the one before both
    /// find theirs. Not in `persisted`, which a session holds while it
    /// re-parses a changed package: hover must not wait for that.
    checked: Mutex<Vec<Arc<CheckedResolve>>>,
    /// Held by each [`session::Session`] for its whole life. A session takes
    /// the kept graph out of `persisted` and puts it back when done, so a
    /// second one started meanwhile (a request while a check runs on
    /// another thread) would find no graph and rebuild it from nothing.
    one_session: Mutex<()>,
}

impl Workspace {
    /// Finds the packages below `config.roots` on the disk. Nothing is
    /// parsed yet.
    pub fn new(config: WorkspaceConfig) -> Workspace {
        Workspace::with_file_system(config, Arc::new(OsFileSystem))
    }

    /// [`Workspace::new`] on another file system: tests keep their
    /// fixtures in a [`crate::file_system::MemoryFileSystem`].
    pub fn with_file_system(config: WorkspaceConfig, fs: Arc<dyn FileSystem>) -> Workspace {
        let roots: Vec<PathBuf> = config.roots.iter().map(|root| absolute(root)).collect();
        let discovered = discover::discover(&*fs, &roots);
        Workspace {
            roots,
            features: config.features,
            files: files::Files::new(Arc::clone(&fs)),
            disk: disk::Disk::new(fs),
            discovered,
            parse_cache: Mutex::default(),
            parses: Arc::default(),
            persisted: Mutex::default(),
            checked: Mutex::default(),
            one_session: Mutex::default(),
        }
    }

    /// Puts an editor's unsaved buffer over the file on disk (`None` goes
    /// back to the disk). A new `.wit` file that exists only in the editor
    /// joins the package of its directory.
    pub fn set_overlay(&mut self, path: &Path, text: Option<Arc<str>>) {
        let path = absolute(path);
        // A buffer of a file no package holds: unsaved, or saved to disk
        // after the workspace was discovered (no watcher need have said so).
        // Looked for once, when it is opened, not on every keystroke.
        let first_open = text.is_some() && !self.files.has_overlay(&path);
        let is_new_file = !self.owns(&path)
            && (self.disk.kind(&path) == disk::Kind::Missing
                || (first_open && discover::is_wit(&path)));
        let closed = text.is_none();
        self.files.set_overlay(&path, text);
        self.persisted_mut().file_changed(&path);
        // A buffer that was never saved before may have been saved now;
        // closing it is rare enough to ask the disk again.
        if closed {
            self.disk.invalidate(&path);
        }
        if is_new_file {
            self.rediscover();
        }
    }

    /// The file changed on disk (created, edited or deleted): forget its
    /// cached text and, when the set of files may have changed, look for
    /// packages again.
    pub fn file_changed(&mut self, path: &Path) {
        let path = absolute(path);
        self.files.invalidate(&path);
        self.disk.invalidate(&path);
        self.persisted_mut().file_changed(&path);
        let known = self.owns(&path);
        if !self.disk.is_file(&path) || !known {
            self.rediscover();
        }
    }

    /// Checks every package of the workspace.
    pub fn check(&self) -> CheckResult {
        let mut session = session::Session::new(self);
        session.forget_results();
        let packages = session.workspace_units();
        session.check(&packages, self.discovered.diagnostics.clone())
    }

    /// Checks only the package that `path` belongs to and the packages that
    /// depend on it, directly or not. This is what an edit can change.
    pub fn check_affected(&self, path: &Path) -> CheckResult {
        let path = absolute(path);
        let mut session = session::Session::new(self);
        let packages = session.workspace_units();
        let affected = session.affected_by(&packages, &path);
        session.check(&affected, Vec::new())
    }

    /// Every workspace package with its dependency edges, without checking.
    pub fn packages(&self) -> Vec<PackageSummary> {
        let mut session = session::Session::new(self);
        let packages = session.workspace_units();
        packages.iter().map(|&unit| session.summary(unit)).collect()
    }

    /// The `Resolve`s the last checks built, newest first.
    pub fn checked_resolves(&self) -> Vec<Arc<CheckedResolve>> {
        let checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
        checked.clone()
    }

    /// Every package the workspace reaches, with where each of its
    /// references resolves: the check's own resolution, for the IDE
    /// features to navigate by, so that the two never disagree.
    pub fn package_graph(&self) -> Vec<GraphPackage> {
        let mut session = session::Session::new(self);
        let packages = session.workspace_units();
        session.package_graph(&packages)
    }

    /// The workspace package at `location` and every package it reaches,
    /// directly or not, as a check hands them to wit-parser: that package
    /// first, then its dependencies, each package name once. For tools that
    /// load the package into a `Resolve` of their own (`wit-analyzer
    /// bindings`, on another wit-parser). `None` when no workspace package
    /// lives at `location`.
    pub fn dependency_closure(&self, location: &Location) -> Option<Vec<ClosureMember>> {
        let mut session = session::Session::new(self);
        let packages = session.workspace_units();
        let unit = packages
            .into_iter()
            .find(|&unit| &session.units()[unit].location == location)?;
        let closure = session.closure_of(unit);
        Some(
            (closure.into_iter())
                .map(|(location, renames)| {
                    let mut renames: Vec<_> = renames.into_iter().collect();
                    renames.sort_by_key(|(from, _)| from.to_string());
                    ClosureMember { location, renames }
                })
                .collect(),
        )
    }

    /// The workspace package `path` belongs to, if any.
    pub fn package_of(&self, path: &Path) -> Option<PackageSummary> {
        let path = absolute(path);
        self.packages()
            .into_iter()
            .find(|p| p.files.contains(&path))
    }

    /// The text the analysis sees for `path`: the editor's buffer if one is
    /// open, else the disk's. `None` when the file cannot be read as text.
    pub fn text(&self, path: &Path) -> Option<Arc<str>> {
        self.files.text(&absolute(path)).ok()
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Our parser's tree of each file, for the views built on this workspace.
    pub(crate) fn parses(&self) -> &Arc<Parses> {
        &self.parses
    }

    /// What this workspace computes, for tests (see [`QueryLog`]).
    pub fn query_log(&self) -> &QueryLog {
        self.parses.log()
    }

    /// What this workspace reads its files from.
    pub fn file_system(&self) -> &Arc<dyn FileSystem> {
        self.disk.file_system()
    }

    /// The `@unstable` features this workspace is checked with.
    pub fn features(&self) -> &Features {
        &self.features
    }

    /// The package at `location`, parsed, or the parse kept from before
    /// when its files' texts are the same.
    fn parse(&self, location: &Location) -> Arc<parse::Parsed> {
        let mut cache = self.parse_cache.lock().unwrap_or_else(|e| e.into_inner());
        parse::parse(&mut cache, &self.files, &self.disk, &self.parses, location)
    }

    /// The files of the package at `location` as a check reads them:
    /// editor buffers included, directories as last seen.
    pub(crate) fn package_files(&self, location: &Location) -> Vec<PathBuf> {
        parse::package_files(&self.files, &self.disk, location).unwrap_or_default()
    }

    /// The directories in `dir`, sorted, as last seen.
    pub(crate) fn dirs_in(&self, dir: &Path) -> Vec<PathBuf> {
        let listing = self.disk.list(dir).unwrap_or_default();
        (listing.iter())
            .filter(|path| self.disk.kind(path) == disk::Kind::Dir)
            .cloned()
            .collect()
    }

    fn owns(&self, path: &Path) -> bool {
        let dir = path.parent();
        self.discovered.packages.iter().any(|loc| match loc {
            Location::Dir(d) => Some(d.as_path()) == dir,
            other => other.path() == path,
        })
    }

    fn persisted_mut(&mut self) -> &mut session::Persisted {
        self.persisted.get_mut().unwrap_or_else(|e| e.into_inner())
    }

    fn rediscover(&mut self) {
        self.persisted_mut().discard();
        self.discovered = discover::discover(&**self.disk.file_system(), &self.roots);
        self.parse_cache
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .forget_missing(&**self.disk.file_system());
        let (disk, files) = (&self.disk, &self.files);
        (self.parses).retain(|path| files.has_overlay(path) || disk.kind(path) == disk::Kind::File);
        let overlaid: Vec<PathBuf> = self.files.overlay_paths().map(Path::to_path_buf).collect();
        for path in overlaid {
            if discover::is_wit(&path)
                && !self.owns(&path)
                && let Some(dir) = path.parent()
            {
                self.discovered
                    .packages
                    .push(Location::Dir(dir.to_path_buf()));
            }
        }
        self.discovered.packages.sort();
        self.discovered.packages.dedup();
    }
}

/// Absolute and lexically normalised, so that one file has one name.
fn absolute(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    manifest::normalize(&path)
}
