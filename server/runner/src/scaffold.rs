//! A new guest project for a world: the files of a minimal Rust, JavaScript
//! or Python project that implements every export with a stub returning a
//! default value (so it builds and runs as it is), and the steps that
//! install its toolchain and generate the toolchain's own bindings beside
//! it (`jco types`, `componentize-py bindings`). Nothing is written over an
//! existing file.

mod js;
mod python;
mod rust;

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::AtomicBool;

use wit_parser::{
    Function, FunctionKind, Interface, InterfaceId, Resolve, Type, TypeDefKind, TypeId, WorldId,
    WorldItem, WorldKey,
};

use crate::build::{BuildError, process_run};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Rust,
    JavaScript,
    Python,
}

impl Lang {
    pub fn parse(text: &str) -> Option<Lang> {
        match text.to_ascii_lowercase().as_str() {
            "rust" | "rs" => Some(Lang::Rust),
            "js" | "javascript" => Some(Lang::JavaScript),
            "python" | "py" => Some(Lang::Python),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Lang::Rust => "rust",
            Lang::JavaScript => "js",
            Lang::Python => "python",
        }
    }
}

/// What [`write`] does: the files, relative to `dir`, and then the
/// commands run in `dir`.
#[derive(Debug, Clone)]
pub struct Plan {
    pub dir: PathBuf,
    /// `ns:pkg/world`, as `wit-analyzer build` takes it.
    pub world: String,
    pub files: Vec<(PathBuf, String)>,
    pub steps: Vec<Vec<String>>,
}

/// The project for `world` of the WIT package at `wit` (a folder or a
/// file), to be written to `dir`.
pub fn plan(wit: &Path, world: &str, lang: Lang, dir: &Path) -> Result<Plan, String> {
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_path(wit)
        .map_err(|e| format!("{}: {e:#}", wit.display()))?;
    let world_id = resolve
        .select_world(&[package], Some(world))
        .map_err(|e| format!("{}: {e:#}", wit.display()))?;
    let model = Model::new(&resolve, world_id);
    let dir = std::path::absolute(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let wit_abs = std::path::absolute(wit).map_err(|e| format!("{}: {e}", wit.display()))?;
    let wit_rel = relative(&wit_abs, &dir);
    let (files, steps) = match lang {
        Lang::Rust => (rust::files(&model, &wit_rel), Vec::new()),
        Lang::JavaScript => js::project(&model, &wit_rel),
        Lang::Python => python::project(&model, &wit_rel),
    };
    Ok(Plan {
        dir,
        world: model.qualified(),
        files,
        steps,
    })
}

/// Writes the plan's files (refusing, before writing any, when one of them
/// exists) and runs its steps, their output streamed to `on_line`.
pub fn write(plan: &Plan, on_line: &mut dyn FnMut(&str)) -> Result<Vec<PathBuf>, String> {
    let existing: Vec<String> = plan
        .files
        .iter()
        .map(|(path, _)| plan.dir.join(path))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "not writing over existing files: {}\nhint: choose another directory, or move them away",
            existing.join(", ")
        ));
    }
    let mut written = Vec::new();
    for (path, text) in &plan.files {
        let path = plan.dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    let cancel = AtomicBool::new(false);
    for step in &plan.steps {
        on_line(&format!("wit-analyzer: {}", step.join(" ")));
        let status = process_run(step, &plan.dir, on_line, &cancel).map_err(|e: BuildError| {
            format!("{e}\n(the files are written; run the step again by hand)")
        })?;
        if !status.success() {
            return Err(format!(
                "`{}` failed ({status}) in {}; the files are written",
                step.join(" "),
                plan.dir.display()
            ));
        }
    }
    Ok(written)
}

/// `to` as a path relative to `from` (both absolute), with `/` separators.
fn relative(to: &Path, from: &Path) -> String {
    let to: Vec<Component> = to.components().collect();
    let from: Vec<Component> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> =
        std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// The world's exports, as the three renderers walk them.
pub(crate) struct Model<'a> {
    pub resolve: &'a Resolve,
    pub world: WorldId,
    /// Functions the world itself exports.
    pub functions: Vec<&'a Function>,
    /// Exported interfaces: the name they are exported under, and the id.
    pub interfaces: Vec<(String, InterfaceId)>,
}

