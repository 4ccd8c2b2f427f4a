//! Rename, with the checks that keep the result valid WIT: the new name is
//! an identifier, not a keyword, and clashes with nothing in its scope.

use std::{
    collections::BTreeMap,
    fmt,
    ops::Range,
    path::{Path, PathBuf},
};

use syntax::{
    SyntaxKind,
    SyntaxKind::*,
    ast::{self, AstNode},
};

use super::{Analysis, TextEdit, resolve};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    NothingToRename,
    /// Packages are renamed by editing `package` lines, not by rename.
    NotRenamable(&'static str),
    Keyword(String),
    InvalidName(String),
    Clash {
        name: String,
        existing: PathBuf,
        range: Range<usize>,
    },
}

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameError::NothingToRename => write!(f, "there is no name here to rename"),
            RenameError::NotRenamable(what) => write!(f, "{what} cannot be renamed"),
            RenameError::Keyword(name) => write!(
                f,
                "`{name}` is a WIT keyword; write `%{name}` to use it as a name"
            ),
            RenameError::InvalidName(name) => write!(
                f,
                "`{name}` is not a valid WIT identifier: use lowercase kebab-case words such as `my-name` (each word starts with a letter)"
            ),
            RenameError::Clash { name, existing, .. } => {
                write!(
                    f,
                    "`{name}` is already defined in this scope (in {})",
                    existing.display()
                )
            }
        }
    }
}

impl Analysis {
    /// The range of the name that would be renamed at `offset`.
    pub fn prepare_rename(&self, path: &Path, offset: usize) -> Result<Range<usize>, RenameError> {
        let file = self.db.file(path).ok_or(RenameError::NothingToRename)?;
        let token =
            resolve::ident_at(&file.parse.syntax(), offset).ok_or(RenameError::NothingToRename)?;
        let resolved =
            resolve::resolve_at(&self.db, path, offset).ok_or(RenameError::NothingToRename)?;
        if resolved.def.kind == PACKAGE_DECL {
            return Err(RenameError::NotRenamable("a package name"));
        }
        Ok(ast::text_range(token.text_range()))
    }

    /// The edits, per file, that rename the definition at `offset` and every
    /// reference to it. References through `use … as alias` keep their alias.
    pub fn rename(
        &self,
        path: &Path,
        offset: usize,
        new_name: &str,
    ) -> Result<BTreeMap<PathBuf, Vec<TextEdit>>, RenameError> {
        self.prepare_rename(path, offset)?;
        check_identifier(new_name)?;
        let def = resolve::resolve_at(&self.db, path, offset)
            .ok_or(RenameError::NothingToRename)?
            .def;
        self.check_clash(&def, new_name)?;
        let mut edits: BTreeMap<PathBuf, Vec<TextEdit>> = BTreeMap::new();
        let mut add = |path: PathBuf, range: Range<usize>| {
            edits.entry(path).or_default().push(TextEdit {
                range,
                new_text: new_name.to_string(),
            });
        };
        add(def.path.clone(), def.name_range.clone());
        for (path, range, resolved) in resolve::references_to(&self.db, &def) {
            if resolved.alias.is_none() {
                add(path, range);
            }
        }
        for list in edits.values_mut() {
            list.sort_by_key(|edit| edit.range.start);
            list.dedup();
        }
        Ok(edits)
    }

    /// Siblings in the definition's scope: the items of its interface or
    /// world, the members of its record/variant/enum/flags, or the
    /// interfaces and worlds of its package.
    fn check_clash(&self, def: &resolve::Def, new_name: &str) -> Result<(), RenameError> {
        let node = resolve::node_of(&self.db, def).ok_or(RenameError::NothingToRename)?;
        let siblings: Vec<(PathBuf, ast::Name)> = if matches!(def.kind, INTERFACE | WORLD) {
            let package = self
                .db
                .package_at(&def.path, &node)
                .ok_or(RenameError::NothingToRename)?;
            resolve::top_level_names(&self.db, package)
                .into_iter()
                .map(|(path, name)| (path.to_path_buf(), name))
                .collect()
        } else {
            let body = node.parent().ok_or(RenameError::NothingToRename)?;
            body.children()
                .flat_map(|item| {
                    // A `use` brings names into the scope too.
                    let used = item
                        .descendants()
                        .filter_map(|n| ast::UseName::cast(n)?.alias());
                    item.children()
                        .filter_map(ast::Name::cast)
                        .chain(used)
                        .collect::<Vec<_>>()
                })
                .map(|n| (def.path.clone(), n))
                .collect()
        };
        for (path, name) in siblings {
            if name.text() == new_name
                && !(path == def.path
                    && name.ident().map(|i| i.range()) == Some(def.name_range.clone()))
            {
                return Err(RenameError::Clash {
                    name: new_name.to_string(),
                    existing: path,
                    range: name.range(),
                });
            }
        }
        self.check_used_names(&node, def, new_name)
    }

    /// Names imported with `use iface.{a}` (no alias) are not `Name` nodes,
    /// so they are checked by text.
    fn check_used_names(
        &self,
        node: &syntax::SyntaxNode,
        def: &resolve::Def,
        new_name: &str,
    ) -> Result<(), RenameError> {
        let Some(body) = node.parent() else {
            return Ok(());
        };
        for use_name in body.descendants().filter_map(ast::UseName::cast) {
            if use_name.alias().is_none()
                && use_name.name_ref().is_some_and(|r| r.text() == new_name)
            {
                return Err(RenameError::Clash {
                    name: new_name.to_string(),
                    existing: def.path.clone(),
                    range: use_name.range(),
                });
            }
        }
        Ok(())
    }
}

/// A WIT identifier: kebab-case words, each starting with a letter and all
/// lowercase or all uppercase; `%` escapes a keyword.
pub fn check_identifier(name: &str) -> Result<(), RenameError> {
    let bare = name.strip_prefix('%').unwrap_or(name);
    let word_ok = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && (word
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                || word
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    };
    if bare.is_empty() || !bare.split('-').all(word_ok) {
        return Err(RenameError::InvalidName(name.to_string()));
    }
    if !name.starts_with('%') && SyntaxKind::from_keyword(name).is_some() {
        return Err(RenameError::Keyword(name.to_string()));
    }
    Ok(())
}
