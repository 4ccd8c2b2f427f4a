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

fn outline(symbols: &[Symbol], depth: usize, out: &mut String) {
    for symbol in symbols {
        let detail = symbol.detail.as_deref().map(|d| format!(" : {d}")).unwrap_or_default();
        out.push_str(&format!("{}{:?} {}{detail}\n", "  ".repeat(depth), symbol.kind, symbol.name));
        outline(&symbol.children, depth + 1, out);
    }
}

#[test]
fn document_symbols_nest() {
    let fixture = Fixture::new(FILE);
    let mut out = String::new();
    outline(&fixture.analysis.document_symbols(&fixture.root.join("a/a.wit")), 0, &mut out);
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
            let first = text[fold.range.clone()].lines().next().unwrap_or("").to_string();
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
fn workspace_symbols_match_by_substring() {
    let fixture = Fixture::new(FILE);
    let found: Vec<String> =
        fixture.analysis.workspace_symbols("AR").into_iter().map(|(name, kind, _)| format!("{kind:?} {name}")).collect();
    expect!["Function area"].assert_eq(&found.join("\n"));
}
