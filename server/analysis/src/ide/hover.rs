//! Hover: the definition's signature, its documentation, its gates, and
//! for a name brought in with `use … as`, where it comes from.

use std::{ops::Range, path::Path};

use syntax::{
    SyntaxKind::*,
    SyntaxNode,
    ast::{self, AstNode, HasDocs},
};

use super::{Analysis, resolve};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// The hovered name.
    pub range: Range<usize>,
    pub markdown: String,
}

/// Long records and variants are cut here; the rest is a click away.
const MAX_SIGNATURE_LINES: usize = 20;

impl Analysis {
    pub fn hover(&self, path: &Path, offset: usize) -> Option<HoverResult> {
        let file = self.db.file(path)?;
        let token = resolve::ident_at(&file.parse.syntax(), offset)?;
        let range = ast::text_range(token.text_range());
        let resolved = resolve::resolve_at(&self.db, path, offset)?;
        let node = resolve::node_of(&self.db, &resolved.def)?;
        let def_text = &self.db.file(&resolved.def.path)?.text;
        let mut sections = vec![format!("```wit\n{}\n```", signature(def_text, &node))];
        let gates: Vec<String> = node
            .children()
            .filter_map(ast::Attribute::cast)
            .map(|a| a.syntax().text().to_string())
            .collect();
        if !gates.is_empty() {
            sections.push(
                gates
                    .iter()
                    .map(|g| format!("`{g}`"))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        if let Some(feature) = super::gates::disabled_feature(&node, &self.features) {
            sections.push(format!(
                "Left out: the feature `{feature}` is not enabled, so this item is not part of its package. Enable it with the `features` setting (`check --features {feature}`)."
            ));
        }
        if let Some(docs) = docs(&node) {
            sections.push(docs);
        }
        if matches!(
            node.kind(),
            FUNC | TYPE_ALIAS | RECORD | VARIANT | ENUM | FLAGS | RESOURCE
        ) {
            sections.extend(super::abi::facts(
                &self.db,
                &self.abi,
                &self.checked,
                &resolved.def.path,
                &node,
            ));
        }
        if let Some(alias) = &resolved.alias {
            sections.push(format!(
                "`{}` is `{}` from {}",
                alias.name,
                resolved.def.name,
                origin(self, &resolved.def)
            ));
        } else if resolved.def.path != path {
            sections.push(format!("Defined in {}", origin(self, &resolved.def)));
        }
        Some(HoverResult {
            range,
            markdown: sections.join("\n\n---\n\n"),
        })
    }
}

/// `ns:pkg/interface`, or the file name when the package has no name.
fn origin(analysis: &Analysis, def: &resolve::Def) -> String {
    let node = resolve::node_of(&analysis.db, def);
    let package = node
        .as_ref()
        .and_then(|n| analysis.db.package_at(&def.path, n))
        .and_then(|p| p.id.as_ref())
        .map(|id| id.display());
    let container = node
        .and_then(|n| {
            n.ancestors()
                .find(|a| matches!(a.kind(), INTERFACE | WORLD))
        })
        .and_then(|n| n.children().find_map(ast::Name::cast))
        .map(|n| n.text());
    match (package, container) {
        (Some(package), Some(container)) => format!("`{package}/{container}`"),
        (Some(package), None) => format!("`{package}`"),
        _ => format!(
            "`{}`",
            def.path
                .file_name()
                .map(|f| f.to_string_lossy())
                .unwrap_or_default()
        ),
    }
}

fn docs(node: &SyntaxNode) -> Option<String> {
    macro_rules! docs_of {
        ($($ty:ty),*) => {$(
            if let Some(item) = <$ty>::cast(node.clone()) {
                return item.docs();
            }
        )*};
    }
    docs_of!(
        ast::Interface,
        ast::World,
        ast::TypeAlias,
        ast::Record,
        ast::Variant,
        ast::Enum,
        ast::Flags,
        ast::Resource,
        ast::Func,
        ast::Field,
        ast::VariantCase,
        ast::EnumCase,
        ast::Flag,
        ast::ImportExport,
        ast::PackageDecl
    );
    None
}

/// The item as written in `text`, its file's text, without its docs and
/// gates. Interfaces and worlds show only their header; their bodies are
/// what the outline is for.
fn signature(text: &str, node: &SyntaxNode) -> String {
    let start = node
        .children_with_tokens()
        .find(|e| !matches!(e.kind(), DOC_COMMENT | COMMENT | WHITESPACE | ATTRIBUTE))
        .map(|e| e.text_range().start())
        .unwrap_or_else(|| node.text_range().start());
    let end = match node.kind() {
        INTERFACE | WORLD | NESTED_PACKAGE => node
            .children()
            .find(|c| matches!(c.kind(), INTERFACE_BODY | WORLD_BODY | PACKAGE_BODY))
            .map(|body| body.text_range().start())
            .unwrap_or_else(|| node.text_range().end()),
        _ => node.text_range().end(),
    };
    let text = text
        .get(usize::from(start)..usize::from(end))
        .unwrap_or("")
        .trim();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > MAX_SIGNATURE_LINES {
        format!("{}\n    …", lines[..MAX_SIGNATURE_LINES].join("\n"))
    } else {
        text.to_string()
    }
}
