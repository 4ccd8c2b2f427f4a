//! Functions and methods: async-ness, kind (method, static, constructor),
//! parameters by name and position, and results.

use wit_parser::{Function, FunctionKind, Interface, Span};

use super::{
    change::{Change, ChangeKind, Location},
    compare::{Differ, Pending, type_change},
    view::{PackageView, render},
};

impl Differ<'_> {
    pub(super) fn functions_of<'i>(&self, iface: &'i Interface) -> Vec<(String, &'i Function)> {
        iface
            .functions
            .values()
            .filter(|f| self.included(&f.stability))
            .map(|f| (display_func(f), f))
            .collect()
    }

    /// A function or method only one version has: removed when `old`,
    /// added otherwise. A removal points at `anchor` in the new version.
    pub(super) fn lone_function(
        &self,
        path: &str,
        f: &Function,
        old: bool,
        anchor: Option<Location>,
    ) -> Pending {
        let is_method = f.kind.resource().is_some();
        let (kind, what, view) = match (old, is_method) {
            (true, true) => (ChangeKind::MethodRemoved, "removed from", self.old),
            (true, false) => (ChangeKind::FuncRemoved, "removed from", self.old),
            (false, true) => (ChangeKind::MethodAdded, "added to", self.new),
            (false, false) => (ChangeKind::FuncAdded, "added to", self.new),
        };
        let noun = if is_method { "method" } else { "function" };
        let here = view.locate(f.span);
        let (old_loc, new_loc) = if old { (here, anchor) } else { (None, here) };
        let change = self
            .change(kind, &format!("{path}.{}", display_func(f)))
            .with_message(format!("{noun} `{}` was {what} `{path}`", display_func(f)))
            .with_locations(old_loc, new_loc)
            .with_stability(&f.stability);
        self.pending(change, &display_func(f), self.signature(view, f))
    }

    pub(super) fn function(&mut self, path: &str, old: &Function, new: &Function) {
        let item = format!("{path}.{}", display_func(old));
        let name = display_func(old);
        self.since(&item, &old.stability, &new.stability, old.span, new.span);
        let at = |d: &Self, kind, message: String, old_span: Span, new_span: Span| {
            d.change(kind, &item)
                .with_message(message)
                .with_locations(d.old.locate(old_span), d.new.locate(new_span))
                .with_stability(&old.stability)
        };
        if old.kind.is_async() != new.kind.is_async() {
            let (kind, now) = if new.kind.is_async() {
                (ChangeKind::FuncMadeAsync, "async")
            } else {
                (ChangeKind::FuncMadeSync, "no longer async")
            };
            let c = at(
                self,
                kind,
                format!("`{name}` is now {now}"),
                old.span,
                new.span,
            );
            self.out.push(c);
        }
        if kind_class(&old.kind) != kind_class(&new.kind) {
            let message = format!(
                "`{name}` changed from a {} to a {}",
                kind_class(&old.kind),
                kind_class(&new.kind)
            );
            let c = at(
                self,
                ChangeKind::FuncKindChanged,
                message,
                old.span,
                new.span,
            );
            self.out.push(c);
        }
        // A method's `self` comes with its kind; comparing the parameters
        // of a method with a static function's would only repeat that.
        if kind_class(&old.kind) == kind_class(&new.kind) {
            self.params(&name, old, new, &at);
        }
        let result = match self.blames_vanished(old.result.as_ref()) {
            true => super::types::TypeDiff::Same,
            false => self.types.diff(old.result.as_ref(), new.result.as_ref()),
        };
        if let Some((kind, o, n)) = type_change(result, ChangeKind::ResultTypeChanged) {
            let c = at(
                self,
                kind,
                format!("the result of `{name}` changed from `{o}` to `{n}`"),
                old.span,
                new.span,
            );
            self.out.push(c);
        }
    }

    fn params(
        &mut self,
        name: &str,
        old: &Function,
        new: &Function,
        at: &dyn Fn(&Self, ChangeKind, String, Span, Span) -> Change,
    ) {
        let old_names: Vec<&str> = old.params.iter().map(|p| p.name.as_str()).collect();
        let new_names: Vec<&str> = new.params.iter().map(|p| p.name.as_str()).collect();
        if old_names.len() != new_names.len() {
            let message = format!(
                "the parameters of `{name}` changed from `({})` to `({})`",
                self.param_list(self.old, old),
                self.param_list(self.new, new)
            );
            let c = at(self, ChangeKind::ParamsChanged, message, old.span, new.span);
            self.out.push(c);
            return;
        }
        let mut sorted_old = old_names.clone();
        let mut sorted_new = new_names.clone();
        sorted_old.sort_unstable();
        sorted_new.sort_unstable();
        let reordered = old_names != new_names && sorted_old == sorted_new;
        if reordered {
            let message = format!(
                "the parameters of `{name}` were reordered from `({})` to `({})`",
                old_names.join(", "),
                new_names.join(", ")
            );
            let c = at(
                self,
                ChangeKind::ParamReordered,
                message,
                old.span,
                new.span,
            );
            self.out.push(c);
        }
        for (i, new_param) in new.params.iter().enumerate() {
            // After a reorder, compare each parameter with its namesake.
            let old_param = match reordered {
                true => old
                    .params
                    .iter()
                    .find(|p| p.name == new_param.name)
                    .unwrap_or(&old.params[i]),
                false => &old.params[i],
            };
            if !reordered && old_param.name != new_param.name {
                let message = format!(
                    "parameter `{}` of `{name}` was renamed to `{}`",
                    old_param.name, new_param.name
                );
                let c = at(
                    self,
                    ChangeKind::ParamRenamed,
                    message,
                    old_param.span,
                    new_param.span,
                );
                self.out.push(c);
            }
            let diff = match self.blames_vanished(Some(&old_param.ty)) {
                true => super::types::TypeDiff::Same,
                false => self.types.diff(Some(&old_param.ty), Some(&new_param.ty)),
            };
            if let Some((kind, o, n)) = type_change(diff, ChangeKind::ParamTypeChanged) {
                let message = format!(
                    "parameter `{}` of `{name}` changed from `{o}` to `{n}`",
                    new_param.name
                );
                let c = at(self, kind, message, old_param.span, new_param.span);
                self.out.push(c);
            }
        }
    }

    fn param_list(&self, view: PackageView<'_>, f: &Function) -> String {
        f.params
            .iter()
            .map(|p| format!("{}: {}", p.name, render(view.resolve, &p.ty)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A function's signature without its name, to recognise renames.
    pub(super) fn signature(&self, view: PackageView<'_>, f: &Function) -> String {
        let result = f
            .result
            .as_ref()
            .map(|t| render(view.resolve, t))
            .unwrap_or_default();
        format!(
            "{} func({}) -> {result}",
            kind_class(&f.kind),
            self.param_list(view, f)
        )
    }
}

pub(super) fn resource_name(view: PackageView<'_>, f: &Function) -> Option<String> {
    f.kind
        .resource()
        .and_then(|id| view.resolve.types[id].name.clone())
}

/// `f` for freestanding functions, `r.f` for methods and static functions,
/// `r.constructor` for constructors.
fn display_func(f: &Function) -> String {
    match &f.kind {
        FunctionKind::Freestanding | FunctionKind::AsyncFreestanding => f.name.clone(),
        FunctionKind::Constructor(_) => format!(
            "{}.constructor",
            f.name.split(']').nth(1).unwrap_or(&f.name)
        ),
        _ => f.name.split(']').nth(1).unwrap_or(&f.name).to_string(),
    }
}

fn kind_class(kind: &FunctionKind) -> &'static str {
    match kind {
        FunctionKind::Freestanding | FunctionKind::AsyncFreestanding => "function",
        FunctionKind::Method(_) | FunctionKind::AsyncMethod(_) => "method",
        FunctionKind::Static(_) | FunctionKind::AsyncStatic(_) => "static function",
        FunctionKind::Constructor(_) => "constructor",
        FunctionKind::Getter | FunctionKind::MethodGetter(_) | FunctionKind::StaticGetter(_) => {
            "getter"
        }
        FunctionKind::Setter | FunctionKind::MethodSetter(_) | FunctionKind::StaticSetter(_) => {
            "setter"
        }
    }
}
