use expect_test::{Expect, expect};

use super::Fixture;
use crate::ide::RenameError;

const FILES: &str = r#"
//- io/streams.wit
package demo:io;

interface streams {
    resource input-stream;
    type size = u64;
}
//- http/types.wit
package demo:http;

interface types {
    use demo:io/streams.{input-stream, size as length};
    record fields { body: input-stream, len: length }
}
//- http/handler.wit
package demo:http;

interface handler {
    use types.{fields};
    handle: func(f: fields) -> fields;
}
"#;

fn rename(needle: &str, marked: &str, new_name: &str, expect: Expect) {
    let fixture = Fixture::new(&FILES.replacen(needle, marked, 1));
    let (path, offset) = &fixture.cursor;
    let shown = match fixture.analysis.rename(path, *offset, new_name) {
        Ok(edits) => edits
            .into_iter()
            .flat_map(|(path, edits)| edits.into_iter().map(move |e| (path.clone(), e)))
            .map(|(path, edit)| format!("{} -> {}", fixture.show(&path, edit.range), edit.new_text))
            .collect::<Vec<_>>()
            .join("\n"),
        Err(err) => format!("error: {err}").replace(&fixture.root.display().to_string(), "<root>"),
    };
    expect.assert_eq(&shown);
}

#[test]
fn a_record_across_files_of_its_package() {
    rename(
        "record fields",
        "record fie$0lds",
        "headers",
        expect![[r#"
        http/handler.wit:4:16 `fields` -> headers
        http/handler.wit:5:21 `fields` -> headers
        http/handler.wit:5:32 `fields` -> headers
        http/types.wit:5:12 `fields` -> headers"#]],
    );
}

#[test]
fn a_resource_across_packages() {
    rename(
        "body: input-stream",
        "body: input-st$0ream",
        "reader",
        expect![[r#"
        http/types.wit:4:26 `input-stream` -> reader
        http/types.wit:5:27 `input-stream` -> reader
        io/streams.wit:4:14 `input-stream` -> reader"#]],
    );
}

#[test]
fn an_alias_keeps_its_name() {
    rename(
        "type size",
        "type si$0ze",
        "bytes",
        expect![[r#"
        http/types.wit:4:40 `size` -> bytes
        io/streams.wit:5:10 `size` -> bytes"#]],
    );
}

#[test]
fn refuses_keywords_bad_identifiers_and_clashes() {
    rename(
        "record fields",
        "record fie$0lds",
        "record",
        expect!["error: `record` is a WIT keyword; write `%record` to use it as a name"],
    );
    rename(
        "record fields",
        "record fie$0lds",
        "Bad_Name",
        expect![
            "error: `Bad_Name` is not a valid WIT identifier: use lowercase kebab-case words such as `my-name` (each word starts with a letter)"
        ],
    );
    rename(
        "record fields",
        "record fie$0lds",
        "length",
        expect![[r#"error: `length` is already defined in this scope (in <root>/http/types.wit)"#]],
    );
    rename(
        "record fields",
        "record fie$0lds",
        "input-stream",
        expect![[
            r#"error: `input-stream` is already defined in this scope (in <root>/http/types.wit)"#
        ]],
    );
}

#[test]
fn prepare_rename_refuses_packages() {
    let fixture = Fixture::new(&FILES.replacen("use demo:io", "use demo:i$0o", 1));
    let (path, offset) = &fixture.cursor;
    assert_eq!(
        fixture.analysis.prepare_rename(path, *offset),
        Err(RenameError::NotRenamable("a package name"))
    );
}
