use expect_test::expect;

use super::Fixture;
use crate::ide::Symbol;

const FILE: &str = r#"
//- a/a.wit
package demo:a;

// A comment
// over two lines.
interface shapes {
    record point {
        x: u32,
        y: u32,
    }
    enum color { red, green }
    area: func(p: point) -> u64;
}

world app {
    import shapes;
    export run: func();
}
"#;

pub(super) fn outline(symbols: &[Symbol], depth: usize, out: &mut String) {
    for symbol in symbols {
        let detail = symbol
            .detail
            .as_deref()
            .map(|d| format!(" : {d}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}{:?} {}{detail}\n",
            "  ".repeat(depth),
            symbol.kind,
            symbol.name
        ));
        outline(&symbol.children, depth + 1, out);
    }
}

#[test]
fn document_symbols_nest() {
    let fixture = Fixture::new(FILE);
    let mut out = String::new();
    outline(
        &fixture
            .analysis
            .document_symbols(&fixture.root.join("a/a.wit")),
        0,
        &mut out,
    );
    expect![[r#"
        Package demo:a
        Interface shapes
          Type point : record
            Field x : u32
            Field y : u32
          Type color : enum
            Case red
            Case green
          Function area : func(p: point) -> u64
        World app
          Import shapes : import
          Import run : export
    "#]]
    .assert_eq(&out);
}

#[test]
fn folding_ranges_cover_bodies_and_comment_runs() {
    let fixture = Fixture::new(FILE);
    let path = fixture.root.join("a/a.wit");
    let shown: Vec<String> = fixture
        .analysis
        .folding_ranges(&path)
        .into_iter()
        .map(|fold| {
            let text = fixture.analysis.text(&path).unwrap();
            let first = text[fold.range.clone()]
                .lines()
                .next()
                .unwrap_or("")
                .to_string();
            format!("{}{first}", if fold.is_comment { "comment " } else { "" })
        })
        .collect();
    expect![[r#"
        comment // A comment
        {
        {
        {"#]]
    .assert_eq(&shown.join("\n"));
}

#[test]
fn a_body_over_lone_cr_lines_folds() {
    let fixture = Fixture::new("//- a/a.wit\npackage demo:a;\rinterface i {\r  type t = u8;\r}\r");
    let folds = fixture
        .analysis
        .folding_ranges(&fixture.root.join("a/a.wit"));
    assert_eq!(folds.len(), 1, "{folds:?}");
}

#[test]
fn workspace_symbols_match_by_substring() {
    let fixture = Fixture::new(FILE);
    let found: Vec<String> = fixture
        .analysis
        .workspace_symbols("AR")
        .into_iter()
        .map(|(name, kind, _)| format!("{kind:?} {name}"))
        .collect();
    expect!["Function area"].assert_eq(&found.join("\n"));
}

#[test]
fn semantic_tokens_classify_definitions_references_and_builtins() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a@1.0.0;\n/// Doc.\ninterface i {\n    @since(version = 1.0.0)\n    record r { f: u32 }\n    g: func(x: r);\n}\n",
    );
    let path = fixture.root.join("a/a.wit");
    let shown: Vec<String> = fixture
        .analysis
        .semantic_tokens(&path)
        .into_iter()
        .map(|t| {
            format!(
                "{:?}{} {}",
                t.kind,
                if t.modifiers != 0 {
                    format!("/{}", t.modifiers)
                } else {
                    String::new()
                },
                fixture.show(&path, t.range)
            )
        })
        .collect();
    expect![[r#"
        Keyword a/a.wit:1:1 `package`
        Namespace a/a.wit:1:9 `demo`
        Namespace a/a.wit:1:14 `a`
        Number a/a.wit:1:16 `1.0.0`
        Comment/2 a/a.wit:2:1 `/// Doc.`
        Keyword a/a.wit:3:1 `interface`
        Interface/1 a/a.wit:3:11 `i`
        Decorator a/a.wit:4:5 `@`
        Decorator a/a.wit:4:6 `since`
        Property a/a.wit:4:12 `version`
        Number a/a.wit:4:22 `1.0.0`
        Keyword a/a.wit:5:5 `record`
        Struct/1 a/a.wit:5:12 `r`
        Property/1 a/a.wit:5:16 `f`
        Type/4 a/a.wit:5:19 `u32`
        Function/1 a/a.wit:6:5 `g`
        Keyword a/a.wit:6:8 `func`
        Parameter/1 a/a.wit:6:13 `x`
        Type a/a.wit:6:16 `r`"#]]
    .assert_eq(&shown.join("\n"));
}

#[test]
fn selection_grows_from_the_name_to_the_file() {
    let fixture =
        Fixture::new("//- a/a.wit\npackage demo:a;\ninterface i {\n    record r { f: u$032 }\n}\n");
    let (path, offset) = &fixture.cursor;
    let shown: Vec<String> = fixture.analysis.selection_ranges(path, &[*offset])[0]
        .iter()
        .map(|range| fixture.show(path, range.clone()).replace('\n', "⏎"))
        .collect();
    expect![[r#"
        a/a.wit:3:19 `u32`
        a/a.wit:3:16 `f: u32`
        a/a.wit:3:14 `{ f: u32 }`
        a/a.wit:3:5 `record r { f: u32 }`
        a/a.wit:2:13 `{⏎    record r { f: u32 }⏎}`
        a/a.wit:2:1 `interface i {⏎    record r { f: u32 }⏎}`
        a/a.wit:1:1 `package demo:a;⏎interface i {⏎    record r { f: u32 }⏎}⏎`"#]]
    .assert_eq(&shown.join("\n"));
}

#[test]
fn reference_lenses_count_and_list_the_references() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a;\ninterface i {\n    record r { f: u32 }\n    type t = list<r>;\n    g: func(x: r) -> t;\n}\nworld w { export i; }\n",
    );
    let path = fixture.root.join("a/a.wit");
    let lenses = |kinds| {
        let shown: Vec<String> = fixture
            .analysis
            .reference_lenses(&path, kinds)
            .into_iter()
            .map(|(t, refs)| {
                let refs: Vec<String> = refs
                    .into_iter()
                    .map(|r| fixture.show(&r.path, r.range))
                    .collect();
                format!(
                    "{} {} [{}]",
                    fixture.show(&path, t.name_range),
                    refs.len(),
                    refs.join(", ")
                )
            })
            .collect();
        shown.join("\n")
    };
    let all = crate::ide::LensKinds {
        interfaces: true,
        types: true,
        worlds: true,
        resources: true,
    };
    expect![[r#"
        a/a.wit:2:11 `i` 1 [a/a.wit:7:18 `i`]
        a/a.wit:3:12 `r` 2 [a/a.wit:4:19 `r`, a/a.wit:5:16 `r`]
        a/a.wit:4:10 `t` 1 [a/a.wit:5:22 `t`]
        a/a.wit:7:7 `w` 0 []"#]]
    .assert_eq(&lenses(all));
}

#[test]
fn reference_lenses_leave_out_worlds_and_resources_by_default() {
    let fixture = Fixture::new(
        "//- a/a.wit\npackage demo:a;\ninterface i {\n    resource res;\n    record r { f: own<res> }\n}\nworld w { export i; }\n",
    );
    let path = fixture.root.join("a/a.wit");
    let names: Vec<String> = fixture
        .analysis
        .reference_lenses(&path, crate::ide::LensKinds::default())
        .into_iter()
        .map(|(t, _)| fixture.show(&path, t.name_range))
        .collect();
    expect![[r#"
        a/a.wit:2:11 `i`
        a/a.wit:4:12 `r`"#]]
    .assert_eq(&names.join("\n"));
}
