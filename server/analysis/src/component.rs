//! The WIT of a compiled component: what it imports, what it exports and
//! the types of both, as `wit-analyzer wit` prints them.
//!
//! wit-component decodes the component's type into a `Resolve` and prints
//! it; our own formatter then gives the text the canonical style, so it
//! reads exactly like `wit-analyzer fmt` output. The text holds the
//! component's world (in package `root:component`, the name every decoder
//! gives it) followed by one nested `package … { … }` block per package it
//! uses, so it parses on its own.

use std::fmt;
use std::path::Path;

use wit_component::{DecodedWasm, WitPrinter};
use wit_parser::{PackageId, Resolve, WorldId, WorldItem, WorldKey};

use crate::file_system::{FileError, FileSystem, Kind};

/// Larger inputs are refused, as `run` refuses them: a real component is a
/// few MiB, a generated one rarely tens.
pub const MAX_COMPONENT_BYTES: u64 = 64 * 1024 * 1024;

/// What a component is, as text and as lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentWit {
    /// The WIT, ending in a newline.
    pub wit: String,
    /// Whether [`ComponentWit::wit`] went through our formatter. It stays as
    /// wit-component printed it when our parser rejects that text.
    pub formatted: bool,
    /// The decoded world, `root:component/root`.
    pub world: String,
    /// Each import of the world, in order: interfaces by their full name
    /// (`wasi:cli/stdout@0.2.6`), functions and inline interfaces by their
    /// plain name. Types a world imports by themselves are not listed.
    pub imports: Vec<String>,
    /// Each export of the world, named as [`ComponentWit::imports`] are.
    pub exports: Vec<String>,
    /// Size of the component binary in bytes (for text input, of the
    /// binary it encodes).
    pub size: u64,
    /// The producers sections of the component and of every module and
    /// component nested in it, merged.
    pub producers: Producers,
}

/// Producers sections (language, processed-by, sdk, ...), merged: each
/// field once, in the order first seen, and each (name, version) pair once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Producers {
    pub fields: Vec<ProducersField>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducersField {
    /// `language`, `processed-by`, `sdk`, or whatever a tool wrote.
    pub name: String,
    /// (name, version) pairs; a language's version is usually empty.
    pub values: Vec<(String, String)>,
}

impl Producers {
    /// The values of the field `name`, if the component has it.
    pub fn get(&self, name: &str) -> Option<&[(String, String)]> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.values.as_slice())
    }

    fn add(&mut self, field: &str, name: &str, version: &str) {
        let index = match self.fields.iter().position(|f| f.name == field) {
            Some(index) => index,
            None => {
                self.fields.push(ProducersField {
                    name: field.to_string(),
                    values: Vec::new(),
                });
                self.fields.len() - 1
            }
        };
        let values = &mut self.fields[index].values;
        if !values.iter().any(|(n, v)| n == name && v == version) {
            values.push((name.to_string(), version.to_string()));
        }
    }
}

/// Why the input has no WIT to print. The messages do not name the file:
/// the caller knows it and puts it first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ComponentError {
    /// The file could not be read, or is too large.
    Read(FileError),
    Directory,
    /// Neither a WebAssembly binary nor WebAssembly text.
    NotWasm,
    /// WebAssembly text that does not parse.
    InvalidText(String),
    CoreModule,
    /// A binary-encoded WIT package (what `wasm-tools component wit --wasm`
    /// writes): types, but nothing that runs.
    WitPackage {
        /// `demo:guest@0.1.0`
        package: String,
        /// Its interfaces and worlds, by plain name.
        items: Vec<String>,
    },
    /// A component binary wit-component cannot decode, or not valid.
    Invalid(String),
}

impl fmt::Display for ComponentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ComponentError::Read(FileError::TooLarge { bytes, limit }) => write!(
                f,
                "the file is too large ({:.1} MiB; a component may have at most {} MiB)",
                *bytes as f64 / (1024.0 * 1024.0),
                limit >> 20
            ),
            ComponentError::Read(FileError::NotRegular) => {
                f.write_str("not a regular file (a FIFO, socket or device is not read)")
            }
            ComponentError::Read(e) => write!(f, "{e}"),
            ComponentError::Directory => f.write_str("is a directory, not a component"),
            ComponentError::NotWasm => f.write_str(
                "not a WebAssembly component: it neither starts with `\\0asm` nor is WebAssembly text",
            ),
            ComponentError::InvalidText(why) => write!(f, "invalid WebAssembly text: {why}"),
            ComponentError::CoreModule => f.write_str(
                "is a core WebAssembly module, not a component (`wasm-tools component new` makes a component of it)",
            ),
            ComponentError::WitPackage { package, items } => {
                write!(f, "is a binary WIT package ({package}), not a component")?;
                if !items.is_empty() {
                    write!(f, "; it declares {}", items.join(", "))?;
                }
                Ok(())
            }
            ComponentError::Invalid(why) => write!(f, "not a valid component: {why}"),
        }
    }
}

impl std::error::Error for ComponentError {}

/// The WIT of the component in the file at `path`: a binary, or WebAssembly
/// text. Directories, FIFOs and files over [`MAX_COMPONENT_BYTES`] are
/// refused without reading them.
pub fn read_component(fs: &dyn FileSystem, path: &Path) -> Result<ComponentWit, ComponentError> {
    component_wit(&read_capped(fs, path)?)
}

