//! The package diff: walks a baseline package and its current version side
//! by side and lists every [`Change`], with no opinion yet on how bad each
//! one is (that is [`super::policy`]'s job).

use std::collections::HashSet;

use wit_parser::{Interface, Span, Stability, Type, TypeDefKind, TypeId};

use super::{
    Options,
    change::{Change, ChangeKind, Location},
    functions::resource_name,
    keyed::by_name,
    types::{TypeCompare, TypeDiff},
    uses::Uses,
    view::{PackageView, qualified_type_name, render, render_kind, stability_of},
};
use crate::workspace::Features;

/// Compares one package with its baseline. Items are matched by name.
pub fn compare(old: PackageView<'_>, new: PackageView<'_>, opts: &Options) -> Vec<Change> {
    compare_with_uses(old, new, opts, &Uses::new([new.resolve]))
}

/// [`compare`], finding the uses of changed types in `uses`, which may
/// span more packages than `new`'s own resolve.
pub(super) fn compare_with_uses(
    old: PackageView<'_>,
    new: PackageView<'_>,
    opts: &Options,
    uses: &Uses<'_>,
) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        opts,
        types: TypeCompare {
            old: old.resolve,
            new: new.resolve,
        },
        uses,
        vanished: vanished_types(old, new),
        out: Vec::new(),
    };
    differ.package();
    differ.out
}

pub(super) struct Differ<'a> {
    pub old: PackageView<'a>,
    pub new: PackageView<'a>,
    opts: &'a Options,
    pub types: TypeCompare<'a>,
    uses: &'a Uses<'a>,
    /// Named types of the baseline package that the current version no
    /// longer has. Their removal is the root cause; a signature that had to
    /// stop using them is not reported again.
    vanished: HashSet<String>,
    pub out: Vec<Change>,
}

fn vanished_types(old: PackageView<'_>, new: PackageView<'_>) -> HashSet<String> {
    let names = |view: PackageView<'_>| -> HashSet<String> {
        view.resolve
            .types
            .iter()
            .filter_map(|(id, _)| qualified_type_name(view.resolve, id))
            .collect()
    };
    let prefix = format!("{}/", old.key());
    let current = names(new);
    names(old)
        .into_iter()
        .filter(|n| n.starts_with(&prefix) && !current.contains(n))
        .collect()
}

/// A removal or addition waiting for its scope to be complete, so that a
/// removal and an addition of the same shape can be paired as a rename.
pub(super) struct Pending {
    pub change: Change,
    pub name: String,
    pub shape: String,
}

impl<'a> Differ<'a> {
    fn package(&mut self) {
        let prefix = self.new.key();
        let old_pkg = &self.old.resolve.packages[self.old.id];
        let new_pkg = &self.new.resolve.packages[self.new.id];
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        let old_ifaces = old_pkg
            .interfaces
            .iter()
            .filter(|(_, id)| self.included(&self.old.resolve.interfaces[**id].stability));
        let new_ifaces = new_pkg
            .interfaces
            .iter()
            .filter(|(_, id)| self.included(&self.new.resolve.interfaces[**id].stability));
        for (name, old_id, new_id) in by_name(old_ifaces, new_ifaces) {
            let path = format!("{prefix}/{name}");
            match (old_id, new_id) {
                (Some(o), Some(n)) => {
                    let (o, n) = (
                        &self.old.resolve.interfaces[*o],
                        &self.new.resolve.interfaces[*n],
                    );
                    self.since(&path, &o.stability, &n.stability, o.span, n.span);
                    self.interface(&path, o, n);
                }
                (Some(o), None) => {
                    let o = &self.old.resolve.interfaces[*o];
                    let change = self
                        .change(ChangeKind::InterfaceRemoved, &path)
                        .with_message(format!("interface `{path}` was removed"))
                        .with_locations(self.old.locate(o.span), self.new.anchor())
                        .with_stability(&o.stability);
                    removed.push(self.pending(change, name, self.interface_shape(self.old, o)));
                }
                (None, Some(n)) => {
                    let n = &self.new.resolve.interfaces[*n];
                    let change = self
                        .change(ChangeKind::InterfaceAdded, &path)
                        .with_message(format!("interface `{path}` was added"))
                        .with_locations(None, self.new.locate(n.span))
                        .with_stability(&n.stability);
                    added.push(self.pending(change, name, self.interface_shape(self.new, n)));
                }
                (None, None) => {}
            }
        }
        self.settle(removed, added);
        super::worlds::compare_worlds(self, &prefix);
    }

