//! The two manifests that name local dependency paths: wit-deps' `deps.toml`
//! and wkg's `wkg.toml` `[overrides]`.

use std::{
    collections::BTreeMap,
    ops::Range,
    path::{Path, PathBuf},
};

use serde::Deserialize;
use toml::Spanned;

/// One local path a manifest points at, with the place that says so.
#[derive(Clone, Debug)]
pub struct PathEntry {
    pub manifest: PathBuf,
    /// The entry's key: a wit-deps name (`io`) or a package name (`wasi:io`).
    pub key: String,
    /// Absolute, lexically normalised.
    pub target: PathBuf,
    /// Byte range of the path value in the manifest.
    pub range: Range<usize>,
}

/// A manifest problem, reported as a diagnostic on the manifest.
pub struct ManifestError {
    pub manifest: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Default)]
pub struct Manifest {
    pub paths: Vec<PathEntry>,
    /// Entries that are URLs: `wkg wit fetch` / `wit-deps` would download them.
    pub remote: Vec<String>,
    pub errors: Vec<ManifestError>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a path string, or a table such as `{ path = \"../dep/wit\" }`"
)]
enum DepsTomlEntry {
    Url(String),
    Table {
        path: Option<String>,
        url: Option<String>,
    },
}

/// `deps.toml` in the wit-deps format: `io = "../io/wit"`,
/// `io = { path = "../io/wit" }` or a URL.
pub fn read_deps_toml(manifest: &Path, text: &str) -> Manifest {
    let table: BTreeMap<String, Spanned<DepsTomlEntry>> = match parse(manifest, text) {
        Ok(table) => table,
        Err(failed) => return failed,
    };
    let mut out = Manifest::default();
    for (key, entry) in table {
        let range = entry.span();
        let path = match entry.into_inner() {
            DepsTomlEntry::Url(value) if looks_like_url(&value) => {
                out.remote.push(key);
                continue;
            }
            DepsTomlEntry::Url(path)
            | DepsTomlEntry::Table {
                path: Some(path), ..
            } => path,
            DepsTomlEntry::Table { url: Some(_), .. } => {
                out.remote.push(key);
                continue;
            }
            DepsTomlEntry::Table { .. } => {
                out.errors.push(ManifestError {
                    manifest: manifest.to_path_buf(),
                    range,
                    message: format!("dependency `{key}` has neither `path` nor `url`"),
                });
                continue;
            }
        };
        out.push_path(manifest, key, &path, range);
    }
    out
}

#[derive(Deserialize)]
struct WkgToml {
    #[serde(default)]
    overrides: BTreeMap<String, Spanned<WkgOverride>>,
}

#[derive(Deserialize)]
struct WkgOverride {
    path: Option<String>,
}

/// `wkg.toml`'s `[overrides]`: `"wasi:io" = { path = "../io/wit" }`.
pub fn read_wkg_toml(manifest: &Path, text: &str) -> Manifest {
    let parsed: WkgToml = match parse(manifest, text) {
        Ok(parsed) => parsed,
        Err(failed) => return failed,
    };
    let mut out = Manifest::default();
    for (key, entry) in parsed.overrides {
        let range = entry.span();
        if let Some(path) = entry.into_inner().path {
            out.push_path(manifest, key, &path, range);
        }
    }
    out
}

impl Manifest {
    /// Records `path`, relative to the manifest's directory.
    fn push_path(&mut self, manifest: &Path, key: String, path: &str, range: Range<usize>) {
        let base = manifest.parent().unwrap_or(Path::new(""));
        self.paths.push(PathEntry {
            manifest: manifest.to_path_buf(),
            key,
            target: normalize(&base.join(path)),
            range,
        });
    }
}

/// The manifest's contents, or a manifest holding just the TOML error.
fn parse<T: serde::de::DeserializeOwned>(manifest: &Path, text: &str) -> Result<T, Manifest> {
    toml::from_str(text).map_err(|err: toml::de::Error| {
        let mut failed = Manifest::default();
        failed.errors.push(ManifestError {
            manifest: manifest.to_path_buf(),
            range: err.span().unwrap_or(0..0),
            message: format!("invalid TOML: {}", err.message().trim().replace('\n', ": ")),
        });
        failed
    })
}

fn looks_like_url(value: &str) -> bool {
    value.contains("://")
}

/// Removes `.` and `..` without touching the disk, so that
/// `http/wit/../../io/wit` and `io/wit` name the same package.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
