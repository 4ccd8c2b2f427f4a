//! How WASI's published releases resolve: 0.2.0 has no manifests, so its
//! packages find each other in the workspace; 0.2.12 names its
//! dependencies in `deps.toml`.

use std::path::PathBuf;

use analysis::{
    Workspace, WorkspaceConfig,
    workspace::{Location, ResolvedVia},
};

fn corpus(release: &str) -> PathBuf {
    test_support::wasi_release(release)
}

fn packages(release: &str) -> Vec<analysis::PackageSummary> {
    Workspace::new(WorkspaceConfig {
        roots: vec![corpus(release)],
        ..Default::default()
    })
    .packages()
}

#[test]
fn wasi_0_2_0_resolves_through_the_workspace() {
    let packages = packages("0.2.0");
    let http = packages
        .iter()
        .find(|p| p.name.as_deref() == Some("wasi:http@0.2.0"))
        .unwrap();
    let mut deps: Vec<(&str, ResolvedVia)> = http
        .dependencies
        .iter()
        .map(|d| {
            let resolved = d.resolved.as_ref().unwrap();
            (resolved.name.as_str(), resolved.via)
        })
        .collect();
    deps.sort();
    assert_eq!(
        deps,
        [
            ("wasi:cli@0.2.0", ResolvedVia::Workspace),
            ("wasi:clocks@0.2.0", ResolvedVia::Workspace),
            ("wasi:io@0.2.0", ResolvedVia::Workspace),
            ("wasi:random@0.2.0", ResolvedVia::Workspace),
        ]
    );
}

#[test]
fn wasi_0_2_12_resolves_through_deps_toml_to_the_matching_release_line() {
    for package in packages("0.2.12") {
        let dir = package.dir().to_path_buf();
        for dep in &package.dependencies {
            let resolved = dep
                .resolved
                .as_ref()
                .unwrap_or_else(|| panic!("{} not resolved for {}", dep.requested, dir.display()));
            let Location::Dir(target) = &resolved.location else {
                panic!("{:?}", resolved.location)
            };
            // A `wit/` package depends on `wit/` packages, a draft on drafts.
            assert_eq!(
                target.file_name(),
                dir.file_name(),
                "{} -> {}",
                dir.display(),
                target.display()
            );
            if dir.join("deps.toml").is_file() {
                assert_eq!(
                    resolved.via,
                    ResolvedVia::DepsToml,
                    "{} -> {}",
                    dir.display(),
                    dep.requested
                );
            }
        }
    }
}

#[test]
fn one_wasi_0_2_12_package_alone_finds_transitive_dependencies_through_deps_toml() {
    // http's deps.toml names cli, clocks and io; random comes through cli's.
    let http = corpus("0.2.12").join("proposals/http/wit");
    let workspace = Workspace::new(WorkspaceConfig {
        roots: vec![http],
        ..Default::default()
    });
    let result = workspace.check();
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    let [package] = &result.packages[..] else {
        panic!("{:?}", result.packages)
    };
    let random = package
        .dependencies
        .iter()
        .find(|d| d.requested == "wasi:random@0.2.12")
        .unwrap();
    assert_eq!(random.resolved.as_ref().unwrap().via, ResolvedVia::DepsToml);
}
