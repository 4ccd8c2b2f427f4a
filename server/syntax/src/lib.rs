//! A lossless, error-tolerant parser for WIT, the WebAssembly Component
//! Model's interface language.
//!
//! [`parse`] never fails: it returns a concrete syntax tree whose text is
//! the input byte for byte, together with every syntax error it found. The
//! tree keeps whitespace and comments; [`ast`] is a typed view over it for
//! the analysis layer (items, names, references, each with its range).
//!
//! ```
//! let parse = syntax::parse("package a:b;\ninterface i { f: func(x: u32) }\n");
//! assert_eq!(parse.syntax().to_string(), "package a:b;\ninterface i { f: func(x: u32) }\n");
//! assert_eq!(parse.errors()[0].message, "expected `;`, found `}`");
//! let interface = parse.tree().interfaces().next().unwrap();
//! assert_eq!(interface.name().unwrap().text(), "i");
//! ```
//!
//! This crate does no IO and knows nothing of LSP; semantics (name
//! resolution, type checking) belong to the analysis layer.

pub mod ast;
use ast::AstNode;
mod grammar;
mod lexer;
mod parser;
mod sink;
mod syntax_kind;

use std::{fmt, ops::Range};

pub use syntax_kind::{SyntaxElement, SyntaxKind, SyntaxNode, SyntaxToken, WitLanguage};

/// Parses one WIT file. Never fails and never panics; see [`Parse`].
pub fn parse(text: &str) -> Parse {
    let (tokens, lex_errors) = lexer::lex(text);
    let mut offset = 0;
    let mut significant = Vec::new();
    for token in &tokens {
        if !sink::is_skipped(token.kind) {
            significant.push((token.kind, offset..offset + token.len));
        }
        offset += token.len;
    }
    let mut parser = parser::Parser::new(text, significant);
    grammar::source_file(&mut parser);
    let green = sink::build_tree(text, &tokens, parser.events);

    let mut errors = lex_errors;
    errors.extend(parser.errors);
    // One error per position: a parse error at an invalid character only
    // repeats what the lexer said there.
    errors.sort_by_key(|e| e.range.start);
    errors.dedup_by_key(|e| e.range.start);
    Parse { green, errors }
}

/// The result of [`parse`]: a tree and the syntax errors in it.
#[derive(Clone, PartialEq, Eq)]
pub struct Parse {
    green: rowan::GreenNode,
    errors: Vec<SyntaxError>,
}

impl Parse {
    /// The root of the concrete syntax tree. Its text equals the input.
    pub fn syntax(&self) -> SyntaxNode {
        SyntaxNode::new_root(self.green.clone())
    }

    /// Every syntax error, sorted by position, at most one per position.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// The typed view of the tree.
    pub fn tree(&self) -> ast::SourceFile {
        ast::SourceFile::cast(self.syntax()).expect("the root is always a SOURCE_FILE")
    }

    /// The tree as indented text, followed by the errors: for snapshot
    /// tests and debugging.
    pub fn debug_dump(&self) -> String {
        let mut out = format!("{:#?}", self.syntax());
        for error in &self.errors {
            out.push_str(&format!("error {:?}: {}\n", error.range, error.message));
        }
        out
    }
}

impl fmt::Debug for Parse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.debug_dump())
    }
}

/// A syntax error: where, as a byte range into the parsed text, and what
/// was expected. An empty range marks a place (such as the end of file).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
