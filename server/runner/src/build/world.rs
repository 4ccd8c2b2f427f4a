//! What a built component imports and exports, read from the component
//! itself, and whether that covers the world it was built for.

use std::path::Path;

use wit_component::DecodedWasm;
use wit_parser::{Resolve, WorldId, WorldItem, WorldKey};

use super::BuildError;
use super::find::same_world;

/// A world's surface: interfaces by their id (`wasi:cli/stdout@0.2.6`),
/// world-level functions by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorldSummary {
    pub imports: Vec<String>,
    pub exports: Vec<String>,
}

pub(crate) fn summarize(component: &[u8]) -> Result<WorldSummary, String> {
    match wit_component::decode(component).map_err(|e| format!("{e:#}"))? {
        DecodedWasm::Component(resolve, world) => Ok(surface(&resolve, world)),
        DecodedWasm::WitPackage(..) => Err("it is a WIT package, not a component".into()),
    }
}

fn surface(resolve: &Resolve, world: WorldId) -> WorldSummary {
    let world = &resolve.worlds[world];
    let names = |items: &mut dyn Iterator<Item = (&WorldKey, &WorldItem)>| -> Vec<String> {
        items
            .filter(|(_, item)| !matches!(item, WorldItem::Type { .. }))
            .map(|(key, _)| resolve.name_world_key(key))
            .collect()
    };
    WorldSummary {
        imports: names(&mut world.imports.iter()),
        exports: names(&mut world.exports.iter()),
    }
}

/// The default world of the package in `wit_dir`, as `ns:pkg/world`; `None`
/// when the WIT does not parse or has no single world to pick.
pub(crate) fn default_world(wit_dir: &Path) -> Option<String> {
    let mut resolve = Resolve::new();
    let package = push_with_path_deps(&mut resolve, wit_dir, &mut Vec::new()).ok()?;
    let world = resolve.select_world(&[package], None).ok()?;
    Some(qualified_name(&resolve, world))
}

/// `name` (a world of the package in `wit_dir`, as a toolchain's
/// `--world` names it) as `ns:pkg/world`; `None` when the WIT does not
/// parse or declares no such world. A qualified name stays as it is.
pub(crate) fn qualify(wit_dir: &Path, name: &str) -> Option<String> {
    if name.contains('/') {
        return Some(name.to_string());
    }
    let mut resolve = Resolve::new();
    let package = push_with_path_deps(&mut resolve, wit_dir, &mut Vec::new()).ok()?;
    let world = resolve.select_world(&[package], Some(name)).ok()?;
    Some(qualified_name(&resolve, world))
}

/// How many `deps.toml` path dependencies one WIT folder may bring in all;
/// a cycle of them ends here too. All of WASI is a dozen packages.
const MAX_DEPS: usize = 256;

/// `Resolve::push_path`, after first pushing the packages that a
/// `deps.toml` beside the WIT names by path (wit-deps' format), as a guest
/// whose WIT depends on WASI's published packages has it. URL entries need
/// wit-deps to have filled `deps/`, which `push_path` reads. `pushed` holds
/// the folders pushed so far: a package shared by two dependencies is
/// pushed once (wit-parser panics on a second push).
fn push_with_path_deps(
    resolve: &mut Resolve,
    wit_dir: &Path,
    pushed: &mut Vec<(std::path::PathBuf, wit_parser::PackageId)>,
) -> Result<wit_parser::PackageId, String> {
    let canonical = wit_dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", wit_dir.display()))?;
    if let Some((_, package)) = pushed.iter().find(|(dir, _)| *dir == canonical) {
        return Ok(*package);
    }
    if pushed.len() > MAX_DEPS {
        return Err(format!(
            "{}: more than {MAX_DEPS} deps.toml path dependencies",
            wit_dir.display()
        ));
    }
    if let Ok(text) = std::fs::read_to_string(wit_dir.join("deps.toml")) {
        let table: toml::Table = text
            .parse()
            .map_err(|e| format!("{}: {e}", wit_dir.join("deps.toml").display()))?;
        for entry in table.values() {
            let path = entry
                .as_str()
                .or_else(|| entry.get("path").and_then(|p| p.as_str()));
            if let Some(dep) = path.filter(|p| !p.contains("://")) {
                push_with_path_deps(resolve, &wit_dir.join(dep), pushed)?;
            }
        }
    }
    let (package, _) = resolve.push_path(wit_dir).map_err(|e| format!("{e:#}"))?;
    pushed.push((canonical, package));
    Ok(package)
}

fn qualified_name(resolve: &Resolve, world: WorldId) -> String {
    let world = &resolve.worlds[world];
    match world.package {
        Some(package) => {
            let name = &resolve.packages[package].name;
            format!("{}:{}/{}", name.namespace, name.name, world.name)
        }
        None => world.name.clone(),
    }
}

/// Fails when the artifact lacks an export that `world` (in `wit_dir`)
/// declares. Extra imports are fine (the toolchain adds WASI ones): they
/// are returned. Versions are not compared, as wasmtime links any
/// semver-compatible one.
pub(crate) fn check_implements(
    artifact: &WorldSummary,
    wit_dir: &Path,
    world: &str,
    artifact_path: &Path,
) -> Result<Vec<String>, BuildError> {
    let wit_error = |message: String| BuildError::Wit {
        dir: wit_dir.to_path_buf(),
        message,
    };
    let mut resolve = Resolve::new();
    let package = push_with_path_deps(&mut resolve, wit_dir, &mut Vec::new()).map_err(wit_error)?;
    let world_id = resolve.packages[package]
        .worlds
        .values()
        .copied()
        .find(|&id| same_world(&qualified_name(&resolve, id), world))
        .ok_or_else(|| {
            wit_error(format!(
                "no world `{world}` in package {}",
                resolve.packages[package].name
            ))
        })?;
    let expected = surface(&resolve, world_id);
    let missing: Vec<String> = expected
        .exports
        .into_iter()
        .filter(|e| !artifact.exports.contains(e))
        .collect();
    let unversioned = |name: &str| name.split('@').next().unwrap_or(name).to_string();
    let declared: Vec<String> = expected.imports.iter().map(|i| unversioned(i)).collect();
    let added = artifact
        .imports
        .iter()
        .filter(|i| !declared.contains(&unversioned(i)))
        .cloned()
        .collect();
    if missing.is_empty() {
        Ok(added)
    } else {
        Err(BuildError::WorldMismatch {
            artifact: artifact_path.to_path_buf(),
            world: world.to_string(),
            missing,
        })
    }
}
