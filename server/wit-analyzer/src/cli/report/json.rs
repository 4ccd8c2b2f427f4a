//! `--format json`: one object with every diagnostic and every package
//! checked, for scripts and tests.

use std::path::Path;

use analysis::CheckResult;
use serde_json::{Value, json};

use super::{Placed, Position, display_path};

pub fn render(result: &CheckResult, placed: &[Placed], cwd: &Path) -> String {
    let diagnostics: Vec<Value> = placed
        .iter()
        .map(|p| {
            json!({
                "path": p.path,
                "severity": p.diagnostic.severity.as_str(),
                "code": p.diagnostic.code,
                "message": p.diagnostic.message,
                "range": { "start": position(p.start), "end": position(p.end) },
            })
        })
        .collect();
    let packages: Vec<Value> = result
        .packages
        .iter()
        .map(|package| {
            json!({
                "name": package.name,
                "path": display_path(cwd, package.location.path()),
                "files": package.files.iter().map(|f| display_path(cwd, f)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out =
        serde_json::to_string_pretty(&json!({ "diagnostics": diagnostics, "packages": packages }))
            .expect("JSON values always serialise");
    out.push('\n');
    out
}

fn position(pos: Position) -> Value {
    json!({ "line": pos.line, "column": pos.column })
}
