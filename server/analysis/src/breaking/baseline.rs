//! Where the baseline comes from: a directory, read as a whole workspace,
//! or a git ref. The analysis runs no processes, so a git ref is exported
//! by whoever gives it [`GitRefs`]: the binary runs `git archive` into a
//! temporary directory, which never touches the working tree or the index.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::file_system::{FileSystem, Kind};

/// Exports git refs for [`Baseline::open`].
pub trait GitRefs {
    /// The files of `spec` in the repository that contains `cwd`, or a
    /// message that names `spec` and says why not (it is not a directory
    /// either, since a directory is looked for first).
    fn export(&self, spec: &str, cwd: &Path) -> Result<ExportedRef, String>;
}

/// A git ref's files, unpacked.
pub struct ExportedRef {
    /// The directory they are in.
    pub files: PathBuf,
    /// The top level of the repository, as git names it (links resolved).
    pub toplevel: PathBuf,
    /// Keeps `files` in place for as long as the baseline lives.
    pub keep: Box<dyn Send + Sync>,
}

/// For callers that take only directories as baselines.
pub struct NoGitRefs;

impl GitRefs for NoGitRefs {
    fn export(&self, spec: &str, _cwd: &Path) -> Result<ExportedRef, String> {
        Err(format!("baseline `{spec}` is not a directory"))
    }
}

pub struct Baseline {
    /// The directory the baseline's files are in.
    root: PathBuf,
    /// What the user called it: the directory or the ref.
    label: String,
    kind: BaselineKind,
    fs: Arc<dyn FileSystem>,
}

enum BaselineKind {
    /// A directory, and its path with links and `..` resolved, which a
    /// watcher may report its files under.
    Dir { canonical: PathBuf },
    /// A ref exported from the repository at this top level.
    Git {
        toplevel: PathBuf,
        _keep: Box<dyn Send + Sync>,
    },
}

impl Baseline {
    /// `spec` is a directory if one exists at that path, else a git ref of
    /// the repository that contains `cwd`.
    pub fn open(
        spec: &str,
        cwd: &Path,
        fs: Arc<dyn FileSystem>,
        refs: &dyn GitRefs,
    ) -> Result<Baseline, String> {
        // An empty path joins to `cwd` itself, which is no baseline anyone meant.
        if spec.trim().is_empty() {
            return Err("the baseline is empty: name a directory or a git ref".to_string());
        }
        let as_dir = cwd.join(spec);
        if fs.kind(&as_dir) == Kind::Dir {
            let root = std::path::absolute(&as_dir).unwrap_or(as_dir);
            let canonical = fs.canonicalize(&root).unwrap_or_else(|| root.clone());
            return Ok(Baseline {
                root,
                label: spec.to_string(),
                kind: BaselineKind::Dir { canonical },
                fs,
            });
        }
        let exported = refs.export(spec, cwd)?;
        Ok(Baseline {
            root: exported.files,
            label: spec.to_string(),
            kind: BaselineKind::Git {
                toplevel: exported.toplevel,
                _keep: exported.keep,
            },
            fs,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// What the baseline's files are read from.
    pub fn file_system(&self) -> &Arc<dyn FileSystem> {
        &self.fs
    }

    /// The baseline roots matching the current workspace's roots: the
    /// directory itself, or for a git ref the same paths inside the ref.
    pub fn roots_for(&self, current_roots: &[PathBuf]) -> Vec<PathBuf> {
        match &self.kind {
            BaselineKind::Dir { .. } => vec![self.root.clone()],
            BaselineKind::Git { toplevel, .. } => {
                // git names the top level with symlinks resolved; the
                // roots may not be.
                let inside = |root: &PathBuf| {
                    let absolute = std::path::absolute(root).ok()?;
                    let canonical = self.fs.canonicalize(root);
                    [Some(absolute), canonical]
                        .into_iter()
                        .flatten()
                        .find_map(|r| r.strip_prefix(toplevel).ok().map(|rel| self.root.join(rel)))
                };
                let roots: Vec<PathBuf> = current_roots.iter().filter_map(inside).collect();
                if roots.is_empty() {
                    vec![self.root.clone()]
                } else {
                    roots
                }
            }
        }
    }

    /// Whether `path` is a file of a baseline directory, so that a change to
    /// it on disk changes the baseline. An exported git ref is a snapshot
    /// of its commit: nothing changes it.
    pub fn holds(&self, path: &Path) -> bool {
        let BaselineKind::Dir { canonical } = &self.kind else {
            return false;
        };
        // The path may be spelled with `..` or a link too; a deleted file
        // can be resolved only through its folder.
        let resolved = || {
            self.fs.canonicalize(path).or_else(|| {
                let parent = self.fs.canonicalize(path.parent()?)?;
                Some(parent.join(path.file_name()?))
            })
        };
        path.starts_with(&self.root) || resolved().is_some_and(|p| p.starts_with(canonical))
    }

    /// A path inside an exported git ref, as the user knows it:
    /// `<ref>:<path in the repository>`. Other paths are returned as they are.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        match (&self.kind, path.strip_prefix(&self.root)) {
            (BaselineKind::Git { .. }, Ok(rel)) => {
                PathBuf::from(format!("{}:{}", self.label, rel.display()))
            }
            _ => path.to_path_buf(),
        }
    }
}
