//! `wac plug`: the exports of plug components satisfy the imports of a root
//! component of the same name (or a semver-compatible one), and the result
//! exports what the root exports.
//!
//! Where `wac plug` skips quietly, this refuses with a reason: a plug export
//! whose name matches an import but whose type does not, two plugs for one
//! import, and a plug that satisfies nothing at all.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use wac_graph::types::{Package, SubtypeChecker, are_semver_compatible};
use wac_graph::{CompositionGraph, PackageId};

use super::{Composed, encode_options, shown};
use crate::component::{ComponentError, read_component_binary};
use crate::file_system::FileSystem;

/// What one plug satisfied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plugged {
    pub plug: PathBuf,
    /// The root's imports it satisfied, by the root's names.
    pub imports: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlugError {
    /// A file that is not a component (or cannot be read).
    Input {
        path: PathBuf,
        error: ComponentError,
    },
    /// A component whose types wac does not take.
    Invalid { path: PathBuf, why: String },
    /// The same file given twice.
    Twice { path: PathBuf },
    /// A plug export that matches a root import by name but not by type.
    TypeMismatch {
        plug: PathBuf,
        export: String,
        root: PathBuf,
        import: String,
        why: String,
    },
    /// Two plugs export what one import needs.
    TwoPlugs {
        import: String,
        first: PathBuf,
        second: PathBuf,
    },
    /// A plug that exports nothing the root imports.
    PlugsNothing {
        plug: PathBuf,
        exports: Vec<String>,
        root: PathBuf,
        imports: Vec<String>,
    },
    /// The composition did not encode.
    Encode(String),
}

impl fmt::Display for PlugError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlugError::Input { path, error } => write!(f, "{}: {error}", shown(path)),
            PlugError::Invalid { path, why } => {
                write!(f, "{}: wac cannot read this component: {why}", shown(path))
            }
            PlugError::Twice { path } => write!(f, "{}: given twice", shown(path)),
            PlugError::TypeMismatch {
                plug,
                export,
                root,
                import,
                why,
            } => write!(
                f,
                "{}: export `{export}` does not match the import `{import}` of {} \
                 (expected: what {1} imports; found: what {0} exports): {why}",
                shown(plug),
                shown(root)
            ),
            PlugError::TwoPlugs {
                import,
                first,
                second,
            } => write!(
                f,
                "{}: `{import}` is plugged already, by {}; plug one of them",
                shown(second),
                shown(first)
            ),
            PlugError::PlugsNothing {
                plug,
                exports,
                root,
                imports,
            } => {
                write!(
                    f,
                    "{}: plugs nothing into {}: it exports ",
                    shown(plug),
                    shown(root)
                )?;
                write_names(f, exports)?;
                write!(f, ", and {} imports ", shown(root))?;
                write_names(f, imports)
            }
            PlugError::Encode(why) => write!(f, "the composition does not encode: {why}"),
        }
    }
}

fn write_names(f: &mut fmt::Formatter<'_>, names: &[String]) -> fmt::Result {
    if names.is_empty() {
        return f.write_str("nothing");
    }
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    f.write_str(&quoted.join(", "))
}

impl std::error::Error for PlugError {}

