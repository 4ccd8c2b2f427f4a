//! The server driven in process by a minimal LSP client over an in-memory
//! pipe: real framing, real concurrency, real workspace on a temp dir.

mod client;
mod features;
mod protocol;
