//! `workspace/executeCommand` and `workspace/didChangeConfiguration`: the
//! custom protocol of the VS Code extension (`vscode-extension/src/protocol.ts`).
//!
//! `checkWorkspace` is served here; build and run are in `build_run`, and
//! `breakingChanges` in `baseline`.

use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{
    baseline, build_run, diagnostics, guard,
    options::{InitOptions, SECTION},
    server::Server,
    switches,
};

pub const CHECK_WORKSPACE: &str = "wit-analyzer.server.checkWorkspace";

pub async fn execute(
    server: &Server,
    params: ExecuteCommandParams,
) -> jsonrpc::Result<Option<LSPAny>> {
    let token = params.work_done_progress_params.work_done_token;
    match params.command.as_str() {
        build_run::BUILD => return build_run::build_command(server, params.arguments, token).await,
        build_run::RUN => return build_run::run_command(server, params.arguments, token).await,
        build_run::SERVE => return build_run::serve_command(server, params.arguments).await,
        build_run::STOP_SERVING => return build_run::stop_command(server, params.arguments).await,
        build_run::NEW_GUEST => {
            return build_run::new_guest_command(server, params.arguments).await;
        }
        build_run::END_SESSION => {
            return build_run::end_session_command(server, params.arguments).await;
        }
        baseline::BREAKING_CHANGES => {
            return baseline::breaking_changes_command(server, params.arguments).await;
        }
        baseline::CLEAR_BREAKING_CHANGES => {
            return baseline::clear_breaking_changes_command(server).await;
        }
        // A lens that is only a title (see `code_lens`): clients such as
        // Neovim send its empty command here when it is clicked.
        "" => return Ok(None),
        _ => {}
    }
    if params.command != CHECK_WORKSPACE {
        return Err(jsonrpc::Error::invalid_params(format!(
            "unknown command `{}`",
            params.command
        )));
    }
    let (files, summary) = server
        .blocking(CHECK_WORKSPACE, |server| {
            server.synced_state().check_everything()
        })
        .await?;
    diagnostics::publish(server, files).await;
    Ok(Some(serde_json::to_value(summary).map_err(|err| {
        super::server::internal_error(err.to_string())
    })?))
}

/// The extension sends its whole `InitOptions` again as `settings`
/// whenever they change; a client that sends none gets them pulled. New
/// WIT feature gates re-check the workspace, and the run limits, trust and
/// baseline apply at once; capability switches as far as the client lets
/// them (see `switches`).
pub async fn configuration_changed(server: &Server, params: DidChangeConfigurationParams) {
    let parsed = match InitOptions::from_settings(&params.settings) {
        Some(parsed) => parsed,
        None => match pull(server).await {
            Some(parsed) => parsed,
            None => return,
        },
    };
    let options = match parsed {
        Ok(options) => options,
        Err(message) => {
            let message = format!("wit-analyzer: settings ignored: {message}");
            server
                .client
                .show_message(MessageType::WARNING, message)
                .await;
            return;
        }
    };
    let (before, regated) = {
        let mut state = guard::lock(&server.state);
        (state.options.clone(), state.set_options(options))
    };
    if regated {
        diagnostics::schedule_check(server);
    }
    baseline::setting_changed(server).await;
    switches::settings_changed(server, &before).await;
    super::inlay_hints::settings_changed(server, &before).await;
}

/// The settings through `workspace/configuration`, when the client offers
/// it; `None` when it does not or has none for us.
async fn pull(server: &Server) -> Option<Result<InitOptions, String>> {
    if !guard::lock(&server.state).pull_configuration {
        return None;
    }
    let item = ConfigurationItem {
        scope_uri: None,
        section: Some(SECTION.to_string()),
    };
    match server.client.configuration(vec![item]).await {
        Ok(values) => match values.into_iter().next() {
            None | Some(serde_json::Value::Null) => None,
            Some(value) => Some(InitOptions::from_value(Some(&value))),
        },
        Err(err) => {
            let message = format!("wit-analyzer: cannot read the settings: {err}");
            server
                .client
                .log_message(MessageType::WARNING, message)
                .await;
            None
        }
    }
}
