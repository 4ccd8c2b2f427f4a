//! "N references" above the interfaces, worlds and types of a file, for
//! the kinds of item the user wants them on.

use std::{collections::HashMap, path::Path};

use syntax::SyntaxKind::{self, *};

use super::{Analysis, FileRange, NavTarget, navigation::nav_target, resolve};

/// Which items get a lens. A world is rarely referenced (an `include`) and
/// a resource mostly from within its interface, so by default their
/// "0 references" would be noise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LensKinds {
    pub interfaces: bool,
    /// Type aliases, records, variants, enums and flags.
    pub types: bool,
    pub worlds: bool,
    pub resources: bool,
}

impl Default for LensKinds {
    fn default() -> LensKinds {
        LensKinds {
            interfaces: true,
            types: true,
            worlds: false,
            resources: false,
        }
    }
}

impl LensKinds {
    fn wants(&self, kind: SyntaxKind) -> bool {
        match kind {
            INTERFACE => self.interfaces,
            WORLD => self.worlds,
            RESOURCE => self.resources,
            TYPE_ALIAS | RECORD | VARIANT | ENUM | FLAGS => self.types,
            _ => false,
        }
    }
}

impl Analysis {
    /// Each item of the kinds asked for defined in the file, with its
    /// references anywhere in the workspace and its dependencies, sorted.
    /// One pass over every reference serves the whole file.
    pub fn reference_lenses(
        &self,
        path: &Path,
        kinds: LensKinds,
    ) -> Vec<(NavTarget, Vec<FileRange>)> {
        let Some(file) = self.db.file(path) else {
            return Vec::new();
        };
        let defs: Vec<resolve::Def> = file
            .tree()
            .definitions()
            .filter_map(|name| resolve::def_of_name(path, &name))
            .filter(|def| kinds.wants(def.kind))
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
