//! A WAVE argument tuple with a placeholder for each parameter, read from
//! the WIT source: what a `▶ Run` lens pre-fills the argument prompt with.
//!
//! Read from the syntax tree, not from a built component, so that the lens
//! is there before the first build and follows unsaved edits. Named types
//! are looked up among the definitions of the package's files; a name that
//! is not found (a type from another package) gets `_`, which WAVE rejects
//! with an error pointing at it, so the user sees what to fill in.

use std::collections::HashMap;

use syntax::ast::{self, AstNode};

/// The type definitions visible by name: a package's interfaces and worlds
/// flattened into one namespace. Two interfaces may define the same name;
/// the first one wins, which at worst gives a template of the wrong shape
/// that WAVE then rejects.
#[derive(Default)]
pub struct TypeDefs(HashMap<String, ast::TypeDef>);

/// How a call can pass a function's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spelling {
    /// In a call of its own.
    OneShot,
    /// Only within a session, where resource handles are numbers.
    InSession,
    /// Not at all (yet): a stream inside a record, a future of nothing.
    Never,
}

/// Deep enough for real types, and a stop for recursive aliases in broken code.
const MAX_DEPTH: usize = 16;

impl TypeDefs {
    pub fn collect(files: &[ast::SourceFile]) -> TypeDefs {
        let mut defs = HashMap::new();
        for file in files {
            for def in file.syntax().descendants().filter_map(ast::TypeDef::cast) {
                if let Some(name) = def.name() {
                    defs.entry(name.text()).or_insert(def);
                }
            }
        }
        TypeDefs(defs)
    }

    /// `("", 0)` for `func(name: string, count: u32)`.
    pub fn arguments(&self, func: &ast::FuncType) -> String {
        self.arguments_of(func.params(), None)
    }

    /// The tuple for `params`, after a `leading` value (a method's `self`).
    pub fn arguments_of(
        &self,
        params: impl Iterator<Item = ast::Param>,
        leading: Option<&str>,
    ) -> String {
        let values: Vec<String> = leading
            .map(str::to_string)
            .into_iter()
            .chain(params.map(|param| match param.ty() {
                Some(ty) => self.value(&ty, 0),
                None => "_".into(),
            }))
            .collect();
        format!("({})", values.join(", "))
    }

    /// How a call can spell every parameter and result, if it can: a
    /// stream or future that is itself a parameter or result is spelled as
    /// the values it carries, as the runner does, but not one inside
    /// another type; a resource handle is a number of a session.
    pub fn spelling(
        &self,
        params: impl Iterator<Item = ast::Param>,
        result: Option<ast::TypeRef>,
    ) -> Spelling {
        let types: Vec<ast::TypeRef> = params.filter_map(|p| p.ty()).chain(result).collect();
        let mut handles = false;
        for ty in &types {
            let spelled = match ty {
                ast::TypeRef::Future(_) | ast::TypeRef::Stream(_) => {
                    let payload = ty.args();
                    !payload.is_empty()
                        && payload.iter().all(|t| self.spellable(t, 1, &mut handles))
                }
                _ => self.spellable(ty, 0, &mut handles),
            };
            if !spelled {
                return Spelling::Never;
            }
        }
        if handles {
            Spelling::InSession
        } else {
            Spelling::OneShot
        }
    }

    /// Whether `ty` has a spelling; `handles` is set when it holds a resource.
    fn spellable(&self, ty: &ast::TypeRef, depth: usize, handles: &mut bool) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let mut all = |types: Vec<ast::TypeRef>| {
            types
                .iter()
                .all(|t| self.spellable(t, depth + 1, &mut *handles))
        };
        match ty {
            ast::TypeRef::Future(_) | ast::TypeRef::Stream(_) => false,
            ast::TypeRef::Handle(_) => {
                *handles = true;
                true
            }
            ast::TypeRef::Named(named) => {
                let name = named.name_ref().map(|n| n.text()).unwrap_or_default();
                let Some(def) = self.0.get(&name) else {
                    return true;
                };
                match def {
                    ast::TypeDef::Resource(_) => {
                        *handles = true;
                        true
                    }
                    ast::TypeDef::Alias(alias) => all(alias.ty().into_iter().collect()),
                    ast::TypeDef::Record(record) => {
                        all(record.fields().filter_map(|f| f.ty()).collect())
                    }
                    ast::TypeDef::Variant(variant) => {
                        all(variant.cases().filter_map(|c| c.ty()).collect())
                    }
                    ast::TypeDef::Enum(_) | ast::TypeDef::Flags(_) => true,
                }
            }
            _ => all(ty.args()),
        }
    }

    fn value(&self, ty: &ast::TypeRef, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return "_".into();
        }
        match ty {
            ast::TypeRef::Primitive(primitive) => {
                let keyword = primitive.keyword().map(|k| k.text().to_string());
                primitive_value(keyword.as_deref().unwrap_or_default()).into()
            }
            ast::TypeRef::List(_) | ast::TypeRef::Map(_) => "[]".into(),
            ast::TypeRef::Option(_) => "none".into(),
            ast::TypeRef::Result(result) => match result.ok() {
                Some(ok) => format!("ok({})", self.value(&ok, depth + 1)),
                None => "ok".into(),
            },
            ast::TypeRef::Tuple(_) => {
                let values: Vec<String> =
                    ty.args().iter().map(|t| self.value(t, depth + 1)).collect();
                format!("({})", values.join(", "))
            }
            ast::TypeRef::Named(named) => {
                let name = named.name_ref().map(|n| n.text()).unwrap_or_default();
                match self.0.get(&name) {
                    Some(def) => self.definition(def, depth + 1),
                    None => "_".into(),
                }
            }
            // Spelled as the values they carry: a future as its value, a
            // stream as a list, a stream of bytes as text.
            ast::TypeRef::Future(_) => match ty.args().first() {
                Some(payload) => self.value(payload, depth + 1),
                None => "_".into(),
            },
            ast::TypeRef::Stream(_) => match ty.args().first() {
                Some(ast::TypeRef::Primitive(p))
                    if p.keyword().is_some_and(|k| k.text() == "u8") =>
                {
                    "\"\"".into()
                }
                Some(_) => "[]".into(),
                None => "_".into(),
            },
            // Within a session a handle is a number, the first one `1`.
            ast::TypeRef::Handle(_) => "1".into(),
        }
    }

    fn definition(&self, def: &ast::TypeDef, depth: usize) -> String {
        let value_of = |ty: Option<ast::TypeRef>| match ty {
            Some(ty) => self.value(&ty, depth),
            None => "_".into(),
        };
        let name_of = |name: Option<ast::Name>| name.map(|n| n.text()).unwrap_or_default();
        match def {
            ast::TypeDef::Alias(alias) => value_of(alias.ty()),
            ast::TypeDef::Record(record) => {
                let fields: Vec<String> = record
                    .fields()
                    .map(|field| format!("{}: {}", name_of(field.name()), value_of(field.ty())))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            ast::TypeDef::Variant(variant) => match variant.cases().next() {
                Some(case) => match case.ty() {
                    Some(ty) => format!("{}({})", name_of(case.name()), self.value(&ty, depth)),
                    None => name_of(case.name()),
                },
                None => "_".into(),
            },
            ast::TypeDef::Enum(e) => e.cases().next().map_or("_".into(), |c| name_of(c.name())),
            ast::TypeDef::Flags(_) => "{}".into(),
            ast::TypeDef::Resource(_) => "1".into(),
        }
    }
}

