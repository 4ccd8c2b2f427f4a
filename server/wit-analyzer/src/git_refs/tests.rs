//! A git ref as the baseline: read with `git archive`, never through the
//! working tree or the index.

use std::{path::Path, process::Command, sync::Arc};

use analysis::{
    Workspace, WorkspaceConfig,
    breaking::{self, Baseline, Options},
    file_system::OsFileSystem,
};

use super::GitArchive;

fn open(spec: &str, cwd: &Path) -> Result<Baseline, String> {
    Baseline::open(spec, cwd, Arc::new(OsFileSystem), &GitArchive)
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const V1: &str = "package demo:git@1.0.0;\n\ninterface api {\n    record item {\n        id: u32,\n        name: string,\n    }\n    get: func() -> item;\n}\n";

#[test]
fn head_as_baseline_finds_the_uncommitted_break() {
    let repo = tempfile::tempdir().unwrap();
    let wit = repo.path().join("wit");
    std::fs::create_dir(&wit).unwrap();
    std::fs::write(wit.join("api.wit"), V1).unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "v1"]);
    let edited = V1
        .replace("1.0.0", "1.0.1")
        .replace("        name: string,\n", "");
    std::fs::write(wit.join("api.wit"), &edited).unwrap();
    let status_before = git(repo.path(), &["status", "--porcelain"]);

    let baseline = open("HEAD", &wit).expect("HEAD is a ref");
    let roots = baseline.roots_for(std::slice::from_ref(&wit));
    let old = Workspace::new(WorkspaceConfig {
        roots,
        ..Default::default()
    });
    let new = Workspace::new(WorkspaceConfig {
        roots: vec![wit.clone()],
        ..Default::default()
    });
    let diagnostics = breaking::check_workspaces(&old, &new, &Options::default());

    let removed = diagnostics
        .iter()
        .find(|d| d.code == "wit::breaking::field-removed")
        .expect("field-removed");
    assert!(
        removed.message.contains("demo:git@1.0.0 → 1.0.1"),
        "{}",
        removed.message
    );
    let old_place = baseline.display_path(&removed.related[0].path);
    assert_eq!(old_place, Path::new("HEAD:wit/api.wit"));
    // The working tree and the index are as they were.
    assert_eq!(
        std::fs::read_to_string(wit.join("api.wit")).unwrap(),
        edited
    );
    assert_eq!(git(repo.path(), &["status", "--porcelain"]), status_before);
}

#[test]
fn an_unknown_ref_is_a_clear_error() {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    let err = open("v9.9.9", repo.path()).err().expect("no such ref");
    assert!(
        err.contains("`v9.9.9` is neither a directory nor a git ref"),
        "{err}"
    );
    // Never read by git as one of its options.
    let err = open("--output=stolen.tar", repo.path())
        .err()
        .expect("not a ref");
    assert!(err.contains("neither a directory nor a git ref"), "{err}");
    assert!(!repo.path().join("stolen.tar").exists());
}

#[test]
fn outside_a_repository_a_missing_directory_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = open("no-such-dir", dir.path()).err().expect("not found");
    assert!(
        err.contains("baseline `no-such-dir` is not a directory, and not a git ref either"),
        "{err}"
    );
}

#[test]
fn a_live_baseline_follows_unsaved_edits() {
    let repo = tempfile::tempdir().unwrap();
    let file = repo.path().join("api.wit");
    std::fs::write(&file, V1).unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "v1"]);

    let roots = vec![repo.path().to_path_buf()];
    let live = breaking::LiveBaseline::open(
        "HEAD",
        repo.path(),
        &roots,
        Options::default(),
        Arc::new(OsFileSystem),
        &GitArchive,
    )
    .unwrap();
    let mut current = Workspace::new(WorkspaceConfig {
        roots,
        ..Default::default()
    });
    assert_eq!(live.diagnostics(&current), []);

    // As typed in an editor, not saved.
    current.set_overlay(&file, Some(V1.replace("id: u32", "id: u64").into()));
    let found = live.diagnostics(&current);
    let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "wit::breaking::field-type-changed",
            "wit::breaking::version-bump-needed"
        ]
    );
    // The old location is a real file of the export, for the editor to open.
    let old = &found[0].related[0];
    assert!(std::fs::read_to_string(&old.path).unwrap()[old.range.clone()].starts_with("id"));

    current.set_overlay(&file, None);
    assert_eq!(live.diagnostics(&current), []);
}
