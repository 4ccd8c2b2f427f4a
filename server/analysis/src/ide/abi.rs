//! Canonical ABI facts for hover, which no other WIT tool shows: a type's
//! size and alignment in linear memory, and how many flat core-wasm values
//! a function's parameters and results lower to, and whether they spill to
//! memory. Computed by wit-parser (`SizeAlign`, `wasm_signature`) on the
//! package resolved from the texts the editor has, so only for packages
//! that resolve without errors.

use std::{
    path::Path,
    sync::{Arc, Mutex},
};

use syntax::{
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode},
};
use wit_parser::{Resolve, SizeAlign, abi::AbiVariant};

use super::db::Db;
use crate::workspace::{CheckedResolve, rename_foreign_deps};

/// The last package resolved, kept while none of its files' texts change:
/// hovering around one file resolves once.
#[derive(Default)]
pub struct Cache(Mutex<Option<CachedResolve>>);

type ResolvedPackage = (Resolve, wit_parser::PackageId);

impl Cache {
    #[cfg(test)]
    pub fn is_filled(&self) -> bool {
        self.0.lock().is_ok_and(|cached| cached.is_some())
    }
}

/// The texts a resolve was made from, and the resolve.
type CachedResolve = (Vec<Arc<str>>, Arc<ResolvedPackage>);

/// Package `index` and its dependencies, dependencies first, one package
/// per name: wit-parser takes each name once.
fn load_order(db: &Db, index: usize) -> Vec<usize> {
    fn visit(db: &Db, index: usize, out: &mut Vec<usize>, depth: usize) {
        let id = &db.packages[index].id;
        let named_already = |&p: &usize| id.is_some() && &db.packages[p].id == id;
        if out.contains(&index) || out.iter().any(named_already) || depth > 64 {
            return;
        }
        for &dep in &db.packages[index].deps {
            visit(db, dep, out, depth + 1);
        }
        out.push(index);
    }
    let mut out = Vec::new();
    visit(db, index, &mut out, 0);
    out
}

fn resolve(db: &Db, cache: &Cache, index: usize) -> Option<Arc<ResolvedPackage>> {
    let packages = load_order(db, index);
    let texts: Vec<Arc<str>> = packages
        .iter()
        .flat_map(|&p| {
            db.files_of(&db.packages[p])
                .map(|(_, file)| file.text.clone())
        })
        .collect();
    let mut cached = cache
        .0
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((key, resolved)) = cached.as_ref()
        && key.len() == texts.len()
        && key.iter().zip(&texts).all(|(a, b)| Arc::ptr_eq(a, b))
    {
        return Some(resolved.clone());
    }
    let mut resolve = Resolve::new();
    let mut last = None;
    for package in packages {
        let mut sources = wit_parser::SourceMap::new();
        for (path, file) in db.files_of(&db.packages[package]) {
            sources.push(path, file.text.to_string());
        }
        let group = sources.parse().ok()?;
        let group = rename_foreign_deps(group, &db.packages[package].renames);
        last = Some(resolve.push_group(group).ok()?);
    }
    let resolved = Arc::new((resolve, last?));
    *cached = Some((texts, resolved.clone()));
    Some(resolved)
}

/// The ABI section of a hover over the definition `node` in `path`, from
/// the check's own `Resolve` when it was made from the texts shown, else
/// from a `Resolve` of the package made here.
pub(super) fn facts(
    db: &Db,
    cache: &Cache,
    checked: &[Arc<CheckedResolve>],
    path: &Path,
    node: &SyntaxNode,
) -> Option<String> {
    let interface = node.ancestors().find_map(ast::Interface::cast)?;
    let interface_name = interface.name()?.text();
    let owner = db.package_at(path, node)?;
    // A `package … { … }` block is resolved with the files around it.
    let texts: Vec<Arc<str>> = (db.files_of(db.package_of(path)?))
        .map(|(_, file)| file.text.clone())
        .collect();
    let from_check = owner.id.as_ref().and_then(|id| {
        checked.iter().find_map(|checked| {
            let version = id.version.as_deref();
            let package = checked.package(&id.namespace, &id.name, version, &texts)?;
            Some((checked, package))
        })
    });
    let made_here;
    let (resolve, package) = match from_check {
        Some((checked, package)) => (&checked.resolve, package),
        None => {
            made_here = resolve(db, cache, db.file(path)?.package)?;
            let (resolve, main) = &*made_here;
            let package = match &owner.id {
                Some(id) if owner.block => {
                    resolve.package_names.iter().find_map(|(name, &p)| {
                        let same = name.namespace == id.namespace
                            && name.name == id.name
                            && name.version.as_ref().map(|v| v.to_string()) == id.version;
                        same.then_some(p)
                    })?
                }
                _ => *main,
            };
            (resolve, package)
        }
    };
    let interface = resolve.packages[package]
        .interfaces
        .get(&interface_name)
        .copied()?;
    let interface = &resolve.interfaces[interface];
    let name = node.children().find_map(ast::Name::cast)?.text();
    if node.kind() == FUNC {
        let function_name = match node
            .ancestors()
            .find_map(ast::Resource::cast)
            .and_then(|r| r.name())
        {
            Some(resource) if ast::Func::cast(node.clone())?.is_static() => {
                format!("[static]{}.{name}", resource.text())
            }
            Some(resource) => format!("[method]{}.{name}", resource.text()),
            None => name,
        };
        let function = interface.functions.get(&function_name)?;
        let signature = resolve.wasm_signature(AbiVariant::GuestImport, function);
        let params = if signature.indirect_params {
            format!(
                "more than {} flat values: passed in memory through a pointer",
                Resolve::MAX_FLAT_PARAMS
            )
        } else {
            format!(
                "{} flat value(s)",
                signature.params.len() - usize::from(signature.retptr)
            )
        };
        let results = if signature.retptr {
            format!(
                "more than {} flat value: returned in memory through a pointer",
                Resolve::MAX_FLAT_RESULTS
            )
        } else {
            format!("{} flat value(s)", signature.results.len())
        };
        return Some(format!(
            "Canonical ABI (as an import): parameters {params}; results {results}"
        ));
    }
    if node.kind() == RESOURCE {
        // A resource has no layout of its own; values of it are handles.
        return Some(format!(
            "Canonical ABI (wasm32): `own<{name}>` and `borrow<{name}>` are handles, one i32: size 4 bytes, alignment 4"
        ));
    }
    let id = *interface.types.get(&name)?;
    let mut sizes = SizeAlign::default();
    // A layout too large to compute (a huge fixed-size list) has no facts to show.
    sizes.fill(resolve).ok()?;
    let ty = wit_parser::Type::Id(id);
    Some(format!(
        "Canonical ABI (wasm32): size {} bytes, alignment {}",
        sizes.size(&ty).size_wasm32(),
        sizes.align(&ty).align_wasm32()
    ))
}