/// The WIT of a component given as its bytes (binary or WebAssembly text).
pub fn component_wit(bytes: &[u8]) -> Result<ComponentWit, ComponentError> {
    if bytes.len() as u64 > MAX_COMPONENT_BYTES {
        return Err(ComponentError::Read(FileError::TooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_COMPONENT_BYTES,
        }));
    }
    let bytes = &component_binary(bytes)?[..];
    match wit_component::decode(bytes) {
        Ok(DecodedWasm::Component(resolve, world)) => Ok(describe(&resolve, world, bytes)),
        Ok(DecodedWasm::WitPackage(resolve, package)) => {
            let package = &resolve.packages[package];
            let items = package
                .interfaces
                .keys()
                .map(|name| format!("interface {name}"));
            let items = items
                .chain(package.worlds.keys().map(|name| format!("world {name}")))
                .collect();
            Err(ComponentError::WitPackage {
                package: package.name.to_string(),
                items,
            })
        }
        Err(e) => Err(ComponentError::Invalid(format!("{e:#}"))),
    }
}

/// The binary of a component given as a binary or as WebAssembly text;
/// a core module, or anything that is neither, is refused.
pub fn component_binary(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, ComponentError> {
    let bytes = if bytes.starts_with(b"\0asm") {
        std::borrow::Cow::Borrowed(bytes)
    } else if looks_like_text(bytes) {
        let binary =
            wat::parse_bytes(bytes).map_err(|e| ComponentError::InvalidText(e.to_string()))?;
        std::borrow::Cow::Owned(binary.into_owned())
    } else {
        return Err(ComponentError::NotWasm);
    };
    if wasmparser::Parser::is_core_wasm(&bytes) {
        return Err(ComponentError::CoreModule);
    }
    Ok(bytes)
}

/// The bytes of the component file at `path`, as [`component_binary`]
/// gives them; directories, FIFOs and files over [`MAX_COMPONENT_BYTES`]
/// are refused without reading them.
pub fn read_component_binary(fs: &dyn FileSystem, path: &Path) -> Result<Vec<u8>, ComponentError> {
    let bytes = read_capped(fs, path)?;
    match component_binary(&bytes)? {
        std::borrow::Cow::Borrowed(_) => Ok(bytes),
        std::borrow::Cow::Owned(binary) => Ok(binary),
    }
}

/// WebAssembly text starts with `(` (a form or a `(;` comment) or `;;`,
/// after any blank space.
fn looks_like_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let text = text.trim_start();
    text.starts_with('(') || text.starts_with(";;")
}

fn describe(resolve: &Resolve, world_id: WorldId, bytes: &[u8]) -> ComponentWit {
    let world = &resolve.worlds[world_id];
    let main = world.package.expect("a decoded world belongs to a package");
    let (wit, formatted) = print(resolve, main);
    let names = |items: &wit_parser::IndexMap<WorldKey, WorldItem>| -> Vec<String> {
        items
            .iter()
            .filter_map(|(key, item)| match item {
                WorldItem::Interface { id, .. } => Some(match key {
                    WorldKey::Interface(_) => resolve
                        .id_of(*id)
                        .unwrap_or_else(|| resolve.name_world_key(key)),
                    WorldKey::Name(name) => name.clone(),
                }),
                WorldItem::Function(func) => Some(func.name.clone()),
                WorldItem::Type { .. } => None,
            })
            .collect()
    };
    ComponentWit {
        wit,
        formatted,
        world: resolve.id_of_name(main, &world.name),
        imports: names(&world.imports),
        exports: names(&world.exports),
        size: bytes.len() as u64,
        producers: producers(bytes),
    }
}

/// The main package, then every other package of `resolve` nested in it,
/// formatted when our formatter takes the text.
fn print(resolve: &Resolve, main: PackageId) -> (String, bool) {
    let nested: Vec<PackageId> = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != main)
        .collect();
    let mut printer = WitPrinter::default();
    // Docs exist only when the component has a `package-docs` section.
    printer.emit_docs(true);
    let mut text = match printer.print(resolve, main, &nested) {
        Ok(()) => printer.output.to_string(),
        // A decoded resolve always prints; keep the error visible anyway.
        Err(e) => format!("// wit-component could not print this component: {e:#}\n"),
    };
    match crate::format::format(&text) {
        Ok(formatted) => (formatted, true),
        Err(_) => {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            (text, false)
        }
    }
}

/// Every producers section, at any depth, in the order of the binary.
fn producers(bytes: &[u8]) -> Producers {
    use wasmparser::{KnownCustom, Payload};
    let mut producers = Producers::default();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        // The component decoded, so the binary is valid; stop at anything odd.
        let Ok(payload) = payload else { break };
        let Payload::CustomSection(section) = payload else {
            continue;
        };
        let KnownCustom::Producers(reader) = section.as_known() else {
            continue;
        };
        for field in reader.into_iter().flatten() {
            for value in field.values.into_iter().flatten() {
                producers.add(field.name, value.name, value.version);
            }
        }
    }
    producers
}

#[cfg(test)]
mod tests;

/// At most [`MAX_COMPONENT_BYTES`] of the file at `path`.
fn read_capped(fs: &dyn FileSystem, path: &Path) -> Result<Vec<u8>, ComponentError> {
    fs.read(path, MAX_COMPONENT_BYTES).map_err(|e| match e {
        FileError::NotRegular if fs.kind(path) == Kind::Dir => ComponentError::Directory,
        e => ComponentError::Read(e),
    })
}
