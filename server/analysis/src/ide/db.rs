//! The syntax trees every IDE feature reads: each file of every workspace
//! package and of every dependency they resolve to, grouped by package.
//!
//! Parses are kept between builds and reused while a file's text is the
//! same, so a keystroke re-parses one file.

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
    sync::Arc,
};

use syntax::ast::{self, AstNode};

use crate::workspace::{Location, Workspace};

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
    /// The packages its references resolve to (known for workspace
    /// packages only), by index into [`Db::packages`].
    pub deps: Vec<usize>,
}

#[derive(Default)]
pub struct Db {
    pub files: BTreeMap<PathBuf, FileData>,
    pub packages: Vec<Package>,
}

impl Db {
    pub fn build(workspace: &Workspace, previous: Db) -> Db {
        let mut old: HashMap<PathBuf, FileData> = previous.files.into_iter().collect();
        let mut db = Db::default();
        let summaries = workspace.packages();
        let mut locations: Vec<(Location, bool)> = summaries
            .iter()
            .map(|p| (p.location.clone(), true))
            .collect();
        for summary in &summaries {
            for dep in summary
                .dependencies
                .iter()
                .filter_map(|d| d.resolved.as_ref())
            {
                locations.push((dep.location.clone(), false));
            }
        }
        let mut index_of: HashMap<Location, usize> = HashMap::new();
        for (location, in_workspace) in locations {
            if index_of.contains_key(&location) {
                continue;
            }
            let files = match &location {
                Location::Dir(dir) => wit_files(dir),
                Location::WitFile(file) => vec![file.clone()],
                Location::Encoded(_) => continue,
            };
            index_of.insert(location, db.packages.len());
            db.add_package(workspace, files, in_workspace, &mut old);
        }
        for summary in &summaries {
            let Some(&index) = index_of.get(&summary.location) else {
                continue;
            };
            let deps = summary
                .dependencies
                .iter()
                .filter_map(|d| index_of.get(&d.resolved.as_ref()?.location).copied());
            db.packages[index].deps = deps.collect();
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
            deps: Vec::new(),
        };
        for path in files {
            let Some(text) = workspace.text(&path) else {
                continue;
            };
            let parse = match old.remove(&path) {
                Some(data) if data.text == text => data.parse,
                _ => syntax::parse(&text),
            };
            if let Some(decl) = parse.tree().package_decl()
                && package.decl.is_none()
            {
                package.id = decl.package_name().as_ref().and_then(PackageId::from_ast);
                package.decl = Some((path.clone(), decl.range()));
            }
            package.files.push(path.clone());
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
    }

    /// Re-parses one known file in place: what a keystroke needs, without
    /// asking the workspace for its packages again. `false` when the file is
    /// not known or its package declaration changed, which needs a rebuild.
    pub fn update_file(&mut self, path: &Path, text: Arc<str>) -> bool {
        let Some(file) = self.files.get_mut(path) else {
            return false;
        };
        let parse = syntax::parse(&text);
        let declared = |parse: &syntax::Parse| {
            parse
                .tree()
                .package_decl()
                .map(|d| d.syntax().text().to_string())
        };
        if declared(&parse) != declared(&file.parse) {
            return false;
        }
        file.text = text;
        file.parse = parse;
        // The declaration's range moves with the text above it.
        let package = &mut self.packages[file.package];
        if let Some((decl_path, range)) = &mut package.decl
            && decl_path == path
            && let Some(decl) = file.parse.tree().package_decl()
        {
            *range = decl.range();
        }
        true
    }

    pub fn file(&self, path: &Path) -> Option<&FileData> {
        self.files.get(path)
    }

    pub fn package_of(&self, path: &Path) -> Option<&Package> {
        self.files.get(path).map(|f| &self.packages[f.package])
    }

    /// The package named `namespace:name`, preferring the exact version
    /// and then a workspace package.
    pub fn find_package(
        &self,
        namespace: &str,
        name: &str,
        version: Option<&str>,
    ) -> Option<&Package> {
        let candidates = self.packages.iter().filter(|p| {
            p.id.as_ref()
                .is_some_and(|id| id.namespace == namespace && id.name == name)
        });
        candidates.max_by_key(|p| {
            let exact = p.id.as_ref().and_then(|id| id.version.as_deref()) == version;
            (exact, p.in_workspace)
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

fn wit_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wit"))
        .collect();
    files.sort();
    files
}
