//! Quick fixes: did-you-mean and add-a-`use` for an unresolved type, remove
//! an unused `use`, add a missing `@since` in a versioned package.

use std::{
    collections::BTreeMap,
    ops::Range,
    path::{Path, PathBuf},
};

use syntax::{
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode},
};

use super::{Analysis, TextEdit, completion, resolve, touches};
use crate::{diagnostic::MISSING_VERSION, line_index};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    /// Marks the fix an editor may apply without asking (e.g. on save).
    pub preferred: bool,
    pub edits: BTreeMap<PathBuf, Vec<TextEdit>>,
}

impl CodeAction {
    fn new(title: String, path: &Path, edits: Vec<TextEdit>) -> CodeAction {
        CodeAction {
            title,
            preferred: false,
            edits: BTreeMap::from([(path.to_path_buf(), edits)]),
        }
    }
}

impl Analysis {
    /// The fixes that apply to anything the range touches.
    pub fn code_actions(&self, path: &Path, range: Range<usize>) -> Vec<CodeAction> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let root = file.parse.syntax();
        let mut actions = Vec::new();
        for name_ref in file.tree().references() {
            let Some(ident) = name_ref.ident() else {
                continue;
            };
            let is_type = matches!(
                name_ref.context(),
                ast::RefContext::Type | ast::RefContext::Resource
            );
            if touches(&ident.range(), &range)
                && is_type
                && resolve::resolve_ref(&self.db, path, &name_ref).is_none()
            {
                actions.extend(self.fix_unresolved(path, &root, &name_ref, ident.range()));
            }
        }
        actions.extend(unused_uses(path, &root, &file.text, &range));
        actions.extend(self.missing_since(path, &root, &file.text, &range));
        actions
    }

    /// For a `package-not-found` diagnostic that says which version a bare
    /// `ns:pkg/iface` needs (see `explain_missing`), the edit that adds it
    /// after the interface name. Takes the diagnostic as the client sent it
    /// back, as the `missing-since` fix does.
    pub fn missing_version_fix(
        &self,
        path: &Path,
        range: Range<usize>,
        code: &str,
        message: &str,
    ) -> Option<CodeAction> {
        if code != crate::diagnostic::codes::PACKAGE_NOT_FOUND || !message.contains(MISSING_VERSION)
        {
            return None;
        }
        let version = message.rsplit("…@").next()?.split('`').next()?;
        let file = self.db.file(path)?;
        let use_path = file
            .parse
            .syntax()
            .descendants()
            .filter_map(ast::UsePath::cast)
            .find(|p| touches(&p.range(), &range))?;
        if use_path.package_name().is_none() || use_path.version().is_some() {
            return None;
        }
        let end = use_path.target()?.ident()?.range().end;
        let mut action = CodeAction::new(
            format!("Add version `@{version}`"),
            path,
            vec![TextEdit {
                range: end..end,
                new_text: format!("@{version}"),
            }],
        );
        action.preferred = true;
        Some(action)
    }

    fn fix_unresolved(
        &self,
        path: &Path,
        root: &SyntaxNode,
        name_ref: &ast::NameRef,
        at: Range<usize>,
    ) -> Vec<CodeAction> {
        let name = name_ref.text();
        let Some(scope) = completion::scope_at(root, at.start) else {
            return Vec::new();
        };
        let mut actions = Vec::new();
        for (candidate, kind, use_path, edit) in self.importable_types(path, &scope) {
            if candidate == name && kind != FUNC {
                let mut action = CodeAction::new(
                    format!("Import `{name}` from `{use_path}`"),
                    path,
                    vec![edit],
                );
                action.preferred = true;
                actions.push(action);
            }
        }
        let known = completion::scope_types(&scope, &self.features)
            .into_iter()
            .map(|(n, _)| n)
            .chain(completion::BUILTIN_TYPES.iter().map(|b| b.to_string()));
        let mut suggestions: Vec<(usize, String)> = known
            .map(|k| (edit_distance(&k, &name), k))
            .filter(|(d, k)| *d > 0 && *d <= 2.max(name.len() / 4) && *k != name)
            .collect();
        suggestions.sort();
        suggestions.dedup();
        for (_, suggestion) in suggestions.into_iter().take(3) {
            let edit = TextEdit {
                range: at.clone(),
                new_text: suggestion.clone(),
            };
            actions.push(CodeAction::new(
                format!("Change to `{suggestion}`"),
                path,
                vec![edit],
            ));
        }
        actions
    }

    /// In a package with a version, an interface, world or item without a
    /// gate gets `@since(version = <the package's version>)`, where the
    /// gates around it say one is missing (see [`since_expected`]). A
    /// baseline comparison offers it for what is new since the baseline.
    fn missing_since(
        &self,
        path: &Path,
        root: &SyntaxNode,
        text: &str,
        range: &Range<usize>,
    ) -> Option<CodeAction> {
        let at = rowan::TextSize::try_from(range.start).ok()?;
        let token = root.token_at_offset(at).right_biased()?;
        let package = self.db.package_at(path, &token.parent()?)?;
        let version = package.id.as_ref()?.version.clone()?;
        let name = token.parent_ancestors().find_map(ast::Name::cast)?;
        let item = name.syntax().parent()?;
        let gated = matches!(
            item.kind(),
            INTERFACE
                | WORLD
                | TYPE_ALIAS
                | RECORD
                | VARIANT
                | ENUM
                | FLAGS
                | RESOURCE
                | FUNC
                | IMPORT
                | EXPORT
        );
        if !gated || item.children().any(|c| c.kind() == ATTRIBUTE) || !since_expected(&item) {
            return None;
        }
        // After the doc comments, before the item's first keyword or name.
        let first = item
            .children_with_tokens()
            .find(|e| !matches!(e.kind(), DOC_COMMENT | COMMENT | WHITESPACE))?;
        let start: usize = first.text_range().start().into();
        let line_start = line_index::line_start(text, start);
        let indent: String = text[line_start..start]
            .chars()
            .take_while(|c| c.is_whitespace())
            .collect();
        let edit = TextEdit {
            range: start..start,
            new_text: format!("@since(version = {version})\n{indent}"),
        };
        Some(CodeAction::new(
            format!("Add `@since(version = {version})`"),
            path,
            vec![edit],
        ))
    }
}

