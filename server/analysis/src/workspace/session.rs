//! One check's worth of state, over a dependency graph that outlives it.
//!
//! The graph (every package reached, where its references resolve, and
//! whether it checked clean) is what a keystroke would otherwise rebuild
//! from scratch: on a workspace of 1,000 packages that was 40 times the
//! cost of resolving the packages the edit affects. A session takes the
//! graph from the workspace, brings it up to date with the files changed
//! since, and hands it back when it ends.

use std::{
    collections::{HashMap, HashSet},
    ffi::OsStr,
    mem,
    path::{Path, PathBuf},
    sync::Arc,
};

use wit_parser::PackageName;

use super::{
    CheckResult, Dependency, Location, PackageSummary, ResolvedDependency, ResolvedVia, Workspace,
    discover,
    parse::{Parsed, Reference},
    resolve::Context,
};
use crate::diagnostic::{Diagnostic, Related, Severity, codes};
use crate::query_log::Query;

pub type UnitId = usize;

/// A `Resolve` of clean units only, grown one unit at a time as a check
/// goes (see [`Session::resolve_unit`]).
struct SharedResolve {
    resolve: wit_parser::Resolve,
    /// The unit each package name in it came from.
    providers: HashMap<PackageName, UnitId>,
}

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

/// What outlives a session. Everything in it stays true until a file it
/// was read from changes; [`Graph::refresh`] decides what that touches.
#[derive(Default)]
pub struct Graph {
    units: Vec<Unit>,
    by_location: HashMap<Location, UnitId>,
    contexts: HashMap<PathBuf, Context>,
    /// For a unit a `wkg.toml` override brought in, the directory whose
    /// `wkg.toml` that is: wkg applies the whole table to every package of
    /// the build, so the unit's own references resolve through it too.
    pub(super) override_scope: HashMap<UnitId, PathBuf>,
    /// The workspace's own packages, in discovery order; `None` until the
    /// discovered locations are turned into units.
    workspace: Option<Vec<UnitId>>,
    is_workspace: HashSet<UnitId>,
    /// The workspace packages providing each `namespace:name`, in discovery
    /// order: looking a reference up must not scan every package.
    workspace_by_name: Option<HashMap<(String, String), Vec<UnitId>>>,
    edges: HashMap<UnitId, Arc<Vec<Edge>>>,
    /// The reverse of `edges`, indexed by unit, kept in step with it.
    dependents: Vec<Vec<UnitId>>,
    /// Every unit the workspace packages reach has its edges; after that,
    /// only units whose edges were dropped need loading again.
    fully_loaded: bool,
    edges_dropped: Vec<UnitId>,
    /// Kept for units whose result cannot have changed: a dependency that
    /// checked clean need not be resolved again for each dependent.
    status: HashMap<UnitId, Status>,
    /// Units on a dependency cycle, with the cycle spelled out.
    cycles: HashMap<UnitId, String>,
}

/// What the workspace keeps between sessions.
#[derive(Default)]
pub struct Persisted {
    graph: Option<Graph>,
    /// Files changed since the graph was last brought up to date.
    changed: Vec<PathBuf>,
    /// Who depended on whom in the last graph thrown away: an edit that
    /// breaks a reference (renaming a package, say) must still re-check
    /// the packages that made it.
    previous_dependents: HashMap<Location, Vec<Location>>,
    /// Graphs built from nothing, so tests can tell reuse from a rebuild.
    builds: usize,
    /// Packages handed to wit-parser over all sessions, so tests can tell
    /// one push per package from a push of every closure.
    pushed: usize,
}

impl Persisted {
    #[cfg(test)]
    pub fn builds(&self) -> usize {
        self.builds
    }

    #[cfg(test)]
    pub fn pushed(&self) -> usize {
        self.pushed
    }

    pub fn file_changed(&mut self, path: &Path) {
        self.changed.push(path.to_path_buf());
    }

