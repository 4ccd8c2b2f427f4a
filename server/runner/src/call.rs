//! One call of an export, shared by one-off calls and sessions: the
//! arguments parsed against the parameter types, the guest run until its
//! results are complete, the results shown in WAVE.
//!
//! Every call goes through wasmtime's async entry point, sync exports too:
//! it is the one that runs `async func`s, and it lets the deadline cut a
//! guest that waits (on a clock, on a future no one resolves) as well as one
//! that computes.

use wasmtime::Store;
use wasmtime::component::wasm_wave::value::{Type as WaveType, Value};
use wasmtime::component::wasm_wave::wasm::{DisplayFuncResults, WasmTypeKind, WasmValue};
use wasmtime::component::{Func, ResourceAny, Type, Val};

use crate::call_text::CallText;
use crate::exports::FuncEntry;
use crate::handles::{from_val, to_val, wave_type};
use crate::outcome::{RunError, WaveError};
use crate::sandbox::{Host, until_deadline};
use crate::transmit;

/// The arguments of `text` as component values; numbers at resource
/// positions are looked up in `handles`. Refuses, before anything runs, a
/// function whose types cannot be called yet.
pub(crate) fn parse_args(
    text: &CallText<'_>,
    entry: &FuncEntry,
    handles: &[ResourceAny],
) -> Result<Vec<Val>, RunError> {
    let param_types: Vec<Type> = entry.ty.params().map(|(_, ty)| ty).collect();
    let result_types: Vec<Type> = entry.ty.results().collect();
    if let Some(why) = param_types
        .iter()
        .chain(&result_types)
        .find_map(transmit::unsupported)
    {
        return Err(RunError::Unsupported {
            message: format!("`{}`: {why}", entry.func.qualified_name),
        });
    }
    // A `stream<u8>` may be written as a string: its UTF-8 bytes.
    let strings = text.string_literal_args();
    let as_text =
        |i: usize, ty: &Type| is_byte_stream(ty) && strings.get(i).copied().unwrap_or(false);
    let wave_types = param_types
        .iter()
        .enumerate()
        .map(|(i, ty)| {
            if as_text(i, ty) {
                WaveType::simple(WasmTypeKind::String)
            } else {
                wave_type(ty)
            }
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| RunError::Unsupported {
            // wasm-wave 0.261 has no kind for either.
            message: format!(
                "`{}` takes or returns a map or an error-context, which cannot be called yet",
                entry.func.qualified_name
            ),
        })?;
    let values = text.params::<Value>(&wave_types).map_err(RunError::Wave)?;
    values
        .iter()
        .zip(&param_types)
        .enumerate()
        .map(|(i, (value, ty))| {
            if as_text(i, ty) {
                let bytes = value.unwrap_string();
                return Ok(Val::List(bytes.bytes().map(Val::U8).collect()));
            }
            to_val(value, ty, handles)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| {
            RunError::Wave(WaveError {
                range: text.args_range(),
                message,
            })
        })
}

fn is_byte_stream(ty: &Type) -> bool {
    matches!(ty, Type::Stream(stream) if matches!(stream.ty(), Some(Type::U8)))
}

/// Calls `func` and waits for its results, streams read to their end and
/// futures to their value, all before the store's deadline.
pub(crate) fn invoke(
    store: &mut Store<Host>,
    func: Func,
    entry: &FuncEntry,
    params: Vec<Val>,
) -> wasmtime::Result<Vec<Val>> {
    let param_types: Vec<Type> = entry.ty.params().map(|(_, ty)| ty).collect();
    let result_types: Vec<Type> = entry.ty.results().collect();
    let stop = store.data().stop();
    let params = transmit::lower_params(&mut *store, &param_types, params)?;
    let mut results = vec![Val::Bool(false); result_types.len()];
    // This traps when the guest waits on something nothing can resolve,
    // rather than sitting out the deadline.
    until_deadline(&stop, func.call_async(&mut *store, &params, &mut results))?;
    if !transmit::any_transmit(&results) {
        return Ok(results);
    }
    // The guest tasks that write the streams it returned run on in this
    // second turn of the event loop.
    until_deadline(
        &stop,
        store.run_concurrent(async |accessor| {
            transmit::collect_results(accessor, &result_types, results).await
        }),
    )?
}

/// The results in WAVE, as `wasmtime run --invoke` prints them; each
/// resource is added to `handles` and shown as its number.
pub(crate) fn show_results(
    results: &[Val],
    entry: &FuncEntry,
    handles: &mut Vec<ResourceAny>,
) -> Result<String, RunError> {
    let shown = results
        .iter()
        .zip(entry.ty.results())
        .map(|(v, ty)| from_val(v, &ty, handles))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|message| RunError::Unsupported { message })?;
    Ok(DisplayFuncResults(&shown).to_string())
}
