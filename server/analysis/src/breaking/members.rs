//! Record fields, variant and enum cases and flags: the members of a type.
//! WIT types are structural, so adding a member breaks as surely as
//! removing one, and so does reordering them.

use wit_parser::{Span, Type, TypeDef, TypeDefKind};

use super::{
    change::ChangeKind,
    compare::{Differ, Pending, type_change},
    view::render,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    Field,
    Case,
    EnumCase,
    Flag,
}

pub struct Member<'a> {
    pub name: &'a str,
    pub ty: Option<Type>,
    pub span: Span,
}

pub fn members_of(kind: &TypeDefKind) -> Option<(MemberKind, Vec<Member<'_>>)> {
    Some(match kind {
        TypeDefKind::Record(r) => (
            MemberKind::Field,
            r.fields
                .iter()
                .map(|f| Member {
                    name: &f.name,
                    ty: Some(f.ty),
                    span: f.span,
                })
                .collect(),
        ),
        TypeDefKind::Variant(v) => (
            MemberKind::Case,
            v.cases
                .iter()
                .map(|c| Member {
                    name: &c.name,
                    ty: c.ty,
                    span: c.span,
                })
                .collect(),
        ),
        TypeDefKind::Enum(e) => (
            MemberKind::EnumCase,
            e.cases
                .iter()
                .map(|c| Member {
                    name: &c.name,
                    ty: None,
                    span: c.span,
                })
                .collect(),
        ),
        TypeDefKind::Flags(f) => (
            MemberKind::Flag,
            f.flags
                .iter()
                .map(|f| Member {
                    name: &f.name,
                    ty: None,
                    span: f.span,
                })
                .collect(),
        ),
        _ => return None,
    })
}

struct Kinds {
    noun: &'static str,
    container: &'static str,
    removed: ChangeKind,
    added: ChangeKind,
    retyped: ChangeKind,
    reordered: ChangeKind,
}

fn kinds(kind: MemberKind) -> Kinds {
    use ChangeKind::*;
    match kind {
        MemberKind::Field => Kinds {
            noun: "field",
            container: "record",
            removed: FieldRemoved,
            added: FieldAdded,
            retyped: FieldTypeChanged,
            reordered: FieldReordered,
        },
        MemberKind::Case => Kinds {
            noun: "case",
            container: "variant",
            removed: CaseRemoved,
            added: CaseAdded,
            retyped: CaseTypeChanged,
            reordered: CaseReordered,
        },
        MemberKind::EnumCase => Kinds {
            noun: "case",
            container: "enum",
            removed: CaseRemoved,
            added: CaseAdded,
            retyped: CaseTypeChanged,
            reordered: CaseReordered,
        },
        MemberKind::Flag => Kinds {
            noun: "flag",
            container: "flags",
            removed: FlagRemoved,
            added: FlagAdded,
            retyped: FlagReordered,
            reordered: FlagReordered,
        },
    }
}

pub(super) fn compare_members(
    d: &mut Differ<'_>,
    item: &str,
    (old_def, new_def): (&TypeDef, &TypeDef),
    kind: MemberKind,
    old: Vec<Member<'_>>,
    new: Vec<Member<'_>>,
) {
    let k = kinds(kind);
    let type_name = old_def.name.as_deref().unwrap_or_default();
    let container = d.new.locate(new_def.span);
    let (old_res, new_res) = (d.old.resolve, d.new.resolve);
    let shape = |resolve, m: &Member<'_>| m.ty.map(|t| render(resolve, &t)).unwrap_or_default();
    let (mut removed, mut added): (Vec<Pending>, Vec<Pending>) = (Vec::new(), Vec::new());
    for m in &old {
        match new.iter().find(|n| n.name == m.name) {
            Some(n) => {
                let diff = match d.blames_vanished(m.ty.as_ref()) {
                    true => super::types::TypeDiff::Same,
                    false => d.types.diff(m.ty.as_ref(), n.ty.as_ref()),
                };
                if let Some((change_kind, o, t)) = type_change(diff, k.retyped) {
                    let c = d
                        .change(change_kind, &format!("{item}.{}", m.name))
                        .with_message(format!(
                            "{} `{}` of {} `{type_name}` changed from `{o}` to `{t}`",
                            k.noun, m.name, k.container
                        ))
                        .with_stability(&old_def.stability)
                        .with_locations(d.old.locate(m.span), d.new.locate(n.span));
                    d.out.push(c);
                }
            }
            None => {
                let c = d
                    .change(k.removed, &format!("{item}.{}", m.name))
                    .with_message(format!(
                        "{} `{}` was removed from {} `{type_name}`",
                        k.noun, m.name, k.container
                    ))
                    .with_stability(&old_def.stability)
                    .with_locations(d.old.locate(m.span), container.clone());
                removed.push(d.pending(c, m.name, shape(old_res, m)));
            }
        }
    }
    for n in new.iter().filter(|n| !old.iter().any(|m| m.name == n.name)) {
        let c = d.change(k.added, &format!("{item}.{}", n.name))
            .with_message(format!(
                "{} `{}` was added to {} `{type_name}`; WIT types are structural, so this breaks every user of the type",
                k.noun, n.name, k.container
            ))
            .with_stability(&old_def.stability)
                    .with_locations(None, d.new.locate(n.span));
        added.push(d.pending(c, n.name, shape(new_res, n)));
    }
    d.settle(removed, added);

    let common_old: Vec<&str> = old
        .iter()
        .map(|m| m.name)
        .filter(|n| new.iter().any(|m| m.name == *n))
        .collect();
    let common_new: Vec<&str> = new
        .iter()
        .map(|m| m.name)
        .filter(|n| old.iter().any(|m| m.name == *n))
        .collect();
    if common_old != common_new {
        let c = d
            .change(k.reordered, item)
            .with_message(format!(
                "the {}s of {} `{type_name}` were reordered from `{}` to `{}`",
                k.noun,
                k.container,
                common_old.join(", "),
                common_new.join(", ")
            ))
            .with_stability(&old_def.stability)
            .with_locations(d.old.locate(old_def.span), container.clone());
        d.out.push(c);
    }
}
