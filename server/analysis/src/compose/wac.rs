//! WAC documents (`.wac`): the composition language of `wac compose`.
//!
//! wac-parser parses and resolves a document; this module finds the packages
//! it names, reports wac's errors with byte ranges into the document, and
//! encodes the composition.
//!
//! A package `ns:name` (optionally `@version`) is looked up as `wac` looks
//! it up: a file given for that name (`--dep ns:name=FILE`), else under the
//! deps folder (`deps/` beside the document), as `ns/name.wasm`, `.wat`,
//! `.wit` or a WIT folder `ns/name/`, and with a version as
//! `ns/name/VERSION.wasm` (and so on). A component is taken as it is; WIT
//! is encoded as a WIT package, which gives types but nothing to `new`.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use indexmap::IndexMap;
use semver::Version;
use wac_parser::Document;
use wac_parser::lexer::{Lexer, Token};
use wac_types::BorrowedPackageKey;

use super::{Composed, encode_options, shown};
use crate::component::read_component_binary;
use crate::file_system::{FileSystem, Kind, OsFileSystem};
use crate::workspace::{Workspace, WorkspaceConfig};

/// A package named in a document: `demo:names` in `new demo:names { … }`,
/// or `demo:compose/names@0.1.0` in `import n: demo:compose/names@0.1.0;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageRef {
    /// `demo:compose`, without path or version.
    pub name: String,
    pub version: Option<String>,
    /// The interface or world path after the name (`names`), if any.
    pub item: Option<String>,
    /// The whole reference in the text.
    pub range: Range<usize>,
    /// Of the name alone (without path and version).
    pub name_range: Range<usize>,
}

/// An error of a document, at a place in it when wac gives one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WacError {
    pub range: Option<Range<usize>>,
    pub message: String,
    /// Other places wac points at (`previously defined here`).
    pub related: Vec<(Range<usize>, String)>,
}

/// Where the packages of a document come from.
#[derive(Clone)]
pub struct Deps {
    /// Searched as `DIR/ns/name.wasm` and so on.
    pub dir: Option<PathBuf>,
    /// `ns:name` (or `ns:name@version`) and the file given for it.
    pub explicit: Vec<(String, PathBuf)>,
    fs: Arc<dyn FileSystem>,
}

impl Deps {
    /// The `deps/` folder beside `document`, as `wac compose` looks.
    pub fn beside(document: &Path) -> Deps {
        let dir = document.parent().unwrap_or(Path::new("."));
        Deps::in_dir(Some(dir.join("deps")))
    }

    /// Packages under `dir` on the disk, or none but those named later in
    /// [`Deps::explicit`].
    pub fn in_dir(dir: Option<PathBuf>) -> Deps {
        Deps {
            dir,
            explicit: Vec::new(),
            fs: Arc::new(OsFileSystem),
        }
    }

    /// Where the package is (the first that exists), or every place looked.
    pub fn find(&self, name: &str, version: Option<&str>) -> Result<PathBuf, Vec<PathBuf>> {
        let spelled = match version {
            Some(version) => format!("{name}@{version}"),
            None => name.to_string(),
        };
        if let Some((_, path)) = self.explicit.iter().find(|(n, _)| *n == spelled) {
            return Ok(path.clone());
        }
        let Some(dir) = &self.dir else {
            return Err(Vec::new());
        };
        let mut base = dir.clone();
        base.extend(name.split(':'));
        if let Some(version) = version {
            base.push(version);
        }
        let with = |extension: &str| {
            let mut path = base.clone().into_os_string();
            path.push(".");
            path.push(extension);
            PathBuf::from(path)
        };
        let candidates = [with("wasm"), with("wat"), with("wit"), base.clone()];
        match (candidates.iter()).find(|path| self.fs.kind(path) != Kind::Missing) {
            Some(path) => Ok(path.clone()),
            None => Err(candidates.to_vec()),
        }
    }
}

/// The syntax error of a document, if it has one (wac stops at the first).
pub fn parse_error(text: &str) -> Option<WacError> {
    Document::parse(text).err().map(|e| wac_error(&e))
}

