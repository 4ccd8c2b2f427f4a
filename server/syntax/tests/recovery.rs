//! Error recovery: every error is reported with what was expected, and the
//! items before and after an error stay in the tree.

use expect_test::{Expect, expect};
use syntax::ast::{AstNode, HasDocs};

/// The errors, then the names of the file-level items and their members.
fn check(text: &str, expect: Expect) {
    let parse = syntax::parse(text);
    assert_eq!(
        parse.syntax().to_string(),
        text,
        "the tree must keep the text"
    );
    let mut out = String::new();
    for e in parse.errors() {
        out.push_str(&format!(
            "error {:?} {:?}: {}\n",
            e.range,
            &text[e.range.clone()],
            e.message
        ));
    }
    for interface in parse.tree().interfaces() {
        let items: Vec<String> = interface
            .items()
            .map(|i| {
                i.syntax()
                    .descendants()
                    .find_map(syntax::ast::Name::cast)
                    .map(|n| n.text())
                    .unwrap_or_default()
            })
            .collect();
        out.push_str(&format!(
            "interface {} {{ {} }}\n",
            interface.name().map(|n| n.text()).unwrap_or_default(),
            items.join(", ")
        ));
    }
    for world in parse.tree().worlds() {
        out.push_str(&format!(
            "world {} ({} items)\n",
            world.name().map(|n| n.text()).unwrap_or_default(),
            world.items().count()
        ));
    }
    expect.assert_eq(&out);
}

