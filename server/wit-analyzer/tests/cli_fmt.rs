//! `wit-analyzer fmt`, run as a user would run it.

mod common;

use std::{fs, path::Path};

use common::{assert_stderr_contains, fmt, stderr, stdout};

const UGLY: &str = "package a:b;\ninterface i{f:func(a:u32)->string;}\n";
const PRETTY: &str = "package a:b;\n\ninterface i {\n  f: func(a: u32) -> string;\n}\n";
const BROKEN: &str = "package a:b;\ninterface i {\n  f: func()\n}\n";

#[test]
fn rewrites_files_in_place_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ugly.wit"), UGLY).unwrap();
    fs::write(dir.path().join("pretty.wit"), PRETTY).unwrap();
    let output = fmt(dir.path(), &["ugly.wit", "pretty.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("ugly.wit")).unwrap(),
        PRETTY
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("pretty.wit")).unwrap(),
        PRETTY
    );
    assert_stderr_contains(&output, "reformatted 1 of 2 file(s)");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 2, "a temporary file was left behind");
}

#[test]
fn check_lists_files_that_would_change_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("wit")).unwrap();
    fs::write(dir.path().join("wit/ugly.wit"), UGLY).unwrap();
    fs::write(dir.path().join("wit/pretty.wit"), PRETTY).unwrap();
    let output = fmt(dir.path(), &["--check", "wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output).trim(),
        Path::new("wit").join("ugly.wit").display().to_string()
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("wit/ugly.wit")).unwrap(),
        UGLY
    );

    fs::write(dir.path().join("wit/ugly.wit"), PRETTY).unwrap();
    let output = fmt(dir.path(), &["--check", "wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn directories_skip_what_check_skips_but_named_files_are_formatted() {
    let dir = tempfile::tempdir().unwrap();
    for sub in [
        ".git",
        "target",
        "node_modules",
        "wit/deps/vendored",
        "generated",
        "wit",
    ] {
        fs::create_dir_all(dir.path().join(sub)).unwrap();
        fs::write(dir.path().join(sub).join("x.wit"), UGLY).unwrap();
    }
    fs::write(dir.path().join(".gitignore"), "generated/\n").unwrap();
    fs::write(dir.path().join("notes.txt"), UGLY).unwrap();
    let output = fmt(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("wit/x.wit")).unwrap(),
        PRETTY
    );
    let untouched = [
        ".git/x.wit",
        "target/x.wit",
        "node_modules/x.wit",
        "wit/deps/vendored/x.wit",
        "generated/x.wit",
        "notes.txt",
    ];
    for path in untouched {
        assert_eq!(
            fs::read_to_string(dir.path().join(path)).unwrap(),
            UGLY,
            "{path} was touched"
        );
    }

    // Vendored WIT is someone else's, but naming it says otherwise.
    let output = fmt(dir.path(), &["wit/deps/vendored/x.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("wit/deps/vendored/x.wit")).unwrap(),
        PRETTY
    );
}

#[test]
fn files_with_syntax_errors_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("broken.wit"), BROKEN).unwrap();
    fs::write(dir.path().join("ugly.wit"), UGLY).unwrap();
    let output = fmt(dir.path(), &["broken.wit", "ugly.wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_contains(
        &output,
        "broken.wit:3:12: expected `;`, but the line ends here",
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("broken.wit")).unwrap(),
        BROKEN
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("ugly.wit")).unwrap(),
        PRETTY,
        "good files are still formatted"
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = fmt(dir.path(), &["nope.wit"]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_contains(&output, "nope.wit: no such file or directory");
}

