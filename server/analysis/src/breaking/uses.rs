//! Who uses a type: the functions and types that reach it, directly or
//! through other types. A changed type is reported once, at its definition,
//! with these uses attached as related locations.

use std::{
    cell::OnceCell,
    collections::{HashMap, HashSet},
};

use wit_parser::{Function, Resolve, Span, Type, TypeDefKind, TypeId, TypeOwner};

use super::{change::Location, view::qualified_type_name};

/// A use of a type, before it is located: a function or a named type.
#[derive(Clone, Copy)]
enum User<'a> {
    Type(TypeId),
    Function(&'a Function, &'a str),
}

pub struct UseIndex {
    /// For each named type, the named types and functions that mention it
    /// directly (through anonymous types such as `list<T>` included).
    direct: HashMap<TypeId, Vec<(String, Span, Option<TypeId>)>>,
}

/// Uses are related locations, not a report of their own: a handful says
/// enough, hundreds would bury the message.
const MAX_USES: usize = 20;

impl UseIndex {
    pub fn new(resolve: &Resolve) -> Self {
        let mut direct: HashMap<TypeId, Vec<_>> = HashMap::new();
        let mut add = |user: User<'_>, mentioned: Vec<TypeId>| {
            for target in mentioned {
                let entry = match user {
                    User::Type(id) => {
                        let label = qualified_type_name(resolve, id).unwrap_or_default();
                        (label, resolve.types[id].span, Some(id))
                    }
                    User::Function(f, owner) => (format!("{owner}.{}", f.name), f.span, None),
                };
                direct.entry(target).or_default().push(entry);
            }
        };
        for (id, def) in resolve.types.iter() {
            if def.name.is_some() && def.owner != TypeOwner::None {
                add(User::Type(id), mentioned_in_kind(resolve, &def.kind));
            }
        }
        for (id, iface) in resolve.interfaces.iter() {
            let owner = resolve
                .id_of(id)
                .unwrap_or_else(|| iface.name.clone().unwrap_or_default());
            let owner = owner.split('@').next().unwrap_or_default().to_string();
            for f in iface.functions.values() {
                add(User::Function(f, &owner), mentioned_in_function(resolve, f));
            }
        }
        for (_, world) in resolve.worlds.iter() {
            for item in world.imports.values().chain(world.exports.values()) {
                if let wit_parser::WorldItem::Function(f) = item {
                    add(
                        User::Function(f, &world.name),
                        mentioned_in_function(resolve, f),
                    );
                }
            }
        }
        UseIndex { direct }
    }

    /// The functions and types that reach `root`, transitively, as
    /// `(label, span)`; a `use` alias passes the walk on without being a use.
    fn uses_of(&self, resolve: &Resolve, root: TypeId, limit: usize) -> Vec<(&str, Span)> {
        let mut seen = HashSet::from([root]);
        let mut queue = vec![root];
        let mut out = Vec::new();
        while let Some(id) = queue.pop() {
            if out.len() >= limit {
                break;
            }
            for (label, span, user_type) in self.direct.get(&id).into_iter().flatten() {
                if let Some(user) = user_type {
                    if !seen.insert(*user) {
                        continue;
                    }
                    queue.push(*user);
                    if is_use_alias(resolve, *user) {
                        continue;
                    }
                }
                out.push((label.as_str(), *span));
            }
        }
        out
    }
}

/// The uses of named types across every resolved package of the current
/// workspace, so that a change in one package lists its uses in the
/// packages that depend on it.
pub struct Uses<'a> {
    resolves: Vec<&'a Resolve>,
    /// Built on the first question: most edits change no type.
    built: OnceCell<Built>,
}

struct Built {
    /// One per resolve, in the same order.
    indexes: Vec<UseIndex>,
    /// Each named type's qualified name, to its ids in those resolves.
    by_name: HashMap<String, Vec<(usize, TypeId)>>,
}

