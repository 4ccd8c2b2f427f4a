//! Completion that knows where the cursor is: gate attributes after `@`,
//! packages → interfaces → items along a `use` path, types (in scope,
//! builtin, and from other interfaces with the `use` they need) where a type
//! goes, and the keywords valid at the start of an item.

use std::path::Path;

use syntax::{
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode},
};

use super::{Analysis, TextEdit, db::Package, gates, resolve};
use crate::workspace::Features;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CompletionKind {
    Keyword,
    BuiltinType,
    Type,
    Function,
    Interface,
    World,
    Package,
    Attribute,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// What to insert when it differs from the label (snippets use `$1`).
    pub insert_snippet: Option<String>,
    /// A `use` line for a type that is not in scope yet.
    pub additional_edits: Vec<TextEdit>,
    /// The typed text the insert replaces (a path typed so far, `wasi:`),
    /// so that no client's word boundaries can make it insert twice.
    pub replace: Option<std::ops::Range<usize>>,
}

impl CompletionItem {
    fn new(label: impl Into<String>, kind: CompletionKind) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind,
            detail: None,
            insert_snippet: None,
            additional_edits: Vec::new(),
            replace: None,
        }
    }
}

pub(super) const BUILTIN_TYPES: &[&str] = &[
    "bool", "s8", "s16", "s32", "s64", "u8", "u16", "u32", "u64", "f32", "f64", "char", "string",
];
const GENERIC_TYPES: &[&str] = &[
    "list", "option", "result", "tuple", "borrow", "own", "future", "stream",
];
const TOP_LEVEL_KEYWORDS: &[&str] = &["package", "interface", "world", "use"];
const INTERFACE_KEYWORDS: &[&str] = &[
    "use", "type", "record", "variant", "enum", "flags", "resource",
];
const WORLD_KEYWORDS: &[&str] = &[
    "import", "export", "include", "use", "type", "record", "variant", "enum", "flags", "resource",
];
const RESOURCE_KEYWORDS: &[&str] = &["constructor"];
const GATES: &[(&str, &str)] = &[
    ("since", "since(version = ${1:0.1.0})"),
    ("unstable", "unstable(feature = ${1:name})"),
    ("deprecated", "deprecated(version = ${1:0.1.0})"),
];

