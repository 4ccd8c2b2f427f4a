//! What the workspace caches of the disk, and what makes it look again:
//! only `file_changed`, only for the path it names.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use super::fixture::Fixture;
use crate::{
    diagnostic::codes,
    workspace::{CheckResult, Workspace, WorkspaceConfig},
};

const LIB: &str = "package demo:lib;\ninterface types { type id = u64; }\n";
/// `LIB` without the `id` that `APP_USING_LIB` uses.
const LIB_WITHOUT_ID: &str = "package demo:lib;\ninterface types { type other = u64; }\n";
/// `LIB` cut off inside its interface: a syntax error.
const BROKEN_LIB: &str = "package demo:lib;\ninterface types {\n";
const APP_USING_LIB: &str = "package demo:app;\ninterface i { use demo:lib/types.{id}; }\n";

fn names(workspace: &Workspace, path: &Path) -> Vec<String> {
    let mut names: Vec<String> = workspace
        .check_affected(path)
        .packages
        .iter()
        .filter_map(|p| p.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn a_file_added_to_a_package_counts_once_file_changed_says_so() {
    let fixture = Fixture::write(
        "//- a/a.wit\npackage demo:a;\ninterface i { use j.{thing}; }\n//- b/b.wit\npackage demo:b;\n",
    );
    let mut workspace = fixture.workspace();
    assert_eq!(workspace.check().diagnostics.len(), 1);

    let added = fixture.root().join("a/more.wit");
    fixture.write_file(&added, "interface j { type thing = u8; }\n");
    // The directory listing is cached: the disk is not asked again…
    assert_eq!(workspace.check().diagnostics.len(), 1);
    // …until the watcher reports the new file.
    workspace.file_changed(&added);
    assert_eq!(workspace.check().diagnostics, vec![]);
}

#[test]
fn a_deps_toml_created_then_edited_is_picked_up() {
    let fixture = Fixture::write(
        "//- app/wit/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n//- vendor/lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n",
    );
    let mut workspace = fixture.workspace_with(WorkspaceConfig {
        roots: vec![fixture.root().join("app")],
        ..Default::default()
    });
    let codes_of = |workspace: &Workspace, path| -> Vec<&str> {
        let affected = workspace.check_affected(path);
        affected.diagnostics.iter().map(|d| d.code).collect()
    };
    let app = fixture.root().join("app/wit/app.wit");
    assert_eq!(codes_of(&workspace, &app), [codes::PACKAGE_NOT_FOUND]);

    let manifest = fixture.root().join("app/wit/deps.toml");
    fixture.write_file(&manifest, "lib = \"../../nowhere\"\n");
    workspace.file_changed(&manifest);
    assert_eq!(
        codes_of(&workspace, &manifest),
        [codes::PACKAGE_NOT_FOUND, codes::DEPENDENCY_PATH_NOT_FOUND]
    );

    fixture.write_file(&manifest, "lib = \"../../vendor/lib\"\n");
    workspace.file_changed(&manifest);
    assert_eq!(codes_of(&workspace, &manifest), Vec::<&str>::new());
}

#[test]
fn an_overlay_edit_asks_the_disk_nothing() {
    let fixture = Fixture::write(
        "//- lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n//- app/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n//- other/wit/other.wit\npackage demo:other;\n//- other/wit/deps.toml\n",
    );
    let mut workspace = fixture.workspace();
    workspace.check();
    let before = workspace.disk.reads();

    let lib = fixture.root().join("lib/lib.wit");
    for width in ["u8", "u16", "u32"] {
        let text = format!("package demo:lib;\ninterface types {{ type id = {width}; }}\n");
        workspace.set_overlay(&lib, Some(Arc::from(text)));
        assert_eq!(names(&workspace, &lib), ["demo:app", "demo:lib"]);
        workspace.packages();
    }
    assert_eq!(workspace.disk.reads(), before);
}

#[test]
fn an_unresolved_reference_is_rechecked_only_when_its_name_may_appear() {
    let fixture = Fixture::write(
        "//- app/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n//- other/other.wit\npackage demo:other;\n",
    );
    let mut workspace = fixture.workspace();
    workspace.check();
    let other = fixture.root().join("other/other.wit");
    workspace.set_overlay(
        &other,
        Some(Arc::from("package demo:other;\ninterface x {}\n")),
    );
    assert_eq!(names(&workspace, &other), ["demo:other"]);

    // `other` becomes the `demo:lib` that `app` was missing.
    let affected = keystroke(&mut workspace, &other, LIB);
    assert_eq!(affected.packages.len(), 2);
    assert_eq!(affected.diagnostics, vec![]);
}

#[test]
fn deleting_a_package_rechecks_its_dependents() {
    let fixture = Fixture::write(
        "//- lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n//- app/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n",
    );
    let mut workspace = fixture.workspace();
    assert_eq!(workspace.check().diagnostics, vec![]);
    let lib = fixture.root().join("lib");
    fixture.remove(&lib);
    workspace.file_changed(&lib);
    let affected = workspace.check_affected(&lib);
    assert_eq!(
        affected
            .packages
            .iter()
            .filter_map(|p| p.name.as_deref())
            .collect::<Vec<_>>(),
        ["demo:app"]
    );
    let codes: Vec<_> = affected.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::PACKAGE_NOT_FOUND]);
}