    pub(super) fn interface(&mut self, path: &str, old: &Interface, new: &Interface) {
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        let old_types = old
            .types
            .iter()
            .filter(|(_, t)| self.included(&self.old.resolve.types[**t].stability));
        let new_types = new
            .types
            .iter()
            .filter(|(_, t)| self.included(&self.new.resolve.types[**t].stability));
        let (mut removed_resources, mut added_resources) = (Vec::new(), Vec::new());
        for (name, o, n) in by_name(old_types, new_types) {
            let item = format!("{path}.{name}");
            match (o, n) {
                (Some(o), Some(n)) => self.type_def(&item, *o, *n),
                (Some(o), None) => {
                    let def = &self.old.resolve.types[*o];
                    if matches!(def.kind, TypeDefKind::Resource) {
                        removed_resources.push(name.clone());
                    }
                    let change = self
                        .change(ChangeKind::TypeRemoved, &item)
                        .with_message(format!("type `{name}` was removed from `{path}`"))
                        .with_locations(self.old.locate(def.span), self.new.locate(new.span))
                        .with_stability(&def.stability);
                    let shape = self.def_shape(self.old, *o);
                    removed.push(self.pending(change, name, shape));
                }
                (None, Some(n)) => {
                    let def = &self.new.resolve.types[*n];
                    if matches!(def.kind, TypeDefKind::Resource) {
                        added_resources.push(name.clone());
                    }
                    let change = self
                        .change(ChangeKind::TypeAdded, &item)
                        .with_message(format!("type `{name}` was added to `{path}`"))
                        .with_locations(None, self.new.locate(def.span))
                        .with_stability(&def.stability);
                    let shape = self.def_shape(self.new, *n);
                    added.push(self.pending(change, name, shape));
                }
                (None, None) => {}
            }
        }
        self.settle(removed, added);

        let (mut removed, mut added) = (Vec::new(), Vec::new());
        // Keyed by `resource.method` rather than wit-parser's
        // `[method]resource.method`, so that a method that became static
        // is one changed function, not a removal and an addition.
        let (old_funcs, new_funcs) = (self.functions_of(old), self.functions_of(new));
        for (_, o, n) in by_name(
            old_funcs.iter().map(|(k, f)| (k, *f)),
            new_funcs.iter().map(|(k, f)| (k, *f)),
        ) {
            match (o, n) {
                (Some(o), Some(n)) => self.function(path, o, n),
                (Some(o), None) => {
                    // Methods of a removed resource go with it.
                    if let Some(owner) = resource_name(self.old, o)
                        && removed_resources.contains(&owner)
                    {
                        continue;
                    }
                    let anchor = resource_name(self.old, o)
                        .and_then(|r| new.types.get(&r))
                        .map(|t| self.new.resolve.types[*t].span)
                        .unwrap_or(new.span);
                    removed.push(self.lone_function(path, o, true, self.new.locate(anchor)));
                }
                (None, Some(n)) => {
                    // Likewise the methods of an added resource.
                    if let Some(owner) = resource_name(self.new, n)
                        && added_resources.contains(&owner)
                    {
                        continue;
                    }
                    added.push(self.lone_function(path, n, false, None))
                }
                (None, None) => {}
            }
        }
        self.settle(removed, added);
    }

