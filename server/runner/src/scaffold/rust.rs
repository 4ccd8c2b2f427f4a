//! A Rust guest: a cdylib crate whose `wit_bindgen::generate!` makes the
//! traits, and one `impl` a trait with the signatures wit-bindgen gives
//! them (owned arguments, `FooBorrow<'_>` for a borrowed exported
//! resource, `Result<T, E>` for `result`).

use std::fmt::Write as _;
use std::path::PathBuf;

use wit_parser::{Function, FunctionKind, Handle, Type, TypeDefKind, TypeId, TypeOwner};

use super::{Model, item_name, snake, upper_camel};

/// Names Rust reserves that WIT may use; wit-bindgen adds `_`.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

fn ident(name: &str) -> String {
    let snake = snake(name);
    if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

pub(super) fn files(model: &Model, wit: &str) -> Vec<(PathBuf, String)> {
    let name = format!("{}-guest", model.world_name());
    let cargo = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
wit-bindgen = "0.46"

[profile.release]
opt-level = "s"
strip = "debuginfo"

# A guest builds for wasm32-wasip2 on its own, outside any workspace above it.
[workspace]
"#
    );
    vec![
        ("Cargo.toml".into(), cargo),
        ("src/lib.rs".into(), lib_rs(model, wit)),
        (".gitignore".into(), "target/\n".into()),
    ]
}

fn lib_rs(model: &Model, wit: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "//! World `{}`: every export is a stub that returns a default value.\n",
        model.qualified()
    );
    let _ = writeln!(
        out,
        "wit_bindgen::generate!({{\n    path: {wit:?},\n    world: {:?},\n}});\n",
        model.qualified()
    );
    out.push_str("struct Component;\n\n");
    if !model.functions.is_empty() {
        out.push_str("impl Guest for Component {\n");
        for f in &model.functions {
            out.push_str(&function(model, f, "    ", None));
        }
        out.push_str("}\n\n");
    }
    for (_, id) in &model.interfaces {
        let module = module_path(model, *id);
        let resources = model.resources(*id);
        let _ = writeln!(out, "impl {module}::Guest for Component {{");
        for (_, name, _) in &resources {
            let _ = writeln!(out, "    type {} = {};", upper_camel(name), stub_name(name));
        }
        for f in model.freestanding(*id) {
            out.push_str(&function(model, f, "    ", None));
        }
        out.push_str("}\n\n");
        for (resource, name, functions) in resources {
            let _ = writeln!(out, "pub struct {};\n", stub_name(name));
            let _ = writeln!(
                out,
                "impl {module}::Guest{} for {} {{",
                upper_camel(name),
                stub_name(name)
            );
            for f in functions {
                out.push_str(&function(model, f, "    ", Some(resource)));
            }
            out.push_str("}\n\n");
        }
    }
    out.push_str("export!(Component);\n");
    out
}

fn stub_name(resource: &str) -> String {
    format!("My{}", upper_camel(resource))
}

/// The bindings module of an interface: `exports::ns::pkg::iface` for an
/// exported one, `ns::pkg::iface` for an import.
fn module_path(model: &Model, id: wit_parser::InterfaceId) -> String {
    let interface = model.interface(id);
    let name = interface.name.as_deref().map(snake).unwrap_or_default();
    let package = interface.package.map(|p| &model.resolve.packages[p].name);
    let mut path = match package {
        Some(p) => format!("{}::{}::{name}", snake(&p.namespace), snake(&p.name)),
        None => name,
    };
    if model.exports_interface(id) {
        path = format!("exports::{path}");
    }
    path
}

fn function(model: &Model, f: &Function, indent: &str, resource: Option<TypeId>) -> String {
    let constructor = matches!(f.kind, FunctionKind::Constructor(_));
    let method = matches!(
        f.kind,
        FunctionKind::Method(_) | FunctionKind::AsyncMethod(_)
    );
    let mut params: Vec<String> = Vec::new();
    if method {
        params.push("&self".into());
    }
    let skip = usize::from(method);
    for param in f.params.iter().skip(skip) {
        params.push(format!("_{}: {}", snake(&param.name), ty(model, param.ty)));
    }
    let name = if constructor {
        "new".to_string()
    } else {
        ident(item_name(f))
    };
    let (result, body) = if constructor {
        let stub =
            resource.map(|r| stub_name(model.resolve.types[r].name.as_deref().unwrap_or("")));
        (" -> Self".to_string(), stub.unwrap_or_default())
    } else {
        match f.result {
            Some(t) => (format!(" -> {}", ty(model, t)), default(model, t)),
            None => (String::new(), String::new()),
        }
    };
    let body = if body.is_empty() {
        "{}".to_string()
    } else {
        format!("{{\n{indent}    {body}\n{indent}}}")
    };
    format!("{indent}fn {name}({}){result} {body}\n", params.join(", "))
}

