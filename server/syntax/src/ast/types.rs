//! Type definitions, functions and type expressions.

use super::{AstNode, Func, HasDocs, Name, NameRef, ast_enum, ast_node, child, children, token};
use crate::{SyntaxKind::*, SyntaxNode, SyntaxToken};

/// The `{ … }` children of a type definition.
fn members<N: AstNode>(node: &SyntaxNode) -> impl Iterator<Item = N> + use<N> {
    node.children()
        .filter(|c| {
            matches!(
                c.kind(),
                RECORD_BODY | VARIANT_BODY | ENUM_BODY | FLAGS_BODY | RESOURCE_BODY
            )
        })
        .flat_map(|b| b.children())
        .filter_map(N::cast)
}

macro_rules! named {
    ($($ty:ident),*) => {$(
        impl $ty {
            pub fn name(&self) -> Option<Name> {
                child(&self.0)
            }
        }
        impl HasDocs for $ty {}
    )*};
}

ast_node!(
    /// `type name = t;`
    TypeAlias,
    TYPE_ALIAS
);
ast_node!(
    /// `record name { field: t, … }`
    Record,
    RECORD
);
ast_node!(
    /// `name: t` in a record.
    Field,
    FIELD
);
ast_node!(
    /// `variant name { case(t), … }`
    Variant,
    VARIANT
);
ast_node!(
    /// `case` or `case(t)` in a variant.
    VariantCase,
    VARIANT_CASE
);
ast_node!(
    /// `enum name { a, b }`
    Enum,
    ENUM
);
ast_node!(EnumCase, ENUM_CASE);
ast_node!(
    /// `flags name { a, b }`
    Flags,
    FLAGS
);
ast_node!(Flag, FLAG);
ast_node!(
    /// `resource name;` or `resource name { … }`
    Resource,
    RESOURCE
);
ast_node!(
    /// `constructor(params);` in a resource.
    Constructor,
    CONSTRUCTOR
);
named!(
    TypeAlias,
    Record,
    Field,
    Variant,
    VariantCase,
    Enum,
    EnumCase,
    Flags,
    Flag,
    Resource
);
impl HasDocs for Constructor {}

ast_enum!(
    /// Any named type definition.
    TypeDef {
        Alias(TypeAlias),
        Record(Record),
        Variant(Variant),
        Enum(Enum),
        Flags(Flags),
        Resource(Resource),
    }
);

impl TypeDef {
    pub fn name(&self) -> Option<Name> {
        child(self.syntax())
    }
}

impl TypeAlias {
    pub fn ty(&self) -> Option<TypeRef> {
        child(&self.0)
    }
}

impl Record {
    pub fn fields(&self) -> impl Iterator<Item = Field> + use<> {
        members(&self.0)
    }
}

impl Field {
    pub fn ty(&self) -> Option<TypeRef> {
        child(&self.0)
    }
}

impl Variant {
    pub fn cases(&self) -> impl Iterator<Item = VariantCase> + use<> {
        members(&self.0)
    }
}

impl VariantCase {
    /// The payload type, if the case has one.
    pub fn ty(&self) -> Option<TypeRef> {
        child(&self.0)
    }
}

impl Enum {
    pub fn cases(&self) -> impl Iterator<Item = EnumCase> + use<> {
        members(&self.0)
    }
}

impl Flags {
    pub fn flags(&self) -> impl Iterator<Item = Flag> + use<> {
        members(&self.0)
    }
}

ast_enum!(
    /// A function of a resource.
    ResourceItem {
        Constructor(Constructor),
        Func(Func),
    }
);

impl Resource {
    /// The constructor, methods and static functions, in order.
    pub fn items(&self) -> impl Iterator<Item = ResourceItem> + use<> {
        members(&self.0)
    }
}

impl Constructor {
    pub fn params(&self) -> impl Iterator<Item = Param> + use<> {
        params_of(&self.0)
    }

    /// The `-> t` of a fallible constructor.
    pub fn result(&self) -> Option<TypeRef> {
        child(&self.0)
    }
}

fn params_of(node: &SyntaxNode) -> impl Iterator<Item = Param> + use<> {
    node.children()
        .find(|c| c.kind() == PARAM_LIST)
        .into_iter()
        .flat_map(|l| l.children())
        .filter_map(Param::cast)
}

