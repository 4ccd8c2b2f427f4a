//! Values as a call spells them, in WAVE, for what WAVE cannot spell.
//!
//! WAVE has no spelling for a resource, so within a session a handle is a
//! number: the first resource a call returns is `1`, the next `2`, and so
//! on, and passing `1` where a resource is expected passes that handle. Nor
//! has it one for a stream or a future: those are spelled as the values
//! they carry (see `transmit`). To parse and print such values, each
//! component type is mirrored as a WAVE type with `u32` in place of every
//! resource, `list<T>` in place of `stream<T>` and `T` in place of
//! `future<T>`, and values are converted between the two with the
//! session's handle table.

use std::borrow::Cow;

use wasmtime::component::wasm_wave::value::{Type as WaveType, Value};
use wasmtime::component::wasm_wave::wasm::{WasmTypeKind, WasmValue};
use wasmtime::component::{ResourceAny, Type, Val};

/// The WAVE mirror of `ty`; `None` for types a call cannot handle yet
/// (maps, and streams or futures that carry nothing).
pub(crate) fn wave_type(ty: &Type) -> Option<WaveType> {
    let simple = |kind| WaveType::simple(kind);
    Some(match ty {
        Type::Bool => simple(WasmTypeKind::Bool)?,
        Type::S8 => simple(WasmTypeKind::S8)?,
        Type::U8 => simple(WasmTypeKind::U8)?,
        Type::S16 => simple(WasmTypeKind::S16)?,
        Type::U16 => simple(WasmTypeKind::U16)?,
        Type::S32 => simple(WasmTypeKind::S32)?,
        Type::U32 | Type::Own(_) | Type::Borrow(_) => simple(WasmTypeKind::U32)?,
        Type::S64 => simple(WasmTypeKind::S64)?,
        Type::U64 => simple(WasmTypeKind::U64)?,
        Type::Float32 => simple(WasmTypeKind::F32)?,
        Type::Float64 => simple(WasmTypeKind::F64)?,
        Type::Char => simple(WasmTypeKind::Char)?,
        Type::String => simple(WasmTypeKind::String)?,
        Type::List(list) => WaveType::list(wave_type(&list.ty())?),
        Type::FixedLengthList(list) => {
            WaveType::fixed_length_list(wave_type(&list.ty())?, list.len())
        }
        Type::Record(record) => {
            let fields: Option<Vec<(String, WaveType)>> = record
                .fields()
                .map(|f| Some((f.name.to_string(), wave_type(&f.ty)?)))
                .collect();
            WaveType::record(fields?)?
        }
        Type::Tuple(tuple) => WaveType::tuple(
            tuple
                .types()
                .map(|t| wave_type(&t))
                .collect::<Option<Vec<_>>>()?,
        )?,
        Type::Variant(variant) => {
            let cases: Option<Vec<(String, Option<WaveType>)>> = variant
                .cases()
                .map(|c| {
                    Some((
                        c.name.to_string(),
                        match &c.ty {
                            Some(t) => Some(wave_type(t)?),
                            None => None,
                        },
                    ))
                })
                .collect();
            WaveType::variant(cases?)?
        }
        Type::Enum(e) => WaveType::enum_ty(e.names())?,
        Type::Flags(flags) => WaveType::flags(flags.names())?,
        Type::Option(option) => WaveType::option(wave_type(&option.ty())?),
        Type::Result(result) => {
            let ok = match result.ok() {
                Some(t) => Some(wave_type(&t)?),
                None => None,
            };
            let err = match result.err() {
                Some(t) => Some(wave_type(&t)?),
                None => None,
            };
            WaveType::result(ok, err)
        }
        // What passes through them (see `transmit`).
        Type::Stream(stream) => WaveType::list(wave_type(&stream.ty()?)?),
        Type::Future(future) => wave_type(&future.ty()?)?,
        Type::Map(_) | Type::ErrorContext => return None,
    })
}

