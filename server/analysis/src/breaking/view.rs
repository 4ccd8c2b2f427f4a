//! One side of a comparison: a package inside a healthy, resolved
//! `wit_parser::Resolve`, and the names and places of its items.

use std::path::PathBuf;

use semver::Version;
use wit_parser::{
    Handle, Interface, InterfaceId, PackageId, Resolve, Span, Stability, Type, TypeDefKind, TypeId,
    TypeOwner, World,
};

use super::change::{self, Location};

#[derive(Clone, Copy)]
pub struct PackageView<'a> {
    pub resolve: &'a Resolve,
    pub id: PackageId,
}

impl<'a> PackageView<'a> {
    pub fn new(resolve: &'a Resolve, id: PackageId) -> Self {
        PackageView { resolve, id }
    }

    /// `namespace:name`, the key packages are matched by.
    pub fn key(&self) -> String {
        let name = &self.resolve.packages[self.id].name;
        format!("{}:{}", name.namespace, name.name)
    }

    pub fn version(&self) -> Option<&'a Version> {
        self.resolve.packages[self.id].name.version.as_ref()
    }

    /// `namespace:name@version`, for messages.
    pub fn display_name(&self) -> String {
        self.resolve.packages[self.id].name.to_string()
    }

    pub fn interface(&self, name: &str) -> Option<(InterfaceId, &'a Interface)> {
        let id = *self.resolve.packages[self.id].interfaces.get(name)?;
        Some((id, &self.resolve.interfaces[id]))
    }

    pub fn worlds(&self) -> impl Iterator<Item = (&'a str, &'a World)> + 'a {
        let resolve = self.resolve;
        resolve.packages[self.id]
            .worlds
            .iter()
            .map(move |(name, id)| (name.as_str(), &resolve.worlds[*id]))
    }

    pub fn locate(&self, span: Span) -> Option<Location> {
        let loc = self.resolve.source_map.resolve_span(span)?;
        Some(Location {
            path: PathBuf::from(loc.path),
            range: loc.range,
        })
    }

    /// Somewhere to point at when the package as a whole is meant: its
    /// first interface or world.
    pub fn anchor(&self) -> Option<Location> {
        let pkg = &self.resolve.packages[self.id];
        let interfaces = pkg
            .interfaces
            .values()
            .map(|id| self.resolve.interfaces[*id].span);
        let worlds = pkg.worlds.values().map(|id| self.resolve.worlds[*id].span);
        interfaces.chain(worlds).find_map(|span| self.locate(span))
    }

    /// The name a use of `ty` is known by across versions: the package
    /// without its version, the owner and the type's name. `None` for
    /// anonymous types, which are compared structurally instead.
    pub fn type_path(&self, id: TypeId) -> Option<String> {
        qualified_type_name(self.resolve, id)
    }
}

/// `ns:pkg/iface.name` for a named type, ignoring the package version so
/// that the same type matches across releases.
pub fn qualified_type_name(resolve: &Resolve, id: TypeId) -> Option<String> {
    let def = &resolve.types[id];
    let name = def.name.as_deref()?;
    let (package, owner) = match def.owner {
        TypeOwner::Interface(i) => {
            let iface = &resolve.interfaces[i];
            (
                iface.package,
                iface.name.clone().unwrap_or_else(|| "<inline>".into()),
            )
        }
        TypeOwner::World(w) => (resolve.worlds[w].package, resolve.worlds[w].name.clone()),
        TypeOwner::None => return None,
    };
    let package = match package {
        Some(p) => {
            let n = &resolve.packages[p].name;
            format!("{}:{}", n.namespace, n.name)
        }
        None => String::new(),
    };
    Some(format!("{package}/{owner}.{name}"))
}

/// Follows `use` aliases (a named alias of a named type from elsewhere) to
/// the type they bring in, so that `use`-ing a type and naming it directly
/// count as the same type. Aliases of anonymous types (`type size = u64`)
/// are definitions in their own right and stop the walk.
pub fn through_uses(resolve: &Resolve, mut ty: Type) -> Type {
    for _ in 0..64 {
        let Type::Id(id) = ty else { return ty };
        match &resolve.types[id].kind {
            TypeDefKind::Type(Type::Id(target)) if resolve.types[*target].name.is_some() => {
                ty = Type::Id(*target)
            }
            _ => return ty,
        }
    }
    ty
}

/// WIT-like text for a type, for messages.
pub fn render(resolve: &Resolve, ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::U8 => "u8".into(),
        Type::U16 => "u16".into(),
        Type::U32 => "u32".into(),
        Type::U64 => "u64".into(),
        Type::S8 => "s8".into(),
        Type::S16 => "s16".into(),
        Type::S32 => "s32".into(),
        Type::S64 => "s64".into(),
        Type::F32 => "f32".into(),
        Type::F64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::ErrorContext => "error-context".into(),
        Type::Id(id) => render_def(resolve, *id),
    }
}

fn render_def(resolve: &Resolve, id: TypeId) -> String {
    let def = &resolve.types[id];
    if let Some(name) = &def.name {
        return name.clone();
    }
    render_kind(resolve, &def.kind)
}

/// WIT-like text for an anonymous type body.
pub fn render_kind(resolve: &Resolve, kind: &TypeDefKind) -> String {
    let r = |t: &Type| render(resolve, t);
    let opt = |t: &Option<Type>| t.as_ref().map_or("_".to_string(), r);
    match kind {
        TypeDefKind::Handle(Handle::Own(t)) => format!("own<{}>", render_def(resolve, *t)),
        TypeDefKind::Handle(Handle::Borrow(t)) => format!("borrow<{}>", render_def(resolve, *t)),
        TypeDefKind::Tuple(t) => {
            format!(
                "tuple<{}>",
                t.types.iter().map(r).collect::<Vec<_>>().join(", ")
            )
        }
        TypeDefKind::Option(t) => format!("option<{}>", r(t)),
        TypeDefKind::Result(res) => match (&res.ok, &res.err) {
            (None, None) => "result".into(),
            (ok, err) => format!("result<{}, {}>", opt(ok), opt(err)),
        },
        TypeDefKind::List(t) => format!("list<{}>", r(t)),
        TypeDefKind::Map(k, v) => format!("map<{}, {}>", r(k), r(v)),
        TypeDefKind::FixedLengthList(t, n) => format!("list<{}, {n}>", r(t)),
        TypeDefKind::Future(t) => match t {
            Some(t) => format!("future<{}>", r(t)),
            None => "future".into(),
        },
        TypeDefKind::Stream(t) => match t {
            Some(t) => format!("stream<{}>", r(t)),
            None => "stream".into(),
        },
        TypeDefKind::Type(t) => r(t),
        other => other.as_str().into(),
    }
}

/// Our record of an item's `@since`/`@deprecated`, from wit-parser's.
pub fn stability_of(stability: &Stability) -> change::Stability {
    match stability {
        Stability::Stable {
            since, deprecated, ..
        } => change::Stability {
            since: Some(since.clone()),
            deprecated: deprecated.clone(),
        },
        Stability::Unstable { deprecated, .. } => change::Stability {
            since: None,
            deprecated: deprecated.clone(),
        },
        Stability::Unknown => change::Stability::default(),
    }
}
