use expect_test::{Expect, expect};

use super::Fixture;
use crate::ide::InlayHintConfig;

const FILES: &str = "//- io/types.wit
package demo:io@0.2.0;

interface types {
  type bytes = list<u8>;
  type chunk = bytes;
  record point { x: u32, y: u64 }
  resource pipe;
  big: func(a: tuple<u64, u64, u64, u64>, b: tuple<u64, u64, u64, u64>, c: tuple<u64, u64, u64, u64>, d: tuple<u64, u64, u64, u64>, e: u8);
  small: func(a: u32);
}

interface user {
  use types.{bytes, chunk as c, point, pipe};
  type again = c;
}
";

fn hints(config: InlayHintConfig, expect: Expect) {
    let fixture = Fixture::new(FILES);
    let path = fixture.root.join("io/types.wit");
    let text = fixture.analysis.text(&path).unwrap();
    let shown: Vec<String> = fixture
        .analysis
        .inlay_hints(&path, 0..text.len(), config)
        .into_iter()
        .map(|hint| {
            let line = text[..hint.offset].matches('\n').count() + 1;
            let before = &text[text[..hint.offset].rfind('\n').map_or(0, |i| i + 1)..hint.offset];
            let word = before.rsplit([' ', '{', '=']).next().unwrap_or_default();
            format!("{line} after `{word}`: {:?} {}", hint.kind, hint.label)
        })
        .collect();
    expect.assert_eq(&shown.join("\n"));
}

#[test]
fn used_names_and_aliases_of_aliases_show_what_they_are() {
    hints(
        InlayHintConfig {
            aliases: true,
            abi: false,
        },
        expect![[r#"
            5 after `bytes`: Type : list<u8>
            13 after `bytes`: Type : list<u8>
            13 after `c`: Type : list<u8>
            13 after `point`: Type : record
            13 after `pipe`: Type : resource
            14 after `c`: Type : list<u8>"#]],
    );
}

#[test]
fn abi_hints_give_layouts_and_functions_that_spill() {
    hints(
        InlayHintConfig {
            aliases: false,
            abi: true,
        },
        expect![[r#"
            4 after `list<u8>;`: Note size 8, align 4
            5 after `bytes;`: Note size 8, align 4
            6 after `}`: Note size 16, align 8
            8 after `u8);`: Note 17 flat params: passed in memory
            14 after `c;`: Note size 8, align 4"#]],
    );
}

#[test]
fn only_the_range_asked_for() {
    let fixture = Fixture::new(FILES);
    let path = fixture.root.join("io/types.wit");
    let text = fixture.analysis.text(&path).unwrap();
    let start = text.find("interface user").unwrap();
    let config = InlayHintConfig {
        aliases: true,
        abi: true,
    };
    let hints = fixture
        .analysis
        .inlay_hints(&path, start..text.len(), config);
    assert!(hints.iter().all(|h| h.offset > start), "{hints:#?}");
    assert_eq!(hints.len(), 6, "{hints:#?}");
}
