//! Parsing one package's files into wit-parser's `UnresolvedPackageGroup`,
//! cached by the files' text.
//!
//! The parse does not depend on other packages or on features, so it is the
//! part worth keeping between checks; resolving happens afresh each time.

use std::{
    collections::HashMap,
    ops::Range,
    path::{Path, PathBuf},
    sync::{Arc, OnceLock},
};

use syntax::ast::AstNode;
use wit_parser::{PackageName, UnresolvedPackageGroup};

use super::{
    Location, discover,
    disk::{Disk, Kind},
    files::Files,
};
use crate::diagnostic::{Diagnostic, codes};
use crate::file_system::FileSystem;
use crate::parses::Parses;
use crate::query_log::Query;

/// A WIT package encoded as WebAssembly (`deps/x.wasm`) may be bigger than
/// a text file, but not without bound.
const MAX_BINARY_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;

/// A package parsed far enough to know its name and its references.
pub enum Content {
    Wit(UnresolvedPackageGroup),
    /// A `.wasm`/`.wat` encoded package: already resolved, with whatever it
    /// depends on inside.
    Encoded(wit_parser::Resolve, wit_parser::PackageId),
}

pub struct Parsed {
    pub files: Vec<PathBuf>,
    /// The text of each file, as parsed; empty for encoded packages.
    pub texts: Vec<Arc<str>>,
    /// `None` when the files do not parse; `diagnostics` says why.
    pub content: Option<Content>,
    pub diagnostics: Vec<Diagnostic>,
    /// The names in `package` declarations, read from the text when the
    /// files do not parse, so that dependents can still be told that it is
    /// this package that is broken rather than missing.
    pub declared_names: Vec<PackageName>,
    /// What our parser found in each file: a keystroke in one file of a
    /// large package re-parses that file, not all of them.
    syntax: Vec<Arc<FileSyntax>>,
    /// Worked out once: every check walks every package's references to
    /// find what an edit affects.
    references: OnceLock<Vec<Reference>>,
    names: OnceLock<Vec<PackageName>>,
}

/// One file as our error-tolerant parser reads it.
struct FileSyntax {
    errors: Vec<Diagnostic>,
    /// The foreign packages its paths name (`wasi:io/streams@0.2.0`), with
    /// where: the references of a package wit-parser cannot parse, so that
    /// a half-typed line does not unload every dependency it has.
    packages: Vec<(PackageName, Range<usize>)>,
}

impl FileSyntax {
    fn new(path: &Path, parse: &syntax::Parse) -> FileSyntax {
        let packages = (parse.syntax().descendants())
            .filter_map(syntax::ast::UsePath::cast)
            .filter_map(|path| {
                let package = path.package_name()?;
                let version = match path.version() {
                    Some(version) => Some(semver::Version::parse(&version.text()).ok()?),
                    None => None,
                };
                let name = PackageName {
                    namespace: package.namespace()?.text().to_string(),
                    name: package.name()?.text().to_string(),
                    version,
                };
                Some((name, syntax::ast::text_range(path.syntax().text_range())))
            })
            .collect();
        FileSyntax {
            errors: crate::syntax_errors::of_parse(path, parse),
            packages,
        }
    }
}

/// A reference from a package to a foreign one, with where it is written.
#[derive(Clone, Debug)]
pub struct Reference {
    pub name: PackageName,
    pub path: PathBuf,
    pub range: Range<usize>,
}

impl Parsed {
    /// Every package name this unit provides (main and nested).
    pub fn names(&self) -> &[PackageName] {
        self.names.get_or_init(|| self.find_names())
    }

    fn find_names(&self) -> Vec<PackageName> {
        match &self.content {
            Some(Content::Wit(group)) => std::iter::once(&group.main)
                .chain(&group.nested)
                .map(|p| p.name.clone())
                .collect(),
            Some(Content::Encoded(resolve, id)) => vec![resolve.packages[*id].name.clone()],
            None => self.declared_names.clone(),
        }
    }

    /// The foreign packages this unit refers to, each once, pointing at its
    /// first reference. References between a file's own nested packages are
    /// not foreign.
    pub fn references(&self) -> &[Reference] {
        self.references.get_or_init(|| self.find_references())
    }

    fn find_references(&self) -> Vec<Reference> {
        let group = match &self.content {
            Some(Content::Wit(group)) => group,
            Some(Content::Encoded(..)) => return Vec::new(),
            None => return self.references_in_syntax(),
        };
        let own = self.names();
        let mut refs: Vec<Reference> = Vec::new();
        for package in std::iter::once(&group.main).chain(&group.nested) {
            for (name, items) in &package.foreign_deps {
                if own.contains(name) || refs.iter().any(|r| &r.name == name) {
                    continue;
                }
                let span = items.values().next().map(|(item, _)| match item {
                    wit_parser::AstItem::Interface(id) => package.interfaces[*id].span,
                    wit_parser::AstItem::World(id) => package.worlds[*id].span,
                });
                let location = span.and_then(|span| group.source_map.resolve_span(span));
                let (path, range) = match location {
                    Some(loc) => {
                        let text = self
                            .files
                            .iter()
                            .position(|f| f.as_os_str() == loc.path)
                            .map(|i| &*self.texts[i]);
                        (
                            PathBuf::from(loc.path),
                            widen_to_use_path(text.unwrap_or(""), loc.range),
                        )
                    }
                    None => (self.files.first().cloned().unwrap_or_default(), 0..0),
                };
                refs.push(Reference {
                    name: name.clone(),
                    path,
                    range,
                });
            }
        }
        refs
    }

