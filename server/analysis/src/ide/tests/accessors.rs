//! Accessors (`name: get() -> t`, `name: set(v: t)`, `name: static get()`),
//! the WIT that wit-parser 0.261 added since 0.254: checked clean,
//! navigable, hovered and outlined like the functions they stand for.

use expect_test::{Expect, expect};

use super::Fixture;
use crate::ide::tests::symbols::outline;

const FILE: &str = r#"
//- a/a.wit
package demo:a@0.1.0;

interface settings {
    /// How loud, 0 to 11.
    type level = u8;
    /// The current volume.
    volume: get() -> level;
    volume: set(value: level);
    resource player {
        constructor();
        /// Seconds played so far.
        position: get() -> u64;
        position: set(seconds: u64);
        count: static get() -> u32;
    }
}

world app {
    import settings;
    import brightness: get() -> u8;
    export name: get() -> string;
}
"#;

fn at(needle: &str, marked: &str) -> Fixture {
    assert!(FILE.contains(needle), "{needle}");
    Fixture::new(&FILE.replacen(needle, marked, 1))
}

fn definition(needle: &str, marked: &str, expect: Expect) {
    expect.assert_eq(&at(needle, marked).definition_at_cursor());
}

fn hover(needle: &str, marked: &str, expect: Expect) {
    expect.assert_eq(&at(needle, marked).hover_at_cursor());
}

#[test]
fn a_workspace_with_accessors_checks_clean() {
    let fixture = Fixture::new(FILE);
    let path = fixture.root.join("a/a.wit");
    assert_eq!(fixture.analysis.resolver_diagnostics(&path), vec![]);
    let workspace = fixture.workspace();
    let checked = workspace.check();
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
}

#[test]
fn a_type_in_an_accessor_leads_to_its_definition() {
    definition(
        "volume: get() -> level",
        "volume: get() -> le$0vel",
        expect!["a/a.wit:5:10 `level`"],
    );
    definition(
        "set(value: level)",
        "set(value: lev$0el)",
        expect!["a/a.wit:5:10 `level`"],
    );
}

#[test]
fn hovering_an_accessor_shows_its_signature_and_docs() {
    hover(
        "volume: get()",
        "vol$0ume: get()",
        expect![[r#"
            a/a.wit:7:5 `volume`
            ```wit
            volume: get() -> level;
            ```

            ---

            The current volume."#]],
    );
    hover(
        "count: static get()",
        "co$0unt: static get()",
        expect![[r#"
            a/a.wit:14:9 `count`
            ```wit
            count: static get() -> u32;
            ```"#]],
    );
}

#[test]
fn accessors_are_in_the_outline() {
    let fixture = Fixture::new(FILE);
    let mut out = String::new();
    outline(
        &fixture
            .analysis
            .document_symbols(&fixture.root.join("a/a.wit")),
        0,
        &mut out,
    );
    expect![[r#"
        Package demo:a@0.1.0
        Interface settings
          Type level : u8
          Function volume : get() -> level
          Function volume : set(value: level)
          Resource player : resource
            Function constructor
            Function position : get() -> u64
            Function position : set(seconds: u64)
            Function count : get() -> u32
        World app
          Import settings : import
          Import brightness : import
          Import name : export
    "#]]
    .assert_eq(&out);
}

#[test]
fn formatting_keeps_accessors() {
    let messy = "package demo:a;\ninterface i{v:get()->u8;v:set(x:u8);resource r{p:get()->u64;c:static get()->u32;}}\nworld w{import b:get()->u8;}\n";
    expect![[r#"
        package demo:a;

        interface i {
          v: get() -> u8;
          v: set(x: u8);
          resource r {
            p: get() -> u64;
            c: static get() -> u32;
          }
        }

        world w {
          import b: get() -> u8;
        }
    "#]]
    .assert_eq(&crate::format::format(messy).unwrap());
}

#[test]
fn two_getters_of_one_name_are_still_a_duplicate() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a;\n\ninterface i {\n  v: get() -> u8;\n  v: set(x: u8);\n  v: get() -> u16;\n}\n",
    );
    let path = fixture.root.join("a/a.wit");
    let shown: Vec<String> = fixture
        .analysis
        .resolver_diagnostics(&path)
        .into_iter()
        .map(|d| format!("{} {}", fixture.show(&path, d.range), d.message))
        .collect();
    expect!["a/a.wit:6:3 `v` name `v` is defined more than once"].assert_eq(&shown.join("\n"));
}

#[test]
fn every_broken_accessor_rule_is_reported_at_once() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a;\n\ninterface i {\n  type done = result<_, string>;\n  a: get(x: u8) -> u8;\n  b: get();\n  c: get() -> u8;\n  c: set(x: u8, y: u8);\n  d: get() -> u8;\n  d: set(x: u8) -> u8;\n  e: get() -> u8;\n  e: set(x: u8) -> done;\n  orphan: set(x: u8);\n}\n",
    );
    let path = fixture.root.join("a/a.wit");
    let mut checked = fixture.workspace().check();
    fixture.analysis.add_resolver_diagnostics(&mut checked);
    let shown: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", fixture.show(&path, d.range.clone()), d.message))
        .collect();
    expect![[r#"
        a/a.wit:5:10 `x` getters cannot have parameters
        a/a.wit:6:6 `get` getters must return a value
        a/a.wit:8:17 `y: u8` setters must have exactly one parameter
        a/a.wit:10:20 `u8` if a setter return type is declared it must be a `result` with no `ok` type
        a/a.wit:13:3 `orphan` setter `orphan` has no getter `orphan` beside it"#]].assert_eq(&shown.join("\n"));
}
