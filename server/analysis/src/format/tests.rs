//! The formatter: its style on small cases, and on every WASI corpus file
//! that formatting is idempotent and keeps the meaning wit-parser sees.

use std::path::{Path, PathBuf};

use expect_test::{Expect, expect};

use super::format;

fn check(text: &str, expect: Expect) {
    let formatted = format(text).unwrap();
    expect.assert_eq(&formatted);
    assert_eq!(
        format(&formatted).unwrap(),
        formatted,
        "formatting is not idempotent"
    );
}

#[test]
fn canonical_style() {
    check(
        "package a:b@1.0.0-rc.1;\ninterface i{use c:d/e@1.0.0.{x,y as z,};\n record r{a:u32,b:list<u8>}\n enum e{x,y}\n resource res{constructor(a:u32);m:static func()->res;}\n f:async func(a:u32,b:result<_,string>,)->tuple<u32,string>;}\nworld w{include v with{a as b}\nimport i;export f:func();import x:interface{g:func();}}",
        expect![[r#"
            package a:b@1.0.0-rc.1;

            interface i {
              use c:d/e@1.0.0.{x, y as z};
              record r {
                a: u32,
                b: list<u8>,
              }
              enum e {
                x,
                y,
              }
              resource res {
                constructor(a: u32);
                m: static func() -> res;
              }
              f: async func(a: u32, b: result<_, string>) -> tuple<u32, string>;
            }

            world w {
              include v with { a as b }
              import i;
              export f: func();
              import x: interface {
                g: func();
              }
            }
        "#]],
    );
}

#[test]
fn comments_stay_where_they_are() {
    check(
        "// header\npackage a:b;\n\n\n\n/// Docs.\n@since(version = 1.0.0) @unstable(feature = x)\ninterface i {   // trailing\n\n  /// f\n  f: func(); // after f\n\n\n  /* block */ g: func(/* inline */ a: u32);\n  record r {\n    a: u32 // no comma yet\n  }\n  // last\n}\n// end",
        expect![[r#"
            // header
            package a:b;

            /// Docs.
            @since(version = 1.0.0)
            @unstable(feature = x)
            interface i { // trailing

              /// f
              f: func(); // after f

              /* block */ g: func(/* inline */ a: u32);
              record r {
                a: u32, // no comma yet
              }
              // last
            }

            // end
        "#]],
    );
}

#[test]
fn empty_bodies_and_nested_packages() {
    check(
        "package a:b;\npackage c:d{interface i{}\nworld w{}}\ninterface j{resource r;resource s{}}",
        expect![[r#"
            package a:b;

            package c:d {
              interface i {}

              world w {}
            }

            interface j {
              resource r;
              resource s {}
            }
        "#]],
    );
}

#[test]
fn files_with_syntax_errors_are_refused() {
    let error = format("interface i {\n  f: func()\n}\n").unwrap_err();
    assert_eq!(error.errors.len(), 1);
    assert_eq!(
        error.errors[0].message,
        "expected `;`, but the line ends here"
    );
}

fn wit_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            wit_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "wit") {
            out.push(path);
        }
    }
}

fn corpus_dir() -> PathBuf {
    test_support::wasi_corpus()
}

#[test]
fn corpus_formatting_is_idempotent() {
    let mut files = Vec::new();
    wit_files(&corpus_dir(), &mut files);
    assert!(
        files.len() > 100,
        "the WASI corpus is missing at {} (set WIT_CORPUS)",
        corpus_dir().display()
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let once = format(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let twice = format(&once).unwrap();
        assert_eq!(once, twice, "{}: formatting twice differs", path.display());
    }
}

/// Every package directory of a release, resolved together in dependency
/// order (WASI's packages reference each other), then printed by
/// wit-parser's printer. Returns the printed packages by name.
fn resolve_and_print(root: &Path) -> Vec<(String, String)> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut files = Vec::new();
    wit_files(root, &mut files);
    for file in files {
        let dir = file.parent().unwrap().to_path_buf();
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    let mut groups: Vec<wit_parser::UnresolvedPackageGroup> = dirs
        .iter()
        .map(|dir| {
            wit_parser::UnresolvedPackageGroup::parse_dir(dir)
                .unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()))
        })
        .collect();
    let mut resolve = wit_parser::Resolve::default();
    let mut printed = Vec::new();
    // Push each package once its dependencies are in (a failed push leaves
    // the `Resolve` half-updated, so only push what can succeed).
    loop {
        let ready = groups.iter().position(|g| {
            !resolve.package_names.contains_key(&g.main.name)
                && g.main
                    .foreign_deps
                    .keys()
                    .all(|dep| resolve.package_names.contains_key(dep))
        });
        let Some(ready) = ready else { break };
        let group = groups.remove(ready);
        let name = group.main.name.to_string();
        let id = resolve
            .push_group(group)
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        let mut printer = wit_component::WitPrinter::default();
        printer.print(&resolve, id, &[]).unwrap();
        printed.push((name, printer.output.to_string()));
    }
    let stuck: Vec<String> = groups.iter().map(|g| g.main.name.to_string()).collect();
    assert!(
        stuck.is_empty(),
        "{}: packages whose dependencies never resolved: {stuck:?}",
        root.display()
    );
    printed.sort();
    printed
}

fn copy_formatted(from: &Path, to: &Path, format_files: bool) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_formatted(&entry.path(), &target, format_files);
        } else {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let is_wit = entry.path().extension().is_some_and(|e| e == "wit");
            let text = if format_files && is_wit {
                format(&text).unwrap()
            } else {
                text
            };
            std::fs::write(target, text).unwrap();
        }
    }
}