/// Every package a document names, in order, but its own (`package x:y;`).
pub fn package_refs(text: &str) -> Vec<PackageRef> {
    let Ok(lexer) = Lexer::new(text) else {
        return Vec::new();
    };
    let mut refs = Vec::new();
    let mut after_package_keyword = false;
    let mut own = None;
    for (token, span) in lexer {
        let range = span.offset()..span.offset() + span.len();
        match token {
            Ok(Token::PackageKeyword) => {
                after_package_keyword = true;
                continue;
            }
            Ok(Token::PackageName) if after_package_keyword && own.is_none() => {
                own = Some(split_reference(&text[range.clone()], range.start).name);
            }
            Ok(Token::PackageName | Token::PackagePath) => {
                refs.push(split_reference(&text[range.clone()], range.start));
            }
            _ => {}
        }
        after_package_keyword = false;
    }
    refs.retain(|r| Some(&r.name) != own.as_ref());
    refs
}

fn split_reference(token: &str, start: usize) -> PackageRef {
    let (path, version) = match token.split_once('@') {
        Some((path, version)) => (path, Some(version.to_string())),
        None => (token, None),
    };
    let (name, item) = match path.split_once('/') {
        Some((name, item)) => (name, Some(item.to_string())),
        None => (path, None),
    };
    PackageRef {
        name: name.to_string(),
        version,
        item,
        range: start..start + token.len(),
        name_range: start..start + name.len(),
    }
}

/// Every error of a document: its syntax error, the packages that cannot be
/// found or read (each where it is first named), or the first error wac
/// finds in resolving or encoding it. Empty when it composes.
pub fn check(text: &str, deps: &Deps) -> Vec<WacError> {
    compose(text, deps).err().unwrap_or_default()
}

/// [`check`], with `more` asked for a package that `deps` does not have.
pub fn check_with(text: &str, deps: &Deps, more: &MorePackages<'_>) -> Vec<WacError> {
    compose_with(text, deps, more).err().unwrap_or_default()
}

/// The component a document describes.
pub fn compose(text: &str, deps: &Deps) -> Result<Composed, Vec<WacError>> {
    compose_with(text, deps, &|_, _| None)
}

/// Packages found elsewhere than in [`Deps`] (a workspace's WIT): the
/// encoded package for a name and version, `None` for one it lacks.
pub type MorePackages<'a> = dyn Fn(&str, Option<&str>) -> Option<Result<Vec<u8>, String>> + 'a;

/// The WIT packages a workspace's last check resolved, encoded as WIT
/// packages, for the names of a document that its deps folder lacks.
pub fn workspace_packages(
    ws: &crate::Workspace,
) -> impl Fn(&str, Option<&str>) -> Option<Result<Vec<u8>, String>> + '_ {
    move |name, version| {
        let (namespace, short) = name.split_once(':')?;
        let encoded = || {
            ws.checked_resolves().into_iter().find_map(|checked| {
                let resolve = &checked.resolve;
                let (id, _) = resolve.packages.iter().find(|(_, p)| {
                    p.name.namespace == namespace
                        && p.name.name == short
                        && version.is_none_or(|v| {
                            p.name
                                .version
                                .as_ref()
                                .is_some_and(|pv| pv.to_string() == v)
                        })
                })?;
                Some(wit_component::encode(resolve, id, false).map_err(|e| format!("{e:#}")))
            })
        };
        if let Some(found) = encoded() {
            return Some(found);
        }
        // Not checked yet (or not clean): check that package, then look again.
        let spelled = version.map_or(name.to_string(), |v| format!("{name}@{v}"));
        let package = ws.packages().into_iter().find(|p| {
            p.name.as_deref().is_some_and(|n| {
                n == spelled || (version.is_none() && n.split('@').next() == Some(name))
            })
        })?;
        let file = package.files.first()?;
        let checked = ws.check_affected(file);
        if let Some(error) = checked
            .diagnostics
            .iter()
            .find(|d| d.severity == crate::Severity::Error)
        {
            return Some(Err(format!(
                "the WIT package has errors ({}: {})",
                error.path.display(),
                error.message
            )));
        }
        encoded()
    }
}

/// [`compose`], with `more` asked for a package that `deps` does not have.
pub fn compose_with(
    text: &str,
    deps: &Deps,
    more: &MorePackages<'_>,
) -> Result<Composed, Vec<WacError>> {
    let document = Document::parse(text).map_err(|e| vec![wac_error(&e)])?;
    let (found, errors) = load_packages(text, deps, more);
    if !errors.is_empty() {
        return Err(errors);
    }
    let versions: Vec<Option<Version>> = found
        .iter()
        .map(|(_, version, _)| version.as_deref().and_then(|v| Version::parse(v).ok()))
        .collect();
    let packages: IndexMap<BorrowedPackageKey<'_>, Vec<u8>> = found
        .iter()
        .zip(&versions)
        .map(|((name, _, bytes), version)| {
            (
                BorrowedPackageKey::from_name_and_version(name, version.as_ref()),
                bytes.clone(),
            )
        })
        .collect();
    let resolution = document
        .resolve(packages)
        .map_err(|e| vec![wac_error(&e)])?;
    let bytes = resolution
        .encode(encode_options())
        .map_err(|e| vec![wac_error(&e)])?;
    Ok(Composed::new(bytes))
}