impl<'a> Model<'a> {
    fn new(resolve: &'a Resolve, world: WorldId) -> Model<'a> {
        let mut functions = Vec::new();
        let mut interfaces = Vec::new();
        for (key, item) in &resolve.worlds[world].exports {
            match item {
                WorldItem::Function(f) => functions.push(f),
                WorldItem::Interface { id, .. } => {
                    let name = match key {
                        WorldKey::Name(name) => name.clone(),
                        WorldKey::Interface(id) => resolve.interfaces[*id]
                            .name
                            .clone()
                            .unwrap_or_else(|| "iface".into()),
                    };
                    interfaces.push((name, *id));
                }
                WorldItem::Type { .. } => {}
            }
        }
        Model {
            resolve,
            world,
            functions,
            interfaces,
        }
    }

    pub fn world_name(&self) -> &str {
        &self.resolve.worlds[self.world].name
    }

    pub fn qualified(&self) -> String {
        let world = &self.resolve.worlds[self.world];
        match world.package {
            Some(p) => {
                let name = &self.resolve.packages[p].name;
                format!("{}:{}/{}", name.namespace, name.name, world.name)
            }
            None => world.name.clone(),
        }
    }

    pub fn interface(&self, id: InterfaceId) -> &'a Interface {
        &self.resolve.interfaces[id]
    }

    /// Whether the world exports `id` (its types live in the export's
    /// module of the bindings, not the import's).
    pub fn exports_interface(&self, id: InterfaceId) -> bool {
        self.interfaces.iter().any(|(_, i)| *i == id)
    }

    /// The resources an interface defines, with their functions.
    pub fn resources(&self, id: InterfaceId) -> Vec<(TypeId, &'a str, Vec<&'a Function>)> {
        let interface = self.interface(id);
        interface
            .types
            .iter()
            .filter(|(_, t)| matches!(self.resolve.types[**t].kind, TypeDefKind::Resource))
            .map(|(name, t)| {
                let functions = interface
                    .functions
                    .values()
                    .filter(|f| resource_of(f) == Some(*t))
                    .collect();
                (*t, name.as_str(), functions)
            })
            .collect()
    }

    /// The interface's functions that belong to no resource.
    pub fn freestanding(&self, id: InterfaceId) -> Vec<&'a Function> {
        self.interface(id)
            .functions
            .values()
            .filter(|f| resource_of(f).is_none())
            .collect()
    }

    /// The type an alias (`type pad = …`) stands for, through every alias.
    pub fn unalias(&self, ty: Type) -> Type {
        let mut ty = ty;
        while let Type::Id(id) = ty {
            match self.resolve.types[id].kind {
                TypeDefKind::Type(inner) => ty = inner,
                _ => break,
            }
        }
        ty
    }

    /// Whether `resource` is defined by an interface the world exports.
    pub fn exported_resource(&self, resource: TypeId) -> Option<InterfaceId> {
        match self.resolve.types[resource].owner {
            wit_parser::TypeOwner::Interface(i) if self.exports_interface(i) => Some(i),
            _ => None,
        }
    }
}

pub(crate) fn resource_of(f: &Function) -> Option<TypeId> {
    match f.kind {
        FunctionKind::Method(r)
        | FunctionKind::Static(r)
        | FunctionKind::Constructor(r)
        | FunctionKind::AsyncMethod(r)
        | FunctionKind::AsyncStatic(r)
        | FunctionKind::MethodGetter(r)
        | FunctionKind::MethodSetter(r)
        | FunctionKind::StaticGetter(r)
        | FunctionKind::StaticSetter(r) => Some(r),
        FunctionKind::Freestanding
        | FunctionKind::AsyncFreestanding
        | FunctionKind::Getter
        | FunctionKind::Setter => None,
    }
}

/// The name a resource function has within its resource (`[method]cart.add` is `add`).
pub(crate) fn item_name(f: &Function) -> &str {
    f.item_name()
}

pub(crate) fn snake(name: &str) -> String {
    name.replace('-', "_")
}

pub(crate) fn upper_camel(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

pub(crate) fn lower_camel(name: &str) -> String {
    let upper = upper_camel(name);
    let mut chars = upper.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(crate) fn screaming(name: &str) -> String {
    snake(name).to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative(Path::new("/w/wit/app"), Path::new("/w/guests/js")),
            "../../wit/app"
        );
        assert_eq!(relative(Path::new("/w/p/wit"), Path::new("/w/p")), "wit");
    }

    #[test]
    fn names_in_each_language_spelling() {
        assert_eq!(upper_camel("line-item"), "LineItem");
        assert_eq!(lower_camel("echo-u8"), "echoU8");
        assert_eq!(snake("read-file"), "read_file");
        assert_eq!(screaming("empty-cart"), "EMPTY_CART");
    }
}