impl<'a> Uses<'a> {
    pub fn new(resolves: impl IntoIterator<Item = &'a Resolve>) -> Self {
        let mut unique: Vec<&Resolve> = Vec::new();
        for resolve in resolves {
            if !unique.iter().any(|r| std::ptr::eq(*r, resolve)) {
                unique.push(resolve);
            }
        }
        Uses {
            resolves: unique,
            built: OnceCell::new(),
        }
    }

    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            let indexes: Vec<UseIndex> = self.resolves.iter().map(|r| UseIndex::new(r)).collect();
            let mut by_name: HashMap<String, Vec<(usize, TypeId)>> = HashMap::new();
            for (i, resolve) in self.resolves.iter().enumerate() {
                for (id, _) in resolve.types.iter() {
                    if let Some(name) = qualified_type_name(resolve, id) {
                        by_name.entry(name).or_default().push((i, id));
                    }
                }
            }
            Built { indexes, by_name }
        })
    }

    /// Where the type named `name` (see [`qualified_type_name`]) is used.
    pub fn of(&self, name: &str) -> Vec<(String, Location)> {
        let built = self.built();
        let mut out: Vec<(String, Location)> = Vec::new();
        for &(i, root) in built.by_name.get(name).into_iter().flatten() {
            let (resolve, index) = (self.resolves[i], &built.indexes[i]);
            for (label, span) in index.uses_of(resolve, root, MAX_USES) {
                let label = format!("uses it: `{label}`");
                // A function that takes the type twice is one use, and a
                // package resolved within its dependents is seen again.
                if out.len() >= MAX_USES || out.iter().any(|(l, _)| *l == label) {
                    continue;
                }
                if let Some(loc) = resolve.source_map.resolve_span(span) {
                    out.push((
                        label,
                        Location {
                            path: loc.path.into(),
                            range: loc.range,
                        },
                    ));
                }
            }
        }
        out.sort_by(|a, b| (&a.1.path, a.1.range.start).cmp(&(&b.1.path, b.1.range.start)));
        out
    }
}

fn is_use_alias(resolve: &Resolve, id: TypeId) -> bool {
    matches!(resolve.types[id].kind, TypeDefKind::Type(Type::Id(t)) if resolve.types[t].name.is_some())
}

fn mentioned_in_function(resolve: &Resolve, f: &Function) -> Vec<TypeId> {
    let mut out = Vec::new();
    for ty in f.params.iter().map(|p| &p.ty).chain(f.result.as_ref()) {
        mentioned_in_type(resolve, ty, &mut out);
    }
    out
}

fn mentioned_in_kind(resolve: &Resolve, kind: &TypeDefKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut push = |t: &Type| mentioned_in_type(resolve, t, &mut out);
    match kind {
        TypeDefKind::Record(r) => r.fields.iter().for_each(|f| push(&f.ty)),
        TypeDefKind::Variant(v) => v.cases.iter().filter_map(|c| c.ty.as_ref()).for_each(push),
        TypeDefKind::Tuple(t) => t.types.iter().for_each(push),
        TypeDefKind::Option(t) | TypeDefKind::List(t) | TypeDefKind::Type(t) => push(t),
        TypeDefKind::FixedLengthList(t, _) => push(t),
        TypeDefKind::Map(k, v) => {
            push(k);
            push(v);
        }
        TypeDefKind::Result(r) => r.ok.iter().chain(r.err.iter()).for_each(push),
        TypeDefKind::Future(t) | TypeDefKind::Stream(t) => t.iter().for_each(push),
        TypeDefKind::Handle(wit_parser::Handle::Own(r) | wit_parser::Handle::Borrow(r)) => {
            push(&Type::Id(*r))
        }
        TypeDefKind::Resource
        | TypeDefKind::Flags(_)
        | TypeDefKind::Enum(_)
        | TypeDefKind::Unknown => {}
    }
    out
}

/// The named types `ty` mentions, looking inside anonymous types.
pub(super) fn mentioned_in_type(resolve: &Resolve, ty: &Type, out: &mut Vec<TypeId>) {
    let Type::Id(id) = ty else { return };
    let def = &resolve.types[*id];
    if def.name.is_some() {
        out.push(*id);
    } else {
        out.extend(mentioned_in_kind(resolve, &def.kind));
    }
}
