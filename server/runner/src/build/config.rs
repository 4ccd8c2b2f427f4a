//! The `[[build]]` entries of `wit-analyzer.toml`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{BuildError, GuestKind, GuestProject};
use crate::CONFIG_FILE;

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    build: Vec<BuildEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuildEntry {
    world: String,
    command: Vec<String>,
    output: PathBuf,
    /// Where the command runs, relative to the file; the file's directory by default.
    dir: Option<PathBuf>,
    /// The WIT the artifact is checked against, relative to the file.
    wit: Option<PathBuf>,
}

/// The guests `root/wit-analyzer.toml` declares; none when there is no file.
/// Other tables of the file belong to other parts of wit-analyzer.
pub(crate) fn read_guests(root: &Path) -> Result<Vec<GuestProject>, BuildError> {
    let file = root.join(CONFIG_FILE);
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Ok(Vec::new());
    };
    let config: ConfigFile = toml::from_str(&text).map_err(|e| BuildError::Config {
        file: file.clone(),
        message: e.to_string(),
    })?;
    config
        .build
        .into_iter()
        .map(|entry| {
            if entry.command.is_empty() {
                return Err(BuildError::Config {
                    file: file.clone(),
                    message: format!(
                        "the [[build]] entry for `{}` has an empty `command`",
                        entry.world
                    ),
                });
            }
            Ok(GuestProject {
                world: entry.world,
                dir: root.join(entry.dir.unwrap_or_default()),
                kind: GuestKind::Command {
                    command: entry.command,
                    output: entry.output,
                },
                wit_dir: entry.wit.map(|wit| root.join(wit)),
            })
        })
        .collect()
}
