//! Where `▶ Build` and `▶ Run` lenses go: over each world that a guest
//! project builds, and over each function that world exports.
//!
//! Read from the syntax tree of the file and its package, so lenses follow
//! unsaved edits. Interfaces exported from other packages are not looked
//! into: their functions are declared elsewhere, and get no `▶ Run` here.

use std::{
    ops::Range,
    path::{Path, PathBuf},
    sync::Arc,
};

use syntax::ast::{self, AstNode};

use super::template::{Spelling, TypeDefs};

/// One file of a package, parsed.
pub type Tree = (PathBuf, ast::SourceFile);

pub struct WorldLens {
    /// `ns:pkg/world`, as `runner::build::find_guest` takes it.
    pub world: String,
    pub path: PathBuf,
    pub range: Range<usize>,
    pub exports: Vec<ExportLens>,
    /// It exports an HTTP handler (`wasi:http/incoming-handler`, or
    /// `wasi:http/handler` of WASI 0.3), itself or through `include`
    /// (`wasi:http/proxy`, `wasi:http/service`): it can be served.
    pub serves_http: bool,
}

pub struct ExportLens {
    /// The export as the runner names it: `greet`, `ns:pkg/iface@1.0.0.greet`.
    pub export: String,
    /// The argument tuple, e.g. `("")`.
    pub template: String,
    /// As declared, on one line: `greet: func(name: string) -> string`.
    pub signature: String,
    /// It takes or returns a resource, so it runs in the world's session,
    /// where handles are numbers.
    pub session: bool,
    /// Where the function is declared: an exported interface may be in
    /// another file than the world.
    pub path: PathBuf,
    pub range: Range<usize>,
}

/// Every world of a package with its exported functions, from the syntax
/// trees of all the package's files.
pub fn worlds(package: &[Tree]) -> Vec<WorldLens> {
    let Some(package_name) = package
        .iter()
        .find_map(|(_, file)| file.package_decl())
        .and_then(|decl| decl.package_name())
        .and_then(|name| {
            Some((
                name.namespace()?.text(),
                name.name()?.text(),
                name.version(),
            ))
        })
    else {
        return Vec::new();
    };
    let (namespace, name, version) = package_name;
    let version = version
        .map(|v| format!("@{}", v.text()))
        .unwrap_or_default();
    let trees: Vec<ast::SourceFile> = package.iter().map(|(_, file)| file.clone()).collect();
    let types = TypeDefs::collect(&trees);
    let interface_named = |wanted: &str| {
        package.iter().find_map(|(path, file)| {
            let interface = file
                .interfaces()
                .find(|i| i.name().is_some_and(|n| n.text() == wanted))?;
            Some((path.as_path(), interface))
        })
    };
    let mut lenses = Vec::new();
    for (world_path, world) in package
        .iter()
        .flat_map(|(path, file)| file.worlds().map(move |w| (path, w)))
    {
        let Some(world_name) = world.name() else {
            continue;
        };
        let Some(ident) = world_name.ident() else {
            continue;
        };
        let mut exports = Vec::new();
        let mut serves_http = false;
        for item in world.items() {
            if let ast::WorldItem::Include(include) = &item {
                serves_http |= include
                    .path()
                    .is_some_and(|path| is_wasi_http(&path, HTTP_WORLDS));
            }
            let ast::WorldItem::Import(export) = item else {
                continue;
            };
            if export.is_import() {
                continue;
            }
            match export.kind() {
                Some(ast::Extern::Func(name, func)) => {
                    let signature = format!("{}: {}", name.text(), one_line(func.syntax()));
                    let range = name.ident().map(|i| i.range());
                    let lens =
                        export_lens(name.text(), world_path, range, &func, signature, &types);
                    exports.extend(lens);
                }
                Some(ast::Extern::Interface(label, items)) => {
                    exports.extend(interface_lenses(&label.text(), world_path, items, &types));
                }
                Some(ast::Extern::NamedPath(label, path)) => {
                    if let Some((at, interface)) =
                        local_target(&path).and_then(|n| interface_named(&n))
                    {
                        let label = label.text();
                        exports.extend(interface_lenses(&label, at, interface.items(), &types));
                    }
                }
                Some(ast::Extern::Path(path)) => {
                    serves_http |= is_wasi_http(&path, HTTP_HANDLERS);
                    if let Some(target) = local_target(&path)
                        && let Some((at, interface)) = interface_named(&target)
                    {
                        let export_name = format!("{namespace}:{name}/{target}{version}");
                        exports.extend(interface_lenses(
                            &export_name,
                            at,
                            interface.items(),
                            &types,
                        ));
                    }
                }
                None => {}
            }
        }
        lenses.push(WorldLens {
            world: format!("{namespace}:{name}/{}", world_name.text()),
            path: world_path.clone(),
            range: ident.range(),
            exports,
            serves_http,
        });
    }
    lenses
}

