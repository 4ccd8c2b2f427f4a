//! Our resolver's diagnostics: every unresolved name and every duplicate
//! definition in a file. wit-parser stops at its first error; these fill in
//! the rest, so a file with three bad names shows three errors.
//!
//! Callers add them only for packages wit-parser rejected, and drop any that
//! overlap a wit-parser diagnostic, so the two never contradict each other.

use std::{collections::HashMap, path::Path};

use syntax::{
    SyntaxKind::{self, *},
    SyntaxNode,
    ast::{self, AstNode},
};

use super::{Analysis, resolve, touches};
use crate::{
    diagnostic::{Diagnostic, Related, Severity, codes},
    workspace::CheckResult,
};

impl Analysis {
    /// Adds [`Self::resolver_diagnostics`] to a check's result for every
    /// package wit-parser rejected, except where wit-parser already said
    /// something, so the two cannot disagree. The CLI and the language
    /// server both call this, so they show the same set.
    pub fn add_resolver_diagnostics(&self, result: &mut CheckResult) {
        let has_error = |path: &Path, diagnostics: &[Diagnostic]| {
            diagnostics
                .iter()
                .any(|d| d.path == path && d.severity == Severity::Error)
        };
        let rejected_files: Vec<&Path> = result
            .packages
            .iter()
            .filter(|p| p.files.iter().any(|f| has_error(f, &result.diagnostics)))
            .flat_map(|p| p.files.iter().map(|f| f.as_path()))
            .collect();
        let mut added = Vec::new();
        for file in rejected_files {
            for ours in self.resolver_diagnostics(file) {
                let overlaps = result
                    .diagnostics
                    .iter()
                    .any(|d| d.path == file && touches(&d.range, &ours.range));
                if !overlaps && !added.contains(&ours) {
                    added.push(ours);
                }
            }
        }
        if added.is_empty() {
            return;
        }
        result.diagnostics.extend(added);
        result.sort_diagnostics();
    }

    pub fn resolver_diagnostics(&self, path: &Path) -> Vec<Diagnostic> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for name_ref in file.tree().references() {
            let Some(ident) = name_ref.ident() else {
                continue;
            };
            // In a `package … { … }` block whose name does not parse, no
            // package is known to look names up in: that is the syntax
            // error's to report, not one error per name.
            if resolve::resolve_ref(&self.db, path, &name_ref).is_some()
                || self.db.package_at(path, name_ref.syntax()).is_none()
            {
                continue;
            }
            let name = ident.text();
            let message = match name_ref.context() {
                ast::RefContext::Type | ast::RefContext::Resource => {
                    if resolve::brought_in_by_use(&name_ref) {
                        continue;
                    }
                    format!("type `{name}` does not exist")
                }
                ast::RefContext::UsedName => {
                    // A path that does not resolve has its own error.
                    let use_path = name_ref
                        .syntax()
                        .ancestors()
                        .find_map(ast::Use::cast)
                        .and_then(|u| u.path());
                    if use_path
                        .is_none_or(|p| resolve::resolve_path(&self.db, path, &p, false).is_none())
                    {
                        continue;
                    }
                    format!("`{name}` is not defined in the interface this `use` names")
                }
                ast::RefContext::IncludedName => {
                    format!("`{name}` is not an import or export of the included world")
                }
                ast::RefContext::PathTarget => {
                    let use_path = name_ref.syntax().parent().and_then(ast::UsePath::cast);
                    // A path into a package we cannot find is the workspace's
                    // package-not-found error, not a missing interface.
                    let package = match use_path.as_ref().and_then(|p| p.package_name()) {
                        Some(package) => {
                            let (Some(ns), Some(pkg)) = (package.namespace(), package.name())
                            else {
                                continue;
                            };
                            let version = use_path.as_ref().and_then(|p| p.version());
                            let from = self.db.package_at(path, name_ref.syntax());
                            let version = version.map(|v| v.text());
                            let found = self.db.find_package_from(
                                from,
                                &ns.text(),
                                &pkg.text(),
                                version.as_deref(),
                            );
                            match found
                                .or_else(|| self.db.find_package(&ns.text(), &pkg.text(), None))
                            {
                                Some(found) => found,
                                None => continue,
                            }
                        }
                        None => match self.db.package_at(path, name_ref.syntax()) {
                            Some(own) => own,
                            None => continue,
                        },
                    };
                    match &package.id {
                        Some(id) => format!(
                            "interface or world `{name}` not found in package `{}`",
                            id.display()
                        ),
                        None => format!("interface or world `{name}` does not exist"),
                    }
                }
            };
            found.push(error(
                path,
                ident.range(),
                codes::NAME_NOT_FOUND,
                message,
                Vec::new(),
            ));
        }
        let root = file.parse.syntax();
        for scope in root
            .descendants()
            .filter(|n| NAME_SCOPES.contains(&n.kind()))
        {
            duplicates(path, &scope, &mut found);
        }
        duplicates(path, &root, &mut found);
        for scope in root
            .descendants()
            .filter(|n| matches!(n.kind(), INTERFACE_BODY | WORLD_BODY | RESOURCE_BODY))
        {
            accessors(path, &scope, &mut found);
        }
        found.sort_by_key(|d| d.range.start);
        found
    }
}

/// The bodies whose items' names must be unique among themselves.
const NAME_SCOPES: [SyntaxKind; 7] = [
    INTERFACE_BODY,
    WORLD_BODY,
    PACKAGE_BODY,
    RECORD_BODY,
    VARIANT_BODY,
    ENUM_BODY,
    FLAGS_BODY,
];

