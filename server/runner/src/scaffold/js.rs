//! A JavaScript guest for componentize-js: each exported interface is an
//! object of camelCase functions, a resource a class, and the world's own
//! functions are exported by name. `jco types` writes the signatures of
//! the exports to `types/` once the toolchain is installed.

use std::fmt::Write as _;
use std::path::PathBuf;

use wit_parser::{Function, FunctionKind, Handle, Type, TypeDefKind};

use super::{Model, item_name, lower_camel, upper_camel};

/// The versions of the samples (wit-samples/guest-js).
const PACKAGE_JSON: &str = r#"{
  "name": "NAME",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "scripts": {
    "build": "componentize-js src/index.js --wit WIT --world-name WORLD -o dist/WORLD.wasm",
    "types": "jco types WIT --world-name WORLD -o types"
  },
  "devDependencies": {
    "@bytecodealliance/componentize-js": "0.23.0",
    "@bytecodealliance/jco": "1.35.0",
    "@bytecodealliance/preview2-shim": "0.26.0"
  },
  "//": "preview2-shim 0.26.1 preopens no directory by default, and componentize-js and jco, which read the WIT through it, then find no file.",
  "overrides": {
    "@bytecodealliance/preview2-shim": "$@bytecodealliance/preview2-shim"
  }
}
"#;

pub(super) fn project(model: &Model, wit: &str) -> (Vec<(PathBuf, String)>, Vec<Vec<String>>) {
    let world = model.world_name();
    let package = PACKAGE_JSON
        .replace("NAME", &format!("{world}-guest"))
        .replace("WIT", wit)
        .replace("WORLD", world);
    let files = vec![
        ("package.json".into(), package),
        ("src/index.js".into(), index_js(model)),
        (".gitignore".into(), "node_modules/\ndist/\n".into()),
    ];
    let steps = vec![
        ["npm", "install", "--no-audit", "--no-fund"]
            .map(str::to_string)
            .to_vec(),
        ["npm", "run", "types"].map(str::to_string).to_vec(),
    ];
    (files, steps)
}

fn index_js(model: &Model) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// World {}: every export is a stub that returns a default value.\n// Their signatures are in types/ (`npm run types`, which runs `jco types`).\n",
        model.qualified()
    );
    for f in &model.functions {
        let _ = writeln!(out, "export function {}", function(model, f, ""));
    }
    for (name, id) in &model.interfaces {
        let resources = model.resources(*id);
        for (_, resource, functions) in &resources {
            let _ = writeln!(out, "class {} {{", upper_camel(resource));
            for f in functions {
                let prefix = if matches!(
                    f.kind,
                    FunctionKind::Static(_) | FunctionKind::AsyncStatic(_)
                ) {
                    "static "
                } else {
                    ""
                };
                let _ = writeln!(out, "  {prefix}{}", function(model, f, "  "));
            }
            out.push_str("}\n\n");
        }
        let _ = writeln!(out, "export const {} = {{", lower_camel(name));
        for f in model.freestanding(*id) {
            let _ = writeln!(out, "  {},", function(model, f, "  ").trim_end());
        }
        for (_, resource, _) in &resources {
            let _ = writeln!(out, "  {},", upper_camel(resource));
        }
        out.push_str("};\n\n");
    }
    out
}

/// `name(a, b) { return …; }`, the method form.
fn function(model: &Model, f: &Function, indent: &str) -> String {
    let constructor = matches!(f.kind, FunctionKind::Constructor(_));
    let skip = usize::from(matches!(
        f.kind,
        FunctionKind::Method(_) | FunctionKind::AsyncMethod(_)
    ));
    let params: Vec<String> = f
        .params
        .iter()
        .skip(skip)
        .map(|p| format!("_{}", lower_camel(&p.name)))
        .collect();
    let name = if constructor {
        "constructor".to_string()
    } else {
        lower_camel(item_name(f))
    };
    let body = match (constructor, f.result) {
        (false, Some(t)) => format!("\n{indent}  return {};\n{indent}", default(model, t)),
        _ => String::new(),
    };
    format!("{name}({}) {{{body}}}\n", params.join(", "))
}

fn default(model: &Model, t: Type) -> String {
    match model.unalias(t) {
        Type::Bool => "false".into(),
        Type::U64 | Type::S64 => "0n".into(),
        Type::Char => "'a'".into(),
        Type::String => "''".into(),
        Type::Id(id) => match &model.resolve.types[id].kind {
            TypeDefKind::Record(r) => {
                let fields: Vec<String> = r
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", lower_camel(&f.name), default(model, f.ty)))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }
            TypeDefKind::Variant(v) => {
                let case = &v.cases[0];
                match case.ty {
                    Some(t) => format!("{{ tag: '{}', val: {} }}", case.name, default(model, t)),
                    None => format!("{{ tag: '{}' }}", case.name),
                }
            }
            TypeDefKind::Enum(e) => format!("'{}'", e.cases[0].name),
            TypeDefKind::Flags(f) => {
                let flags: Vec<String> = f
                    .flags
                    .iter()
                    .map(|f| format!("{}: false", lower_camel(&f.name)))
                    .collect();
                format!("{{ {} }}", flags.join(", "))
            }
            TypeDefKind::Handle(Handle::Own(r)) if model.exported_resource(*r).is_some() => {
                format!(
                    "new {}()",
                    upper_camel(model.resolve.types[*r].name.as_deref().unwrap_or(""))
                )
            }
            TypeDefKind::Option(_) => "undefined".into(),
            TypeDefKind::Result(r) => r.ok.map_or("undefined".into(), |t| default(model, t)),
            TypeDefKind::List(Type::U8) => "new Uint8Array()".into(),
            TypeDefKind::List(_) | TypeDefKind::Map(..) => "[]".into(),
            TypeDefKind::Tuple(t) => {
                let items: Vec<String> = t.types.iter().map(|t| default(model, *t)).collect();
                format!("[{}]", items.join(", "))
            }
            _ => "undefined".into(),
        },
        _ => "0".into(),
    }
}
