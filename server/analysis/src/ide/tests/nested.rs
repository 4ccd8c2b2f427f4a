//! `package ns:name { … }` blocks: a package of their own inside another
//! package's file, for every feature.

use expect_test::{Expect, expect};

use super::Fixture;

const FILES: &str = r#"
//- lib/all.wit
package demo:all@1.0.0;

package demo:inner@0.1.0 {
  interface types {
    /// An identifier.
    record id { v: u8 }
  }

  interface api {
    use types.{id};
    get: func() -> id;
  }
}

interface outer {
  use demo:inner/types@0.1.0.{id};
  make: func() -> id;
}
//- app/app.wit
package demo:app;

interface client {
  use demo:inner/types@0.1.0.{id};
  send: func(to: id);
}
"#;

fn with_cursor(needle: &str, marked: &str) -> Fixture {
    assert!(FILES.contains(needle), "{needle}");
    Fixture::new(&FILES.replacen(needle, marked, 1))
}

fn definition(needle: &str, marked: &str, expect: Expect) {
    let fixture = with_cursor(needle, marked);
    let (path, offset) = &fixture.cursor;
    let shown = match fixture.analysis.goto_definition(path, *offset) {
        Some(target) => fixture.show(&target.path, target.name_range),
        None => "none".to_string(),
    };
    expect.assert_eq(&shown);
}

#[test]
fn a_use_inside_a_block_resolves_within_the_block() {
    definition(
        "use types.{id}",
        "use ty$0pes.{id}",
        expect!["lib/all.wit:4:13 `types`"],
    );
    definition(
        "get: func() -> id",
        "get: func() -> i$0d",
        expect!["lib/all.wit:6:12 `id`"],
    );
}

#[test]
fn the_outer_package_and_other_packages_reach_into_a_block() {
    definition(
        "  use demo:inner/types@0.1.0.{id};\n  make",
        "  use demo:inner/ty$0pes@0.1.0.{id};\n  make",
        expect!["lib/all.wit:4:13 `types`"],
    );
    definition(
        "send: func(to: id)",
        "send: func(to: i$0d)",
        expect!["lib/all.wit:6:12 `id`"],
    );
    definition(
        "  use demo:inner/types@0.1.0.{id};\n  send",
        "  use demo:in$0ner/types@0.1.0.{id};\n  send",
        expect!["lib/all.wit:3:9 `demo:inner@0.1.0`"],
    );
}