/// A parsed argument as a component value; numbers at resource positions
/// become the session's handles.
pub(crate) fn to_val(value: &Value, ty: &Type, handles: &[ResourceAny]) -> Result<Val, String> {
    let each = |items: Box<dyn Iterator<Item = Cow<'_, Value>> + '_>, ty: &Type| {
        items
            .map(|v| to_val(&v, ty, handles))
            .collect::<Result<Vec<_>, _>>()
    };
    let boxed = |v: Option<Cow<'_, Value>>, ty: Option<Type>| -> Result<Option<Box<Val>>, String> {
        match (v, ty) {
            (Some(v), Some(ty)) => Ok(Some(Box::new(to_val(&v, &ty, handles)?))),
            _ => Ok(None),
        }
    };
    Ok(match ty {
        Type::Bool => Val::Bool(value.unwrap_bool()),
        Type::S8 => Val::S8(value.unwrap_s8()),
        Type::U8 => Val::U8(value.unwrap_u8()),
        Type::S16 => Val::S16(value.unwrap_s16()),
        Type::U16 => Val::U16(value.unwrap_u16()),
        Type::S32 => Val::S32(value.unwrap_s32()),
        Type::U32 => Val::U32(value.unwrap_u32()),
        Type::S64 => Val::S64(value.unwrap_s64()),
        Type::U64 => Val::U64(value.unwrap_u64()),
        Type::Float32 => Val::Float32(value.unwrap_f32()),
        Type::Float64 => Val::Float64(value.unwrap_f64()),
        Type::Char => Val::Char(value.unwrap_char()),
        Type::String => Val::String(value.unwrap_string().into_owned()),
        Type::List(list) => Val::List(each(value.unwrap_list(), &list.ty())?),
        Type::FixedLengthList(list) => Val::FixedLengthList(each(value.unwrap_list(), &list.ty())?),
        Type::Record(record) => Val::Record(
            record
                .fields()
                .zip(value.unwrap_record())
                .map(|(field, (_, v))| {
                    Ok((field.name.to_string(), to_val(&v, &field.ty, handles)?))
                })
                .collect::<Result<_, String>>()?,
        ),
        Type::Tuple(tuple) => Val::Tuple(
            tuple
                .types()
                .zip(value.unwrap_tuple())
                .map(|(t, v)| to_val(&v, &t, handles))
                .collect::<Result<_, _>>()?,
        ),
        Type::Variant(variant) => {
            let (name, payload) = value.unwrap_variant();
            let case_ty = variant.cases().find(|c| c.name == name).and_then(|c| c.ty);
            Val::Variant(name.into_owned(), boxed(payload, case_ty)?)
        }
        Type::Enum(_) => Val::Enum(value.unwrap_enum().into_owned()),
        Type::Flags(_) => Val::Flags(value.unwrap_flags().map(Cow::into_owned).collect()),
        Type::Option(option) => Val::Option(boxed(value.unwrap_option(), Some(option.ty()))?),
        Type::Result(result) => Val::Result(match value.unwrap_result() {
            Ok(v) => Ok(boxed(v, result.ok())?),
            Err(v) => Err(boxed(v, result.err())?),
        }),
        Type::Own(_) | Type::Borrow(_) => {
            let number = value.unwrap_u32();
            let handle = (number as usize)
                .checked_sub(1)
                .and_then(|i| handles.get(i));
            Val::Resource(
                *handle.ok_or_else(|| format!("no resource handle {number} in this session"))?,
            )
        }
        // The values to send; `transmit` makes the stream or future of them.
        Type::Stream(stream) => {
            let element = stream
                .ty()
                .ok_or("a stream that carries no values cannot be called yet")?;
            Val::List(each(value.unwrap_list(), &element)?)
        }
        Type::Future(future) => to_val(
            value,
            &future
                .ty()
                .ok_or("a future that carries no value cannot be called yet")?,
            handles,
        )?,
        Type::Map(_) | Type::ErrorContext => return Err("maps cannot be called yet".into()),
    })
}

