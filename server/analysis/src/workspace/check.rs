//! Handing packages to wit-parser and turning its errors into diagnostics.
//!
//! wit-parser reports spans into one `SourceMap` that concatenates every
//! file; `SourceMap::resolve_span` maps them back to a file and a byte range
//! within it. Its error `Display` includes no location, which is what we
//! want for the message.

use std::{collections::HashMap, path::PathBuf};

use wit_parser::{
    PackageName, ParseError, ParseErrorKind, ResolveError, ResolveErrorKind, SourceMap, Span,
};

use super::{
    Features,
    parse::{Content, Parsed},
};
use crate::diagnostic::{Diagnostic, Related, Severity, codes};

/// A `Resolve` for one check, with the workspace's feature gates.
pub fn new_resolve(features: &Features) -> wit_parser::Resolve {
    let mut resolve = wit_parser::Resolve::new();
    match features {
        Features::All => resolve.all_features = true,
        Features::Enabled(names) => resolve.features = names.iter().cloned().collect(),
    }
    resolve
}

/// Pushes the first part, with the others as its dependencies, into
/// `resolve`. Each part comes with the references it must rename to the
/// compatible version found for them. After an error `resolve` is half-updated and must not be used
/// again.
pub fn resolve_into(
    resolve: &mut wit_parser::Resolve,
    parts: &[(&Parsed, HashMap<PackageName, PackageName>)],
) -> Vec<Diagnostic> {
    let mut groups = Vec::new();
    for (parsed, renames) in parts {
        match &parsed.content {
            Some(Content::Wit(group)) => groups.push(rename_foreign_deps(group.clone(), renames)),
            Some(Content::Encoded(decoded, _)) => {
                if let Err(err) = resolve.merge(decoded.clone()) {
                    return vec![whole_file(
                        parsed,
                        format!("cannot merge this encoded package: {err:#}"),
                    )];
                }
            }
            None => {}
        }
    }
    if groups.is_empty() {
        return Vec::new();
    }
    let main = groups.remove(0);
    match resolve.push_groups(main, groups) {
        Ok(_) => Vec::new(),
        Err(err) => vec![resolve_error(&resolve.source_map, &err)],
    }
}

/// Points each reference at the version that satisfies it. Skipped when
/// two references would collapse into one, since wit-parser pairs each
/// reference with its span by position.
pub fn rename_foreign_deps(
    mut group: wit_parser::UnresolvedPackageGroup,
    renames: &HashMap<PackageName, PackageName>,
) -> wit_parser::UnresolvedPackageGroup {
    if renames.is_empty() {
        return group;
    }
    for package in std::iter::once(&mut group.main).chain(&mut group.nested) {
        let deps = std::mem::take(&mut package.foreign_deps);
        let count = deps.len();
        let renamed: wit_parser::IndexMap<_, _> = deps
            .clone()
            .into_iter()
            .map(|(name, items)| (renames.get(&name).cloned().unwrap_or(name), items))
            .collect();
        package.foreign_deps = if renamed.len() == count {
            renamed
        } else {
            deps
        };
    }
    group
}

pub fn parse_error(map: &SourceMap, err: &ParseError) -> Diagnostic {
    let (code, message) = match err.kind() {
        ParseErrorKind::Lex(_) => (codes::SYNTAX, err.to_string()),
        ParseErrorKind::Syntax { message, .. } => (syntax_or_semantic(message), message.clone()),
        ParseErrorKind::ItemNotFound { .. } => (codes::NAME_NOT_FOUND, err.to_string()),
        ParseErrorKind::TypeCycle { .. } => (codes::TYPE_CYCLE, err.to_string()),
        _ => (codes::SEMANTIC, err.to_string()),
    };
    at_span(map, err.kind().span(), code, message)
}

/// wit-parser files malformed text and in-package semantic errors (a
/// duplicate name, a bad attribute) under the same kind. Its syntax errors
/// are the ones that say what token was expected.
fn syntax_or_semantic(message: &str) -> &'static str {
    if message.starts_with("expected")
        || message.contains("found eof")
        || message.starts_with("unexpected")
    {
        codes::SYNTAX
    } else {
        codes::SEMANTIC
    }
}

pub fn resolve_error(map: &SourceMap, err: &ResolveError) -> Diagnostic {
    let code = match err.kind() {
        ResolveErrorKind::PackageNotFound { .. } => codes::PACKAGE_NOT_FOUND,
        ResolveErrorKind::DuplicatePackage { .. } => codes::DUPLICATE_PACKAGE,
        ResolveErrorKind::PackageCycle { .. } => codes::PACKAGE_CYCLE,
        _ => codes::SEMANTIC,
    };
    let mut diagnostic = at_span(map, err.kind().span(), code, err.to_string());
    if let ResolveErrorKind::DuplicatePackage { span2, .. } = err.kind()
        && let Some(loc) = map.resolve_span(*span2)
    {
        diagnostic.related.push(Related {
            path: PathBuf::from(loc.path),
            range: loc.range,
            message: "also defined here".to_string(),
        });
    }
    diagnostic
}

fn at_span(map: &SourceMap, span: Span, code: &'static str, message: String) -> Diagnostic {
    let (path, range) = match map.resolve_span(span) {
        Some(loc) => (PathBuf::from(loc.path), loc.range),
        // Errors without a span still belong to a file of the package.
        None => (
            map.source_files()
                .next()
                .map(PathBuf::from)
                .unwrap_or_default(),
            0..0,
        ),
    };
    Diagnostic {
        path,
        range,
        severity: Severity::Error,
        code,
        message,
        related: Vec::new(),
    }
}

fn whole_file(parsed: &Parsed, message: String) -> Diagnostic {
    Diagnostic {
        path: parsed.files.first().cloned().unwrap_or_default(),
        range: 0..0,
        severity: Severity::Error,
        code: codes::INVALID_FILE,
        message,
        related: Vec::new(),
    }
}
