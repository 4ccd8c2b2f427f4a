//! The analysis side of the server: the workspace model, what it was last
//! told about open buffers, and what diagnostics the client shows. Features
//! hold its mutex while they run (never across an `.await`); edits go to the
//! `DocumentStore` instead, and reach the workspace through
//! [`State::apply_edits`] at the start of the next check or request.
//!
//! A check runs without the mutex: [`State::take_check`] hands it a second
//! handle on the workspace, which then takes no edits until
//! [`State::finish_check`]. Meanwhile features read the IDE view, which
//! takes buffer edits on its own ([`State::refresh_ide_alone`]).

use std::{
    collections::{BTreeMap, BTreeSet, HashMap, HashSet},
    mem,
    path::{Path, PathBuf},
    sync::Arc,
};

use analysis::{
    ide::Analysis,
    line_index::ColumnUnit,
    workspace::{CheckResult, Workspace, WorkspaceConfig},
};
use tower_lsp_server::ls_types::Diagnostic;

use super::{
    convert::{self, LineMap},
    documents::Edits,
    options::InitOptions,
};

pub struct State {
    pub unit: ColumnUnit,
    pub options: InitOptions,
    pub register_watcher: bool,
    /// The capability switches the client takes without a restart.
    pub live_switches: BTreeSet<&'static str>,
    /// The client answers `workspace/configuration`.
    pub pull_configuration: bool,
    /// The client inserts completion snippets (`$1` placeholders).
    pub snippets: bool,
    /// The client runs `wit-analyzer.showReferences` (see `code_lens`).
    pub show_references: bool,
    /// The client takes `workspace/codeLens/refresh`, so lenses that change
    /// without an edit (▶ Serve becoming ■ Stop) are asked for again.
    pub refresh_lenses: bool,
    /// The client takes `workspace/inlayHint/refresh`.
    pub refresh_inlay_hints: bool,
    /// A check in progress holds a second handle (see [`PendingCheck`]).
    pub workspace: Arc<Workspace>,
    /// A document that is no file (a component's WIT, `component_view`):
    /// its path in this workspace and the URI answers name it by.
    pub virtual_document: Option<(PathBuf, tower_lsp_server::ls_types::Uri)>,
    ide: Analysis,
    /// The workspace changed since `ide` last read it.
    ide_stale: bool,
    /// Buffers edited since `ide` last saw them. Re-parsing them waits for
    /// the next feature request, so that diagnostics do not wait for it.
    ide_pending: HashMap<PathBuf, Arc<str>>,
    /// The open buffers as the workspace last saw them, and their versions.
    open: HashMap<PathBuf, (Arc<str>, i32)>,
    roots: Vec<PathBuf>,
    /// The client's workspace folders: `roots` without the folders of files
    /// opened from elsewhere. Trust covers these only.
    folders: Vec<PathBuf>,
    /// Files whose last published diagnostics were not empty, so that a
    /// check that finds them clean knows to clear them.
    published: HashSet<PathBuf>,
    dirty: Dirty,
    /// Directories whose files never join the workspace, open or not: the
    /// open breaking-change baselines' (`baseline`).
    outside: Vec<PathBuf>,
}

#[derive(Default)]
struct Dirty {
    everything: bool,
    paths: BTreeSet<PathBuf>,
}

/// A check that runs without the state's lock, on a handle of the
/// workspace that stops it from taking edits until the check is done.
pub struct PendingCheck {
    workspace: Arc<Workspace>,
    dirty: Dirty,
}

impl PendingCheck {
    pub fn run(&self) -> Vec<CheckResult> {
        if self.dirty.everything {
            return vec![self.workspace.check()];
        }
        (self.dirty.paths.iter())
            .map(|path| self.workspace.check_affected(path))
            .collect()
    }
}

/// The answer to `wit-analyzer.server.checkWorkspace`, as the VS Code
/// extension's `protocol.ts` defines it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CheckSummary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Diagnostics for one file, computed from the text of `version` (`None`
/// for a file that is not open).
pub struct FileDiagnostics {
    pub path: PathBuf,
    pub version: Option<i32>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Default for State {
    fn default() -> State {
        State {
            unit: ColumnUnit::Utf16,
            options: InitOptions::default(),
            register_watcher: false,
            live_switches: BTreeSet::new(),
            pull_configuration: false,
            snippets: false,
            show_references: false,
            refresh_lenses: false,
            refresh_inlay_hints: false,
            open: HashMap::new(),
            workspace: Arc::new(Workspace::new(WorkspaceConfig::default())),
            virtual_document: None,
            ide: Analysis::default(),
            ide_stale: true,
            ide_pending: HashMap::new(),
            roots: Vec::new(),
            folders: Vec::new(),
            published: HashSet::new(),
            dirty: Dirty::default(),
            outside: Vec::new(),
        }
    }
}

impl State {
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.folders = roots.clone();
        self.roots = roots;
        self.rebuild_workspace();
    }