/// The editor's text of `path` becomes `text`, as after a keystroke; returns
/// what the language server then checks.
fn keystroke(workspace: &mut Workspace, path: &Path, text: impl Into<Arc<str>>) -> CheckResult {
    workspace.set_overlay(path, Some(text.into()));
    workspace.check_affected(path)
}

fn builds(workspace: &Workspace) -> usize {
    workspace
        .persisted
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .builds()
}

#[test]
fn a_chain_of_packages_is_resolved_one_push_per_package() {
    let fixture = Fixture::write("");
    let root = fixture.root();
    let length = 60;
    for i in 0..length {
        let body = if i == 0 {
            "type t = u32;".to_string()
        } else {
            format!("use c:p{}/i.{{t as u}}; type t = u;", i - 1)
        };
        fixture.write_file(
            &root.join(format!("p{i}/p.wit")),
            format!("package c:p{i};\ninterface i {{ {body} }}\n"),
        );
    }
    let workspace = fixture.workspace_with(WorkspaceConfig {
        roots: vec![root.clone()],
        ..Default::default()
    });
    assert!(workspace.check().diagnostics.is_empty());
    let pushed = workspace
        .persisted
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .pushed();
    // Each package's whole closure would be 60 * 61 / 2 = 1,830.
    assert_eq!(pushed, length, "one push per package");

    // A broken link in the middle: the packages below still share one
    // `Resolve`; the broken one fails before resolving (its own name is not
    // found), and those above are not resolved at all.
    fixture.write_file(
        &root.join("p30/p.wit"),
        "package c:p30;\ninterface i { use c:p29/i.{t as u}; type t = nope; }\n",
    );
    let workspace = fixture.workspace_with(WorkspaceConfig {
        roots: vec![root],
        ..Default::default()
    });
    let result = workspace.check();
    assert!(
        result
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nope")),
        "{:?}",
        result.diagnostics
    );
    let pushed = workspace
        .persisted
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .pushed();
    assert_eq!(pushed, 30, "p0..p29 once each");
}

fn codes_of(result: &CheckResult) -> Vec<&'static str> {
    result.diagnostics.iter().map(|d| d.code).collect()
}

/// `demo:app` using a type of `demo:lib`, checked clean once, as an editor
/// session starts; with the paths of both files.
fn lib_and_app() -> (Fixture, Workspace, PathBuf, PathBuf) {
    let fixture = Fixture::write(
        "//- lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n//- app/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n",
    );
    let workspace = fixture.workspace();
    assert_eq!(workspace.check().diagnostics, vec![]);
    let (lib, app) = (
        fixture.root().join("lib/lib.wit"),
        fixture.root().join("app/app.wit"),
    );
    (fixture, workspace, lib, app)
}

#[test]
fn keystrokes_keep_the_graph_and_still_recheck_dependents() {
    let (_fixture, mut workspace, lib, app) = lib_and_app();
    let built = builds(&workspace);

    // The type `app` uses disappears: `lib` is fine, `app` is not.
    let affected = keystroke(&mut workspace, &lib, LIB_WITHOUT_ID);
    assert_eq!(affected.packages.len(), 2);
    let app_errors: Vec<_> = affected
        .diagnostics
        .iter()
        .filter(|d| d.path.ends_with("app/app.wit"))
        .collect();
    assert_eq!(app_errors.len(), 1, "{:?}", affected.diagnostics);

    // Broken `lib`: `app` is told so, keystroke after keystroke, although
    // `lib` itself is not re-checked when `app` is edited.
    assert!(
        codes_of(&keystroke(&mut workspace, &lib, BROKEN_LIB))
            .contains(&codes::DEPENDENCY_HAS_ERRORS)
    );
    for edit in ["// one\n", "// two\n"] {
        let text =
            format!("package demo:app;\ninterface i {{ use demo:lib/types.{{id}}; }}\n{edit}");
        assert_eq!(
            codes_of(&keystroke(&mut workspace, &app, text)),
            [codes::DEPENDENCY_HAS_ERRORS]
        );
    }

    // Fixed again: both clean, and no edit so far rebuilt the graph.
    assert_eq!(
        keystroke(
            &mut workspace,
            &lib,
            "package demo:lib;\ninterface types { type id = u8; }\n"
        )
        .diagnostics,
        vec![]
    );
    assert_eq!(workspace.check_affected(&app).diagnostics, vec![]);
    assert_eq!(builds(&workspace), built);
}

