//! `wit-analyzer.server.run`: call an export of a world's component with
//! the arguments the user typed, building the component first if there is
//! none yet. The guest's output comes back in the result, never on the
//! server's stdout (which is the protocol channel).

use std::time::Instant;

use runner::{ExportFunc, LimitNames, RunError, RunOptions};
use serde::{Deserialize, Serialize};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{
    RUN, argument,
    build::{BuildParams, Reporting, build},
    progress::{self, Task},
    refuse_untrusted, root_of,
    session::{self, SessionState},
    to_json,
};
use crate::lsp::{guard, server::Server};

#[derive(Deserialize)]
pub struct RunParams {
    pub uri: Uri,
    pub world: String,
    pub export: String,
    /// The argument tuple in WAVE, e.g. `("world", 3)`.
    pub args: String,
    /// Run in the world's session, whose instance (and the resource
    /// handles it returned) later runs in session share.
    #[serde(default)]
    pub session: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunResult {
    pub uri: Uri,
    pub world: String,
    pub export: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub stdout: String,
    pub stderr: String,
    pub timings: RunTimings,
    /// Where in the typed arguments a WAVE error is, for a caret under it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args_error: Option<ArgsSpan>,
    /// The session after a run in session: its live handles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionState>,
}

/// A span of the argument text the user typed, in UTF-16 code units (the
/// units of a JavaScript string, whatever the negotiated position encoding).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArgsSpan {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunTimings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_ms: Option<u64>,
    /// Fractional: a call across the component boundary often takes well
    /// under a millisecond, and users want to see that cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instantiate_ms: Option<f64>,
    pub call_ms: f64,
}

enum RunResultNotification {}

impl notification::Notification for RunResultNotification {
    type Params = RunResult;
    const METHOD: &'static str = "wit-analyzer/runResult";
}

pub async fn run_command(
    server: &Server,
    arguments: Vec<LSPAny>,
    token: Option<ProgressToken>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: RunParams = argument(RUN, arguments)?;
    refuse_untrusted(server, RUN, &params.uri)?;
    let export = params.export.replace('#', ".");
    let fallback = format!("wit-analyzer/run/{}/{export}", params.world);
    let task = progress::begin(server, token, &fallback, format!("Running {export}")).await;
    let result = run(server, params, &task).await;
    task.finish(server).await;
    let result = result?;
    let summary = match (&result.result, &result.error) {
        (Some(value), _) => format!("{} = {value}", result.export),
        (None, Some(error)) => format!("{} failed: {error}", result.export),
        (None, None) => format!("{} returned nothing", result.export),
    };
    server
        .client
        .log_message(MessageType::INFO, format!("run {summary}"))
        .await;
    server
        .client
        .send_notification::<RunResultNotification>(result.clone())
        .await;
    to_json(&result)
}

async fn run(server: &Server, params: RunParams, task: &Task) -> jsonrpc::Result<RunResult> {
    let mut outcome = RunResult {
        uri: params.uri.clone(),
        world: params.world.clone(),
        // `protocol.ts` spells interface functions `ns:pkg/iface#f`; the
        // runner takes `ns:pkg/iface.f`.
        export: params.export.replace('#', "."),
        result: None,
        error: None,
        stdout: String::new(),
        stderr: String::new(),
        timings: RunTimings::default(),
        args_error: None,
        session: None,
    };
    let known = guard::lock(&server.executor.artifacts)
        .get(&params.world)
        .cloned();
    let artifact = match known {
        Some(artifact) => artifact,
        None => {
            let request = BuildParams {
                uri: params.uri.clone(),
                world: Some(params.world.clone()),
                guest: None,
            };
            let (built, _) = build(server, &request, Reporting::Within(task)).await?;
            outcome.timings.build_ms = Some(built.duration_ms);
            match built.component {
                Some(artifact) => artifact,
                None => {
                    let why = built.error.unwrap_or_default();
                    outcome.error = Some(format!("no component to run: {why}"));
                    return Ok(outcome);
                }
            }
        }
    };
    let path = crate::lsp::server::file_path(&params.uri)?;
    let server = server.clone();
    let call = format!("{}{}", outcome.export, params.args);
    let (export_name, args) = (outcome.export.clone(), params.args.clone());
    let slot = params
        .session
        .then(|| server.executor.session_slot(&params.world));
    let cancel = task.cancel.clone();
    tokio::task::spawn_blocking(move || {
        let state = server.synced_state();
        let (root, limits) = (root_of(&state, &path), state.options.run.clone());
        drop(state);
        let started = Instant::now();
        let called = (|| {
            let runner = server.executor.runner()?;
            let mut options = RunOptions::from_workspace(&root)?;
            limits.apply(&mut options);
            options.cancel = Some(cancel);
            let component = runner
                .load_file_within(&artifact, options.timeout)
                .map_err(|e| match e {
                    RunError::Load { .. } => e.to_string(),
                    other => editor_message(&other, "", 0, None, &artifact).0,
                })?;
            let export = component
                .exports()
                .into_iter()
                .find(|e| e.qualified_name == export_name);
            let called = match &slot {
                Some(slot) => {
                    let function = export.as_ref().map_or(export_name.as_str(), |e| &e.name);
                    let (called, session) = session::call(
                        runner,
                        slot,
                        component.clone(),
                        &call,
                        (function, &args),
                        &options,
                    );
                    outcome.session = session;
                    called
                }
                None => runner.call(&component, &call, &options),
            };
            called.map_err(|error| {
                let (stdout, stderr) = error.guest_output();
                outcome.stdout = stdout.to_string();
                outcome.stderr = stderr.to_string();
                let front = export_name.len();
                let (message, span) =
                    editor_message(&error, &args, front, export.as_ref(), &artifact);
                outcome.args_error = span;
                message
            })
        })();
        match called {
            Ok(done) => {
                outcome.result = Some(done.results);
                outcome.stdout = done.stdout;
                outcome.stderr = done.stderr;
                // A session's later runs reuse its instance.
                let instantiated = outcome.session.as_ref().is_none_or(|s| s.started);
                outcome.timings.instantiate_ms =
                    instantiated.then(|| fractional_millis(done.timings.instantiate));
                outcome.timings.call_ms = fractional_millis(done.timings.call);
            }
            Err(error) => {
                outcome.error = Some(error);
                outcome.timings.call_ms = fractional_millis(started.elapsed());
            }
        }
        outcome
    })
    .await
    .map_err(|err| crate::lsp::server::internal_error(format!("{RUN}: {err}")))
}