    /// The client added or removed workspace folders. A file still open in
    /// a removed folder keeps its own folder as a root, as a file opened
    /// outside every folder does; a folder brought in that way goes once a
    /// workspace folder holds it.
    pub fn change_folders(&mut self, added: Vec<PathBuf>, removed: &[PathBuf]) {
        self.folders.retain(|folder| !removed.contains(folder));
        self.roots.retain(|root| !removed.contains(root));
        for folder in added {
            if !self.folders.contains(&folder) {
                self.folders.push(folder);
            }
        }
        let folders = &self.folders;
        self.roots
            .retain(|root| !folders.iter().any(|f| root.starts_with(f) && root != f));
        for folder in folders {
            if !self.roots.contains(folder) {
                self.roots.push(folder.clone());
            }
        }
        let open: Vec<PathBuf> = self.open.keys().cloned().collect();
        for path in open {
            self.add_root_for(&path);
        }
        self.rebuild_workspace();
    }

    /// The workspace folder `path` is in, if the workspace is trusted.
    /// A trusted workspace does not extend its trust to a file opened from
    /// another directory, nor to that directory's `wit-analyzer.toml`.
    pub fn trusted_folder(&self, path: &Path) -> Option<&Path> {
        if !self.options.trusted {
            return None;
        }
        innermost(&self.folders, path)
    }

    /// Takes new settings; new WIT feature gates rebuild the workspace, so
    /// that the next check covers every file. Says whether they did.
    pub fn set_options(&mut self, options: InitOptions) -> bool {
        let regated = options.wit_features() != self.options.wit_features();
        self.options = options;
        if regated {
            self.rebuild_workspace();
        }
        regated
    }

    fn rebuild_workspace(&mut self) {
        // A check running on the old workspace finds it replaced and drops
        // its results (`finish_check`).
        let mut workspace = Workspace::new(WorkspaceConfig {
            roots: self.roots.clone(),
            features: self.options.wit_features(),
        });
        for (path, (text, _)) in &self.open {
            if !self.kept_out(path) {
                workspace.set_overlay(path, Some(text.clone()));
            }
        }
        self.workspace = Arc::new(workspace);
        self.dirty.everything = true;
        self.ide_stale = true;
    }

    /// A file opened outside every root (an editor started on a single
    /// file) brings its directory in as a root, so it is still analysed.
    fn cover(&mut self, path: &Path) {
        if self.add_root_for(path) {
            self.rebuild_workspace();
        }
    }

    /// Makes `path`'s folder a root unless a root holds it already; says
    /// whether it did, so that the caller rebuilds the workspace.
    fn add_root_for(&mut self, path: &Path) -> bool {
        if self.roots.iter().any(|root| path.starts_with(root)) {
            return false;
        }
        let Some(dir) = path.parent() else {
            return false;
        };
        self.roots.push(dir.to_path_buf());
        true
    }

    /// Which directories' files stay out of the workspace (see `outside`).
    pub fn set_outside(&mut self, dirs: Vec<PathBuf>) {
        self.outside = dirs;
    }

    /// A file of a baseline, opened (from a related location, say) outside
    /// the workspace folders: it is shown, not analysed.
    fn kept_out(&self, path: &Path) -> bool {
        innermost(&self.folders, path).is_none()
            && self.outside.iter().any(|dir| path.starts_with(dir))
    }

    /// A folder `cover` brought in goes again with the last of its files
    /// that was open, and with it the diagnostics of its files.
    fn uncover(&mut self) {
        let open = &self.open;
        let before = self.roots.len();
        let folders = &self.folders;
        self.roots.retain(|root| {
            folders.contains(root) || open.keys().any(|path| path.starts_with(root))
        });
        if self.roots.len() != before {
            self.rebuild_workspace();
        }
    }

    /// No check holds the workspace, so it can take edits.
    pub fn workspace_is_free(&self) -> bool {
        Arc::strong_count(&self.workspace) == 1
    }

    fn workspace_mut(&mut self) -> &mut Workspace {
        Arc::get_mut(&mut self.workspace)
            .expect("edits reach the workspace only while no check holds it")
    }

