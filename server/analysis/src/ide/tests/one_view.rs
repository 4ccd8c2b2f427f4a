//! The check and the IDE features read one model of the workspace: each
//! case here is a place where they once disagreed (a file the check saw and
//! the IDE did not, a dependency one resolved and the other did not).

use std::sync::Arc;

use expect_test::{Expect, expect};

use super::Fixture;
use crate::{Severity, ide::Analysis, workspace::Workspace};

/// The fixture's workspace, kept so that a test can edit it.
fn workspace(fixture: &Fixture) -> Workspace {
    fixture.workspace()
}

/// Where go to definition at the byte before `marker` in `file` lands.
fn definition_before(fixture: &Fixture, file: &str, marker: &str) -> String {
    let (path, offset) = at(fixture, file, marker);
    match fixture.analysis.goto_definition(&path, offset) {
        Some(target) => fixture.show(&target.path, target.name_range),
        None => "none".to_string(),
    }
}

fn hover_before(fixture: &Fixture, file: &str, marker: &str) -> String {
    let (path, offset) = at(fixture, file, marker);
    match fixture.analysis.hover(&path, offset) {
        Some(hover) => hover.markdown,
        None => "none".to_string(),
    }
}

/// The offset of the last character before `marker` in `file`: the end of
/// the name it follows.
fn at(fixture: &Fixture, file: &str, marker: &str) -> (std::path::PathBuf, usize) {
    let path = fixture.root.join(file);
    let text = fixture.analysis.text(&path).expect("file in the analysis");
    let offset = text
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} in {file}"));
    (path, offset - 1)
}

