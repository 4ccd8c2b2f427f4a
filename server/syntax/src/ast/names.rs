//! Names, references, package names, paths, versions and attributes.

use std::ops::Range;

use super::{ast_node, child, text_range, token};
use crate::{SyntaxKind::*, SyntaxNode, SyntaxToken};

/// An identifier token: `foo-bar`, or `%type` whose logical name is `type`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ident(pub SyntaxToken);

impl Ident {
    /// The logical name, with a `%` escape stripped.
    pub fn text(&self) -> String {
        let raw = self.0.text();
        raw.strip_prefix('%').unwrap_or(raw).to_string()
    }

    /// The token as written, with any `%`.
    pub fn raw(&self) -> &str {
        self.0.text()
    }

    /// The token's byte range (including a `%`).
    pub fn range(&self) -> Range<usize> {
        text_range(self.0.text_range())
    }
}

/// The identifier of a name or name reference, or a keyword written where
/// a name belongs (already reported as an error).
fn ident_of(node: &SyntaxNode) -> Option<Ident> {
    node.children_with_tokens()
        .filter_map(|it| it.into_token())
        .find(|t| !t.kind().is_trivia())
        .map(Ident)
}

ast_node!(
    /// A name being defined: of an interface, world, type, field, case,
    /// flag, function, parameter, import/export label or alias.
    Name,
    NAME
);

impl Name {
    pub fn ident(&self) -> Option<Ident> {
        ident_of(&self.0)
    }

    /// The logical name ("" in broken code).
    pub fn text(&self) -> String {
        self.ident().map(|i| i.text()).unwrap_or_default()
    }
}

ast_node!(
    /// A name being used. See [`NameRef::context`] for what it refers to.
    NameRef,
    NAME_REF
);

/// What a [`NameRef`] refers to, from where it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefContext {
    /// A type in a type expression: `x: my-type`.
    Type,
    /// The resource in `own<r>` or `borrow<r>`.
    Resource,
    /// The interface (or world, after `include`) a path names.
    PathTarget,
    /// A name imported by `use path.{name}`, in the path's interface.
    UsedName,
    /// A name renamed by `include path with { name as … }`, in the included world.
    IncludedName,
}

impl NameRef {
    pub fn ident(&self) -> Option<Ident> {
        ident_of(&self.0)
    }

    pub fn text(&self) -> String {
        self.ident().map(|i| i.text()).unwrap_or_default()
    }

    pub fn context(&self) -> RefContext {
        match self.0.parent().map(|p| p.kind()) {
            Some(HANDLE_TYPE) => RefContext::Resource,
            Some(USE_PATH) => RefContext::PathTarget,
            Some(USE_NAME) => RefContext::UsedName,
            Some(INCLUDE_NAME) => RefContext::IncludedName,
            _ => RefContext::Type,
        }
    }
}

ast_node!(
    /// `ns:name@1.0.0` after `package`, or the `ns:name` of a qualified
    /// [`UsePath`] (whose version follows the interface name).
    PackageName,
    PACKAGE_NAME
);

impl PackageName {
    fn idents(&self) -> impl Iterator<Item = Ident> {
        self.0
            .children_with_tokens()
            .filter_map(|it| it.into_token())
            .filter(|t| t.kind() == IDENT || t.kind().is_keyword())
            .map(Ident)
    }

    pub fn namespace(&self) -> Option<Ident> {
        self.idents().next()
    }

    pub fn name(&self) -> Option<Ident> {
        self.idents().nth(1)
    }

    pub fn version(&self) -> Option<Version> {
        child(&self.0)
    }
}

ast_node!(
    /// A semantic version such as `0.2.0-rc-2023-11-10`.
    Version,
    VERSION
);

impl Version {
    pub fn text(&self) -> String {
        self.0.text().to_string()
    }
}

ast_node!(
    /// `iface` (in the current package) or `ns:pkg/iface@1.0.0`.
    UsePath,
    USE_PATH
);

impl UsePath {
    /// The `ns:pkg` part of a qualified path.
    pub fn package_name(&self) -> Option<PackageName> {
        child(&self.0)
    }

    /// The interface (or world) named last.
    pub fn target(&self) -> Option<NameRef> {
        child(&self.0)
    }

    /// The package version of a qualified path.
    pub fn version(&self) -> Option<Version> {
        child(&self.0)
    }
}

ast_node!(
    /// `@since(version = 1.0.0)`, `@unstable(feature = x)`,
    /// `@deprecated(version = 1.0.0)` or `@external-id("…")`.
    Attribute,
    ATTRIBUTE
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AttributeKind {
    Since,
    Unstable,
    Deprecated,
    ExternalId,
    /// A name wit-parser does not know (already reported as an error).
    Unknown,
}

impl Attribute {
    /// The identifier after `@`.
    pub fn name(&self) -> Option<Ident> {
        token(&self.0, IDENT).map(Ident)
    }

    pub fn kind(&self) -> AttributeKind {
        match self.name().map(|n| n.text()).as_deref() {
            Some("since") => AttributeKind::Since,
            Some("unstable") => AttributeKind::Unstable,
            Some("deprecated") => AttributeKind::Deprecated,
            Some("external-id") => AttributeKind::ExternalId,
            _ => AttributeKind::Unknown,
        }
    }

    /// The version of `@since` and `@deprecated`.
    pub fn version(&self) -> Option<Version> {
        child(&self.0)
    }

    /// The feature of `@unstable(feature = x)`.
    pub fn feature(&self) -> Option<Ident> {
        let idents: Vec<_> = self
            .0
            .children_with_tokens()
            .filter_map(|it| it.into_token())
            .filter(|t| t.kind() == IDENT)
            .collect();
        (self.kind() == AttributeKind::Unstable)
            .then(|| idents.get(2).cloned().map(Ident))
            .flatten()
    }
}
