//! Bad input: every case gets a diagnostic naming the file, nothing panics,
//! and the other packages are still checked.

use std::sync::Arc;

use expect_test::expect;

use super::Fixture;
use crate::{Workspace, WorkspaceConfig, diagnostic::codes};

/// A workspace with one good package (`good/`) and one broken package
/// (`bad/`) whose first file is replaced with `bytes`.
fn with_bad_file(bytes: &[u8]) -> (Fixture, crate::CheckResult) {
    let fixture = Fixture::on_disk(
        r#"
//- good/g.wit
package demo:good;
interface i { type t = strnig; }
//                     ^^^^^^ wit::name-not-found
//- bad/b.wit
package demo:bad;
"#,
    );
    std::fs::write(fixture.root().join("bad/b.wit"), bytes).unwrap();
    let result = fixture.workspace().check();
    (fixture, result)
}

fn summary(fixture: &Fixture, result: &crate::CheckResult) -> String {
    result
        .diagnostics
        .iter()
        .map(|d| format!("{} {}: {}\n", fixture.relative(&d.path), d.code, d.message))
        .collect()
}

#[test]
fn a_non_utf8_file() {
    let (fixture, result) = with_bad_file(b"package demo:bad;\ninterface \xff {}\n");
    expect![[r#"
        bad/b.wit wit::invalid-file: file is not valid UTF-8 (line 2, column 11); WIT files must be UTF-8 text
        good/g.wit wit::name-not-found: type `strnig` does not exist
    "#]]
    .assert_eq(&summary(&fixture, &result));
}

#[test]
fn a_file_with_a_nul_byte() {
    let (fixture, result) = with_bad_file(b"package demo:bad;\0\n");
    expect![[r#"
        bad/b.wit wit::invalid-file: file contains a NUL byte (line 1, column 18); WIT files must be text
        good/g.wit wit::name-not-found: type `strnig` does not exist
    "#]]
    .assert_eq(&summary(&fixture, &result));
}

#[test]
fn the_siblings_of_an_unreadable_file_still_get_their_syntax_errors() {
    let fixture = Fixture::on_disk(
        "//- p/c.wit\npackage a:b;\ninterface i {\n  f: func(x: ) -> ;\n}\n//- p/b.wit\npackage a:b;\n",
    );
    std::fs::write(fixture.root().join("p/b.wit"), b"package a:b;\n\xff\n").unwrap();
    let result = fixture.workspace().check();
    let shown = summary(&fixture, &result);
    assert!(shown.contains("p/b.wit wit::invalid-file"), "{shown}");
    assert_eq!(shown.matches("p/c.wit wit::syntax").count(), 2, "{shown}");
}

#[test]
fn a_ten_megabyte_file() {
    let mut big = b"package demo:bad;\n".to_vec();
    big.resize(10 * 1024 * 1024, b'/');
    let (fixture, result) = with_bad_file(&big);
    expect![[r#"
        bad/b.wit wit::invalid-file: file is too large to analyse (10.0 MiB; the limit is 8 MiB)
        good/g.wit wit::name-not-found: type `strnig` does not exist
    "#]]
    .assert_eq(&summary(&fixture, &result));
}

#[test]
fn a_file_that_says_it_is_empty_and_never_ends_is_read_only_up_to_the_limit() {
    // `/proc/self/pagemap` reports size 0 and reads on for gigabytes.
    let fixture = Fixture::on_disk("//- good/g.wit\npackage demo:good;\ninterface i {}\n");
    std::fs::create_dir(fixture.root().join("bad")).unwrap();
    std::os::unix::fs::symlink("/proc/self/pagemap", fixture.root().join("bad/b.wit")).unwrap();
    let start = std::time::Instant::now();
    let result = fixture.workspace().check();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    let shown = summary(&fixture, &result);
    assert!(
        shown.contains("bad/b.wit wit::invalid-file: file is too large to analyse"),
        "{shown}"
    );
}

#[test]
fn a_fifo_named_wit_does_not_block() {
    let fixture = Fixture::on_disk("//- good/g.wit\npackage demo:good;\ninterface i {}\n");
    std::fs::create_dir(fixture.root().join("bad")).unwrap();
    let fifo = std::ffi::CString::new(fixture.root().join("bad/b.wit").to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo has no other preconditions.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let result = fixture.workspace().check();
    let shown = summary(&fixture, &result);
    assert!(
        shown.contains("bad/b.wit") && shown.contains("not a regular file"),
        "{shown}"
    );
}

#[test]
fn an_editor_buffer_over_the_limit_is_refused_like_the_file() {
    let (fixture, _) = with_bad_file(b"package demo:bad;\n");
    let mut workspace = fixture.workspace();
    let path = fixture.root().join("bad/b.wit");
    let mut big = String::from("package demo:bad;\n");
    big.push_str(&"/".repeat(9 * 1024 * 1024));
    workspace.set_overlay(&path, Some(big.into()));
    expect![[r#"
        bad/b.wit wit::invalid-file: file is too large to analyse (9.0 MiB; the limit is 8 MiB)
    "#]]
    .assert_eq(&summary(&fixture, &workspace.check_affected(&path)));
}

#[test]
fn a_root_that_does_not_exist_and_one_without_wit() {
    let fixture = Fixture::on_disk("//- empty/readme.txt\nnot WIT\n");
    let roots = vec![fixture.root().join("missing"), fixture.root().join("empty")];
    let result = Workspace::new(WorkspaceConfig {
        roots,
        ..Default::default()
    })
    .check();
    expect![[r#"
        empty wit::no-wit-files: no `.wit` files found here (dependencies in `deps/`, hidden, ignored, `target/` and `node_modules/` folders are skipped)
        missing wit::io: no such file or directory
    "#]]
    .assert_eq(&summary(&fixture, &result));
}

#[test]
fn discovery_skips_deps_build_outputs_hidden_and_ignored_folders() {
    let fixture = Fixture::on_disk(
        r#"
//- wit/p.wit
package demo:p;
//- target/out/x.wit
package junk:target;
//- node_modules/m/x.wit
package junk:node;
//- .hidden/x.wit
package junk:hidden;
//- generated/x.wit
package junk:ignored;
//- .gitignore
generated/
//- wit/deps/d/x.wit
package junk:dep;
"#,
    );
    let names: Vec<_> = fixture
        .workspace()
        .packages()
        .into_iter()
        .map(|p| p.name.unwrap())
        .collect();
    assert_eq!(names, ["demo:p"]);
}

#[cfg(unix)]
#[test]
fn links_that_leave_the_workspace_are_not_followed() {
    let fixture = Fixture::on_disk(
        "//- wit/p.wit\npackage demo:p;\ninterface i { type t = u8; }\n//- shared/s.wit\npackage demo:s;\ninterface j {}\n",
    );
    std::os::unix::fs::symlink("/", fixture.root().join("wit/machine")).unwrap();
    std::os::unix::fs::symlink("/sys", fixture.root().join("sys")).unwrap();
    // A link that stays inside is followed as before.
    std::os::unix::fs::symlink(
        fixture.root().join("shared"),
        fixture.root().join("wit/also-shared"),
    )
    .unwrap();
    let start = std::time::Instant::now();
    let result = fixture.workspace().check();
    assert!(
        start.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    let mut warnings: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", fixture.relative(&d.path), d.message))
        .collect();
    warnings.sort();
    // The inner link finds `shared` a second time, which the duplicate
    // warning names.
    assert_eq!(
        warnings,
        [
            "sys: this link leads out of the workspace, to `/sys`; skipped",
            "wit/also-shared/s.wit: package `demo:s` is defined twice in the workspace; references from other packages resolve to the first definition",
            "wit/machine: this link leads out of the workspace, to `/`; skipped",
        ]
    );
}

#[test]
fn a_symlink_loop_is_a_warning_and_the_rest_is_checked() {
    let fixture =
        Fixture::on_disk("//- wit/p.wit\npackage demo:p;\ninterface i { type t = u8; }\n");
    std::os::unix::fs::symlink(fixture.root().join("wit"), fixture.root().join("wit/loop"))
        .unwrap();
    let result = fixture.workspace().check();
    assert_eq!(result.packages.len(), 1);
    let [loop_warning] = &result.diagnostics[..] else {
        panic!("{:?}", result.diagnostics)
    };
    assert_eq!(loop_warning.code, codes::IO);
    assert!(
        loop_warning.message.starts_with("symbolic link loop"),
        "{}",
        loop_warning.message
    );
    assert_eq!(fixture.relative(&loop_warning.path), "wit/loop");
}

#[cfg(unix)]
#[test]
fn only_a_dangling_link_that_could_be_wit_is_worth_a_warning() {
    let fixture =
        Fixture::on_disk("//- wit/p.wit\npackage demo:p;\ninterface i { type t = u8; }\n");
    let nowhere = fixture.root().join("nowhere");
    for name in ["wit/src.zip", "wit/gone.wit"] {
        std::os::unix::fs::symlink(&nowhere, fixture.root().join(name)).unwrap();
    }
    let result = fixture.workspace().check();
    assert_eq!(result.packages.len(), 1);
    expect![[r#"
        wit/gone.wit wit::io: does not exist (a symbolic link to nothing?); skipped
    "#]]
    .assert_eq(&summary(&fixture, &result));
}

#[test]
fn a_single_file_root_is_a_whole_package() {
    let fixture =
        Fixture::on_disk("//- a/one.wit\npackage demo:one;\n//- a/two.wit\npackage demo:two;\n");
    let roots = vec![fixture.root().join("a/one.wit")];
    let result = Workspace::new(WorkspaceConfig {
        roots,
        ..Default::default()
    })
    .check();
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    assert_eq!(result.packages.len(), 1);
    assert_eq!(result.packages[0].name.as_deref(), Some("demo:one"));
}

#[test]
fn overlays_replace_the_disk_and_check_affected_limits_the_work() {
    let fixture = Fixture::on_disk(
        r#"
//- lib/lib.wit
package demo:lib;
interface types { type id = u64; }
//- app/app.wit
package demo:app;
interface i { use demo:lib/types.{id}; }
//- other/other.wit
package demo:other;
interface o { type t = u8; }
"#,
    );
    let mut workspace = fixture.workspace();
    let lib = fixture.root().join("lib/lib.wit");
    workspace.set_overlay(
        &lib,
        Some(Arc::from(
            "package demo:lib;\ninterface types { type id = u6; }\n",
        )),
    );

    let affected = workspace.check_affected(&lib);
    let mut names: Vec<_> = affected
        .packages
        .iter()
        .map(|p| p.name.clone().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["demo:app", "demo:lib"]);
    let codes: Vec<_> = affected.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::DEPENDENCY_HAS_ERRORS, codes::NAME_NOT_FOUND]);

    assert_eq!(
        workspace.package_of(&lib).unwrap().name.as_deref(),
        Some("demo:lib")
    );
    workspace.set_overlay(&lib, None);
    assert!(workspace.check().diagnostics.is_empty());
}

#[test]
fn a_file_created_on_disk_joins_after_file_changed() {
    let fixture = Fixture::on_disk("//- a/a.wit\npackage demo:a;\n");
    let mut workspace = fixture.workspace();
    let new_file = fixture.root().join("b/b.wit");
    std::fs::create_dir_all(new_file.parent().unwrap()).unwrap();
    std::fs::write(
        &new_file,
        "package demo:b;\ninterface i { type t = nope; }\n",
    )
    .unwrap();
    workspace.file_changed(&new_file);
    let result = workspace.check();
    assert_eq!(result.packages.len(), 2);
    assert_eq!(result.diagnostics.len(), 1);
}

#[test]
fn an_edit_that_breaks_a_reference_still_rechecks_the_referrer() {
    let fixture = Fixture::on_disk(
        r#"
//- lib/lib.wit
package demo:lib;
interface types { type id = u64; }
//- app/app.wit
package demo:app;
interface i { use demo:lib/types.{id}; }
//- other/other.wit
package demo:other;
"#,
    );
    let mut workspace = fixture.workspace();
    assert!(workspace.check().diagnostics.is_empty());
    let lib = fixture.root().join("lib/lib.wit");
    let renamed = "package demo:renamed;\ninterface types { type id = u64; }\n";
    workspace.set_overlay(&lib, Some(Arc::from(renamed)));

    let affected = workspace.check_affected(&lib);
    let mut names: Vec<_> = affected
        .packages
        .iter()
        .map(|p| p.name.clone().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["demo:app", "demo:renamed"]);
    let codes: Vec<_> = affected.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::PACKAGE_NOT_FOUND]);
}

#[test]
fn an_edit_that_moves_a_reference_elsewhere_still_rechecks_the_referrer() {
    // `app` resolves `demo:lib` to `lib/`; once `lib/` is renamed it
    // resolves to `lib-copy/` instead, which the edit did not touch.
    let fixture = Fixture::on_disk(
        r#"
//- lib/lib.wit
package demo:lib;
interface types { type id = u64; }
//- lib-copy/lib.wit
package demo:lib;
interface types { type id = u64; }
//- app/app.wit
package demo:app;
interface i { use demo:lib/types.{id}; }
"#,
    );
    let mut workspace = fixture.workspace();
    workspace.check();
    let lib = fixture.root().join("lib/lib.wit");
    workspace.set_overlay(&lib, Some(Arc::from("package demo:renamed;\n")));

    let affected = workspace.check_affected(&lib);
    let mut names: Vec<_> = affected
        .packages
        .iter()
        .map(|p| p.name.clone().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["demo:app", "demo:renamed"]);
}
