//! Identifiers, package names, use paths and versions.

use crate::{
    SyntaxKind::{self, *},
    lexer::validate_identifier,
    parser::Parser,
};

/// Eats an identifier token, checking WIT's identifier rules. A keyword
/// where a name belongs is eaten too when the token after it shows that a
/// name was meant (`record type { … }`), so the rest of the item still
/// parses. Returns whether a token was eaten.
pub(crate) fn ident(p: &mut Parser<'_>) -> bool {
    expected_ident(p, "an identifier")
}

/// [`ident`], saying what the identifier is when there is none.
fn expected_ident(p: &mut Parser<'_>, what: &str) -> bool {
    let range = p.current_text_range();
    match p.current() {
        Some(IDENT) => {
            let text = p.current_text();
            if let Err(problem) = validate_identifier(text.strip_prefix('%').unwrap_or(text)) {
                p.error_at(range, format!("invalid identifier: {problem}"));
            }
            p.bump();
            true
        }
        Some(kind)
            if kind.is_keyword()
                && matches!(
                    p.nth(1),
                    Some(COLON | L_BRACE | SEMICOLON | EQ | COMMA | L_PAREN | R_PAREN | R_BRACE)
                ) =>
        {
            let text = p.current_text();
            p.error_at(
                range,
                format!(
                    "expected an identifier, found {}: write `%{text}` to use a keyword as a name",
                    kind.describe()
                ),
            );
            p.bump();
            true
        }
        _ => {
            p.error_expected(what);
            false
        }
    }
}

/// A name being defined.
pub(crate) fn name(p: &mut Parser<'_>) {
    wrapped_ident(p, NAME);
}

/// A name being used.
pub(crate) fn name_ref(p: &mut Parser<'_>) {
    wrapped_ident(p, NAME_REF);
}

fn wrapped_ident(p: &mut Parser<'_>, kind: SyntaxKind) {
    let m = p.start();
    if ident(p) {
        m.complete(p, kind);
    } else {
        m.abandon(p);
    }
}

/// `ns:name@1.0.0` after `package`.
pub(crate) fn package_name(p: &mut Parser<'_>) {
    let m = p.start();
    ident(p);
    p.expect(COLON);
    ident(p);
    if p.eat(AT) {
        version(p);
    }
    m.complete(p, PACKAGE_NAME);
}

/// `iface` or `ns:pkg/iface@1.0.0`.
pub(crate) fn use_path(p: &mut Parser<'_>) {
    let m = p.start();
    if p.nth(1) == Some(COLON) {
        let package = p.start();
        let namespace = p.current_text();
        ident(p);
        p.bump();
        // A half-typed path (`use wasi:`) stops at its first missing piece,
        // so that what follows (often the next item's `@since`) keeps its meaning.
        let package_name = p.current_text();
        let named = expected_ident(p, &format!("a package name after `{namespace}:`"));
        package.complete(p, PACKAGE_NAME);
        if named && p.expect(SLASH) {
            let m = p.start();
            if expected_ident(
                p,
                &format!("an interface name after `{namespace}:{package_name}/`"),
            ) {
                m.complete(p, NAME_REF);
            } else {
                m.abandon(p);
            }
            if at_version(p) {
                p.bump();
                version(p);
            }
        }
    } else {
        name_ref(p);
    }
    m.complete(p, USE_PATH);
}

/// Whether an `@` here starts the path's version. One on a later line
/// before a name (`@since(…)`) is the next item's attribute: the path was
/// being typed.
fn at_version(p: &Parser<'_>) -> bool {
    p.at(AT) && (p.nth(1) == Some(INTEGER) || !p.line_break_before_current())
}

/// A semantic version, tokenised the way wit-parser does it: three
/// integers, then `-` and `+` parts of identifiers, integers, `-` and `.`.
/// A `.` only continues the version when something version-like follows,
/// so `use a:b/c@1.0.0.{x}` still ends the version before `.{`.
pub(crate) fn version(p: &mut Parser<'_>) {
    let m = p.start();
    let start = p.current_text_range().start;
    let complete = p.expect(INTEGER)
        && p.expect(DOT)
        && p.expect(INTEGER)
        && p.expect(DOT)
        && p.expect(INTEGER);
    // Like wit-parser, the version's text ends at its last part, even when
    // a `-` or `+` with nothing after it was eaten.
    let mut end = p.position();
    if complete {
        for prefix in [MINUS, PLUS] {
            if p.eat(prefix) {
                loop {
                    if is_version_part(p, 0) {
                        p.bump();
                    } else if p.at(DOT) && is_version_part(p, 1) {
                        p.bump();
                        p.bump();
                    } else {
                        break;
                    }
                    end = p.position();
                }
            }
        }
    }
    m.complete(p, VERSION);
    if complete {
        let range = start..p.end_of_token(end - 1);
        if let Err(e) = semver::Version::parse(p.token_text(range.clone())) {
            p.error_at(range, format!("invalid version: {e}"));
        }
    }
}

/// An identifier (not `%`-escaped), integer or `-` inside a version.
fn is_version_part(p: &Parser<'_>, n: usize) -> bool {
    match p.nth(n) {
        Some(INTEGER | MINUS) => true,
        Some(IDENT) => !p.nth_text(n).starts_with('%'),
        _ => false,
    }
}
