//! We agree with wit-parser 0.261 on what is syntactically valid WIT: tricky
//! valid files get no error here, and on files it rejects for a syntax
//! reason our first error is at the position it reports.

mod common;

/// Whether our first error, at `ours`, is at wit-parser's `expected`: at the
/// same token, or (our one deliberate difference) at the end of the line
/// before it, when only whitespace and comments separate the two, so that
/// a half-typed line gets the error instead of the item below it.
fn same_place(text: &str, ours: usize, expected: usize) -> bool {
    if ours == expected {
        return true;
    }
    let Some(between) = text.get(ours..expected) else {
        return false;
    };
    let mut rest = between;
    let mut line_break = false;
    loop {
        let trimmed = rest.trim_start();
        line_break |= rest[..rest.len() - trimmed.len()].contains('\n');
        if let Some(comment) = trimmed.strip_prefix("//") {
            let Some(end) = comment.find('\n') else {
                return false;
            };
            line_break = true;
            rest = &comment[end + 1..];
        } else if let Some(comment) = trimmed.strip_prefix("/*") {
            let Some(end) = comment.find("*/") else {
                return false;
            };
            line_break |= comment[..end].contains('\n');
            rest = &comment[end + 2..];
        } else {
            return trimmed.is_empty() && line_break;
        }
    }
}

fn wit_parser_error_start(text: &str) -> Option<usize> {
    let mut map = wit_parser::SourceMap::new();
    map.push_str("test.wit", text);
    match map.parse() {
        Ok(_) => None,
        Err((_, e)) => Some(e.kind().span().start() as usize),
    }
}

