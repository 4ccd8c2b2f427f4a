//! Which package declares the world, and that package with its
//! dependencies in a wit-parser 0.262 `Resolve`.
//!
//! The workspace model finds the packages under `--root` and resolves each
//! one's references by the rules `check` uses (`deps/`, `deps.toml`,
//! `wkg.toml`, the rest of the workspace). What it hands over is locations;
//! each is parsed here again with the 0.262 parser that wit-bindgen
//! generates from, and the lot is pushed with `Resolve::push_groups`, which
//! puts dependencies before the packages that use them, as `push_dir` does
//! with a `deps/` folder. Encoded packages (`.wasm`) are merged first, as
//! `push_file` does.

use std::path::Path;

use analysis::workspace::{ClosureMember, Location};
use analysis::{Workspace, WorkspaceConfig};
use syntax::ast;
use wit_bindgen_core::wit_parser::{
    self, PackageName, Resolve, SourceMap, UnresolvedPackageGroup, WorldId,
};

/// A world some workspace package declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundWorld {
    /// `namespace:name` of the declaring package.
    pub package: String,
    pub version: Option<String>,
    pub world: String,
    /// The workspace package whose files declare it (for a nested
    /// `package x:y { … }` block, the package of its file).
    pub home: Location,
}

impl std::fmt::Display for FoundWorld {
    /// As wit-parser's `select_world` spells it: `ns:pkg/world@1.0.0`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.package, self.world)?;
        if let Some(version) = &self.version {
            write!(f, "@{version}")?;
        }
        Ok(())
    }
}

/// `world`, `ns:pkg/world`, `ns:pkg/world@1.0.0` or `ns:pkg@1.0.0/world`.
struct Wanted {
    package: Option<String>,
    world: String,
    version: Option<String>,
}

impl Wanted {
    fn parse(spec: &str) -> Wanted {
        let spec = spec.trim();
        let Some((package, world)) = spec.split_once('/') else {
            let (world, version) = split_version(spec);
            return Wanted {
                package: None,
                world,
                version,
            };
        };
        let (package, package_version) = split_version(package);
        let (world, world_version) = split_version(world);
        Wanted {
            package: Some(package),
            world,
            version: world_version.or(package_version),
        }
    }

    fn matches(&self, found: &FoundWorld) -> bool {
        self.world == found.world
            && self.package.as_ref().is_none_or(|p| *p == found.package)
            && (self.version.is_none() || self.version == found.version)
    }
}

fn split_version(text: &str) -> (String, Option<String>) {
    match text.split_once('@') {
        Some((name, version)) => (name.to_string(), Some(version.to_string())),
        None => (text.to_string(), None),
    }
}

/// The one world under `root` that `spec` names, and the workspace it is in.
pub fn find(root: &Path, spec: &str) -> Result<(Workspace, FoundWorld), String> {
    let ws = Workspace::new(WorkspaceConfig {
        roots: vec![root.to_path_buf()],
        ..Default::default()
    });
    let found = find_in(&ws, spec, &root.display().to_string())?;
    Ok((ws, found))
}

/// The one world of `ws` that `spec` names; `place` says where the
/// workspace is, for the message when there is none.
pub fn find_in(ws: &Workspace, spec: &str, place: &str) -> Result<FoundWorld, String> {
    let known = worlds(ws);
    let wanted = Wanted::parse(spec);
    let mut matching: Vec<&FoundWorld> = known.iter().filter(|w| wanted.matches(w)).collect();
    matching.dedup();
    match matching.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let mut names: Vec<String> = known.iter().map(ToString::to_string).collect();
            names.sort();
            names.dedup();
            let known = if names.is_empty() {
                "there are none there".to_string()
            } else {
                format!("known worlds: {}", names.join(", "))
            };
            Err(format!(
                "no world `{spec}` in the WIT under {place}; {known}"
            ))
        }
        several => {
            let places: Vec<String> = several
                .iter()
                .map(|w| format!("{w} (in {})", w.home.path().display()))
                .collect();
            Err(format!(
                "`{spec}` names {} worlds; name one as ns:pkg/world@version: {}",
                several.len(),
                places.join(", ")
            ))
        }
    }
}

