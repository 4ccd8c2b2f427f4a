//! One check's worth of state: every package reached (workspace packages and
//! their dependencies), how their references resolved, and their status.
//!
//! A session lives for one call of [`super::Workspace::check`] or friends;
//! only parses outlive it (in the workspace's cache).

use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
    sync::Arc,
};

use wit_parser::PackageName;

use super::{
    CheckResult, Dependency, Location, PackageSummary, ResolvedDependency, ResolvedVia, Workspace,
    parse::{self, Parsed, Reference},
    resolve::Context,
};
use crate::diagnostic::{Diagnostic, Related, Severity, codes};

pub type UnitId = usize;

/// A package as the session knows it: a workspace package or a dependency.
pub struct Unit {
    pub location: Location,
    /// The directory whose `deps/` and manifests resolve this unit's
    /// references. For an entry of a `deps/` folder that is the folder's
    /// owner, since wit-parser resolves `deps/` entries among each other.
    pub context: PathBuf,
    pub parsed: Arc<Parsed>,
}

pub struct Edge {
    pub reference: Reference,
    pub target: Option<(UnitId, PackageName, ResolvedVia)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    InProgress,
    Clean,
    Broken,
}

pub struct Session<'w> {
    pub(super) ws: &'w Workspace,
    pub(super) units: Vec<Unit>,
    by_location: HashMap<Location, UnitId>,
    pub(super) contexts: HashMap<PathBuf, Context>,
    /// The workspace's own packages, in discovery order.
    pub(super) workspace: Vec<UnitId>,
    /// The workspace packages providing each `namespace:name`, in discovery
    /// order: looking a reference up must not scan every package.
    workspace_by_name: Option<HashMap<(String, String), Vec<UnitId>>>,
    edges: HashMap<UnitId, Arc<Vec<Edge>>>,
    status: HashMap<UnitId, Status>,
    /// The units being checked, each depending on the next: where a cycle
    /// is read from when one closes.
    in_progress: Vec<UnitId>,
    /// Units on a dependency cycle, with the cycle spelled out.
    cycles: HashMap<UnitId, String>,
    diagnostics: HashMap<UnitId, Vec<Diagnostic>>,
}

