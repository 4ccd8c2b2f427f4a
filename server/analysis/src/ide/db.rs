//! The syntax trees every IDE feature reads: each file of every workspace
//! package and of every dependency they resolve to, grouped by package.
//!
//! Parses are kept between builds and reused while a file's text is the
//! same, so a keystroke re-parses one file.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    path::{Path, PathBuf},
    sync::Arc,
};

use syntax::{
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode},
};

use crate::parses::Parses;
use crate::workspace::{Location, Workspace, is_compatible_version};

pub struct FileData {
    pub text: Arc<str>,
    pub parse: syntax::Parse,
    pub package: usize,
}

impl FileData {
    pub fn tree(&self) -> ast::SourceFile {
        self.parse.tree()
    }
}

/// `namespace:name` with the optional version, as a package declares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageId {
    pub namespace: String,
    pub name: String,
    pub version: Option<String>,
}

impl PackageId {
    pub fn from_ast(name: &ast::PackageName) -> Option<PackageId> {
        Some(PackageId {
            namespace: name.namespace()?.text(),
            name: name.name()?.text(),
            version: name.version().map(|v| v.text()),
        })
    }

    pub fn from_name(name: &wit_parser::PackageName) -> PackageId {
        PackageId {
            namespace: name.namespace.clone(),
            name: name.name.clone(),
            version: name.version.as_ref().map(|v| v.to_string()),
        }
    }

    pub fn display(&self) -> String {
        match &self.version {
            Some(version) => format!("{}:{}@{version}", self.namespace, self.name),
            None => format!("{}:{}", self.namespace, self.name),
        }
    }
}

pub struct Package {
    pub id: Option<PackageId>,
    /// The file and range of `package ns:name;`, where go-to-definition on
    /// a package name lands.
    pub decl: Option<(PathBuf, std::ops::Range<usize>)>,
    pub files: Vec<PathBuf>,
    /// Part of the workspace (else a dependency found through one).
    pub in_workspace: bool,
    /// Each foreign package name as written in it, and the package the
    /// check resolved it to, by index into [`Db::packages`].
    pub resolved: Vec<(PackageId, usize)>,
    /// References to rename to the semver-compatible newer version that
    /// satisfies them, as the check renames them for wit-parser.
    pub renames: HashMap<wit_parser::PackageName, wit_parser::PackageName>,
    /// A `package ns:name { … }` block inside the files of another package:
    /// its interfaces and worlds are the block's items, not the files'.
    pub block: bool,
}

impl Package {
    /// The packages its references resolve to, by index into
    /// [`Db::packages`].
    pub fn deps(&self) -> impl Iterator<Item = usize> + '_ {
        self.resolved.iter().map(|&(_, package)| package)
    }
}

#[derive(Default)]
pub struct Db {
    pub files: BTreeMap<PathBuf, FileData>,
    pub packages: Vec<Package>,
    /// The workspace's parses, which a keystroke's re-parse goes through
    /// too, so that the check of the same text reuses it (or this reuses
    /// the check's).
    parses: Arc<Parses>,
}

impl Db {
    /// The packages of the workspace's own package graph, so that every
    /// feature resolves a reference where the check resolved it.
    pub fn build(workspace: &Workspace, previous: Db) -> Db {
        let mut old: HashMap<PathBuf, FileData> = previous.files.into_iter().collect();
        let mut db = Db {
            parses: Arc::clone(workspace.parses()),
            ..Db::default()
        };
        let graph = workspace.package_graph();
        // The packages each graph entry became: its own and its blocks'.
        let mut made: Vec<std::ops::Range<usize>> = Vec::with_capacity(graph.len());
        for member in &graph {
            let start = db.packages.len();
            if !matches!(member.location, Location::Encoded(_)) {
                db.add_package(
                    workspace,
                    member.files.clone(),
                    member.in_workspace,
                    &mut old,
                );
            }
            made.push(start..db.packages.len());
        }
        for (member, own) in graph.iter().zip(&made) {
            let resolved: Vec<(PackageId, usize)> = (member.references.iter())
                .filter_map(|reference| {
                    let provided = PackageId::from_name(&reference.provided);
                    let mut candidates = made[reference.target].clone();
                    let found = candidates
                        .clone()
                        .find(|&p| db.packages[p].id.as_ref() == Some(&provided))
                        .or_else(|| candidates.next())?;
                    Some((PackageId::from_name(&reference.requested), found))
                })
                .collect();
            let renames: HashMap<_, _> = (member.references.iter())
                .filter(|r| r.requested != r.provided)
                .map(|r| (r.requested.clone(), r.provided.clone()))
                .collect();
            for index in own.clone() {
                let package = &mut db.packages[index];
                package.resolved = resolved.clone();
                package.renames = renames.clone();
            }
        }
        db
    }