    /// The set of packages may have changed: nothing in the graph can be
    /// trusted, but what it says of dependencies is still worth knowing.
    pub fn discard(&mut self) {
        self.changed.clear();
        if let Some(graph) = self.graph.take()
            && !graph.edges.is_empty()
        {
            self.previous_dependents = graph.dependents_by_location();
        }
    }
}

impl Graph {
    /// Re-parses the units holding `changed` files. `false` when the change
    /// is more than the graph can follow: a package's name changed, or a
    /// manifest or `deps/` folder did, so references may resolve elsewhere.
    fn refresh(&mut self, ws: &Workspace, changed: &[PathBuf]) -> bool {
        // Every re-parse is looked at before any is taken in, so that a
        // graph given up is given up as it was.
        let mut reparsed: Vec<(UnitId, Arc<Parsed>)> = Vec::new();
        for path in changed {
            let is_package_file = discover::is_wit(path) || is_encoded(path);
            if !is_package_file {
                return false;
            }
            let changed = ChangedPath::new(path);
            for (owner, unit) in self.units.iter().enumerate() {
                if !changed.is_in(unit) {
                    continue;
                }
                let parsed = ws.parse(&unit.location);
                if parsed.names() != unit.parsed.names() {
                    return false;
                }
                if !Arc::ptr_eq(&parsed, &unit.parsed) {
                    reparsed.push((owner, parsed));
                }
            }
        }
        let mut touched = Vec::new();
        for (owner, parsed) in reparsed {
            self.units[owner].parsed = parsed;
            self.drop_edges(owner);
            touched.push(owner);
        }
        self.forget_results_reaching(&touched);
        true
    }

    /// Forgets the results of `units` and of everything that reaches them.
    fn forget_results_reaching(&mut self, units: &[UnitId]) {
        for unit in self.dependents(units) {
            self.status.remove(&unit);
            self.cycles.remove(&unit);
        }
    }

    fn set_edges(&mut self, unit: UnitId, edges: Arc<Vec<Edge>>) {
        self.drop_edges(unit);
        if self.dependents.len() < self.units.len() {
            self.dependents.resize(self.units.len(), Vec::new());
        }
        for (target, _, _) in edges.iter().filter_map(|e| e.target.as_ref()) {
            self.dependents[*target].push(unit);
        }
        self.edges.insert(unit, edges);
    }

    fn drop_edges(&mut self, unit: UnitId) {
        let Some(edges) = self.edges.remove(&unit) else {
            return;
        };
        for (target, _, _) in edges.iter().filter_map(|e| e.target.as_ref()) {
            self.dependents[*target].retain(|&d| d != unit);
        }
        self.edges_dropped.push(unit);
    }

    /// `units` and every unit that reaches one of them, by the edges known.
    fn dependents(&self, units: &[UnitId]) -> HashSet<UnitId> {
        let mut found: HashSet<UnitId> = HashSet::new();
        let mut stack = units.to_vec();
        while let Some(unit) = stack.pop() {
            if found.insert(unit) {
                stack.extend(self.dependents.get(unit).into_iter().flatten());
            }
        }
        found
    }

    fn dependents_by_location(&self) -> HashMap<Location, Vec<Location>> {
        let mut dependents: HashMap<Location, Vec<Location>> = HashMap::new();
        for (&from, edges) in &self.edges {
            for (to, _, _) in edges.iter().filter_map(|e| e.target.as_ref()) {
                dependents
                    .entry(self.units[*to].location.clone())
                    .or_default()
                    .push(self.units[from].location.clone());
            }
        }
        dependents
    }
}

