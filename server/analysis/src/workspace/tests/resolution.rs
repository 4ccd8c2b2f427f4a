//! How references between packages resolve, and what is said when they
//! do not.

use expect_test::{Expect, expect};

use super::{Fixture, check};
use crate::workspace::ResolvedVia;

/// A small library package used by several tests, at `lib/wit`.
const LIB: &str = r#"
//- lib/wit/lib.wit
package demo:lib@0.2.3;
interface types {
  type id = u64;
}
"#;

fn with_lib(text: &str) -> String {
    format!("{LIB}{text}")
}

/// Checks the fixture like [`check`] and returns, for `package`, the name
/// each dependency resolved to and the rule that found it.
fn resolutions(text: &str, package: &str, messages: Expect) -> Vec<(String, ResolvedVia)> {
    let fixture = Fixture::write(text);
    let workspace = fixture.workspace();
    let result = workspace.check();
    messages.assert_eq(&fixture.check_marks(&workspace, &result));
    let found = result
        .packages
        .iter()
        .find(|p| p.name.as_deref() == Some(package))
        .expect("package checked");
    found
        .dependencies
        .iter()
        .map(|d| {
            let resolved = d.resolved.as_ref().expect("dependency resolved");
            (resolved.name.clone(), resolved.via)
        })
        .collect()
}