    fn add_package(
        &mut self,
        workspace: &Workspace,
        files: Vec<PathBuf>,
        in_workspace: bool,
        old: &mut HashMap<PathBuf, FileData>,
    ) {
        let index = self.packages.len();
        let mut package = Package {
            id: None,
            decl: None,
            files: Vec::new(),
            in_workspace,
            resolved: Vec::new(),
            renames: HashMap::new(),
            block: false,
        };
        let mut blocks: Vec<Package> = Vec::new();
        for path in files {
            let Some(text) = workspace.text(&path) else {
                continue;
            };
            let parse = match old.remove(&path) {
                Some(data) if data.text == text => data.parse,
                _ => self.parses.of(&path, &text),
            };
            if let Some(decl) = parse.tree().package_decl()
                && package.decl.is_none()
            {
                package.id = decl.package_name().as_ref().and_then(PackageId::from_ast);
                package.decl = Some((path.clone(), decl.range()));
            }
            package.files.push(path.clone());
            add_blocks(&mut blocks, &path, &parse.tree(), in_workspace);
            self.files.insert(
                path,
                FileData {
                    text,
                    parse,
                    package: index,
                },
            );
        }
        self.packages.push(package);
        self.packages.extend(blocks);
    }

    /// Re-parses one known file in place: what a keystroke needs, without
    /// asking the workspace for its packages again. `false` when the file is
    /// not known or its package declaration changed, which needs a rebuild.
    pub fn update_file(&mut self, path: &Path, text: Arc<str>) -> bool {
        let Some(file) = self.files.get_mut(path) else {
            return false;
        };
        let parse = self.parses.of(path, &text);
        // The packages a file declares, its own and its blocks': a change
        // there regroups files into packages.
        let declared = |parse: &syntax::Parse| {
            let tree = parse.tree();
            let own = tree.package_decl().map(|d| d.syntax().text().to_string());
            let blocks: Vec<PackageId> = blocks_of(&tree).map(|(_, id)| id).collect();
            (own, blocks)
        };
        if declared(&parse) != declared(&file.parse) {
            return false;
        }
        file.text = text;
        // The old tree of a large file is many small nodes to free.
        crate::drop_later::drop_later(std::mem::replace(&mut file.parse, parse));
        // Declarations' ranges move with the text above them.
        let tree = file.parse.tree();
        let package = &mut self.packages[file.package];
        if let Some((decl_path, range)) = &mut package.decl
            && decl_path == path
            && let Some(decl) = tree.package_decl()
        {
            *range = decl.range();
        }
        let mut seen = Vec::new();
        for (block, id) in blocks_of(&tree) {
            // A repeated block is an error; its first one stays the declaration.
            if seen.contains(&id) {
                continue;
            }
            seen.push(id.clone());
            let declared_here = self.packages.iter_mut().find(|p| {
                p.block
                    && p.id.as_ref() == Some(&id)
                    && p.decl
                        .as_ref()
                        .is_some_and(|(decl_path, _)| decl_path == path)
            });
            if let Some((_, range)) = declared_here.and_then(|p| p.decl.as_mut()) {
                *range = block.range();
            }
        }
        true
    }

    pub fn file(&self, path: &Path) -> Option<&FileData> {
        self.files.get(path)
    }

    /// The files an answer about `path` may read: those of its packages
    /// (its own and its blocks') and of every package they reach. `None`
    /// when the file is not known, so nothing can be left out.
    pub fn files_read_from(&self, path: &Path) -> Option<HashSet<&Path>> {
        let mut todo: Vec<usize> = (self.packages.iter().enumerate())
            .filter(|(_, p)| p.files.iter().any(|f| f == path))
            .map(|(i, _)| i)
            .collect();
        if todo.is_empty() {
            return None;
        }
        let mut seen: HashSet<usize> = todo.iter().copied().collect();
        while let Some(package) = todo.pop() {
            for dep in self.packages[package].deps() {
                if seen.insert(dep) {
                    todo.push(dep);
                }
            }
        }
        Some(
            (seen.into_iter())
                .flat_map(|p| self.packages[p].files.iter().map(PathBuf::as_path))
                .collect(),
        )
    }

    /// The package a file declares with `package ns:name;`. Items inside a
    /// `package … { … }` block belong to the block: see [`Db::package_at`].
    pub fn package_of(&self, path: &Path) -> Option<&Package> {
        self.files.get(path).map(|f| &self.packages[f.package])
    }

    /// The package `node` of `path` belongs to: the innermost `package … { … }`
    /// block around it, else the file's package.
    pub fn package_at(&self, path: &Path, node: &SyntaxNode) -> Option<&Package> {
        let Some(block) = node.ancestors().find_map(ast::NestedPackage::cast) else {
            return self.package_of(path);
        };
        let id = block
            .package_name()
            .as_ref()
            .and_then(PackageId::from_ast)?;
        self.packages
            .iter()
            .find(|p| p.block && p.id.as_ref() == Some(&id) && p.files.iter().any(|f| f == path))
    }

