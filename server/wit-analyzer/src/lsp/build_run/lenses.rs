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

use super::template::TypeDefs;

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
                    let lens = export_lens(name.text(), world_path, &name, &func, &types);
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
    items
        .into_iter()
        .filter_map(|item| match item {
            ast::InterfaceItem::Func(func) => {
                let name = func.name()?;
                let qualified = format!("{export_name}.{}", name.text());
                export_lens(qualified, path, &name, &func.func_type()?, types)
            }
            _ => None,
        })
        .collect()
}

fn export_lens(
    export: String,
    path: &Path,
    name: &ast::Name,
    func: &ast::FuncType,
    types: &TypeDefs,
) -> Option<ExportLens> {
    // The runner calls such functions only within a session, which a
    // one-shot Run from the editor is not.
    if !types.wave_can_spell(func) {
        return None;
    }
    Some(ExportLens {
        export,
        template: types.arguments(func),
        signature: format!("{}: {}", name.text(), one_line(func.syntax())),
        path: path.to_path_buf(),
        range: name.ident()?.range(),
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