/// The interfaces that handle incoming requests: WASI 0.2's and 0.3's.
const HTTP_HANDLERS: &[&str] = &["incoming-handler", "handler"];
/// The worlds that export them: `wasi:http/proxy` (0.2), `wasi:http/service` (0.3).
const HTTP_WORLDS: &[&str] = &["proxy", "service"];

/// Whether `path` is `wasi:http/NAME@…` with NAME one of `names`.
fn is_wasi_http(path: &ast::UsePath, names: &[&str]) -> bool {
    let package = path.package_name();
    let is_wasi_http = package.is_some_and(|p| {
        p.namespace().is_some_and(|n| n.text() == "wasi")
            && p.name().is_some_and(|n| n.text() == "http")
    });
    is_wasi_http
        && path
            .target()
            .is_some_and(|t| names.contains(&t.text().as_str()))
}

/// The interface a path names when it is one of this package's own.
fn local_target(path: &ast::UsePath) -> Option<String> {
    if path.package_name().is_some() {
        return None;
    }
    path.target().map(|t| t.text())
}

fn interface_lenses(
    export_name: &str,
    path: &Path,
    items: impl IntoIterator<Item = ast::InterfaceItem>,
    types: &TypeDefs,
) -> Vec<ExportLens> {
    let mut lenses = Vec::new();
    for item in items {
        match item {
            ast::InterfaceItem::Func(func) => {
                let (Some(name), Some(ty)) = (func.name(), func.func_type()) else {
                    continue;
                };
                // A getter or setter is exported as `[get]name` / `[set]name`.
                let accessor = ty.accessor().map_or("", accessor_prefix);
                let qualified = format!("{export_name}.{accessor}{}", name.text());
                let signature = format!("{}: {}", name.text(), one_line(ty.syntax()));
                let range = name.ident().map(|i| i.range());
                lenses.extend(export_lens(qualified, path, range, &ty, signature, types));
            }
            ast::InterfaceItem::Resource(resource) => {
                lenses.extend(resource_lenses(export_name, path, &resource, types));
            }
            _ => {}
        }
    }
    lenses
}

