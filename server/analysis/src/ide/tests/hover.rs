use expect_test::{Expect, expect};

use super::Fixture;

const FILES: &str = r#"
//- lib/shapes.wit
package demo:shapes@1.2.0;

interface geometry {
    /// A point on the plane.
    /// Units are pixels.
    @since(version = 1.1.0)
    record point { x: s32, y: s32 }

    @deprecated(version = 1.2.0)
    origin: func() -> point;
}
//- app/app.wit
package demo:app;

interface canvas {
    use demo:shapes/geometry@1.2.0.{point as dot};
    draw: func(at: dot);
}
"#;

fn hover(needle: &str, marked: &str, expect: Expect) {
    expect.assert_eq(&Fixture::new(&FILES.replacen(needle, marked, 1)).hover_at_cursor());
}

#[test]
fn docs_gate_and_signature_of_a_type() {
    hover(
        "record point",
        "record po$0int",
        expect![[r#"
        lib/shapes.wit:7:12 `point`
        ```wit
        record point { x: s32, y: s32 }
        ```

        ---

        `@since(version = 1.1.0)`

        ---

        A point on the plane.
        Units are pixels."#]],
    );
}

#[test]
fn a_use_alias_names_its_original() {
    hover(
        "at: dot",
        "at: d$0ot",
        expect![[r#"
        app/app.wit:5:20 `dot`
        ```wit
        record point { x: s32, y: s32 }
        ```

        ---

        `@since(version = 1.1.0)`

        ---

        A point on the plane.
        Units are pixels.

        ---

        `dot` is `point` from `demo:shapes@1.2.0/geometry`"#]],
    );
}

#[test]
fn a_deprecated_function() {
    hover(
        "origin:",
        "ori$0gin:",
        expect![[r#"
        lib/shapes.wit:10:5 `origin`
        ```wit
        origin: func() -> point;
        ```

        ---

        `@deprecated(version = 1.2.0)`"#]],
    );
}

#[test]
fn nothing_on_whitespace() {
    hover("\n    draw", "\n $0   draw", expect!["none"]);
}

fn abi_line(fixture: &str) -> String {
    let fixture = Fixture::new(fixture);
    let (path, offset) = &fixture.cursor;
    let markdown = fixture
        .analysis
        .hover(path, *offset)
        .map(|h| h.markdown)
        .unwrap_or_default();
    markdown
        .lines()
        .filter(|l| l.starts_with("Canonical ABI"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn canonical_abi_size_alignment_and_flattening() {
    let file = |cursor: &str| {
        let text = "//- a/a.wit\npackage demo:abi;\n\ninterface i {\n  record pair { a: u8, b: u64 }\n  resource blob;\n  one: func(x: u32) -> u32;\n  spill: func(a: pair, b: pair, c: pair, d: pair, e: pair, f: pair, g: pair, h: pair, i: pair) -> pair;\n}\n";
        text.replacen(cursor, &format!("{}$0{}", &cursor[..2], &cursor[2..]), 1)
    };
    expect!["Canonical ABI (wasm32): size 16 bytes, alignment 8"]
        .assert_eq(&abi_line(&file("pair {")));
    expect!["Canonical ABI (as an import): parameters 1 flat value(s); results 1 flat value(s)"]
        .assert_eq(&abi_line(&file("one:")));
    expect!["Canonical ABI (wasm32): `own<blob>` and `borrow<blob>` are handles, one i32: size 4 bytes, alignment 4"]
        .assert_eq(&abi_line(&file("blob;")));
    expect!["Canonical ABI (as an import): parameters more than 16 flat values: passed in memory through a pointer; results more than 1 flat value: returned in memory through a pointer"]
        .assert_eq(&abi_line(&file("spill:")));
}

#[test]
fn no_abi_facts_for_a_package_that_does_not_resolve() {
    let text =
        "//- a/a.wit\npackage demo:abi;\n\ninterface i {\n  record pa$0ir { a: missing }\n}\n";
    expect![""].assert_eq(&abi_line(text));
}

#[test]
fn abi_facts_follow_edits() {
    let mut fixture = Fixture::new(
        "//- a/a.wit\npackage demo:abi;\n\ninterface i {\n  record pa$0ir { a: u8, b: u64 }\n}\n",
    );
    let (path, offset) = fixture.cursor.clone();
    let abi = |fixture: &Fixture| {
        fixture
            .analysis
            .hover(&path, offset)
            .unwrap()
            .markdown
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    expect!["Canonical ABI (wasm32): size 16 bytes, alignment 8"].assert_eq(&abi(&fixture));
    assert!(fixture.analysis.update_file(
        &path,
        "package demo:abi;\n\ninterface i {\n  record pair { a: u8, b: u16 }\n}\n".into()
    ));
    expect!["Canonical ABI (wasm32): size 4 bytes, alignment 2"].assert_eq(&abi(&fixture));
}
