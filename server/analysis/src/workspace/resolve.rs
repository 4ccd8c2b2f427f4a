//! Where a package's foreign references resolve, tried in this order:
//!
//! 1. its own `deps/` folder (directories, `.wit` files, `.wasm`/`.wat`);
//! 2. local paths in `deps.toml` (wit-deps);
//! 3. `[overrides]` paths in `wkg.toml` (next to the package or one up);
//! 4. a package of that name elsewhere in the workspace.
//!
//! Within each rule an exact version wins; otherwise the newest
//! semver-compatible version at least as new as the one requested.

use std::path::{Path, PathBuf};

use wit_parser::PackageName;

use super::{
    Location, ResolvedVia, discover,
    disk::Kind,
    manifest::{self, Manifest},
    session::{Session, UnitId},
};
use crate::diagnostic::{Diagnostic, Severity, codes};

/// What one directory offers for resolving the references of the packages
/// that live there.
#[derive(Default)]
pub struct Context {
    pub has_deps_folder: bool,
    pub deps_folder: Vec<UnitId>,
    pub deps_toml: Option<PathBuf>,
    pub deps_toml_paths: Vec<UnitId>,
    pub wkg_toml: Option<PathBuf>,
    pub wkg_overrides: Vec<UnitId>,
    /// URL entries of `deps.toml`: they need `wit-deps` to fetch them.
    pub remote: Vec<String>,
    /// Manifest entries whose path does not exist.
    pub missing_paths: Vec<String>,
    /// Manifest problems, reported once, with the first package that uses
    /// this context.
    pub diagnostics: Vec<Diagnostic>,
}

