//! `--format github`: workflow commands that GitHub Actions turns into
//! annotations on the pull request's diff.

use analysis::Severity;

use super::Placed;

pub fn render(placed: &[Placed]) -> String {
    let mut out = String::new();
    for p in placed {
        let command = match p.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&p.path),
            p.start.line,
            p.start.column,
            p.end.line,
            p.end.column,
            escape_property(p.diagnostic.code),
            escape_data(&p.diagnostic.message),
        ));
    }
    out
}

/// The escapes GitHub's workflow-command parser undoes.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_a_property_or_a_line() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("two\nlines: 100%"), "two%0Alines: 100%25");
    }
}