#[test]
fn formatting_keeps_the_meaning_wit_parser_sees() {
    for release in ["0.2.0", "0.2.12", "0.3.0"] {
        let original = tempfile::tempdir().unwrap();
        let formatted = tempfile::tempdir().unwrap();
        copy_formatted(&corpus_dir().join(release), original.path(), false);
        copy_formatted(&corpus_dir().join(release), formatted.path(), true);
        let before = resolve_and_print(original.path());
        let after = resolve_and_print(formatted.path());
        assert!(
            before.len() >= 6,
            "release {release}: only {} packages",
            before.len()
        );
        assert_eq!(
            before.len(),
            after.len(),
            "release {release}: a different set of packages resolves after formatting"
        );
        for ((name, b), (_, a)) in before.iter().zip(&after) {
            assert_eq!(
                b, a,
                "release {release}: package {name} differs after formatting"
            );
        }
    }
}

/// The significant tokens and comments of `text`, without commas (the
/// formatter may add or drop trailing ones) and comment trailing space.
fn tokens_without_commas(text: &str) -> Vec<String> {
    syntax::parse(text)
        .syntax()
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| {
            !matches!(
                t.kind(),
                syntax::SyntaxKind::WHITESPACE | syntax::SyntaxKind::COMMA
            )
        })
        .map(|t| t.text().trim_end().to_string())
        .collect()
}

#[test]
fn random_edits_format_idempotently_without_losing_tokens() {
    let cases: usize = std::env::var("WIT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut files = Vec::new();
    wit_files(&corpus_dir(), &mut files);
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let pieces = [
        "\n", "\n\n", " ", "// c\n", "/* c */", "/// d\n", ",", "\t", "  ",
    ];
    let mut rng = Rng(11);
    let mut formatted_count = 0;
    for case in 0..cases {
        let mut text = texts[rng.below(texts.len())].clone();
        for _ in 0..1 + rng.below(5) {
            let mut at = rng.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, pieces[rng.below(pieces.len())]);
        }
        let Ok(once) = format(&text) else { continue };
        formatted_count += 1;
        let twice = format(&once).unwrap_or_else(|e| {
            panic!(
                "case {case}: the formatted text has errors: {:?}\n{once}",
                e.errors
            )
        });
        assert_eq!(once, twice, "case {case}: not idempotent on\n{text}");
        assert_eq!(
            tokens_without_commas(&text),
            tokens_without_commas(&once),
            "case {case}: tokens changed"
        );
    }
    assert!(
        formatted_count > cases / 10,
        "only {formatted_count} of {cases} edits were valid"
    );
}

/// A small seeded xorshift generator, enough to pick edits.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

#[test]
fn parameter_lists_broken_by_the_author_stay_one_per_line() {
    check(
        "interface i {\n  f: func(a: u32,\n    b: string) -> u32;\n  g: func(\n  );\n  h: func(a: u32, b: u32,);\n}\n",
        expect![[r#"
            interface i {
              f: func(
                a: u32,
                b: string,
              ) -> u32;
              g: func();
              h: func(a: u32, b: u32);
            }
        "#]],
    );
}

#[test]
fn a_file_keeps_its_indentation_width_unless_told() {
    let four = "interface i {\n    record r {\n        a: u32,\n    }\n    f: func(\n        a: u32,\n    );\n}\n";
    assert_eq!(format(four).unwrap(), four);
    let tabs = four.replace("    ", "\t");
    assert_eq!(format(&tabs).unwrap(), tabs);
    // Told: the choice wins, and what it leaves unset is the file's.
    let two = four.replace("    ", "  ");
    let told = |tabs, width| super::format_with(four, super::IndentChoice { tabs, width }).unwrap();
    assert_eq!(told(Some(false), Some(2)), two);
    assert_eq!(told(Some(true), None), tabs);
    assert_eq!(told(None, Some(2)), two);
    assert_eq!(
        super::format_with(
            &tabs,
            super::IndentChoice {
                tabs: None,
                width: Some(2)
            }
        )
        .unwrap(),
        tabs,
        "a width does not turn tabs into spaces"
    );
    // Nothing to go by (no indented line, or a stray single space): 2.
    assert_eq!(
        format("interface i { f: func(); }").unwrap(),
        "interface i {\n  f: func();\n}\n"
    );
    assert_eq!(
        format("interface i {\n f: func();\n}").unwrap(),
        "interface i {\n  f: func();\n}\n"
    );
}

#[test]
fn wasi_streams_keeps_its_four_spaces() {
    let path = corpus_dir().join("0.2.12/proposals/io/wit/streams.wit");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (set WIT_CORPUS)", path.display()));
    let formatted = format(&text).unwrap();
    // Two blank lines in a row become one.
    let mut before: Vec<&str> = text.lines().collect();
    before.dedup_by(|a, b| a.is_empty() && b.is_empty());
    assert_eq!(text.lines().count() - before.len(), 1);
    assert_eq!(before.len(), formatted.lines().count());
    let changed: Vec<(&str, &str)> = before
        .into_iter()
        .zip(formatted.lines())
        .filter(|(a, b)| a != b)
        .collect();
    // WASI leaves out the trailing comma of a parameter or case list in a
    // few places; the formatter adds it. Nothing else changes.
    assert_eq!(changed.len(), 7, "{changed:#?}");
    for (before, after) in &changed {
        assert_eq!(format!("{before},"), *after);
    }
    assert_eq!(format(&formatted).unwrap(), formatted);
}
