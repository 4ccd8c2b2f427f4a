//! Type definitions, functions and type expressions.

use super::{
    attributes, is_name_like,
    items::{at_enclosing_item, body, comma_list, comma_list_tokens, no_item},
    name, name_ref,
};
use crate::{
    SyntaxKind::{self, *},
    parser::{MAX_DEPTH, Marker, Parser},
};

pub(crate) fn is_type_def_start(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        TYPE_KW | RECORD_KW | VARIANT_KW | ENUM_KW | FLAGS_KW | RESOURCE_KW
    )
}

pub(crate) fn type_def(p: &mut Parser<'_>, m: Marker) {
    let kind = p.current().expect("callers check is_type_def_start");
    p.bump();
    name(p);
    let kind = match kind {
        TYPE_KW => {
            p.expect(EQ);
            type_ref(p);
            p.expect(SEMICOLON);
            TYPE_ALIAS
        }
        RECORD_KW => {
            comma_list(
                p,
                RECORD_BODY,
                (L_BRACE, R_BRACE),
                "a field",
                at_member,
                field,
            );
            RECORD
        }
        VARIANT_KW => {
            comma_list(
                p,
                VARIANT_BODY,
                (L_BRACE, R_BRACE),
                "a case",
                at_member,
                variant_case,
            );
            VARIANT
        }
        ENUM_KW => {
            comma_list(p, ENUM_BODY, (L_BRACE, R_BRACE), "a case", at_member, |p| {
                named(p, ENUM_CASE)
            });
            ENUM
        }
        FLAGS_KW => {
            comma_list(
                p,
                FLAGS_BODY,
                (L_BRACE, R_BRACE),
                "a flag",
                at_member,
                |p| named(p, FLAG),
            );
            FLAGS
        }
        _ => {
            if p.at(L_BRACE) {
                body(
                    p,
                    RESOURCE_BODY,
                    &[
                        TYPE_KW,
                        RECORD_KW,
                        VARIANT_KW,
                        ENUM_KW,
                        FLAGS_KW,
                        RESOURCE_KW,
                        USE_KW,
                    ],
                    resource_item,
                );
            } else {
                p.expect(SEMICOLON);
            }
            RESOURCE
        }
    };
    m.complete(p, kind);
}

/// A field, case, flag or parameter starts with a name.
fn at_member(p: &Parser<'_>) -> bool {
    p.at(IDENT)
}

fn named(p: &mut Parser<'_>, kind: SyntaxKind) {
    let m = p.start();
    name(p);
    m.complete(p, kind);
}

fn field(p: &mut Parser<'_>) {
    let m = p.start();
    name(p);
    // Without the `:` the next token more likely starts the next member.
    if p.expect(COLON) {
        type_ref(p);
    }
    m.complete(p, FIELD);
}

fn variant_case(p: &mut Parser<'_>) {
    let m = p.start();
    name(p);
    if p.eat(L_PAREN) {
        type_ref(p);
        p.expect(R_PAREN);
    }
    m.complete(p, VARIANT_CASE);
}

fn resource_item(p: &mut Parser<'_>) {
    let m = p.start();
    let has_attributes = attributes(p);
    match p.current() {
        Some(CONSTRUCTOR_KW) => {
            p.bump();
            param_list(p);
            if p.eat(ARROW) {
                type_ref(p);
            }
            p.expect(SEMICOLON);
            m.complete(p, CONSTRUCTOR);
        }
        Some(kind) if is_name_like(kind) && p.nth(1) == Some(COLON) => func_item(p, m, true),
        Some(IDENT) => func_item(p, m, true),
        _ => no_item(p, m, has_attributes, "`constructor` or identifier"),
    }
}

/// `name: func(…) -> t;`, and in resources `name: static func(…);`.
pub(crate) fn func_item(p: &mut Parser<'_>, m: Marker, in_resource: bool) {
    name(p);
    p.expect(COLON);
    if p.at(STATIC_KW) && !in_resource {
        // Eaten anyway, so that the rest of the signature still parses.
        p.error("expected keyword `func`, found keyword `static`: only resource functions can be static".to_string());
        p.bump();
    }
    p.eat(STATIC_KW);
    func_type(p);
    p.expect(SEMICOLON);
    m.complete(p, FUNC);
}

/// `async? func(params) (-> type)?`, or an accessor `get(…) -> type` /
/// `set(…)`. wit-parser takes no `async` before an accessor.
pub(crate) fn func_type(p: &mut Parser<'_>) {
    let m = p.start();
    if !p.eat(ASYNC_KW) && super::at_accessor(p, 0) {
        p.bump();
        param_list(p);
    } else if p.expect(FUNC_KW) {
        param_list(p);
    }
    if p.eat(ARROW) {
        type_ref(p);
    }
    m.complete(p, FUNC_TYPE);
}

