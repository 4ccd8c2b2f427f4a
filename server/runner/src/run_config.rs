//! The `[run]` table of `wit-analyzer.toml`: what runs in a workspace may do
//! beyond the bare sandbox.
//!
//! ```toml
//! [run]
//! timeout = "10s"
//! max-memory = "512MiB"
//! dirs = ["data::/data"]      # HOST::GUEST read-only, HOST::GUEST:rw writable;
//!                             # host paths relative to the file, inside its folder
//! env = { LOG = "debug" }
//! args = ["--verbose"]
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::CONFIG_FILE;
use crate::sandbox::{DirGrant, RunOptions};
use crate::units::{parse_duration, parse_size};

#[derive(Deserialize)]
struct ConfigFile {
    run: Option<RunTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RunTable {
    timeout: Option<String>,
    max_memory: Option<String>,
    #[serde(default)]
    dirs: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    args: Vec<String>,
}

impl RunOptions {
    /// The default sandbox with what `root/wit-analyzer.toml` grants; the
    /// defaults alone when there is no such file. Errors name the file.
    pub fn from_workspace(root: &Path) -> Result<RunOptions, String> {
        let file = root.join(CONFIG_FILE);
        let Ok(text) = std::fs::read_to_string(&file) else {
            return Ok(RunOptions::default());
        };
        let in_file = |message: String| format!("{}: {message}", file.display());
        let config: ConfigFile = toml::from_str(&text).map_err(|e| in_file(e.to_string()))?;
        let Some(run) = config.run else {
            return Ok(RunOptions::default());
        };
        let mut options = RunOptions::default();
        if let Some(timeout) = &run.timeout {
            options.timeout =
                parse_duration(timeout).map_err(|e| in_file(format!("[run] timeout: {e}")))?;
        }
        if let Some(size) = &run.max_memory {
            options.max_memory =
                parse_size(size).map_err(|e| in_file(format!("[run] max-memory: {e}")))?;
        }
        for dir in &run.dirs {
            let grant =
                DirGrant::parse(dir, root).map_err(|e| in_file(format!("[run] dirs: {e}")))?;
            // A checked-in file must not hand a guest the rest of the machine.
            let inside = match (grant.host.canonicalize(), root.canonicalize()) {
                (Ok(host), Ok(root)) => host.starts_with(root),
                _ => false,
            };
            if !inside {
                return Err(in_file(format!(
                    "[run] dirs: `{dir}` is outside the folder of this file; grant it on the command line \
                     (`--dir`) or in the editor's settings instead"
                )));
            }
            options.dirs.push(grant);
        }
        options.env = run.env.into_iter().collect();
        options.args = run.args;
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_table_grants_and_limits() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("data")).unwrap();
        std::fs::write(
            root.path().join(CONFIG_FILE),
            "[run]\ntimeout = \"10s\"\nmax-memory = \"1GiB\"\ndirs = [\"data::/data\"]\nenv = { LOG = \"debug\" }\n",
        )
        .unwrap();
        let options = RunOptions::from_workspace(root.path()).unwrap();
        assert_eq!(options.timeout, std::time::Duration::from_secs(10));
        assert_eq!(options.max_memory, 1 << 30);
        assert_eq!(
            options.dirs,
            [DirGrant {
                host: root.path().join("data"),
                guest: "/data".into(),
                writable: false
            }]
        );
        assert_eq!(options.env, [("LOG".to_string(), "debug".to_string())]);
    }

    #[test]
    fn mistakes_name_the_file_and_the_key() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(
            root.path().join(CONFIG_FILE),
            "[run]\ndirs = [\"missing::/m\"]\n",
        )
        .unwrap();
        let error = RunOptions::from_workspace(root.path()).unwrap_err();
        assert!(
            error.contains(CONFIG_FILE)
                && error.contains("[run] dirs")
                && error.contains("missing"),
            "{error}"
        );

        std::fs::write(root.path().join(CONFIG_FILE), "[run]\ntimeout = \"soon\"\n").unwrap();
        let error = RunOptions::from_workspace(root.path()).unwrap_err();
        assert!(error.contains("[run] timeout"), "{error}");
    }

    #[test]
    fn a_grant_outside_the_files_folder_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let inner = root.path().join("project");
        std::fs::create_dir(&inner).unwrap();
        for grant in ["/::/host:rw", "..::/up", "/tmp::/tmp"] {
            std::fs::write(
                inner.join(CONFIG_FILE),
                format!("[run]\ndirs = [\"{grant}\"]\n"),
            )
            .unwrap();
            let error = RunOptions::from_workspace(&inner).unwrap_err();
            assert!(
                error.contains("outside the folder of this file"),
                "{grant}: {error}"
            );
        }
    }

    #[test]
    fn no_file_means_the_bare_sandbox() {
        let root = tempfile::tempdir().unwrap();
        let options = RunOptions::from_workspace(root.path()).unwrap();
        assert!(options.dirs.is_empty() && options.env.is_empty() && options.args.is_empty());
    }
}
