//! Acceptance on WASI's published WIT: 0.2.0 → 0.2.12 is semver-compatible
//! (though its layout changed from `preview2/<pkg>/` to
//! `proposals/<pkg>/wit/`, with 0.3.0 drafts beside it), and 0.2.12 → 0.3.0
//! is a breaking bump.

use std::path::{Path, PathBuf};

use analysis::{
    Diagnostic, Severity, Workspace, WorkspaceConfig,
    breaking::{self, Options},
};

/// A private copy, so that nothing can touch the corpus itself.
fn copy_release(version: &str, into: &Path) -> PathBuf {
    let to = into.join(version);
    test_support::copy_dir(&test_support::wasi_release(version), &to);
    to
}

fn check(old: &Path, new: &Path, opts: &Options) -> Vec<Diagnostic> {
    let ws = |root: &Path| Workspace::new(WorkspaceConfig { roots: vec![root.to_path_buf()], ..Default::default() });
    breaking::check_workspaces(&ws(old), &ws(new), opts)
}

fn summary(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("{} {} {}\n", d.severity.as_str(), d.code, d.message)).collect()
}

#[test]
fn wasi_0_2_12_is_compatible_with_0_2_0() {
    let temp = tempfile::tempdir().unwrap();
    let old = copy_release("0.2.0", temp.path());
    let new = copy_release("0.2.12", temp.path());
    let diagnostics = check(&old, &new, &Options::default());
    let breaking: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity <= Severity::Info).collect();
    assert!(breaking.is_empty(), "{}", summary(&diagnostics));
    // The compatible additions are seen, and all carry `@since`.
    let verbose = summary(&check(&old, &new, &Options { verbose: true, ..Default::default() }));
    assert!(verbose.contains("func-added function `exit-with-code` was added to `wasi:cli/exit`"), "{verbose}");
    assert!(verbose.contains("world-added world `wasi:http/imports` was added"), "{verbose}");
    assert!(!verbose.contains("missing-since"), "{verbose}");

    // Not vacuous: a break slipped into the new layout is found, paired
    // with the package of the old layout.
    let wall_clock = new.join("proposals/clocks/wit/wall-clock.wit");
    let text = std::fs::read_to_string(&wall_clock).unwrap();
    std::fs::write(&wall_clock, text.replace("nanoseconds: u32,", "")).unwrap();
    let broken = check(&old, &new, &Options::default());
    assert!(
        broken.iter().any(|d| d.severity == Severity::Error
            && d.code == "wit::breaking::field-removed"
            && d.message.contains("wasi:clocks@0.2.0 → 0.2.12")),
        "{}",
        summary(&broken)
    );
}

#[test]
fn wasi_0_3_0_breaks_0_2_12_within_a_breaking_bump() {
    let temp = tempfile::tempdir().unwrap();
    let old = copy_release("0.2.12", temp.path());
    let new = copy_release("0.3.0", temp.path());
    let diagnostics = check(&old, &new, &Options::default());
    let text = summary(&diagnostics);
    println!("{text}");
    assert!(!diagnostics.iter().any(|d| d.severity == Severity::Error), "{text}");
    let removed: Vec<&str> =
        diagnostics.iter().filter(|d| d.code == "wit::breaking::package-removed").map(|d| d.message.as_str()).collect();
    assert_eq!(removed.len(), 1, "{text}");
    assert!(removed[0].contains("wasi:io@0.2.12"), "{text}");
    assert!(
        diagnostics.iter().any(|d| d.severity == Severity::Info && d.message.contains("wasi:http@0.2.12 → 0.3.0")),
        "{text}"
    );

    let denied = check(&old, &new, &Options { deny_breaking: true, ..Default::default() });
    let errors = denied.iter().filter(|d| d.severity == Severity::Error).count();
    assert!(errors > 0);
    // Only removals of `@deprecated` items stay info: the deprecation was
    // their notice.
    let infos: Vec<&Diagnostic> = denied.iter().filter(|d| d.severity == Severity::Info).collect();
    assert!(infos.iter().all(|d| d.message.contains("deprecated")), "{}", summary(&denied));
    assert!(denied.iter().any(|d| d.severity == Severity::Error && d.code == "wit::breaking::package-removed"));
}
