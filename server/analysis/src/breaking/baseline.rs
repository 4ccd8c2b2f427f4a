//! Where the baseline comes from: a directory, read as a whole workspace,
//! or a git ref, exported with `git archive` into a temporary directory so
//! that the working tree and the index are never touched.

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

pub struct Baseline {
    /// The directory the baseline's files are in.
    root: PathBuf,
    /// What the user called it: the directory or the ref.
    label: String,
    kind: Kind,
    _temp: Option<tempfile::TempDir>,
}

enum Kind {
    Dir,
    /// A ref exported from the repository at this top level.
    Git {
        toplevel: PathBuf,
    },
}

impl Baseline {
    /// `spec` is a directory if one exists at that path, else a git ref of
    /// the repository that contains `cwd`.
    pub fn open(spec: &str, cwd: &Path) -> Result<Baseline, String> {
        // An empty path joins to `cwd` itself, which is no baseline anyone meant.
        if spec.trim().is_empty() {
            return Err("the baseline is empty: name a directory or a git ref".to_string());
        }
        let as_dir = cwd.join(spec);
        if as_dir.is_dir() {
            let root = std::path::absolute(&as_dir).unwrap_or(as_dir);
            return Ok(Baseline {
                root,
                label: spec.to_string(),
                kind: Kind::Dir,
                _temp: None,
            });
        }
        // A ref never starts with `-`; git would read it as an option.
        if spec.starts_with('-') {
            return Err(format!(
                "baseline `{spec}` is neither a directory nor a git ref"
            ));
        }
        let toplevel = git(cwd, &["rev-parse", "--show-toplevel"]).map_err(|err| {
            format!("baseline `{spec}` is not a directory, and not a git ref either: {err}")
        })?;
        let toplevel = PathBuf::from(String::from_utf8_lossy(&toplevel).trim());
        let commit = format!("{spec}^{{commit}}");
        git(cwd, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
            format!(
                "baseline `{spec}` is neither a directory nor a git ref of {}",
                toplevel.display()
            )
        })?;
        let temp = tempfile::Builder::new()
            .prefix("wit-analyzer-baseline-")
            .tempdir()
            .map_err(|err| {
                format!("cannot make a temporary directory for baseline `{spec}`: {err}")
            })?;
        let archive = git(&toplevel, &["archive", "--format=tar", &commit])?;
        untar(&archive, temp.path())
            .map_err(|err| format!("cannot unpack baseline `{spec}`: {err}"))?;
        Ok(Baseline {
            root: temp.path().to_path_buf(),
            label: spec.to_string(),
            kind: Kind::Git { toplevel },
            _temp: Some(temp),
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// The baseline roots matching the current workspace's roots: the
    /// directory itself, or for a git ref the same paths inside the ref.
    pub fn roots_for(&self, current_roots: &[PathBuf]) -> Vec<PathBuf> {
        match &self.kind {
            Kind::Dir => vec![self.root.clone()],
            Kind::Git { toplevel } => {
                // git names the top level with symlinks resolved; the
                // roots may not be.
                let inside = |root: &PathBuf| {
                    let absolute = std::path::absolute(root).ok()?;
                    let canonical = std::fs::canonicalize(root).ok();
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

    /// A path inside an exported git ref, as the user knows it:
    /// `<ref>:<path in the repository>`. Other paths are returned as they are.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        match (&self.kind, path.strip_prefix(&self.root)) {
            (Kind::Git { .. }, Ok(rel)) => {
                PathBuf::from(format!("{}:{}", self.label, rel.display()))
            }
            _ => path.to_path_buf(),
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|err| format!("cannot run git: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

fn untar(archive: &[u8], into: &Path) -> Result<(), String> {
    let mut child = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run tar: {err}"))?;
    child
        .stdin
        .take()
        .ok_or("tar has no stdin")?
        .write_all(archive)
        .map_err(|err| format!("cannot feed tar: {err}"))?;
    let output = child
        .wait_with_output()
        .map_err(|err| format!("tar failed: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "tar failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(())
}
