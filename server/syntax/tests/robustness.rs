//! Hostile input: huge files, deep nesting and random bytes must finish,
//! never panic, and keep the text.

fn check_lossless(text: &str) -> syntax::Parse {
    let parse = syntax::parse(text);
    assert_eq!(parse.syntax().to_string(), text);
    parse
}

#[test]
fn ten_thousand_nested_angles_are_an_error_not_a_stack_overflow() {
    let text = format!(
        "package a:b;\ninterface i {{\n  type t = {}u32{};\n}}\n",
        "list<".repeat(10_000),
        ">".repeat(10_000)
    );
    let parse = check_lossless(&text);
    assert_eq!(parse.errors().len(), 1, "{:?}", parse.errors());
    assert_eq!(parse.errors()[0].message, "type nesting too deep");

    let unclosed = format!(
        "package a:b;\ninterface i {{\n  type t = {}",
        "option<".repeat(10_000)
    );
    assert!(!check_lossless(&unclosed).errors().is_empty());
    let angles = "<".repeat(10_000);
    assert!(!check_lossless(&angles).errors().is_empty());
}

#[test]
fn deeply_nested_packages_and_braces_are_errors() {
    let packages = "package a:b {\n".repeat(10_000);
    assert!(!check_lossless(&packages).errors().is_empty());
    let braces = "{".repeat(10_000) + &"}".repeat(10_000);
    assert!(!check_lossless(&braces).errors().is_empty());
    let comments = "/*".repeat(10_000);
    assert!(!check_lossless(&comments).errors().is_empty());
}

#[test]
fn a_ten_megabyte_file_parses() {
    let item = "  /// Docs.\n  record point { x: u32, y: list<option<string>> }\n  f: func(a: u32, b: borrow<r>) -> result<_, e>;\n";
    let mut text = String::from("package a:b;\ninterface i {\n");
    while text.len() < 10_000_000 {
        text.push_str(item);
    }
    text.push_str("}\n");
    let parse = check_lossless(&text);
    assert!(parse.errors().is_empty());

    let garbage = "}){(<>;:@%\n".repeat(100_000);
    check_lossless(&garbage);
}

#[test]
fn keywords_in_odd_places_terminate() {
    for ty in [
        "tuple<with>",
        "tuple<from, as>",
        "list<static>",
        "result<_, async>",
        "map<func>",
        "option<constructor>",
    ] {
        let text = format!("interface i {{\n  type t = {ty};\n  f: func(x: {ty});\n}}\n");
        assert!(!check_lossless(&text).errors().is_empty(), "{ty}");
    }
}