/// The settings that raise a run's limits in the editor.
pub(super) const EDITOR_LIMITS: LimitNames = LimitNames {
    timeout: "the `wit-analyzer.run.timeoutMs` setting",
    max_memory: "the `wit-analyzer.run.memoryLimitMiB` setting",
};

/// A failed run in the editor's terms: a WAVE error points into the
/// arguments the user typed (not the call text built from them) and says
/// what the parameters are; limits name the settings that raise them; only
/// errors about the component file name it. The span is where in `args`
/// a WAVE error is.
fn editor_message(
    error: &RunError,
    args: &str,
    front: usize,
    export: Option<&ExportFunc>,
    artifact: &std::path::Path,
) -> (String, Option<ArgsSpan>) {
    let message = match error {
        RunError::Wave(wave) => {
            let (start, end) = within_args(wave.range.clone(), args, front);
            let at = match args.get(start..end) {
                Some(text) if !text.trim().is_empty() => format!(" at `{text}`"),
                _ => String::new(),
            };
            let expected = export.map(|e| {
                let params: Vec<String> =
                    e.params.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                format!("; expected ({})", params.join(", "))
            });
            let message = format!(
                "invalid arguments{at}: {}{}",
                wave.message,
                expected.unwrap_or_default()
            );
            let utf16 = |to: usize| args[..to].encode_utf16().count();
            let span = ArgsSpan {
                start: utf16(start),
                end: utf16(end),
            };
            return (message, Some(span));
        }
        RunError::Load { .. } => format!("{}: {error}", artifact.display()),
        // A Rust guest says why it panicked on stderr; that comes first,
        // the trap and its backtrace after.
        RunError::Trap { stderr, .. } => match panic_message(stderr) {
            Some(panic) => format!("{panic}\n{}", error.describe(EDITOR_LIMITS)),
            None => error.describe(EDITOR_LIMITS),
        },
        _ => error.describe(EDITOR_LIMITS),
    };
    (message, None)
}

/// A WAVE error's range in the call text, whose first `front` bytes are
/// the export's name, as byte offsets into `args`, on char boundaries.
fn within_args(range: std::ops::Range<usize>, args: &str, front: usize) -> (usize, usize) {
    let floor = |mut at: usize| {
        at = at.min(args.len());
        while !args.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let start = floor(range.start.saturating_sub(front));
    let end = floor(range.end.saturating_sub(front)).max(start);
    (start, end)
}

/// `panicked at src/lib.rs:12:5: the message` out of a Rust guest's stderr.
fn panic_message(stderr: &str) -> Option<String> {
    let mut lines = stderr
        .lines()
        .skip_while(|line| !line.contains("panicked at"));
    let header = lines.next()?;
    let location = header[header.find("panicked at")?..].trim_end_matches(':');
    let message: Vec<&str> = lines
        .take_while(|line| !line.starts_with("note:"))
        .collect();
    Some(format!("{location}: {}", message.join("\n")))
}

fn fractional_millis(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rust_panic_is_read_out_of_stderr() {
        let stderr = "greeting\nthread '<unnamed>' panicked at src/lib.rs:135:9:\ncrash was asked to panic\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            super::panic_message(stderr).as_deref(),
            Some("panicked at src/lib.rs:135:9: crash was asked to panic")
        );
        assert_eq!(super::panic_message("nothing here\n"), None);
    }
}
