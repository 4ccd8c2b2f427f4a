//! `textDocument/codeLens`: "N references" above the kinds of item the
//! `referenceLenses` setting names (interfaces and types unless told), and
//! the `▶ Build` / `▶ Run` lenses of the `build_run` module.
//!
//! A click on "N references" should open the editor's references view, but
//! LSP has no standard command for that: VS Code's `editor.action.showReferences`
//! takes its own object types, which only the extension can build. So the
//! lens names the client-side command [`SHOW_REFERENCES`] with plain JSON
//! arguments, for clients that say they have it (as rust-analyzer's
//! `experimental.commands` capability does). Other clients get the title
//! with an empty command, which they show as text instead of failing on a
//! command nobody registered.

use std::{collections::HashMap, path::PathBuf};

use analysis::ide::{FileRange, NavTarget};
use serde_json::{Value, json};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert::LineMap, server::Server, state::State};

/// Arguments: the document's URI, the lens's position, and the references
/// as LSP `Location`s.
pub const SHOW_REFERENCES: &str = "wit-analyzer.showReferences";

/// Whether the client lists [`SHOW_REFERENCES`] among the commands it runs
/// itself, in `capabilities.experimental.commands.commands`.
pub fn client_shows_references(params: &InitializeParams) -> bool {
    params
        .capabilities
        .experimental
        .as_ref()
        .and_then(|experimental| experimental.pointer("/commands/commands"))
        .and_then(Value::as_array)
        .is_some_and(|commands| commands.iter().any(|c| c == SHOW_REFERENCES))
}

pub async fn code_lens(server: &Server, uri: Uri) -> jsonrpc::Result<Option<Vec<CodeLens>>> {
    if let Some(lenses) = super::wac::lenses(server, &uri) {
        return Ok(Some(lenses));
    }
    let built = server.executor.built_worlds();
    let served = server.executor.served_urls();
    let components = server.executor.component_facts();
    let lens_uri = uri.clone();
    server
        .request("textDocument/codeLens", &uri, move |state, path| {
            let map = state.line_map(path)?;
            let kinds = state.options.reference_lenses;
            let lenses = state.ide().reference_lenses(path, kinds);
            let build_run =
                super::build_run::lenses(state, path, &map, &built, &served, &components);
            let bindings = super::bindings_preview::lenses(state, path, &map);
            let mut maps = HashMap::new();
            Some(
                lenses
                    .into_iter()
                    .map(|(target, references)| {
                        references_lens(state, &lens_uri, &map, &mut maps, target, references)
                    })
                    .chain(build_run)
                    .chain(bindings)
                    .collect(),
            )
        })
        .await
}

fn references_lens(
    state: &State,
    uri: &Uri,
    map: &LineMap,
    maps: &mut HashMap<PathBuf, Option<LineMap>>,
    target: NavTarget,
    references: Vec<FileRange>,
) -> CodeLens {
    let range = map.range(target.name_range);
    let title = match references.len() {
        1 => "1 reference".to_string(),
        n => format!("{n} references"),
    };
    let command = if state.show_references && !references.is_empty() {
        let locations: Vec<Location> = references
            .into_iter()
            .filter_map(|r| {
                let map = maps
                    .entry(r.path.clone())
                    .or_insert_with(|| state.line_map(&r.path));
                let range = map.as_ref()?.range(r.range);
                Some(Location::new(super::convert::uri_of(&r.path), range))
            })
            .collect();
        Command {
            title,
            command: SHOW_REFERENCES.to_string(),
            arguments: Some(vec![json!(uri), json!(range.start), json!(locations)]),
        }
    } else {
        Command {
            title,
            command: String::new(),
            arguments: None,
        }
    };
    CodeLens {
        range,
        command: Some(command),
        data: None,
    }
}