    /// [`Db::package_at`] for the token at a byte offset.
    pub fn package_at_offset(&self, path: &Path, offset: usize) -> Option<&Package> {
        let root = self.file(path)?.parse.syntax();
        let offset = rowan::TextSize::try_from(offset)
            .ok()?
            .min(root.text_range().end());
        match root.token_at_offset(offset).left_biased() {
            Some(token) => self.package_at(path, &token.parent()?),
            None => self.package_of(path),
        }
    }

    /// The nodes whose children are the package's interfaces and worlds: each
    /// file's root, or for a block, its `{ … }` in each file declaring it.
    pub fn scopes<'a>(&'a self, package: &'a Package) -> Vec<(&'a Path, SyntaxNode)> {
        let mut scopes = Vec::new();
        for (path, file) in self.files_of(package) {
            if !package.block {
                scopes.push((path, file.parse.syntax()));
                continue;
            }
            for (block, id) in blocks_of(&file.tree()) {
                if package.id.as_ref() == Some(&id)
                    && let Some(body) = block.syntax().children().find(|n| n.kind() == PACKAGE_BODY)
                {
                    scopes.push((path, body));
                }
            }
        }
        scopes
    }

    /// The `ns:name@version` of a package's declaration, where go-to-definition
    /// on the package's name lands.
    pub fn decl_name(&self, package: &Package) -> Option<ast::PackageName> {
        let (decl_path, decl_range) = package.decl.as_ref()?;
        let tree = self.file(decl_path)?.tree();
        if !package.block {
            return tree.package_decl()?.package_name();
        }
        let (block, _) = blocks_of(&tree).find(|(block, _)| &block.range() == decl_range)?;
        block.package_name()
    }

    /// The package that `namespace:name@version`, written in `from`, resolves
    /// to: where the check resolved it, else [`Db::find_package`].
    pub fn find_package_from(
        &self,
        from: Option<&Package>,
        namespace: &str,
        name: &str,
        version: Option<&str>,
    ) -> Option<&Package> {
        let resolved = from.into_iter().flat_map(|p| &p.resolved);
        let same = |id: &PackageId| {
            id.namespace == namespace && id.name == name && id.version.as_deref() == version
        };
        match resolved.into_iter().find(|(id, _)| same(id)) {
            Some((_, index)) => Some(&self.packages[*index]),
            None => self.find_package(namespace, name, version),
        }
    }

    /// The package named `namespace:name`, preferring the exact version,
    /// then the newest semver-compatible one, then a workspace package.
    pub fn find_package(
        &self,
        namespace: &str,
        name: &str,
        version: Option<&str>,
    ) -> Option<&Package> {
        let wanted = version.and_then(|v| semver::Version::parse(v).ok());
        let candidates = self.packages.iter().filter(|p| {
            p.id.as_ref()
                .is_some_and(|id| id.namespace == namespace && id.name == name)
        });
        candidates.max_by_key(|p| {
            let found = p.id.as_ref().and_then(|id| id.version.as_deref());
            let exact = found == version;
            let found = found.and_then(|v| semver::Version::parse(v).ok());
            let compatible = match (&wanted, &found) {
                (Some(wanted), Some(found)) => is_compatible_version(wanted, found),
                _ => false,
            };
            (exact, compatible.then(|| found.clone()), p.in_workspace)
        })
    }

    pub fn files_of<'a>(
        &'a self,
        package: &'a Package,
    ) -> impl Iterator<Item = (&'a Path, &'a FileData)> + 'a {
        package
            .files
            .iter()
            .filter_map(|path| Some((path.as_path(), self.files.get(path)?)))
    }
}

/// The `package ns:name { … }` blocks of a file, with their names.
fn blocks_of(
    tree: &ast::SourceFile,
) -> impl Iterator<Item = (ast::NestedPackage, PackageId)> + use<> {
    tree.items().filter_map(|item| match item {
        ast::Item::Package(block) => {
            let id = block
                .package_name()
                .as_ref()
                .and_then(PackageId::from_ast)?;
            Some((block, id))
        }
        _ => None,
    })
}

/// Adds each block of `tree` to `blocks`, one package per name: a block
/// name repeated in several files of a package is one package.
fn add_blocks(blocks: &mut Vec<Package>, path: &Path, tree: &ast::SourceFile, in_workspace: bool) {
    for (block, id) in blocks_of(tree) {
        match blocks.iter_mut().find(|p| p.id.as_ref() == Some(&id)) {
            Some(package) if package.files.iter().any(|f| f == path) => {}
            Some(package) => package.files.push(path.to_path_buf()),
            None => blocks.push(Package {
                id: Some(id),
                decl: Some((path.to_path_buf(), block.range())),
                files: vec![path.to_path_buf()],
                in_workspace,
                resolved: Vec::new(),
                renames: HashMap::new(),
                block: true,
            }),
        }
    }
}
