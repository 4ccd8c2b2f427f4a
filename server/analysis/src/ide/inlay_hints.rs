//! Inlay hints: what a name brought in by `use`, or a `type` alias of
//! another alias, stands for (`: list<u8>`), and, when asked for, the
//! Canonical ABI facts of hover at a glance: a type's size and alignment
//! after its definition, and a function's flat parameter count where they
//! spill to memory.

use std::{ops::Range, path::Path};

use syntax::{
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode},
};

use super::{Analysis, abi::Abi, resolve, touches};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InlayHintConfig {
    pub aliases: bool,
    pub abi: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayHintKind {
    /// What a name's type is.
    Type,
    /// A fact about the item before it.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint stands: just after the text it is about.
    pub offset: usize,
    pub label: String,
    pub kind: InlayHintKind,
    pub tooltip: Option<String>,
}

/// Aliases of aliases are followed this far (a cycle is an error already).
const MAX_ALIAS_DEPTH: usize = 16;

impl Analysis {
    /// The hints for the items that touch `range` of the file.
    pub fn inlay_hints(
        &self,
        path: &Path,
        range: Range<usize>,
        config: InlayHintConfig,
    ) -> Vec<InlayHint> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let root = file.parse.syntax();
        let mut hints = Vec::new();
        if config.aliases {
            hints.extend(self.alias_hints(path, &root, &range));
        }
        if config.abi {
            hints.extend(self.abi_hints(path, &root, &range));
        }
        hints.sort_by_key(|h| h.offset);
        hints
    }

    fn alias_hints(&self, path: &Path, root: &SyntaxNode, range: &Range<usize>) -> Vec<InlayHint> {
        let mut hints = Vec::new();
        for node in root.descendants() {
            if !touches(&ast::text_range(node.text_range()), range) {
                continue;
            }
            if let Some(use_name) = ast::UseName::cast(node.clone()) {
                // After the name as this scope knows it: the alias, if any.
                let end = match (use_name.alias(), use_name.name_ref()) {
                    (Some(alias), _) => alias.ident().map(|i| i.range().end),
                    (None, Some(name_ref)) => name_ref.ident().map(|i| i.range().end),
                    _ => None,
                };
                let resolved = use_name
                    .name_ref()
                    .and_then(|r| resolve::resolve_ref(&self.db, path, &r));
                if let (Some(end), Some(resolved)) = (end, resolved)
                    && let Some(label) = self.what_it_is(&resolved.def)
                {
                    hints.push(type_hint(end, label));
                }
            } else if let Some(alias) = ast::TypeAlias::cast(node) {
                // `type a = b;` where `b` is itself an alias: what `b` is.
                let Some(ast::TypeRef::Named(named)) = alias.ty() else {
                    continue;
                };
                let Some(name_ref) = named.name_ref() else {
                    continue;
                };
                let resolved = resolve::resolve_ref(&self.db, path, &name_ref);
                if let Some(resolved) = resolved
                    && resolved.def.kind == TYPE_ALIAS
                    && let Some(label) = self.what_it_is(&resolved.def)
                    && let Some(ident) = name_ref.ident()
                {
                    hints.push(type_hint(ident.range().end, label));
                }
            }
        }
        hints
    }

    /// A type alias's type, through any aliases it names; the kind of any
    /// other definition (`record`, `resource`, …).
    fn what_it_is(&self, def: &resolve::Def) -> Option<String> {
        let mut def = def.clone();
        for _ in 0..MAX_ALIAS_DEPTH {
            let node = resolve::node_of(&self.db, &def)?;
            let Some(alias) = ast::TypeAlias::cast(node.clone()) else {
                return kind_keyword(node.kind()).map(str::to_string);
            };
            let ty = alias.ty()?;
            let next = match &ty {
                ast::TypeRef::Named(named) => named
                    .name_ref()
                    .and_then(|r| resolve::resolve_ref(&self.db, &def.path, &r)),
                _ => None,
            };
            match next {
                Some(next) if next.def.kind == TYPE_ALIAS => def = next.def,
                _ => return Some(ty.syntax().text().to_string()),
            }
        }
        None
    }

    fn abi_hints(&self, path: &Path, root: &SyntaxNode, range: &Range<usize>) -> Vec<InlayHint> {
        let nodes: Vec<SyntaxNode> = root
            .descendants()
            .filter(|n| {
                matches!(
                    n.kind(),
                    TYPE_ALIAS | RECORD | VARIANT | ENUM | FLAGS | FUNC
                ) && n.ancestors().any(|a| a.kind() == INTERFACE)
                    && touches(&ast::text_range(n.text_range()), range)
            })
            .collect();
        let facts = super::abi::abi_of_all(&self.db, &self.abi, &self.checked, path, &nodes);
        let mut hints = Vec::new();
        for (node, abi) in nodes.iter().zip(facts) {
            let end = usize::from(node.text_range().end());
            let hint = match abi {
                Some(Abi::Layout { size, align }) => InlayHint {
                    offset: end,
                    label: format!("size {size}, align {align}"),
                    kind: InlayHintKind::Note,
                    tooltip: Some(format!(
                        "Canonical ABI (wasm32): {size} bytes in linear memory, aligned to {align}"
                    )),
                },
                Some(Abi::Function {
                    flat_params,
                    spills: true,
                    ..
                }) => InlayHint {
                    offset: end,
                    label: format!("{flat_params} flat params: passed in memory"),
                    kind: InlayHintKind::Note,
                    tooltip: Some(format!(
                        "Canonical ABI: the parameters lower to {flat_params} core values, more than {}, so they are passed through a pointer to linear memory",
                        wit_parser::Resolve::MAX_FLAT_PARAMS
                    )),
                },
                _ => continue,
            };
            hints.push(hint);
        }
        hints
    }
}

fn type_hint(offset: usize, label: String) -> InlayHint {
    InlayHint {
        offset,
        label: format!(": {label}"),
        kind: InlayHintKind::Type,
        tooltip: None,
    }
}

fn kind_keyword(kind: syntax::SyntaxKind) -> Option<&'static str> {
    Some(match kind {
        RECORD => "record",
        VARIANT => "variant",
        ENUM => "enum",
        FLAGS => "flags",
        RESOURCE => "resource",
        _ => return None,
    })
}