fn errors(workspace: &Workspace, analysis: &Analysis) -> Vec<String> {
    let mut result = workspace.check();
    analysis.add_resolver_diagnostics(&mut result);
    (result.diagnostics.iter())
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

#[test]
fn a_buffer_only_in_the_editor_is_part_of_its_package() {
    let mut fixture =
        Fixture::new("//- a/types.wit\npackage demo:a;\ninterface types {\n  type id = u32;\n}\n");
    let mut workspace = workspace(&fixture);
    let new_file = fixture.root.join("a/more.wit");
    let text = "package demo:a;\ninterface more {\n  use types.{id};\n  type key = id;\n}\n";
    workspace.set_overlay(&new_file, Some(Arc::from(text)));
    fixture.analysis.update(&workspace);
    assert!(
        workspace.check().diagnostics.is_empty(),
        "the check takes the buffer in"
    );
    expect!["a/types.wit:3:8 `id`"].assert_eq(&definition_before(&fixture, "a/more.wit", "};"));
    expect!["a/types.wit:3:8 `id`"].assert_eq(&definition_before(&fixture, "a/more.wit", ";\n}"));
    // A keystroke in it is taken in place, not by a rebuild of the index.
    let typed = text.replace("key", "keys");
    assert!(
        fixture.analysis.update_file(&new_file, Arc::from(typed)),
        "a known file takes its new text without a rebuild"
    );
}

#[test]
fn a_dependency_of_a_dependency_is_navigable_from_the_dependency() {
    let fixture = Fixture::new(
        "//- app/wit/app.wit
package demo:app;
interface api {
  use demo:b/bees.{bee};
  type mine = bee;
}
//- app/wit/deps/b/b.wit
package demo:b;
interface bees {
  use demo:c/cees.{cee};
  type bee = cee;
}
//- app/wit/deps/c/c.wit
package demo:c;
interface cees {
  type cee = u8;
}
",
    );
    assert!(workspace(&fixture).check().diagnostics.is_empty());
    expect!["app/wit/deps/c/c.wit:3:8 `cee`"].assert_eq(&definition_before(
        &fixture,
        "app/wit/deps/b/b.wit",
        ";\n}",
    ));
    let hover = hover_before(&fixture, "app/wit/deps/b/b.wit", ";\n}");
    assert!(hover.contains("type cee = u8"), "{hover}");
}

#[test]
fn two_copies_of_one_dependency_each_serve_their_own_dependent() {
    let dependent = |n: u8| {
        format!("package demo:p{n};\ninterface i {{\n  use x:d/t@1.0.0.{{a}};\n  type z = a;\n}}\n")
    };
    let fixture = Fixture::new(&format!(
        "//- p1/wit/p.wit\n{}//- p1/wit/deps/d/d.wit\npackage x:d@1.0.0;\ninterface t {{\n  type a = u8;\n}}\n//- p2/wit/p.wit\n{}//- p2/wit/deps/d/d.wit\npackage x:d@1.0.0;\n\ninterface t {{\n  type a = u16;\n}}\n",
        dependent(1),
        dependent(2),
    ));
    expect!["p1/wit/deps/d/d.wit:3:8 `a`"].assert_eq(&definition_before(
        &fixture,
        "p1/wit/p.wit",
        ";\n}",
    ));
    expect!["p2/wit/deps/d/d.wit:4:8 `a`"].assert_eq(&definition_before(
        &fixture,
        "p2/wit/p.wit",
        ";\n}",
    ));
    let hover = hover_before(&fixture, "p1/wit/p.wit", ";\n}");
    assert!(hover.contains("type a = u8"), "{hover}");
}

#[test]
fn a_semver_compatible_dependency_keeps_the_abi_facts() {
    let fixture = Fixture::new(
        "//- app/wit/app.wit
package demo:app;
interface api {
  use x:b/i@1.0.0.{pair};
  record wrapped { inner: pair, tag: u8 }
}
//- app/wit/deps/b/b.wit
package x:b@1.1.0;
interface i {
  record pair { a: u8, b: u64 }
}
",
    );
    assert!(workspace(&fixture).check().diagnostics.is_empty());
    let hover = hover_before(&fixture, "app/wit/app.wit", " { inner");
    let abi: Vec<&str> = hover
        .lines()
        .filter(|l| l.starts_with("Canonical ABI"))
        .collect();
    expect![[r#"
        [
            "Canonical ABI (wasm32): size 24 bytes, alignment 8",
        ]
    "#]]
    .assert_debug_eq(&abi);
}

#[test]
fn a_missing_package_does_not_move_another_reference_to_an_incompatible_version() {
    let world = "package demo:app;
world app {
  import wasi:clocks/wall-clock@0.2.0;
  import demo:missing/thing@1.0.0;
}
";
    let clocks = "//- clocks-0.2.2/clocks.wit
package wasi:clocks@0.2.2;
interface wall-clock {
  now: func() -> u64;
}
//- clocks-0.3.0/clocks.wit
package wasi:clocks@0.3.0;
interface monotonic-clock {
  now: func() -> u64;
}
";
    let errors_of = |fixture: &str, expected: Expect| {
        let fixture = Fixture::new(fixture);
        expected.assert_debug_eq(&errors(&workspace(&fixture), &fixture.analysis));
    };
    errors_of(
        &format!("//- app/app.wit\n{world}{clocks}"),
        expect![[r#"
            [
                "wit::package-not-found: package `demo:missing@1.0.0` not found: no `deps/` folder, no `deps.toml`, no package of that name in the workspace; run `wkg wit fetch` or add its path to `deps.toml`",
            ]
        "#]],
    );
}

#[test]
fn hover_reads_the_checks_resolve_while_it_is_of_the_text_shown() {
    let text = "package demo:app;\ninterface api {\n  record pair { a: u8, b: u8 }\n}\n";
    let fixture = Fixture::new(&format!("//- app/app.wit\n{text}"));
    let mut workspace = workspace(&fixture);
    assert!(workspace.check().diagnostics.is_empty());
    let mut analysis = Analysis::default();
    analysis.update(&workspace);
    let path = fixture.root.join("app/app.wit");
    let abi_at = |analysis: &Analysis| {
        let offset = analysis.text(&path).unwrap().find("pair").unwrap() + 1;
        let hover = analysis.hover(&path, offset).expect("hover").markdown;
        hover
            .lines()
            .find(|l| l.starts_with("Canonical ABI"))
            .unwrap_or("no ABI line")
            .to_string()
    };
    expect!["Canonical ABI (wasm32): size 2 bytes, alignment 1"].assert_eq(&abi_at(&analysis));
    assert!(
        !analysis.resolved_for_hover(),
        "the check's resolve served the hover"
    );
    // Typed but not checked yet: the check's resolve is of other text.
    let typed: Arc<str> = Arc::from(text.replace("b: u8", "b: u64"));
    workspace.set_overlay(&path, Some(typed.clone()));
    assert!(analysis.update_file(&path, typed));
    analysis.take_checked(&workspace);
    expect!["Canonical ABI (wasm32): size 16 bytes, alignment 8"].assert_eq(&abi_at(&analysis));
    assert!(analysis.resolved_for_hover());
}

#[test]
fn a_half_typed_file_keeps_the_dependencies_of_its_package_in_view() {
    // demo:app reaches demo:io only through demo:http, as a WASI 0.2 world
    // reaches wasi:io through wasi:http; api.wit is being typed.
    let fixture = Fixture::new(concat!(
        "//- app/wit/deps/io/streams.wit\n",
        "package demo:io@0.2.0;\ninterface streams {\n  resource input-stream;\n}\n",
        "//- app/wit/deps/http/types.wit\n",
        "package demo:http@0.2.0;\ninterface types {\n  use demo:io/streams@0.2.0.{input-stream};\n}\n",
        "//- app/wit/world.wit\n",
        "package demo:app;\nworld w {\n  import demo:http/types@0.2.0;\n}\n",
        "//- app/wit/api.wit\n",
        "package demo:app;\ninterface api {\n  use demo:$0\n}\n",
    ));
    let (path, offset) = &fixture.cursor;
    let offered: Vec<String> = (fixture.analysis.completion(path, *offset).into_iter())
        .map(|item| item.label)
        .collect();
    assert!(
        offered.contains(&"demo:io".to_string()),
        "the packages of demo: while api.wit does not parse: {offered:?}"
    );
    // The line being typed is one syntax error, not also a missing package.
    let workspace = workspace(&fixture);
    expect![[r#"
        [
            "wit::syntax: expected a package name after `demo:`, but the line ends here",
        ]
    "#]]
    .assert_debug_eq(&errors(&workspace, &fixture.analysis));
}

/// An answer about a file reads its package and what that reaches, so an
/// edit elsewhere can wait; a file the view does not know may be anywhere.
#[test]
fn an_answer_reads_the_edits_of_what_its_package_reaches() {
    let fixture = Fixture::new(
        "//- lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n//- app/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n//- other/other.wit\npackage demo:other;\ninterface x {}\n",
    );
    let path = |name: &str| fixture.root.join(name);
    let (lib, app, other) = (
        path("lib/lib.wit"),
        path("app/app.wit"),
        path("other/other.wit"),
    );
    let new = path("app/new.wit");
    let edited = [lib.as_path(), app.as_path(), other.as_path(), new.as_path()];
    let read = |about: &std::path::Path| {
        fixture
            .analysis
            .edits_read_from(about, edited.iter().copied())
    };
    assert_eq!(read(&app), [lib.as_path(), app.as_path(), new.as_path()]);
    assert_eq!(read(&lib), [lib.as_path(), new.as_path()]);
    assert_eq!(read(&other), [other.as_path(), new.as_path()]);
    assert_eq!(read(&new), edited);
}