fn param_list(p: &mut Parser<'_>) {
    comma_list(
        p,
        PARAM_LIST,
        (L_PAREN, R_PAREN),
        "a parameter",
        at_member,
        |p| {
            let m = p.start();
            name(p);
            if p.expect(COLON) {
                type_ref(p);
            }
            m.complete(p, PARAM);
        },
    );
}

/// A type expression. Reports an error and eats nothing when none is here.
pub(crate) fn type_ref(p: &mut Parser<'_>) {
    if p.depth >= MAX_DEPTH {
        p.error("type nesting too deep".to_string());
        skip_nested_type(p);
        return;
    }
    p.depth += 1;
    type_ref_inner(p);
    p.depth -= 1;
}

fn type_ref_inner(p: &mut Parser<'_>) {
    let Some(kind) = p.current() else {
        p.error_expected("a type");
        return;
    };
    let m = p.start();
    let node = match kind {
        U8_KW | U16_KW | U32_KW | U64_KW | S8_KW | S16_KW | S32_KW | S64_KW | F32_KW | F64_KW
        | CHAR_KW | BOOL_KW | STRING_KW | ERROR_CONTEXT_KW => {
            p.bump();
            PRIMITIVE_TYPE
        }
        IDENT => {
            name_ref(p);
            NAMED_TYPE
        }
        LIST_KW => {
            p.bump();
            if p.expect(L_ANGLE) {
                type_ref(p);
                if p.eat(COMMA) && !p.eat(INTEGER) {
                    p.error_expected("fixed-length");
                }
                p.expect(R_ANGLE);
            }
            LIST_TYPE
        }
        MAP_KW => {
            p.bump();
            if p.expect(L_ANGLE) {
                type_ref(p);
                p.expect(COMMA);
                type_ref(p);
                p.expect(R_ANGLE);
            }
            MAP_TYPE
        }
        OPTION_KW => {
            p.bump();
            if p.expect(L_ANGLE) {
                type_ref(p);
                p.expect(R_ANGLE);
            }
            OPTION_TYPE
        }
        RESULT_KW => {
            p.bump();
            if p.eat(L_ANGLE) {
                if p.eat(UNDERSCORE) {
                    p.expect(COMMA);
                    type_ref(p);
                } else {
                    type_ref(p);
                    if p.eat(COMMA) {
                        type_ref(p);
                    }
                }
                p.expect(R_ANGLE);
            }
            RESULT_TYPE
        }
        TUPLE_KW => {
            p.bump();
            comma_list_tokens(p, (L_ANGLE, R_ANGLE), "a type", at_type, type_ref);
            TUPLE_TYPE
        }
        FUTURE_KW | STREAM_KW => {
            p.bump();
            if p.eat(L_ANGLE) {
                type_ref(p);
                p.expect(R_ANGLE);
            }
            if kind == FUTURE_KW {
                FUTURE_TYPE
            } else {
                STREAM_TYPE
            }
        }
        OWN_KW | BORROW_KW => {
            p.bump();
            if p.expect(L_ANGLE) {
                name_ref(p);
                p.expect(R_ANGLE);
            }
            HANDLE_TYPE
        }
        _ => {
            m.abandon(p);
            if at_enclosing_item(p) || !p.at_any(&[UNDERSCORE, INTEGER, STAR, L_ANGLE]) {
                p.error_expected("a type");
            } else {
                p.error_and_bump("a type");
            }
            return;
        }
    };
    m.complete(p, node);
}

fn at_type(p: &Parser<'_>) -> bool {
    p.current().is_some_and(|k| {
        k == IDENT
            || (k.is_keyword() && !matches!(k, FUNC_KW | ASYNC_KW | STATIC_KW | AS_KW | FROM_KW))
    }) && !at_enclosing_item(p)
}

/// Eats the rest of a type that is nested too deep, without recursion, up
/// to the `>` that closes the level where the limit was hit.
fn skip_nested_type(p: &mut Parser<'_>) {
    let m = p.start();
    let mut open = 0usize;
    while let Some(kind) = p.current() {
        match kind {
            L_ANGLE => open += 1,
            R_ANGLE if open == 0 => break,
            R_ANGLE => open -= 1,
            COMMA | IDENT | INTEGER | UNDERSCORE => {}
            k if k.is_keyword() => {}
            _ => break,
        }
        p.bump();
    }
    m.complete(p, ERROR);
}
