//! The kinds of tokens and nodes in the WIT syntax tree.

/// Every token and node kind. Tokens come first, then nodes; the order is
/// part of nothing but `is_token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u16)]
#[allow(non_camel_case_types)]
pub enum SyntaxKind {
    // Trivia.
    WHITESPACE = 0,
    /// `// …` or `/* … */`.
    COMMENT,
    /// `/// …` or `/** … */`: documentation of the item that follows.
    DOC_COMMENT,
    /// A character no WIT token starts with, or an unterminated string or
    /// block comment. The lexer reports an error for each one.
    ERROR_TOKEN,

    // Punctuation.
    EQ,
    COMMA,
    COLON,
    DOT,
    SEMICOLON,
    L_PAREN,
    R_PAREN,
    L_BRACE,
    R_BRACE,
    L_ANGLE,
    R_ANGLE,
    ARROW,
    STAR,
    AT,
    SLASH,
    PLUS,
    MINUS,

    // Literals and names.
    STRING,
    INTEGER,
    /// A plain (`foo-bar`) or `%`-escaped (`%type`) identifier.
    IDENT,

    // Keywords, exactly the set wit-parser's lexer reserves.
    USE_KW,
    TYPE_KW,
    FUNC_KW,
    U8_KW,
    U16_KW,
    U32_KW,
    U64_KW,
    S8_KW,
    S16_KW,
    S32_KW,
    S64_KW,
    F32_KW,
    F64_KW,
    CHAR_KW,
    RECORD_KW,
    RESOURCE_KW,
    OWN_KW,
    BORROW_KW,
    FLAGS_KW,
    VARIANT_KW,
    ENUM_KW,
    BOOL_KW,
    STRING_KW,
    OPTION_KW,
    RESULT_KW,
    FUTURE_KW,
    STREAM_KW,
    ERROR_CONTEXT_KW,
    LIST_KW,
    MAP_KW,
    /// `_`, as in `result<_, e>`.
    UNDERSCORE,
    AS_KW,
    FROM_KW,
    STATIC_KW,
    INTERFACE_KW,
    TUPLE_KW,
    IMPORT_KW,
    EXPORT_KW,
    WORLD_KW,
    PACKAGE_KW,
    CONSTRUCTOR_KW,
    ASYNC_KW,
    INCLUDE_KW,
    WITH_KW,

    // Nodes.
    SOURCE_FILE,
    /// `package ns:name@1.0.0;` at the top of a file.
    PACKAGE_DECL,
    /// `package ns:name { … }`.
    NESTED_PACKAGE,
    /// `ns:name@1.0.0` in a package declaration.
    PACKAGE_NAME,
    /// `1.2.3-pre+build`.
    VERSION,
    /// The `{ … }` of a nested package.
    PACKAGE_BODY,
    INTERFACE,
    INTERFACE_BODY,
    WORLD,
    WORLD_BODY,
    /// `use ns:pkg/iface@1.0.0 as x;` at file level.
    TOPLEVEL_USE,
    /// `use iface.{a, b as c};` inside an interface or world.
    USE,
    /// `iface` or `ns:pkg/iface@1.0.0`.
    USE_PATH,
    USE_NAMES,
    /// `a` or `a as b` inside `use … .{ }`.
    USE_NAME,
    INCLUDE,
    INCLUDE_NAMES,
    /// `a as b` inside `include … with { }`.
    INCLUDE_NAME,
    IMPORT,
    EXPORT,
    /// `name: func(…) -> t;` in an interface, or a method in a resource.
    FUNC,
    /// `async? func(params) -> result`.
    FUNC_TYPE,
    PARAM_LIST,
    PARAM,
    TYPE_ALIAS,
    RECORD,
    RECORD_BODY,
    FIELD,
    VARIANT,
    VARIANT_BODY,
    VARIANT_CASE,
    ENUM,
    ENUM_BODY,
    ENUM_CASE,
    FLAGS,
    FLAGS_BODY,
    FLAG,
    RESOURCE,
    RESOURCE_BODY,
    CONSTRUCTOR,
    /// `@since(version = 1.0.0)`, `@unstable(feature = x)`,
    /// `@deprecated(version = 1.0.0)`, `@external-id("…")`.
    ATTRIBUTE,
    /// A builtin scalar: `u32`, `string`, `error-context`, …
    PRIMITIVE_TYPE,
    /// A reference to a type by name.
    NAMED_TYPE,
    LIST_TYPE,
    MAP_TYPE,
    OPTION_TYPE,
    RESULT_TYPE,
    TUPLE_TYPE,
    FUTURE_TYPE,
    STREAM_TYPE,
    /// `own<r>` or `borrow<r>`.
    HANDLE_TYPE,
    /// A name being defined.
    NAME,
    /// A name being used: a type, interface, world or use target.
    NAME_REF,
    /// Tokens the parser could not place.
    ERROR,
}

use SyntaxKind::*;

impl SyntaxKind {
    pub fn is_trivia(self) -> bool {
        matches!(self, WHITESPACE | COMMENT | DOC_COMMENT)
    }

    pub fn is_keyword(self) -> bool {
        (USE_KW as u16..=WITH_KW as u16).contains(&(self as u16))
    }

    pub fn is_token(self) -> bool {
        (self as u16) < SOURCE_FILE as u16
    }