pub struct Session<'w> {
    pub(super) ws: &'w Workspace,
    pub(super) graph: Graph,
    /// The units being checked, each depending on the next: where a cycle
    /// is read from when one closes.
    in_progress: Vec<UnitId>,
    /// Contexts whose manifest problems a unit has reported this session.
    reported_contexts: HashSet<PathBuf>,
    /// Units holding the path a check is about: checked again, whether or
    /// not they changed, since the caller asks for their diagnostics (a
    /// dependency's file opened in an editor, say).
    asked_about: Vec<UnitId>,
    diagnostics: HashMap<UnitId, Vec<Diagnostic>>,
    /// Clean units resolved so far in this session, for the next to build on.
    shared: Option<SharedResolve>,
    /// Packages handed to wit-parser in this session.
    pushed: usize,
    /// Released after `drop` has put the graph back (fields drop last).
    _alone: std::sync::MutexGuard<'w, ()>,
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        // A session cut short by a panic may leave units half checked.
        if std::thread::panicking() {
            return;
        }
        let checked = self.shared.take().map(|shared| {
            let texts = (shared.providers.iter())
                .map(|(name, &unit)| (name.clone(), self.graph.units[unit].parsed.texts.clone()))
                .collect();
            Arc::new(super::CheckedResolve {
                resolve: shared.resolve,
                texts,
            })
        });
        let mut persisted = self.ws.persisted.lock().unwrap_or_else(|e| e.into_inner());
        persisted.graph = Some(mem::take(&mut self.graph));
        persisted.pushed += self.pushed;
        drop(persisted);
        if let Some(checked) = checked {
            let mut kept = self.ws.checked.lock().unwrap_or_else(|e| e.into_inner());
            kept.insert(0, checked);
            let keep = kept.len().min(2);
            crate::drop_later::drop_later(kept.split_off(keep));
        }
    }
}