    /// Compares the bodies of two named types of the same name.
    pub(super) fn type_def(&mut self, item: &str, old_id: TypeId, new_id: TypeId) {
        let (old, new) = (
            &self.old.resolve.types[old_id],
            &self.new.resolve.types[new_id],
        );
        self.since(item, &old.stability, &new.stability, old.span, new.span);
        let before = self.out.len();
        let name = old.name.clone().unwrap_or_default();
        let loc = (self.old.locate(old.span), self.new.locate(new.span));
        use super::members::members_of;
        match (members_of(&old.kind), members_of(&new.kind)) {
            (Some((old_kind, old_members)), Some((new_kind, new_members)))
                if old_kind == new_kind =>
            {
                super::members::compare_members(
                    self,
                    item,
                    (old, new),
                    old_kind,
                    old_members,
                    new_members,
                );
            }
            _ if std::mem::discriminant(&old.kind) != std::mem::discriminant(&new.kind) => {
                let message = format!(
                    "type `{name}` changed from {} to {}",
                    describe_kind(self.old.resolve, &old.kind),
                    describe_kind(self.new.resolve, &new.kind)
                );
                let c = self
                    .change(ChangeKind::TypeKindChanged, item)
                    .with_message(message)
                    .with_locations(loc.0.clone(), loc.1.clone())
                    .with_stability(&old.stability);
                self.out.push(c);
            }
            _ if !self.types.same_kind(&old.kind, &new.kind) => {
                let (o, n) = (
                    describe_kind(self.old.resolve, &old.kind),
                    describe_kind(self.new.resolve, &new.kind),
                );
                let kind = match (&old.kind, &new.kind) {
                    (TypeDefKind::Handle(_), TypeDefKind::Handle(_)) => ChangeKind::HandleChanged,
                    _ => ChangeKind::TypeChanged,
                };
                let c = self
                    .change(kind, item)
                    .with_message(format!("type `{name}` changed from `{o}` to `{n}`"))
                    .with_locations(loc.0.clone(), loc.1.clone())
                    .with_stability(&old.stability);
                self.out.push(c);
            }
            _ => {}
        }
        // Everything that reaches this type is affected, but the change is
        // reported here once, with the uses attached.
        if self.out.len() > before {
            let uses = qualified_type_name(self.new.resolve, new_id)
                .map(|name| self.uses.of(&name))
                .unwrap_or_default();
            for change in &mut self.out[before..] {
                change.uses = uses.clone();
            }
        }
    }

    /// `@since` promises the item is stable from that version on; changing
    /// the promise is itself a change.
    pub(super) fn since(
        &mut self,
        item: &str,
        old: &Stability,
        new: &Stability,
        old_span: Span,
        new_span: Span,
    ) {
        let (
            Stability::Stable {
                since: old_since, ..
            },
            new_stability,
        ) = (old, new)
        else {
            return;
        };
        let now = match new_stability {
            Stability::Stable { since, .. } if since == old_since => return,
            Stability::Stable { since, .. } => format!("`@since(version = {since})`"),
            Stability::Unstable { feature, .. } => format!("`@unstable(feature = {feature})`"),
            Stability::Unknown => "no `@since`".to_string(),
        };
        let c = self
            .change(ChangeKind::SinceChanged, item)
            .with_message(format!(
                "`{item}` was `@since(version = {old_since})`; an item's `@since` must not change, but it now has {now}"
            ))
            .with_locations(self.old.locate(old_span), self.new.locate(new_span))
            .with_stability(old);
        self.out.push(c);
    }

    /// Whether `old` names a type that is gone, so that its removal
    /// already explains why the type had to change.
    pub(super) fn blames_vanished(&self, old: Option<&Type>) -> bool {
        let mut mentioned = Vec::new();
        if let Some(ty) = old {
            super::uses::mentioned_in_type(self.old.resolve, ty, &mut mentioned);
        }
        mentioned
            .into_iter()
            .filter_map(|id| qualified_type_name(self.old.resolve, id))
            .any(|name| self.vanished.contains(&name))
    }

