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
fn remove_an_unused_use_and_add_since() {
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
    actions(
        "record lo$0g { x: u32 }",
        expect![[
            r#"Add `@since(version = 1.0.0)`: http/types.wit:6:3 `` -> "@since(version = 1.0.0)\n  ""#
        ]],
    );
}