#[test]
fn renaming_a_package_rebuilds_the_graph_and_rechecks_its_old_dependents() {
    let (_fixture, mut workspace, lib, _) = lib_and_app();
    let built = builds(&workspace);

    let renamed = "package demo:library;\ninterface types { type id = u64; }\n";
    let affected = keystroke(&mut workspace, &lib, renamed);
    assert_eq!(affected.packages.len(), 2, "`app` used `demo:lib`");
    assert_eq!(codes_of(&affected), [codes::PACKAGE_NOT_FOUND]);
    assert_eq!(builds(&workspace), built + 1);

    let affected = keystroke(&mut workspace, &lib, LIB);
    assert_eq!(affected.packages.len(), 2);
    assert_eq!(affected.diagnostics, vec![]);
}

#[test]
fn a_cycle_is_reported_the_same_at_every_keystroke() {
    let fixture = Fixture::write(
        "//- a/a.wit\npackage demo:a;\ninterface i { use demo:b/j.{t}; type s = u8; }\n//- b/b.wit\npackage demo:b;\ninterface j { use demo:a/i.{s}; type t = u8; }\n",
    );
    let mut workspace = fixture.workspace();
    let full = codes_of(&workspace.check());
    assert_eq!(full, [codes::PACKAGE_CYCLE, codes::PACKAGE_CYCLE]);
    let a = fixture.root().join("a/a.wit");
    for n in 0..3 {
        let text = format!(
            "package demo:a;\ninterface i {{ use demo:b/j.{{t}}; type s = u8; }}\n// {n}\n"
        );
        assert_eq!(
            codes_of(&keystroke(&mut workspace, &a, text)),
            full,
            "keystroke {n}"
        );
    }
}

#[test]
fn a_dependency_edited_in_the_same_round_is_checked_again_for_its_dependent() {
    let (_fixture, mut workspace, lib, app) = lib_and_app();
    workspace.set_overlay(&lib, Some(Arc::from(BROKEN_LIB)));
    let app_text = "package demo:app;\ninterface i { use demo:lib/types.{id}; }\n// edited\n";
    workspace.set_overlay(&app, Some(Arc::from(app_text)));
    // The language server checks each edited file in turn; `app` may come
    // first, and must not see `lib` as it was before the edit.
    let app_result = workspace.check_affected(&app);
    assert_eq!(app_result.packages.len(), 1);
    assert_eq!(codes_of(&app_result), [codes::DEPENDENCY_HAS_ERRORS]);
}

#[test]
fn a_dependency_added_by_a_keystroke_links_the_packages_for_later_edits() {
    let fixture = Fixture::write(
        "//- lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n//- app/app.wit\npackage demo:app;\ninterface i { type n = u8; }\n",
    );
    let mut workspace = fixture.workspace();
    assert_eq!(workspace.check().diagnostics, vec![]);
    let (lib, app) = (
        fixture.root().join("lib/lib.wit"),
        fixture.root().join("app/app.wit"),
    );
    assert_eq!(
        keystroke(&mut workspace, &app, APP_USING_LIB).diagnostics,
        vec![]
    );

    let affected = keystroke(&mut workspace, &lib, LIB_WITHOUT_ID);
    assert_eq!(affected.packages.len(), 2, "`app` now depends on `lib`");
    assert!(
        affected.diagnostics.iter().any(|d| d.path == app),
        "{:?}",
        affected.diagnostics
    );

    // And the link goes away with the `use`.
    assert_eq!(
        keystroke(
            &mut workspace,
            &app,
            "package demo:app;\ninterface i { type n = u8; }\n"
        )
        .diagnostics,
        vec![]
    );
    assert_eq!(
        keystroke(&mut workspace, &lib, BROKEN_LIB).packages.len(),
        1
    );
}