    /// Unstable items are exempt unless their feature is enabled.
    pub(super) fn included(&self, stability: &Stability) -> bool {
        match stability {
            Stability::Unstable { feature, .. } => match &self.opts.features {
                Features::All => true,
                Features::Enabled(names) => names.contains(feature),
            },
            _ => true,
        }
    }

    pub(super) fn change(&self, kind: ChangeKind, item: &str) -> Change {
        Change {
            kind,
            breaks: kind.breaks(),
            item: item.to_string(),
            message: String::new(),
            old: None,
            new: None,
            uses: Vec::new(),
            rename_hint: None,
            stability: Default::default(),
        }
    }

    pub(super) fn pending(&self, change: Change, name: &str, shape: String) -> Pending {
        Pending {
            change,
            name: name.to_string(),
            shape,
        }
    }

    /// Emits a scope's removals and additions, pairing a removal with an
    /// addition of the same shape as a likely rename.
    pub(super) fn settle(&mut self, mut removed: Vec<Pending>, mut added: Vec<Pending>) {
        for r in &mut removed {
            let candidates: Vec<usize> = (0..added.len())
                .filter(|&i| added[i].shape == r.shape && added[i].change.rename_hint.is_none())
                .collect();
            if let [only] = candidates[..] {
                let hint = format!(
                    "this looks like a rename of `{}` to `{}`",
                    r.name, added[only].name
                );
                r.change.rename_hint = Some(hint.clone());
                added[only].change.rename_hint = Some(hint);
            }
        }
        self.out.extend(removed.into_iter().map(|p| p.change));
        self.out.extend(added.into_iter().map(|p| p.change));
    }

    pub(super) fn def_shape(&self, view: PackageView<'_>, id: TypeId) -> String {
        let def = &view.resolve.types[id];
        match super::members::members_of(&def.kind) {
            Some((kind, members)) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|m| {
                        format!(
                            "{}:{}",
                            m.name,
                            m.ty.map(|t| render(view.resolve, &t)).unwrap_or_default()
                        )
                    })
                    .collect();
                format!("{kind:?}{{{}}}", members.join(","))
            }
            // A resource's shape is its methods, which live in the
            // interface; two resources are not worth guessing about.
            None if matches!(def.kind, TypeDefKind::Resource) => format!("resource {id:?}"),
            None => describe_kind(view.resolve, &def.kind),
        }
    }

    fn interface_shape(&self, view: PackageView<'_>, iface: &Interface) -> String {
        let mut parts: Vec<String> = iface.types.keys().cloned().collect();
        parts.extend(
            iface
                .functions
                .values()
                .map(|f| format!("{}:{}", f.name, self.signature(view, f))),
        );
        parts.join(";")
    }
}

/// Turns a type difference into the change kind to report, if any.
pub(super) fn type_change(
    diff: TypeDiff,
    otherwise: ChangeKind,
) -> Option<(ChangeKind, String, String)> {
    match diff {
        TypeDiff::Same => None,
        TypeDiff::Handle { old, new } => Some((ChangeKind::HandleChanged, old, new)),
        TypeDiff::Other { old, new } => Some((otherwise, old, new)),
    }
}

fn describe_kind(resolve: &wit_parser::Resolve, kind: &TypeDefKind) -> String {
    match kind {
        TypeDefKind::Record(_) => "a record".into(),
        TypeDefKind::Variant(_) => "a variant".into(),
        TypeDefKind::Enum(_) => "an enum".into(),
        TypeDefKind::Flags(_) => "flags".into(),
        TypeDefKind::Resource => "a resource".into(),
        other => render_kind(resolve, other),
    }
}

/// Builder-style setters keep the many `Change` constructions short.
impl Change {
    pub(super) fn with_message(mut self, message: String) -> Self {
        self.message = message;
        self
    }
    pub(super) fn with_locations(mut self, old: Option<Location>, new: Option<Location>) -> Self {
        self.old = old;
        self.new = new;
        self
    }
    pub(super) fn with_stability(mut self, stability: &Stability) -> Self {
        self.stability = stability_of(stability);
        self
    }
}