/// Plugs each of `plugs` into `root`, in order, and encodes the result.
pub fn plug(
    fs: &dyn FileSystem,
    root: &Path,
    plugs: &[PathBuf],
) -> Result<(Composed, Vec<Plugged>), PlugError> {
    let mut seen = HashSet::new();
    for path in std::iter::once(root).chain(plugs.iter().map(PathBuf::as_path)) {
        // The same file under two spellings is the same file too.
        let key = fs.canonicalize(path).unwrap_or_else(|| path.to_path_buf());
        if !seen.insert(key) {
            return Err(PlugError::Twice {
                path: path.to_path_buf(),
            });
        }
    }

    let mut graph = CompositionGraph::new();
    let socket = register(fs, &mut graph, "compose:root", root)?;
    let sockets = graph.types()[graph[socket].ty()].imports.clone();
    let root_imports: Vec<String> = sockets.keys().cloned().collect();

    // For each plug, the (its export, the root's import) pairs it satisfies.
    let mut matches: Vec<(PackageId, Vec<(String, String)>)> = Vec::new();
    let mut provider: Vec<(String, PathBuf)> = Vec::new();
    for (index, path) in plugs.iter().enumerate() {
        let package = register(fs, &mut graph, &format!("compose:plug{index}"), path)?;
        let exports = graph.types()[graph[package].ty()].exports.clone();
        let mut pairs = Vec::new();
        for (export, export_kind) in &exports {
            let socket = sockets.get_key_value(export.as_str()).or_else(|| {
                sockets
                    .iter()
                    .find(|(import, _)| are_semver_compatible(export, import))
            });
            let Some((import, import_kind)) = socket else {
                continue;
            };
            let mut cache = Default::default();
            let mut checker = SubtypeChecker::new(&mut cache);
            if let Err(why) =
                checker.is_subtype(*export_kind, graph.types(), *import_kind, graph.types())
            {
                return Err(PlugError::TypeMismatch {
                    plug: path.clone(),
                    export: export.clone(),
                    root: root.to_path_buf(),
                    import: import.clone(),
                    why: format!("{why:#}"),
                });
            }
            if let Some((_, first)) = provider.iter().find(|(taken, _)| taken == import) {
                return Err(PlugError::TwoPlugs {
                    import: import.clone(),
                    first: first.clone(),
                    second: path.clone(),
                });
            }
            provider.push((import.clone(), path.clone()));
            pairs.push((export.clone(), import.clone()));
        }
        if pairs.is_empty() {
            return Err(PlugError::PlugsNothing {
                plug: path.clone(),
                exports: exports.keys().cloned().collect(),
                root: root.to_path_buf(),
                imports: root_imports,
            });
        }
        matches.push((package, pairs));
    }

    let encode = |e: &dyn std::error::Error| PlugError::Encode(error_chain(e));
    let instance = graph.instantiate(socket);
    let mut plugged = Vec::new();
    for ((package, pairs), path) in matches.into_iter().zip(plugs) {
        let plug_instance = graph.instantiate(package);
        for (export, import) in &pairs {
            let alias = graph
                .alias_instance_export(plug_instance, export)
                .map_err(|e| encode(&e))?;
            graph
                .set_instantiation_argument(instance, import, alias)
                .map_err(|e| encode(&e))?;
        }
        plugged.push(Plugged {
            plug: path.clone(),
            imports: pairs.into_iter().map(|(_, import)| import).collect(),
        });
    }
    let root_exports: Vec<String> = graph.types()[graph[socket].ty()]
        .exports
        .keys()
        .cloned()
        .collect();
    for name in root_exports {
        let alias = graph
            .alias_instance_export(instance, &name)
            .map_err(|e| encode(&e))?;
        graph.export(alias, &name).map_err(|e| encode(&e))?;
    }
    let bytes = graph.encode(encode_options()).map_err(|e| encode(&e))?;
    Ok((Composed::new(bytes), plugged))
}

/// Reads the component at `path` into the graph as package `name`.
fn register(
    fs: &dyn FileSystem,
    graph: &mut CompositionGraph,
    name: &str,
    path: &Path,
) -> Result<PackageId, PlugError> {
    let bytes = read_component_binary(fs, path).map_err(|error| PlugError::Input {
        path: path.to_path_buf(),
        error,
    })?;
    let invalid = |why: String| PlugError::Invalid {
        path: path.to_path_buf(),
        why,
    };
    let package = Package::from_bytes(name, None, bytes, graph.types_mut())
        .map_err(|e| invalid(format!("{e:#}")))?;
    graph
        .register_package(package)
        .map_err(|e| invalid(error_chain(&e)))
}

/// An error and its sources, as one line.
pub(super) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
