//! Name resolution on syntax trees: what a name under the cursor defines or
//! refers to, across files, packages and dependencies.
//!
//! This mirrors wit-parser's scoping (types of the enclosing interface or
//! world, names brought in by `use`, interfaces and worlds of a package) but
//! works on broken code, where wit-parser gives up.

use std::{
    ops::Range,
    path::{Path, PathBuf},
};

use syntax::{
    SyntaxKind::{self, *},
    SyntaxNode, SyntaxToken,
    ast::{self, AstNode},
};

use super::db::{Db, Package};

/// A definition: the name's range and the range of the item it names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Def {
    pub path: PathBuf,
    pub name: String,
    pub name_range: Range<usize>,
    pub item_range: Range<usize>,
    /// The kind of the defining node (`INTERFACE`, `RECORD`, `FUNC`, …;
    /// `PACKAGE_DECL` for a package).
    pub kind: SyntaxKind,
}

/// What a reference resolved to. `alias` is the `use … as alias` the
/// reference went through, if any: renaming the definition leaves such
/// references alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved {
    pub def: Def,
    pub alias: Option<Def>,
}

/// The identifier token at `offset`, preferring the one the cursor touches
/// on its right (`foo|` and `|foo` both find `foo`).
pub fn ident_at(root: &SyntaxNode, offset: usize) -> Option<SyntaxToken> {
    let offset = rowan::TextSize::try_from(offset).ok()?;
    if offset > root.text_range().end() {
        return None;
    }
    root.token_at_offset(offset)
        .filter(|t| t.kind() == IDENT || t.kind().is_keyword())
        .max_by_key(|t| t.kind() == IDENT)
}

pub fn def_of_name(path: &Path, name: &ast::Name) -> Option<Def> {
    let ident = name.ident()?;
    let item = name.syntax().parent()?;
    Some(Def {
        path: path.to_path_buf(),
        name: ident.text(),
        name_range: ident.range(),
        item_range: ast::text_range(item.text_range()),
        kind: item.kind(),
    })
}

/// The definition or reference at `offset`: a definition resolves to itself.
pub fn resolve_at(db: &Db, path: &Path, offset: usize) -> Option<Resolved> {
    let file = db.file(path)?;
    let token = ident_at(&file.parse.syntax(), offset)?;
    let parent = token.parent()?;
    if let Some(name) = ast::Name::cast(parent.clone()) {
        return Some(Resolved {
            def: def_of_name(path, &name)?,
            alias: None,
        });
    }
    if let Some(name_ref) = ast::NameRef::cast(parent.clone()) {
        return resolve_ref(db, path, &name_ref);
    }
    let package_name = ast::PackageName::cast(parent)?;
    package_def(db, path, &package_name).map(|def| Resolved { def, alias: None })
}

/// `ns:pkg` in a path or a package declaration goes to the declaration.
fn package_def(db: &Db, path: &Path, name: &ast::PackageName) -> Option<Def> {
    let (namespace, pkg) = (name.namespace()?.text(), name.name()?.text());
    let version = name
        .version()
        .or_else(|| {
            name.syntax()
                .parent()
                .and_then(ast::UsePath::cast)?
                .version()
        })
        .map(|v| v.text());
    let from = db.package_at(path, name.syntax());
    let package = db
        .find_package_from(from, &namespace, &pkg, version.as_deref())
        .or(from)?;
    let (decl_path, decl_range) = package.decl.clone()?;
    let range = db.decl_name(package)?.range();
    Some(Def {
        path: decl_path,
        name: format!("{namespace}:{pkg}"),
        name_range: range,
        item_range: decl_range,
        kind: PACKAGE_DECL,
    })
}