#[test]
fn missing_semicolon_keeps_the_next_function() {
    check(
        "interface i {\n  f: func()\n  g: func();\n}\n",
        expect![[r#"
            error 25..25 "": expected `;`, but the line ends here
            interface i { f, g }
        "#]],
    );
}

#[test]
fn missing_comma_keeps_both_fields() {
    check(
        "interface i {\n  record r { a: u32 b: u32 }\n  f: func();\n}\n",
        expect![[r#"
            error 34..35 "b": expected `,` or `}`, found identifier `b`
            interface i { r, f }
        "#]],
    );
}

#[test]
fn unclosed_brace_stops_at_the_next_interface() {
    check(
        "interface i {\n  f: func();\n\ninterface j {\n  g: func();\n}\n",
        expect![[r#"
            error 26..26 "": expected `}`, but the line ends here
            interface i { f }
            interface j { g }
        "#]],
    );
}

#[test]
fn unclosed_angle_keeps_the_item() {
    check(
        "interface i {\n  type t = list<u32;\n  f: func();\n}\n",
        expect![[r#"
            error 33..34 ";": expected `>`, found `;`
            interface i { t, f }
        "#]],
    );
}

#[test]
fn stray_tokens_are_skipped() {
    check(
        "interface i {\n  ) ] f: func();\n}\nworld w {}\n",
        expect![[r#"
            error 16..17 ")": expected `type`, `resource` or `func`, found `)`
            error 18..19 "]": unexpected character `]`
            interface i { f }
            world w (0 items)
        "#]],
    );
}

#[test]
fn half_typed_signature_keeps_the_next_function() {
    check(
        "interface i {\n  f: func(a: u32, b\n  g: func();\n}\n",
        expect![[r#"
            error 33..33 "": expected `:`, but the line ends here
            interface i { f, g }
        "#]],
    );
}

#[test]
fn attribute_without_item() {
    check(
        "interface i {\n  f: func();\n  @since(version = 1.0.0)\n}\nworld w {}\n",
        expect![[r#"
            error 52..52 "": expected `type`, `resource` or `func` after attributes, but the line ends here
            interface i { f }
            world w (0 items)
        "#]],
    );
}

#[test]
fn every_error_in_a_file_is_reported() {
    check(
        "interface i {\n  f: func(\n}\ninterface j {\n  record r { a u32 }\n}\nworld w { import x }\n",
        expect![[r#"
            error 24..24 "": expected `)`, but the line ends here
            error 56..59 "u32": expected `:`, found keyword `u32`
            error 83..84 "}": expected `;`, found `}`
            interface i { f }
            interface j { r }
            world w (1 items)
        "#]],
    );
}

#[test]
fn errors_at_end_of_file_point_at_the_end() {
    check(
        "interface i {\n  f: func(a: u32,",
        expect![[r#"
            error 31..31 "": expected `)`, found end of file
            interface i { f }
        "#]],
    );
}

#[test]
fn block_docs_keep_their_markdown() {
    let parse = syntax::parse(
        "/**\n * A list:\n *\n * - one\n *   - nested\n *\n *       code\n */\ninterface i {\n  /** First line,\n      then more.\n\n      A paragraph. */\n  f: func();\n}\n",
    );
    let interface = parse.tree().interfaces().next().unwrap();
    assert_eq!(
        interface.docs().as_deref(),
        Some("A list:\n\n- one\n  - nested\n\n      code")
    );
    let syntax::ast::InterfaceItem::Func(f) = interface.items().next().unwrap() else {
        panic!("expected a function")
    };
    assert_eq!(
        f.docs().as_deref(),
        Some("First line,\nthen more.\n\nA paragraph.")
    );
}

#[test]
fn docs_belong_to_their_item() {
    let parse = syntax::parse(
        "// not docs\n/// Says hello.\n/// Twice.\ninterface i {\n  /** The function. */\n  f: func();\n}\n",
    );
    let interface = parse.tree().interfaces().next().unwrap();
    assert_eq!(interface.docs().as_deref(), Some("Says hello.\nTwice."));
    assert_eq!(interface.range().start, "// not docs\n".len());
    let syntax::ast::InterfaceItem::Func(f) = interface.items().next().unwrap() else {
        panic!("expected a function")
    };
    assert_eq!(f.docs().as_deref(), Some("The function."));
}

#[test]
fn tree_shape() {
    let parse = syntax::parse(
        "package a:b@1.0.0;\n/// d\ninterface i {\n  f: func(x: list<u8>) -> result<_, e>;\n}\n",
    );
    expect![[r#"
        SOURCE_FILE@0..81
          PACKAGE_DECL@0..18
            PACKAGE_KW@0..7 "package"
            WHITESPACE@7..8 " "
            PACKAGE_NAME@8..17
              IDENT@8..9 "a"
              COLON@9..10 ":"
              IDENT@10..11 "b"
              AT@11..12 "@"
              VERSION@12..17
                INTEGER@12..13 "1"
                DOT@13..14 "."
                INTEGER@14..15 "0"
                DOT@15..16 "."
                INTEGER@16..17 "0"
            SEMICOLON@17..18 ";"
          WHITESPACE@18..19 "\n"
          INTERFACE@19..80
            DOC_COMMENT@19..24 "/// d"
            WHITESPACE@24..25 "\n"
            INTERFACE_KW@25..34 "interface"
            WHITESPACE@34..35 " "
            NAME@35..36
              IDENT@35..36 "i"
            WHITESPACE@36..37 " "
            INTERFACE_BODY@37..80
              L_BRACE@37..38 "{"
              WHITESPACE@38..41 "\n  "
              FUNC@41..78
                NAME@41..42
                  IDENT@41..42 "f"
                COLON@42..43 ":"
                WHITESPACE@43..44 " "
                FUNC_TYPE@44..77
                  FUNC_KW@44..48 "func"
                  PARAM_LIST@48..61
                    L_PAREN@48..49 "("
                    PARAM@49..60
                      NAME@49..50
                        IDENT@49..50 "x"
                      COLON@50..51 ":"
                      WHITESPACE@51..52 " "
                      LIST_TYPE@52..60
                        LIST_KW@52..56 "list"
                        L_ANGLE@56..57 "<"
                        PRIMITIVE_TYPE@57..59
                          U8_KW@57..59 "u8"
                        R_ANGLE@59..60 ">"
                    R_PAREN@60..61 ")"
                  WHITESPACE@61..62 " "
                  ARROW@62..64 "->"
                  WHITESPACE@64..65 " "
                  RESULT_TYPE@65..77
                    RESULT_KW@65..71 "result"
                    L_ANGLE@71..72 "<"
                    UNDERSCORE@72..73 "_"
                    COMMA@73..74 ","
                    WHITESPACE@74..75 " "
                    NAMED_TYPE@75..76
                      NAME_REF@75..76
                        IDENT@75..76 "e"
                    R_ANGLE@76..77 ">"
                SEMICOLON@77..78 ";"
              WHITESPACE@78..79 "\n"
              R_BRACE@79..80 "}"
          WHITESPACE@80..81 "\n"
    "#]]
    .assert_eq(&parse.debug_dump());
}

/// A line being typed, inserted before the last items of an interface or a
/// world: one error, on that line, and the items after it keep their names.
#[test]
fn a_half_typed_line_gives_one_error_on_that_line() {
    // The typed line is line 5 (1-based) of the interface, line 7 of the world.
    let interface = |typed: &str| {
        (
            4,
            format!(
                "package x:y@0.2.0;\n\ninterface i {{\n    type a = u32;\n{typed}\n    @since(version = 0.2.0)\n    b: func(x: a) -> a;\n    record r {{ f: a }}\n}}\n"
            ),
        )
    };
    let world = |typed: &str| {
        (
            6,
            format!(
                "package x:y@0.2.0;\n\ninterface i {{}}\n\nworld w {{\n    import i;\n{typed}\n    @since(version = 0.2.0)\n    export i;\n    export run: func();\n}}\n"
            ),
        )
    };
    let cases = [
        ("use with a namespace only", interface("    use wasi:")),
        ("use with a package only", interface("    use x:y/")),
        (
            "use without names",
            interface("    use wasi:io/streams@0.2.0"),
        ),
        ("func without `;`", interface("    f: func(x: u32)")),
        (
            "func without a result type",
            interface("    f: func(x: u32) ->"),
        ),
        (
            "record field without a type",
            interface("    record q { f: }"),
        ),
        ("@since( without `)`", interface("    @since(")),
        ("unclosed `<`", interface("    type l = list<u32")),
        ("type alias without a type", interface("    type t =")),
        ("resource without a name", interface("    resource")),
        ("import without a name", world("    import")),
        ("export of a namespace only", world("    export wasi:")),
        ("include without `;`", world("    include x:y/other")),
    ];
    let mut failures = Vec::new();
    for (name, (typed_line, text)) in &cases {
        let parse = syntax::parse(text);
        let line_of = |offset: usize| text[..offset].matches('\n').count();
        let errors: Vec<(usize, &str)> = parse
            .errors()
            .iter()
            .map(|e| (line_of(e.range.start), e.message.as_str()))
            .collect();
        if errors.len() != 1 || errors[0].0 != *typed_line {
            failures.push(format!(
                "`{name}`: expected one error on line {}, got {errors:?}",
                typed_line + 1
            ));
        }
        let tree = parse.tree();
        match tree.worlds().next() {
            Some(world) => {
                let kept = world.items().count();
                // `import i;`, the typed item, `export i;`, `export run`; the typed one may be dropped.
                if kept < 3
                    || !world
                        .syntax()
                        .text()
                        .to_string()
                        .contains("export run: func();")
                {
                    failures.push(format!("`{name}`: the world keeps {kept} items"));
                }
            }
            None => {
                let names: Vec<String> = tree
                    .interfaces()
                    .flat_map(|i| {
                        i.items()
                            .filter_map(|item| {
                                item.syntax()
                                    .descendants()
                                    .find_map(syntax::ast::Name::cast)
                            })
                            .map(|n| n.text())
                            .collect::<Vec<_>>()
                    })
                    .collect();
                if !(names.contains(&"b".to_string()) && names.contains(&"r".to_string())) {
                    failures.push(format!(
                        "`{name}`: the items after the typed line are lost: {names:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
