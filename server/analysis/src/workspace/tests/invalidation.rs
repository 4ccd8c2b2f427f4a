//! What the workspace caches of the disk, and what makes it look again:
//! only `file_changed`, only for the path it names.

use std::sync::Arc;

use super::fixture::Fixture;
use crate::{
    diagnostic::codes,
    workspace::{Workspace, WorkspaceConfig},
};

fn names(workspace: &Workspace, path: &std::path::Path) -> Vec<String> {
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
    std::fs::write(&added, "interface j { type thing = u8; }\n").unwrap();
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
    let mut workspace = Workspace::new(WorkspaceConfig {
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
    std::fs::write(&manifest, "lib = \"../../nowhere\"\n").unwrap();
    workspace.file_changed(&manifest);
    assert_eq!(
        codes_of(&workspace, &manifest),
        [codes::PACKAGE_NOT_FOUND, codes::DEPENDENCY_PATH_NOT_FOUND]
    );

    std::fs::write(&manifest, "lib = \"../../vendor/lib\"\n").unwrap();
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

    let renamed = "package demo:lib;\ninterface types { type id = u64; }\n";
    workspace.set_overlay(&other, Some(Arc::from(renamed)));
    let affected = workspace.check_affected(&other);
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
    std::fs::remove_dir_all(&lib).unwrap();
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
