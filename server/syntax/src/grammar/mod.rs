//! The WIT grammar, as wit-parser 0.261 accepts it, with error recovery.
//!
//! Recovery rules, in one place:
//! - a missing token is reported and not invented; parsing goes on as if it
//!   were there;
//! - a token that cannot start anything here is wrapped in an `ERROR` node;
//! - a body (`{ … }`) ends at its `}`, at the end of the file, or at a
//!   keyword that can only start an item of an enclosing level, so an
//!   unclosed `{` does not swallow the rest of the file;
//! - a list ends early when the next tokens look like the next item
//!   (`name: func`), so a half-typed signature keeps the lines after it.

mod items;
mod names;
mod types;

use crate::{
    SyntaxKind::{self, *},
    parser::{MAX_DEPTH, Parser},
};

pub(crate) use names::{name, name_ref, package_name, use_path, version};

pub(crate) fn source_file(p: &mut Parser) {
    let m = p.start();
    if p.at(PACKAGE_KW) && !is_nested_package(p) {
        package_decl(p);
    }
    decl_list(p, false);
    m.complete(p, SOURCE_FILE);
}

/// `package a:b;` declares the file's package; `package a:b { … }` is a
/// nested package. Looks ahead for whichever of `;` and `{` comes first.
fn is_nested_package(p: &Parser) -> bool {
    (1..16)
        .map(|n| p.nth(n))
        .find(|k| matches!(k, Some(SEMICOLON | L_BRACE | R_BRACE) | None))
        .flatten()
        == Some(L_BRACE)
}

fn package_decl(p: &mut Parser) {
    let m = p.start();
    p.bump();
    package_name(p);
    p.expect(SEMICOLON);
    m.complete(p, PACKAGE_DECL);
}

/// The items of a file or of a nested package's `{ … }`.
fn decl_list(p: &mut Parser, nested: bool) {
    while !(p.at_eof() || nested && p.at(R_BRACE)) {
        let before = p.position();
        decl_item(p);
        if p.position() == before {
            p.error_and_bump("`world`, `interface`, `package` or `use`");
        }
    }
}

fn decl_item(p: &mut Parser) {
    let m = p.start();
    let has_attributes = attributes(p);
    match p.current() {
        Some(INTERFACE_KW) => items::interface(p, m),
        Some(WORLD_KW) => items::world(p, m),
        Some(USE_KW) => items::toplevel_use(p, m),
        Some(PACKAGE_KW) => nested_package(p, m, has_attributes),
        _ if has_attributes => {
            p.error_expected("`world`, `interface` or `use` after attributes");
            m.complete(p, ERROR);
        }
        _ => m.abandon(p),
    }
}

fn nested_package(p: &mut Parser, m: crate::parser::Marker, has_attributes: bool) {
    if has_attributes {
        p.error("cannot place attributes on nested packages".to_string());
    }
    p.bump();
    package_name(p);
    if p.depth >= MAX_DEPTH {
        p.error("package nesting too deep".to_string());
        skip_balanced_braces(p);
        m.complete(p, NESTED_PACKAGE);
        return;
    }
    if p.at(L_BRACE) {
        let body = p.start();
        p.bump();
        p.depth += 1;
        decl_list(p, true);
        p.depth -= 1;
        p.expect(R_BRACE);
        body.complete(p, PACKAGE_BODY);
    } else {
        p.error_expected("`{`");
    }
    m.complete(p, NESTED_PACKAGE);
}

/// Swallows a `{ … }` group without recursion, for input nested too deep.
fn skip_balanced_braces(p: &mut Parser) {
    let m = p.start();
    let mut open = 0usize;
    while let Some(kind) = p.current() {
        match kind {
            L_BRACE => open += 1,
            R_BRACE if open <= 1 => {
                p.bump();
                break;
            }
            R_BRACE => open -= 1,
            _ if open == 0 => break,
            _ => {}
        }
        p.bump();
    }
    m.complete(p, ERROR);
}

/// Zero or more `@name(…)` gates. Returns whether there were any.
pub(crate) fn attributes(p: &mut Parser) -> bool {
    let mut any = false;
    while p.at(AT) {
        attribute(p);
        any = true;
    }
    any
}

fn attribute(p: &mut Parser) {
    let m = p.start();
    p.bump();
    let name = p.current_text_range();
    let name_text = p.at(IDENT).then(|| p.current_text());
    if !names::ident(p) {
        m.complete(p, ATTRIBUTE);
        return;
    }
    match name_text {
        Some("since" | "deprecated") => {
            attribute_arg(p, "version", version);
        }
        Some("unstable") => attribute_arg(p, "feature", |p| {
            names::ident(p);
        }),
        Some("external-id") => {
            p.expect(L_PAREN);
            p.expect(STRING);
            p.expect(R_PAREN);
        }
        Some(other) => {
            p.error_at(name, format!("unknown attribute `{other}`: expected `since`, `unstable`, `deprecated` or `external-id`"));
            if p.at(L_PAREN) {
                skip_parens(p);
            }
        }
        None => {}
    }
    m.complete(p, ATTRIBUTE);
}

/// `(key = value)`.
fn attribute_arg(p: &mut Parser, key: &str, value: impl FnOnce(&mut Parser)) {
    p.expect(L_PAREN);
    let range = p.current_text_range();
    if p.at(IDENT) && p.token_text(range.clone()) != key {
        let found = p.token_text(range.clone()).to_string();
        p.error_at(range, format!("expected `{key}`, found `{found}`"));
        p.bump();
    } else if !p.eat(IDENT) {
        p.error_expected(&format!("`{key}`"));
    }
    p.expect(EQ);
    value(p);
    p.expect(R_PAREN);
}

fn skip_parens(p: &mut Parser) {
    while let Some(kind) = p.current() {
        p.bump();
        if kind == R_PAREN {
            break;
        }
    }
}

/// Keywords that start an item of a file or package; inside a body they
/// mean the body's `}` is missing.
pub(crate) fn at_top_level_keyword(p: &Parser) -> bool {
    p.at_any(&[INTERFACE_KW, WORLD_KW, PACKAGE_KW])
}

/// `name: func`, `name: async func`, `name: static func` or an accessor
/// (`name: get(`): the start of a function item, which ends any list that is
/// still open.
pub(crate) fn at_func_item(p: &Parser) -> bool {
    p.nth(0).is_some_and(is_name_like)
        && p.nth(1) == Some(COLON)
        && (matches!(p.nth(2), Some(FUNC_KW | ASYNC_KW | STATIC_KW)) || at_accessor(p, 2))
}

/// `get(` or `set(` `n` tokens ahead: an accessor function (wit-parser 0.261),
/// written in place of `func`. `get` and `set` are not keywords, so a type
/// or parameter named `get` still parses as a name.
pub(crate) fn at_accessor(p: &Parser, n: usize) -> bool {
    p.nth(n) == Some(IDENT)
        && matches!(p.nth_text(n), "get" | "set")
        && p.nth(n + 1) == Some(L_PAREN)
}

/// Identifiers, and keywords where the user probably meant a name.
pub(crate) fn is_name_like(kind: SyntaxKind) -> bool {
    kind == IDENT || kind.is_keyword()
}
