//! Streams and futures between the host and a guest.
//!
//! WAVE has no spelling for a stream or a future, so a call spells the
//! values that pass through them: a `stream<T>` argument is written as a
//! `list<T>` (and a `stream<u8>` also as a string), a `future<T>` argument as
//! its `T`. Before the call each becomes a host-made stream or future that
//! yields those values; after it, a stream the guest returns is read to its
//! end and shown as a list, a future as the value it resolves to.
//!
//! wasmtime creates host streams only for statically known element types,
//! so the element types are dispatched by hand: the primitives and strings.
//! Streams inside other types (a record field, an option) are refused when
//! the call is parsed, before the guest runs.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use wasmtime::component::{
    Accessor, ComponentType, FutureAny, FutureConsumer, FutureReader, Lift, Lower, Source,
    StreamAny, StreamConsumer, StreamReader, StreamResult, Type, Val,
};
use wasmtime::{AsContextMut, StoreContextMut};

use crate::sandbox::Host;
use crate::template::{inner_types, type_text};

/// A stream result longer than this traps the guest: it would otherwise
/// fill the server's memory with a stream that never ends.
const MAX_STREAM_ITEMS: usize = 1 << 20;

/// A value that can travel through a host-made stream or future.
trait Element: ComponentType + Lower + Lift + Send + Sync + Unpin + 'static {
    fn from_val(val: &Val) -> Option<Self>;
    fn into_val(self) -> Val;
}

/// The element types, as `Rust type => case`, where the case names both the
/// `Type` and the `Val` variant; handed to `$callback` after its own
/// arguments, so that the one table serves every macro below.
macro_rules! element_table {
    ($callback:ident ! ( $($args:tt)* )) => {
        $callback! { $($args)* ;
            bool => Bool, i8 => S8, u8 => U8, i16 => S16, u16 => U16, i32 => S32, u32 => U32,
            i64 => S64, u64 => U64, f32 => Float32, f64 => Float64, char => Char, String => String
        }
    };
}

macro_rules! impl_elements {
    (; $($rust:ty => $case:ident),*) => {
        $(impl Element for $rust {
            fn from_val(val: &Val) -> Option<Self> {
                match val { Val::$case(v) => Some(v.clone()), _ => None }
            }
            fn into_val(self) -> Val { Val::$case(self) }
        })*
    };
}

element_table!(impl_elements!());

macro_rules! match_element {
    ($ty:expr, $T:ident => $body:expr, $other:expr ; $($rust:ty => $case:ident),*) => {
        match $ty {
            $(Type::$case => { type $T = $rust; $body })*
            _ => $other,
        }
    };
}

/// Runs `$body` with `$T` as the Rust type of the component type `$ty`,
/// or evaluates `$other` when `$ty` is not one of [`Element`]'s types.
macro_rules! with_element {
    ($ty:expr, $T:ident => $body:expr, $other:expr) => {
        element_table!(match_element!($ty, $T => $body, $other))
    };
}

fn is_element(ty: &Type) -> bool {
    with_element!(ty, _T => true, false)
}

/// Why a parameter or result of type `ty` cannot be passed or shown, if it
/// cannot. Called before the guest runs.
pub(crate) fn unsupported(ty: &Type) -> Option<String> {
    let payload = match ty {
        Type::Stream(stream) => stream.ty(),
        Type::Future(future) => future.ty(),
        _ if contains_transmit(ty) => {
            return Some(format!(
                "`{}` holds a stream or future inside another type; only a stream or future \
                 that is itself a parameter or result can be called yet",
                type_text(ty)
            ));
        }
        _ => return None,
    };
    match payload {
        Some(element) if is_element(&element) => None,
        Some(element) => Some(format!(
            "`{}` carries `{}`; streams and futures of numbers, bool, char and string can be called yet",
            type_text(ty),
            type_text(&element)
        )),
        None => Some(format!(
            "`{}` carries no values, which cannot be called yet",
            type_text(ty)
        )),
    }
}

fn contains_transmit(ty: &Type) -> bool {
    matches!(ty, Type::Stream(_) | Type::Future(_)) || inner_types(ty).iter().any(contains_transmit)
}

/// Replaces each stream or future parameter, given as the values it
/// carries, by a host-made stream or future of those values.
pub(crate) fn lower_params(
    mut store: impl AsContextMut<Data = Host>,
    types: &[Type],
    params: Vec<Val>,
) -> wasmtime::Result<Vec<Val>> {
    params
        .into_iter()
        .zip(types)
        .map(|(param, ty)| match ty {
            Type::Stream(stream) => {
                let element = stream.ty().expect("checked by `unsupported`");
                let Val::List(items) = param else { unreachable!("a stream argument is parsed as a list") };
                with_element!(&element, T => host_stream::<T>(&mut store, &items), unreachable!("checked by `unsupported`"))
            }
            Type::Future(future) => {
                let payload = future.ty().expect("checked by `unsupported`");
                with_element!(&payload, T => host_future::<T>(&mut store, &param), unreachable!("checked by `unsupported`"))
            }
            _ => Ok(param),
        })
        .collect()
}

