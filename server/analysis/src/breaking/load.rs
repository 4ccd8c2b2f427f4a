//! Turning a [`Workspace`] into resolved packages to compare.
//!
//! The workspace finds the packages and where their dependencies live; here
//! each workspace package is resolved with its dependencies in a `Resolve`
//! of its own, so that one broken package cannot spoil the others.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::Arc,
};

use wit_parser::{PackageId, PackageName, Resolve, SourceMap, UnresolvedPackageGroup};

use crate::{
    diagnostic::{Diagnostic, Severity},
    workspace::{Features, Location, Workspace, parse_error, rename_foreign_deps, resolve_error},
};

/// A workspace package, resolved.
#[derive(Clone)]
pub struct LoadedPackage {
    pub resolve: Arc<Resolve>,
    pub id: PackageId,
}

pub struct Loaded {
    pub packages: Vec<LoadedPackage>,
    /// Packages that could not be read or resolved, one diagnostic each.
    pub problems: Vec<Diagnostic>,
    /// The `namespace:name` of each workspace package that could not be
    /// loaded; `None` when it did not parse far enough to tell. Such a
    /// package is not "removed", only unreadable for now (mid-edit, say).
    pub unloaded: Vec<Option<String>>,
}

/// Why a package of the baseline is missing from the comparison.
pub const LOAD_FAILED: &str = "wit::breaking::baseline-unreadable";

struct Parsed {
    location: PathBuf,
    group: Arc<UnresolvedPackageGroup>,
}

/// What [`load_cached`] keeps from one load of a workspace to the next:
/// each package's parse, by the text of its files, and each resolved
/// package, by the parses it was resolved from. A keystroke changes one
/// package, so only it and its dependents are parsed and resolved again.
#[derive(Default)]
pub struct LoadCache {
    /// By package location: the texts parsed, and the parse.
    parsed: HashMap<PathBuf, (Vec<Arc<str>>, ParseResult)>,
    /// By the main package's location: the parses resolved, and the result.
    resolved: HashMap<PathBuf, (Vec<Arc<UnresolvedPackageGroup>>, ResolveResult)>,
}

/// A failure is wit-parser's first error, placed where it points.
type ParseResult = Result<Arc<UnresolvedPackageGroup>, Diagnostic>;
type ResolveResult = Result<Vec<LoadedPackage>, Diagnostic>;

pub fn load(ws: &Workspace, features: &Features) -> Loaded {
    load_cached(ws, features, &mut LoadCache::default())
}

