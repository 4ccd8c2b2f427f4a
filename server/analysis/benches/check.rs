//! `check` over WASI 0.2.12 against the named baseline: the sum of raw
//! wit-parser loads of the same packages (for each package, a fresh
//! `Resolve` with its dependencies pushed with `push_dir`, then the package
//! itself). Raw loads do not discover, resolve `deps.toml`, run our syntax
//! parser or map errors, so the ratio is what the workspace model costs on
//! top of wit-parser's own work.
//!
//! Run: `cargo bench -p analysis --bench check`

use std::path::{Path, PathBuf};

use analysis::{PackageSummary, Workspace, WorkspaceConfig, workspace::Location};

const RUNS: usize = 21;

fn median_ms(f: impl FnMut()) -> f64 {
    test_support::median_ms(RUNS, f)
}

/// Each package's dependency directories, dependencies first, then the
/// package's own: the order `push_dir` needs.
fn load_orders(packages: &[PackageSummary]) -> Vec<Vec<PathBuf>> {
    fn visit(dir: &Path, packages: &[PackageSummary], order: &mut Vec<PathBuf>) {
        if order.iter().any(|d| d == dir) {
            return;
        }
        if let Some(package) = packages.iter().find(|p| p.location.path() == dir) {
            for dep in &package.dependencies {
                let resolved = dep.resolved.as_ref().expect("every dependency resolves");
                let Location::Dir(dep_dir) = &resolved.location else {
                    panic!("dependencies are directories")
                };
                visit(dep_dir, packages, order);
            }
        }
        order.push(dir.to_path_buf());
    }
    packages
        .iter()
        .map(|p| {
            let mut order = Vec::new();
            visit(p.location.path(), packages, &mut order);
            order
        })
        .collect()
}

fn main() {
    let root = test_support::wasi_corpus();
    let tree = root.join("0.2.12");
    assert!(
        tree.is_dir(),
        "the WASI corpus is missing: no {} (set WIT_CORPUS)",
        tree.display()
    );
    let config = WorkspaceConfig {
        roots: vec![tree],
        ..Default::default()
    };

    let packages = Workspace::new(config.clone()).packages();
    let orders = load_orders(&packages);
    let raw = median_ms(|| raw_loads(&orders));

    let cold = median_ms(|| {
        let result = Workspace::new(config.clone()).check();
        assert!(result.diagnostics.is_empty());
    });
    let warm_workspace = Workspace::new(config.clone());
    warm_workspace.check();
    let warm = median_ms(|| drop(warm_workspace.check()));

    println!(
        "WASI 0.2.12: {} packages, median of {RUNS} runs",
        packages.len()
    );
    println!("baseline, sum of raw wit-parser loads:     {raw:8.2} ms");
    println!(
        "check, new workspace (as the CLI runs it): {cold:8.2} ms  ratio {:.2}",
        cold / raw
    );
    println!(
        "check, parses cached (as the server runs): {warm:8.2} ms  ratio {:.2}",
        warm / raw
    );

    for edited in [
        "proposals/http/wit/types.wit",
        "proposals/io/wit/streams.wit",
    ] {
        keystroke(&config, &config.roots[0].join(edited), "the packages");
    }

    // The same on 1,000 packages that find each other through the
    // workspace: what a keystroke costs there is what the workspace model
    // does per package, not wit-parser's work.
    let scratch = tempfile::tempdir().unwrap();
    let generated = scratch.path().canonicalize().unwrap().join("generated");
    let edited = test_support::generate_tiered_workspace(&generated);
    let config = WorkspaceConfig {
        roots: vec![generated],
        ..Default::default()
    };
    keystroke(&config, &edited, "1,000 generated packages");
    let workspace = Workspace::new(config.clone());
    workspace.check();
    let listing = median_ms(|| drop(workspace.packages()));
    println!("packages() on 1,000 generated packages, warm: {listing:6.2} ms");

    chains();
}

/// A chain of packages, each using the one before: the shape that made
/// `check` quadratic when every package was resolved with its whole closure.
/// The baseline is one `Resolve` with every package pushed once, in order.
fn chains() {
    let mut per_package = Vec::new();
    for length in [1_000, 4_000] {
        let scratch = tempfile::tempdir().unwrap();
        let root = scratch.path().canonicalize().unwrap();
        let dirs = write_chain(&root, length);
        let config = WorkspaceConfig {
            roots: vec![root],
            ..Default::default()
        };
        let check = test_support::median_ms(5, || {
            let result = Workspace::new(config.clone()).check();
            assert!(result.diagnostics.is_empty());
        });
        let once = test_support::median_ms(5, || {
            let mut resolve = wit_parser::Resolve::new();
            for dir in &dirs {
                resolve.push_dir(dir).expect("the chain loads");
            }
        });
        println!(
            "chain of {length} packages: check {check:8.2} ms, one Resolve pushing each once {once:8.2} ms, ratio {:.2}",
            check / once
        );
        per_package.push(check / length as f64);
    }
    println!(
        "chain growth: time per package at 4,000 / at 1,000 = {:.2} (1.00 is linear)",
        per_package[1] / per_package[0]
    );
}

fn write_chain(root: &Path, length: usize) -> Vec<PathBuf> {
    (0..length)
        .map(|i| {
            let dir = root.join(format!("p{i:05}"));
            std::fs::create_dir_all(&dir).unwrap();
            let body = if i == 0 {
                "  type t = u32;\n".to_string()
            } else {
                format!("  use c:p{}/i@1.0.0.{{t as u}};\n  type t = u;\n", i - 1)
            };
            std::fs::write(
                dir.join("p.wit"),
                format!("package c:p{i}@1.0.0;\n\ninterface i {{\n{body}}}\n"),
            )
            .unwrap();
            dir
        })
        .collect()
}

/// A keystroke: one file of a package changes, and only that package and
/// its dependents are checked. The baseline is the raw loads of just those
/// packages.
fn keystroke(config: &WorkspaceConfig, path: &Path, of: &str) {
    let mut workspace = Workspace::new(config.clone());
    let packages = workspace.packages();
    let orders = load_orders(&packages);
    workspace.check();
    let text = std::fs::read_to_string(path).unwrap();
    let affected = workspace.check_affected(path).packages;
    let affected_orders: Vec<Vec<PathBuf>> = packages
        .iter()
        .zip(&orders)
        .filter(|(p, _)| affected.iter().any(|a| a.location == p.location))
        .map(|(_, order)| order.clone())
        .collect();
    let raw_affected = median_ms(|| raw_loads(&affected_orders));
    let mut version = 0;
    let edit = median_ms(|| {
        version += 1;
        let edited_text = format!("{text}\n// edit {version}\n");
        workspace.set_overlay(path, Some(edited_text.into()));
        assert!(workspace.check_affected(path).diagnostics.is_empty());
    });
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    println!(
        "edit {name} (affects {} of {of}): check_affected {edit:6.2} ms, raw loads {raw_affected:6.2} ms, ratio {:.2}",
        affected.len(),
        edit / raw_affected
    );
}

fn raw_loads(orders: &[Vec<PathBuf>]) {
    for order in orders {
        let mut resolve = wit_parser::Resolve::new();
        for dir in order {
            resolve
                .push_dir(dir)
                .expect("the benchmark workspace loads");
        }
    }
}
