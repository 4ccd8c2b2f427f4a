//! Worlds are contracts with two sides: hosts provide the imports, and
//! components provide the exports that their consumers call. Each change
//! says which side it breaks.

use wit_parser::{Resolve, World, WorldItem, WorldKey};

use super::{
    change::ChangeKind,
    compare::{Differ, Pending},
    keyed::by_name,
};

pub(super) fn compare_worlds(d: &mut Differ<'_>, prefix: &str) {
    let old_worlds: Vec<(String, &World)> = d
        .old
        .worlds()
        .filter(|(_, w)| d.included(&w.stability))
        .map(|(n, w)| (n.to_string(), w))
        .collect();
    let new_worlds: Vec<(String, &World)> = d
        .new
        .worlds()
        .filter(|(_, w)| d.included(&w.stability))
        .map(|(n, w)| (n.to_string(), w))
        .collect();
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    for (name, o, n) in by_name(
        old_worlds.iter().map(|(n, w)| (n, *w)),
        new_worlds.iter().map(|(n, w)| (n, *w)),
    ) {
        let path = format!("{prefix}/{name}");
        match (o, n) {
            (Some(o), Some(n)) => {
                d.since(&path, &o.stability, &n.stability, o.span, n.span);
                world(d, &path, o, n);
            }
            (Some(o), None) => {
                let c = d
                    .change(ChangeKind::WorldRemoved, &path)
                    .with_message(format!("world `{path}` was removed"))
                    .with_stability(&o.stability)
                    .with_locations(d.old.locate(o.span), d.new.anchor());
                removed.push(d.pending(c, name, world_shape(d.old.resolve, o)));
            }
            (None, Some(n)) => {
                let c = d
                    .change(ChangeKind::WorldAdded, &path)
                    .with_message(format!("world `{path}` was added"))
                    .with_stability(&n.stability)
                    .with_locations(None, d.new.locate(n.span));
                added.push(d.pending(c, name, world_shape(d.new.resolve, n)));
            }
            (None, None) => {}
        }
    }
    d.settle(removed, added);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Import,
    Export,
}

fn world(d: &mut Differ<'_>, path: &str, old: &World, new: &World) {
    items(d, path, Side::Import, old, new);
    items(d, path, Side::Export, old, new);
}

fn items(d: &mut Differ<'_>, path: &str, side: Side, old_world: &World, new_world: &World) {
    let (old_res, new_res) = (d.old.resolve, d.new.resolve);
    let pick = |w: &World| match side {
        Side::Import => w.imports.clone(),
        Side::Export => w.exports.clone(),
    };
    let named = |resolve: &Resolve,
                 map: wit_parser::IndexMap<WorldKey, WorldItem>|
     -> Vec<(String, WorldItem)> {
        map.into_iter()
            .filter(|(_, item)| d.included(item.stability(resolve)))
            // A world's types are compared as part of its interfaces'
            // and functions' signatures.
            .map(|(key, item)| (key_name(resolve, &key), item))
            .collect()
    };
    let old = named(old_res, pick(old_world));
    let new = named(new_res, pick(new_world));
    let (mut removed, mut added): (Vec<Pending>, Vec<Pending>) = (Vec::new(), Vec::new());
    let word = if side == Side::Import {
        "import"
    } else {
        "export"
    };
    for (name, o, n) in by_name(
        old.iter().map(|(k, v)| (k, v)),
        new.iter().map(|(k, v)| (k, v)),
    ) {
        let item = format!("{path}/{word}/{name}");
        match (o, n) {
            (Some(o), Some(n)) => common(d, &item, o, n),
            (Some(o), None) => {
                let (kind, why) = match side {
                    Side::Import => (ChangeKind::ImportRemoved, "components that use it"),
                    Side::Export => (ChangeKind::ExportRemoved, "whoever calls it"),
                };
                let c = d
                    .change(kind, &item)
                    .with_message(format!(
                        "{word} `{name}` was removed from world `{path}`; this breaks {why}"
                    ))
                    .with_stability(o.stability(old_res))
                    .with_locations(
                        d.old
                            .locate(o.span())
                            .or_else(|| d.old.locate(old_world.span)),
                        d.new.locate(new_world.span),
                    );
                removed.push(d.pending(c, name, shape(d.old.resolve, o)));
            }
            (None, Some(n)) => {
                let (kind, why) = match side {
                    Side::Import => (ChangeKind::ImportAdded, "hosts must now provide it"),
                    Side::Export => (
                        ChangeKind::ExportAdded,
                        "compatible for hosts, but components must now implement it",
                    ),
                };
                let c = d
                    .change(kind, &item)
                    .with_message(format!(
                        "{word} `{name}` was added to world `{path}`; {why}"
                    ))
                    .with_stability(n.stability(new_res))
                    .with_locations(
                        None,
                        d.new
                            .locate(n.span())
                            .or_else(|| d.new.locate(new_world.span)),
                    );
                added.push(d.pending(c, name, shape(d.new.resolve, n)));
            }
            (None, None) => {}
        }
    }
    d.settle(removed, added);
}

/// An import or export present in both versions: an interface by
/// reference is compared where it is defined, so only inline interfaces,
/// functions and types are compared here.
fn common(d: &mut Differ<'_>, item: &str, old: &WorldItem, new: &WorldItem) {
    match (old, new) {
        (WorldItem::Function(o), WorldItem::Function(n)) => {
            let owner = item.rsplit_once('/').map_or(item, |(p, _)| p);
            d.function(owner, o, n);
        }
        (WorldItem::Interface { id: o, .. }, WorldItem::Interface { id: n, .. }) => {
            let (o, n) = (&d.old.resolve.interfaces[*o], &d.new.resolve.interfaces[*n]);
            if o.name.is_none() && n.name.is_none() {
                d.interface(item, o, n);
            }
        }
        (WorldItem::Type { id: o, .. }, WorldItem::Type { id: n, .. }) => d.type_def(item, *o, *n),
        _ => {
            let c = d
                .change(ChangeKind::TypeKindChanged, item)
                .with_message(format!(
                    "`{item}` changed what it is (interface, function or type)"
                ))
                .with_locations(d.old.locate(old.span()), d.new.locate(new.span()));
            d.out.push(c);
        }
    }
}

/// `wasi:io/streams` for an interface imported by reference (versions
/// dropped, so the key matches across releases), the plain name otherwise.
fn key_name(resolve: &Resolve, key: &WorldKey) -> String {
    match key {
        WorldKey::Name(name) => name.clone(),
        WorldKey::Interface(id) => {
            let iface = &resolve.interfaces[*id];
            let package = iface.package.map(|p| {
                let n = &resolve.packages[p].name;
                format!("{}:{}", n.namespace, n.name)
            });
            format!(
                "{}/{}",
                package.unwrap_or_default(),
                iface.name.as_deref().unwrap_or("")
            )
        }
    }
}

fn shape(resolve: &Resolve, item: &WorldItem) -> String {
    match item {
        WorldItem::Interface { id, .. } => match &resolve.interfaces[*id].name {
            Some(name) => format!("interface {name} {id:?}"),
            None => format!("inline interface {id:?}"),
        },
        WorldItem::Function(f) => format!("func {}", f.params.len()),
        WorldItem::Type { id, .. } => format!("type {id:?}"),
    }
}

fn world_shape(resolve: &Resolve, w: &World) -> String {
    let mut keys: Vec<String> = w.imports.keys().map(|k| key_name(resolve, k)).collect();
    keys.push("->".into());
    keys.extend(w.exports.keys().map(|k| key_name(resolve, k)));
    keys.join(",")
}