/// The path of a named type from the crate root.
fn type_path(model: &Model, id: TypeId) -> String {
    let def = &model.resolve.types[id];
    let name = upper_camel(def.name.as_deref().unwrap_or("T"));
    match def.owner {
        TypeOwner::Interface(i) => format!("{}::{name}", module_path(model, i)),
        _ => name,
    }
}

fn ty(model: &Model, t: Type) -> String {
    match model.unalias(t) {
        Type::Bool => "bool".into(),
        Type::U8 => "u8".into(),
        Type::U16 => "u16".into(),
        Type::U32 => "u32".into(),
        Type::U64 => "u64".into(),
        Type::S8 => "i8".into(),
        Type::S16 => "i16".into(),
        Type::S32 => "i32".into(),
        Type::S64 => "i64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "String".into(),
        Type::ErrorContext => "wit_bindgen::ErrorContext".into(),
        Type::Id(id) => match &model.resolve.types[id].kind {
            TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_)
            | TypeDefKind::Resource => type_path(model, id),
            TypeDefKind::Handle(Handle::Own(r)) => type_path(model, *r),
            TypeDefKind::Handle(Handle::Borrow(r)) => match model.exported_resource(*r) {
                Some(_) => format!("{}Borrow<'_>", type_path(model, *r)),
                None => format!("&{}", type_path(model, *r)),
            },
            TypeDefKind::Option(t) => format!("Option<{}>", ty(model, *t)),
            TypeDefKind::Result(r) => format!(
                "Result<{}, {}>",
                r.ok.map_or("()".into(), |t| ty(model, t)),
                r.err.map_or("()".into(), |t| ty(model, t))
            ),
            TypeDefKind::List(t) => format!("Vec<{}>", ty(model, *t)),
            TypeDefKind::FixedLengthList(t, n) => format!("[{}; {n}]", ty(model, *t)),
            TypeDefKind::Tuple(t) => {
                let items: Vec<String> = t.types.iter().map(|t| ty(model, *t)).collect();
                format!("({},)", items.join(", "))
            }
            TypeDefKind::Map(k, v) => format!("Vec<({}, {})>", ty(model, *k), ty(model, *v)),
            TypeDefKind::Future(t) => format!(
                "wit_bindgen::FutureReader<{}>",
                t.map_or("()".into(), |t| ty(model, t))
            ),
            TypeDefKind::Stream(t) => format!(
                "wit_bindgen::StreamReader<{}>",
                t.map_or("()".into(), |t| ty(model, t))
            ),
            TypeDefKind::Type(t) => ty(model, *t),
            TypeDefKind::Unknown => "()".into(),
        },
    }
}

/// A value of type `t` that needs no input: zero, empty, the first case.
fn default(model: &Model, t: Type) -> String {
    match model.unalias(t) {
        Type::Bool => "false".into(),
        Type::F32 | Type::F64 => "0.0".into(),
        Type::Char => "'a'".into(),
        Type::String => "String::new()".into(),
        Type::ErrorContext => "todo!()".into(),
        Type::Id(id) => match &model.resolve.types[id].kind {
            TypeDefKind::Record(r) => {
                let fields: Vec<String> = r
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", ident(&f.name), default(model, f.ty)))
                    .collect();
                format!("{} {{ {} }}", type_path(model, id), fields.join(", "))
            }
            TypeDefKind::Variant(v) => {
                let case = &v.cases[0];
                let path = format!("{}::{}", type_path(model, id), upper_camel(&case.name));
                match case.ty {
                    Some(t) => format!("{path}({})", default(model, t)),
                    None => path,
                }
            }
            TypeDefKind::Enum(e) => {
                format!(
                    "{}::{}",
                    type_path(model, id),
                    upper_camel(&e.cases[0].name)
                )
            }
            TypeDefKind::Flags(_) => format!("{}::empty()", type_path(model, id)),
            TypeDefKind::Handle(Handle::Own(r)) => match model.exported_resource(*r) {
                Some(_) => {
                    let name = model.resolve.types[*r].name.as_deref().unwrap_or("");
                    format!("{}::new({})", type_path(model, *r), stub_name(name))
                }
                None => "todo!()".into(),
            },
            TypeDefKind::Option(_) => "None".into(),
            TypeDefKind::Result(r) => match r.ok {
                Some(t) => format!("Ok({})", default(model, t)),
                None => "Ok(())".into(),
            },
            TypeDefKind::List(_) | TypeDefKind::Map(..) => "Vec::new()".into(),
            TypeDefKind::Tuple(t) => {
                let items: Vec<String> = t.types.iter().map(|t| default(model, *t)).collect();
                format!("({},)", items.join(", "))
            }
            TypeDefKind::FixedLengthList(t, n) => format!("[{}; {n}]", default(model, *t)),
            _ => "todo!()".into(),
        },
        _ => "0".into(),
    }
}