#[test]
fn a_missing_package_says_where_it_looked() {
    check(
        r#"
//- app/wit/app.wit
package demo:app;
interface i {
  use demo:nowhere/types@1.0.0.{id};
//    ^^^^^^^^^^^^^^^^^^^^^^^^ wit::package-not-found
}
"#,
        expect![[r#"
            app/wit/app.wit:3:7 wit::package-not-found: package `demo:nowhere@1.0.0` not found: no `deps/` folder, no `deps.toml`, no package of that name in the workspace; run `wkg wit fetch` or add its path to `deps.toml`
        "#]],
    );
}

#[test]
fn a_dependency_with_errors_gives_its_dependents_one_diagnostic() {
    check(
        r#"
//- lib/wit/lib.wit
package demo:lib@0.2.3;
interface types {
  type id = u6;
//          ^^ wit::name-not-found
}
//- app/wit/app.wit
package demo:app;
interface i {
  use demo:lib/types@0.2.3.{id};
//    ^^^^^^^^^^^^^^^^^^^^ wit::dependency-has-errors
  use demo:lib/types@0.2.3.{id as other};
}
"#,
        expect![[r#"
            app/wit/app.wit:3:7 wit::dependency-has-errors: `demo:lib@0.2.3` has errors; this package is not checked against it until they are fixed
            lib/wit/lib.wit:3:13 wit::name-not-found: type `u6` does not exist
        "#]],
    );
}

#[test]
fn workspace_packages_resolve_by_semver_compatible_version() {
    let text = with_lib(
        r#"
//- app/wit/app.wit
package demo:app;
interface i {
  use demo:lib/types@0.2.0.{id};
}
"#,
    );
    let found = resolutions(&text, "demo:app", expect![[""]]);
    assert_eq!(
        found,
        [("demo:lib@0.2.3".to_string(), ResolvedVia::Workspace)]
    );
}

#[test]
fn an_incompatible_version_is_not_taken() {
    check(
        &with_lib(
            r#"
//- app/wit/app.wit
package demo:app;
interface i {
  use demo:lib/types@0.3.0.{id};
//    ^^^^^^^^^^^^^^^^^^^^ wit::package-not-found
}
"#,
        ),
        expect![[r#"
            app/wit/app.wit:3:7 wit::package-not-found: package `demo:lib@0.3.0` not found: no `deps/` folder, no `deps.toml`, the workspace has only `demo:lib@0.2.3`, not semver-compatible; run `wkg wit fetch` or add its path to `deps.toml`
        "#]],
    );
}

#[test]
fn the_deps_folder_comes_first_and_is_not_a_workspace_package() {
    // The workspace's own demo:lib is broken; the deps/ copy is what the
    // app uses, so the app is clean.
    let text = r#"
//- lib/wit/lib.wit
package demo:lib@0.2.3;
interface types { type id = u6; }
//                          ^^ wit::name-not-found
//- app/wit/app.wit
package demo:app;
interface i {
  use demo:lib/types@0.2.3.{id};
  use demo:single/names.{name};
}
//- app/wit/deps/lib/types.wit
package demo:lib@0.2.3;
interface types { type id = u64; }
//- app/wit/deps/single.wit
package demo:single;
interface names { type name = string; }
"#;
    let found = resolutions(
        text,
        "demo:app",
        expect![[r#"
            lib/wit/lib.wit:2:29 wit::name-not-found: type `u6` does not exist
        "#]],
    );
    let vias: Vec<_> = found.iter().map(|(_, via)| *via).collect();
    assert_eq!(vias, [ResolvedVia::DepsFolder, ResolvedVia::DepsFolder]);
}

#[test]
fn deps_toml_paths_resolve_and_a_missing_path_is_reported_on_its_entry() {
    let text = r#"
//- vendored/lib/lib.wit
package demo:lib@0.2.3;
interface types { type id = u64; }
//- app/wit/deps.toml
lib = "../../vendored/lib"
gone = { path = "../../gone/wit" }
#      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ wit::dependency-path-not-found
//- app/wit/app.wit
package demo:app;
interface i { use demo:lib/types@0.2.3.{id}; }
//- app2/wit/deps.toml
gone = "../../gone/wit"
#      ^^^^^^^^^^^^^^^^ wit::dependency-path-not-found
//- app2/wit/app.wit
package demo:app2;
interface i { use demo:gone/types.{id}; }
//                ^^^^^^^^^^^^^^^ wit::package-not-found
"#;
    let found = resolutions(
        text,
        "demo:app",
        expect![[r#"
            app/wit/deps.toml:2:8 wit::dependency-path-not-found: the path of dependency `gone` does not exist: `$ROOT/gone/wit`
            app2/wit/app.wit:2:19 wit::package-not-found: package `demo:gone` not found: no `deps/` folder, no path for it in `deps.toml`, no package of that name in the workspace; the path of `gone` does not exist; run `wkg wit fetch` or add its path to `deps.toml`
            app2/wit/deps.toml:1:8 wit::dependency-path-not-found: the path of dependency `gone` does not exist: `$ROOT/gone/wit`
        "#]],
    );
    assert_eq!(
        found,
        [("demo:lib@0.2.3".to_string(), ResolvedVia::DepsToml)]
    );
}

#[test]
fn wkg_toml_overrides_resolve() {
    let text = r#"
//- elsewhere/lib.wit
package demo:lib@0.2.3;
interface types { type id = u64; }
//- app/wkg.toml
[overrides]
"demo:lib" = { path = "../elsewhere/lib.wit" }
//- app/wit/app.wit
package demo:app;
interface i { use demo:lib/types@0.2.3.{id}; }
"#;
    let found = resolutions(text, "demo:app", expect![[""]]);
    assert_eq!(
        found,
        [("demo:lib@0.2.3".to_string(), ResolvedVia::WkgOverride)]
    );
}

#[test]
fn every_package_on_a_cycle_says_so_and_its_dependents_get_one_diagnostic() {
    check(
        r#"
//- a/a.wit
package demo:a;
interface i { use demo:b/j.{t}; type u = t; }
//                ^^^^^^^^ wit::package-cycle
//- b/b.wit
package demo:b;
interface j { use demo:c/k.{v}; type t = v; }
//                ^^^^^^^^ wit::package-cycle
//- c/c.wit
package demo:c;
interface k { use demo:a/i.{u}; type v = u; }
//                ^^^^^^^^ wit::package-cycle
//- d/d.wit
package demo:d;
interface l { use demo:b/j.{t}; }
//                ^^^^^^^^ wit::dependency-has-errors
"#,
        expect![[r#"
            a/a.wit:2:19 wit::package-cycle: dependency cycle through `demo:b`: demo:a -> demo:b -> demo:c -> demo:a
            b/b.wit:2:19 wit::package-cycle: dependency cycle through `demo:c`: demo:a -> demo:b -> demo:c -> demo:a
            c/c.wit:2:19 wit::package-cycle: dependency cycle through `demo:a`: demo:a -> demo:b -> demo:c -> demo:a
            d/d.wit:2:19 wit::dependency-has-errors: `demo:b` has errors; this package is not checked against it until they are fixed
        "#]],
    );
}

#[test]
fn two_packages_with_one_name_get_a_warning() {
    check(
        r#"
//- one/p.wit
package demo:same@1.0.0;
interface i {}
//- two/p.wit
package demo:same@1.0.0;
//      ^^^^^^^^^ wit::duplicate-package
interface i {}
"#,
        expect![[r#"
            two/p.wit:1:9 wit::duplicate-package: package `demo:same@1.0.0` is defined twice in the workspace; references from other packages resolve to the first definition
        "#]],
    );
}

#[test]
fn nested_packages_are_provided_and_referenced() {
    let fixture = Fixture::write(
        r#"
//- lib/wit/all.wit
package demo:all;
package demo:inner {
  interface types { type id = u8; }
}
interface outer { use demo:inner/types.{id}; }
//- app/wit/app.wit
package demo:app;
interface i { use demo:inner/types.{id}; }
"#,
    );
    let workspace = fixture.workspace();
    let result = workspace.check();
    assert_eq!(fixture.check_marks(&workspace, &result), "");
    let lib = result
        .packages
        .iter()
        .find(|p| p.name.as_deref() == Some("demo:all"))
        .unwrap();
    assert_eq!(lib.nested, ["demo:inner"]);
}

#[test]
fn unstable_items_need_their_feature() {
    let text = r#"
//- p/p.wit
package demo:p@1.0.0;
interface i {
  @unstable(feature = fancy)
  type fancy = u8;
  @since(version = 1.0.0)
  f: func() -> fancy;
}
"#;
    let fixture = Fixture::write(text);
    let workspace = fixture.workspace();
    let without = workspace.check();
    assert_eq!(without.diagnostics.len(), 1, "{:?}", without.diagnostics);
    for features in [
        crate::Features::All,
        crate::Features::Enabled(["fancy".to_string()].into()),
    ] {
        let config = crate::WorkspaceConfig {
            roots: vec![fixture.root()],
            features,
        };
        let result = fixture.workspace_with(config).check();
        assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
    }
}

#[test]
fn encoded_packages_in_the_deps_folder_resolve_and_broken_ones_are_reported() {
    let fixture = Fixture::write(
        r#"
//- app/wit/app.wit
package demo:app;
interface i { use demo:lib/types@0.2.3.{id}; }
"#,
    );
    let mut lib = wit_parser::Resolve::new();
    let id = lib
        .push_str(
            "lib.wit",
            "package demo:lib@0.2.3;\ninterface types { type id = u64; }\n",
        )
        .unwrap();
    let deps = fixture.root().join("app/wit/deps");
    fixture.write_file(
        &deps.join("lib.wasm"),
        wit_component::encode(&lib, id, false).unwrap(),
    );
    fixture.write_file(&deps.join("junk.wat"), "(module (func $oops");
    fixture.write_file(&deps.join("text.wasm"), "(module)");

    let workspace = fixture.workspace();
    let result = workspace.check();
    let codes: Vec<_> = result
        .diagnostics
        .iter()
        .map(|d| (fixture.relative(&d.path), d.code))
        .collect();
    let invalid = crate::diagnostic::codes::INVALID_FILE;
    assert_eq!(
        codes,
        [
            ("app/wit/deps/junk.wat".to_string(), invalid),
            ("app/wit/deps/text.wasm".to_string(), invalid)
        ]
    );
    // Each names its own file, and a `.wasm` is not read as text.
    let junk = &result.diagnostics[0].message;
    assert!(junk.contains("junk.wat:1:"), "{junk}");
    let text = &result.diagnostics[1].message;
    assert!(text.starts_with("not a WebAssembly binary"), "{text}");
    let app = &result.packages[0];
    let lib = app.dependencies[0].resolved.as_ref().unwrap();
    assert_eq!(
        (lib.name.as_str(), lib.via),
        ("demo:lib@0.2.3", ResolvedVia::DepsFolder)
    );
}

#[test]
fn url_entries_in_deps_toml_get_a_fetch_hint_and_bad_toml_is_reported() {
    check(
        r#"
//- app/wit/deps.toml
io = "https://example.com/io.tar.gz"
//- app/wit/app.wit
package demo:app;
interface i { use demo:io/streams@1.0.0.{bytes}; }
//                ^^^^^^^^^^^^^^^^^^^^^ wit::package-not-found
//- other/wit/deps.toml
lib = { path = "../lib"
#                      ^ wit::invalid-manifest
//- other/wit/other.wit
package demo:other;
"#,
        expect![[r#"
            app/wit/app.wit:2:19 wit::package-not-found: package `demo:io@1.0.0` not found: no `deps/` folder, no path for it in `deps.toml`, no package of that name in the workspace; `deps.toml` has URL entries (`io`): run `wit-deps update` to fetch them
            other/wit/deps.toml:1:24 wit::invalid-manifest: invalid TOML: invalid inline table: expected `}`
        "#]],
    );
}

#[test]
fn wkg_toml_overrides_apply_to_the_packages_they_bring_in() {
    // wkg applies every override of the table up front, so an overridden
    // package's own imports resolve through the same table.
    let fixture = Fixture::write(
        r#"
//- app/wkg.toml
[overrides]
"demo:lib" = { path = "../lib" }
"demo:base" = { path = "../base" }
//- app/wit/app.wit
package demo:app;
interface i { use demo:lib/types@0.1.0.{id}; type mine = id; }
//- lib/lib.wit
package demo:lib@0.1.0;
interface types { use demo:base/ids@0.1.0.{id}; }
//- base/base.wit
package demo:base@0.1.0;
interface ids { type id = u64; }
"#,
    );
    // Only `app` is in the workspace: `lib` and `base` are found through
    // the overrides or not at all.
    let workspace = fixture.workspace_with(crate::workspace::WorkspaceConfig {
        roots: vec![fixture.root().join("app")],
        ..Default::default()
    });
    let result = workspace.check();
    expect![[""]].assert_eq(&fixture.check_marks(&workspace, &result));
}