/// Every world declared in a workspace package's files, read with our own
/// parser: it finds worlds in files wit-parser would reject, which is what
/// the list of known worlds after a typo needs.
fn worlds(ws: &Workspace) -> Vec<FoundWorld> {
    let mut found = Vec::new();
    for summary in ws.packages() {
        let Some((name, version)) = summary.name.as_deref().map(split_version) else {
            continue;
        };
        let home = summary.location.clone();
        let mut push = |package: &str, version: &Option<String>, world: Option<ast::Name>| {
            if let Some(world) = world.map(|w| w.text()).filter(|w| !w.is_empty()) {
                found.push(FoundWorld {
                    package: package.to_string(),
                    version: version.clone(),
                    world,
                    home: home.clone(),
                });
            }
        };
        for file in &summary.files {
            let Some(text) = ws.text(file) else { continue };
            for item in syntax::parse(&text).tree().items() {
                match item {
                    ast::Item::World(world) => push(&name, &version, world.name()),
                    ast::Item::Package(nested) => {
                        let Some(nested_name) = nested.package_name() else {
                            continue;
                        };
                        let (Some(ns), Some(pkg)) = (nested_name.namespace(), nested_name.name())
                        else {
                            continue;
                        };
                        let nested_package = format!("{}:{}", ns.text(), pkg.text());
                        let nested_version = nested_name.version().map(|v| v.text());
                        for inner in nested.items() {
                            if let ast::Item::World(world) = inner {
                                push(&nested_package, &nested_version, world.name());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

/// `world`'s package and its dependencies in a fresh `Resolve`, and the
/// world in it.
pub fn load(ws: &Workspace, world: &FoundWorld) -> Result<(Resolve, WorldId), String> {
    let closure = ws.dependency_closure(&world.home).ok_or_else(|| {
        format!(
            "{}: not a package of the workspace",
            world.home.path().display()
        )
    })?;
    let mut resolve = Resolve::default();
    let mut groups = Vec::new();
    for member in &closure {
        match &member.location {
            Location::Encoded(path) => {
                resolve
                    .push_file(path)
                    .map_err(|e| format!("{}: {}", path.display(), resolve.render_error(&e)))?;
            }
            Location::Dir(_) | Location::WitFile(_) => groups.push(parse(ws, member)?),
        }
    }
    if groups.is_empty() {
        return Err(format!(
            "{}: no WIT package to generate from",
            world.home.path().display()
        ));
    }
    let main = groups.remove(0);
    resolve
        .push_groups(main, groups)
        .map_err(|e| e.render(&resolve.source_map))?;
    let id = resolve
        .worlds
        .iter()
        .find(|(_, w)| {
            w.name == world.world
                && w.package.is_some_and(|p| {
                    let name = &resolve.packages[p].name;
                    format!("{}:{}", name.namespace, name.name) == world.package
                        && name.version.as_ref().map(ToString::to_string) == world.version
                })
        })
        .map(|(id, _)| id)
        .ok_or_else(|| {
            format!(
                "wit-parser found no world {world} in {}",
                world.home.path().display()
            )
        })?;
    Ok((resolve, id))
}

/// One package's files, parsed, its references renamed as the workspace
/// resolved them. Each file's text is the workspace's: an editor's unsaved
/// buffer where one is open, else the disk's.
fn parse(ws: &Workspace, member: &ClosureMember) -> Result<UnresolvedPackageGroup, String> {
    let mut map = SourceMap::default();
    let read = match &member.location {
        Location::Dir(dir) => wit_files(dir).and_then(|files| {
            files
                .iter()
                .try_for_each(|file| push_text(ws, &mut map, file))
        }),
        other => push_text(ws, &mut map, other.path()),
    };
    read.map_err(|e| format!("{}: {e:#}", member.location.path().display()))?;
    let mut group = map.parse().map_err(|(map, e)| e.render(&map))?;
    if member.renames.is_empty() {
        return Ok(group);
    }
    // The analysis's names are wit-parser 0.261's type; the fields are the same.
    macro_rules! same_name {
        ($name:expr) => {
            PackageName {
                namespace: $name.namespace.clone(),
                name: $name.name.clone(),
                version: $name.version.clone(),
            }
        };
    }
    let renames: Vec<(PackageName, PackageName)> = member
        .renames
        .iter()
        .map(|(from, to)| (same_name!(from), same_name!(to)))
        .collect();
    for package in std::iter::once(&mut group.main).chain(&mut group.nested) {
        let deps = std::mem::take(&mut package.foreign_deps);
        let count = deps.len();
        let renamed: wit_parser::IndexMap<_, _> = (deps.clone().into_iter())
            .map(|(name, items)| {
                let to = renames
                    .iter()
                    .find(|(from, _)| *from == name)
                    .map(|(_, to)| to.clone());
                (to.unwrap_or(name), items)
            })
            .collect();
        // Two references collapsing into one would lose one's spans.
        package.foreign_deps = if renamed.len() == count {
            renamed
        } else {
            deps
        };
    }
    Ok(group)
}

/// The `.wit` files directly in `dir`, in the order `SourceMap::push_dir`
/// takes them (the directory's).
fn wit_files(dir: &Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wit") && !path.is_dir() {
            files.push(path);
        }
    }
    Ok(files)
}

fn push_text(ws: &Workspace, map: &mut SourceMap, path: &Path) -> anyhow::Result<()> {
    match ws.text(path) {
        Some(text) => {
            map.push(path, text.to_string());
            Ok(())
        }
        None => map.push_file(path),
    }
}