    /// What our parser sees the files of a package wit-parser cannot parse
    /// name, each package once, at its first path.
    fn references_in_syntax(&self) -> Vec<Reference> {
        let own = self.names();
        let mut refs: Vec<Reference> = Vec::new();
        for (path, syntax) in self.files.iter().zip(&self.syntax) {
            for (name, range) in &syntax.packages {
                if !own.contains(name) && !refs.iter().any(|r| &r.name == name) {
                    refs.push(Reference {
                        name: name.clone(),
                        path: path.clone(),
                        range: range.clone(),
                    });
                }
            }
        }
        refs
    }
}

#[derive(Default)]
pub struct Cache {
    entries: HashMap<Location, (Vec<Arc<str>>, Arc<Parsed>)>,
}

impl Cache {
    /// Forgets packages whose directory or file is gone, so that a long
    /// editor session does not keep every package it ever saw.
    pub fn forget_missing(&mut self, fs: &dyn FileSystem) {
        self.entries
            .retain(|location, _| fs.kind(location.path()) != Kind::Missing);
    }
}

pub fn parse(
    cache: &mut Cache,
    files: &Files,
    disk: &Disk,
    parses: &Parses,
    location: &Location,
) -> Arc<Parsed> {
    if let Location::Encoded(path) = location {
        return Arc::new(decode(&**disk.file_system(), path));
    }
    let paths = match package_files(files, disk, location) {
        Ok(paths) => paths,
        Err(diagnostic) => {
            return Arc::new(Parsed {
                files: Vec::new(),
                texts: Vec::new(),
                content: None,
                diagnostics: vec![diagnostic],
                declared_names: Vec::new(),
                syntax: Vec::new(),
                references: OnceLock::new(),
                names: OnceLock::new(),
            });
        }
    };
    let mut texts = Vec::new();
    let mut readable = Vec::new();
    let mut diagnostics = Vec::new();
    for path in &paths {
        match files.text(path) {
            Ok(text) => {
                readable.push(path.clone());
                texts.push(text);
            }
            Err(err) => diagnostics.push(Diagnostic {
                code: codes::INVALID_FILE,
                ..discover::io_error(path, err.to_string())
            }),
        }
    }
    // A package with an unreadable file is not resolved without it: the
    // rest would report names the missing file defines as not found. Its
    // other files' syntax errors are theirs alone, so they are reported.
    if !diagnostics.is_empty() {
        diagnostics.extend(crate::syntax_errors::diagnostics(parses, &readable, &texts));
        return Arc::new(Parsed {
            files: paths,
            texts: Vec::new(),
            content: None,
            diagnostics,
            declared_names: Vec::new(),
            syntax: Vec::new(),
            references: OnceLock::new(),
            names: OnceLock::new(),
        });
    }
    if let Some((cached_texts, parsed)) = cache.entries.get(location)
        && parsed.files == paths
        && same_texts(cached_texts, &texts)
    {
        return parsed.clone();
    }
    let previous = cache.entries.get(location).map(|(_, parsed)| &**parsed);
    parses
        .log()
        .record(|| Query::WitParse(location.path().to_path_buf()));
    let parsed = Arc::new(parse_wit(parses, &paths, &texts, previous));
    cache
        .entries
        .insert(location.clone(), (texts, parsed.clone()));
    parsed
}

fn same_texts(a: &[Arc<str>], b: &[Arc<str>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| Arc::ptr_eq(a, b) || a == b)
}

pub(super) fn package_files(
    files: &Files,
    disk: &Disk,
    location: &Location,
) -> Result<Vec<PathBuf>, Diagnostic> {
    match location {
        Location::WitFile(path) => Ok(vec![path.clone()]),
        Location::Encoded(path) => Ok(vec![path.clone()]),
        Location::Dir(dir) => {
            let mut paths = match discover::wit_files_in(disk, dir) {
                Ok(paths) => paths,
                Err(err) if files.overlay_paths().next().is_none() => {
                    return Err(discover::io_error(
                        dir,
                        format!("cannot read directory: {err}"),
                    ));
                }
                Err(_) => Vec::new(),
            };
            for path in files.overlay_paths() {
                if path.parent() == Some(dir)
                    && discover::is_wit(path)
                    && !paths.iter().any(|p| p == path)
                {
                    paths.push(path.to_path_buf());
                }
            }
            paths.sort();
            if paths.is_empty() {
                return Err(discover::io_error(
                    dir,
                    "no `.wit` files in this directory".to_string(),
                ));
            }
            Ok(paths)
        }
    }
}