#[test]
fn line_ends_and_a_byte_order_mark_stay_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("crlf.wit"), UGLY.replace('\n', "\r\n")).unwrap();
    fs::write(dir.path().join("bom.wit"), format!("\u{feff}{UGLY}")).unwrap();
    let output = fmt(dir.path(), &["crlf.wit", "bom.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("crlf.wit")).unwrap(),
        PRETTY.replace('\n', "\r\n")
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("bom.wit")).unwrap(),
        format!("\u{feff}{PRETTY}")
    );
    // Formatted already: nothing to do the second time.
    let output = fmt(dir.path(), &["--check", "crlf.wit", "bom.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn hard_links_stay_one_file_and_mode_and_owner_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.wit");
    fs::write(&file, UGLY).unwrap();
    fs::hard_link(&file, dir.path().join("b.wit")).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        std::os::unix::fs::chown(&file, Some(1), Some(1)).unwrap();
    }
    let inode = fs::metadata(&file).unwrap().ino();
    let output = fmt(dir.path(), &["a.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let meta = fs::metadata(&file).unwrap();
    assert_eq!(meta.ino(), inode, "rewritten in place");
    assert_eq!(
        fs::read_to_string(dir.path().join("b.wit")).unwrap(),
        PRETTY
    );
    assert_eq!(meta.mode() & 0o777, 0o640);

    let single = dir.path().join("single.wit");
    fs::write(&single, UGLY).unwrap();
    fs::set_permissions(&single, fs::Permissions::from_mode(0o604)).unwrap();
    if root {
        std::os::unix::fs::chown(&single, Some(1), Some(1)).unwrap();
    }
    let output = fmt(dir.path(), &["single.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let meta = fs::metadata(&single).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o604);
    if root {
        assert_eq!((meta.uid(), meta.gid()), (1, 1), "the owner is kept");
    }
}

#[test]
fn a_read_only_file_needs_force() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.wit");
    fs::write(&file, UGLY).unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let output = fmt(dir.path(), &["a.wit"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_contains(
        &output,
        "a.wit: read-only; not formatted (pass --force to format it anyway)",
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), UGLY);

    let output = fmt(dir.path(), &["--force", "a.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(fs::read_to_string(&file).unwrap(), PRETTY);
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn ctrl_c_stops_between_files_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3000 {
        fs::write(dir.path().join(format!("f{i:04}.wit")), UGLY).unwrap();
    }
    let child = common::command()
        .arg("fmt")
        .arg(".")
        .current_dir(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    // SAFETY: the child's pid is valid until it is waited for.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let output = child.wait_with_output().unwrap();
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.ends_with(".wit"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    match output.status.code() {
        Some(130) => assert_stderr_contains(&output, "interrupted: reformatted"),
        // It finished first: nothing to interrupt.
        Some(0) => {}
        other => panic!("exit {other:?}: {}", stderr(&output)),
    }
    // Each file is whole: formatted or as it was.
    for entry in fs::read_dir(dir.path()).unwrap().flatten() {
        let text = fs::read_to_string(entry.path()).unwrap();
        assert!(
            text == UGLY || text == PRETTY,
            "{}: {text:?}",
            entry.path().display()
        );
    }
}

#[test]
fn indentation_comes_from_the_flag_then_editorconfig_then_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let streams = test_support::wasi_corpus().join("0.2.12/proposals/io/wit/streams.wit");
    let wasi = fs::read_to_string(&streams).unwrap();
    fs::write(dir.path().join("streams.wit"), &wasi).unwrap();
    // WASI's own 4 spaces are kept: only a blank line and 7 trailing commas change.
    let output = fmt(dir.path(), &["streams.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let kept = fs::read_to_string(dir.path().join("streams.wit")).unwrap();
    assert!(
        kept.contains("\n    resource input-stream {\n        /// Perform"),
        "{kept}"
    );
    assert_eq!(wasi.lines().count() - kept.lines().count(), 1);

    fs::write(dir.path().join("ugly.wit"), UGLY).unwrap();
    fs::write(
        dir.path().join(".editorconfig"),
        "root = true\n\n[*.wit]\nindent_style = tab\n",
    )
    .unwrap();
    let output = fmt(dir.path(), &["ugly.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("ugly.wit")).unwrap(),
        PRETTY.replace("  ", "\t")
    );
    // The flag wins over `.editorconfig`.
    let output = fmt(dir.path(), &["--indent", "3", "ugly.wit"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(dir.path().join("ugly.wit")).unwrap(),
        PRETTY.replace("  ", "   ")
    );
    let output = fmt(dir.path(), &["--indent", "wide", "ugly.wit"]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_contains(&output, "`wide` is not an indentation");
}
