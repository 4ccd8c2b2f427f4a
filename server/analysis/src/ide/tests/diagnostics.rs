use expect_test::expect;

use super::Fixture;

#[test]
fn every_unresolved_name_and_every_duplicate() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a;\n\ninterface i {\n  use other.{thing};\n  type t = strin;\n  record r { f: bogus, f: u8, g: t }\n  type t = u32;\n}\n\ninterface other {}\n",
    );
    let path = fixture.root.join("a/a.wit");
    let shown: Vec<String> = fixture
        .analysis
        .resolver_diagnostics(&path)
        .into_iter()
        .map(|d| format!("{} {}: {}", fixture.show(&path, d.range), d.code, d.message))
        .collect();
    expect![[r#"
        a/a.wit:4:14 `thing` wit::name-not-found: `thing` is not defined in the interface this `use` names
        a/a.wit:5:12 `strin` wit::name-not-found: type `strin` does not exist
        a/a.wit:6:17 `bogus` wit::name-not-found: type `bogus` does not exist
        a/a.wit:6:24 `f` wit::duplicate-name: name `f` is defined more than once
        a/a.wit:7:8 `t` wit::duplicate-name: name `t` is defined more than once"#]].assert_eq(&shown.join("\n"));
}

#[test]
fn a_healthy_file_has_none() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a;\n\ninterface i {\n  use other.{thing as x};\n  type t = list<x>;\n}\n\ninterface other {\n  resource thing;\n}\n",
    );
    assert_eq!(
        fixture
            .analysis
            .resolver_diagnostics(&fixture.root.join("a/a.wit")),
        vec![]
    );
}