ast_node!(
    /// `async? func(params) -> result`.
    FuncType,
    FUNC_TYPE
);

/// Which accessor a function is: `name: get() -> t` or `name: set(v: t)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accessor {
    Get,
    Set,
}

impl FuncType {
    pub fn is_async(&self) -> bool {
        token(&self.0, ASYNC_KW).is_some()
    }

    /// `Some` for an accessor, written `get(…)` or `set(…)` in place of
    /// `func(…)`. `get` and `set` are identifiers, not keywords.
    pub fn accessor(&self) -> Option<Accessor> {
        let first = self
            .0
            .children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| !t.kind().is_trivia())?;
        match (first.kind(), first.text()) {
            (IDENT, "get") => Some(Accessor::Get),
            (IDENT, "set") => Some(Accessor::Set),
            _ => None,
        }
    }

    pub fn params(&self) -> impl Iterator<Item = Param> + use<> {
        params_of(&self.0)
    }

    pub fn result(&self) -> Option<TypeRef> {
        child(&self.0)
    }
}

ast_node!(
    /// `name: t` in a parameter list.
    Param,
    PARAM
);

impl Param {
    pub fn name(&self) -> Option<Name> {
        child(&self.0)
    }

    pub fn ty(&self) -> Option<TypeRef> {
        child(&self.0)
    }
}

ast_node!(
    /// `u32`, `string`, `error-context`, …
    PrimitiveType,
    PRIMITIVE_TYPE
);
ast_node!(
    /// A type referred to by name.
    NamedType,
    NAMED_TYPE
);
ast_node!(
    /// `list<t>` or the fixed-size `list<t, n>`.
    ListType,
    LIST_TYPE
);
ast_node!(MapType, MAP_TYPE);
ast_node!(OptionType, OPTION_TYPE);
ast_node!(
    /// `result`, `result<t>`, `result<_, e>` or `result<t, e>`.
    ResultType,
    RESULT_TYPE
);
ast_node!(TupleType, TUPLE_TYPE);
ast_node!(FutureType, FUTURE_TYPE);
ast_node!(StreamType, STREAM_TYPE);
ast_node!(
    /// `own<r>` or `borrow<r>`.
    HandleType,
    HANDLE_TYPE
);

ast_enum!(
    /// A type expression.
    TypeRef {
        Primitive(PrimitiveType),
        Named(NamedType),
        List(ListType),
        Map(MapType),
        Option(OptionType),
        Result(ResultType),
        Tuple(TupleType),
        Future(FutureType),
        Stream(StreamType),
        Handle(HandleType),
    }
);

impl TypeRef {
    /// The type arguments inside `<…>`, in order.
    pub fn args(&self) -> Vec<TypeRef> {
        children(self.syntax()).collect()
    }
}

impl PrimitiveType {
    pub fn keyword(&self) -> Option<SyntaxToken> {
        self.0.first_token()
    }
}

impl NamedType {
    pub fn name_ref(&self) -> Option<NameRef> {
        child(&self.0)
    }
}

impl ListType {
    pub fn element(&self) -> Option<TypeRef> {
        child(&self.0)
    }

    /// The `n` of a fixed-size `list<t, n>`.
    pub fn size(&self) -> Option<SyntaxToken> {
        token(&self.0, INTEGER)
    }
}

impl ResultType {
    /// The ok type; `None` for `result` and `result<_, e>`.
    pub fn ok(&self) -> Option<TypeRef> {
        if token(&self.0, UNDERSCORE).is_some() {
            None
        } else {
            child(&self.0)
        }
    }

    /// The error type; `None` for `result` and `result<t>`.
    pub fn err(&self) -> Option<TypeRef> {
        let types: Vec<TypeRef> = children(&self.0).collect();
        if token(&self.0, UNDERSCORE).is_some() {
            types.into_iter().next()
        } else {
            types.into_iter().nth(1)
        }
    }
}

impl HandleType {
    pub fn is_borrow(&self) -> bool {
        token(&self.0, BORROW_KW).is_some()
    }

    pub fn resource(&self) -> Option<NameRef> {
        child(&self.0)
    }
}
