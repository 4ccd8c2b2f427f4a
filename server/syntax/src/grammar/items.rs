//! Interfaces, worlds and the items inside them that are not types.

use super::{at_func_item, at_top_level_keyword, attributes, is_name_like, name, types, use_path};
use crate::{
    SyntaxKind::{self, *},
    parser::{Marker, Parser},
};

pub(crate) fn interface(p: &mut Parser<'_>, m: Marker) {
    p.bump();
    name(p);
    body(p, INTERFACE_BODY, &[], interface_item);
    m.complete(p, INTERFACE);
}

pub(crate) fn world(p: &mut Parser<'_>, m: Marker) {
    p.bump();
    name(p);
    body(p, WORLD_BODY, &[], world_item);
    m.complete(p, WORLD);
}

/// `{ item* }`. Stops early, reporting the missing `}`, at the end of the
/// file, at a keyword that starts a file-level item, or at one of `stop`.
pub(crate) fn body(
    p: &mut Parser<'_>,
    kind: SyntaxKind,
    stop: &[SyntaxKind],
    item: fn(&mut Parser<'_>),
) {
    if !p.at(L_BRACE) {
        p.error_expected("`{`");
        return;
    }
    let m = p.start();
    p.bump();
    loop {
        if p.eat(R_BRACE) {
            break;
        }
        if p.at_eof() || at_top_level_keyword(p) || p.at_any(stop) {
            p.error_expected("`}`");
            break;
        }
        let before = p.position();
        item(p);
        if p.position() == before {
            p.error_and_bump("an item");
        }
    }
    m.complete(p, kind);
}

fn interface_item(p: &mut Parser<'_>) {
    let m = p.start();
    let has_attributes = attributes(p);
    match p.current() {
        Some(kind) if types::is_type_def_start(kind) => types::type_def(p, m),
        Some(USE_KW) => use_item(p, m),
        Some(kind) if is_name_like(kind) && p.nth(1) == Some(COLON) => {
            types::func_item(p, m, false)
        }
        Some(IDENT) => types::func_item(p, m, false),
        _ => no_item(p, m, has_attributes, "`type`, `resource` or `func`"),
    }
}

fn world_item(p: &mut Parser<'_>) {
    let m = p.start();
    let has_attributes = attributes(p);
    match p.current() {
        Some(IMPORT_KW) => extern_item(p, m, IMPORT),
        Some(EXPORT_KW) => extern_item(p, m, EXPORT),
        Some(USE_KW) => use_item(p, m),
        Some(INCLUDE_KW) => include(p, m),
        Some(kind) if types::is_type_def_start(kind) => types::type_def(p, m),
        _ => no_item(
            p,
            m,
            has_attributes,
            "`import`, `export`, `include`, `use`, or type definition",
        ),
    }
}

/// Reports a token that starts no item. After attributes, the attributes
/// become an `ERROR` node; otherwise the token itself does.
pub(crate) fn no_item(p: &mut Parser<'_>, m: Marker, has_attributes: bool, expected: &str) {
    if has_attributes {
        p.error_expected(&format!("{expected} after attributes"));
        m.complete(p, ERROR);
    } else {
        m.abandon(p);
        p.error_and_bump(expected);
    }
}

/// `use ns:pkg/iface@1.0.0 as x;` at file level.
pub(crate) fn toplevel_use(p: &mut Parser<'_>, m: Marker) {
    p.bump();
    use_path(p);
    if p.eat(AS_KW) {
        name(p);
    }
    p.expect(SEMICOLON);
    m.complete(p, TOPLEVEL_USE);
}

/// `use path.{a, b as c};` in an interface or world.
fn use_item(p: &mut Parser<'_>, m: Marker) {
    p.bump();
    use_path(p);
    p.expect(DOT);
    comma_list(
        p,
        USE_NAMES,
        (L_BRACE, R_BRACE),
        "a name",
        |p| p.at(IDENT),
        use_name,
    );
    p.expect(SEMICOLON);
    m.complete(p, USE);
}

fn use_name(p: &mut Parser<'_>) {
    let m = p.start();
    super::name_ref(p);
    if p.eat(AS_KW) {
        name(p);
    }
    m.complete(p, USE_NAME);
}

/// `include path;` or `include path with { a as b }` (no `;` after `}`).
fn include(p: &mut Parser<'_>, m: Marker) {
    p.bump();
    use_path(p);
    if p.eat(WITH_KW) {
        comma_list(
            p,
            INCLUDE_NAMES,
            (L_BRACE, R_BRACE),
            "a name",
            |p| p.at(IDENT),
            include_name,
        );
    } else {
        p.expect(SEMICOLON);
    }
    m.complete(p, INCLUDE);
}

fn include_name(p: &mut Parser<'_>) {
    let m = p.start();
    super::name_ref(p);
    p.expect(AS_KW);
    name(p);
    m.complete(p, INCLUDE_NAME);
}

/// `import`/`export` of a path, a named path, a function or an inline
/// interface. Which one is decided by looking at most four tokens ahead,
/// as wit-parser does.
fn extern_item(p: &mut Parser<'_>, m: Marker, kind: SyntaxKind) {
    p.bump();
    let labelled = p.nth(0).is_some_and(is_name_like) && p.nth(1) == Some(COLON);
    let func = matches!(p.nth(2), Some(FUNC_KW | ASYNC_KW)) || super::at_accessor(p, 2);
    match (labelled, p.nth(2), p.nth(3)) {
        (true, _, _) if func => {
            name(p);
            p.bump();
            types::func_type(p);
            p.expect(SEMICOLON);
        }
        (true, Some(INTERFACE_KW), _) => {
            name(p);
            p.bump();
            p.bump();
            body(p, INTERFACE_BODY, &[], interface_item);
        }
        // `ns:pkg/iface`: the colon is part of the path.
        (true, Some(IDENT), Some(SLASH)) => {
            use_path(p);
            p.expect(SEMICOLON);
        }
        (true, _, _) => {
            name(p);
            p.bump();
            use_path(p);
            p.expect(SEMICOLON);
        }
        (false, _, _) => {
            use_path(p);
            p.expect(SEMICOLON);
        }
    }
    m.complete(p, kind);
}

/// `open elem, elem, … close` in a node of `kind`; see [`comma_list_tokens`].
pub(crate) fn comma_list(
    p: &mut Parser<'_>,
    kind: SyntaxKind,
    delimiters: (SyntaxKind, SyntaxKind),
    what: &str,
    at_elem: fn(&Parser<'_>) -> bool,
    elem: fn(&mut Parser<'_>),
) {
    if !p.at(delimiters.0) {
        p.error_expected(delimiters.0.describe());
        return;
    }
    let m = p.start();
    comma_list_tokens(p, delimiters, what, at_elem, elem);
    m.complete(p, kind);
}

/// `open elem, elem, … close`, with a trailing comma allowed, into the
/// current node. Ends early, reporting the missing `close`, where an item
/// of an enclosing level starts.
pub(crate) fn comma_list_tokens(
    p: &mut Parser<'_>,
    (open, close): (SyntaxKind, SyntaxKind),
    what: &str,
    at_elem: fn(&Parser<'_>) -> bool,
    elem: fn(&mut Parser<'_>),
) {
    if !p.expect(open) {
        return;
    }
    loop {
        if p.eat(close) {
            break;
        }
        if p.at_eof() || at_enclosing_item(p) {
            p.error_expected(close.describe());
            break;
        }
        let before = p.position();
        if at_elem(p) {
            elem(p);
        }
        if p.position() == before {
            p.error_and_bump(what);
            continue;
        }
        if p.eat(COMMA) {
            continue;
        }
        if p.eat(close) {
            break;
        }
        // A missing `,` or `close`: go on with the next element, or skip
        // junk up to `close`, unless an enclosing item starts here.
        // A function item here most likely means the list was left
        // unfinished (a half-typed signature). At the start of an element
        // the same tokens are parsed as the element, as wit-parser does.
        p.error_expected(&format!("`,` or {}", close.describe()));
        if at_enclosing_item(p) || at_func_item(p) {
            break;
        }
    }
}

/// Tokens that start an item or close an enclosing group, so a list or
/// signature before them is unfinished.
pub(crate) fn at_enclosing_item(p: &Parser<'_>) -> bool {
    at_top_level_keyword(p)
        || p.at_any(&[
            SEMICOLON,
            R_BRACE,
            R_PAREN,
            R_ANGLE,
            USE_KW,
            TYPE_KW,
            RECORD_KW,
            VARIANT_KW,
            ENUM_KW,
            FLAGS_KW,
            RESOURCE_KW,
            IMPORT_KW,
            EXPORT_KW,
            INCLUDE_KW,
            CONSTRUCTOR_KW,
        ])
}