/// Names defined directly in `scope` (item names, `use` locals), each
/// reported after its first definition.
fn duplicates(path: &Path, scope: &SyntaxNode, found: &mut Vec<Diagnostic>) {
    let mut first: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for item in scope.children() {
        let mut names: Vec<ast::Name> = item.children().filter_map(ast::Name::cast).collect();
        if let Some(use_item) = ast::Use::cast(item.clone()) {
            for use_name in use_item.names() {
                match (
                    use_name.alias(),
                    use_name.name_ref().and_then(|r| r.ident()),
                ) {
                    (Some(alias), _) => names.push(alias),
                    (None, Some(ident)) => {
                        let text = ident.text();
                        check(path, &mut first, text.clone(), &text, ident.range(), found)
                    }
                    _ => {}
                }
            }
        }
        // A getter and a setter share a name: wit-parser names them
        // `[get]x` and `[set]x`, and so does this check.
        let accessor = item
            .children()
            .find_map(ast::FuncType::cast)
            .and_then(|f| f.accessor());
        let prefix = match accessor {
            Some(ast::Accessor::Get) => "[get]",
            Some(ast::Accessor::Set) => "[set]",
            None => "",
        };
        for name in names {
            let Some(ident) = name.ident() else { continue };
            let text = ident.text();
            check(
                path,
                &mut first,
                format!("{prefix}{text}"),
                &text,
                ident.range(),
                found,
            );
        }
    }
}

/// `key` is what must be unique (`[get]x` for a getter), `name` what the
/// user wrote.
/// The rules wit-parser holds accessors to, each of which it reports only
/// when it is the first error of the package: a getter takes nothing and
/// returns something, a setter takes one value and returns nothing or a
/// `result` with no ok type, and no setter is without its getter.
fn accessors(path: &Path, scope: &SyntaxNode, found: &mut Vec<Diagnostic>) {
    let mut getters = Vec::new();
    let mut setters = Vec::new();
    for item in scope.children() {
        let Some(func) = item.children().find_map(ast::FuncType::cast) else {
            continue;
        };
        let Some(accessor) = func.accessor() else {
            continue;
        };
        let Some(name) = item
            .children()
            .find_map(ast::Name::cast)
            .and_then(|n| n.ident())
        else {
            continue;
        };
        let keyword = func
            .syntax()
            .first_token()
            .map_or(name.range(), |t| t.text_range().into());
        let params: Vec<ast::Param> = func.params().collect();
        let mut problem = |range, message: &str| {
            found.push(error(
                path,
                range,
                codes::SEMANTIC,
                message.to_string(),
                Vec::new(),
            ));
        };
        match accessor {
            ast::Accessor::Get => {
                if let Some(first) = params.first() {
                    problem(
                        first.syntax().text_range().into(),
                        "getters cannot have parameters",
                    );
                }
                if func.result().is_none() {
                    problem(keyword, "getters must return a value");
                }
                getters.push(name.text());
            }
            ast::Accessor::Set => {
                if params.len() != 1 {
                    let range = params
                        .get(1)
                        .map_or(keyword, |p| p.syntax().text_range().into());
                    problem(range, "setters must have exactly one parameter");
                }
                // A named type may be an alias of a fitting `result`; only
                // what is certainly not one is flagged here.
                match func.result() {
                    Some(ast::TypeRef::Result(result)) if result.ok().is_some() => {
                        problem(result.syntax().text_range().into(), SETTER_RESULT);
                    }
                    Some(
                        ty @ (ast::TypeRef::Primitive(_)
                        | ast::TypeRef::List(_)
                        | ast::TypeRef::Map(_)
                        | ast::TypeRef::Option(_)
                        | ast::TypeRef::Tuple(_)
                        | ast::TypeRef::Future(_)
                        | ast::TypeRef::Stream(_)
                        | ast::TypeRef::Handle(_)),
                    ) => {
                        problem(ty.syntax().text_range().into(), SETTER_RESULT);
                    }
                    _ => {}
                }
                setters.push((name.text(), name.range()));
            }
        }
    }
    for (name, range) in setters {
        if !getters.contains(&name) {
            found.push(error(
                path,
                range,
                codes::SEMANTIC,
                format!("setter `{name}` has no getter `{name}` beside it"),
                Vec::new(),
            ));
        }
    }
}

const SETTER_RESULT: &str =
    "if a setter return type is declared it must be a `result` with no `ok` type";

fn check(
    path: &Path,
    first: &mut HashMap<String, std::ops::Range<usize>>,
    key: String,
    name: &str,
    range: std::ops::Range<usize>,
    found: &mut Vec<Diagnostic>,
) {
    match first.get(&key) {
        Some(earlier) => {
            let related = vec![Related {
                path: path.to_path_buf(),
                range: earlier.clone(),
                message: format!("`{name}` is first defined here"),
            }];
            found.push(error(
                path,
                range,
                codes::DUPLICATE_NAME,
                format!("name `{name}` is defined more than once"),
                related,
            ));
        }
        None => {
            first.insert(key, range);
        }
    }
}

fn error(
    path: &Path,
    range: std::ops::Range<usize>,
    code: &'static str,
    message: String,
    related: Vec<Related>,
) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        range,
        severity: Severity::Error,
        code,
        message,
        related,
    }
}
