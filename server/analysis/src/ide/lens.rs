//! "N references" above each interface, world and type.

use std::{collections::HashMap, path::Path};

use syntax::SyntaxKind::*;

use super::{Analysis, FileRange, NavTarget, navigation::nav_target, resolve};

impl Analysis {
    /// Each interface, world and type defined in the file, with its
    /// references anywhere in the workspace and its dependencies, sorted.
    /// One pass over every reference serves the whole file.
    pub fn reference_lenses(&self, path: &Path) -> Vec<(NavTarget, Vec<FileRange>)> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let defs: Vec<resolve::Def> = file
            .tree()
            .definitions()
            .filter_map(|name| resolve::def_of_name(path, &name))
            .filter(|def| {
                matches!(
                    def.kind,
                    INTERFACE | WORLD | TYPE_ALIAS | RECORD | VARIANT | ENUM | FLAGS | RESOURCE
                )
            })
            .collect();
        let mut found: HashMap<resolve::Def, Vec<FileRange>> = HashMap::new();
        for (at, range, resolved) in resolve::all_references(&self.db) {
            if resolved.def.path == path {
                found
                    .entry(resolved.def)
                    .or_default()
                    .push(FileRange { path: at, range });
            }
        }
        defs.into_iter()
            .map(|def| {
                let mut references = found.remove(&def).unwrap_or_default();
                references.sort_by(|a, b| (&a.path, a.range.start).cmp(&(&b.path, b.range.start)));
                (nav_target(&def), references)
            })
            .collect()
    }
}