/// `▶ Run` over a resource's constructor, methods and static functions,
/// named as the component exports them (`iface.[method]cart.add`). They
/// run in a session, where the handle a constructor returns is a number
/// that later calls pass; a method takes its `self` handle first.
fn resource_lenses(
    export_name: &str,
    path: &Path,
    resource: &ast::Resource,
    types: &TypeDefs,
) -> Vec<ExportLens> {
    let Some(resource_name) = resource.name().map(|n| n.text()) else {
        return Vec::new();
    };
    let mut lenses = Vec::new();
    for item in resource.items() {
        match item {
            ast::ResourceItem::Constructor(constructor) => {
                let Some(keyword) = constructor
                    .syntax()
                    .children_with_tokens()
                    .filter_map(|e| e.into_token())
                    .find(|t| t.kind() == syntax::SyntaxKind::CONSTRUCTOR_KW)
                else {
                    continue;
                };
                if types.spelling(constructor.params(), constructor.result()) == Spelling::Never {
                    continue;
                }
                let params: Vec<String> =
                    constructor.params().map(|p| one_line(p.syntax())).collect();
                let result = constructor
                    .result()
                    .map(|r| format!(" -> {}", one_line(r.syntax())))
                    .unwrap_or_default();
                lenses.push(ExportLens {
                    export: format!("{export_name}.[constructor]{resource_name}"),
                    template: types.arguments_of(constructor.params(), None),
                    signature: format!(
                        "{resource_name}: constructor({}){result}",
                        params.join(", ")
                    ),
                    session: true,
                    path: path.to_path_buf(),
                    range: ast::text_range(keyword.text_range()),
                });
            }
            ast::ResourceItem::Func(func) => {
                let (Some(name), Some(ty)) = (func.name(), func.func_type()) else {
                    continue;
                };
                let accessor = ty.accessor().map_or("", accessor_prefix);
                let (kind, leading) = if func.is_static() {
                    ("static", None)
                } else {
                    ("method", Some("1"))
                };
                if types.spelling(ty.params(), ty.result()) == Spelling::Never {
                    continue;
                }
                let prefix = if leading.is_none() { "static " } else { "" };
                let mut signature = format!(
                    "{resource_name}.{}: {prefix}{}",
                    name.text(),
                    one_line(ty.syntax())
                );
                if leading.is_some()
                    && let Some(open) = signature.find('(')
                {
                    let rest = &signature[open + 1..];
                    let separator = if rest.starts_with(')') { "" } else { ", " };
                    let this = format!("self: borrow<{resource_name}>{separator}");
                    signature.insert_str(open + 1, &this);
                }
                let Some(ident) = name.ident() else {
                    continue;
                };
                lenses.push(ExportLens {
                    export: format!(
                        "{export_name}.[{kind}]{accessor}{resource_name}.{}",
                        name.text()
                    ),
                    template: types.arguments_of(ty.params(), leading),
                    signature,
                    session: true,
                    path: path.to_path_buf(),
                    range: ident.range(),
                });
            }
        }
    }
    lenses
}

/// How a component names a getter or a setter: `[get]count`,
/// `[method][get]cart.total`.
fn accessor_prefix(accessor: ast::Accessor) -> &'static str {
    match accessor {
        ast::Accessor::Get => "[get]",
        ast::Accessor::Set => "[set]",
    }
}

fn export_lens(
    export: String,
    path: &Path,
    range: Option<Range<usize>>,
    func: &ast::FuncType,
    signature: String,
    types: &TypeDefs,
) -> Option<ExportLens> {
    let session = match types.spelling(func.params(), func.result()) {
        Spelling::OneShot => false,
        Spelling::InSession => true,
        Spelling::Never => return None,
    };
    Some(ExportLens {
        export,
        template: types.arguments(func),
        signature,
        session,
        path: path.to_path_buf(),
        range: range?,
    })
}

/// A node's text with each run of whitespace (and the comments within it) as one space.
fn one_line(node: &syntax::SyntaxNode) -> String {
    let mut out = String::new();
    for token in node
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        let text = token.text();
        if token.kind().is_trivia() {
            if !out.is_empty() && !out.ends_with([' ', '(', '<']) {
                out.push(' ');
            }
        } else {
            if text.starts_with([')', '>', ',']) && out.ends_with(' ') {
                out.pop();
            }
            // A trailing comma is layout, not signature.
            if text.starts_with([')', '>']) && out.ends_with(',') {
                out.pop();
            }
            out.push_str(text);
        }
    }
    out.trim_end().to_string()
}

