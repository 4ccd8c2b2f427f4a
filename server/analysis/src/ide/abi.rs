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
        for dep in db.packages[index].deps() {
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

/// Flat parameters are counted up to here.
const MAX_COUNTED_FLAT: usize = 1024;

/// What the Canonical ABI makes of one definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Abi {
    /// A type's layout in wasm32 linear memory.
    Layout { size: usize, align: usize },
    /// A resource: its values are `i32` handles.
    Handle,
    /// A function, lowered as an import: how many flat values its
    /// parameters are (counted past the limit), whether they spill to
    /// memory (more than `MAX_FLAT_PARAMS`), and its flat results, `None`
    /// when they are returned through a pointer.
    Function {
        flat_params: usize,
        spills: bool,
        results: Option<usize>,
    },
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
    let name = node.children().find_map(ast::Name::cast)?.text();
    let abi = abi_of_all(db, cache, checked, path, std::slice::from_ref(node))
        .pop()
        .flatten()?;
    Some(match abi {
        Abi::Function {
            flat_params,
            spills,
            results,
        } => {
            let params = match (!spills).then_some(flat_params) {
                None => format!(
                    "more than {} flat values: passed in memory through a pointer",
                    Resolve::MAX_FLAT_PARAMS
                ),
                Some(count) => format!("{count} flat value(s)"),
            };
            let results = match results {
                None => format!(
                    "more than {} flat value: returned in memory through a pointer",
                    Resolve::MAX_FLAT_RESULTS
                ),
                Some(count) => format!("{count} flat value(s)"),
            };
            format!("Canonical ABI (as an import): parameters {params}; results {results}")
        }
        // A resource has no layout of its own; values of it are handles.
        Abi::Handle => format!(
            "Canonical ABI (wasm32): `own<{name}>` and `borrow<{name}>` are handles, one i32: size 4 bytes, alignment 4"
        ),
        Abi::Layout { size, align } => {
            format!("Canonical ABI (wasm32): size {size} bytes, alignment {align}")
        }
    })
}

/// The ABI of each definition in `nodes` (all in `path`), `None` where it
/// has none or its package does not resolve. Layouts are computed once per
/// `Resolve`, not once per node.
pub(super) fn abi_of_all(
    db: &Db,
    cache: &Cache,
    checked: &[Arc<CheckedResolve>],
    path: &Path,
    nodes: &[SyntaxNode],
) -> Vec<Option<Abi>> {
    let mut layouts: Vec<(*const Resolve, Option<SizeAlign>)> = Vec::new();
    nodes
        .iter()
        .map(|node| abi_of(db, cache, checked, path, node, &mut layouts))
        .collect()
}

fn abi_of(
    db: &Db,
    cache: &Cache,
    checked: &[Arc<CheckedResolve>],
    path: &Path,
    node: &SyntaxNode,
    layouts: &mut Vec<(*const Resolve, Option<SizeAlign>)>,
) -> Option<Abi> {
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
        // The signature stops counting at the limit; count on, so that a
        // hint can say how far past it a function goes.
        let mut storage = vec![wit_parser::abi::WasmType::I32; MAX_COUNTED_FLAT];
        let mut flat = wit_parser::abi::FlatTypes::new(&mut storage);
        for param in &function.params {
            if !resolve.push_flat(&param.ty, &mut flat) {
                break;
            }
        }
        return Some(Abi::Function {
            flat_params: flat.to_vec().len(),
            spills: signature.indirect_params,
            results: (!signature.retptr).then_some(signature.results.len()),
        });
    }
    if node.kind() == RESOURCE {
        return Some(Abi::Handle);
    }
    let id = *interface.types.get(&name)?;
    let key: *const Resolve = resolve;
    let at = match layouts.iter().position(|(r, _)| *r == key) {
        Some(at) => at,
        None => {
            let mut sizes = SizeAlign::default();
            // A layout too large to compute (a huge fixed-size list) has no facts to show.
            let filled = sizes.fill(resolve).ok().map(|()| sizes);
            layouts.push((key, filled));
            layouts.len() - 1
        }
    };
    let sizes = layouts[at].1.as_ref()?;
    let ty = wit_parser::Type::Id(id);
    Some(Abi::Layout {
        size: sizes.size(&ty).size_wasm32(),
        align: sizes.align(&ty).align_wasm32(),
    })
}