const VALID: &[(&str, &str)] = &[
    (
        "package with prerelease and build",
        "package a:b@1.0.0-rc.1+build.5;\ninterface i {}\n",
    ),
    (
        "version with dashed prerelease",
        "package wasi:io@0.2.0-rc-2023-11-10;\ninterface i {}\n",
    ),
    (
        "escaped identifiers",
        "package a:b;\ninterface %interface {\n  type %list = u32;\n  %type: func(%use: %list) -> %list;\n}\n",
    ),
    (
        "uppercase and digit parts",
        "package a:b;\ninterface i {\n  type HTTP-2 = u8;\n  type a-1b = u8;\n}\n",
    ),
    (
        "use with rename and versioned path",
        "package a:b;\ninterface i {\n  use c:d/e@1.2.3.{x as y, z};\n  type t = y;\n}\n",
    ),
    (
        "top-level use with as",
        "package a:b;\nuse c:d/e@1.0.0 as f;\nworld w {\n  import f;\n}\n",
    ),
    (
        "include with renames",
        "package a:b;\nworld base {\n  import x: func();\n}\nworld w {\n  include base with { x as y, }\n  include c:d/e@1.0.0;\n}\n",
    ),
    (
        "every import and export form",
        "package a:b;\ninterface local {}\nworld w {\n  import f: func(a: u32) -> string;\n  import g: async func();\n  import i: interface {\n    h: func();\n  }\n  import local;\n  import c:d/e@0.1.0;\n  export local;\n  export j: func();\n}\n",
    ),
    (
        "builtin types",
        "package a:b;\ninterface i {\n  resource r;\n  type t1 = list<u8>;\n  type t2 = option<u32>;\n  type t3 = result;\n  type t4 = result<u32>;\n  type t5 = result<_, string>;\n  type t6 = result<u32, string>;\n  type t7 = tuple<u32, string,>;\n  f: func(a: own<r>, b: borrow<r>);\n  type t9 = future;\n  type t10 = future<u32>;\n  type t11 = stream<u8>;\n  type t12 = stream;\n  type t13 = error-context;\n  type t14 = list<list<option<tuple<s8, s16, s32, s64, u16, u64, f32, f64, char, bool>>>>;\n}\n",
    ),
    (
        "fixed-size list",
        "package a:b;\ninterface i {\n  type t = list<u32, 4>;\n}\n",
    ),
    (
        "records, variants, enums and flags with trailing commas",
        "package a:b;\ninterface i {\n  record r { a: u32, b: string, }\n  variant v { none, some(u32), }\n  enum e { x, y, }\n  flags f { read, write, }\n}\n",
    ),
    (
        "resources",
        "package a:b;\ninterface i {\n  resource r {\n    constructor(x: u32);\n    get: func() -> u32;\n    make: static func() -> r;\n    wait: async func();\n  }\n  resource s {\n    constructor() -> result<s, string>;\n  }\n  resource t {}\n}\n",
    ),
    (
        "gates",
        "package a:b@1.0.0;\n@since(version = 1.0.0)\ninterface i {\n  @since(version = 1.0.0)\n  @deprecated(version = 1.0.0)\n  f: func();\n  @unstable(feature = fancy)\n  g: func();\n}\n@unstable(feature = x)\nworld w {\n  @since(version = 1.0.0)\n  import i;\n}\n",
    ),
    (
        "comments everywhere",
        "/// package docs\npackage a:b;\n/* block /* nested */ still comment */\n/** block docs */\ninterface i { // trailing\n  /// doc\n  f: func(/* inline */ a: u32 /* x */) /* y */ -> /* z */ u32; // end\n}\n// the end, no newline",
    ),
    (
        "non-ASCII in comments",
        "// Grüße, 世界 🎉\npackage a:b;\ninterface i {\n  /// ñ\n  f: func();\n}\n",
    ),
    (
        "CRLF line endings",
        "package a:b;\r\ninterface i {\r\n  f: func();\r\n}\r\n",
    ),
    ("byte order mark", "\u{feff}package a:b;\ninterface i {}\n"),
    (
        "nested packages",
        "package a:b;\npackage c:d@1.0.0 {\n  interface i {\n    type t = u32;\n  }\n}\ninterface j {\n  use c:d/i@1.0.0.{t};\n}\n",
    ),
    (
        "world types and uses",
        "package a:b;\ninterface i { type t = u32; }\nworld w {\n  use i.{t};\n  type u = t;\n  record r { a: u }\n  export f: func(r: r);\n}\n",
    ),
    (
        "tabs and no final newline",
        "package a:b;\tinterface i\t{\tf:\tfunc();}",
    ),
    (
        "map type",
        "package a:b;\ninterface i {\n  type m = map<string, list<u8>>;\n}\n",
    ),
    (
        "external id",
        "package a:b;\ninterface i {\n  @external-id(\"x\\u{41}\\n\")\n  f: func();\n}\n",
    ),
    (
        "named import of an interface path",
        "package a:b;\ninterface i {}\nworld w {\n  import first: i;\n  import second: c:d/e@1.0.0;\n}\n",
    ),
    (
        "long prerelease and build metadata",
        "package a:b@1.0.0-alpha.beta-1+exp.sha.5114f85;\ninterface i {}\n",
    ),
    // New in wit-parser 0.261: accessors, written `get(…)`/`set(…)` in place of `func(…)`.
    (
        "accessors in an interface and on a resource",
        "package a:b;\ninterface i {\n  colour: get() -> u32;\n  colour: set(value: u32);\n  resource r {\n    size: get() -> u64;\n    size: set(value: u64);\n    count: static get() -> u32;\n  }\n}\n",
    ),
    (
        "accessor imported into a world",
        "package a:b;\nworld w {\n  import level: get() -> u8;\n  import level: set(v: u8);\n  export name: get() -> string;\n}\n",
    ),
    (
        "`get` and `set` are still names",
        "package a:b;\ninterface i {\n  type get = u32;\n  set: func(get: get) -> get;\n}\n",
    ),
];

#[test]
fn tricky_valid_files_have_no_syntax_errors() {
    for (name, text) in VALID {
        assert_eq!(
            wit_parser_error_start(text),
            None,
            "wit-parser rejects the valid case `{name}`"
        );
        let parse = syntax::parse(text);
        assert_eq!(parse.syntax().to_string(), *text);
        assert!(
            parse.errors().is_empty(),
            "`{name}`: unexpected errors {:?}",
            parse.errors()
        );
    }
}