impl<'w> Session<'w> {
    pub fn new(ws: &'w Workspace) -> Session<'w> {
        Session {
            ws,
            units: Vec::new(),
            by_location: HashMap::new(),
            contexts: HashMap::new(),
            workspace: Vec::new(),
            workspace_by_name: None,
            edges: HashMap::new(),
            status: HashMap::new(),
            in_progress: Vec::new(),
            cycles: HashMap::new(),
            diagnostics: HashMap::new(),
        }
    }

    pub fn workspace_units(&mut self) -> Vec<UnitId> {
        let locations = self.ws.discovered.packages.clone();
        self.workspace = locations
            .into_iter()
            .map(|loc| {
                let home = loc.home_dir().to_path_buf();
                self.unit_for(loc, &home)
            })
            .collect();
        self.workspace_by_name = None;
        self.workspace.clone()
    }

    /// The workspace packages that provide `name` in some version.
    pub(super) fn workspace_named(&mut self, name: &PackageName) -> &[UnitId] {
        let units = &self.units;
        let workspace = &self.workspace;
        let index = self.workspace_by_name.get_or_insert_with(|| {
            let mut index: HashMap<(String, String), Vec<UnitId>> = HashMap::new();
            for &unit in workspace {
                for provided in units[unit].parsed.names() {
                    let named = index
                        .entry((provided.namespace, provided.name))
                        .or_default();
                    if !named.contains(&unit) {
                        named.push(unit);
                    }
                }
            }
            index
        });
        index
            .get(&(name.namespace.clone(), name.name.clone()))
            .map_or(&[], Vec::as_slice)
    }

    /// The unit at `location`, parsed. The first caller decides the context.
    pub(super) fn unit_for(&mut self, location: Location, context: &Path) -> UnitId {
        if let Some(&id) = self.by_location.get(&location) {
            return id;
        }
        let parsed = {
            let mut cache = self
                .ws
                .parse_cache
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            parse::parse(&mut cache, &self.ws.files, &self.ws.disk, &location)
        };
        let id = self.units.len();
        self.units.push(Unit {
            location: location.clone(),
            context: context.to_path_buf(),
            parsed,
        });
        self.by_location.insert(location, id);
        id
    }

    pub(super) fn context_of(&mut self, unit: UnitId) -> PathBuf {
        let dir = self.units[unit].context.clone();
        self.ensure_context(&dir);
        dir
    }

    pub(super) fn ensure_context(&mut self, dir: &Path) {
        if !self.contexts.contains_key(dir) {
            let ctx = self.load_context(dir);
            self.contexts.insert(dir.to_path_buf(), ctx);
        }
    }

    pub(super) fn edges(&mut self, unit: UnitId) -> Arc<Vec<Edge>> {
        if let Some(edges) = self.edges.get(&unit) {
            return edges.clone();
        }
        let parsed = self.units[unit].parsed.clone();
        let edges: Vec<Edge> = parsed
            .references()
            .iter()
            .cloned()
            .map(|reference| {
                let target = self.find_dependency(unit, &reference.name);
                Edge { reference, target }
            })
            .collect();
        let edges = Arc::new(edges);
        self.edges.insert(unit, edges.clone());
        edges
    }

    /// The workspace packages whose files include `path`, or that depend
    /// (transitively) on a package whose files or manifests include it.
    pub fn affected_by(&mut self, packages: &[UnitId], path: &Path) -> Vec<UnitId> {
        // Load every unit the packages reach first: the touched file may be
        // in a dependency no package has loaded yet.
        for &package in packages {
            self.reaches(package, &HashSet::new());
        }
        let is_wkg_toml = path.file_name().is_some_and(|n| n == "wkg.toml");
        let touched: HashSet<UnitId> = (0..self.units.len())
            .filter(|&u| {
                let unit = &self.units[u];
                unit.parsed.files.iter().any(|f| f == path)
                    || unit.location.path() == path
                    || path.parent() == Some(unit.context.as_path())
                    // `wkg.toml` is also read from one directory up.
                    || (is_wkg_toml && path.parent() == unit.context.parent())
            })
            .collect();
        // A reference that did not resolve can only start resolving to a
        // package whose files or manifests changed, under one of its names.
        let touched_names: HashSet<(String, String)> = touched
            .iter()
            .flat_map(|&u| self.units[u].parsed.names())
            .map(|n| (n.namespace, n.name))
            .collect();
        let previous = self
            .ws
            .previous_dependencies
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        // Packages that are gone (a deleted directory) touch their
        // dependents through the previous graph.
        let touched_locations: HashSet<Location> = touched
            .iter()
            .map(|&u| self.units[u].location.clone())
            .chain(previous.keys().filter(|loc| is_under(loc, path)).cloned())
            .collect();
        packages
            .iter()
            .copied()
            .filter(|&p| {
                self.reaches(p, &touched)
                    || self.edges(p).iter().any(|e| {
                        e.target.is_none()
                            && touched_names.contains(&(
                                e.reference.name.namespace.clone(),
                                e.reference.name.name.clone(),
                            ))
                    })
                    || reached_before(&previous, &self.units[p].location, &touched_locations)
            })
            .collect()
    }

    /// Remembers the dependency graph this session saw, for
    /// [`Self::affected_by`] in later sessions.
    fn remember_dependencies(&self) {
        let mut previous = self
            .ws
            .previous_dependencies
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        for (&unit, edges) in &self.edges {
            let targets = edges.iter().filter_map(|e| e.target.as_ref());
            let locations = targets
                .map(|(t, _, _)| self.units[*t].location.clone())
                .collect();
            previous.insert(self.units[unit].location.clone(), locations);
        }
    }

    fn reaches(&mut self, from: UnitId, targets: &HashSet<UnitId>) -> bool {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(unit) = stack.pop() {
            if targets.contains(&unit) {
                return true;
            }
            if seen.insert(unit) {
                stack.extend(
                    self.edges(unit)
                        .iter()
                        .filter_map(|e| e.target.as_ref().map(|t| t.0)),
                );
            }
        }
        false
    }

    /// Checks `packages` and returns their summaries with every diagnostic
    /// found on the way, including those of dependencies outside the
    /// workspace (`deps/` folders) that they reach.
    pub fn check(&mut self, packages: &[UnitId], mut diagnostics: Vec<Diagnostic>) -> CheckResult {
        for &unit in packages {
            self.check_unit(unit);
        }
        // wit-parser reads every entry of a `deps/` folder, so a broken one
        // is reported even when nothing refers to it.
        let dependencies: Vec<UnitId> = self
            .contexts
            .values()
            .flat_map(|ctx| ctx.deps_folder.clone())
            .collect();
        for unit in dependencies {
            self.check_unit(unit);
        }
        self.report_duplicates(packages);
        let requested: HashSet<UnitId> = packages.iter().copied().collect();
        let workspace: HashSet<UnitId> = self.workspace.iter().copied().collect();
        for (unit, found) in std::mem::take(&mut self.diagnostics) {
            if requested.contains(&unit) || !workspace.contains(&unit) {
                diagnostics.extend(found);
            }
        }
        let packages = packages.iter().map(|&unit| self.summary(unit)).collect();
        self.remember_dependencies();
        let mut result = CheckResult {
            packages,
            diagnostics,
        };
        result.sort_diagnostics();
        result
    }

    fn check_unit(&mut self, unit: UnitId) -> Status {
        if let Some(&status) = self.status.get(&unit) {
            return status;
        }
        self.status.insert(unit, Status::InProgress);
        self.in_progress.push(unit);
        let mut found = self.units[unit].parsed.diagnostics.clone();
        let context = self.context_of(unit);
        found.append(
            &mut self
                .contexts
                .get_mut(&context)
                .expect("context loaded")
                .diagnostics,
        );

        let mut ok = self.units[unit].parsed.content.is_some() && !has_errors(&found);
        let mut broken_deps: Vec<(String, &Reference)> = Vec::new();
        let edges = self.edges(unit);
        for edge in edges.iter() {
            let Some((target, provided, _)) = &edge.target else {
                let message = self.explain_missing(unit, &edge.reference.name);
                found.push(at(&edge.reference, codes::PACKAGE_NOT_FOUND, message));
                ok = false;
                continue;
            };
            match self.check_unit(*target) {
                Status::Clean => {}
                Status::InProgress => {
                    self.record_cycle(*target);
                    found.push(self.cycle_diagnostic(unit, &edge.reference));
                    ok = false;
                }
                // Every package on a cycle says so, rather than blaming the
                // next one for having errors.
                Status::Broken
                    if self.cycles.contains_key(target) && self.cycles.contains_key(&unit) =>
                {
                    found.push(self.cycle_diagnostic(unit, &edge.reference));
                    ok = false;
                }
                Status::Broken => {
                    broken_deps.push((provided.to_string(), &edge.reference));
                    ok = false;
                }
            }
        }
        // One diagnostic however many dependencies are broken: their own
        // errors are reported where they are.
        if let Some((_, first)) = broken_deps.first() {
            let names: Vec<String> = broken_deps.iter().map(|(n, _)| format!("`{n}`")).collect();
            let message = format!(
                "{} {} errors; this package is not checked against {} until they are fixed",
                names.join(", "),
                if names.len() == 1 { "has" } else { "have" },
                if names.len() == 1 { "it" } else { "them" },
            );
            found.push(at(first, codes::DEPENDENCY_HAS_ERRORS, message));
        }
        if ok {
            found.extend(self.resolve_unit(unit, &edges));
            ok = !has_errors(&found);
        }
        let status = if ok { Status::Clean } else { Status::Broken };
        self.status.insert(unit, status);
        self.in_progress.pop();
        self.diagnostics.entry(unit).or_default().extend(found);
        status
    }

    /// `target` is being checked further up: every unit from it to the top
    /// of the stack is on a cycle.
    fn record_cycle(&mut self, target: UnitId) {
        let start = self
            .in_progress
            .iter()
            .position(|&u| u == target)
            .unwrap_or(0);
        let members = self.in_progress[start..].to_vec();
        let mut names: Vec<String> = members.iter().map(|&u| self.display_name(u)).collect();
        names.push(self.display_name(target));
        let cycle = names.join(" -> ");
        for unit in members {
            self.cycles.entry(unit).or_insert_with(|| cycle.clone());
        }
    }

    fn cycle_diagnostic(&self, unit: UnitId, reference: &Reference) -> Diagnostic {
        let cycle = self.cycles.get(&unit).map_or("", String::as_str);
        let message = format!("dependency cycle through `{}`: {cycle}", reference.name);
        at(reference, codes::PACKAGE_CYCLE, message)
    }

    fn display_name(&self, unit: UnitId) -> String {
        match self.units[unit].parsed.names().first() {
            Some(name) => name.to_string(),
            None => self.units[unit].location.path().display().to_string(),
        }
    }

    /// Pushes `unit` and everything it depends on into a fresh `Resolve`.
    /// All dependencies are known clean here, so errors are the unit's own.
    fn resolve_unit(&mut self, unit: UnitId, edges: &[Edge]) -> Vec<Diagnostic> {
        let closure = self.closure(unit, edges);
        let parts: Vec<(&Parsed, HashMap<PackageName, PackageName>)> = closure
            .iter()
            .map(|(u, renames)| (&*self.units[*u].parsed, renames.clone()))
            .collect();
        super::check::resolve(&parts, &self.ws.features)
    }

    /// `unit` first, then every unit it reaches, each with the references
    /// to rename to the semver-compatible version that satisfies them. A
    /// name provided twice is taken from the first unit that provides it.
    fn closure(
        &mut self,
        unit: UnitId,
        edges: &[Edge],
    ) -> Vec<(UnitId, HashMap<PackageName, PackageName>)> {
        let mut provided: HashSet<PackageName> =
            self.units[unit].parsed.names().into_iter().collect();
        let mut order = vec![(unit, renames(edges))];
        let mut next = 0;
        while next < order.len() {
            let current = order[next].0;
            next += 1;
            let edges = self.edges(current);
            for (target, name, _) in edges.iter().filter_map(|e| e.target.as_ref()) {
                if provided.contains(name) || order.iter().any(|(u, _)| u == target) {
                    continue;
                }
                provided.extend(self.units[*target].parsed.names());
                let target_edges = self.edges(*target);
                order.push((*target, renames(&target_edges)));
            }
        }
        order
    }

    /// Two workspace packages with the same name and version: references
    /// from elsewhere resolve to the first, which may not be what was meant.
    fn report_duplicates(&mut self, packages: &[UnitId]) {
        let mut first: HashMap<PackageName, UnitId> = HashMap::new();
        for &unit in &self.workspace {
            for name in self.units[unit].parsed.names().into_iter().take(1) {
                let Some(&earlier) = first.get(&name) else {
                    first.insert(name, unit);
                    continue;
                };
                if !packages.contains(&unit) {
                    continue;
                }
                let declaration = |u: UnitId| package_declaration(&self.units[u], &name, self.ws);
                let (path, range) = declaration(unit);
                let (earlier_path, earlier_range) = declaration(earlier);
                self.diagnostics.entry(unit).or_default().push(Diagnostic {
                    path,
                    range,
                    severity: Severity::Warning,
                    code: codes::DUPLICATE_PACKAGE,
                    message: format!(
                        "package `{name}` is defined twice in the workspace; references from other packages resolve to the first definition"
                    ),
                    related: vec![Related { path: earlier_path, range: earlier_range, message: "first definition".to_string() }],
                });
            }
        }
    }

    pub fn summary(&mut self, unit: UnitId) -> PackageSummary {
        let edges = self.edges(unit);
        let parsed = &self.units[unit].parsed;
        let mut names = parsed.names().into_iter().map(|n| n.to_string());
        PackageSummary {
            name: names.next(),
            nested: names.collect(),
            location: self.units[unit].location.clone(),
            files: parsed.files.clone(),
            dependencies: edges
                .iter()
                .map(|edge| Dependency {
                    requested: edge.reference.name.to_string(),
                    resolved: edge
                        .target
                        .as_ref()
                        .map(|(target, name, via)| ResolvedDependency {
                            name: name.to_string(),
                            location: self.units[*target].location.clone(),
                            via: *via,
                        }),
                })
                .collect(),
        }
    }
}

fn renames(edges: &[Edge]) -> HashMap<PackageName, PackageName> {
    edges
        .iter()
        .filter_map(|e| {
            e.target
                .as_ref()
                .map(|(_, name, _)| (e.reference.name.clone(), name.clone()))
        })
        .filter(|(from, to)| from != to)
        .collect()
}

fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

fn at(reference: &Reference, code: &'static str, message: String) -> Diagnostic {
    Diagnostic {
        path: reference.path.clone(),
        range: reference.range.clone(),
        severity: Severity::Error,
        code,
        message,
        related: Vec::new(),
    }
}

/// Where `package name…` is written in the unit's files, found by text
/// because wit-parser keeps the span private.
fn package_declaration(
    unit: &Unit,
    name: &PackageName,
    ws: &Workspace,
) -> (PathBuf, std::ops::Range<usize>) {
    let needle = format!("{}:{}", name.namespace, name.name);
    for file in &unit.parsed.files {
        if let Ok(text) = ws.files.text(file)
            && let Some(start) = text
                .find("package ")
                .and_then(|p| text[p..].find(&needle).map(|q| p + q))
        {
            return (file.clone(), start..start + needle.len());
        }
    }
    (
        unit.parsed
            .files
            .first()
            .cloned()
            .unwrap_or_else(|| unit.location.path().to_path_buf()),
        0..0,
    )
}

/// Whether a change to `path` changes the package at `location`: one of its
/// files, the package itself, or a directory above it.
fn is_under(location: &Location, path: &Path) -> bool {
    path.parent() == Some(location.path()) || location.path().starts_with(path)
}

/// Whether `from` reached any of `targets` in the dependency graph of an
/// earlier check.
fn reached_before(
    previous: &HashMap<Location, Vec<Location>>,
    from: &Location,
    targets: &HashSet<Location>,
) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![from];
    while let Some(location) = stack.pop() {
        if targets.contains(location) {
            return true;
        }
        if seen.insert(location) {
            stack.extend(previous.get(location).into_iter().flatten());
        }
    }
    false
}
