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
    let fixture = Fixture::new(&FILES.replacen(needle, marked, 1));
    let (path, offset) = &fixture.cursor;
    let shown = match fixture.analysis.hover(path, *offset) {
        Some(hover) => format!("{}\n{}", fixture.show(path, hover.range), hover.markdown),
        None => "none".to_string(),
    };
    expect.assert_eq(&shown);
}

#[test]
fn docs_gate_and_signature_of_a_type() {
    hover("record point", "record po$0int", expect![[r#"
        lib/shapes.wit:7:12 `point`
        ```wit
        record point { x: s32, y: s32 }
        ```

        ---

        `@since(version = 1.1.0)`

        ---

        A point on the plane.
        Units are pixels."#]]);
}

#[test]
fn a_use_alias_names_its_original() {
    hover("at: dot", "at: d$0ot", expect![[r#"
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

        `dot` is `point` from `demo:shapes@1.2.0/geometry`"#]]);
}

#[test]
fn a_deprecated_function() {
    hover("origin:", "ori$0gin:", expect![[r#"
        lib/shapes.wit:10:5 `origin`
        ```wit
        origin: func() -> point;
        ```

        ---

        `@deprecated(version = 1.2.0)`"#]]);
}

#[test]
fn nothing_on_whitespace() {
    hover("\n    draw", "\n $0   draw", expect!["none"]);
}