/// Each case is rejected by wit-parser for a syntax reason.
const INVALID: &[(&str, &str)] = &[
    (
        "missing `;`",
        "package a:b;\ninterface i {\n  f: func()\n  g: func();\n}\n",
    ),
    (
        "missing `,` in a record",
        "package a:b;\ninterface i {\n  record r { a: u32 b: u32 }\n}\n",
    ),
    (
        "unclosed `{` at end of file",
        "package a:b;\ninterface i {\n  f: func();\n",
    ),
    (
        "unclosed `<`",
        "package a:b;\ninterface i {\n  type t = list<u32;\n}\n",
    ),
    ("stray `)`", "package a:b;\ninterface i {\n  )\n}\n"),
    (
        "stray token at top level",
        "package a:b;\nfoo\ninterface i {}\n",
    ),
    (
        "half-typed signature at end",
        "package a:b;\ninterface i {\n  f: func(a: u32,",
    ),
    (
        "half-typed signature before `}`",
        "package a:b;\ninterface i {\n  f: func(a: u32, b\n}\n",
    ),
    (
        "attribute with no item",
        "package a:b;\ninterface i {\n  @since(version = 1.0.0)\n}\n",
    ),
    (
        "attribute at end of file",
        "package a:b;\n@since(version = 1.0.0)\n",
    ),
    (
        "mixed-case identifier",
        "package a:b;\ninterface Foo-bar {}\n",
    ),
    (
        "double dash in identifier",
        "package a:b;\ninterface a--b {}\n",
    ),
    (
        "identifier starting with a digit part",
        "package a:b;\ninterface i { type t = u32; f: func(x: t-) ; }\n",
    ),
    ("keyword as a name", "package a:b;\ninterface type {}\n"),
    ("short version", "package a:b@1.0;\ninterface i {}\n"),
    (
        "leading zero in version",
        "package a:b@01.0.0;\ninterface i {}\n",
    ),
    (
        "unknown attribute",
        "package a:b;\n@foo(version = 1.0.0)\ninterface i {}\n",
    ),
    (
        "wrong attribute key",
        "package a:b;\n@since(feature = 1.0.0)\ninterface i {}\n",
    ),
    (
        "unexpected character",
        "package a:b;\ninterface i {\n  $\n}\n",
    ),
    (
        "unterminated block comment",
        "package a:b;\n/* open\ninterface i {}\n",
    ),
    (
        "control character",
        "package a:b;\ninterface i {}\n// \u{7}\n",
    ),
    (
        "bidi override in a comment",
        "package a:b;\n// \u{202e}\ninterface i {}\n",
    ),
    ("lone carriage return", "package a:b;\rinterface i {}\n"),
    (
        "result with only `_`",
        "package a:b;\ninterface i {\n  type t = result<_>;\n}\n",
    ),
    (
        "fixed-size list without size",
        "package a:b;\ninterface i {\n  type t = list<u32, x>;\n}\n",
    ),
    (
        "interface inside a world",
        "package a:b;\nworld w {\n  interface i {}\n}\n",
    ),
    (
        "include rename without `as`",
        "package a:b;\nworld w {\n  include v with { x }\n}\n",
    ),
    (
        "import of a function without `;`",
        "package a:b;\nworld w {\n  import f: func()\n}\n",
    ),
    (
        "attributes on a nested package",
        "package a:b;\n@since(version = 1.0.0)\npackage c:d {}\n",
    ),
    (
        "own of a non-name",
        "package a:b;\ninterface i {\n  type t = own<list<u32>>;\n}\n",
    ),
    (
        "type alias without `=`",
        "package a:b;\ninterface i {\n  type t u32;\n}\n",
    ),
    (
        "function without `:`",
        "package a:b;\ninterface i {\n  f func();\n}\n",
    ),
    (
        "use without `.`",
        "package a:b;\ninterface i {\n  use j{t};\n}\n",
    ),
    (
        "package declared twice",
        "package a:b;\npackage c:d;\ninterface i {}\n",
    ),
    (
        "unclosed nested package",
        "package a:b {\n  interface i {}\n",
    ),
    ("empty escaped identifier", "package a:b;\ninterface % {}\n"),
    (
        "unterminated string",
        "package a:b;\n@external-id(\"abc\ninterface i {}\n",
    ),
    (
        "too many `>`",
        "package a:b;\ninterface i {\n  type t = list<u32>>;\n}\n",
    ),
    (
        "missing result type",
        "package a:b;\ninterface i {\n  f: func() -> ;\n}\n",
    ),
    ("non-ASCII identifier", "package a:b;\ninterface ñ {}\n"),
    (
        "async before an accessor",
        "package a:b;\ninterface i {\n  x: async get() -> u32;\n}\n",
    ),
    (
        "accessor without parentheses",
        "package a:b;\ninterface i {\n  x: get -> u32;\n}\n",
    ),
];

