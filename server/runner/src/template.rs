//! Text for the user from component types: a WIT-like spelling of each type,
//! and a WAVE value of each type to pre-fill an argument prompt with.
//!
//! Component types are structural (a record has fields, not a name), so the
//! spelling is structural too: `record { cents: u64, currency: string }`.

use wasmtime::component::Type;

pub(crate) fn type_text(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::S8 => "s8".into(),
        Type::U8 => "u8".into(),
        Type::S16 => "s16".into(),
        Type::U16 => "u16".into(),
        Type::S32 => "s32".into(),
        Type::U32 => "u32".into(),
        Type::S64 => "s64".into(),
        Type::U64 => "u64".into(),
        Type::Float32 => "f32".into(),
        Type::Float64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::List(list) => format!("list<{}>", type_text(&list.ty())),
        Type::FixedLengthList(list) => format!("list<{}, {}>", type_text(&list.ty()), list.len()),
        Type::Map(map) => format!(
            "map<{}, {}>",
            type_text(&map.key()),
            type_text(&map.value())
        ),
        Type::Record(record) => {
            let fields: Vec<String> = record
                .fields()
                .map(|f| format!("{}: {}", f.name, type_text(&f.ty)))
                .collect();
            format!("record {{ {} }}", fields.join(", "))
        }
        Type::Tuple(tuple) => format!("tuple<{}>", join(tuple.types().map(|t| type_text(&t)))),
        Type::Variant(variant) => {
            let cases = variant.cases().map(|c| match c.ty {
                Some(ty) => format!("{}({})", c.name, type_text(&ty)),
                None => c.name.to_string(),
            });
            format!("variant {{ {} }}", join(cases))
        }
        Type::Enum(e) => format!("enum {{ {} }}", join(e.names().map(str::to_string))),
        Type::Flags(flags) => format!("flags {{ {} }}", join(flags.names().map(str::to_string))),
        Type::Option(option) => format!("option<{}>", type_text(&option.ty())),
        Type::Result(result) => match (result.ok(), result.err()) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", type_text(&ok)),
            (None, Some(err)) => format!("result<_, {}>", type_text(&err)),
            (Some(ok), Some(err)) => format!("result<{}, {}>", type_text(&ok), type_text(&err)),
        },
        Type::Own(_) => "own<resource>".into(),
        Type::Borrow(_) => "borrow<resource>".into(),
        Type::Future(future) => match future.ty() {
            Some(payload) => format!("future<{}>", type_text(&payload)),
            None => "future".into(),
        },
        Type::Stream(stream) => match stream.ty() {
            Some(element) => format!("stream<{}>", type_text(&element)),
            None => "stream".into(),
        },
        Type::ErrorContext => "error-context".into(),
    }
}

/// A valid WAVE value of `ty` that shows its shape: one element in lists,
/// `some(..)` in options, the first case of variants and enums.
pub(crate) fn template_value(ty: &Type) -> String {
    match ty {
        Type::Bool => "false".into(),
        Type::S8
        | Type::U8
        | Type::S16
        | Type::U16
        | Type::S32
        | Type::U32
        | Type::S64
        | Type::U64 => "0".into(),
        Type::Float32 | Type::Float64 => "0.0".into(),
        Type::Char => "'a'".into(),
        Type::String => "\"\"".into(),
        Type::List(list) => format!("[{}]", template_value(&list.ty())),
        Type::FixedLengthList(list) => format!(
            "[{}]",
            join((0..list.len()).map(|_| template_value(&list.ty())))
        ),
        Type::Map(_) => "[]".into(),
        Type::Record(record) => {
            let fields: Vec<String> = record
                .fields()
                .map(|f| format!("{}: {}", f.name, template_value(&f.ty)))
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Type::Tuple(tuple) => format!("({})", join(tuple.types().map(|t| template_value(&t)))),
        Type::Variant(variant) => match variant.cases().next() {
            Some(case) => match case.ty {
                Some(ty) => format!("{}({})", case.name, template_value(&ty)),
                None => case.name.to_string(),
            },
            None => String::new(),
        },
        Type::Enum(e) => e.names().next().unwrap_or_default().to_string(),
        Type::Flags(_) => "{}".into(),
        Type::Option(option) => format!("some({})", template_value(&option.ty())),
        Type::Result(result) => match result.ok() {
            Some(ok) => format!("ok({})", template_value(&ok)),
            None => "ok".into(),
        },
        // Within a session a resource handle is a number (see `handles`).
        Type::Own(_) | Type::Borrow(_) => "1".into(),
        // Spelled as the values they carry (see `transmit`); bytes as text.
        Type::Stream(stream) => match stream.ty() {
            Some(Type::U8) => "\"\"".into(),
            Some(element) => format!("[{}]", template_value(&element)),
            None => "[]".into(),
        },
        Type::Future(future) => future
            .ty()
            .map(|payload| template_value(&payload))
            .unwrap_or_else(|| "_".into()),
        // WAVE has no spelling for this; the call is refused before it starts.
        Type::ErrorContext => "_".into(),
    }
}

/// Whether a value of `ty` needs no session's numbered handles: false
/// when a resource is anywhere inside.
pub(crate) fn free_of_resources(ty: &Type) -> bool {
    !matches!(ty, Type::Own(_) | Type::Borrow(_)) && inner_types(ty).iter().all(free_of_resources)
}

/// The types one level inside `ty`: a list's element, a record's fields,
/// a stream's payload, and so on.
pub(crate) fn inner_types(ty: &Type) -> Vec<Type> {
    match ty {
        Type::Map(map) => vec![map.key(), map.value()],
        Type::Stream(stream) => stream.ty().into_iter().collect(),
        Type::Future(future) => future.ty().into_iter().collect(),
        Type::List(list) => vec![list.ty()],
        Type::FixedLengthList(list) => vec![list.ty()],
        Type::Record(record) => record.fields().map(|f| f.ty).collect(),
        Type::Tuple(tuple) => tuple.types().collect(),
        Type::Variant(variant) => variant.cases().filter_map(|c| c.ty).collect(),
        Type::Option(option) => vec![option.ty()],
        Type::Result(result) => result.ok().into_iter().chain(result.err()).collect(),
        _ => Vec::new(),
    }
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