/// [`load`], reusing what `cache` holds from earlier loads of the same
/// workspace with the same features.
pub fn load_cached(ws: &Workspace, features: &Features, cache: &mut LoadCache) -> Loaded {
    let mut problems = Vec::new();
    let mut pool: Vec<Parsed> = Vec::new();
    let summaries = ws.packages();
    let mut dep_locations: Vec<Location> = Vec::new();
    for summary in &summaries {
        for dep in summary
            .dependencies
            .iter()
            .filter_map(|d| d.resolved.as_ref())
        {
            dep_locations.push(dep.location.clone());
            // A `deps/` folder holds the dependencies of its dependencies
            // too, side by side.
            if let Some(folder) = dep.location.path().parent().filter(|p| p.ends_with("deps")) {
                dep_locations.extend(ws.dirs_in(folder).into_iter().map(Location::Dir));
            }
        }
    }
    let main_count = summaries.len();
    let locations = summaries
        .iter()
        .map(|s| (s.location.clone(), s.files.clone()))
        .chain(dep_locations.into_iter().map(|l| {
            let files = ws.package_files(&l);
            (l, files)
        }));
    let mut mains = Vec::new();
    let mut unloaded = Vec::new();
    let mut failed: Vec<PathBuf> = Vec::new();
    for (index, (location, files)) in locations.enumerate() {
        // A package is often also a dependency of another: once is enough.
        let seen = pool.iter().any(|p| p.location == location.path())
            || failed.iter().any(|f| f == location.path());
        if seen {
            continue;
        }
        if matches!(location, Location::Encoded(_)) {
            continue;
        }
        match parse_cached(ws, location.path(), &files, cache) {
            Ok(group) => {
                if index < main_count {
                    mains.push(pool.len());
                }
                pool.push(Parsed {
                    location: location.path().to_path_buf(),
                    group,
                });
            }
            // Syntax errors are `check`'s to report; the baseline's are ours.
            Err(failure) => {
                if index < main_count {
                    unloaded.push(summaries[index].name.as_deref().map(without_version));
                }
                failed.push(location.path().to_path_buf());
                problems.push(problem(location.path(), failure))
            }
        }
    }
    let mut packages = Vec::new();
    for main in mains {
        match resolve_cached(&pool, main, features, cache) {
            Ok(found) => packages.extend(found),
            Err(failure) => {
                let group = &pool[main].group;
                unloaded.extend(
                    std::iter::once(&group.main)
                        .chain(&group.nested)
                        .map(|p| Some(format!("{}:{}", p.name.namespace, p.name.name))),
                );
                problems.push(problem(&pool[main].location, failure))
            }
        }
    }
    // Packages that are gone are not kept for ever.
    cache
        .parsed
        .retain(|location, _| pool.iter().any(|p| &p.location == location));
    cache
        .resolved
        .retain(|location, _| pool.iter().any(|p| &p.location == location));
    Loaded {
        packages,
        problems,
        unloaded,
    }
}

/// `ns:name` of `ns:name@version`.
fn without_version(name: &str) -> String {
    name.split('@').next().unwrap_or(name).to_string()
}

/// The package at `location` failed to load; `failure` says where and why.
fn problem(location: &Path, failure: Diagnostic) -> Diagnostic {
    let placed = !failure.path.as_os_str().is_empty();
    // wit-parser lists every package it knows after "not found"; the first
    // line says what matters, and the list is the packages of one Resolve.
    let first_line = failure.message.lines().next().unwrap_or_default();
    let reason = first_line
        .trim_end_matches(" known packages:")
        .trim_end_matches('.');
    Diagnostic {
        path: if placed {
            failure.path
        } else {
            location.to_path_buf()
        },
        range: if placed { failure.range } else { 0..0 },
        severity: Severity::Warning,
        code: LOAD_FAILED,
        message: format!("this package is left out of the breaking-change check: {reason}"),
        related: Vec::new(),
    }
}

fn unreadable(file: &Path) -> Diagnostic {
    Diagnostic {
        path: file.to_path_buf(),
        range: 0..0,
        severity: Severity::Error,
        code: LOAD_FAILED,
        message: "cannot read this file".to_string(),
        related: Vec::new(),
    }
}

fn parse_cached(
    ws: &Workspace,
    location: &Path,
    files: &[PathBuf],
    cache: &mut LoadCache,
) -> ParseResult {
    let texts = files
        .iter()
        .map(|file| ws.text(file).ok_or_else(|| unreadable(file)))
        .collect::<Result<Vec<Arc<str>>, Diagnostic>>()?;
    if let Some((cached_texts, parsed)) = cache.parsed.get(location)
        && cached_texts.len() == texts.len()
        && cached_texts
            .iter()
            .zip(&texts)
            .all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
    {
        return parsed.clone();
    }
    let mut map = SourceMap::new();
    for (file, text) in files.iter().zip(&texts) {
        map.push(file, text.to_string());
    }
    let parsed = map
        .parse()
        .map(Arc::new)
        .map_err(|(map, err)| parse_error(&map, &err));
    cache
        .parsed
        .insert(location.to_path_buf(), (texts, parsed.clone()));
    parsed
}