    /// Hands the edits made since the last call to the workspace, which no
    /// check may hold ([`State::workspace_is_free`]).
    pub fn apply_edits(&mut self, edits: Edits) {
        self.ide_stale |= !edits.disk.is_empty();
        for (path, text) in edits.overlays {
            let version = edits.versions.get(&path).copied().unwrap_or_default();
            if self.kept_out(&path) {
                match text {
                    Some(text) => self.open.insert(path, (text, version)),
                    None => self.open.remove(&path),
                };
                continue;
            }
            match text {
                Some(text) => {
                    self.open.insert(path.clone(), (text.clone(), version));
                    self.cover(&path);
                    self.workspace_mut().set_overlay(&path, Some(text.clone()));
                    self.ide_pending.insert(path.clone(), text);
                }
                None => {
                    self.open.remove(&path);
                    self.workspace_mut().set_overlay(&path, None);
                    self.ide_stale = true;
                    self.uncover();
                }
            }
            self.dirty.paths.insert(path);
        }
        for path in edits.disk {
            self.workspace_mut().file_changed(&path);
            self.dirty.paths.insert(path);
        }
    }

    /// Brings the IDE view up to date with buffer edits the workspace has
    /// not taken yet, because a check holds it. Says whether that was
    /// enough: a file opened, closed or changed on disk, or a changed
    /// `package` line, needs the workspace, and so waits for the check.
    pub fn refresh_ide_alone(&mut self, edits: Edits, about: Option<&Path>) -> bool {
        for (path, text) in edits.overlays {
            match text {
                Some(text) if !self.kept_out(&path) => {
                    self.ide_pending.insert(path, text);
                }
                Some(_) => {}
                None => return false,
            }
        }
        self.refresh_ide_pending(about);
        if self.ide_stale {
            return false;
        }
        self.ide.take_checked(&self.workspace);
        true
    }

    /// Brings the IDE features' view up to date with the workspace.
    pub fn refresh_ide(&mut self) {
        self.refresh_ide_for(None);
    }

    /// [`State::refresh_ide`] for an answer about `about` alone, when it
    /// is given: a buffer edited in a package that `about`'s package does
    /// not reach is parsed later, by the answer that reads it. A hover in
    /// a small package is not kept waiting by a keystroke in a large one.
    pub fn refresh_ide_for(&mut self, about: Option<&Path>) {
        self.refresh_ide_pending(about);
        if self.ide_stale {
            self.ide.update(&self.workspace);
            self.ide_stale = false;
        } else {
            self.ide.take_checked(&self.workspace);
        }
    }

    /// A keystroke re-parses its file; anything bigger leaves the view
    /// stale, for [`State::refresh_ide`] to rebuild.
    fn refresh_ide_pending(&mut self, about: Option<&Path>) {
        // Most answers come with no edit waiting: nothing to work out.
        if self.ide_pending.is_empty() {
            return;
        }
        let needed: Vec<PathBuf> = match about {
            Some(about) if !self.ide_stale => (self.ide)
                .edits_read_from(about, self.ide_pending.keys().map(PathBuf::as_path))
                .into_iter()
                .map(Path::to_path_buf)
                .collect(),
            _ => self.ide_pending.keys().cloned().collect(),
        };
        for path in needed {
            let Some(text) = self.ide_pending.remove(&path) else {
                continue;
            };
            // Taken by the IDE view before the workspace took it too.
            let seen = (self.ide.text(&path)).is_some_and(|seen| Arc::ptr_eq(&seen, &text));
            if !self.ide_stale && !seen && !self.ide.update_file(&path, text) {
                self.ide_stale = true;
            }
        }
    }

    pub fn ide(&self) -> &Analysis {
        &self.ide
    }

    /// Position conversions for a file as the features see it.
    pub fn line_map(&self, path: &Path) -> Option<LineMap> {
        let text = (self.ide_pending.get(path).cloned())
            .or_else(|| self.ide.text(path))
            .or_else(|| self.workspace.text(path))?;
        Some(LineMap::new(text, self.unit))
    }

    pub fn location(
        &self,
        path: &Path,
        range: std::ops::Range<usize>,
    ) -> Option<tower_lsp_server::ls_types::Location> {
        let uri = match &self.virtual_document {
            Some((virtual_path, uri)) if virtual_path == path => uri.clone(),
            _ => convert::uri_of(path),
        };
        Some(tower_lsp_server::ls_types::Location::new(
            uri,
            self.line_map(path)?.range(range),
        ))
    }

