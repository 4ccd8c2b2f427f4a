//! Items behind a gate that is off are not offered, and hover says why an
//! item is not there to use.

use std::collections::BTreeSet;

use super::Fixture;
use crate::workspace::Features;

const FILES: &str = r#"
//- lib/lib.wit
package demo:lib@1.0.0;

@since(version = 1.0.0)
interface shapes {
    @since(version = 1.0.0)
    record point { x: u32 }
    @unstable(feature = fancy)
    record blob { y: u32 }
}

@unstable(feature = fancy)
interface experiments {
    @unstable(feature = fancy)
    record trial { z: u32 }
}
//- app/app.wit
package demo:app;

interface api {
    use demo:lib/shapes@1.0.0.{point};
    get: func() -> $0
}
"#;

fn offered(features: Features) -> Vec<String> {
    let fixture = Fixture::with_features(FILES, features);
    let (path, offset) = &fixture.cursor;
    let mut labels: Vec<String> = fixture
        .analysis
        .completion(path, *offset)
        .into_iter()
        .filter(|item| item.detail.is_some() || item.label == "point")
        .map(|item| item.label)
        .collect();
    labels.sort();
    labels
}

#[test]
fn completion_leaves_out_what_a_gate_that_is_off_hides() {
    assert_eq!(offered(Features::default()), ["point"]);
    let fancy = Features::Enabled(BTreeSet::from(["fancy".to_string()]));
    assert_eq!(offered(fancy), ["blob", "point", "trial"]);
    assert_eq!(offered(Features::All), ["blob", "point", "trial"]);
}

#[test]
fn hover_says_an_item_is_left_out_while_its_gate_is_off() {
    let hover_on_blob = |features: Features| {
        let text = FILES
            .replace("record blob", "record b$0lob")
            .replace("get: func() -> $0", "get: func();");
        let fixture = Fixture::with_features(&text, features);
        let (path, offset) = &fixture.cursor;
        fixture
            .analysis
            .hover(path, *offset)
            .expect("a hover on blob")
            .markdown
    };
    let off = hover_on_blob(Features::default());
    assert!(
        off.contains("Left out: the feature `fancy` is not enabled"),
        "{off}"
    );
    let on = hover_on_blob(Features::All);
    assert!(!on.contains("Left out"), "{on}");
}
