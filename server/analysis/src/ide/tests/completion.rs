use expect_test::{Expect, expect};

use super::Fixture;

const FILES: &str = r#"
//- io/streams.wit
package demo:io@0.2.0;

interface streams {
    resource input-stream;
    resource output-stream;
}

interface poll {
    resource pollable;
}
//- http/types.wit
package demo:http;

interface types {
    use demo:io/streams@0.2.0.{input-stream};
    record body { size: u64 }
    CURSOR
}
"#;

fn complete(cursor_line: &str, expect: Expect) {
    let fixture = Fixture::new(&FILES.replace("CURSOR", cursor_line));
    let (path, offset) = &fixture.cursor;
    let shown: Vec<String> = fixture
        .analysis
        .completion(path, *offset)
        .into_iter()
        .map(|item| {
            let mut line = format!("{:?} {}", item.kind, item.label);
            if let Some(detail) = &item.detail {
                line += &format!(" ({detail})");
            }
            for edit in &item.additional_edits {
                line += &format!(" +{:?}", edit.new_text);
            }
            if let Some(range) = &item.replace {
                let typed = &fixture.analysis.text(path).unwrap()[range.clone()];
                let inserted = item.insert_snippet.as_deref().unwrap_or(&item.label);
                line += &format!(" [{typed:?} -> {inserted:?}]");
            }
            line
        })
        .filter(|line| !line.starts_with("BuiltinType"))
        .collect();
    expect.assert_eq(&shown.join("\n"));
}

#[test]
fn types_in_scope_and_out_of_scope_with_their_use() {
    complete(
        "open: func() -> result<inp$0",
        expect![[r#"
        Type input-stream
        Type body
        Type output-stream (demo:io/streams@0.2.0) +"\n    use demo:io/streams@0.2.0.{output-stream};"
        Type pollable (demo:io/poll@0.2.0) +"\n    use demo:io/poll@0.2.0.{pollable};""#]],
    );
}

#[test]
fn builtins_where_a_type_goes() {
    let fixture = Fixture::new(&FILES.replace("CURSOR", "type t = $0"));
    let (path, offset) = &fixture.cursor;
    let labels: Vec<String> = fixture
        .analysis
        .completion(path, *offset)
        .into_iter()
        .map(|i| i.label)
        .collect();
    for builtin in ["u32", "string", "list", "result"] {
        assert!(
            labels.contains(&builtin.to_string()),
            "{builtin} missing from {labels:?}"
        );
    }
}

#[test]
fn use_paths_offer_packages_then_interfaces_then_items() {
    complete(
        "use $0",
        expect![[r#"
            Interface types
            Package demo:http ["" -> "demo:http/"]
            Package demo:io (0.2.0) ["" -> "demo:io/"]"#]],
    );
    complete(
        "use demo:io/$0",
        expect![[r#"
            Interface streams (@0.2.0) ["" -> "streams@0.2.0"]
            Interface poll (@0.2.0) ["" -> "poll@0.2.0"]"#]],
    );
    // Once the namespace is typed, only its packages; the typed text is
    // replaced, and an interface of a versioned package comes with it.
    complete(
        "use demo:$0",
        expect![[r#"
            Package demo:http ["demo:" -> "demo:http/"]
            Package demo:io (0.2.0) ["demo:" -> "demo:io/"]"#]],
    );
    complete(
        "use demo:io/str$0",
        expect![[r#"
            Interface streams (@0.2.0) ["str" -> "streams@0.2.0"]
            Interface poll (@0.2.0) ["str" -> "poll@0.2.0"]"#]],
    );
    complete(
        "use demo:io/streams@0.2.0.{$0",
        expect![[r#"
        Type input-stream
        Type output-stream"#]],
    );
}

#[test]
fn keywords_at_the_start_of_an_item_and_gates_after_at() {
    complete(
        "$0",
        expect![[r#"
        Keyword use
        Keyword type
        Keyword record
        Keyword variant
        Keyword enum
        Keyword flags
        Keyword resource"#]],
    );
    complete(
        "@$0",
        expect![[r#"
        Attribute since
        Attribute unstable
        Attribute deprecated"#]],
    );
}

#[test]
fn after_an_item_label_a_function_follows() {
    complete(
        "open: $0",
        expect![[r#"
        Keyword func
        Keyword async"#]],
    );
    complete(
        "resource file {\n    $0\n  }",
        expect!["Keyword constructor"],
    );
    complete(
        "resource file {\n    read: $0\n  }",
        expect![[r#"
        Keyword func
        Keyword async
        Keyword static"#]],
    );
}

#[test]
fn a_use_path_names_the_version_the_package_already_resolves_or_the_newest() {
    let newer = "//- io3/streams.wit\npackage demo:io@0.3.0;\n\ninterface streams {\n  resource input-stream;\n}\n";
    let shown = |fixture: &str| {
        let fixture = Fixture::new(fixture);
        let (path, offset) = &fixture.cursor;
        let items = fixture.analysis.completion(path, *offset);
        let streams = items
            .iter()
            .find(|i| i.label == "streams")
            .expect("streams");
        streams.insert_snippet.clone().unwrap_or_default()
    };
    // `types` already uses demo:io@0.2.0: the new path keeps to it.
    let with_both = format!("{}{newer}", FILES.replace("CURSOR", "use demo:io/$0"));
    assert_eq!(shown(&with_both), "streams@0.2.0");
    // A package that uses no version of it gets the newest.
    let fresh = format!(
        "{}{newer}//- app/app.wit\npackage demo:app;\n\ninterface api {{\n  use demo:io/$0\n}}\n",
        FILES.replace("CURSOR", "")
    );
    assert_eq!(shown(&fresh), "streams@0.3.0");
}

#[test]
fn a_use_path_prefers_the_version_the_dependencies_bring_in() {
    // demo:app depends on demo:http, which uses demo:io@0.2.0; a newer
    // demo:io elsewhere in the workspace does not resolve from demo:app.
    let fixture = Fixture::new(&format!(
        "{}//- io3/streams.wit\npackage demo:io@0.3.0;\n\ninterface streams {{\n  resource input-stream;\n}}\n//- app/app.wit\npackage demo:app;\n\nworld w {{\n  import demo:http/types;\n}}\n\ninterface api {{\n  use demo:io/$0\n}}\n",
        FILES.replace("CURSOR", "")
    ));
    let (path, offset) = &fixture.cursor;
    let items = fixture.analysis.completion(path, *offset);
    let streams = items
        .iter()
        .find(|i| i.label == "streams")
        .expect("streams");
    assert_eq!(streams.insert_snippet.as_deref(), Some("streams@0.2.0"));
}