pub fn resolve_ref(db: &Db, path: &Path, name_ref: &ast::NameRef) -> Option<Resolved> {
    let name = name_ref.text();
    let parent = name_ref.syntax().parent()?;
    match name_ref.context() {
        ast::RefContext::PathTarget => {
            let use_path = ast::UsePath::cast(parent)?;
            let prefer_world = use_path
                .syntax()
                .parent()
                .is_some_and(|p| p.kind() == INCLUDE);
            let def = resolve_path(db, path, &use_path, prefer_world)?;
            Some(Resolved { def, alias: None })
        }
        ast::RefContext::UsedName => {
            let use_item = ast::Use::cast(parent.ancestors().find(|n| n.kind() == USE)?)?;
            let interface = resolve_path(db, path, &use_item.path()?, false)?;
            let def = lookup_in_item(db, &interface, &name, 0)?.def;
            Some(Resolved { def, alias: None })
        }
        ast::RefContext::IncludedName => {
            let include = ast::Include::cast(parent.ancestors().find(|n| n.kind() == INCLUDE)?)?;
            let world = resolve_path(db, path, &include.path()?, true)?;
            let node = node_of(db, &world)?;
            let def = world_members(&world.path, &node)
                .into_iter()
                .find(|d| d.name == name)?;
            Some(Resolved { def, alias: None })
        }
        ast::RefContext::Type | ast::RefContext::Resource => {
            let scope = parent
                .ancestors()
                .find(|n| matches!(n.kind(), INTERFACE | WORLD | IMPORT | EXPORT))?;
            lookup_in_scope(db, path, &scope, &name, 0)
        }
    }
}

/// The interface (or world) a `use`/`import`/`export`/`include` path names.
pub fn resolve_path(
    db: &Db,
    path: &Path,
    use_path: &ast::UsePath,
    prefer_world: bool,
) -> Option<Def> {
    let target = use_path.target()?.text();
    let package = match use_path.package_name() {
        Some(name) => {
            let version = use_path.version().map(|v| v.text());
            db.find_package_from(
                db.package_at(path, use_path.syntax()),
                &name.namespace()?.text(),
                &name.name()?.text(),
                version.as_deref(),
            )?
        }
        None => db.package_at(path, use_path.syntax())?,
    };
    let kinds = if prefer_world {
        [WORLD, INTERFACE]
    } else {
        [INTERFACE, WORLD]
    };
    kinds
        .into_iter()
        .find_map(|kind| top_level(db, package, kind, &target))
}

/// An interface or world of `package` by name, in any of its files.
pub fn top_level(db: &Db, package: &Package, kind: SyntaxKind, name: &str) -> Option<Def> {
    top_level_names(db, package)
        .into_iter()
        .find(|(_, n)| n.syntax().parent().is_some_and(|p| p.kind() == kind) && n.text() == name)
        .and_then(|(path, n)| def_of_name(path, &n))
}

/// The names of `package`'s interfaces and worlds, with their files.
pub fn top_level_names<'a>(db: &'a Db, package: &'a Package) -> Vec<(&'a Path, ast::Name)> {
    let mut names = Vec::new();
    for (path, scope) in db.scopes(package) {
        for item in scope.children() {
            if matches!(item.kind(), INTERFACE | WORLD)
                && let Some(name) = item.children().find_map(ast::Name::cast)
            {
                names.push((path, name));
            }
        }
    }
    names
}

/// The syntax node of a definition's item, re-found in its file's tree.
pub fn node_of(db: &Db, def: &Def) -> Option<SyntaxNode> {
    let root = db.file(&def.path)?.parse.syntax();
    let start = rowan::TextSize::try_from(def.name_range.start).ok()?;
    let token = root.token_at_offset(start).right_biased()?;
    token
        .parent_ancestors()
        .find(|n| n.kind() == def.kind && ast::text_range(n.text_range()) == def.item_range)
}

/// Names of `interface`'s (or world's) own items: types, functions, and
/// names brought in by `use`, each with where it leads.
fn lookup_in_item(db: &Db, item: &Def, name: &str, depth: usize) -> Option<Resolved> {
    let node = node_of(db, item)?;
    lookup_in_scope(db, &item.path, &node, name, depth)
}

