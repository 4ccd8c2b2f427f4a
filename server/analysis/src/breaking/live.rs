//! A baseline held open: read and resolved once, then compared with the
//! current workspace as often as it changes. The language server keeps one
//! for its `baseline` setting and asks again on every edit; `check` asks
//! once.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use super::{Baseline, GitRefs, LoadCache, Loaded, Options, check_against_cached, load};
use crate::{
    diagnostic::Diagnostic,
    file_system::FileSystem,
    workspace::{Workspace, WorkspaceConfig},
};

pub struct LiveBaseline {
    /// Holds the exported files of a git ref for as long as diagnostics
    /// may point into them.
    baseline: Baseline,
    loaded: Loaded,
    opts: Options,
    /// The current workspace as last loaded: an edit re-loads only what it
    /// touched.
    current: Mutex<LoadCache>,
}

impl LiveBaseline {
    /// Opens `spec` (a directory, or a git ref of the repository around
    /// `cwd`) as the baseline of a workspace with `current_roots`.
    pub fn open(
        spec: &str,
        cwd: &Path,
        current_roots: &[PathBuf],
        opts: Options,
        fs: Arc<dyn FileSystem>,
        refs: &dyn GitRefs,
    ) -> Result<LiveBaseline, String> {
        let baseline = Baseline::open(spec, cwd, fs, refs)?;
        let config = WorkspaceConfig {
            roots: baseline.roots_for(current_roots),
            features: opts.features.clone(),
        };
        let workspace = Workspace::with_file_system(config, Arc::clone(baseline.file_system()));
        let loaded = load(&workspace, &opts.features);
        Ok(LiveBaseline {
            baseline,
            loaded,
            opts,
            current: Mutex::default(),
        })
    }

    pub fn baseline(&self) -> &Baseline {
        &self.baseline
    }

    /// Breaking changes of `current` against the baseline. Locations in
    /// the baseline are real files (for a git ref, in a temporary export
    /// that lives as long as `self`).
    pub fn diagnostics(&self, current: &Workspace) -> Vec<Diagnostic> {
        let mut cache = self.current.lock().unwrap_or_else(|e| e.into_inner());
        check_against_cached(&self.loaded, current, &self.opts, &mut cache)
    }
}
