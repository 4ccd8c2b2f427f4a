//! The functions a component exports, and finding one by the name a user typed.

use wasmtime::Engine;
use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Component, ComponentExportIndex};

use crate::outcome::RunError;
use crate::template::{free_of_resources, template_value, type_text};

/// One callable export, described for a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFunc {
    /// The function's own name, e.g. `total` or `[method]cart.add-item`.
    pub name: String,
    /// The interface export it belongs to (`acme:shop/cart@0.1.0`); `None` for
    /// world-level functions.
    pub interface: Option<String>,
    /// `interface.name`, or `name` for world-level functions. Always accepted by
    /// [`crate::Runner::call`]; the bare name is accepted when it is unambiguous.
    pub qualified_name: String,
    /// Parameter names and their types.
    pub params: Vec<(String, String)>,
    pub results: Vec<String>,
    /// A call with a placeholder value for every parameter, ready to edit:
    /// `total([{cents: 0, currency: ""}])`.
    pub template: String,
    /// True when a parameter or result is a resource: [`crate::Runner::call`]
    /// refuses such functions, a [`crate::Session`] calls them.
    pub uses_resources: bool,
    /// An `async func`: called as a task of the Component Model's async ABI.
    pub is_async: bool,
}

impl ExportFunc {
    /// `name(p: t, ...) -> r`, or `async name(...)`, for lists and hovers.
    pub fn signature(&self) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|(n, t)| format!("{n}: {t}"))
            .collect();
        let prefix = if self.is_async { "async " } else { "" };
        let mut text = format!("{prefix}{}({})", self.qualified_name, params.join(", "));
        match self.results.as_slice() {
            [] => {}
            [one] => text.push_str(&format!(" -> {one}")),
            many => text.push_str(&format!(" -> ({})", many.join(", "))),
        }
        text
    }
}

/// An export together with what calling it needs.
#[derive(Clone)]
pub(crate) struct FuncEntry {
    pub(crate) func: ExportFunc,
    pub(crate) index: ComponentExportIndex,
    pub(crate) ty: ComponentFunc,
}

pub(crate) fn collect(engine: &Engine, component: &Component) -> Vec<FuncEntry> {
    let mut entries = Vec::new();
    for (name, export) in component.component_type().exports(engine) {
        match export.ty {
            ComponentItem::ComponentFunc(ty) => {
                if let Some(index) = component.get_export_index(None, name) {
                    entries.push(entry(None, name, ty, index));
                }
            }
            ComponentItem::ComponentInstance(instance) => {
                let Some(instance_index) = component.get_export_index(None, name) else {
                    continue;
                };
                for (func_name, item) in instance.exports(engine) {
                    let ComponentItem::ComponentFunc(ty) = item.ty else {
                        continue;
                    };
                    if let Some(index) =
                        component.get_export_index(Some(&instance_index), func_name)
                    {
                        entries.push(entry(Some(name), func_name, ty, index));
                    }
                }
            }
            _ => {}
        }
    }
    entries
}

fn entry(
    interface: Option<&str>,
    name: &str,
    ty: ComponentFunc,
    index: ComponentExportIndex,
) -> FuncEntry {
    let qualified_name = match interface {
        Some(interface) => format!("{interface}.{name}"),
        None => name.to_string(),
    };
    let params: Vec<(String, String)> = ty
        .params()
        .map(|(n, t)| (n.to_string(), type_text(&t)))
        .collect();
    let results: Vec<String> = ty.results().map(|t| type_text(&t)).collect();
    let values: Vec<String> = ty.params().map(|(_, t)| template_value(&t)).collect();
    let uses_resources = !(ty.params().all(|(_, t)| free_of_resources(&t))
        && ty.results().all(|t| free_of_resources(&t)));
    let template = format!("{qualified_name}({})", values.join(", "));
    let func = ExportFunc {
        name: name.to_string(),
        interface: interface.map(str::to_string),
        qualified_name,
        params,
        results,
        template,
        uses_resources,
        is_async: ty.async_(),
    };
    FuncEntry { func, index, ty }
}

/// Finds `name` as a qualified name, else as an unambiguous bare name.
pub(crate) fn find<'a>(entries: &'a [FuncEntry], name: &str) -> Result<&'a FuncEntry, RunError> {
    if let Some(entry) = entries.iter().find(|e| e.func.qualified_name == name) {
        return Ok(entry);
    }
    let bare: Vec<&FuncEntry> = entries.iter().filter(|e| e.func.name == name).collect();
    match bare.as_slice() {
        [one] => Ok(one),
        [] => Err(RunError::UnknownFunction {
            name: name.to_string(),
            message: format!(
                "no export named `{name}`; exports: {}",
                list(entries.iter())
            ),
        }),
        many => Err(RunError::UnknownFunction {
            name: name.to_string(),
            message: format!(
                "`{name}` is ambiguous; qualify it as one of: {}",
                list(many.iter().copied())
            ),
        }),
    }
}

fn list<'a>(entries: impl Iterator<Item = &'a FuncEntry>) -> String {
    let names: Vec<&str> = entries.map(|e| e.func.qualified_name.as_str()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
