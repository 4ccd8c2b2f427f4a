//! Whether a type in the baseline and a type in the current workspace are
//! the same type.
//!
//! Named types are the same when their names are (package without version,
//! interface, name): their bodies are compared once, where they are defined,
//! so a change is reported at its root and not again at every use.
//! Anonymous types (`list<T>`, `own<R>`, ...) are compared structurally.

use wit_parser::{Handle, Resolve, Type, TypeDefKind, TypeId};

use super::view::{qualified_type_name, render, through_uses};

pub enum TypeDiff {
    Same,
    /// The same resource, but `own` became `borrow` or the other way round.
    Handle {
        old: String,
        new: String,
    },
    Other {
        old: String,
        new: String,
    },
}

#[derive(Clone, Copy)]
pub struct TypeCompare<'a> {
    pub old: &'a Resolve,
    pub new: &'a Resolve,
}

impl TypeCompare<'_> {
    pub fn diff(&self, old: Option<&Type>, new: Option<&Type>) -> TypeDiff {
        let render_opt =
            |r: &Resolve, t: Option<&Type>| t.map_or("nothing".into(), |t| render(r, t));
        let same = match (old, new) {
            (None, None) => true,
            (Some(a), Some(b)) => self.same(a, b),
            _ => false,
        };
        if same {
            return TypeDiff::Same;
        }
        let (old_text, new_text) = (render_opt(self.old, old), render_opt(self.new, new));
        match (
            old.and_then(|t| self.handle(self.old, t)),
            new.and_then(|t| self.handle(self.new, t)),
        ) {
            (Some((a_own, a_res)), Some((b_own, b_res)))
                if a_own != b_own && self.same_id(a_res, b_res) =>
            {
                TypeDiff::Handle {
                    old: old_text,
                    new: new_text,
                }
            }
            _ => TypeDiff::Other {
                old: old_text,
                new: new_text,
            },
        }
    }

    pub fn same(&self, old: &Type, new: &Type) -> bool {
        match (through_uses(self.old, *old), through_uses(self.new, *new)) {
            (Type::Id(a), Type::Id(b)) => self.same_id(a, b),
            (a, b) => a == b,
        }
    }

    fn same_id(&self, old: TypeId, new: TypeId) -> bool {
        let old = match through_uses(self.old, Type::Id(old)) {
            Type::Id(id) => id,
            _ => return false,
        };
        let new = match through_uses(self.new, Type::Id(new)) {
            Type::Id(id) => id,
            _ => return false,
        };
        match (
            qualified_type_name(self.old, old),
            qualified_type_name(self.new, new),
        ) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.same_kind(&self.old.types[old].kind, &self.new.types[new].kind),
            _ => false,
        }
    }

    /// Structural comparison of two type bodies; named types inside them
    /// compare by name.
    pub fn same_kind(&self, old: &TypeDefKind, new: &TypeDefKind) -> bool {
        let same_opt = |a: &Option<Type>, b: &Option<Type>| match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => self.same(a, b),
            _ => false,
        };
        match (old, new) {
            (TypeDefKind::Handle(Handle::Own(a)), TypeDefKind::Handle(Handle::Own(b)))
            | (TypeDefKind::Handle(Handle::Borrow(a)), TypeDefKind::Handle(Handle::Borrow(b))) => {
                self.same_id(*a, *b)
            }
            (TypeDefKind::Tuple(a), TypeDefKind::Tuple(b)) => {
                a.types.len() == b.types.len()
                    && a.types.iter().zip(&b.types).all(|(a, b)| self.same(a, b))
            }
            (TypeDefKind::Option(a), TypeDefKind::Option(b))
            | (TypeDefKind::List(a), TypeDefKind::List(b))
            | (TypeDefKind::Type(a), TypeDefKind::Type(b)) => self.same(a, b),
            (TypeDefKind::Result(a), TypeDefKind::Result(b)) => {
                same_opt(&a.ok, &b.ok) && same_opt(&a.err, &b.err)
            }
            (TypeDefKind::Map(ak, av), TypeDefKind::Map(bk, bv)) => {
                self.same(ak, bk) && self.same(av, bv)
            }
            (TypeDefKind::FixedLengthList(a, n), TypeDefKind::FixedLengthList(b, m)) => {
                n == m && self.same(a, b)
            }
            (TypeDefKind::Future(a), TypeDefKind::Future(b))
            | (TypeDefKind::Stream(a), TypeDefKind::Stream(b)) => same_opt(a, b),
            // Records, variants, enums, flags and resources are always named
            // in WIT; as bodies of the same named type they are compared
            // member by member by the caller.
            (TypeDefKind::Resource, TypeDefKind::Resource) => true,
            _ => false,
        }
    }

    /// `(is_own, resource)` when `ty` is a handle.
    fn handle(&self, resolve: &Resolve, ty: &Type) -> Option<(bool, TypeId)> {
        let Type::Id(id) = through_uses(resolve, *ty) else {
            return None;
        };
        match resolve.types[id].kind {
            TypeDefKind::Handle(Handle::Own(r)) => Some((true, r)),
            TypeDefKind::Handle(Handle::Borrow(r)) => Some((false, r)),
            _ => None,
        }
    }
}
