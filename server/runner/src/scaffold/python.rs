//! A Python guest for componentize-py: a class per export named after it
//! (`WitWorld` for the world's own functions), subclassing the Protocol
//! that `componentize-py bindings` generates (run as a step, so editors
//! and type checkers see the real signatures), and an exported resource
//! as a class in a module named after its interface.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use wit_parser::{
    Function, FunctionKind, Handle, InterfaceId, Type, TypeDefKind, TypeId, TypeOwner,
};

use super::{Model, item_name, screaming, snake, upper_camel};

/// The version of the sample (wit-samples/guest-py).
const COMPONENTIZE_PY: &str = "componentize-py==0.25.1";

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "self",
];

fn ident(name: &str) -> String {
    let snake = snake(name);
    if KEYWORDS.contains(&snake.as_str()) {
        format!("{snake}_")
    } else {
        snake
    }
}

pub(super) fn project(model: &Model, wit: &str) -> (Vec<(PathBuf, String)>, Vec<Vec<String>>) {
    let world = model.world_name();
    let pyproject = format!(
        r#"[project]
name = "{world}-guest"
version = "0.1.0"
requires-python = ">=3.10"

[dependency-groups]
dev = ["{COMPONENTIZE_PY}"]

# `poe build` (poethepoet) runs it; wit-analyzer build reads it from here.
[tool.poe.tasks]
build = "componentize-py -d {wit} -w {world} componentize app -o dist/{world}.wasm"
bindings = "componentize-py -d {wit} -w {world} bindings ."
"#
    );
    let mut files = vec![
        ("pyproject.toml".into(), pyproject),
        ("app.py".into(), app_py(model)),
        (".gitignore".into(), ".venv/\ndist/\n__pycache__/\n".into()),
    ];
    for (name, id) in &model.interfaces {
        let resources = model.resources(*id);
        if !resources.is_empty() {
            files.push((
                format!("{}.py", snake(name)).into(),
                resource_module(model, name, *id),
            ));
        }
    }
    let venv_bin = if cfg!(windows) {
        ".venv/Scripts"
    } else {
        ".venv/bin"
    };
    let steps = vec![
        vec!["python3".into(), "-m".into(), "venv".into(), ".venv".into()],
        vec![
            format!("{venv_bin}/pip"),
            "install".into(),
            "--quiet".into(),
            "--disable-pip-version-check".into(),
            COMPONENTIZE_PY.into(),
        ],
        vec![
            format!("{venv_bin}/componentize-py"),
            "-d".into(),
            wit.into(),
            "-w".into(),
            world.into(),
            "bindings".into(),
            ".".into(),
        ],
    ];
    (files, steps)
}

/// The modules of the bindings the stubs refer to.
struct Imports {
    modules: BTreeSet<String>,
    resources: BTreeSet<String>,
}

fn app_py(model: &Model) -> String {
    let mut imports = Imports {
        modules: BTreeSet::new(),
        resources: BTreeSet::new(),
    };
    let mut body = String::new();
    if !model.functions.is_empty() {
        body.push_str("\nclass WitWorld(wit_world.WitWorld):\n");
        for f in &model.functions {
            body.push_str(&method(model, f, &mut imports, None));
        }
    }
    for (name, id) in &model.interfaces {
        let _ = write!(
            body,
            "\nclass {}(exports.{}):\n",
            upper_camel(name),
            upper_camel(name)
        );
        let functions = model.freestanding(*id);
        if functions.is_empty() {
            body.push_str("    pass\n");
        }
        for f in functions {
            body.push_str(&method(model, f, &mut imports, None));
        }
    }
    let mut out = format!(
        "\"\"\"World {}: every export is a stub that returns a default value.\n\nThe signatures are those of wit_world/ (`componentize-py bindings`).\n\"\"\"\n\nfrom typing import List, Optional, Tuple\n\nfrom componentize_py_types import Err, Ok, Result\nimport wit_world\nfrom wit_world import exports\n",
        model.qualified()
    );
    for module in &imports.modules {
        out.push_str(module);
        out.push('\n');
    }
    for module in &imports.resources {
        let _ = writeln!(out, "import {module} as {module}_resources");
    }
    out.push('\n');
    out.push_str(&body);
    out
}

