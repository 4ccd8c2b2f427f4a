//! The server driven in process by a minimal LSP client over an in-memory
//! pipe: real framing, real concurrency, real workspace on a temp dir.

mod bad_input;
mod baseline;
mod bindings_preview;
mod build_run;
mod check_off_lock;
mod client;
mod component_view;
mod features;
mod folders;
mod fuzz;
mod gates;
mod inlay_hints;
mod lenses;
mod line_endings;
mod nested;
mod new_guest;
mod polyglot;
mod protocol;
mod serve;
mod support;
mod switches;
mod wac;
