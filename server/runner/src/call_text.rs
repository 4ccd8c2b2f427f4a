//! Reading a call such as `acme:shop/cart.total([{cents: 5, currency: "EUR"}])`.
//!
//! wasm-wave parses `name(args)` itself, but its name grammar has no room for
//! a versioned interface (`acme:shop/cart@0.1.0.total`). So the name is split
//! off here, at the first `(`, and WAVE sees only the argument list; its error
//! spans are shifted back so they point into the text the user typed.

use std::ops::Range;

use wasmtime::component::wasm_wave::ast::NodeType;
use wasmtime::component::wasm_wave::untyped::UntypedFuncCall;
use wasmtime::component::wasm_wave::wasm::WasmValue;

use crate::outcome::WaveError;

/// The function name of a call, and the rest of the text.
pub(crate) struct CallText<'a> {
    pub(crate) name: &'a str,
    name_range: Range<usize>,
    /// The argument list from its `(` on, and where it starts in the text.
    args: Option<(&'a str, usize)>,
}

pub(crate) fn split(text: &str) -> Result<CallText<'_>, WaveError> {
    let (name_part, args) = match text.find('(') {
        Some(open) => (&text[..open], Some((&text[open..], open))),
        None => (text, None),
    };
    let start = name_part.len() - name_part.trim_start().len();
    let name = name_part.trim();
    if name.is_empty() {
        return Err(WaveError {
            range: 0..text.len(),
            message: "expected a function name, as in `greet(\"world\")`".into(),
        });
    }
    Ok(CallText {
        name,
        name_range: start..start + name.len(),
        args,
    })
}

/// The placeholder name WAVE parses in front of the argument list.
const PLACEHOLDER: &str = "f";

impl CallText<'_> {
    /// The whole argument list, `(` to `)`, for errors about all of it.
    pub(crate) fn args_range(&self) -> Range<usize> {
        match self.args {
            Some((args, offset)) => offset..offset + args.len(),
            None => self.name_range.clone(),
        }
    }

    /// Parses the arguments against the parameter types. A missing argument
    /// list is an empty one, so `hello` calls `hello()`.
    pub(crate) fn params<V: WasmValue + 'static>(
        &self,
        types: &[V::Type],
    ) -> Result<Vec<V>, WaveError> {
        let Some((args, offset)) = self.args else {
            if types.is_empty() {
                return Ok(Vec::new());
            }
            return Err(WaveError {
                range: self.name_range.clone(),
                message: format!(
                    "`{}` takes {} argument(s); write them in parentheses",
                    self.name,
                    types.len()
                ),
            });
        };
        let source = format!("{PLACEHOLDER}{args}");
        let shift = |span: Range<usize>| {
            let from = |i: usize| {
                (i.max(PLACEHOLDER.len()) - PLACEHOLDER.len() + offset).min(offset + args.len())
            };
            from(span.start)..from(span.end)
        };
        let call = UntypedFuncCall::parse(&source).map_err(|e| wave_error(&e, shift(e.span())))?;
        call.to_wasm_params::<V>(types)
            .map_err(|e| wave_error(&e, shift(e.span())))
    }
}

impl CallText<'_> {
    /// For each argument, whether it is written as a string literal; empty
    /// when the arguments do not parse (`params` then says why).
    pub(crate) fn string_literal_args(&self) -> Vec<bool> {
        let Some((args, _)) = self.args else {
            return Vec::new();
        };
        let source = format!("{PLACEHOLDER}{args}");
        let Ok(call) = UntypedFuncCall::parse(&source) else {
            return Vec::new();
        };
        let Some(Ok(args)) = call.params_node().map(|node| node.as_tuple()) else {
            return Vec::new();
        };
        args.map(|arg| matches!(arg.ty(), NodeType::String | NodeType::MultilineString))
            .collect()
    }
}

fn wave_error(
    e: &wasmtime::component::wasm_wave::parser::ParserError,
    range: Range<usize>,
) -> WaveError {
    let message = match (e.detail(), std::error::Error::source(e)) {
        (Some(detail), _) => format!("{}: {detail}", e.kind()),
        (None, Some(source)) => format!("{}: {source}", e.kind()),
        (None, None) => e.kind().to_string(),
    };
    WaveError { range, message }
}