fn resource_module(model: &Model, name: &str, id: InterfaceId) -> String {
    let mut imports = Imports {
        modules: BTreeSet::new(),
        resources: BTreeSet::new(),
    };
    let mut body = String::new();
    for (resource, resource_name, functions) in model.resources(id) {
        let class = upper_camel(resource_name);
        let _ = write!(body, "\nclass {class}({}.{class}):\n", snake(name));
        for f in functions {
            body.push_str(&method(model, f, &mut imports, Some(resource)));
        }
    }
    imports.resources.remove(&snake(name));
    let mut out = format!(
        "\"\"\"The resources of interface `{name}`: componentize-py looks for them in a\nmodule named after it.\"\"\"\n\nfrom typing import List, Optional, Self, Tuple\n\nfrom wit_world.exports import {}\n",
        snake(name)
    );
    for module in &imports.modules {
        if !module.ends_with(&format!(" import {}", snake(name))) {
            out.push_str(module);
            out.push('\n');
        }
    }
    for module in &imports.resources {
        let _ = writeln!(out, "import {module} as {module}_resources");
    }
    out.push('\n');
    out.push_str(&body);
    out
}

fn method(model: &Model, f: &Function, imports: &mut Imports, resource: Option<TypeId>) -> String {
    let (decorator, first, skip) = match f.kind {
        FunctionKind::Method(_) | FunctionKind::AsyncMethod(_) => ("", "self", 1),
        FunctionKind::Static(_) | FunctionKind::AsyncStatic(_) => ("    @classmethod\n", "cls", 0),
        _ => ("", "self", 0),
    };
    let mut params = vec![first.to_string()];
    for p in f.params.iter().skip(skip) {
        params.push(format!(
            "{}: {}",
            ident(&p.name),
            ty(model, p.ty, imports, resource)
        ));
    }
    let constructor = matches!(f.kind, FunctionKind::Constructor(_));
    let name = if constructor {
        "__init__".to_string()
    } else {
        ident(item_name(f))
    };
    let (result, body) = match (constructor, f.result) {
        (false, Some(t)) => (
            ty(model, t, imports, resource),
            format!("return {}", default(model, t, imports, resource)),
        ),
        _ => ("None".to_string(), "pass".to_string()),
    };
    format!(
        "{decorator}    def {name}({}) -> {result}:\n        {body}\n\n",
        params.join(", ")
    )
}

/// The bindings module a named type is in, imported as its last part.
fn module_of(model: &Model, id: TypeId, imports: &mut Imports) -> Option<String> {
    let TypeOwner::Interface(i) = model.resolve.types[id].owner else {
        return None;
    };
    let name = snake(model.interface(i).name.as_deref()?);
    let side = if model.exports_interface(i) {
        "exports"
    } else {
        "imports"
    };
    imports
        .modules
        .insert(format!("from wit_world.{side} import {name}"));
    Some(name)
}

fn named(model: &Model, id: TypeId, imports: &mut Imports) -> String {
    let name = upper_camel(model.resolve.types[id].name.as_deref().unwrap_or("T"));
    match module_of(model, id, imports) {
        Some(module) => format!("{module}.{name}"),
        None => format!("wit_world.{name}"),
    }
}

