//! Files, packages, interfaces, worlds and the items in them.

use super::{
    AstNode, Enum, Flags, HasDocs, Name, NameRef, PackageName, Record, Resource, TypeAlias,
    UsePath, Variant, ast_enum, ast_node, child, children, descendants, token,
};
use crate::{SyntaxKind::*, SyntaxNode};

ast_node!(
    /// A whole file.
    SourceFile,
    SOURCE_FILE
);

impl SourceFile {
    /// `package ns:name;` at the top, if there is one.
    pub fn package_decl(&self) -> Option<PackageDecl> {
        child(&self.0)
    }

    /// The file-level items, in order.
    pub fn items(&self) -> impl Iterator<Item = Item> + use<> {
        children(&self.0)
    }

    pub fn interfaces(&self) -> impl Iterator<Item = Interface> + use<> {
        children(&self.0)
    }

    pub fn worlds(&self) -> impl Iterator<Item = World> + use<> {
        children(&self.0)
    }

    /// Every name this file defines, nested packages included.
    pub fn definitions(&self) -> impl Iterator<Item = Name> + use<> {
        descendants(&self.0)
    }

    /// Every reference in this file, nested packages included.
    pub fn references(&self) -> impl Iterator<Item = NameRef> + use<> {
        descendants(&self.0)
    }
}

ast_enum!(
    /// An item of a file or of a nested package.
    Item {
        Interface(Interface),
        World(World),
        Use(ToplevelUse),
        Package(NestedPackage),
    }
);

ast_node!(
    /// `package ns:name@1.0.0;`
    PackageDecl,
    PACKAGE_DECL
);
impl HasDocs for PackageDecl {}

impl PackageDecl {
    pub fn package_name(&self) -> Option<PackageName> {
        child(&self.0)
    }
}

ast_node!(
    /// `package ns:name { … }`
    NestedPackage,
    NESTED_PACKAGE
);
impl HasDocs for NestedPackage {}

impl NestedPackage {
    pub fn package_name(&self) -> Option<PackageName> {
        child(&self.0)
    }

    pub fn items(&self) -> impl Iterator<Item = Item> + use<> {
        body_children(&self.0, PACKAGE_BODY)
    }
}

/// The items of the body node of kind `body` under `node`.
fn body_children<N: AstNode>(
    node: &SyntaxNode,
    body: crate::SyntaxKind,
) -> impl Iterator<Item = N> + use<N> {
    node.children()
        .find(|c| c.kind() == body)
        .into_iter()
        .flat_map(|b| b.children())
        .filter_map(N::cast)
}