impl Analysis {
    pub fn completion(&self, path: &Path, offset: usize) -> Vec<CompletionItem> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let text = &file.text[..offset.min(file.text.len())];
        let line = &text[crate::line_index::line_start(text, text.len())..];
        let word_start = line.trim_end_matches(is_ident_char).len();
        let before_word = line[..word_start].trim_end();
        if before_word.ends_with('@') {
            return gates();
        }
        let root = file.parse.syntax();
        let scope = scope_at(&root, offset);
        let trimmed = line.trim_start();
        let mut items = label_keywords(before_word, scope.as_ref(), in_resource(&root, offset));
        for keyword in ["use ", "import ", "export ", "include "] {
            if let Some(path_text) = trimmed.strip_prefix(keyword)
                && let Some(found) =
                    self.path_completion(path, offset, path_text, keyword == "include ")
            {
                // `import wasi:` is a package path or the label of `import wasi: func()`.
                items.extend(found);
                return items;
            }
        }
        if !items.is_empty() {
            return items;
        }
        if is_type_position(before_word) {
            return self.type_completion(path, scope.as_ref());
        }
        if before_word.is_empty() {
            let keywords = match scope.as_ref().map(|s| s.kind()) {
                _ if in_resource(&root, offset) => RESOURCE_KEYWORDS,
                Some(INTERFACE) => INTERFACE_KEYWORDS,
                Some(WORLD) => WORLD_KEYWORDS,
                _ => TOP_LEVEL_KEYWORDS,
            };
            return keywords
                .iter()
                .map(|k| CompletionItem::new(*k, CompletionKind::Keyword))
                .collect();
        }
        Vec::new()
    }

    /// Along `ns:pkg/iface.{item}`: packages, then interfaces, then items.
    /// `None` once the path is complete (after `;` or `as`).
    fn path_completion(
        &self,
        path: &Path,
        offset: usize,
        path_text: &str,
        worlds: bool,
    ) -> Option<Vec<CompletionItem>> {
        if path_text.contains(';') || path_text.contains(" as ") || path_text.contains('}') {
            return None;
        }
        if let Some((iface_path, _)) = path_text.split_once(".{") {
            let interface = self.interface_by_path(path, offset, iface_path.trim())?;
            let node = resolve::node_of(&self.db, &interface)?;
            return Some(
                scope_types(&node, &self.features)
                    .into_iter()
                    .map(|(name, kind)| item(name, kind, None))
                    .collect(),
            );
        }
        if let Some((package, typed)) = path_text.split_once('/') {
            let (namespace, name) = package.split_once(':')?;
            let from = self.db.package_at_offset(path, offset);
            let package = self.preferred_version(from, namespace, name)?;
            // The interface with the version the package is resolved at: a
            // `use` of a versioned package must name it.
            let version = package.id.as_ref().and_then(|id| id.version.clone());
            let mut items = self.top_level_items(package, worlds);
            for item in &mut items {
                item.replace = Some(offset - typed.len()..offset);
                if let Some(version) = &version {
                    item.insert_snippet = Some(format!("{}@{version}", item.label));
                    item.detail = Some(format!("@{version}"));
                }
            }
            return Some(items);
        }
        let typed = path_text.trim_start();
        let replace = offset - typed.len()..offset;
        // Once a namespace is typed (`wasi:`), only its packages are meant.
        let mut items = if typed.contains(':') {
            Vec::new()
        } else {
            self.top_level_items(self.db.package_at_offset(path, offset)?, worlds)
        };
        let mut seen = std::collections::HashSet::new();
        let from = self.db.package_at_offset(path, offset);
        for package in &self.db.packages {
            let Some(id) = &package.id else { continue };
            let label = format!("{}:{}", id.namespace, id.name);
            if let Some((namespace, _)) = typed.split_once(':')
                && id.namespace != namespace
            {
                continue;
            }
            if seen.insert((id.namespace.clone(), id.name.clone())) {
                let mut item = CompletionItem::new(label, CompletionKind::Package);
                let chosen = self.preferred_version(from, &id.namespace, &id.name);
                item.detail = chosen.and_then(|p| p.id.as_ref()?.version.clone());
                item.insert_snippet = Some(format!("{}:{}/", id.namespace, id.name));
                item.replace = Some(replace.clone());
                items.push(item);
            }
        }
        Some(items)
    }

    /// The version of `namespace:name` a new `use` in `from` should name:
    /// the one its other paths already name, else the newest. Read from our
    /// own trees, not the check's graph: while a path is half typed the
    /// check has no references for the file.
    fn preferred_version(
        &self,
        from: Option<&Package>,
        namespace: &str,
        name: &str,
    ) -> Option<&Package> {
        let named = |path: &ast::UsePath| {
            let package = path.package_name()?;
            let same = package.namespace()?.text() == namespace && package.name()?.text() == name;
            same.then(|| path.version().map(|v| v.text()))?
        };
        let already = from
            .into_iter()
            .flat_map(|p| self.db.files_of(p))
            .flat_map(|(_, file)| file.parse.syntax().descendants())
            .filter_map(ast::UsePath::cast)
            .find_map(|path| named(&path));
        if let Some(version) = already
            && let Some(found) = self.db.find_package(namespace, name, Some(&version))
        {
            return Some(found);
        }
        let version = |p: &Package| {
            let version = p.id.as_ref()?.version.as_deref()?;
            semver::Version::parse(version).ok()
        };
        let reachable = self.reachable_from(from);
        self.db
            .packages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.id.as_ref()
                    .is_some_and(|id| id.namespace == namespace && id.name == name)
            })
            // A package its dependencies already bring in (WASI 0.2's io
            // under 0.2's http) before a newer one elsewhere in the workspace.
            .max_by_key(|&(index, p)| (reachable.contains(&index), version(p), p.in_workspace))
            .map(|(_, p)| p)
    }

    /// The indexes of the packages `from` depends on, directly or not: as
    /// the check resolved them, and as its own paths name them (the check
    /// has no references for a package while a file of it is half typed).
    fn reachable_from(&self, from: Option<&Package>) -> std::collections::HashSet<usize> {
        let mut seen = std::collections::HashSet::new();
        let Some(from) = from else { return seen };
        let mut next: Vec<usize> = from.deps().collect();
        let named = (self.db.files_of(from))
            .flat_map(|(_, file)| file.parse.syntax().descendants())
            .filter_map(ast::UsePath::cast)
            .filter_map(|path| {
                let package = path.package_name()?;
                let (namespace, name) = (package.namespace()?.text(), package.name()?.text());
                let version = path.version().map(|v| v.text());
                let found = (self.db).find_package(&namespace, &name, version.as_deref())?;
                // A bare name (the path being typed, say) never resolves to a
                // versioned package.
                let versioned = found.id.as_ref().is_some_and(|id| id.version.is_some());
                if version.is_none() && versioned {
                    return None;
                }
                self.db.packages.iter().position(|p| std::ptr::eq(p, found))
            });
        next.extend(named);
        while let Some(index) = next.pop() {
            if seen.insert(index)
                && let Some(package) = self.db.packages.get(index)
            {
                next.extend(package.deps());
            }
        }
        seen
    }

    fn interface_by_path(
        &self,
        path: &Path,
        offset: usize,
        iface_path: &str,
    ) -> Option<resolve::Def> {
        let (package, name) = match iface_path.split_once('/') {
            Some((package, rest)) => {
                let (namespace, pkg) = package.split_once(':')?;
                let (name, version) = rest
                    .split_once('@')
                    .map_or((rest, None), |(n, v)| (n, Some(v)));
                (self.db.find_package(namespace, pkg, version)?, name)
            }
            None => (self.db.package_at_offset(path, offset)?, iface_path),
        };
        resolve::top_level(&self.db, package, INTERFACE, name)
    }

    fn top_level_items(&self, package: &Package, worlds: bool) -> Vec<CompletionItem> {
        resolve::top_level_names(&self.db, package)
            .into_iter()
            .filter_map(|(_, name)| {
                let item = name.syntax().parent()?;
                if gates::disabled_feature(&item, &self.features).is_some() {
                    return None;
                }
                let kind = match item.kind() {
                    INTERFACE => CompletionKind::Interface,
                    _ if worlds => CompletionKind::World,
                    _ => return None,
                };
                Some(CompletionItem::new(name.text(), kind))
            })
            .collect()
    }

    /// Builtins, the types in scope, and the types of every other interface
    /// (choosing one of those also adds its `use`).
    fn type_completion(&self, path: &Path, scope: Option<&SyntaxNode>) -> Vec<CompletionItem> {
        let mut items: Vec<CompletionItem> = BUILTIN_TYPES
            .iter()
            .map(|t| CompletionItem::new(*t, CompletionKind::BuiltinType))
            .collect();
        items.extend(GENERIC_TYPES.iter().map(|t| {
            let mut item = CompletionItem::new(*t, CompletionKind::BuiltinType);
            item.insert_snippet = Some(format!("{t}<$1>"));
            item
        }));
        let Some(scope) = scope else { return items };
        let in_scope = scope_types(scope, &self.features);
        items.extend(
            in_scope
                .iter()
                .filter(|(_, kind)| *kind != FUNC)
                .map(|(name, kind)| item(name.clone(), *kind, None)),
        );
        for (name, kind, use_path, edit) in self.importable_types(path, scope) {
            if in_scope.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let mut item = item(name, kind, Some(use_path));
            item.additional_edits.push(edit);
            items.push(item);
        }
        items
    }
}

