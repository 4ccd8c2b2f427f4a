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
    assert!(dir.join("0.2.12").is_dir(), "the WASI corpus is missing at {} (set WIT_CORPUS)", dir.display());
    dir
}

/// One release of the corpus, e.g. `wasi_release("0.2.12")`.
pub fn wasi_release(release: &str) -> PathBuf {
    let dir = wasi_corpus().join(release);
    assert!(dir.is_dir(), "the WASI corpus has no release {release} at {}", dir.display());
    dir
}

/// Copies a directory tree, so tests can edit a copy and never the corpus.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
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