/// `(name, version, bytes)` of each package the document names, once each,
/// and an error at the first mention of each that cannot be had.
#[allow(clippy::type_complexity)]
fn load_packages<'t>(
    text: &'t str,
    deps: &Deps,
    more: &MorePackages<'_>,
) -> (Vec<(&'t str, Option<String>, Vec<u8>)>, Vec<WacError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut seen: Vec<(String, Option<String>)> = Vec::new();
    for reference in package_refs(text) {
        let key = (reference.name.clone(), reference.version.clone());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let spelled = match &reference.version {
            Some(version) => format!("{}@{version}", reference.name),
            None => reference.name.clone(),
        };
        let error = |message: String| WacError {
            range: Some(reference.range.clone()),
            message,
            related: Vec::new(),
        };
        let path = match deps.find(&reference.name, reference.version.as_deref()) {
            Ok(path) => path,
            Err(looked) => {
                let name = &text[reference.name_range.clone()];
                match more(name, reference.version.as_deref()) {
                    Some(Ok(bytes)) => {
                        found.push((name, reference.version.clone(), bytes));
                        continue;
                    }
                    Some(Err(why)) => {
                        errors.push(error(format!("package `{spelled}`: {why}")));
                        continue;
                    }
                    None => {}
                }
                let places: Vec<String> = looked.iter().map(|p| shown(p)).collect();
                let message = if places.is_empty() {
                    format!("unknown package `{spelled}`: no file is given for it")
                } else {
                    format!(
                        "unknown package `{spelled}`: none of {} exists",
                        places.join(", ")
                    )
                };
                errors.push(error(message));
                continue;
            }
        };
        match package_bytes(&deps.fs, &path) {
            Ok(bytes) => {
                let name = &text[reference.name_range.clone()];
                found.push((name, reference.version.clone(), bytes));
            }
            Err(why) => errors.push(error(format!(
                "package `{spelled}` ({}): {why}",
                shown(&path)
            ))),
        }
    }
    (found, errors)
}

/// A component as it is, or WIT (a folder or a `.wit` file) encoded as a
/// WIT package, its references resolved as a workspace check resolves them.
fn package_bytes(fs: &Arc<dyn FileSystem>, path: &Path) -> Result<Vec<u8>, String> {
    let is_wit = fs.kind(path) == Kind::Dir || path.extension().is_some_and(|e| e == "wit");
    if !is_wit {
        return read_component_binary(&**fs, path).map_err(|e| e.to_string());
    }
    let config = WorkspaceConfig {
        roots: vec![path.to_path_buf()],
        ..Default::default()
    };
    let ws = Workspace::with_file_system(config, Arc::clone(fs));
    let root = &ws.roots()[0];
    let package = (ws.packages().into_iter())
        .find(|p| p.dir() == root || p.files.first() == Some(root))
        .ok_or_else(|| "no WIT package here".to_string())?;
    let name = package.name.as_deref().unwrap_or_default();
    let (name, version) = match name.split_once('@') {
        Some((name, version)) => (name, Some(version)),
        None => (name, None),
    };
    workspace_packages(&ws)(name, version).unwrap_or_else(|| {
        Err("the WIT package does not name itself (`package ns:name;`)".to_string())
    })
}

/// A wac error with the places its labels point at.
fn wac_error<E: miette::Diagnostic>(error: &E) -> WacError {
    let mut range = None;
    let mut related = Vec::new();
    for label in error.labels().into_iter().flatten() {
        let span = label.offset()..label.offset() + label.len();
        if label.primary() && range.is_none() {
            range = Some(span);
        } else {
            related.push((span, label.label().unwrap_or_default().to_string()));
        }
    }
    if range.is_none() && !related.is_empty() {
        range = Some(related.remove(0).0);
    }
    WacError {
        range,
        message: super::plug::error_chain(error),
        related,
    }
}