impl Analysis {
    /// Every type of every other interface, with the path a `use` in
    /// `scope` names it by and the edit adding that `use`.
    pub(super) fn importable_types(
        &self,
        path: &Path,
        scope: &SyntaxNode,
    ) -> Vec<(String, syntax::SyntaxKind, String, TextEdit)> {
        let Some(insert_at) = use_insertion_point(scope) else {
            return Vec::new();
        };
        let indent = body_indent(scope);
        let own_package = self.db.package_at(path, scope).and_then(|p| p.id.clone());
        let mut found = Vec::new();
        for package in &self.db.packages {
            for (file_path, package_scope) in self.db.scopes(package) {
                for interface in package_scope.children().filter_map(ast::Interface::cast) {
                    let is_this_scope =
                        file_path == path && interface.syntax().text_range() == scope.text_range();
                    let gated_off =
                        gates::disabled_feature(interface.syntax(), &self.features).is_some();
                    if is_this_scope || gated_off {
                        continue;
                    }
                    let Some(iface_name) = interface.name().map(|n| n.text()) else {
                        continue;
                    };
                    let use_path = match &package.id {
                        Some(id) if Some(id) != own_package.as_ref() => {
                            let version = id
                                .version
                                .as_ref()
                                .map(|v| format!("@{v}"))
                                .unwrap_or_default();
                            format!("{}:{}/{iface_name}{version}", id.namespace, id.name)
                        }
                        _ => iface_name.clone(),
                    };
                    for (name, kind) in scope_types(interface.syntax(), &self.features) {
                        if kind == FUNC || kind == USE_NAME {
                            continue;
                        }
                        let edit = TextEdit {
                            range: insert_at..insert_at,
                            new_text: format!("\n{indent}use {use_path}.{{{name}}};"),
                        };
                        found.push((name, kind, use_path.clone(), edit));
                    }
                }
            }
        }
        found
    }
}

