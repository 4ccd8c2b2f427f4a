//! Parser events plus all tokens (trivia included) to a rowan tree.
//!
//! Trivia goes to the outermost node it sits between, except doc comments
//! right before an item: they go inside the item, so that the item's node
//! owns its documentation.

use rowan::{GreenNode, GreenNodeBuilder};

use crate::{SyntaxKind, SyntaxKind::*, lexer::Token, parser::Event};

pub(crate) fn build_tree(text: &str, tokens: &[Token], events: Vec<Event>) -> GreenNode {
    let mut sink = Sink {
        text,
        tokens,
        next: 0,
        offset: 0,
        builder: GreenNodeBuilder::new(),
        depth: 0,
    };
    for event in events {
        match event {
            Event::Start(None) => {}
            Event::Start(Some(kind)) => sink.start(kind),
            Event::Token => {
                sink.trivia(usize::MAX);
                sink.token();
            }
            Event::Finish => {
                if sink.depth == 1 {
                    sink.trivia(usize::MAX);
                }
                sink.builder.finish_node();
                sink.depth -= 1;
            }
        }
    }
    sink.builder.finish()
}

/// Trivia the parser never sees.
pub(crate) fn is_skipped(kind: SyntaxKind) -> bool {
    kind.is_trivia() || kind == ERROR_TOKEN
}

struct Sink<'a> {
    text: &'a str,
    tokens: &'a [Token],
    next: usize,
    offset: usize,
    builder: GreenNodeBuilder<'static>,
    depth: usize,
}

impl Sink<'_> {
    fn start(&mut self, kind: SyntaxKind) {
        if self.depth > 0 {
            let pending = self.tokens[self.next..]
                .iter()
                .take_while(|t| is_skipped(t.kind))
                .count();
            let keep_outside = if owns_docs(kind) {
                pending - attached_docs(&self.tokens[self.next..self.next + pending])
            } else {
                pending
            };
            self.trivia(keep_outside);
        }
        self.builder.start_node(kind.into());
        self.depth += 1;
    }

    /// Emits up to `max` pending trivia tokens.
    fn trivia(&mut self, max: usize) {
        let mut emitted = 0;
        while emitted < max
            && self
                .tokens
                .get(self.next)
                .is_some_and(|t| is_skipped(t.kind))
        {
            self.token();
            emitted += 1;
        }
    }

    fn token(&mut self) {
        let Some(token) = self.tokens.get(self.next) else {
            return;
        };
        let text = &self.text[self.offset..self.offset + token.len];
        self.builder.token(token.kind.into(), text);
        self.offset += token.len;
        self.next += 1;
    }
}

/// How many of the trailing `trivia` belong to the item after them: the
/// doc comments (and the whitespace among and after them) that no ordinary
/// comment or invalid character interrupts.
fn attached_docs(trivia: &[Token]) -> usize {
    let mut attached = 0;
    for (i, token) in trivia.iter().enumerate().rev() {
        match token.kind {
            DOC_COMMENT => attached = trivia.len() - i,
            WHITESPACE => {}
            _ => break,
        }
    }
    attached
}

/// Nodes that carry documentation.
pub(crate) fn owns_docs(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        PACKAGE_DECL
            | NESTED_PACKAGE
            | INTERFACE
            | WORLD
            | TOPLEVEL_USE
            | USE
            | INCLUDE
            | IMPORT
            | EXPORT
            | FUNC
            | CONSTRUCTOR
            | TYPE_ALIAS
            | RECORD
            | FIELD
            | VARIANT
            | VARIANT_CASE
            | ENUM
            | ENUM_CASE
            | FLAGS
            | FLAG
            | RESOURCE
    )
}