#[test]
fn references_and_rename_cover_every_package() {
    let fixture = with_cursor("record id", "record i$0d");
    let (path, offset) = &fixture.cursor;
    let refs: Vec<String> = fixture
        .analysis
        .references(path, *offset, false)
        .into_iter()
        .map(|r| fixture.show(&r.path, r.range))
        .collect();
    expect![[r#"
        app/app.wit:4:31 `id`
        app/app.wit:5:18 `id`
        lib/all.wit:10:16 `id`
        lib/all.wit:11:20 `id`
        lib/all.wit:16:31 `id`
        lib/all.wit:17:19 `id`"#]]
    .assert_eq(&refs.join("\n"));

    let fixture = fixture_with_cursor_on_types();
    let (path, offset) = &fixture.cursor;
    let edits: Vec<String> = fixture
        .analysis
        .rename(path, *offset, "kinds")
        .unwrap()
        .into_iter()
        .flat_map(|(path, edits)| edits.into_iter().map(move |e| (path.clone(), e)))
        .map(|(path, edit)| format!("{} -> {}", fixture.show(&path, edit.range), edit.new_text))
        .collect();
    expect![[r#"
        app/app.wit:4:18 `types` -> kinds
        lib/all.wit:4:13 `types` -> kinds
        lib/all.wit:10:9 `types` -> kinds
        lib/all.wit:16:18 `types` -> kinds"#]]
    .assert_eq(&edits.join("\n"));
}

fn fixture_with_cursor_on_types() -> Fixture {
    with_cursor("interface types", "interface ty$0pes")
}

#[test]
fn rename_clashes_only_with_names_of_the_same_block() {
    let fixture = fixture_with_cursor_on_types();
    let (path, offset) = &fixture.cursor;
    let clash = fixture.analysis.rename(path, *offset, "api").unwrap_err();
    assert!(clash.to_string().contains("api"), "{clash}");
    // `outer` is the outer package's interface, not a sibling of `types`.
    assert!(fixture.analysis.rename(path, *offset, "outer").is_ok());
}

#[test]
fn hover_names_the_block_as_the_origin() {
    let fixture = with_cursor("send: func(to: id)", "send: func(to: i$0d)");
    let (path, offset) = &fixture.cursor;
    let markdown = fixture.analysis.hover(path, *offset).unwrap().markdown;
    assert!(
        markdown.contains("Defined in `demo:inner@0.1.0/types`"),
        "{markdown}"
    );
}

fn completion_labels(fixture: &Fixture) -> String {
    let (path, offset) = &fixture.cursor;
    let labels: Vec<String> = fixture
        .analysis
        .completion(path, *offset)
        .into_iter()
        .map(|item| format!("{:?} {}", item.kind, item.label))
        .collect();
    labels.join("\n")
}

#[test]
fn completion_lists_a_blocks_interfaces() {
    let fixture = with_cursor(
        "  use demo:inner/types@0.1.0.{id};\n  send",
        "  use demo:inner/$0\n  send",
    );
    expect![[r#"
        Interface types
        Interface api"#]]
    .assert_eq(&completion_labels(&fixture));
    // Inside the block, a bare `use` names the block's interfaces, not the file's.
    let fixture = with_cursor("use types.{id}", "use $0");
    let shown = completion_labels(&fixture);
    assert!(shown.contains("Interface types"), "{shown}");
    assert!(!shown.contains("Interface outer"), "{shown}");
}

#[test]
fn document_symbols_nest_a_block_and_its_items() {
    let fixture = Fixture::new(FILES);
    let symbols = fixture
        .analysis
        .document_symbols(&fixture.root.join("lib/all.wit"));
    let shown: Vec<String> = symbols
        .iter()
        .map(|s| {
            let children: Vec<&str> = s.children.iter().map(|c| c.name.as_str()).collect();
            format!("{:?} {} [{}]", s.kind, s.name, children.join(", "))
        })
        .collect();
    expect![[r#"
        Package demo:all@1.0.0 []
        Package demo:inner@0.1.0 [types, api]
        Interface outer [make]"#]]
    .assert_eq(&shown.join("\n"));
}

/// wit-parser accepts the fixture, and so does our resolver: no name of a
/// block is reported unresolved.
#[test]
fn a_valid_file_with_blocks_has_no_resolver_diagnostics() {
    let fixture = Fixture::new(FILES);
    let workspace = fixture.workspace();
    let checked = workspace.check();
    assert_eq!(checked.diagnostics, [], "wit-parser rejects the fixture");
    for file in ["lib/all.wit", "app/app.wit"] {
        let ours = fixture
            .analysis
            .resolver_diagnostics(&fixture.root.join(file));
        assert_eq!(ours, [], "{file}");
    }
}

fn resolver_errors(fixture: &Fixture, path: &std::path::Path) -> String {
    let shown: Vec<String> = fixture
        .analysis
        .resolver_diagnostics(path)
        .into_iter()
        .map(|d| format!("{} {}", fixture.show(path, d.range), d.message))
        .collect();
    shown.join("\n")
}

/// Names inside a block do not see the outer package's interfaces, as in
/// wit-parser; both reject the `use` of `outer` from inside the block.
#[test]
fn a_block_does_not_see_the_outer_packages_interfaces() {
    let fixture = with_cursor("use types.{id};", "use outer.{id};");
    let path = fixture.root.join("lib/all.wit");
    let ours = resolver_errors(&fixture, &path);
    expect!["lib/all.wit:10:9 `outer` interface or world `outer` not found in package `demo:inner@0.1.0`"].assert_eq(&ours);
    let workspace = fixture.workspace();
    let checked = workspace.check();
    assert!(
        checked.diagnostics.iter().any(|d| d.path == path),
        "wit-parser accepts what our resolver rejects: {:?}",
        checked.diagnostics
    );
}

/// A keystroke re-parses one file without a rebuild; the block's declaration
/// moves with the text above it, and renaming a block needs the rebuild.
#[test]
fn an_edit_above_a_block_keeps_it_resolvable() {
    let mut fixture = Fixture::new(FILES);
    let path = fixture.root.join("lib/all.wit");
    let text = fixture.analysis.text(&path).unwrap();
    let edited = text.replacen("package demo:inner", "\n\npackage demo:inner", 1);
    assert!(fixture.analysis.update_file(&path, edited.clone().into()));
    let app = fixture.root.join("app/app.wit");
    let app_text = fixture.analysis.text(&app).unwrap();
    let package_segment = app_text.find("inner").unwrap();
    let target = fixture
        .analysis
        .goto_definition(&app, package_segment)
        .unwrap();
    expect!["lib/all.wit:5:9 `demo:inner@0.1.0`"]
        .assert_eq(&fixture.show(&target.path, target.name_range));

    let renamed = edited.replacen("package demo:inner", "package demo:other", 1);
    assert!(!fixture.analysis.update_file(&path, renamed.into()));
}

#[test]
fn abi_facts_of_a_type_in_a_block() {
    let fixture = with_cursor("record id", "record i$0d");
    let (path, offset) = &fixture.cursor;
    let markdown = fixture.analysis.hover(path, *offset).unwrap().markdown;
    let abi = markdown.lines().find(|l| l.starts_with("Canonical ABI"));
    expect!["Canonical ABI (wasm32): size 1 bytes, alignment 1"].assert_eq(abi.unwrap_or("none"));
}

#[test]
fn a_name_repeated_inside_a_block_is_a_duplicate() {
    let fixture = with_cursor(
        "  interface api {",
        "  interface types {}\n  interface api {",
    );
    let path = fixture.root.join("lib/all.wit");
    let ours = resolver_errors(&fixture, &path);
    expect!["lib/all.wit:9:13 `types` name `types` is defined more than once"].assert_eq(&ours);
}

/// A block whose name is half typed has no package to look names up in;
/// the syntax error stands alone rather than one error per name inside.
#[test]
fn a_block_without_a_name_adds_no_unresolved_names() {
    let fixture = with_cursor("package demo:inner@0.1.0 {", "package demo: {");
    let path = fixture.root.join("lib/all.wit");
    assert_eq!(fixture.analysis.resolver_diagnostics(&path), []);
}