/// Whether the package gates the items around `item`: the interface,
/// world or resource it is in has `@since`, or an item beside it does. A
/// package that gates nothing is not asked to start with this one item.
fn since_expected(item: &SyntaxNode) -> bool {
    let has_since = |node: &SyntaxNode| {
        node.children()
            .filter_map(ast::Attribute::cast)
            .any(|a| a.kind() == ast::AttributeKind::Since)
    };
    let Some(level) = item.parent() else {
        return false;
    };
    let container_gated = matches!(level.kind(), INTERFACE_BODY | WORLD_BODY | RESOURCE_BODY)
        && level.parent().is_some_and(|c| has_since(&c));
    container_gated
        || level
            .children()
            .any(|sibling| sibling != *item && has_since(&sibling))
}

/// `use` names in the range's statements that nothing in their scope uses.
fn unused_uses(
    path: &Path,
    root: &SyntaxNode,
    text: &str,
    range: &Range<usize>,
) -> Vec<CodeAction> {
    let mut actions = Vec::new();
    for use_item in root.descendants().filter_map(ast::Use::cast) {
        let use_range = use_item.range();
        if !touches(&use_range, range) {
            continue;
        }
        let Some(scope) = use_item
            .syntax()
            .ancestors()
            .find(|n| matches!(n.kind(), INTERFACE | WORLD))
        else {
            continue;
        };
        let used_names: Vec<String> = scope
            .descendants()
            .filter_map(ast::NameRef::cast)
            .filter(|r| {
                matches!(
                    r.context(),
                    ast::RefContext::Type | ast::RefContext::Resource
                )
            })
            .map(|r| r.text())
            .collect();
        let names: Vec<ast::UseName> = use_item.names().collect();
        for use_name in &names {
            let Some(local) = use_name.local_name() else {
                continue;
            };
            if used_names.contains(&local) {
                continue;
            }
            let edit = if names.len() == 1 {
                remove_line(text, use_range.clone())
            } else {
                remove_list_entry(text, use_name)
            };
            actions.push(CodeAction::new(
                format!("Remove unused `{local}`"),
                path,
                vec![edit],
            ));
        }
    }
    actions
}

/// The whole `use` statement with its line, when it is alone on it.
fn remove_line(text: &str, range: Range<usize>) -> TextEdit {
    let line_start = line_index::line_start(text, range.start);
    let line_end = line_index::next_line_start(text, range.end);
    let alone = text[line_start..range.start].trim().is_empty()
        && text[range.end..line_end].trim().is_empty();
    let range = if alone { line_start..line_end } else { range };
    TextEdit {
        range,
        new_text: String::new(),
    }
}

/// One name of a `use` list with the comma and space that separate it.
fn remove_list_entry(text: &str, use_name: &ast::UseName) -> TextEdit {
    let range = use_name.range();
    let after = &text[range.end..];
    let trailing = after.len() - after.trim_start_matches([',', ' ']).len();
    if after.trim_start_matches([',', ' ']).starts_with('}') {
        // The last name: take the separator before it instead.
        let before = &text[..range.start];
        let leading = before.len() - before.trim_end_matches([',', ' ']).len();
        return TextEdit {
            range: range.start - leading..range.end,
            new_text: String::new(),
        };
    }
    TextEdit {
        range: range.start..range.end + trailing,
        new_text: String::new(),
    }
}

/// Levenshtein distance, for did-you-mean.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}
