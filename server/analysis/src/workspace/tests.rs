//! Data-driven tests of the workspace model: fixtures with marked
//! diagnostics (see `tests/fixture.rs`) and snapshots of the messages.

mod fixture;
mod invalidation;
mod resolution;
mod robustness;

use expect_test::{Expect, expect};
use fixture::Fixture;

/// Checks the fixture's whole workspace: the diagnostics must be exactly
/// the marked ones, and their messages must match the snapshot.
fn check(text: &str, messages: Expect) {
    let fixture = Fixture::write(text);
    let workspace = fixture.workspace();
    let result = workspace.check();
    messages.assert_eq(&fixture.check_marks(&workspace, &result));
}

#[test]
fn a_multi_file_package_with_a_world_is_clean() {
    check(
        r#"
//- app/wit/types.wit
package demo:app@0.1.0;

interface types {
  record point { x: s32, y: s32 }
}
//- app/wit/world.wit
package demo:app@0.1.0;

interface shapes {
  use types.{point};
  area: func(corners: list<point>) -> f64;
}

world app {
  export shapes;
}
"#,
        expect![[""]],
    );
}

#[test]
fn errors_in_two_packages_are_both_reported_at_the_typo() {
    check(
        r#"
//- a/wit/a.wit
package demo:a;
interface i {
  f: func() -> strnig;
//             ^^^^^^ wit::name-not-found
}
//- b/wit/b.wit
package demo:b;
interface j {
  type t = strng;
//         ^^^^^ wit::name-not-found
}
//- c/wit/c.wit
package demo:c;
interface k {
  type fine = u32;
}
"#,
        expect![[r#"
            a/wit/a.wit:3:16 wit::name-not-found: name `strnig` does not exist
            b/wit/b.wit:3:12 wit::name-not-found: type `strng` does not exist
        "#]],
    );
}

#[test]
fn a_type_cycle_and_a_duplicate_name() {
    check(
        r#"
//- a/a.wit
package demo:a;
interface i {
  type x = y;
//         ^ wit::type-cycle
  type y = x;
}
//- b/b.wit
package demo:b;
interface j {
  type t = u8;
  type t = u16;
//     ^ wit::semantic
}
"#,
        expect![[r#"
            a/a.wit:3:12 wit::type-cycle: type `y` depends on itself
            b/b.wit:4:8 wit::semantic: name `t` is defined more than once
        "#]],
    );
}

#[test]
fn a_half_typed_use_is_one_error_at_the_end_of_its_line() {
    check(
        r#"
//- p/types.wit
package demo:p@0.2.0;
interface types {
  use wasi:
//         ^ wit::syntax
  @since(version = 0.2.0)
  type a = u8;
  @since(version = 0.2.0)
  record r { x: a }
}
"#,
        expect![[r#"
            p/types.wit:3:12 wit::syntax: expected a package name after `wasi:`, but the line ends here
        "#]],
    );
}

#[test]
fn every_syntax_error_of_every_file_is_reported_once() {
    check(
        r#"
//- p/one.wit
package demo:p;
interface one { type a = u8 }
//                          ^ wit::syntax
//- p/two.wit
package demo:p;
interface two {
  type b = u8
//           ^ wit::syntax
  type c = u8;
  record r { x: u8, , }
//                  ^ wit::syntax
}
"#,
        expect![[r#"
            p/one.wit:2:29 wit::syntax: expected `;`, found `}`
            p/two.wit:3:14 wit::syntax: expected `;`, but the line ends here
            p/two.wit:6:21 wit::syntax: expected a field, found `,`
        "#]],
    );
}

#[test]
fn a_type_nested_too_deep_is_one_error() {
    let depth = 200;
    let text = format!(
        "package demo:deep;\ninterface i {{ type t = {}u8{}; }}\n",
        "list<".repeat(depth),
        ">".repeat(depth)
    );
    let fixture = fixture::Fixture::write(&format!("//- a.wit\n{text}"));
    let result = fixture.workspace().check();
    let messages: Vec<&str> = result
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages, ["type nesting too deep"]);
}
