//! `wit-analyzer.server.serve` and `.stopServing`: ▶ Serve a world that
//! exports an HTTP handler on a free loopback port, as `wit-analyzer serve`
//! does, and ■ Stop it.
//!
//! The request log reaches the client as `wit-analyzer/serveLog`
//! notifications (and as log messages, for clients without the extension).
//! A rebuild of a served world swaps the new component in for the next
//! request (see [`swap_in`]).

use std::{
    net::{Ipv4Addr, SocketAddr},
    path::{Path, PathBuf},
};

use runner::{HttpServer, RequestRecord, RunOptions};
use serde::{Deserialize, Serialize};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{
    SERVE, STOP_SERVING, argument,
    build::{BuildParams, Reporting, build},
    refuse_untrusted, root_of, to_json,
};
use crate::lsp::{guard, server::Server};

/// A world being served.
pub struct Served {
    server: HttpServer,
    pub url: String,
}

#[derive(Deserialize)]
pub struct ServeParams {
    pub uri: Uri,
    pub world: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServeResult {
    pub ok: bool,
    pub world: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<PathBuf>,
    /// "WASI 0.2, wasi:http/incoming-handler" or the 0.3 one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handler: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct StopParams {
    pub world: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServeLog {
    pub world: String,
    pub url: String,
    /// `GET /echo 200 1.2 ms`, then the guest's output and any error,
    /// each on lines of their own.
    pub text: String,
    pub status: u16,
    pub failed: bool,
}

enum ServeLogNotification {}

impl notification::Notification for ServeLogNotification {
    type Params = ServeLog;
    const METHOD: &'static str = "wit-analyzer/serveLog";
}

pub async fn serve_command(
    server: &Server,
    arguments: Vec<LSPAny>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: ServeParams = argument(SERVE, arguments)?;
    refuse_untrusted(server, SERVE, &params.uri)?;
    let result = serve(server, params).await?;
    let message = match (&result.url, &result.error) {
        (Some(url), _) => format!("serving {} at {url}", result.world),
        (None, error) => format!(
            "cannot serve {}: {}",
            result.world,
            error.as_deref().unwrap_or_default()
        ),
    };
    server.client.log_message(MessageType::INFO, message).await;
    refresh_lenses(server).await;
    to_json(&result)
}

pub async fn stop_command(
    server: &Server,
    arguments: Vec<LSPAny>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: StopParams = argument(STOP_SERVING, arguments)?;
    let served = guard::lock(&server.executor.served).remove(&params.world);
    let stopped = served.is_some();
    if let Some(served) = served {
        // Joins the server's thread, which waits for requests in flight.
        let _ = tokio::task::spawn_blocking(move || served.server.stop()).await;
        let message = format!("stopped serving {}", params.world);
        server.client.log_message(MessageType::INFO, message).await;
    }
    refresh_lenses(server).await;
    to_json(&serde_json::json!({ "stopped": stopped }))
}

async fn serve(server: &Server, params: ServeParams) -> jsonrpc::Result<ServeResult> {
    let mut result = ServeResult {
        ok: false,
        world: params.world.clone(),
        url: None,
        component: None,
        handler: None,
        error: None,
    };
    // Always built: an up-to-date guest builds in well under a second, and
    // serving what is on disk is what the user expects after an edit. A
    // world already served gets the new component swapped in by `build`.
    let request = BuildParams {
        uri: params.uri.clone(),
        world: Some(params.world.clone()),
        guest: None,
    };
    let (built, _) = build(server, &request, Reporting::Own(None)).await?;
    let Some(artifact) = built.component else {
        result.error = Some(format!(
            "the build failed: {}",
            built.error.unwrap_or_default()
        ));
        return Ok(result);
    };
    result.component = Some(artifact.clone());
    if let Some(url) = guard::lock(&server.executor.served)
        .get(&params.world)
        .map(|s| s.url.clone())
    {
        result.ok = true;
        result.url = Some(url);
        return Ok(result);
    }
    let path = crate::lsp::server::file_path(&params.uri)?;
    let (log, mut lines) = tokio::sync::mpsc::unbounded_channel::<RequestRecord>();
    let started = {
        let server = server.clone();
        tokio::task::spawn_blocking(move || start(&server, &path, &artifact, log))
            .await
            .map_err(|err| crate::lsp::server::internal_error(format!("{SERVE}: {err}")))?
    };
    let served = match started {
        Ok(served) => served,
        Err(error) => {
            result.error = Some(error);
            return Ok(result);
        }
    };
    let url = served.url.clone();
    result.handler = Some(served.server.wasi_version().to_string());
    // Two ▶ Serve clicks at once: the second server is stopped, the first kept.
    let kept = {
        let mut all = guard::lock(&server.executor.served);
        match all.get(&params.world) {
            Some(existing) => Err((existing.url.clone(), served)),
            None => {
                all.insert(params.world.clone(), served);
                Ok(())
            }
        }
    };
    let url = match kept {
        Ok(()) => url,
        Err((existing, duplicate)) => {
            let _ = tokio::task::spawn_blocking(move || duplicate.server.stop()).await;
            existing
        }
    };
    let client = server.client.clone();
    let (world, log_url) = (params.world.clone(), url.clone());
    // Ends when the server and with it the log's sender are gone.
    tokio::spawn(async move {
        while let Some(record) = lines.recv().await {
            let log = log_entry(&world, &log_url, &record);
            let kind = if log.failed {
                MessageType::WARNING
            } else {
                MessageType::LOG
            };
            client
                .log_message(kind, format!("[{world}] {}", log.text))
                .await;
            client.send_notification::<ServeLogNotification>(log).await;
        }
    });
    result.ok = true;
    result.url = Some(url);
    Ok(result)
}

/// Loads `artifact` and starts serving it on a free loopback port, in the
/// sandbox of a run (the workspace's `[run]` table and the editor's limits).
fn start(
    server: &Server,
    file: &Path,
    artifact: &Path,
    log: tokio::sync::mpsc::UnboundedSender<RequestRecord>,
) -> Result<Served, String> {
    let (root, limits) = {
        let state = server.synced_state();
        (root_of(&state, file), state.options.run.clone())
    };
    let runner = server.executor.runner()?;
    let mut options = RunOptions::from_workspace(&root)?;
    limits.apply(&mut options);
    let handler = load_handler(runner, artifact)?;
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let http = HttpServer::start(runner.clone(), handler, loopback, options, move |record| {
        let _ = log.send(record.clone());
    })?;
    let url = format!("http://{}/", http.local_addr());
    Ok(Served { server: http, url })
}

/// After a build of `world`: a served world serves the new component from
/// the next request on. `Err` says why it could not be swapped in (the old
/// one goes on serving).
pub fn swap_in(server: &Server, world: &str, artifact: &Path) -> Option<Result<String, String>> {
    let url = guard::lock(&server.executor.served)
        .get(world)
        .map(|s| s.url.clone())?;
    let handler = server
        .executor
        .runner()
        .and_then(|runner| load_handler(runner, artifact));
    Some(handler.map(|handler| {
        if let Some(served) = guard::lock(&server.executor.served).get(world) {
            served.server.swap(handler);
        }
        url
    }))
}

/// The HTTP handler of the component at `artifact`, or why there is none.
fn load_handler(runner: &runner::Runner, artifact: &Path) -> Result<runner::HttpHandler, String> {
    let component = runner.load_file(artifact).map_err(|e| e.to_string())?;
    runner
        .http_handler(&component)
        .map_err(|e| format!("{}: {e}", artifact.display()))
}

fn log_entry(world: &str, url: &str, record: &RequestRecord) -> ServeLog {
    ServeLog {
        world: world.to_string(),
        url: url.to_string(),
        text: record.log_text(super::run::EDITOR_LIMITS),
        status: record.status,
        failed: record.error.is_some(),
    }
}

async fn refresh_lenses(server: &Server) {
    if guard::lock(&server.state).refresh_lenses {
        let _ = server.client.code_lens_refresh().await;
    }
}