/// The indentation of the first item in the scope's body (the formatter's
/// two spaces when the body is empty).
fn body_indent(scope: &SyntaxNode) -> String {
    let body = resolve::scope_body(scope);
    let whitespace = body.and_then(|b| {
        b.children_with_tokens()
            .filter_map(|e| e.into_token())
            .find(|t| t.kind() == WHITESPACE && t.text().contains('\n'))
    });
    match whitespace {
        Some(ws) => ws.text().rsplit('\n').next().unwrap_or("  ").to_string(),
        None => "  ".to_string(),
    }
}

fn item(name: String, kind: syntax::SyntaxKind, detail: Option<String>) -> CompletionItem {
    let kind = if kind == FUNC {
        CompletionKind::Function
    } else {
        CompletionKind::Type
    };
    let mut item = CompletionItem::new(name, kind);
    item.detail = detail;
    item
}

/// After `name:` at the start of an item a function follows (or, in a
/// world, an inline interface), not a type.
fn label_keywords(
    before_word: &str,
    scope: Option<&SyntaxNode>,
    in_resource: bool,
) -> Vec<CompletionItem> {
    let Some(label) = before_word.trim_start().strip_suffix(':') else {
        return Vec::new();
    };
    let label = label
        .strip_prefix("import ")
        .or_else(|| label.strip_prefix("export "))
        .unwrap_or(label);
    if label.is_empty() || !label.chars().all(is_ident_char) {
        return Vec::new();
    }
    let keywords: &[&str] = match scope.map(|s| s.kind()) {
        _ if in_resource => &["func", "async", "static"],
        Some(INTERFACE) => &["func", "async"],
        Some(WORLD) => &["func", "async", "interface"],
        _ => &[],
    };
    keywords
        .iter()
        .map(|k| CompletionItem::new(*k, CompletionKind::Keyword))
        .collect()
}

fn in_resource(root: &SyntaxNode, offset: usize) -> bool {
    let Ok(at) = rowan::TextSize::try_from(offset) else {
        return false;
    };
    let Some(token) = root.token_at_offset(at).left_biased() else {
        return false;
    };
    token.parent_ancestors().any(|n| n.kind() == RESOURCE_BODY)
}

fn gates() -> Vec<CompletionItem> {
    GATES
        .iter()
        .map(|(label, snippet)| {
            let mut item = CompletionItem::new(*label, CompletionKind::Attribute);
            item.insert_snippet = Some(snippet.to_string());
            item
        })
        .collect()
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '%'
}

/// After `:`, `<`, `=`, `->`, or a `,` inside `<…>`, a type comes next.
fn is_type_position(before_word: &str) -> bool {
    let open_angles = before_word.matches('<').count() > before_word.matches('>').count();
    before_word.ends_with(':')
        || before_word.ends_with('<')
        || before_word.ends_with('=')
        || before_word.ends_with("->")
        || (before_word.ends_with(',') && open_angles)
}

/// The interface or world around `offset`.
pub(super) fn scope_at(root: &SyntaxNode, offset: usize) -> Option<SyntaxNode> {
    let offset = rowan::TextSize::try_from(offset).ok()?;
    let token = root.token_at_offset(offset).left_biased()?;
    token
        .parent_ancestors()
        .find(|n| matches!(n.kind(), INTERFACE | WORLD))
}

/// Names defined or `use`d directly in an interface's or world's body,
/// with the kind of their definition (`USE_NAME` for a used name), leaving
/// out what a gate that is off hides.
pub(super) fn scope_types(
    scope: &SyntaxNode,
    features: &Features,
) -> Vec<(String, syntax::SyntaxKind)> {
    let Some(body) = resolve::scope_body(scope) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for item in body.children() {
        if gates::disabled_feature(&item, features).is_some() {
            continue;
        }
        if let Some(name) = ast::TypeDef::cast(item.clone()).and_then(|t| t.name()) {
            names.push((name.text(), item.kind()));
        } else if let Some(name) = ast::Func::cast(item.clone()).and_then(|f| f.name()) {
            names.push((name.text(), FUNC));
        } else if let Some(use_item) = ast::Use::cast(item) {
            let locals = use_item.names().filter_map(|n| n.local_name());
            names.extend(locals.map(|l| (l, USE_NAME)));
        }
    }
    names
}

/// Just after the `{` that opens the scope's body.
fn use_insertion_point(scope: &SyntaxNode) -> Option<usize> {
    let body = resolve::scope_body(scope)?;
    let brace = body
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| t.kind() == L_BRACE)?;
    Some(brace.text_range().end().into())
}