fn host_stream<T: Element>(
    mut store: impl AsContextMut<Data = Host>,
    items: &[Val],
) -> wasmtime::Result<Val> {
    let items: Vec<T> = items
        .iter()
        .map(|v| T::from_val(v).expect("parsed against the element type"))
        .collect();
    let reader = StreamReader::new(&mut store, items)?;
    Ok(Val::Stream(StreamAny::try_from_stream_reader(
        &mut store, reader,
    )?))
}

fn host_future<T: Element>(
    mut store: impl AsContextMut<Data = Host>,
    value: &Val,
) -> wasmtime::Result<Val> {
    let value = T::from_val(value).expect("parsed against the payload type");
    let reader = FutureReader::new(
        &mut store,
        std::future::ready(Ok::<_, wasmtime::Error>(value)),
    )?;
    Ok(Val::Future(FutureAny::try_from_future_reader(
        &mut store, reader,
    )?))
}

/// Whether any result must be read after the call returns.
pub(crate) fn any_transmit(results: &[Val]) -> bool {
    results
        .iter()
        .any(|v| matches!(v, Val::Stream(_) | Val::Future(_)))
}

/// Reads each stream result to its end (as a list) and each future result
/// to its value, while the store's event loop runs the guest tasks that
/// write them.
pub(crate) async fn collect_results(
    accessor: &Accessor<Host>,
    types: &[Type],
    results: Vec<Val>,
) -> wasmtime::Result<Vec<Val>> {
    let mut shown = Vec::with_capacity(results.len());
    for (result, ty) in results.into_iter().zip(types) {
        shown.push(match (result, ty) {
            (Val::Stream(stream), Type::Stream(stream_ty)) => {
                let element = stream_ty.ty().expect("checked by `unsupported`");
                with_element!(&element, T => read_stream::<T>(accessor, stream).await?, unreachable!("checked by `unsupported`"))
            }
            (Val::Future(future), Type::Future(future_ty)) => {
                let payload = future_ty.ty().expect("checked by `unsupported`");
                with_element!(&payload, T => read_future::<T>(accessor, future).await?, unreachable!("checked by `unsupported`"))
            }
            (other, _) => other,
        });
    }
    Ok(shown)
}

async fn read_stream<T: Element>(
    accessor: &Accessor<Host>,
    stream: StreamAny,
) -> wasmtime::Result<Val> {
    let items = Arc::new(Mutex::new(Vec::new()));
    let (ended, on_end) = tokio::sync::oneshot::channel::<()>();
    let collector = StreamCollector::<T> {
        items: Arc::clone(&items),
        _ended: ended,
    };
    accessor.with(|mut access| {
        stream
            .try_into_stream_reader::<T>()?
            .pipe(&mut access, collector)
    })?;
    // wasmtime drops the collector when the guest closes its end; dropping
    // it drops the sender, which resolves this wait.
    let _ = on_end.await;
    let items = std::mem::take(&mut *items.lock().unwrap_or_else(|e| e.into_inner()));
    Ok(Val::List(items.into_iter().map(T::into_val).collect()))
}

async fn read_future<T: Element>(
    accessor: &Accessor<Host>,
    future: FutureAny,
) -> wasmtime::Result<Val> {
    let (sender, value) = tokio::sync::oneshot::channel::<T>();
    let collector = FutureCollector {
        sender: Some(sender),
    };
    accessor.with(|mut access| {
        future
            .try_into_future_reader::<T>()?
            .pipe(&mut access, collector)
    })?;
    match value.await {
        Ok(value) => Ok(value.into_val()),
        Err(_) => Err(wasmtime::format_err!(
            "the guest dropped a future it returned without writing its value"
        )),
    }
}

struct StreamCollector<T> {
    items: Arc<Mutex<Vec<T>>>,
    _ended: tokio::sync::oneshot::Sender<()>,
}

impl<T: Element> StreamConsumer<Host> for StreamCollector<T> {
    type Item = T;

    fn poll_consume(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        mut store: StoreContextMut<Host>,
        mut source: Source<'_, T>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let mut batch = Vec::with_capacity(source.remaining(&mut store).max(1));
        source.read(&mut store, &mut batch)?;
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if items.len() + batch.len() > MAX_STREAM_ITEMS {
            return Poll::Ready(Err(wasmtime::format_err!(
                "the stream the guest returned is longer than {MAX_STREAM_ITEMS} items"
            )));
        }
        items.extend(batch);
        Poll::Ready(Ok(StreamResult::Completed))
    }
}

struct FutureCollector<T> {
    sender: Option<tokio::sync::oneshot::Sender<T>>,
}

impl<T: Element> FutureConsumer<Host> for FutureCollector<T> {
    type Item = T;

    fn poll_consume(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        store: StoreContextMut<Host>,
        mut source: Source<'_, T>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<()>> {
        let mut slot = None;
        source.read(store, &mut slot)?;
        if let (Some(value), Some(sender)) = (slot, self.sender.take()) {
            let _ = sender.send(value);
        }
        Poll::Ready(Ok(()))
    }
}