fn primitive_value(keyword: &str) -> &'static str {
    match keyword {
        "bool" => "false",
        "f32" | "f64" | "float32" | "float64" => "0.0",
        "char" => "'a'",
        "string" => "\"\"",
        "u8" | "u16" | "u32" | "u64" | "s8" | "s16" | "s32" | "s64" => "0",
        _ => "_",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(source: &str) -> String {
        let file = syntax::parse(source).tree();
        let defs = TypeDefs::collect(std::slice::from_ref(&file));
        let func = file
            .syntax()
            .descendants()
            .filter_map(ast::Func::cast)
            .find(|f| f.name().is_some_and(|n| n.text() == "f"))
            .and_then(|f| f.func_type())
            .expect("the source declares `f`");
        defs.arguments(&func)
    }

    #[test]
    fn every_kind_of_parameter_gets_a_wave_placeholder() {
        let source = "package a:b;\ninterface i {\n  record point { x: s32, label: string }\n  enum color { red, green }\n  variant shape { circle(f64), none }\n  flags perms { read }\n  type alias = tuple<u8, char>;\n  f: func(a: bool, b: point, c: color, d: shape, e: perms, g: alias, h: list<u8>, i: option<u32>, j: result<string, u8>, k: result, l: other);\n}\n";
        assert_eq!(
            template(source),
            r#"(false, {x: 0, label: ""}, red, circle(0.0), {}, (0, 'a'), [], none, ok(""), ok, _)"#
        );
    }

    #[test]
    fn resources_in_a_signature_are_spelled_only_in_a_session() {
        let spelling = |signature: &str| {
            let source = format!(
                "package a:b;\ninterface i {{\n  resource r;\n  record holder {{ r: r }}\n  record plain {{ x: list<u8> }}\n  f: func{signature};\n}}\n"
            );
            let file = syntax::parse(&source).tree();
            let defs = TypeDefs::collect(std::slice::from_ref(&file));
            let func = file
                .syntax()
                .descendants()
                .filter_map(ast::FuncType::cast)
                .last()
                .unwrap();
            (
                defs.spelling(func.params(), func.result()),
                defs.arguments(&func),
            )
        };
        use Spelling::*;
        assert_eq!(spelling("(p: plain) -> option<plain>").0, OneShot);
        assert_eq!(spelling("(p: borrow<r>)"), (InSession, "(1)".into()));
        assert_eq!(
            spelling("(h: holder, p: r)"),
            (InSession, "({r: 1}, 1)".into())
        );
        assert_eq!(spelling("() -> list<holder>").0, InSession);
        assert_eq!(spelling("(x: future<u8>) -> stream<plain>").0, OneShot);
        assert_eq!(spelling("(x: option<future<u8>>)").0, Never);
        assert_eq!(spelling("() -> stream<holder>").0, InSession);
        assert_eq!(spelling("() -> future").0, Never);
    }

    #[test]
    fn streams_and_futures_are_spelled_as_what_they_carry() {
        let source = "package a:b;\ninterface i {\n  f: async func(a: stream<u8>, b: stream<u32>, c: future<string>, d: future<u8>);\n}\n";
        assert_eq!(template(source), r#"("", [], "", 0)"#);
    }

    #[test]
    fn a_recursive_alias_stops() {
        let source = "package a:b;\ninterface i {\n  type t = t;\n  f: func(x: t);\n}\n";
        assert_eq!(template(source), "(_)");
    }
}