#[test]
fn a_dependency_file_checked_on_its_own_reports_its_errors_every_time() {
    let fixture = Fixture::write(
        "//- app/app.wit\npackage demo:app;\ninterface i { use demo:dep/types.{id}; }\n//- app/deps/dep/dep.wit\npackage demo:dep;\ninterface types { type id = strin; }\n",
    );
    let workspace = fixture.workspace();
    let full = workspace.check();
    let dep = fixture.root().join("app/deps/dep/dep.wit");
    let on_dep = |result: &CheckResult| result.diagnostics.iter().filter(|d| d.path == dep).count();
    assert_eq!(on_dep(&full), 1, "{:?}", full.diagnostics);
    // An editor opening the file asks about it again, unchanged: its error
    // must still be there, though nothing it depends on changed.
    for _ in 0..2 {
        assert_eq!(on_dep(&workspace.check_affected(&dep)), 1);
    }
}

#[test]
fn an_edit_keeps_the_syntax_errors_of_the_files_it_did_not_touch() {
    let fixture = Fixture::write(
        "//- a/one.wit\npackage demo:a;\ninterface one {\n  type t = ;\n}\n//- a/two.wit\ninterface two {\n  type u = ;\n}\n",
    );
    let mut workspace = fixture.workspace();
    let syntax_errors = |result: CheckResult| -> Vec<String> {
        let mut found: Vec<String> = (result.diagnostics.iter())
            .filter(|d| d.code == codes::SYNTAX)
            .map(|d| fixture.relative(&d.path))
            .collect();
        // Files with syntax errors, not how many each has.
        found.sort();
        found.dedup();
        found
    };
    assert_eq!(syntax_errors(workspace.check()), ["a/one.wit", "a/two.wit"]);
    let one = fixture.root().join("a/one.wit");
    let fixed: Arc<str> = Arc::from("package demo:a;\ninterface one {\n  type t = u8;\n}\n");
    workspace.set_overlay(&one, Some(fixed));
    assert_eq!(syntax_errors(workspace.check_affected(&one)), ["a/two.wit"]);
    let broken_again: Arc<str> = Arc::from("package demo:a;\ninterface one {\n  type t = ;;\n}\n");
    workspace.set_overlay(&one, Some(broken_again));
    assert_eq!(
        syntax_errors(workspace.check_affected(&one)),
        ["a/one.wit", "a/two.wit"]
    );
}

/// What one keystroke computes, whichever of the check and the IDE view
/// reads the new text first: our parse of the edited file once (the other
/// reuses it), wit-parser's parse of its package once, one `Resolve` push
/// for it and one for the package that depends on it; nothing for the
/// unrelated package or for the edited package's other file.
#[test]
fn a_keystroke_parses_its_file_once_and_resolves_only_what_depends_on_it() {
    use crate::query_log::Query;
    let fixture = Fixture::write(
        "//- lib/lib.wit\npackage demo:lib;\ninterface types { type id = u64; }\n//- lib/more.wit\ninterface more { type n = u8; }\n//- app/app.wit\npackage demo:app;\ninterface i { use demo:lib/types.{id}; }\n//- other/other.wit\npackage demo:other;\ninterface x {}\n",
    );
    let root = fixture.root();
    let lib = root.join("lib/lib.wit");
    for ide_first in [false, true] {
        let mut workspace = fixture.workspace();
        assert_eq!(workspace.check().diagnostics, vec![]);
        let mut ide = crate::ide::Analysis::default();
        ide.update(&workspace);
        workspace.query_log().start();

        let text: Arc<str> = Arc::from(format!(
            "package demo:lib;\ninterface types {{ type id = u64; type more{ide_first} = u8; }}\n"
        ));
        workspace.set_overlay(&lib, Some(text.clone()));
        if ide_first {
            assert!(ide.update_file(&lib, text.clone()));
        }
        assert_eq!(workspace.check_affected(&lib).diagnostics, vec![]);
        if !ide_first {
            assert!(ide.update_file(&lib, text));
        }

        let mut log = workspace.query_log().take();
        log.sort();
        assert_eq!(
            log,
            [
                Query::Syntax(lib.clone()),
                Query::WitParse(root.join("lib")),
                Query::Resolve(root.join("app")),
                Query::Resolve(root.join("lib")),
            ],
            "IDE first: {ide_first}"
        );
    }
}
