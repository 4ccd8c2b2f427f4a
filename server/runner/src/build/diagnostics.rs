//! Compiler errors and warnings at a file and line, and those of rustc's
//! human-readable output:
//!
//! ```text
//! error[E0308]: mismatched types
//!   --> src/lib.rs:12:9
//! ```
//!
//! The human format is what the user sees streamed anyway, and it keeps this
//! layer free of cargo's JSON message schema.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error or warning of a build at a place in the guest's sources: from
/// rustc, componentize-js or componentize-py alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildDiagnostic {
    /// Absolute when the compiler's path was relative to the project.
    pub file: PathBuf,
    /// 1-based, as compilers print them (columns count chars).
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    /// The headline, with its code: `error[E0308]: mismatched types` gives
    /// `E0308: mismatched types`.
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for BuildDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

pub(crate) fn parse(lines: &[String], project_dir: &Path) -> Vec<BuildDiagnostic> {
    let mut found = Vec::new();
    let mut headline: Option<(Severity, String)> = None;
    for line in lines {
        if let Some(parsed) = parse_headline(line) {
            headline = Some(parsed);
            continue;
        }
        let Some(location) = line.trim_start().strip_prefix("--> ") else {
            continue;
        };
        let Some((severity, message)) = headline.take() else {
            continue;
        };
        if let Some((file, line, column)) = parse_location(location) {
            let file = if file.is_absolute() {
                file
            } else {
                project_dir.join(file)
            };
            found.push(BuildDiagnostic {
                file,
                line,
                column,
                severity,
                message,
            });
        }
    }
    found
}

fn parse_headline(line: &str) -> Option<(Severity, String)> {
    let (severity, rest) = if let Some(rest) = line.strip_prefix("error") {
        (Severity::Error, rest)
    } else {
        (Severity::Warning, line.strip_prefix("warning")?)
    };
    let (code, message) = match rest.strip_prefix('[') {
        Some(coded) => {
            let (code, after) = coded.split_once(']')?;
            (Some(code), after.strip_prefix(": ")?)
        }
        None => (None, rest.strip_prefix(": ")?),
    };
    Some((
        severity,
        match code {
            Some(code) => format!("{code}: {message}"),
            None => message.to_string(),
        },
    ))
}

/// `src/lib.rs:12:9`; the path itself may contain colons.
fn parse_location(text: &str) -> Option<(PathBuf, u32, u32)> {
    let mut parts = text.trim().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((PathBuf::from(parts.next()?), line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_headlines_with_locations_and_skips_summaries() {
        let output = "\
   Compiling guest v0.1.0 (/p)
warning: unused variable: `x`
 --> src/lib.rs:3:9
  |
error[E0308]: mismatched types
  --> src/shop.rs:12:20
error: could not compile `guest` (lib) due to 1 previous error
warning: build failed, waiting for other jobs to finish...";
        let lines: Vec<String> = output.lines().map(str::to_string).collect();
        let found = parse(&lines, Path::new("/p"));
        assert_eq!(
            found,
            vec![
                BuildDiagnostic {
                    file: "/p/src/lib.rs".into(),
                    line: 3,
                    column: 9,
                    severity: Severity::Warning,
                    message: "unused variable: `x`".into(),
                },
                BuildDiagnostic {
                    file: "/p/src/shop.rs".into(),
                    line: 12,
                    column: 20,
                    severity: Severity::Error,
                    message: "E0308: mismatched types".into(),
                },
            ]
        );
    }
}