/// `previous` is the last parse of the same package: the syntax errors of
/// the files whose text is the same are taken from it.
fn parse_wit(
    parses: &Parses,
    paths: &[PathBuf],
    texts: &[Arc<str>],
    previous: Option<&Parsed>,
) -> Parsed {
    let mut map = wit_parser::SourceMap::new();
    for (path, text) in paths.iter().zip(texts) {
        map.push(path, &**text);
    }
    let syntax: Vec<Arc<FileSyntax>> = (paths.iter().zip(texts))
        .map(|(path, text)| {
            let unchanged = previous.and_then(|previous| {
                let i = previous.files.iter().position(|p| p == path)?;
                let before = previous.texts.get(i)?;
                (Arc::ptr_eq(before, text) || before == text)
                    .then(|| previous.syntax.get(i).cloned())?
            });
            unchanged.unwrap_or_else(|| Arc::new(FileSyntax::new(path, &parses.of(path, text))))
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = syntax
        .iter()
        .flat_map(|file| file.errors.iter().cloned())
        .collect();
    let mut declared_names = Vec::new();
    let content = match map.parse() {
        Ok(group) => Some(Content::Wit(group)),
        Err((map, err)) => {
            let diagnostic = super::check::parse_error(&map, &err);
            if !crate::syntax_errors::is_duplicate(&diagnostics, &diagnostic) {
                diagnostics.push(diagnostic);
            }
            declared_names = texts
                .iter()
                .flat_map(|text| declared_package_names(text))
                .collect();
            declared_names.dedup();
            None
        }
    };
    Parsed {
        files: paths.to_vec(),
        texts: texts.to_vec(),
        content,
        diagnostics,
        declared_names,
        syntax,
        references: OnceLock::new(),
        names: OnceLock::new(),
    }
}

fn decode(fs: &dyn FileSystem, path: &Path) -> Parsed {
    let files = vec![path.to_path_buf()];
    let failed = |message: String| Parsed {
        files: vec![path.to_path_buf()],
        texts: Vec::new(),
        content: None,
        diagnostics: vec![Diagnostic {
            code: codes::INVALID_FILE,
            ..discover::io_error(path, message)
        }],
        declared_names: Vec::new(),
        syntax: Vec::new(),
        references: OnceLock::new(),
        names: OnceLock::new(),
    };
    let bytes = match fs.read(path, MAX_BINARY_PACKAGE_BYTES) {
        Ok(bytes) => bytes,
        Err(err) => return failed(err.to_string()),
    };
    let is_text = path.extension().is_some_and(|e| e == "wat");
    if !is_text && !bytes.starts_with(b"\0asm") {
        return failed(
            "not a WebAssembly binary (it does not start with `\\0asm`); a text package belongs in a `.wat` file".to_string(),
        );
    }
    // Naming the file puts the real path and line in the error's snippet.
    let bytes = match wat::Parser::new().parse_bytes(Some(path), &bytes) {
        Ok(bytes) => bytes,
        Err(err) => return failed(format!("invalid WebAssembly text: {err}")),
    };
    match wit_parser::decoding::decode(&bytes) {
        Ok(wit_parser::decoding::DecodedWasm::WitPackage(resolve, id)) => Parsed {
            files,
            texts: Vec::new(),
            content: Some(Content::Encoded(resolve, id)),
            diagnostics: Vec::new(),
            declared_names: Vec::new(),
            syntax: Vec::new(),
            references: OnceLock::new(),
            names: OnceLock::new(),
        },
        Ok(wit_parser::decoding::DecodedWasm::Component(..)) => {
            failed("this is a component, not an encoded WIT package".to_string())
        }
        Err(err) => failed(format!("not an encoded WIT package: {err:#}")),
    }
}

/// `package a:b@1.0.0;` and `package a:b {` lines, read without parsing.
fn declared_package_names(text: &str) -> Vec<PackageName> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("package "))
        .filter_map(|rest| parse_package_name(rest.trim_end_matches(['{', ';', ' '])))
        .collect()
}

/// `namespace:name` or `namespace:name@version`.
pub(super) fn parse_package_name(text: &str) -> Option<PackageName> {
    let (namespace, rest) = text.trim().split_once(':')?;
    let (name, version) = match rest.split_once('@') {
        Some((name, version)) => (name, Some(semver::Version::parse(version.trim()).ok()?)),
        None => (rest, None),
    };
    Some(PackageName {
        namespace: namespace.trim().to_string(),
        name: name.trim().to_string(),
        version,
    })
}

/// wit-parser's span for a foreign reference covers the interface name; the
/// diagnostic should cover the whole `ns:pkg/name@version` path.
fn widen_to_use_path(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    if range.end > bytes.len() || range.start > range.end {
        return range;
    }
    let in_path = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'/' | b'%');
    let mut start = range.start;
    while start > 0 && in_path(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = range.end;
    if bytes.get(end) == Some(&b'@') {
        end += 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'-' | b'+'))
        {
            end += 1;
        }
        while bytes[end - 1] == b'.' {
            end -= 1;
        }
    }
    start..end
}
