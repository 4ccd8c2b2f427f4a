//! Helpers shared by the tests and benchmarks of every crate. Dev-only: no
//! shipped crate depends on this one.

use std::{
    path::{Path, PathBuf},
    time::Instant,
};

/// WASI's published WIT, the releases 0.2.0, 0.2.12 and 0.3.0 side by side.
///
/// `$WIT_CORPUS` wins; otherwise the corpus is the `shared/` folder that
/// sits beside the repository, as it does on developers' machines and CI.
/// Panics with the place it looked, so a missing corpus never passes for
/// an empty one.
pub fn wasi_corpus() -> PathBuf {
    let dir = std::env::var_os("WIT_CORPUS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/wasi"),
        PathBuf::from,
    );
    assert!(
        dir.join("0.2.12").is_dir(),
        "the WASI corpus is missing at {} (set WIT_CORPUS)",
        dir.display()
    );
    dir
}

/// One release of the corpus, e.g. `wasi_release("0.2.12")`.
pub fn wasi_release(release: &str) -> PathBuf {
    let dir = wasi_corpus().join(release);
    assert!(
        dir.is_dir(),
        "the WASI corpus has no release {release} at {}",
        dir.display()
    );
    dir
}

/// Copies a directory tree, so tests can edit a copy and never the corpus.
pub fn copy_dir(from: &Path, to: &Path) {
    copy_skipping(from, to, &[]);
}

/// Copies a guest project without what its toolchain installed or built in
/// it (`node_modules`, `.venv`, `dist`, `__pycache__`), for tests that
/// build a copy.
pub fn copy_project(from: &Path, to: &Path) {
    copy_skipping(from, to, &["node_modules", ".venv", "dist", "__pycache__"]);
}

fn copy_skipping(from: &Path, to: &Path, skipped: &[&str]) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        if skipped.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_skipping(&entry.path(), &target, skipped);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        }
    }
}

/// The median wall time of `runs` calls of `f`, in milliseconds.
pub fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// A 1,000-package workspace for benchmarks, returning the file to edit
/// (in the middle tier). Three tiers: 50 packages without dependencies, 450 using two of those,
/// 500 using two of the middle tier.
pub fn generate_tiered_workspace(root: &Path) -> PathBuf {
    let tiers = [(0, 50), (50, 500), (500, 1000)];
    for (tier, &(start, end)) in tiers.iter().enumerate() {
        for i in start..end {
            let dir = root.join(format!("p{i:04}"));
            std::fs::create_dir_all(&dir).unwrap();
            let mut uses = String::new();
            let mut fields = String::new();
            if tier > 0 {
                let (below_start, below_end) = tiers[tier - 1];
                let span = below_end - below_start;
                for (n, dep) in [below_start + i % span, below_start + (i * 7 + 3) % span]
                    .into_iter()
                    .enumerate()
                {
                    uses += &format!("  use gen:p{dep:04}/api.{{point as p{n}}};\n");
                    fields += &format!(", f{n}: p{n}");
                }
            }
            let text = format!(
                "package gen:p{i:04};\n\ninterface api {{\n{uses}  record point {{ x: u32{fields} }}\n  make: func(x: u32) -> point;\n}}\n"
            );
            std::fs::write(dir.join("api.wit"), text).unwrap();
        }
    }
    root.join("p0300/api.wit")
}

/// One large package for benchmarks: `files` files of `per_file`
/// interfaces each (20 × 1,000 is about 2 MB), each interface using a
/// type of the one before it (without nesting records 20,000 deep), beside a small unrelated package. Returns the
/// package directory and the small package's file.
pub fn generate_large_package(root: &Path, files: usize, per_file: usize) -> (PathBuf, PathBuf) {
    let dir = root.join("big");
    std::fs::create_dir_all(&dir).unwrap();
    for file in 0..files {
        let mut text = String::from("package gen:big;\n");
        for n in 0..per_file {
            let i = file * per_file + n;
            text += &if i == 0 {
                "\ninterface i00000 {\n  type key = u64;\n  record entry { id: key }\n  get: func(id: key) -> entry;\n}\n".to_string()
            } else {
                format!(
                    "\ninterface i{i:05} {{\n  use i{:05}.{{key as earlier}};\n  type key = u64;\n  record entry {{ id: key, prev: earlier }}\n  get: func(id: key) -> entry;\n}}\n",
                    i - 1
                )
            };
        }
        std::fs::write(dir.join(format!("part{file:02}.wit")), text).unwrap();
    }
    let small = root.join("small");
    std::fs::create_dir_all(&small).unwrap();
    let small_file = small.join("small.wit");
    std::fs::write(
        &small_file,
        "package gen:small;\n\ninterface api {\n  record point { x: u32, y: u32 }\n  make: func(x: u32) -> point;\n}\n",
    )
    .unwrap();
    (dir, small_file)
}
