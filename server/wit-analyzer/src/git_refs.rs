//! Git refs as baselines: `git archive` of the ref, unpacked into a
//! temporary directory, so the working tree and the index are never
//! touched. This lives in the binary because the analysis runs no
//! processes; it asks through [`GitRefs`].

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use analysis::breaking::{ExportedRef, GitRefs};

pub struct GitArchive;

impl GitRefs for GitArchive {
    fn export(&self, spec: &str, cwd: &Path) -> Result<ExportedRef, String> {
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
        Ok(ExportedRef {
            files: temp.path().to_path_buf(),
            toplevel,
            keep: Box::new(temp),
        })
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

#[cfg(test)]
mod tests;