    /// The keyword spelled `text`, if it is one.
    pub fn from_keyword(text: &str) -> Option<SyntaxKind> {
        Some(match text {
            "use" => USE_KW,
            "type" => TYPE_KW,
            "func" => FUNC_KW,
            "u8" => U8_KW,
            "u16" => U16_KW,
            "u32" => U32_KW,
            "u64" => U64_KW,
            "s8" => S8_KW,
            "s16" => S16_KW,
            "s32" => S32_KW,
            "s64" => S64_KW,
            "f32" => F32_KW,
            "f64" => F64_KW,
            "char" => CHAR_KW,
            "record" => RECORD_KW,
            "resource" => RESOURCE_KW,
            "own" => OWN_KW,
            "borrow" => BORROW_KW,
            "flags" => FLAGS_KW,
            "variant" => VARIANT_KW,
            "enum" => ENUM_KW,
            "bool" => BOOL_KW,
            "string" => STRING_KW,
            "option" => OPTION_KW,
            "result" => RESULT_KW,
            "future" => FUTURE_KW,
            "stream" => STREAM_KW,
            "error-context" => ERROR_CONTEXT_KW,
            "list" => LIST_KW,
            "map" => MAP_KW,
            "_" => UNDERSCORE,
            "as" => AS_KW,
            "from" => FROM_KW,
            "static" => STATIC_KW,
            "interface" => INTERFACE_KW,
            "tuple" => TUPLE_KW,
            "import" => IMPORT_KW,
            "export" => EXPORT_KW,
            "world" => WORLD_KW,
            "package" => PACKAGE_KW,
            "constructor" => CONSTRUCTOR_KW,
            "async" => ASYNC_KW,
            "include" => INCLUDE_KW,
            "with" => WITH_KW,
            _ => return None,
        })
    }

    /// How an error message names this token kind ("expected `;`").
    pub fn describe(self) -> &'static str {
        match self {
            WHITESPACE => "whitespace",
            COMMENT | DOC_COMMENT => "a comment",
            ERROR_TOKEN => "an invalid character",
            EQ => "`=`",
            COMMA => "`,`",
            COLON => "`:`",
            DOT => "`.`",
            SEMICOLON => "`;`",
            L_PAREN => "`(`",
            R_PAREN => "`)`",
            L_BRACE => "`{`",
            R_BRACE => "`}`",
            L_ANGLE => "`<`",
            R_ANGLE => "`>`",
            ARROW => "`->`",
            STAR => "`*`",
            AT => "`@`",
            SLASH => "`/`",
            PLUS => "`+`",
            MINUS => "`-`",
            STRING => "a string",
            INTEGER => "an integer",
            IDENT => "an identifier",
            UNDERSCORE => "`_`",
            k if k.is_keyword() => k.keyword_text(),
            _ => "a syntax node",
        }
    }

    fn keyword_text(self) -> &'static str {
        match self {
            USE_KW => "keyword `use`",
            TYPE_KW => "keyword `type`",
            FUNC_KW => "keyword `func`",
            U8_KW => "keyword `u8`",
            U16_KW => "keyword `u16`",
            U32_KW => "keyword `u32`",
            U64_KW => "keyword `u64`",
            S8_KW => "keyword `s8`",
            S16_KW => "keyword `s16`",
            S32_KW => "keyword `s32`",
            S64_KW => "keyword `s64`",
            F32_KW => "keyword `f32`",
            F64_KW => "keyword `f64`",
            CHAR_KW => "keyword `char`",
            RECORD_KW => "keyword `record`",
            RESOURCE_KW => "keyword `resource`",
            OWN_KW => "keyword `own`",
            BORROW_KW => "keyword `borrow`",
            FLAGS_KW => "keyword `flags`",
            VARIANT_KW => "keyword `variant`",
            ENUM_KW => "keyword `enum`",
            BOOL_KW => "keyword `bool`",
            STRING_KW => "keyword `string`",
            OPTION_KW => "keyword `option`",
            RESULT_KW => "keyword `result`",
            FUTURE_KW => "keyword `future`",
            STREAM_KW => "keyword `stream`",
            ERROR_CONTEXT_KW => "keyword `error-context`",
            LIST_KW => "keyword `list`",
            MAP_KW => "keyword `map`",
            AS_KW => "keyword `as`",
            FROM_KW => "keyword `from`",
            STATIC_KW => "keyword `static`",
            INTERFACE_KW => "keyword `interface`",
            TUPLE_KW => "keyword `tuple`",
            IMPORT_KW => "keyword `import`",
            EXPORT_KW => "keyword `export`",
            WORLD_KW => "keyword `world`",
            PACKAGE_KW => "keyword `package`",
            CONSTRUCTOR_KW => "keyword `constructor`",
            ASYNC_KW => "keyword `async`",
            INCLUDE_KW => "keyword `include`",
            WITH_KW => "keyword `with`",
            _ => "a keyword",
        }
    }
}

impl From<SyntaxKind> for rowan::SyntaxKind {
    fn from(kind: SyntaxKind) -> Self {
        rowan::SyntaxKind(kind as u16)
    }
}

/// The rowan language tag for WIT trees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WitLanguage {}

impl rowan::Language for WitLanguage {
    type Kind = SyntaxKind;

    fn kind_from_raw(raw: rowan::SyntaxKind) -> SyntaxKind {
        assert!(raw.0 <= ERROR as u16, "not a WIT syntax kind: {}", raw.0);
        // SAFETY: `SyntaxKind` is `repr(u16)` with contiguous discriminants
        // from 0 to `ERROR`, and the assert above checks the range.
        unsafe { std::mem::transmute::<u16, SyntaxKind>(raw.0) }
    }

    fn kind_to_raw(kind: SyntaxKind) -> rowan::SyntaxKind {
        kind.into()
    }
}

pub type SyntaxNode = rowan::SyntaxNode<WitLanguage>;
pub type SyntaxToken = rowan::SyntaxToken<WitLanguage>;
pub type SyntaxElement = rowan::SyntaxElement<WitLanguage>;