impl Session<'_> {
    pub(super) fn load_context(&mut self, dir: &Path) -> Context {
        let mut ctx = Context::default();
        let deps = dir.join("deps");
        if let Ok(paths) = self.ws.disk.list(&deps) {
            ctx.has_deps_folder = true;
            for path in paths.iter().cloned() {
                let location = if self.ws.disk.kind(&path) == Kind::Dir {
                    Location::Dir(path)
                } else if discover::is_wit(&path) {
                    Location::WitFile(path)
                } else if path.extension().is_some_and(|e| e == "wasm" || e == "wat") {
                    Location::Encoded(path)
                } else {
                    // wit-parser ignores other files too (`.DS_Store`, READMEs).
                    continue;
                };
                ctx.deps_folder.push(self.unit_for(location, dir));
            }
        }
        let deps_toml = dir.join("deps.toml");
        if let Some(found) = self.read_manifest(&deps_toml, manifest::read_deps_toml) {
            ctx.deps_toml_paths =
                self.manifest_units(&found, &mut ctx.diagnostics, &mut ctx.missing_paths);
            ctx.remote = found.remote;
            ctx.deps_toml = Some(deps_toml);
        }
        for wkg_dir in [Some(dir), dir.parent()].into_iter().flatten() {
            let wkg_toml = wkg_dir.join("wkg.toml");
            if let Some(found) = self.read_manifest(&wkg_toml, manifest::read_wkg_toml) {
                ctx.wkg_overrides =
                    self.manifest_units(&found, &mut ctx.diagnostics, &mut ctx.missing_paths);
                for &unit in &ctx.wkg_overrides {
                    (self.graph.override_scope)
                        .entry(unit)
                        .or_insert_with(|| dir.to_path_buf());
                }
                ctx.wkg_toml = Some(wkg_toml);
                break;
            }
        }
        ctx
    }

    fn read_manifest(&self, path: &Path, read: fn(&Path, &str) -> Manifest) -> Option<Manifest> {
        if !self.ws.files.has_overlay(path) && !self.ws.disk.is_file(path) {
            return None;
        }
        Some(match self.ws.files.text(path) {
            Ok(text) => read(path, &text),
            Err(err) => {
                let mut manifest = Manifest::default();
                manifest.errors.push(manifest::ManifestError {
                    manifest: path.to_path_buf(),
                    range: 0..0,
                    message: err.to_string(),
                });
                manifest
            }
        })
    }

    fn manifest_units(
        &mut self,
        manifest: &Manifest,
        diagnostics: &mut Vec<Diagnostic>,
        missing: &mut Vec<String>,
    ) -> Vec<UnitId> {
        for err in &manifest.errors {
            diagnostics.push(Diagnostic {
                path: err.manifest.clone(),
                range: err.range.clone(),
                severity: Severity::Error,
                code: codes::INVALID_MANIFEST,
                message: err.message.clone(),
                related: Vec::new(),
            });
        }
        let mut units = Vec::new();
        for entry in &manifest.paths {
            let kind = self.ws.disk.kind(&entry.target);
            let location = if kind == Kind::Dir {
                Location::Dir(entry.target.clone())
            } else if kind == Kind::File && discover::is_wit(&entry.target) {
                Location::WitFile(entry.target.clone())
            } else if kind == Kind::File {
                Location::Encoded(entry.target.clone())
            } else {
                missing.push(entry.key.clone());
                diagnostics.push(Diagnostic {
                    path: entry.manifest.clone(),
                    range: entry.range.clone(),
                    severity: Severity::Error,
                    code: codes::DEPENDENCY_PATH_NOT_FOUND,
                    message: format!(
                        "the path of dependency `{}` does not exist: `{}`",
                        entry.key,
                        entry.target.display()
                    ),
                    related: Vec::new(),
                });
                continue;
            };
            let home = location.home_dir().to_path_buf();
            units.push(self.unit_for(location, &home));
        }
        units
    }

    /// The package that provides `name` for `unit`, the name it provides it
    /// under, and the rule that found it.
    pub(super) fn find_dependency(
        &mut self,
        unit: UnitId,
        name: &PackageName,
    ) -> Option<(UnitId, PackageName, ResolvedVia)> {
        for (units, via) in self.candidates(unit, name) {
            if let Some((found, provided)) = self.best_match(&units, name) {
                return Some((found, provided, via));
            }
        }
        None
    }

    /// The packages each rule offers `unit` for `name`, in the order the
    /// rules are tried.
    fn candidates(&mut self, unit: UnitId, name: &PackageName) -> Vec<(Vec<UnitId>, ResolvedVia)> {
        let context = self.context_of(unit);
        let deps_toml = self.deps_toml_closure(&context);
        let mut overrides = self.context(&context).wkg_overrides.clone();
        if let Some(scope) = self.graph.override_scope.get(&unit).cloned() {
            self.ensure_context(&scope);
            overrides.extend(&self.context(&scope).wkg_overrides);
        }
        let ctx = self.context(&context);
        let mut candidates = vec![
            (ctx.deps_folder.clone(), ResolvedVia::DepsFolder),
            (deps_toml, ResolvedVia::DepsToml),
            (overrides, ResolvedVia::WkgOverride),
        ];
        let others = self
            .workspace_named(name)
            .iter()
            .copied()
            .filter(|&u| u != unit)
            .collect();
        candidates.push((others, ResolvedVia::Workspace));
        candidates
    }

    /// For a reference without a version, the versioned package of that
    /// name a rule offers (the newest of the first rule that has one):
    /// wit-parser never takes a versioned package for a bare name.
    fn versioned_candidate(
        &mut self,
        unit: UnitId,
        name: &PackageName,
    ) -> Option<(PackageName, ResolvedVia)> {
        if name.version.is_some() {
            return None;
        }
        self.candidates(unit, name)
            .into_iter()
            .find_map(|(units, via)| {
                units
                    .iter()
                    .flat_map(|&u| self.units()[u].parsed.names())
                    .filter(|n| n.namespace == name.namespace && n.name == name.name)
                    .filter(|n| n.version.is_some())
                    .max_by(|a, b| a.version.cmp(&b.version))
                    .map(|found| (found.clone(), via))
            })
    }

    /// The packages `deps.toml` names, then those their own `deps.toml`
    /// names, and so on: wit-deps lists only direct dependencies and
    /// fetches the transitive ones itself.
    fn deps_toml_closure(&mut self, dir: &Path) -> Vec<UnitId> {
        let mut units: Vec<UnitId> = Vec::new();
        let mut dirs = vec![dir.to_path_buf()];
        let mut next = 0;
        while next < dirs.len() {
            let current = dirs[next].clone();
            next += 1;
            self.ensure_context(&current);
            for &unit in &self.context(&current).deps_toml_paths {
                if !units.contains(&unit) {
                    units.push(unit);
                }
                let home = self.units()[unit].context.clone();
                if !dirs.contains(&home) {
                    dirs.push(home);
                }
            }
        }
        units
    }

    fn best_match(&self, units: &[UnitId], wanted: &PackageName) -> Option<(UnitId, PackageName)> {
        let mut best: Option<(UnitId, PackageName)> = None;
        for &unit in units {
            for name in self.units()[unit].parsed.names() {
                if name == wanted {
                    return Some((unit, name.clone()));
                }
                if is_compatible_upgrade(wanted, name)
                    && best.as_ref().is_none_or(|(_, b)| b.version < name.version)
                {
                    best = Some((unit, name.clone()));
                }
            }
        }
        best
    }

    /// Says where a missing package was looked for and what would fix it.
    pub(super) fn explain_missing(&mut self, unit: UnitId, name: &PackageName) -> String {
        if let Some((found, via)) = self.versioned_candidate(unit, name) {
            let version = found
                .version
                .as_ref()
                .map(|v| v.to_string())
                .unwrap_or_default();
            let provider = match via {
                ResolvedVia::DepsFolder => "`deps/` has",
                ResolvedVia::DepsToml => "`deps.toml` lists",
                ResolvedVia::WkgOverride => "`wkg.toml` overrides",
                ResolvedVia::Workspace => "the workspace has",
            };
            return format!(
                "package `{name}` {}: {provider} `{found}`; write `{name}/…@{version}`",
                crate::diagnostic::MISSING_VERSION
            );
        }
        let providers = self.workspace_named(name).to_vec();
        let same_name: Vec<String> = providers
            .iter()
            .flat_map(|&u| self.units()[u].parsed.names())
            .filter(|n| n.namespace == name.namespace && n.name == name.name)
            .map(|n| format!("`{n}`"))
            .collect();
        let ctx = self.context(&self.units()[unit].context);
        let mut looked = Vec::new();
        looked.push(
            if ctx.has_deps_folder {
                "no matching entry in `deps/`"
            } else {
                "no `deps/` folder"
            }
            .to_string(),
        );
        looked.push(match &ctx.deps_toml {
            Some(_) => "no path for it in `deps.toml`".to_string(),
            None => "no `deps.toml`".to_string(),
        });
        if ctx.wkg_toml.is_some() {
            looked.push("no override in `wkg.toml`".to_string());
        }
        looked.push(if same_name.is_empty() {
            "no package of that name in the workspace".to_string()
        } else {
            format!(
                "the workspace has only {}, not semver-compatible",
                same_name.join(", ")
            )
        });
        let mut message = format!("package `{name}` not found: {}", looked.join(", "));
        if !ctx.missing_paths.is_empty() {
            let keys: Vec<String> = ctx.missing_paths.iter().map(|k| format!("`{k}`")).collect();
            message.push_str(&format!("; the path of {} does not exist", keys.join(", ")));
        }
        if !ctx.remote.is_empty() {
            message.push_str(&format!(
                "; `deps.toml` has URL entries ({}): run `wit-deps update` to fetch them",
                ctx.remote
                    .iter()
                    .map(|r| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else {
            message.push_str("; run `wkg wit fetch` or add its path to `deps.toml`");
        }
        message
    }
}

/// `found` can stand in for `wanted`: same package, a version on the same
/// semver track and at least as new.
fn is_compatible_upgrade(wanted: &PackageName, found: &PackageName) -> bool {
    if wanted.namespace != found.namespace || wanted.name != found.name {
        return false;
    }
    match (&wanted.version, &found.version) {
        (Some(w), Some(f)) => is_compatible_version(w, f),
        _ => false,
    }
}

/// Version `found` can stand in for `wanted`: on the same semver track and
/// at least as new.
pub(crate) fn is_compatible_version(wanted: &semver::Version, found: &semver::Version) -> bool {
    // The track alone: the second half is the rest of the version, which differs.
    found >= wanted
        && PackageName::version_compat_track(wanted).0 == PackageName::version_compat_track(found).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::parse::parse_package_name;

    #[test]
    fn compatible_upgrades_follow_the_semver_track() {
        let cases = [
            ("wasi:io@0.2.0", "wasi:io@0.2.12", true),
            ("wasi:io@0.2.12", "wasi:io@0.2.0", false),
            ("wasi:io@0.2.0", "wasi:io@0.3.0", false),
            ("a:b@1.0.0", "a:b@1.4.0", true),
            ("a:b@1.0.0", "a:c@1.0.0", false),
            ("a:b", "a:b@1.0.0", false),
        ];
        for (wanted, found, compatible) in cases {
            let (w, f) = (
                parse_package_name(wanted).unwrap(),
                parse_package_name(found).unwrap(),
            );
            assert_eq!(
                is_compatible_upgrade(&w, &f),
                compatible,
                "{wanted} -> {found}"
            );
        }
    }
}
