//! `textDocument/codeLens`: "N references" above interfaces, worlds and
//! types, and the `▶ Build` / `▶ Run` lenses of the `build_run` module.
//!
//! The lens names no command (clients show it as plain text): the editor's
//! own "show references" command takes editor-specific arguments, which is
//! the extension's business to wire up.

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::server::Server;

pub async fn code_lens(server: &Server, uri: Uri) -> jsonrpc::Result<Option<Vec<CodeLens>>> {
    let built = server.executor.built_worlds();
    server
        .request("textDocument/codeLens", &uri, move |state, path| {
            let map = state.line_map(path)?;
            let counts = state.ide().reference_counts(path);
            let build_run = super::build_run::lenses(state, path, &map, &built);
            Some(
                counts
                    .into_iter()
                    .map(|(target, count)| {
                        let range = map.range(target.name_range);
                        let title = if count == 1 {
                            "1 reference".to_string()
                        } else {
                            format!("{count} references")
                        };
                        CodeLens {
                            range,
                            command: Some(Command {
                                title,
                                command: String::new(),
                                arguments: None,
                            }),
                            data: None,
                        }
                    })
                    .chain(build_run)
                    .collect(),
            )
        })
        .await
}