fn ty(model: &Model, t: Type, imports: &mut Imports, resource: Option<TypeId>) -> String {
    match model.unalias(t) {
        Type::Bool => "bool".into(),
        Type::F32 | Type::F64 => "float".into(),
        Type::Char | Type::String => "str".into(),
        Type::Id(id) => match &model.resolve.types[id].kind {
            TypeDefKind::Record(_)
            | TypeDefKind::Variant(_)
            | TypeDefKind::Enum(_)
            | TypeDefKind::Flags(_) => named(model, id, imports),
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) if resource == Some(*r) => {
                "Self".into()
            }
            TypeDefKind::Handle(Handle::Own(r) | Handle::Borrow(r)) => named(model, *r, imports),
            TypeDefKind::Resource => named(model, id, imports),
            TypeDefKind::Option(t) => format!("Optional[{}]", ty(model, *t, imports, resource)),
            TypeDefKind::Result(r) => {
                r.ok.map_or("None".into(), |t| ty(model, t, imports, resource))
            }
            TypeDefKind::List(Type::U8) => "bytes".into(),
            TypeDefKind::List(t) => format!("List[{}]", ty(model, *t, imports, resource)),
            TypeDefKind::Tuple(t) => {
                let items: Vec<String> = t
                    .types
                    .iter()
                    .map(|t| ty(model, *t, imports, resource))
                    .collect();
                format!("Tuple[{}]", items.join(", "))
            }
            _ => "object".into(),
        },
        _ => "int".into(),
    }
}

fn default(model: &Model, t: Type, imports: &mut Imports, resource: Option<TypeId>) -> String {
    match model.unalias(t) {
        Type::Bool => "False".into(),
        Type::F32 | Type::F64 => "0.0".into(),
        Type::Char => "\"a\"".into(),
        Type::String => "\"\"".into(),
        Type::Id(id) => match &model.resolve.types[id].kind {
            TypeDefKind::Record(r) => {
                let fields: Vec<String> = r
                    .fields
                    .iter()
                    .map(|f| default(model, f.ty, imports, resource))
                    .collect();
                format!("{}({})", named(model, id, imports), fields.join(", "))
            }
            TypeDefKind::Variant(v) => {
                let case = &v.cases[0];
                let class = format!("{}_{}", named(model, id, imports), upper_camel(&case.name));
                match case.ty {
                    Some(t) => format!("{class}({})", default(model, t, imports, resource)),
                    None => format!("{class}()"),
                }
            }
            TypeDefKind::Enum(e) => format!(
                "{}.{}",
                named(model, id, imports),
                screaming(&e.cases[0].name)
            ),
            TypeDefKind::Flags(_) => format!("{}(0)", named(model, id, imports)),
            TypeDefKind::Handle(Handle::Own(r)) => match model.exported_resource(*r) {
                Some(i) => {
                    let module = snake(model.interface(i).name.as_deref().unwrap_or(""));
                    let class = upper_camel(model.resolve.types[*r].name.as_deref().unwrap_or(""));
                    let constructor = model
                        .interface(i)
                        .functions
                        .values()
                        .find(|f| matches!(f.kind, FunctionKind::Constructor(c) if c == *r));
                    let args: Vec<String> = constructor
                        .map(|c| {
                            c.params
                                .iter()
                                .map(|p| default(model, p.ty, imports, resource))
                                .collect()
                        })
                        .unwrap_or_default();
                    if resource == Some(*r) {
                        format!("{class}({})", args.join(", "))
                    } else {
                        imports.resources.insert(module.clone());
                        format!("{module}_resources.{class}({})", args.join(", "))
                    }
                }
                None => "None".into(),
            },
            TypeDefKind::Option(_) => "None".into(),
            TypeDefKind::Result(r) => {
                r.ok.map_or("None".into(), |t| default(model, t, imports, resource))
            }
            TypeDefKind::List(Type::U8) => "b\"\"".into(),
            TypeDefKind::List(_) => "[]".into(),
            TypeDefKind::Tuple(t) => {
                let items: Vec<String> = t
                    .types
                    .iter()
                    .map(|t| default(model, *t, imports, resource))
                    .collect();
                format!("({},)", items.join(", "))
            }
            _ => "None".into(),
        },
        _ => "0".into(),
    }
}
