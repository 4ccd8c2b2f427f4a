use expect_test::{Expect, expect};

use super::Fixture;

const FILES: &str = r#"
//- io/streams.wit
package demo:io@0.2.0;

interface streams {
  resource input-stream;
}
//- http/types.wit
package demo:http@1.0.0;

interface types {
  use demo:io/streams@0.2.0.{input-stream};
  record body { size: u64 }
  CURSOR
}
"#;

fn actions(cursor_line: &str, expect: Expect) {
    let fixture = Fixture::new(&FILES.replace("CURSOR", cursor_line));
    let (path, offset) = &fixture.cursor;
    let shown: Vec<String> = fixture
        .analysis
        .code_actions(path, *offset..*offset)
        .into_iter()
        .map(|action| {
            let edits: Vec<String> = action
                .edits
                .iter()
                .flat_map(|(path, edits)| edits.iter().map(move |e| (path, e)))
                .map(|(path, e)| {
                    format!(
                        "{} -> {:?}",
                        fixture.show(path, e.range.clone()),
                        e.new_text
                    )
                })
                .collect();
            format!(
                "{}{}: {}",
                action.title,
                if action.preferred { " (preferred)" } else { "" },
                edits.join("; ")
            )
        })
        .collect();
    expect.assert_eq(&shown.join("\n"));
}

#[test]
fn did_you_mean_for_a_misspelt_type() {
    actions(
        "read: func() -> input-streem$0;",
        expect![[
            r#"Change to `input-stream`: http/types.wit:6:19 `input-streem` -> "input-stream""#
        ]],
    );
}

#[test]
fn add_the_missing_use() {
    actions(
        "bytes: func() -> list<body>;\n  pipe: func(s: output-st$0ream);\n}\ninterface other {\n  resource output-stream;",
        expect![[r#"
        Import `output-stream` from `other` (preferred): http/types.wit:3:18 `` -> "\n  use other.{output-stream};"
        Change to `input-stream`: http/types.wit:7:17 `output-stream` -> "input-stream""#]],
    );
}

#[test]
fn remove_an_unused_use_but_no_since_in_a_package_that_gates_nothing() {
    let fixture = FILES
        .replace("CURSOR", "")
        .replace("  use demo:io", "  u$0se demo:io");
    let fixture = super::Fixture::new(&fixture);
    let (path, offset) = &fixture.cursor;
    let titles: Vec<String> = fixture
        .analysis
        .code_actions(path, *offset..*offset)
        .into_iter()
        .map(|a| a.title)
        .collect();
    expect!["Remove unused `input-stream`"].assert_eq(&titles.join("\n"));
    // A package that gates none of its items is not asked to gate this one.
    actions("record lo$0g { x: u32 }", expect![""]);
}

#[test]
fn add_since_only_where_the_gates_around_call_for_it() {
    // Beside an item with `@since`.
    actions(
        "@since(version = 1.0.0)\n  f: func();\n  record lo$0g { x: u32 }",
        expect![[
            r#"Add `@since(version = 1.0.0)`: http/types.wit:8:3 `` -> "@since(version = 1.0.0)\n  ""#
        ]],
    );
    // Inside a gated resource, whatever its siblings.
    actions(
        "@since(version = 1.0.0)\n  resource r {\n    $0m: func();\n  }",
        expect![[
            r#"Add `@since(version = 1.0.0)`: http/types.wit:8:5 `` -> "@since(version = 1.0.0)\n    ""#
        ]],
    );
    // The gated item itself, and a field (fields take no gate), get none.
    actions(
        "@since(version = 1.0.0)\n  record lo$0g { x: u32 }",
        expect![""],
    );
}

#[test]
fn a_bare_use_of_a_versioned_dependency_says_so_and_adds_the_version() {
    let fixture = super::Fixture::new(
        "//- io/streams.wit\npackage wasi:io@0.2.12;\n\ninterface streams {\n  resource input-stream;\n}\n//- app/deps.toml\nio = \"../io\"\n//- app/api.wit\npackage demo:app;\n\ninterface api {\n  use wasi:io/stre$0ams.{input-stream};\n}\n",
    );
    let workspace = fixture.workspace();
    let result = workspace.check();
    let found: Vec<&crate::Diagnostic> = result.diagnostics.iter().collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let diagnostic = found[0];
    expect![[r#"app/api.wit:4:7 `wasi:io/streams`: package `wasi:io` needs a version: `deps.toml` lists `wasi:io@0.2.12`; write `wasi:io/…@0.2.12`"#]]
        .assert_eq(&format!(
            "{}: {}",
            fixture.show(&diagnostic.path, diagnostic.range.clone()),
            diagnostic.message
        ));
    let (path, _) = &fixture.cursor;
    let fix = fixture
        .analysis
        .missing_version_fix(
            path,
            diagnostic.range.clone(),
            diagnostic.code,
            &diagnostic.message,
        )
        .expect("a fix");
    assert_eq!(fix.title, "Add version `@0.2.12`");
    let edit = &fix.edits[path][0];
    let mut text = fixture.analysis.text(path).unwrap().to_string();
    text.replace_range(edit.range.clone(), &edit.new_text);
    assert!(
        text.contains("use wasi:io/streams@0.2.12.{input-stream};"),
        "{text}"
    );
    // With the version written, the package resolves.
    fixture.fs.write(path, &text);
    let workspace = fixture.workspace();
    assert_eq!(workspace.check().diagnostics, vec![]);
}
