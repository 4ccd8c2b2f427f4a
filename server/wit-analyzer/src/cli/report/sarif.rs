//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. One run;
//! each diagnostic code is a rule.

use std::collections::BTreeSet;

use analysis::Severity;
use serde_json::{Value, json};

use super::Placed;

pub fn render(placed: &[Placed]) -> String {
    let rules: Vec<&str> = placed
        .iter()
        .map(|p| p.diagnostic.code)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let results: Vec<Value> = placed
        .iter()
        .map(|p| {
            json!({
                "ruleId": p.diagnostic.code,
                "ruleIndex": rules.iter().position(|r| *r == p.diagnostic.code),
                "level": level(p.diagnostic.severity),
                "message": { "text": p.diagnostic.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": p.path },
                        "region": {
                            "startLine": p.start.line,
                            "startColumn": p.start.column,
                            "endLine": p.end.line,
                            "endColumn": p.end.column,
                        },
                    },
                }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "wit-analyzer",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules.iter().map(|id| json!({ "id": id, "name": id })).collect::<Vec<_>>(),
                },
            },
            // Our columns count Unicode characters, not SARIF's default UTF-16 units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).expect("JSON values always serialise");
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}
