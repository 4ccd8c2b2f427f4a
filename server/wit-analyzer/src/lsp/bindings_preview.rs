//! "Show Bindings…": what each language's implementer of a world gets, as
//! text the client shows read-only beside the WIT, made from the WIT as it
//! is in the editor (unsaved buffers included).
//!
//! `wit-analyzer/bindings` (params [`BindingsParams`]) answers with the
//! generated files as one text. Rust, C, C++, C#, Go and MoonBit come from
//! the generators `wit-analyzer bindings` links (wit-bindgen 0.63); `ts`,
//! TypeScript declarations for JavaScript guests, from `jco types` (the
//! project's own or one on PATH; it reads the saved files). When the WIT does not generate,
//! the answer is the last text that did, under a banner saying why, so the
//! preview does not go blank while a line is half typed.
//!
//! A "Show Bindings…" lens above each world runs the client command
//! `wit-analyzer.showBindings` with `[{uri, world}]`; the client asks for
//! the language.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde::Deserialize;
use serde_json::{Value, json};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert, convert::LineMap, guard, server::Server, state::State};
use crate::cli::bindings::{files_text, generate, world};

pub const SHOW_BINDINGS: &str = "wit-analyzer.showBindings";

/// `ts` beside the wit-bindgen languages.
const JCO_LANGUAGE: &str = "ts";

#[derive(Deserialize)]
pub struct BindingsParams {
    /// A `.wit` file of the workspace (whose folders are searched).
    pub uri: Uri,
    /// `ns:pkg/world`, optionally `@version`.
    pub world: String,
    /// `rust`, `c`, `cpp`, `csharp`, `go`, `moonbit` or `ts`.
    pub lang: String,
}

/// The last text each (world, language) generated.
#[derive(Default)]
pub struct Previews {
    last_good: HashMap<(String, String), String>,
}

pub async fn bindings(server: &Server, params: Value) -> jsonrpc::Result<Value> {
    let params: BindingsParams = serde_json::from_value(params).map_err(|e| {
        jsonrpc::Error::invalid_params(format!(
            "wit-analyzer/bindings takes {{uri, world, lang}}: {e}"
        ))
    })?;
    let path = super::server::file_path(&params.uri)?;
    server
        .blocking("wit-analyzer/bindings", move |server| {
            let generated = generate_text(server, &path, &params.world, &params.lang);
            let key = (params.world.clone(), params.lang.clone());
            let mut previews = guard::lock(&server.bindings);
            Ok(match generated {
                Ok(text) => {
                    previews.last_good.insert(key, text.clone());
                    json!({ "text": text, "stale": false })
                }
                Err(error) => {
                    let banner = banner(&error);
                    let text = match previews.last_good.get(&key) {
                        Some(last) => format!(
                            "{banner}// The bindings below are from the last version that generated.\n\n{last}"
                        ),
                        None => banner,
                    };
                    json!({ "text": text, "stale": true, "error": error })
                }
            })
        })
        .await?
}

/// A comment every one of the languages reads as one.
fn banner(error: &str) -> String {
    let mut text = String::from("// wit-analyzer: these bindings are not up to date:\n");
    for line in error.lines() {
        text.push_str("//   ");
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn generate_text(server: &Server, path: &Path, world: &str, lang: &str) -> Result<String, String> {
    if lang == JCO_LANGUAGE {
        let dir = {
            let state = server.synced_state();
            let found = find(&state, path, world)?;
            found.home.path().to_path_buf()
        };
        return jco_types(&dir, world);
    }
    let language = generate::Language::parse(lang).ok_or_else(|| {
        format!(
            "unknown language `{lang}`: {} or {JCO_LANGUAGE}",
            generate::Language::ALL
                .map(generate::Language::name)
                .join(", ")
        )
    })?;
    // Loading reads the open buffers, so it holds the state; generating does not.
    let (mut resolve, id) = {
        let state = server.synced_state();
        let found = find(&state, path, world)?;
        world::load(&state.workspace, &found)?
    };
    let files = generate::generate(language, &mut resolve, id, None)?;
    Ok(match files.as_slice() {
        [(_, only)] if std::str::from_utf8(only).is_ok() => {
            String::from_utf8_lossy(only).into_owned()
        }
        files => files_text(files),
    })
}

fn find(state: &State, path: &Path, world: &str) -> Result<world::FoundWorld, String> {
    let place = path.parent().unwrap_or(path).display().to_string();
    world::find_in(&state.workspace, world, &place)
}

/// A project's own jco (`node_modules/.bin/jco` in the WIT's folder or one
/// above it, as `npx` finds it), else the one on PATH.
fn jco_binary(dir: &Path) -> PathBuf {
    dir.ancestors()
        .map(|d| d.join("node_modules/.bin/jco"))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| PathBuf::from("jco"))
}

/// `jco types DIR --world-name WORLD -o TMP`, its `.d.ts` files as one text.
fn jco_types(dir: &Path, world: &str) -> Result<String, String> {
    let out = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let ran = Process::new(jco_binary(dir))
        .arg("types")
        .arg(dir)
        .args(["--world-name", world, "-o"])
        .arg(out.path())
        .output();
    let output = match ran {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                "jco is not installed: `npm install @bytecodealliance/jco` in the \
                 project (or `-g`, for PATH) brings it (TypeScript types come from `jco types`)"
                    .into(),
            );
        }
        Err(e) => return Err(format!("jco did not start: {e}")),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("jco types failed: {}", stderr.trim()));
    }
    let mut files = Vec::new();
    collect(out.path(), out.path(), &mut files);
    files.sort();
    if files.is_empty() {
        return Err("jco types wrote no files".into());
    }
    Ok(files_text(&files))
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(bytes) = std::fs::read(&path) {
            let name = path.strip_prefix(root).unwrap_or(&path);
            files.push((name.display().to_string(), bytes));
        }
    }
}

/// "Show Bindings…" above each world of the file (not in a component's WIT).
pub fn lenses(state: &State, path: &Path, map: &LineMap) -> Vec<CodeLens> {
    if state.virtual_document.is_some() {
        return Vec::new();
    }
    let package = state
        .workspace
        .package_of(path)
        .and_then(|summary| summary.name);
    let uri = convert::uri_of(path);
    let mut lenses = Vec::new();
    let mut add = |package: &str, symbol: &analysis::ide::Symbol| {
        let (name, version) = match package.split_once('@') {
            Some((name, version)) => (name, Some(version)),
            None => (package, None),
        };
        let mut world = format!("{name}/{}", symbol.name);
        if let Some(version) = version {
            world.push('@');
            world.push_str(version);
        }
        lenses.push(CodeLens {
            range: map.range(symbol.name_range.clone()),
            command: Some(Command {
                title: "Show Bindings…".into(),
                command: SHOW_BINDINGS.into(),
                arguments: Some(vec![json!({ "uri": uri, "world": world })]),
            }),
            data: None,
        });
    };
    use analysis::ide::SymbolKind;
    for symbol in state.ide().document_symbols(path) {
        match symbol.kind {
            SymbolKind::World => {
                if let Some(package) = &package {
                    add(package, &symbol);
                }
            }
            // A `package ns:name { … }` block: its worlds are its own.
            SymbolKind::Package => {
                for child in symbol
                    .children
                    .iter()
                    .filter(|c| c.kind == SymbolKind::World)
                {
                    add(&symbol.name, child);
                }
            }
            _ => {}
        }
    }
    lenses
}
