use expect_test::{Expect, expect};

use super::Fixture;

const PACKAGES: &str = r#"
//- app/types.wit
package demo:app@0.1.0;

interface types {
    use demo:shapes/geometry@1.0.0.{point, size as extent};
    /// A labelled point.
    record pin {
        at: point,
        area: extent,
    }
    locate: func(p: pin) -> list<point>;
}
//- app/world.wit
package demo:app@0.1.0;

world app {
    import demo:shapes/geometry@1.0.0;
    export types;
    include base with { tick as clock-tick }
}

world base {
    import tick: func();
}
//- shapes/geometry.wit
package demo:shapes@1.0.0;

interface geometry {
    record point { x: s32, y: s32 }
    type size = tuple<u32, u32>;
}
"#;

fn definition(marked: &str, expect: Expect) {
    expect.assert_eq(&Fixture::new(marked).definition_at_cursor());
}

fn mark(fixture: &str, needle: &str, marked: &str) -> String {
    assert!(fixture.contains(needle), "{needle}");
    fixture.replacen(needle, marked, 1)
}

#[test]
fn a_type_reference_goes_through_use_into_another_package() {
    definition(
        &mark(PACKAGES, "at: point", "at: po$0int"),
        expect!["shapes/geometry.wit:4:12 `point`"],
    );
}

#[test]
fn an_aliased_use_goes_to_the_original() {
    definition(
        &mark(PACKAGES, "area: extent", "area: ext$0ent"),
        expect!["shapes/geometry.wit:5:10 `size`"],
    );
}

#[test]
fn each_segment_of_a_use_path() {
    definition(
        &mark(PACKAGES, "use demo:shapes", "use demo:sha$0pes"),
        expect!["shapes/geometry.wit:1:9 `demo:shapes@1.0.0`"],
    );
    definition(
        &mark(PACKAGES, "/geometry@1.0.0.{", "/geo$0metry@1.0.0.{"),
        expect!["shapes/geometry.wit:3:11 `geometry`"],
    );
    definition(
        &mark(PACKAGES, "{point, size", "{poi$0nt, size"),
        expect!["shapes/geometry.wit:4:12 `point`"],
    );
    definition(
        &mark(PACKAGES, "size as", "si$0ze as"),
        expect!["shapes/geometry.wit:5:10 `size`"],
    );
}

#[test]
fn import_export_and_include_targets_and_include_with_names() {
    definition(
        &mark(
            PACKAGES,
            "import demo:shapes/geometry",
            "import demo:shapes/geo$0metry",
        ),
        expect!["shapes/geometry.wit:3:11 `geometry`"],
    );
    definition(
        &mark(PACKAGES, "export types", "export ty$0pes"),
        expect!["app/types.wit:3:11 `types`"],
    );
    definition(
        &mark(PACKAGES, "include base", "include ba$0se"),
        expect!["app/world.wit:9:7 `base`"],
    );
    definition(
        &mark(PACKAGES, "{ tick as", "{ ti$0ck as"),
        expect!["app/world.wit:10:12 `tick`"],
    );
}

#[test]
fn an_unresolved_name_has_no_definition() {
    definition(
        "//- a/a.wit\npackage a:a;\ninterface i { type t = miss$0ing; }\n",
        expect!["none"],
    );
}

#[test]
fn type_definition_of_a_field_and_a_function_result() {
    let fixture = Fixture::new(&mark(PACKAGES, "at: point", "a$0t: point"));
    let (path, offset) = &fixture.cursor;
    let target = fixture
        .analysis
        .goto_type_definition(path, *offset)
        .unwrap();
    expect!["shapes/geometry.wit:4:12 `point`"]
        .assert_eq(&fixture.show(&target.path, target.name_range));
    let fixture = Fixture::new(&mark(PACKAGES, "locate:", "loc$0ate:"));
    let (path, offset) = &fixture.cursor;
    let target = fixture
        .analysis
        .goto_type_definition(path, *offset)
        .unwrap();
    expect!["shapes/geometry.wit:4:12 `point`"]
        .assert_eq(&fixture.show(&target.path, target.name_range));
}

#[test]
fn references_across_packages_with_and_without_the_declaration() {
    let fixture = Fixture::new(&mark(PACKAGES, "record point", "record poi$0nt"));
    let (path, offset) = &fixture.cursor;
    let shown = |include| {
        let refs = fixture.analysis.references(path, *offset, include);
        refs.into_iter()
            .map(|r| fixture.show(&r.path, r.range))
            .collect::<Vec<_>>()
            .join("\n")
    };
    expect![[r#"
        app/types.wit:4:37 `point`
        app/types.wit:7:13 `point`
        app/types.wit:10:34 `point`"#]]
    .assert_eq(&shown(false));
    expect![[r#"
        app/types.wit:4:37 `point`
        app/types.wit:7:13 `point`
        app/types.wit:10:34 `point`
        shapes/geometry.wit:4:12 `point`"#]]
    .assert_eq(&shown(true));
}

#[test]
fn highlight_stays_in_the_file_and_marks_the_definition() {
    let fixture = Fixture::new(&mark(PACKAGES, "p: pin", "p: p$0in"));
    let (path, offset) = &fixture.cursor;
    let shown: Vec<String> = fixture
        .analysis
        .highlight(path, *offset)
        .into_iter()
        .map(|(range, is_def)| {
            format!(
                "{} {}",
                fixture.show(path, range),
                if is_def { "def" } else { "use" }
            )
        })
        .collect();
    expect![[r#"
        app/types.wit:6:12 `pin` def
        app/types.wit:10:21 `pin` use"#]]
    .assert_eq(&shown.join("\n"));
}

#[test]
fn into_a_deps_folder() {
    let fixture = r#"
//- app/app.wit
package demo:app;

interface api {
    use demo:vendored/things.{widget};
    make: func() -> wid$0get;
}
//- app/deps/vendored/things.wit
package demo:vendored;

interface things {
    resource widget;
}
"#;
    definition(
        fixture,
        expect!["app/deps/vendored/things.wit:4:14 `widget`"],
    );
}

#[test]
fn a_keystroke_reparses_in_place_and_a_new_package_line_asks_for_a_rebuild() {
    let mut fixture =
        Fixture::new("//- a/a.wit\npackage demo:a;\n\ninterface i {\n  type t = u32;\n}\n");
    let path = fixture.root.join("a/a.wit");
    let edited = "package demo:a;\n\ninterface i {\n  type t = u32;\n  type u = t;\n}\n";
    assert!(fixture.analysis.update_file(&path, edited.into()));
    let at = edited.rfind("= t").unwrap() + 2;
    let target = fixture.analysis.goto_definition(&path, at).unwrap();
    expect!["a/a.wit:4:8 `t`"].assert_eq(&fixture.show(&target.path, target.name_range));
    assert!(
        !fixture
            .analysis
            .update_file(&path, edited.replace("demo:a", "demo:b").into())
    );
    assert!(
        !fixture
            .analysis
            .update_file(&fixture.root.join("a/new.wit"), "".into())
    );
}
