//! Semantic highlighting: every token classified from the syntax tree, so
//! colours follow what a name is (a type, a function, an interface) rather
//! than what a regex guesses.

use std::{ops::Range, path::Path};

use syntax::{SyntaxKind::*, SyntaxToken, ast};

use super::Analysis;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Namespace,
    Interface,
    Type,
    Struct,
    Enum,
    EnumMember,
    Function,
    Parameter,
    Property,
    Keyword,
    Comment,
    Number,
    Decorator,
    String,
}

impl TokenKind {
    /// In the order of the legend the server advertises.
    pub const ALL: [TokenKind; 14] = [
        TokenKind::Namespace,
        TokenKind::Interface,
        TokenKind::Type,
        TokenKind::Struct,
        TokenKind::Enum,
        TokenKind::EnumMember,
        TokenKind::Function,
        TokenKind::Parameter,
        TokenKind::Property,
        TokenKind::Keyword,
        TokenKind::Comment,
        TokenKind::Number,
        TokenKind::Decorator,
        TokenKind::String,
    ];
}

/// Modifier bits, in legend order.
pub mod modifiers {
    pub const DECLARATION: u32 = 1;
    pub const DOCUMENTATION: u32 = 1 << 1;
    pub const DEFAULT_LIBRARY: u32 = 1 << 2;
    pub const NAMES: [&str; 3] = ["declaration", "documentation", "defaultLibrary"];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub range: Range<usize>,
    pub kind: TokenKind,
    pub modifiers: u32,
}

impl Analysis {
    /// The file's tokens in order. A token may span lines (block comments);
    /// splitting is the protocol layer's business.
    pub fn semantic_tokens(&self, path: &Path) -> Vec<SemanticToken> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let root = file.parse.syntax();
        root.descendants_with_tokens()
            .filter_map(|e| e.into_token())
            .filter_map(|t| classify(&t))
            .collect()
    }
}

fn classify(token: &SyntaxToken) -> Option<SemanticToken> {
    let mut range = ast::text_range(token.text_range());
    let parent = token.parent()?;
    if let Some(version) = token.parent_ancestors().find(|a| a.kind() == VERSION) {
        // One number for `1.2.3-rc`, emitted at its first token.
        if version.first_token().as_ref() != Some(token) {
            return None;
        }
        range = ast::text_range(version.text_range());
        return Some(SemanticToken {
            range,
            kind: TokenKind::Number,
            modifiers: 0,
        });
    }
    let (kind, modifiers) = match token.kind() {
        COMMENT => (TokenKind::Comment, 0),
        DOC_COMMENT => (TokenKind::Comment, modifiers::DOCUMENTATION),
        INTEGER => (TokenKind::Number, 0),
        STRING => (TokenKind::String, 0),
        AT if parent.kind() == ATTRIBUTE => (TokenKind::Decorator, 0),
        IDENT if parent.kind() == ATTRIBUTE => {
            let is_name = parent
                .children_with_tokens()
                .filter_map(|e| e.into_token())
                .find(|t| t.kind() == IDENT)
                .as_ref()
                == Some(token);
            (
                if is_name {
                    TokenKind::Decorator
                } else {
                    TokenKind::Property
                },
                0,
            )
        }
        kind if kind.is_keyword() && parent.kind() == PRIMITIVE_TYPE => {
            (TokenKind::Type, modifiers::DEFAULT_LIBRARY)
        }
        kind if kind != IDENT && !kind.is_keyword() => return None,
        _ if parent.kind() == PACKAGE_NAME => (TokenKind::Namespace, 0),
        _ if parent.kind() == NAME => (
            definition_kind(parent.parent()?.kind())?,
            modifiers::DECLARATION,
        ),
        _ if parent.kind() == NAME_REF => (reference_kind(&parent)?, 0),
        kind if kind.is_keyword() => (TokenKind::Keyword, 0),
        _ => return None,
    };
    Some(SemanticToken {
        range,
        kind,
        modifiers,
    })
}

fn definition_kind(item: syntax::SyntaxKind) -> Option<TokenKind> {
    Some(match item {
        INTERFACE | WORLD => TokenKind::Interface,
        RECORD | RESOURCE => TokenKind::Struct,
        VARIANT | ENUM | FLAGS => TokenKind::Enum,
        TYPE_ALIAS => TokenKind::Type,
        VARIANT_CASE | ENUM_CASE | FLAG => TokenKind::EnumMember,
        FUNC => TokenKind::Function,
        PARAM => TokenKind::Parameter,
        FIELD => TokenKind::Property,
        IMPORT | EXPORT | USE_NAME | INCLUDE_NAME | TOPLEVEL_USE => TokenKind::Namespace,
        _ => return None,
    })
}

fn reference_kind(name_ref: &syntax::SyntaxNode) -> Option<TokenKind> {
    use syntax::ast::AstNode;
    Some(match ast::NameRef::cast(name_ref.clone())?.context() {
        ast::RefContext::PathTarget => TokenKind::Interface,
        ast::RefContext::IncludedName => TokenKind::Namespace,
        _ => TokenKind::Type,
    })
}