    /// Per-file edits in byte ranges as an LSP workspace edit; `None` when a
    /// file's text is gone.
    pub fn workspace_edit(
        &self,
        edits: BTreeMap<PathBuf, Vec<analysis::ide::TextEdit>>,
    ) -> Option<tower_lsp_server::ls_types::WorkspaceEdit> {
        let mut changes = HashMap::new();
        for (file, edits) in edits {
            let map = self.line_map(&file)?;
            let edits = edits
                .into_iter()
                .map(|edit| convert::text_edit(&map, edit))
                .collect();
            changes.insert(convert::uri_of(&file), edits);
        }
        Some(tower_lsp_server::ls_types::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        })
    }

    /// The version of the open buffer as the workspace has it.
    pub fn version(&self, path: &Path) -> Option<i32> {
        self.open.get(path).map(|(_, version)| *version)
    }

    pub fn mark_everything_dirty(&mut self) {
        self.dirty.everything = true;
    }

    /// What changed since the last check, to be checked without the lock:
    /// the packages of the dirty files and their dependents, or everything
    /// after startup. The workspace takes no edits until `finish_check`.
    pub fn take_check(&mut self) -> PendingCheck {
        PendingCheck {
            workspace: self.workspace.clone(),
            dirty: mem::take(&mut self.dirty),
        }
    }

    /// The diagnostics of a check from `take_check`, or `None` when the
    /// workspace was rebuilt meanwhile (new roots or settings): the check
    /// of everything that follows covers it.
    pub fn finish_check(
        &mut self,
        check: PendingCheck,
        results: Vec<CheckResult>,
    ) -> Option<Vec<FileDiagnostics>> {
        let PendingCheck { workspace, dirty } = check;
        if !Arc::ptr_eq(&workspace, &self.workspace) {
            self.dirty.everything = true;
            return None;
        }
        drop(workspace);
        let also = if dirty.everything {
            self.published.iter().cloned().collect()
        } else {
            dirty.paths.into_iter().collect()
        };
        Some(self.file_diagnostics(results, also))
    }

    /// Checks every package with the lock held, for the `checkWorkspace`
    /// command, which answers with the counts.
    pub fn check_everything(&mut self) -> (Vec<FileDiagnostics>, CheckSummary) {
        self.dirty = Dirty::default();
        let result = self.workspace.check();
        let count = |severity| {
            result
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        let summary = CheckSummary {
            files: result.file_count(),
            errors: count(analysis::Severity::Error),
            warnings: count(analysis::Severity::Warning),
        };
        // Kept in `published` until the check says otherwise, since
        // `file_diagnostics` republishes only files it knows were shown.
        let stale: Vec<PathBuf> = self.published.iter().cloned().collect();
        (self.file_diagnostics(vec![result], stale), summary)
    }

    /// Every file with diagnostics, and every file in `also` or in the
    /// checked packages that showed diagnostics before and is clean now.
    fn file_diagnostics(
        &mut self,
        mut results: Vec<CheckResult>,
        also: Vec<PathBuf>,
    ) -> Vec<FileDiagnostics> {
        // Only a rejected package gets our resolver's diagnostics, and the
        // IDE index is refreshed only when one may need them.
        if results.iter().any(|r| r.diagnostics.iter().any(is_error)) {
            self.refresh_ide();
            for result in &mut results {
                self.ide.add_resolver_diagnostics(result);
            }
        }
        let mut by_file: BTreeMap<PathBuf, Vec<analysis::Diagnostic>> = BTreeMap::new();
        let mut checked_files = BTreeSet::new();
        for result in results {
            for diag in result.diagnostics {
                by_file.entry(diag.path.clone()).or_default().push(diag);
            }
            for package in result.packages {
                checked_files.extend(package.files);
            }
        }
        for path in checked_files.into_iter().chain(also) {
            if self.published.contains(&path) || self.open.contains_key(&path) {
                by_file.entry(path).or_default();
            }
        }
        by_file
            .into_iter()
            .map(|(path, diags)| {
                let diagnostics = self.convert_diagnostics(&path, &diags);
                if diagnostics.is_empty() {
                    self.published.remove(&path);
                } else {
                    self.published.insert(path.clone());
                }
                FileDiagnostics {
                    version: self.version(&path),
                    path,
                    diagnostics,
                }
            })
            .collect()
    }

    fn convert_diagnostics(&self, path: &Path, diags: &[analysis::Diagnostic]) -> Vec<Diagnostic> {
        let text = self.workspace.text(path).unwrap_or_else(|| Arc::from(""));
        let map = LineMap::new(text, self.unit);
        let text_of = |other: &Path| self.workspace.text(other);
        let mut seen = HashSet::new();
        diags
            .iter()
            // Two packages checked in one round may report the same error.
            .filter(|diag| seen.insert((diag.range.clone(), diag.message.clone())))
            .map(|diag| convert::diagnostic(diag, &map, &text_of))
            .collect()
    }
}

fn is_error(diag: &analysis::Diagnostic) -> bool {
    diag.severity == analysis::Severity::Error
}

/// The deepest of `dirs` that holds `path`: nested workspace folders are
/// each other's roots.
pub fn innermost<'d>(dirs: &'d [PathBuf], path: &Path) -> Option<&'d Path> {
    dirs.iter()
        .filter(|dir| path.starts_with(dir))
        .max_by_key(|dir| dir.components().count())
        .map(PathBuf::as_path)
}