/// The syntax trees of the package's files, each from the text the
/// editor has (`text_of`).
pub fn package_trees(files: &[PathBuf], text_of: &dyn Fn(&Path) -> Option<Arc<str>>) -> Vec<Tree> {
    files
        .iter()
        .filter_map(|file| Some((file.clone(), syntax::parse(&text_of(file)?).tree())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIT: &str = "package demo:app@1.0.0;\n\ninterface greeter {\n  record who { name: string }\n  hello: func(w: who) -> string;\n}\n\nworld app {\n  import log: func(s: string);\n  export greeter;\n  export named: greeter;\n  export inline: interface { ping: func() -> u8; }\n  export add: func(a: u32, b: u32) -> u32;\n  export wasi:cli/run@0.2.0;\n}\n";

    #[test]
    fn a_resource_gets_lenses_on_its_constructor_methods_static_functions_and_accessors() {
        let wit = "package a:shop@0.1.0;\ninterface cart-api {\n  resource cart {\n    constructor(currency: string);\n    add: func(name: string, cents: u64);\n    total: func() -> u64;\n    merge: static func(a: borrow<cart>, b: borrow<cart>) -> cart;\n    label: get() -> string;\n    limit: static set(cents: u64);\n  }\n  count: func(c: borrow<cart>) -> u32;\n  open-carts: get() -> u32;\n}\nworld shop {\n  export cart-api;\n}\n";
        let trees = vec![(PathBuf::from("shop.wit"), syntax::parse(wit).tree())];
        let worlds = worlds(&trees);
        let lenses: Vec<(&str, &str, &str, bool, &str)> = worlds[0]
            .exports
            .iter()
            .map(|e| {
                (
                    e.export.as_str(),
                    e.template.as_str(),
                    e.signature.as_str(),
                    e.session,
                    &wit[e.range.clone()],
                )
            })
            .collect();
        let iface = "a:shop/cart-api@0.1.0";
        assert_eq!(
            lenses,
            [
                (
                    format!("{iface}.[constructor]cart").as_str(),
                    r#"("")"#,
                    "cart: constructor(currency: string)",
                    true,
                    "constructor"
                ),
                (
                    format!("{iface}.[method]cart.add").as_str(),
                    r#"(1, "", 0)"#,
                    "cart.add: func(self: borrow<cart>, name: string, cents: u64)",
                    true,
                    "add"
                ),
                (
                    format!("{iface}.[method]cart.total").as_str(),
                    "(1)",
                    "cart.total: func(self: borrow<cart>) -> u64",
                    true,
                    "total"
                ),
                (
                    format!("{iface}.[static]cart.merge").as_str(),
                    "(1, 1)",
                    "cart.merge: static func(a: borrow<cart>, b: borrow<cart>) -> cart",
                    true,
                    "merge"
                ),
                (
                    format!("{iface}.[method][get]cart.label").as_str(),
                    "(1)",
                    "cart.label: get(self: borrow<cart>) -> string",
                    true,
                    "label"
                ),
                (
                    format!("{iface}.[static][set]cart.limit").as_str(),
                    "(0)",
                    "cart.limit: static set(cents: u64)",
                    true,
                    "limit"
                ),
                (
                    format!("{iface}.count").as_str(),
                    "(1)",
                    "count: func(c: borrow<cart>) -> u32",
                    true,
                    "count"
                ),
                (
                    format!("{iface}.[get]open-carts").as_str(),
                    "()",
                    "open-carts: get() -> u32",
                    false,
                    "open-carts"
                ),
            ]
        );
    }

    #[test]
    fn a_lens_carries_the_signature_on_one_line() {
        let wit = "package a:b;\nworld w {\n  export f: func(\n    name: string, // who\n    n: list<\n      u8>,\n  ) -> string;\n}\n";
        let trees = vec![(PathBuf::from("w.wit"), syntax::parse(wit).tree())];
        let worlds = worlds(&trees);
        assert_eq!(
            worlds[0].exports[0].signature,
            "f: func(name: string, n: list<u8>) -> string"
        );
    }

    #[test]
    fn each_exported_function_gets_its_runner_name_and_template() {
        let trees = vec![(PathBuf::from("app.wit"), syntax::parse(WIT).tree())];
        let worlds = worlds(&trees);
        assert_eq!(worlds.len(), 1);
        assert_eq!(worlds[0].world, "demo:app/app");
        assert_eq!(&WIT[worlds[0].range.clone()], "app");
        let exports: Vec<(&str, &str, &str)> = worlds[0]
            .exports
            .iter()
            .map(|e| {
                (
                    e.export.as_str(),
                    e.template.as_str(),
                    &WIT[e.range.clone()],
                )
            })
            .collect();
        assert_eq!(
            exports,
            [
                ("demo:app/greeter@1.0.0.hello", r#"({name: ""})"#, "hello"),
                ("named.hello", r#"({name: ""})"#, "hello"),
                ("inline.ping", "()", "ping"),
                ("add", "(0, 0)", "add"),
            ]
        );
    }
}
