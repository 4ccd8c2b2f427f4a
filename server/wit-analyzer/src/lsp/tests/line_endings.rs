//! A file with a lone `\r` line ending: the client counts it as a line, so
//! incremental edits and published diagnostics must too.

use serde_json::Value;

use super::support::{client_on_file, diagnostics};

/// Line 2 ends in a lone `\r`, the others in `\n`: six lines for the client.
const MIXED: &str = "package demo:cr;\n\ninterface i {\r  type a = u8;\n  type b = u8;\n}\n";

fn starts(published: &Value) -> Vec<(u64, u64, String)> {
    diagnostics(published)
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (
                start["line"].as_u64().unwrap(),
                start["character"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_after_a_lone_cr_lands_on_the_clients_line() {
    let (_dir, path, mut client) = client_on_file("a.wit", MIXED).await;
    client.open(&path, MIXED).await;
    let opened = client.diagnostics_where(&path, |p| p["version"] == 1).await;
    let lone_cr = starts(&opened);
    assert!(
        lone_cr
            .iter()
            .any(|(line, col, _)| (*line, *col) == (2, 13)),
        "the lone `\\r` is reported at the end of line 2: {opened}"
    );

    // `u8` of `type b` on line 4 becomes an unknown name.
    client.change(&path, 2, (4, 11), (4, 13), "nope").await;
    let edited = client.diagnostics_where(&path, |p| p["version"] == 2).await;
    let unknown: Vec<_> = starts(&edited)
        .into_iter()
        .filter(|(_, _, message)| message.contains("nope"))
        .map(|(line, col, _)| (line, col))
        .collect();
    assert_eq!(unknown, [(4, 11)], "{edited}");
}
