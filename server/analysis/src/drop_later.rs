//! Dropping off the path of an answer. The `Resolve` of a large package
//! takes milliseconds to free; whoever lets go of it last would otherwise
//! pay that before answering, and that is often a hover.

use std::sync::{Mutex, OnceLock, mpsc};

type Garbage = Box<dyn Send>;

/// Frees `value` on a background thread. Falls back to freeing it here if
/// that thread cannot be started.
pub fn drop_later<T: Send + 'static>(value: T) {
    static BIN: OnceLock<Option<Mutex<mpsc::Sender<Garbage>>>> = OnceLock::new();
    let bin = BIN.get_or_init(|| {
        let (send, receive) = mpsc::channel::<Garbage>();
        let spawned = std::thread::Builder::new()
            .name("wit-analyzer drop".to_string())
            .spawn(move || receive.into_iter().for_each(drop));
        spawned.ok().map(|_| Mutex::new(send))
    });
    if let Some(bin) = bin {
        let send = bin.lock().unwrap_or_else(|e| e.into_inner());
        // A closed bin gives the value back, to be freed here.
        let _ = send.send(Box::new(value));
    }
}
