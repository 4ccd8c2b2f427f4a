//! Composing components: plugging the exports of some into the imports of
//! another, as `wac plug` does ([`plug()`]), or as a WAC document says, as
//! `wac compose` does ([`wac`]).
//!
//! The `wac` crates (0.12) do the work. They are on wasm-tools 0.258, a copy
//! of their own beside the 0.261 the rest of the analysis uses, so none of
//! their types leaves this module: components come in and go out as bytes,
//! and errors as text and byte ranges.

use std::path::Path;

use wac_graph::{EncodeOptions, Processor};

pub mod plug;
pub mod wac;

pub use plug::{PlugError, Plugged, plug};

/// A composed component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Composed {
    /// The component binary, validated.
    pub bytes: Vec<u8>,
    /// What it still imports, by name, in order: what a host must provide.
    pub imports: Vec<String>,
    /// What it exports, by name, in order.
    pub exports: Vec<String>,
}

impl Composed {
    fn new(bytes: Vec<u8>) -> Composed {
        let (imports, exports) = top_level_names(&bytes);
        Composed {
            bytes,
            imports,
            exports,
        }
    }

    /// The imports that are not WASI's (`wasi:` interfaces), which `run`
    /// cannot provide.
    pub fn non_wasi_imports(&self) -> Vec<&str> {
        self.imports
            .iter()
            .filter(|name| !name.starts_with("wasi:"))
            .map(String::as_str)
            .collect()
    }
}

/// How wac writes a composition: every component inside it, validated, and
/// wit-analyzer named in its producers section.
fn encode_options() -> EncodeOptions<'static> {
    EncodeOptions {
        define_components: true,
        validate: true,
        processor: Some(Processor {
            name: "wit-analyzer",
            version: env!("CARGO_PKG_VERSION"),
        }),
    }
}

/// The names of a component's own imports and exports (not those of the
/// components inside it).
fn top_level_names(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    use wasmparser::{Parser, Payload};
    let (mut imports, mut exports) = (Vec::new(), Vec::new());
    let mut depth = 0usize;
    for payload in Parser::new(0).parse_all(bytes) {
        // wac validated the bytes; stop at anything odd all the same.
        let Ok(payload) = payload else { break };
        match payload {
            Payload::ModuleSection { .. } | Payload::ComponentSection { .. } => depth += 1,
            Payload::End(_) => depth = depth.saturating_sub(1),
            Payload::ComponentImportSection(section) if depth == 0 => {
                imports.extend(
                    section
                        .into_iter()
                        .flatten()
                        .map(|i| i.name.name.to_string()),
                );
            }
            Payload::ComponentExportSection(section) if depth == 0 => {
                exports.extend(
                    section
                        .into_iter()
                        .flatten()
                        .map(|e| e.name.name.to_string()),
                );
            }
            _ => {}
        }
    }
    (imports, exports)
}

/// `path` as messages show it.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests;