/// A result as a WAVE value; each resource is added to `handles` and shown
/// as its number.
pub(crate) fn from_val(
    val: &Val,
    ty: &Type,
    handles: &mut Vec<ResourceAny>,
) -> Result<Value, String> {
    let wave_ty = wave_type(ty).ok_or("maps cannot be shown yet")?;
    let fail = |e: wasmtime::component::wasm_wave::wasm::WasmValueError| e.to_string();
    let inner =
        |v: &Option<Box<Val>>, ty: Option<Type>, handles: &mut Vec<ResourceAny>| match (v, ty) {
            (Some(v), Some(ty)) => from_val(v, &ty, handles).map(Some),
            _ => Ok(None),
        };
    Ok(match (val, ty) {
        (Val::Bool(v), _) => Value::make_bool(*v),
        (Val::S8(v), _) => Value::make_s8(*v),
        (Val::U8(v), _) => Value::make_u8(*v),
        (Val::S16(v), _) => Value::make_s16(*v),
        (Val::U16(v), _) => Value::make_u16(*v),
        (Val::S32(v), _) => Value::make_s32(*v),
        (Val::U32(v), _) => Value::make_u32(*v),
        (Val::S64(v), _) => Value::make_s64(*v),
        (Val::U64(v), _) => Value::make_u64(*v),
        (Val::Float32(v), _) => Value::make_f32(*v),
        (Val::Float64(v), _) => Value::make_f64(*v),
        (Val::Char(v), _) => Value::make_char(*v),
        (Val::String(v), _) => Value::make_string(Cow::Borrowed(v)),
        // A stream result has been read to its end, a future to its value (`transmit`).
        (v, Type::Future(future)) if future.ty().is_some() => {
            from_val(v, &future.ty().expect("checked"), handles)?
        }
        (
            Val::List(items) | Val::FixedLengthList(items),
            Type::List(_) | Type::FixedLengthList(_) | Type::Stream(_),
        ) => {
            let element = match ty {
                Type::List(list) => list.ty(),
                Type::FixedLengthList(list) => list.ty(),
                Type::Stream(stream) => stream
                    .ty()
                    .ok_or("a stream that carries no values cannot be shown")?,
                _ => unreachable!("matched above"),
            };
            let values = items
                .iter()
                .map(|v| from_val(v, &element, handles))
                .collect::<Result<Vec<_>, _>>()?;
            Value::make_list(&wave_ty, values).map_err(fail)?
        }
        (Val::Record(fields), Type::Record(record)) => {
            let mut values = Vec::new();
            for ((name, v), field) in fields.iter().zip(record.fields()) {
                values.push((name.as_str(), from_val(v, &field.ty, handles)?));
            }
            Value::make_record(&wave_ty, values).map_err(fail)?
        }
        (Val::Tuple(items), Type::Tuple(tuple)) => {
            let values = items
                .iter()
                .zip(tuple.types())
                .map(|(v, t)| from_val(v, &t, handles))
                .collect::<Result<Vec<_>, _>>()?;
            Value::make_tuple(&wave_ty, values).map_err(fail)?
        }
        (Val::Variant(name, payload), Type::Variant(variant)) => {
            let case_ty = variant.cases().find(|c| c.name == name).and_then(|c| c.ty);
            Value::make_variant(&wave_ty, name, inner(payload, case_ty, handles)?).map_err(fail)?
        }
        (Val::Enum(name), _) => Value::make_enum(&wave_ty, name).map_err(fail)?,
        (Val::Flags(names), _) => {
            Value::make_flags(&wave_ty, names.iter().map(String::as_str)).map_err(fail)?
        }
        (Val::Option(v), Type::Option(option)) => {
            Value::make_option(&wave_ty, inner(v, Some(option.ty()), handles)?).map_err(fail)?
        }
        (Val::Result(v), Type::Result(result)) => {
            let v = match v {
                Ok(v) => Ok(inner(v, result.ok(), handles)?),
                Err(v) => Err(inner(v, result.err(), handles)?),
            };
            Value::make_result(&wave_ty, v).map_err(fail)?
        }
        (Val::Resource(resource), _) => {
            handles.push(*resource);
            Value::make_u32(handles.len() as u32)
        }
        _ => {
            return Err(format!(
                "a {} value cannot be shown",
                crate::template::type_text(ty)
            ));
        }
    })
}
