//! Document symbols (nested), workspace symbols and folding ranges.

use std::{ops::Range, path::Path};

use syntax::{
    SyntaxKind::{self, *},
    SyntaxNode,
    ast::{self, AstNode},
};

use super::{Analysis, NavTarget, resolve};
use crate::line_index::line_ends;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Package,
    Interface,
    World,
    Type,
    Resource,
    Function,
    Field,
    Case,
    Import,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub kind: SymbolKind,
    /// `record`, `func(x: u32) -> y`, …: what an outline shows beside the name.
    pub detail: Option<String>,
    pub item_range: Range<usize>,
    pub name_range: Range<usize>,
    pub children: Vec<Symbol>,
}

/// A foldable range: an item's body, or a run of comment lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: Range<usize>,
    pub is_comment: bool,
}

pub fn symbol_kind(kind: SyntaxKind) -> Option<SymbolKind> {
    Some(match kind {
        PACKAGE_DECL | NESTED_PACKAGE => SymbolKind::Package,
        INTERFACE => SymbolKind::Interface,
        WORLD => SymbolKind::World,
        TYPE_ALIAS | RECORD | VARIANT | ENUM | FLAGS => SymbolKind::Type,
        RESOURCE => SymbolKind::Resource,
        FUNC | CONSTRUCTOR => SymbolKind::Function,
        FIELD => SymbolKind::Field,
        VARIANT_CASE | ENUM_CASE | FLAG => SymbolKind::Case,
        IMPORT | EXPORT => SymbolKind::Import,
        _ => return None,
    })
}

impl Analysis {
    /// The outline of a file: packages, interfaces and worlds, with their
    /// items nested inside.
    pub fn document_symbols(&self, path: &Path) -> Vec<Symbol> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        collect(&file.parse.syntax())
    }

    /// Interfaces, worlds, types and functions of the workspace's own
    /// packages whose name contains `query` (case-insensitive).
    pub fn workspace_symbols(&self, query: &str) -> Vec<(String, SymbolKind, NavTarget)> {
        let query = query.to_lowercase();
        let mut found = Vec::new();
        for (path, file) in &self.db.files {
            if !self.db.packages[file.package].in_workspace {
                continue;
            }
            for name in file.tree().definitions() {
                let Some(def) = resolve::def_of_name(path, &name) else {
                    continue;
                };
                let Some(kind) = symbol_kind(def.kind) else {
                    continue;
                };
                if matches!(kind, SymbolKind::Field | SymbolKind::Case)
                    || !def.name.to_lowercase().contains(&query)
                {
                    continue;
                }
                found.push((def.name.clone(), kind, super::navigation::nav_target(&def)));
            }
        }
        found
    }

    pub fn folding_ranges(&self, path: &Path) -> Vec<Fold> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let root = file.parse.syntax();
        let mut folds: Vec<Fold> = root
            .descendants()
            .filter(|n| is_body(n.kind()))
            .map(|n| Fold {
                range: ast::text_range(n.text_range()),
                is_comment: false,
            })
            .filter(|f| line_ends(&file.text[f.range.clone()]).next().is_some())
            .collect();
        folds.extend(comment_runs(&root, &file.text));
        folds.sort_by_key(|f| f.range.start);
        folds
    }
}

fn is_body(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        INTERFACE_BODY
            | WORLD_BODY
            | PACKAGE_BODY
            | RECORD_BODY
            | VARIANT_BODY
            | ENUM_BODY
            | FLAGS_BODY
            | RESOURCE_BODY
            | USE_NAMES
            | INCLUDE_NAMES
    )
}

/// Runs of two or more consecutive comment lines.
fn comment_runs(root: &SyntaxNode, text: &str) -> Vec<Fold> {
    let mut folds = Vec::new();
    let mut run: Option<(Range<usize>, usize)> = None;
    for token in root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
    {
        let range = ast::text_range(token.text_range());
        match token.kind() {
            COMMENT | DOC_COMMENT => {
                run = Some(match run {
                    Some((start, count)) => (start.start..range.end, count + 1),
                    None => (range, 1),
                });
            }
            WHITESPACE if line_ends(&text[range]).count() <= 1 => {}
            _ => {
                if let Some((range, count)) = run.take()
                    && count > 1
                {
                    folds.push(Fold {
                        range,
                        is_comment: true,
                    });
                }
            }
        }
    }
    folds
}

/// Items with a name, nested: the node's named children become children.
fn collect(node: &SyntaxNode) -> Vec<Symbol> {
    let mut symbols = Vec::new();
    for child in node.children() {
        let Some(kind) = symbol_kind(child.kind()) else {
            // Bodies and other wrappers: look inside.
            if !matches!(child.kind(), FUNC_TYPE | PARAM_LIST) {
                symbols.extend(collect(&child));
            }
            continue;
        };
        let (name, name_range) = match symbol_name(&child) {
            Some(name) => name,
            None => continue,
        };
        symbols.push(Symbol {
            name,
            kind,
            detail: detail(&child),
            item_range: ast::text_range(child.text_range()),
            name_range,
            children: collect(&child),
        });
    }
    symbols
}

fn symbol_name(node: &SyntaxNode) -> Option<(String, Range<usize>)> {
    if node.kind() == CONSTRUCTOR {
        let range = ast::text_range(node.text_range());
        return Some(("constructor".to_string(), range));
    }
    if let Some(name) = node.children().find_map(ast::Name::cast) {
        let ident = name.ident()?;
        return Some((ident.text(), ident.range()));
    }
    if let Some(package) = node.children().find_map(ast::PackageName::cast) {
        return Some((package.syntax().text().to_string(), package.range()));
    }
    // `import ns:pkg/iface;` has no label: name it by its path.
    let path = node.children().find_map(ast::UsePath::cast)?;
    Some((path.syntax().text().to_string(), path.range()))
}

fn detail(node: &SyntaxNode) -> Option<String> {
    match node.kind() {
        RECORD => Some("record".to_string()),
        VARIANT => Some("variant".to_string()),
        ENUM => Some("enum".to_string()),
        FLAGS => Some("flags".to_string()),
        RESOURCE => Some("resource".to_string()),
        TYPE_ALIAS => ast::TypeAlias::cast(node.clone())?
            .ty()
            .map(|t| t.syntax().text().to_string()),
        FIELD => ast::Field::cast(node.clone())?
            .ty()
            .map(|t| t.syntax().text().to_string()),
        FUNC => ast::Func::cast(node.clone())?
            .func_type()
            .map(|t| t.syntax().text().to_string()),
        IMPORT => Some("import".to_string()),
        EXPORT => Some("export".to_string()),
        _ => None,
    }
}
