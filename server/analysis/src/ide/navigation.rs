//! Go to definition, declaration and type definition; references and
//! document highlight.

use std::path::Path;

use syntax::{
    SyntaxKind::*,
    ast::{self, AstNode},
};

use super::{
    Analysis, FileRange, NavTarget,
    resolve::{self, Def},
};

impl Analysis {
    /// Where the name at `offset` is defined. WIT has no separate
    /// declarations, so this also answers go-to-declaration.
    pub fn goto_definition(&self, path: &Path, offset: usize) -> Option<NavTarget> {
        resolve::resolve_at(&self.db, path, offset).map(|resolved| nav_target(&resolved.def))
    }

    /// For a field, parameter, alias or function: the definition of its
    /// type (of its result, for a function). Otherwise as go-to-definition.
    pub fn goto_type_definition(&self, path: &Path, offset: usize) -> Option<NavTarget> {
        let def = resolve::resolve_at(&self.db, path, offset)?.def;
        let Some(node) = resolve::node_of(&self.db, &def) else {
            return Some(nav_target(&def));
        };
        let type_ref = match def.kind {
            FIELD => ast::Field::cast(node).and_then(|f| f.ty()),
            PARAM => ast::Param::cast(node).and_then(|p| p.ty()),
            TYPE_ALIAS => ast::TypeAlias::cast(node).and_then(|a| a.ty()),
            FUNC => ast::Func::cast(node).and_then(|f| f.func_type()?.result()),
            _ => None,
        };
        let Some(type_ref) = type_ref else {
            return Some(nav_target(&def));
        };
        // The first named type in the expression: `list<point>` goes to `point`.
        let name_ref = type_ref
            .syntax()
            .descendants()
            .find_map(ast::NameRef::cast)?;
        resolve::resolve_ref(&self.db, &def.path, &name_ref)
            .map(|resolved| nav_target(&resolved.def))
    }

    /// Every use of the name at `offset`, in every file of the workspace and
    /// its dependencies, sorted; with its definition when asked.
    pub fn references(
        &self,
        path: &Path,
        offset: usize,
        include_declaration: bool,
    ) -> Vec<FileRange> {
        let Some(resolved) = resolve::resolve_at(&self.db, path, offset) else {
            return Vec::new();
        };
        let def = resolved.def;
        let mut found: Vec<FileRange> = resolve::references_to(&self.db, &def)
            .into_iter()
            .map(|(path, range, _)| FileRange { path, range })
            .collect();
        if include_declaration {
            found.push(FileRange {
                path: def.path.clone(),
                range: def.name_range.clone(),
            });
        }
        found.sort_by_key(|r| (r.path.clone(), r.range.start));
        found.dedup();
        found
    }

    /// The occurrences of the name at `offset` in its own file; `true` marks
    /// the definition. Only this file's references are resolved: the editor
    /// asks on every cursor move.
    pub fn highlight(&self, path: &Path, offset: usize) -> Vec<(std::ops::Range<usize>, bool)> {
        let Some(resolved) = resolve::resolve_at(&self.db, path, offset) else {
            return Vec::new();
        };
        let def = resolved.def;
        let mut found: Vec<_> = resolve::references_in(&self.db, path)
            .into_iter()
            .filter(|(_, resolved)| resolved.def == def)
            .map(|(range, _)| (range, false))
            .collect();
        if def.path == path {
            found.push((def.name_range.clone(), true));
        }
        found.sort_by_key(|(range, _)| range.start);
        found
    }
}

pub(super) fn nav_target(def: &Def) -> NavTarget {
    NavTarget {
        path: def.path.clone(),
        item_range: def.item_range.clone(),
        name_range: def.name_range.clone(),
    }
}