/// A named item with a `{ … }` body of items: interfaces and worlds.
macro_rules! named_with_body {
    ($(#[$doc:meta])* $name:ident, $kind:ident, $body:ident, $item:ident) => {
        ast_node!($(#[$doc])* $name, $kind);
        impl HasDocs for $name {}

        impl $name {
            pub fn name(&self) -> Option<Name> {
                child(&self.0)
            }

            pub fn items(&self) -> impl Iterator<Item = $item> + use<> {
                body_children(&self.0, $body)
            }
        }
    };
}

named_with_body!(
    /// `interface name { … }`
    Interface, INTERFACE, INTERFACE_BODY, InterfaceItem
);

ast_enum!(
    /// An item of an interface (or of an inline interface in a world).
    InterfaceItem {
        TypeAlias(TypeAlias),
        Record(Record),
        Variant(Variant),
        Enum(Enum),
        Flags(Flags),
        Resource(Resource),
        Func(Func),
        Use(Use),
    }
);

named_with_body!(
    /// `world name { … }`
    World, WORLD, WORLD_BODY, WorldItem
);

ast_enum!(
    /// An item of a world. `Import` holds exports too: see
    /// [`ImportExport::is_import`].
    WorldItem {
        Import(ImportExport),
        Use(Use),
        Include(Include),
        TypeAlias(TypeAlias),
        Record(Record),
        Variant(Variant),
        Enum(Enum),
        Flags(Flags),
        Resource(Resource),
    }
);

/// `import …;` or `export …;`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportExport(SyntaxNode);

impl AstNode for ImportExport {
    fn can_cast(kind: crate::SyntaxKind) -> bool {
        matches!(kind, IMPORT | EXPORT)
    }
    fn cast(node: SyntaxNode) -> Option<Self> {
        Self::can_cast(node.kind()).then(|| ImportExport(node))
    }
    fn syntax(&self) -> &SyntaxNode {
        &self.0
    }
}
impl HasDocs for ImportExport {}

/// What an `import` or `export` brings in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Extern {
    /// `import ns:pkg/iface;` or `import iface;`
    Path(UsePath),
    /// `import label: path;`
    NamedPath(Name, UsePath),
    /// `import name: func(…);`
    Func(Name, super::FuncType),
    /// `import name: interface { … }`
    Interface(Name, Vec<InterfaceItem>),
}

impl ImportExport {
    pub fn is_import(&self) -> bool {
        self.0.kind() == IMPORT
    }

    /// The label before `:`, for functions, inline interfaces and named paths.
    pub fn name(&self) -> Option<Name> {
        child(&self.0)
    }

    pub fn path(&self) -> Option<UsePath> {
        child(&self.0)
    }

    /// `None` only in code too broken to tell.
    pub fn kind(&self) -> Option<Extern> {
        let name = self.name();
        if let Some(func) = child(&self.0) {
            return Some(Extern::Func(name?, func));
        }
        if self.0.children().any(|c| c.kind() == INTERFACE_BODY) {
            return Some(Extern::Interface(
                name?,
                body_children(&self.0, INTERFACE_BODY).collect(),
            ));
        }
        match (name, self.path()) {
            (Some(name), Some(path)) => Some(Extern::NamedPath(name, path)),
            (None, Some(path)) => Some(Extern::Path(path)),
            _ => None,
        }
    }
}

ast_node!(
    /// `use ns:pkg/iface@1.0.0 as name;` at file level.
    ToplevelUse,
    TOPLEVEL_USE
);
impl HasDocs for ToplevelUse {}

impl ToplevelUse {
    pub fn path(&self) -> Option<UsePath> {
        child(&self.0)
    }

    /// The name after `as`.
    pub fn alias(&self) -> Option<Name> {
        child(&self.0)
    }
}

/// An item made of a path and a list of renamed names: `use` and `include`.
macro_rules! path_with_names {
    ($(#[$doc:meta])* $item:ident, $kind:ident, $list:ident, $(#[$name_doc:meta])* $name:ident, $name_kind:ident) => {
        ast_node!($(#[$doc])* $item, $kind);
        impl HasDocs for $item {}

        impl $item {
            pub fn path(&self) -> Option<UsePath> {
                child(&self.0)
            }

            pub fn names(&self) -> impl Iterator<Item = $name> + use<> {
                body_children(&self.0, $list)
            }
        }

        ast_node!($(#[$name_doc])* $name, $name_kind);

        impl $name {
            /// The name in the used interface or included world.
            pub fn name_ref(&self) -> Option<NameRef> {
                child(&self.0)
            }

            /// The local name after `as`.
            pub fn alias(&self) -> Option<Name> {
                child(&self.0)
            }

            /// The name it brings into scope: the alias, else the original.
            pub fn local_name(&self) -> Option<String> {
                match self.alias() {
                    Some(alias) => Some(alias.text()),
                    None => Some(self.name_ref()?.text()),
                }
            }
        }
    };
}

path_with_names!(
    /// `use path.{a, b as c};` in an interface or world.
    Use, USE, USE_NAMES,
    /// `a` or `a as b` in a `use`.
    UseName, USE_NAME
);

path_with_names!(
    /// `include path;` or `include path with { a as b }`.
    Include, INCLUDE, INCLUDE_NAMES,
    /// `a as b` in `include … with { }`.
    IncludeName, INCLUDE_NAME
);

ast_node!(
    /// `name: func(…) -> t;`, or a method `name: static? func(…);` of a resource.
    Func,
    FUNC
);
impl HasDocs for Func {}

impl Func {
    pub fn name(&self) -> Option<Name> {
        child(&self.0)
    }

    pub fn func_type(&self) -> Option<super::FuncType> {
        child(&self.0)
    }

    /// `static` (resource functions only).
    pub fn is_static(&self) -> bool {
        token(&self.0, STATIC_KW).is_some()
    }
}
