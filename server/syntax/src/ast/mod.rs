//! A typed view over the concrete syntax tree.
//!
//! Every wrapper is a [`SyntaxNode`] of one kind; accessors return `None`
//! (or skip) what is missing in broken code, so this layer works on every
//! tree [`crate::parse`] returns. Ranges are byte ranges into the parsed
//! text.
//!
//! For navigation, every definition is a [`Name`] and every reference a
//! [`NameRef`]: [`SourceFile::definitions`] and [`SourceFile::references`]
//! walk all of them; [`NameRef::context`] says what a reference points at.

mod items;
mod names;
mod types;

use std::ops::Range;

pub use items::*;
pub use names::*;
pub use types::*;

use crate::{SyntaxKind, SyntaxKind::*, SyntaxNode, SyntaxToken};

/// A typed wrapper over a node of one kind.
pub trait AstNode: Sized {
    fn can_cast(kind: SyntaxKind) -> bool;
    fn cast(node: SyntaxNode) -> Option<Self>;
    fn syntax(&self) -> &SyntaxNode;

    /// The node's byte range, including doc comments it owns but not
    /// whitespace around it.
    fn range(&self) -> Range<usize> {
        text_range(self.syntax().text_range())
    }
}

/// A rowan range as the byte range every layer above works with.
pub fn text_range(range: rowan::TextRange) -> Range<usize> {
    range.start().into()..range.end().into()
}

macro_rules! ast_node {
    ($(#[$doc:meta])* $name:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub struct $name(pub(crate) crate::SyntaxNode);

        impl crate::ast::AstNode for $name {
            fn can_cast(kind: crate::SyntaxKind) -> bool {
                kind == crate::SyntaxKind::$kind
            }
            fn cast(node: crate::SyntaxNode) -> Option<Self> {
                Self::can_cast(node.kind()).then(|| $name(node))
            }
            fn syntax(&self) -> &crate::SyntaxNode {
                &self.0
            }
        }
    };
}
pub(crate) use ast_node;

/// An enum over several node wrappers, castable from any of them.
macro_rules! ast_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident($ty:ident)),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name { $($variant($ty)),* }

        impl crate::ast::AstNode for $name {
            fn can_cast(kind: crate::SyntaxKind) -> bool {
                $(<$ty as crate::ast::AstNode>::can_cast(kind))||*
            }
            fn cast(node: crate::SyntaxNode) -> Option<Self> {
                $(if <$ty as crate::ast::AstNode>::can_cast(node.kind()) {
                    return <$ty as crate::ast::AstNode>::cast(node).map($name::$variant);
                })*
                None
            }
            fn syntax(&self) -> &crate::SyntaxNode {
                match self { $($name::$variant(it) => it.syntax()),* }
            }
        }
    };
}
pub(crate) use ast_enum;

pub(crate) fn child<N: AstNode>(node: &SyntaxNode) -> Option<N> {
    node.children().find_map(N::cast)
}

pub(crate) fn children<N: AstNode>(node: &SyntaxNode) -> impl Iterator<Item = N> + use<N> {
    node.children().filter_map(N::cast)
}

pub(crate) fn token(node: &SyntaxNode, kind: SyntaxKind) -> Option<SyntaxToken> {
    node.children_with_tokens()
        .filter_map(|it| it.into_token())
        .find(|t| t.kind() == kind)
}

/// Items that can carry `///` documentation and `@since`-style gates.
pub trait HasDocs: AstNode {
    /// The doc comments (`///`, `/** */`) in front of the item, in order.
    fn doc_comments(&self) -> Vec<SyntaxToken> {
        self.syntax()
            .children_with_tokens()
            .map_while(|it| it.into_token())
            .filter(|t| t.kind() == DOC_COMMENT)
            .collect()
    }

    /// The documentation text, without comment markers, one line each.
    fn docs(&self) -> Option<String> {
        let lines: Vec<String> = self
            .doc_comments()
            .iter()
            .flat_map(|t| doc_lines(t.text()))
            .collect();
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    fn attributes(&self) -> Vec<Attribute> {
        children(self.syntax()).collect()
    }
}

/// The Markdown of a `/** … */` body: a ` * ` margin taken off each line,
/// or else the indentation all lines share, so that paragraphs, nested
/// lists and indented code keep their shape.
fn block_doc_lines(block: &str) -> Vec<String> {
    let mut lines: Vec<&str> = block.lines().collect();
    let first = lines.first().map(|l| l.trim()).unwrap_or_default();
    let first = (!first.is_empty()).then_some(first);
    if !lines.is_empty() {
        lines.remove(0);
    }
    let starred = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .all(|l| l.trim_start().starts_with('*'));
    let margin = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let body = lines.iter().map(|line| {
        if starred {
            let rest = line.trim_start().strip_prefix('*').unwrap_or(line);
            rest.strip_prefix(' ').unwrap_or(rest).trim_end()
        } else {
            line.get(margin..).unwrap_or("").trim_end()
        }
    });
    let mut out: Vec<String> = first.into_iter().chain(body).map(str::to_string).collect();
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

fn doc_lines(comment: &str) -> Vec<String> {
    if let Some(block) = comment.strip_prefix("/**") {
        let block = block.strip_suffix("*/").unwrap_or(block);
        return block_doc_lines(block);
    }
    let line = comment.trim_start_matches('/');
    vec![
        line.strip_prefix(' ')
            .unwrap_or(line)
            .trim_end()
            .to_string(),
    ]
}

/// The definitions and references below `node`.
pub(crate) fn descendants<N: AstNode>(node: &SyntaxNode) -> impl Iterator<Item = N> + use<N> {
    node.descendants().filter_map(N::cast)
}