/// [`resolve`], unless the same parses were resolved for `main` before.
fn resolve_cached(
    pool: &[Parsed],
    main: usize,
    features: &Features,
    cache: &mut LoadCache,
) -> ResolveResult {
    let order = closure(pool, main);
    let parses: Vec<Arc<UnresolvedPackageGroup>> =
        order.iter().map(|&i| pool[i].group.clone()).collect();
    let location = &pool[main].location;
    if let Some((cached, resolved)) = cache.resolved.get(location)
        && cached.len() == parses.len()
        && cached.iter().zip(&parses).all(|(a, b)| Arc::ptr_eq(a, b))
    {
        return resolved.clone();
    }
    let resolved = resolve(pool, &order, features);
    cache
        .resolved
        .insert(location.clone(), (parses, resolved.clone()));
    resolved
}

/// `main` first, then the pool entries it needs, directly or not. Each
/// reference goes to the package of that exact name, else to the newest
/// version of the same package.
fn closure(pool: &[Parsed], main: usize) -> Vec<usize> {
    let mut order = vec![main];
    let mut i = 0;
    while i < order.len() {
        for wanted in foreign_deps(&pool[order[i]].group) {
            if let Some(found) = find(pool, &wanted)
                && !order.contains(&found)
            {
                order.push(found);
            }
        }
        i += 1;
    }
    order
}

/// Resolves `order[0]` with the rest of `order` as its dependencies.
fn resolve(pool: &[Parsed], order: &[usize], features: &Features) -> ResolveResult {
    let mut groups: Vec<UnresolvedPackageGroup> = order
        .iter()
        .map(|&i| renamed(pool, (*pool[i].group).clone()))
        .collect();
    let main_group = groups.remove(0);
    let names: Vec<PackageName> = std::iter::once(&main_group.main)
        .chain(&main_group.nested)
        .map(|p| p.name.clone())
        .collect();
    let mut resolve = Resolve::new();
    match features {
        Features::All => resolve.all_features = true,
        Features::Enabled(names) => resolve.features = names.iter().cloned().collect(),
    }
    resolve
        .push_groups(main_group, groups)
        .map_err(|err| resolve_error(&resolve.source_map, &err))?;
    let resolve = Arc::new(resolve);
    Ok(names
        .iter()
        .filter_map(|name| resolve.package_names.get(name).copied())
        .map(|id| LoadedPackage {
            resolve: resolve.clone(),
            id,
        })
        .collect())
}

fn foreign_deps(group: &UnresolvedPackageGroup) -> Vec<PackageName> {
    std::iter::once(&group.main)
        .chain(&group.nested)
        .flat_map(|p| p.foreign_deps.keys().cloned())
        .collect()
}

fn find(pool: &[Parsed], wanted: &PackageName) -> Option<usize> {
    let names = |i: usize| {
        let g = &pool[i].group;
        std::iter::once(&g.main)
            .chain(&g.nested)
            .map(|p| p.name.clone())
            .collect::<Vec<_>>()
    };
    (0..pool.len())
        .find(|&i| names(i).contains(wanted))
        .or_else(|| {
            (0..pool.len())
                .filter_map(|i| {
                    let n = names(i)
                        .into_iter()
                        .find(|n| n.namespace == wanted.namespace && n.name == wanted.name)?;
                    Some((n.version, i))
                })
                .max()
                .map(|(_, i)| i)
        })
}

/// Points each reference at the package the pool has for it.
fn renamed(pool: &[Parsed], group: UnresolvedPackageGroup) -> UnresolvedPackageGroup {
    let target = |name: &PackageName| {
        let found = &pool[find(pool, name)?].group;
        std::iter::once(&found.main)
            .chain(&found.nested)
            .map(|p| p.name.clone())
            .find(|n| n.namespace == name.namespace && n.name == name.name)
    };
    let renames: HashMap<PackageName, PackageName> = foreign_deps(&group)
        .into_iter()
        .filter_map(|name| Some((target(&name)?, name)))
        .filter(|(to, from)| to != from)
        .map(|(to, from)| (from, to))
        .collect();
    rename_foreign_deps(group, &renames)
}