impl<'w> Session<'w> {
    pub fn new(ws: &'w Workspace) -> Session<'w> {
        let alone = ws.one_session.lock().unwrap_or_else(|e| e.into_inner());
        let mut persisted = ws.persisted.lock().unwrap_or_else(|e| e.into_inner());
        let changed = mem::take(&mut persisted.changed);
        let mut kept = persisted.graph.take();
        let current = kept
            .as_mut()
            .is_some_and(|graph| graph.refresh(ws, &changed));
        let graph = if current {
            kept.unwrap_or_default()
        } else {
            persisted.graph = kept;
            persisted.discard();
            persisted.builds += 1;
            Graph::default()
        };
        drop(persisted);
        Session {
            ws,
            graph,
            in_progress: Vec::new(),
            reported_contexts: HashSet::new(),
            asked_about: Vec::new(),
            diagnostics: HashMap::new(),
            shared: None,
            pushed: 0,
            _alone: alone,
        }
    }

    pub fn workspace_units(&mut self) -> Vec<UnitId> {
        if let Some(units) = &self.graph.workspace {
            return units.clone();
        }
        let units: Vec<UnitId> = self
            .ws
            .discovered
            .packages
            .clone()
            .into_iter()
            .map(|loc| {
                let home = loc.home_dir().to_path_buf();
                self.unit_for(loc, &home)
            })
            .collect();
        self.graph.workspace = Some(units.clone());
        self.graph.is_workspace = units.iter().copied().collect();
        self.graph.workspace_by_name = None;
        units
    }

    fn workspace(&self) -> &[UnitId] {
        self.graph.workspace.as_deref().unwrap_or_default()
    }

    /// The workspace packages that provide `name` in some version.
    pub(super) fn workspace_named(&mut self, name: &PackageName) -> &[UnitId] {
        self.workspace_units();
        let graph = &mut self.graph;
        let (units, workspace) = (&graph.units, graph.workspace.as_deref().unwrap_or_default());
        let index = graph.workspace_by_name.get_or_insert_with(|| {
            let mut index: HashMap<(String, String), Vec<UnitId>> = HashMap::new();
            for &unit in workspace {
                for provided in units[unit].parsed.names() {
                    let named = index
                        .entry((provided.namespace.clone(), provided.name.clone()))
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

    pub(super) fn units(&self) -> &[Unit] {
        &self.graph.units
    }

    pub(super) fn context(&self, dir: &Path) -> &Context {
        &self.graph.contexts[dir]
    }

    /// The unit at `location`, parsed. The first caller decides the context.
    pub(super) fn unit_for(&mut self, location: Location, context: &Path) -> UnitId {
        if let Some(&id) = self.graph.by_location.get(&location) {
            return id;
        }
        let parsed = self.ws.parse(&location);
        let id = self.graph.units.len();
        self.graph.units.push(Unit {
            location: location.clone(),
            context: context.to_path_buf(),
            parsed,
        });
        self.graph.by_location.insert(location, id);
        id
    }

    pub(super) fn context_of(&mut self, unit: UnitId) -> PathBuf {
        let dir = self.graph.units[unit].context.clone();
        self.ensure_context(&dir);
        dir
    }

    pub(super) fn ensure_context(&mut self, dir: &Path) {
        if !self.graph.contexts.contains_key(dir) {
            let ctx = self.load_context(dir);
            self.graph.contexts.insert(dir.to_path_buf(), ctx);
        }
    }

    pub(super) fn edges(&mut self, unit: UnitId) -> Arc<Vec<Edge>> {
        if let Some(edges) = self.graph.edges.get(&unit) {
            return edges.clone();
        }
        let parsed = self.graph.units[unit].parsed.clone();
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
        self.graph.set_edges(unit, edges.clone());
        edges
    }

    /// Every unit `from` reaches, loading them on the way; `seen` is shared
    /// between calls so that the whole workspace is walked once.
    fn load_reachable(&mut self, from: UnitId, seen: &mut HashSet<UnitId>) {
        let mut stack = vec![from];
        while let Some(unit) = stack.pop() {
            if seen.insert(unit) {
                let edges = self.edges(unit);
                stack.extend(edges.iter().filter_map(|e| e.target.as_ref().map(|t| t.0)));
            }
        }
    }

    /// The workspace packages whose files include `path`, or that depend
    /// (transitively) on a package whose files or manifests include it.
    pub fn affected_by(&mut self, packages: &[UnitId], path: &Path) -> Vec<UnitId> {
        // Load every unit the packages reach first: the touched file may be
        // in a dependency no package has loaded yet.
        let mut seen = HashSet::new();
        let starts = if self.graph.fully_loaded {
            mem::take(&mut self.graph.edges_dropped)
        } else {
            packages.to_vec()
        };
        for unit in starts {
            self.load_reachable(unit, &mut seen);
        }
        self.graph.fully_loaded = packages == self.workspace();
        self.graph.edges_dropped.clear();
        let is_wkg_toml = path.file_name().is_some_and(|n| n == "wkg.toml");
        let changed = ChangedPath::new(path);
        let touched: Vec<UnitId> = (0..self.graph.units.len())
            .filter(|&u| {
                let unit = &self.graph.units[u];
                changed.is_in(unit)
                    || changed.parent == Some(unit.context.as_os_str())
                    // `wkg.toml` is also read from one directory up.
                    || (is_wkg_toml
                        && changed.parent == unit.context.parent().map(Path::as_os_str))
            })
            .collect();
        self.asked_about = touched
            .iter()
            .copied()
            .filter(|&u| changed.is_in(&self.graph.units[u]))
            .collect();
        let mut affected = self.graph.dependents(&touched);
        // A reference that did not resolve can only start resolving to a
        // package whose files or manifests changed, under one of its names.
        let touched_names: HashSet<(&str, &str)> = touched
            .iter()
            .flat_map(|&u| self.graph.units[u].parsed.names())
            .map(|n| (n.namespace.as_str(), n.name.as_str()))
            .collect();
        for (&unit, edges) in &self.graph.edges {
            let gains_a_target = edges.iter().any(|e| {
                let name = &e.reference.name;
                e.target.is_none()
                    && touched_names.contains(&(name.namespace.as_str(), name.name.as_str()))
            });
            if gains_a_target {
                affected.insert(unit);
            }
        }
        // Packages that are gone (a deleted directory) touch their
        // dependents through the graph seen before.
        let persisted = self.ws.persisted.lock().unwrap_or_else(|e| e.into_inner());
        let mut stack: Vec<&Location> = touched
            .iter()
            .map(|&u| &self.graph.units[u].location)
            .chain(
                persisted
                    .previous_dependents
                    .keys()
                    .filter(|loc| is_under(loc, path)),
            )
            .collect();
        let mut seen_before = HashSet::new();
        while let Some(location) = stack.pop() {
            if seen_before.insert(location) {
                if let Some(&unit) = self.graph.by_location.get(location) {
                    affected.insert(unit);
                }
                stack.extend(
                    persisted
                        .previous_dependents
                        .get(location)
                        .into_iter()
                        .flatten(),
                );
            }
        }
        drop(persisted);
        packages
            .iter()
            .copied()
            .filter(|p| affected.contains(p))
            .collect()
    }

    /// Forgets every result, for a check of everything.
    pub fn forget_results(&mut self) {
        self.graph.status.clear();
        self.graph.cycles.clear();
    }

    /// Checks `packages` and returns their summaries with every diagnostic
    /// found on the way, including those of dependencies outside the
    /// workspace (`deps/` folders) that they reach.
    pub fn check(&mut self, packages: &[UnitId], mut diagnostics: Vec<Diagnostic>) -> CheckResult {
        // Each package asked for is checked again for its diagnostics, and
        // so is whatever a cycle through it may involve.
        let asked: Vec<UnitId> = packages.iter().chain(&self.asked_about).copied().collect();
        self.graph.forget_results_reaching(&asked);
        for &unit in packages {
            self.check_unit(unit);
        }
        // wit-parser reads every entry of a `deps/` folder, so a broken one
        // is reported even when nothing refers to it.
        let dependencies: Vec<UnitId> = packages
            .iter()
            .filter_map(|&unit| self.graph.contexts.get(&self.graph.units[unit].context))
            .flat_map(|ctx| ctx.deps_folder.clone())
            .collect();
        for unit in dependencies {
            self.check_unit(unit);
        }
        self.report_duplicates(packages);
        let requested: HashSet<UnitId> = packages.iter().copied().collect();
        for (unit, found) in mem::take(&mut self.diagnostics) {
            if requested.contains(&unit) || !self.graph.is_workspace.contains(&unit) {
                diagnostics.extend(found);
            }
        }
        let packages = packages.iter().map(|&unit| self.summary(unit)).collect();
        let mut result = CheckResult {
            packages,
            diagnostics,
        };
        result.sort_diagnostics();
        result
    }

    fn check_unit(&mut self, unit: UnitId) -> Status {
        if let Some(&status) = self.graph.status.get(&unit) {
            return status;
        }
        self.graph.status.insert(unit, Status::InProgress);
        self.in_progress.push(unit);
        let mut found = self.graph.units[unit].parsed.diagnostics.clone();
        let context = self.context_of(unit);
        // A manifest's problems are reported once, with the first package
        // that uses it.
        if self.reported_contexts.insert(context.clone()) {
            found.extend(self.graph.contexts[&context].diagnostics.iter().cloned());
        }

        let parses = self.graph.units[unit].parsed.content.is_some();
        let mut ok = parses && !has_errors(&found);
        let mut broken_deps: Vec<(String, &Reference)> = Vec::new();
        let edges = self.edges(unit);
        // A package that does not parse is not checked against its
        // dependencies: its syntax errors are what is wrong with it, and a
        // path being typed (`use wasi:i`) is no missing package. Its edges,
        // read by our parser, still keep those dependencies loaded.
        let checked_edges = if parses { &edges[..] } else { &[] };
        for edge in checked_edges {
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
                    if self.graph.cycles.contains_key(target)
                        && self.graph.cycles.contains_key(&unit) =>
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
        self.graph.status.insert(unit, status);
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
            self.graph
                .cycles
                .entry(unit)
                .or_insert_with(|| cycle.clone());
        }
    }

    fn cycle_diagnostic(&self, unit: UnitId, reference: &Reference) -> Diagnostic {
        let cycle = self.graph.cycles.get(&unit).map_or("", String::as_str);
        let message = format!("dependency cycle through `{}`: {cycle}", reference.name);
        at(reference, codes::PACKAGE_CYCLE, message)
    }

    fn display_name(&self, unit: UnitId) -> String {
        match self.graph.units[unit].parsed.names().first() {
            Some(name) => name.to_string(),
            None => self.graph.units[unit].location.path().display().to_string(),
        }
    }

    /// Resolves `unit` with everything it depends on. All dependencies are
    /// known clean here, so errors are the unit's own.
    ///
    /// When the shared `Resolve` already holds the very units `unit`'s
    /// references resolve to, `unit` alone is pushed into it: each unit in
    /// it went in only after its own dependencies, so their dependencies
    /// are there too. Otherwise `unit` and its whole closure go into a
    /// fresh one, which then becomes the shared one. A chain of n packages
    /// so costs n pushes, not n²/2.
    fn resolve_unit(&mut self, unit: UnitId, edges: &[Edge]) -> Vec<Diagnostic> {
        let units = &self.graph.units;
        let names_of = |u: UnitId| units[u].parsed.names();
        if let Some(shared) = &mut self.shared {
            let fits = names_of(unit)
                .iter()
                .all(|n| !shared.providers.contains_key(n))
                && edges
                    .iter()
                    .filter_map(|e| e.target.as_ref())
                    .all(|(target, provided, _)| shared.providers.get(provided) == Some(target));
            if fits {
                self.pushed += 1;
                let location = units[unit].location.path();
                (self.ws.query_log()).record(|| Query::Resolve(location.to_path_buf()));
                let part = (&*units[unit].parsed, renames(edges));
                let found = super::check::resolve_into(&mut shared.resolve, &[part]);
                if found.is_empty() {
                    shared
                        .providers
                        .extend(names_of(unit).iter().map(|n| (n.clone(), unit)));
                } else {
                    // A failed push leaves it half-updated.
                    self.shared = None;
                }
                return found;
            }
        }
        let closure = self.closure(unit, edges);
        let units = &self.graph.units;
        let names_of = |u: UnitId| units[u].parsed.names();
        let parts: Vec<(&Parsed, HashMap<PackageName, PackageName>)> = closure
            .iter()
            .map(|(u, renames)| (&*units[*u].parsed, renames.clone()))
            .collect();
        self.pushed += parts.len();
        for (u, _) in &closure {
            let location = units[*u].location.path();
            (self.ws.query_log()).record(|| Query::Resolve(location.to_path_buf()));
        }
        let mut resolve = super::check::new_resolve(&self.ws.features);
        let found = super::check::resolve_into(&mut resolve, &parts);
        self.shared = found.is_empty().then(|| SharedResolve {
            resolve,
            providers: closure
                .iter()
                .flat_map(|(u, _)| names_of(*u).iter().map(move |n| (n.clone(), *u)))
                .collect(),
        });
        found
    }

    /// `unit` first, then every unit it reaches, each with the references
    /// to rename to the semver-compatible version that satisfies them. A
    /// name provided twice is taken from the first unit that provides it.
    fn closure(
        &mut self,
        unit: UnitId,
        edges: &[Edge],
    ) -> Vec<(UnitId, HashMap<PackageName, PackageName>)> {
        let mut provided: HashSet<PackageName> = self.graph.units[unit]
            .parsed
            .names()
            .iter()
            .cloned()
            .collect();
        let mut order = vec![(unit, renames(edges))];
        // Membership of `order`, which a long chain of dependencies makes long.
        let mut ordered: HashSet<UnitId> = HashSet::from([unit]);
        let mut next = 0;
        while next < order.len() {
            let current = order[next].0;
            next += 1;
            let edges = self.edges(current);
            for (target, name, _) in edges.iter().filter_map(|e| e.target.as_ref()) {
                if provided.contains(name) || !ordered.insert(*target) {
                    continue;
                }
                provided.extend(self.graph.units[*target].parsed.names().iter().cloned());
                let target_edges = self.edges(*target);
                order.push((*target, renames(&target_edges)));
            }
        }
        order
    }

    /// Two workspace packages with the same name and version: references
    /// from elsewhere resolve to the first, which may not be what was meant.
    fn report_duplicates(&mut self, packages: &[UnitId]) {
        for &unit in packages {
            let Some(name) = self.graph.units[unit].parsed.names().first().cloned() else {
                continue;
            };
            let providers = self.workspace_named(&name).to_vec();
            let first_named =
                |u: &&UnitId| self.graph.units[**u].parsed.names().first() == Some(&name);
            let Some(earlier) = providers
                .iter()
                .find(first_named)
                .copied()
                .filter(|&first| first != unit)
            else {
                continue;
            };
            let declaration = |u: UnitId| package_declaration(&self.graph.units[u], &name, self.ws);
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

    /// [`Session::closure`] of `unit` by location: what a check of it hands
    /// to wit-parser.
    pub fn closure_of(
        &mut self,
        unit: UnitId,
    ) -> Vec<(Location, HashMap<PackageName, PackageName>)> {
        let edges = self.edges(unit);
        let closure = self.closure(unit, &edges);
        (closure.into_iter())
            .map(|(u, renames)| (self.graph.units[u].location.clone(), renames))
            .collect()
    }

    /// `packages` and every unit they reach, workspace packages first, with
    /// each unit's resolved references by index into the result.
    pub fn package_graph(&mut self, packages: &[UnitId]) -> Vec<super::GraphPackage> {
        let mut seen = HashSet::new();
        for &unit in packages {
            self.load_reachable(unit, &mut seen);
        }
        for unit in packages {
            seen.remove(unit);
        }
        let mut reached: Vec<UnitId> = seen.into_iter().collect();
        reached.sort_unstable();
        let order: Vec<UnitId> = packages.iter().copied().chain(reached).collect();
        let index_of: HashMap<UnitId, usize> =
            order.iter().enumerate().map(|(i, &u)| (u, i)).collect();
        (order.iter())
            .map(|&unit| {
                let edges = self.edges(unit);
                let references = (edges.iter())
                    .filter_map(|edge| {
                        let (target, provided, _) = edge.target.as_ref()?;
                        Some(super::GraphReference {
                            requested: edge.reference.name.clone(),
                            target: *index_of.get(target)?,
                            provided: provided.clone(),
                        })
                    })
                    .collect();
                let unit_data = &self.graph.units[unit];
                super::GraphPackage {
                    location: unit_data.location.clone(),
                    files: unit_data.parsed.files.clone(),
                    in_workspace: self.graph.is_workspace.contains(&unit),
                    references,
                }
            })
            .collect()
    }

    pub fn summary(&mut self, unit: UnitId) -> PackageSummary {
        let edges = self.edges(unit);
        let parsed = &self.graph.units[unit].parsed;
        let mut names = parsed.names().iter().map(|n| n.to_string());
        PackageSummary {
            name: names.next(),
            nested: names.collect(),
            location: self.graph.units[unit].location.clone(),
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
                            location: self.graph.units[*target].location.clone(),
                            via: *via,
                        }),
                })
                .collect(),
        }
    }
}

/// A changed path, taken apart once: it is compared with every unit.
struct ChangedPath<'p> {
    path: &'p OsStr,
    parent: Option<&'p OsStr>,
    is_wit: bool,
}

impl<'p> ChangedPath<'p> {
    fn new(path: &'p Path) -> ChangedPath<'p> {
        ChangedPath {
            path: path.as_os_str(),
            parent: path.parent().map(Path::as_os_str),
            is_wit: discover::is_wit(path),
        }
    }

    /// Whether this is one of the unit's files, the unit itself, or a file
    /// that would join its directory. Paths are normalised, so comparing
    /// their bytes is enough, and much cheaper than comparing components.
    fn is_in(&self, unit: &Unit) -> bool {
        unit.parsed.files.iter().any(|f| f.as_os_str() == self.path)
            || unit.location.path().as_os_str() == self.path
            || matches!(&unit.location, Location::Dir(dir) if self.is_wit && self.parent == Some(dir.as_os_str()))
    }
}

fn is_encoded(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wasm" || e == "wat")
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