/// Looks `name` up among the type definitions and `use`s directly in the
/// body of `scope`, following `use` to the original definition.
fn lookup_in_scope(
    db: &Db,
    path: &Path,
    scope: &SyntaxNode,
    name: &str,
    depth: usize,
) -> Option<Resolved> {
    // A cycle of `use`s is an error wit-parser reports; stop rather than loop.
    if depth > 16 {
        return None;
    }
    let body = scope_body(scope)?;
    for item in body.children() {
        let defined = ast::TypeDef::cast(item.clone())
            .and_then(|t| t.name())
            .or_else(|| ast::Func::cast(item.clone())?.name());
        if let Some(def) = defined.and_then(|n| def_of_name(path, &n))
            && def.name == name
        {
            return Some(Resolved { def, alias: None });
        }
        let Some(use_item) = ast::Use::cast(item) else {
            continue;
        };
        for use_name in use_item.names() {
            let Some(original) = use_name.name_ref() else {
                continue;
            };
            if use_name.local_name().as_deref() != Some(name) {
                continue;
            }
            let alias = use_name.alias();
            let interface = resolve_path(db, path, &use_item.path()?, false)?;
            let mut resolved = lookup_in_item(db, &interface, &original.text(), depth + 1)?;
            if let Some(alias) = alias.as_ref().and_then(|a| def_of_name(path, a)) {
                resolved.alias = Some(alias);
            }
            return Some(resolved);
        }
    }
    None
}

/// The `{ … }` of an interface or world, whose children are its items.
pub(super) fn scope_body(scope: &SyntaxNode) -> Option<SyntaxNode> {
    scope
        .children()
        .find(|n| matches!(n.kind(), INTERFACE_BODY | WORLD_BODY))
}

/// Whether a type reference names something a `use` of its scope brings
/// in; when such a name does not resolve, the `use` is what is wrong.
pub fn brought_in_by_use(name_ref: &ast::NameRef) -> bool {
    let name = name_ref.text();
    let scope = name_ref
        .syntax()
        .ancestors()
        .find(|n| matches!(n.kind(), INTERFACE | WORLD | IMPORT | EXPORT));
    let body = scope.as_ref().and_then(scope_body);
    body.into_iter()
        .flat_map(|b| b.children())
        .filter_map(ast::Use::cast)
        .flat_map(|u| u.names())
        .any(|n| n.local_name().as_deref() == Some(name.as_str()))
}

/// The names a world defines for `include … with`: its imports and exports.
fn world_members(path: &Path, world: &SyntaxNode) -> Vec<Def> {
    let Some(world) = ast::World::cast(world.clone()) else {
        return Vec::new();
    };
    world
        .items()
        .filter_map(|item| match item {
            ast::WorldItem::Import(it) => it.name(),
            _ => None,
        })
        .filter_map(|name| def_of_name(path, &name))
        .collect()
}

/// Every reference in the files of `db` that resolves, with its target.
pub fn all_references(db: &Db) -> Vec<(PathBuf, Range<usize>, Resolved)> {
    let mut found = Vec::new();
    for path in db.files.keys() {
        let in_file = references_in(db, path).into_iter();
        found.extend(in_file.map(|(range, resolved)| (path.clone(), range, resolved)));
    }
    found
}

/// Every reference in one file of `db` that resolves, with its target.
pub fn references_in(db: &Db, path: &Path) -> Vec<(Range<usize>, Resolved)> {
    let Some(file) = db.file(path) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for name_ref in file.tree().references() {
        let Some(ident) = name_ref.ident() else {
            continue;
        };
        if let Some(resolved) = resolve_ref(db, path, &name_ref) {
            found.push((ident.range(), resolved));
        }
    }
    found
}

/// Every reference in the files of `db` that resolves to `def`.
pub fn references_to(db: &Db, def: &Def) -> Vec<(PathBuf, Range<usize>, Resolved)> {
    all_references(db)
        .into_iter()
        .filter(|(_, _, resolved)| &resolved.def == def)
        .collect()
}