#[test]
fn syntax_errors_are_where_wit_parser_reports_them() {
    let mut mismatches = Vec::new();
    for (name, text) in INVALID {
        let expected = wit_parser_error_start(text)
            .unwrap_or_else(|| panic!("wit-parser accepts the invalid case `{name}`"));
        let parse = syntax::parse(text);
        assert_eq!(parse.syntax().to_string(), *text);
        match parse.errors().first() {
            Some(first) if same_place(text, first.range.start, expected) => {}
            first => mismatches.push(format!(
                "`{name}`: wit-parser at {expected}, we at {:?}",
                first.map(|e| (&e.range, &e.message))
            )),
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// Differential check on random edits of corpus files: when wit-parser
/// accepts an edited file we must report nothing, and when it rejects one
/// with a lexer error or an "expected …" parse error, our first error must
/// be at its position. `WIT_FUZZ_CASES` sets the number of edits,
/// `WIT_FUZZ_SEED` the seed.
#[test]
fn random_edits_of_corpus_files_agree_with_wit_parser() {
    let cases = common::fuzz_cases(300);
    let mut rng = fastrand::Rng::with_seed(common::fuzz_seed(7));
    let texts = common::corpus_texts();
    let tokens = [
        "", ";", ",", ":", "{", "}", "<", ">", "(", ")", "@", ".", "/", "->", "=", "u32", "x",
        "type", "func", "%", "_", "1",
    ];
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for case in 0..cases {
        let mut text = texts[rng.usize(..texts.len())].clone();
        // Replace one token-sized piece at a random place.
        let mut at = rng.usize(..text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + rng.usize(..12)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(at..end, tokens[rng.usize(..tokens.len())]);

        let ours = syntax::parse(&text);
        let mut map = wit_parser::SourceMap::new();
        map.push_str("test.wit", &text);
        match map.parse() {
            Ok(_) if !ours.errors().is_empty() => {
                disagreements.push(format!(
                    "case {case}: wit-parser accepts, we report {:?}",
                    ours.errors()[0]
                ));
            }
            Ok(_) => compared += 1,
            Err((_, e)) => {
                let syntactic = matches!(e.kind(), wit_parser::ParseErrorKind::Lex(_))
                    || matches!(e.kind(), wit_parser::ParseErrorKind::Syntax { message, .. } if message.starts_with("expected"));
                if !syntactic {
                    continue;
                }
                compared += 1;
                let expected = e.kind().span().start() as usize;
                if !ours
                    .errors()
                    .first()
                    .is_some_and(|e| same_place(&text, e.range.start, expected))
                {
                    let context =
                        &text[expected.saturating_sub(30)..(expected + 30).min(text.len())];
                    disagreements.push(format!(
                        "case {case}: wit-parser `{e}` at {expected} ({context:?}), we {:?}",
                        ours.errors().first()
                    ));
                }
            }
        }
    }
    assert!(
        compared > cases / 4,
        "only {compared} of {cases} cases were comparable"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
