//! `workspace/executeCommand` and `workspace/didChangeConfiguration`: the
//! custom protocol of the VS Code extension (`vscode-extension/src/protocol.ts`).
//!
//! `checkWorkspace` is served here; build and run are in `build_run`, and
//! `breakingChanges` in `baseline`.

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{baseline, build_run, capabilities::InitOptions, diagnostics, guard, server::Server};

pub const CHECK_WORKSPACE: &str = "wit-analyzer.server.checkWorkspace";

pub async fn execute(
    server: &Server,
    params: ExecuteCommandParams,
) -> jsonrpc::Result<Option<LSPAny>> {
    match params.command.as_str() {
        build_run::BUILD => return build_run::build_command(server, params.arguments).await,
        build_run::RUN => return build_run::run_command(server, params.arguments).await,
        baseline::BREAKING_CHANGES => {
            return baseline::breaking_changes_command(server, params.arguments).await;
        }
        _ => {}
    }
    if params.command != CHECK_WORKSPACE {
        return Err(jsonrpc::Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let checker = server.clone();
    let (files, summary) = tokio::task::spawn_blocking(move || {
        guard::catch(CHECK_WORKSPACE, || {
            checker.synced_state().check_everything()
        })
    })
    .await
    .map_err(|err| super::server::internal_error(format!("{CHECK_WORKSPACE}: {err}")))??;
    diagnostics::publish(server, files).await;
    Ok(Some(serde_json::to_value(summary).map_err(|err| {
        super::server::internal_error(err.to_string())
    })?))
}

/// The extension sends its whole `InitializationOptions` again as
/// `settings` whenever they change.
pub async fn configuration_changed(server: &Server, params: DidChangeConfigurationParams) {
    let init = InitializeParams {
        initialization_options: Some(params.settings),
        ..Default::default()
    };
    match InitOptions::from_params(&init) {
        Ok(options) => {
            guard::lock(&server.state).options = options;
            baseline::setting_changed(server).await;
        }
        Err(message) => {
            server
                .client
                .log_message(MessageType::WARNING, format!("settings ignored: {message}"))
                .await
        }
    }
}
