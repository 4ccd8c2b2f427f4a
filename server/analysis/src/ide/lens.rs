//! "N references" above each interface, world and type.

use std::{collections::HashMap, path::Path};

use syntax::SyntaxKind::*;

use super::{Analysis, NavTarget, navigation::nav_target, resolve};

impl Analysis {
    /// Each interface, world and type defined in the file, with how many
    /// references it has anywhere in the workspace and its dependencies.
    pub fn reference_counts(&self, path: &Path) -> Vec<(NavTarget, usize)> {
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
        let mut counts: HashMap<resolve::Def, usize> = HashMap::new();
        for (_, _, resolved) in resolve::all_references(&self.db) {
            if resolved.def.path == path {
                *counts.entry(resolved.def).or_default() += 1;
            }
        }
        defs.into_iter()
            .map(|def| (nav_target(&def), counts.get(&def).copied().unwrap_or(0)))
            .collect()
    }
}
