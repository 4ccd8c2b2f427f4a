//! `wit-analyzer.server.build`: build the guest of a world, with its output
//! streamed to the client's log and compiler errors shown as diagnostics.

use std::{path::PathBuf, time::Duration};

use runner::build::{BuildError, BuildOutcome, RustDiagnostic, Severity};
use serde::{Deserialize, Serialize};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{
    BUILD, argument,
    progress::{self, Task},
    refuse_untrusted, root_of, to_json, worlds_of,
};
use crate::lsp::{convert, guard, server::Server};

/// Components larger than this (a JavaScript or Python guest) take seconds
/// to compile, which the log says.
const SLOW_TO_COMPILE: u64 = 4 * 1024 * 1024;
/// How long a build may print nothing before the log says it goes on.
const QUIET: Duration = Duration::from_secs(5);

#[derive(Deserialize)]
pub struct BuildParams {
    pub uri: Uri,
    pub world: Option<String>,
    /// The directory of the guest to build, when guests in several
    /// languages build the world (each has its own lens); else the first.
    #[serde(default)]
    pub guest: Option<PathBuf>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildResult {
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<PathBuf>,
    pub log: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub duration_ms: u64,
}

pub async fn build_command(
    server: &Server,
    arguments: Vec<LSPAny>,
    token: Option<ProgressToken>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: BuildParams = argument(BUILD, arguments)?;
    refuse_untrusted(server, BUILD, &params.uri)?;
    let (result, _) = build(server, &params, Reporting::Own(token)).await?;
    to_json(&result)
}

/// Where a build reports its progress, and what cancels it.
pub enum Reporting<'a> {
    /// A progress of its own, on the client's token when it sent one.
    Own(Option<ProgressToken>),
    /// The progress of a run that needs the build first.
    Within(&'a Task),
}

/// Builds the world `params` names (or the only world of the file's
/// package) and remembers the component for later runs. The outcome is
/// also returned, for a run that needed the build.
pub async fn build(
    server: &Server,
    params: &BuildParams,
    reporting: Reporting<'_>,
) -> jsonrpc::Result<(BuildResult, Option<BuildOutcome>)> {
    let path = crate::lsp::server::file_path(&params.uri)?;
    let (root, worlds) = {
        let server = server.clone();
        let path = path.clone();
        tokio::task::spawn_blocking(move || {
            let state = server.synced_state();
            (root_of(&state, &path), worlds_of(&state, &path))
        })
        .await
        .map_err(|err| crate::lsp::server::internal_error(format!("{BUILD}: {err}")))?
    };
    // A blank world is a client that had none to send.
    let named = params
        .world
        .as_ref()
        .filter(|world| !world.trim().is_empty());
    let world = match (named, worlds.as_slice()) {
        (Some(world), _) => world.clone(),
        (None, [only]) => only.clone(),
        (None, []) => {
            return Ok((
                failed(format!("{} declares no world to build", path.display())),
                None,
            ));
        }
        (None, many) => {
            let message = format!(
                "{} has several worlds; name one of: {}",
                path.display(),
                many.join(", ")
            );
            return Ok((failed(message), None));
        }
    };
    let mut own = None;
    let progress: &Task = match reporting {
        Reporting::Within(task) => task,
        Reporting::Own(token) => {
            let fallback = format!("wit-analyzer/build/{world}");
            let title = format!("Building {world}");
            own.insert(progress::begin(server, token, &fallback, title).await)
        }
    };
    let cancel = progress.cancel.clone();
    if let Some(previous) = guard::lock(&server.executor.cancel_running).replace(cancel.clone()) {
        previous.cancel();
    }
    let (lines, mut received) = tokio::sync::mpsc::unbounded_channel::<String>();
    let (task_world, task_root, task_guest) = (world.clone(), root.clone(), params.guest.clone());
    let warm = server.executor.runner().ok().cloned();
    let task = tokio::task::spawn_blocking(move || {
        let guest = match task_guest {
            Some(dir) => runner::build::find_guest_in(&task_world, &task_root, &dir)?,
            None => runner::build::find_guest(&task_world, &task_root)?,
        };
        let mut on_line = |line: &str| {
            let _ = lines.send(line.to_string());
        };
        let built = runner::build::build_cancellable(&guest, &mut on_line, cancel.flag());
        // Compiled now, a first ▶ Run does not spend its timeout compiling:
        // the 12-18 MB of a JavaScript or Python component take longer to
        // compile than the default 10 s on two cores.
        if let (Ok(built), Some(runner)) = (&built, warm) {
            // Only a component that takes a while is worth a line, and then
            // one every few seconds, so the build is seen to go on.
            let slow = built.size > SLOW_TO_COMPILE;
            if slow {
                let size = built.size / (1024 * 1024);
                on_line(&format!("compiling the {size} MB component for ▶ Run"));
            }
            let artifact = built.artifact.clone();
            let compile = std::thread::spawn(move || runner.load_file(&artifact).is_ok());
            let started = std::time::Instant::now();
            let mut told = 0;
            while !compile.is_finished() {
                std::thread::sleep(Duration::from_millis(50));
                let seconds = started.elapsed().as_secs();
                if slow && seconds >= told + 5 {
                    told = seconds;
                    on_line(&format!("still compiling for ▶ Run ({seconds} s)"));
                }
            }
            let _ = compile.join();
        }
        built
    });
    let mut log = String::new();
    let started = std::time::Instant::now();
    loop {
        // A tool silent for a while (componentize-js's initialization) is
        // seen to go on in the log, though not in the build's own output.
        let line = match tokio::time::timeout(QUIET, received.recv()).await {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(_) => {
                let waited = started.elapsed().as_secs();
                let message = format!("still building {world} ({waited} s)");
                server.client.log_message(MessageType::LOG, message).await;
                continue;
            }
        };
        server.client.log_message(MessageType::LOG, &line).await;
        progress.report(line.clone()).await;
        log.push_str(&line);
        log.push('\n');
    }
    let outcome = task
        .await
        .map_err(|err| crate::lsp::server::internal_error(format!("{BUILD}: {err}")))?;
    if let Some(own) = own {
        own.finish(server).await;
    }
    let mut rust_diagnostics = match &outcome {
        Ok(built) => built.diagnostics.clone(),
        Err(BuildError::Failed { diagnostics, .. }) => diagnostics.clone(),
        Err(_) => Vec::new(),
    };
    // Errors inside dependencies (the cargo registry) are not the user's to fix.
    rust_diagnostics.retain(|d| d.file.starts_with(&root));
    publish_rust_diagnostics(server, &rust_diagnostics).await;
    remember_component(server, &world, &outcome);
    let result = match &outcome {
        Ok(built) => {
            guard::lock(&server.executor.artifacts).insert(world.clone(), built.artifact.clone());
            let message = format!(
                "built {world}: {} ({} bytes)",
                built.artifact.display(),
                built.size
            );
            server.client.log_message(MessageType::INFO, message).await;
            swap_into_server(server, &world, &built.artifact).await;
            BuildResult {
                ok: true,
                component: Some(built.artifact.clone()),
                log,
                error: None,
                duration_ms: millis(built.duration),
            }
        }
        Err(err) => {
            // The whole story, with the tool's command line, goes to the
            // log; the answer says what failed in one line.
            let message = format!("build of {world} failed: {err}");
            server
                .client
                .log_message(MessageType::ERROR, &message)
                .await;
            BuildResult {
                log,
                ..failed(one_line(err, &root))
            }
        }
    };
    Ok((result, outcome.ok()))
}

/// What the component lens over `world` shows after this build: the new
/// component, the exports it lacks, or nothing when there is no component.
fn remember_component(server: &Server, world: &str, outcome: &Result<BuildOutcome, BuildError>) {
    let facts = match outcome {
        Ok(built) => Some(super::ComponentFacts {
            size: built.size,
            exports: built.world.exports.len(),
            imports: built.world.imports.len(),
            added_imports: built.added_imports.as_ref().map(Vec::len),
            missing_exports: Vec::new(),
        }),
        Err(BuildError::WorldMismatch {
            artifact, missing, ..
        }) => Some(super::ComponentFacts {
            size: std::fs::metadata(artifact).map_or(0, |m| m.len()),
            exports: 0,
            imports: 0,
            added_imports: None,
            missing_exports: missing.clone(),
        }),
        Err(_) => None,
    };
    let mut components = guard::lock(&server.executor.components);
    match facts {
        Some(facts) => components.insert(world.to_string(), facts),
        None => components.remove(world),
    };
}

/// A world being served serves what was just built from the next request on.
async fn swap_into_server(server: &Server, world: &str, artifact: &std::path::Path) {
    let swapped = {
        let (server, world, artifact) = (server.clone(), world.to_string(), artifact.to_path_buf());
        tokio::task::spawn_blocking(move || super::serve::swap_in(&server, &world, &artifact)).await
    };
    let message = match swapped {
        Ok(None) => return,
        Ok(Some(Ok(url))) => format!("{world} at {url} now serves the new build"),
        Ok(Some(Err(why))) => format!("{world} goes on serving the previous build: {why}"),
        Err(err) => format!("{world} goes on serving the previous build: {err}"),
    };
    server.client.log_message(MessageType::INFO, message).await;
}

/// What failed, in one line and in the user's terms: the first compiler
/// error and where it is, not the command that found it.
fn one_line(error: &BuildError, root: &std::path::Path) -> String {
    match error {
        BuildError::Failed {
            status,
            diagnostics,
            ..
        } => {
            let mut errors = diagnostics.iter().filter(|d| d.severity == Severity::Error);
            let Some(first) = errors.next() else {
                return format!("the build tool failed ({status}); its output is in the log");
            };
            let file = first.file.strip_prefix(root).unwrap_or(&first.file);
            let more = match errors.count() {
                0 => String::new(),
                1 => " (and 1 more error)".into(),
                n => format!(" (and {n} more errors)"),
            };
            format!(
                "{} at {}:{}:{}{more}",
                first.message,
                file.display(),
                first.line,
                first.column
            )
        }
        other => other
            .to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

fn failed(error: String) -> BuildResult {
    BuildResult {
        ok: false,
        component: None,
        log: String::new(),
        error: Some(error),
        duration_ms: 0,
    }
}

pub fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Compiler errors and warnings on the source files they point at; files
/// the previous build marked and this one does not are cleared.
async fn publish_rust_diagnostics(server: &Server, diagnostics: &[RustDiagnostic]) {
    let mut by_file: std::collections::BTreeMap<PathBuf, Vec<Diagnostic>> = Default::default();
    for previous in std::mem::take(&mut *guard::lock(&server.executor.published)) {
        by_file.entry(previous).or_default();
    }
    let unit = guard::lock(&server.documents).unit;
    for diagnostic in diagnostics {
        let Ok(text) = std::fs::read_to_string(&diagnostic.file) else {
            continue;
        };
        let map = convert::LineMap::new(text.as_str().into(), unit);
        let offset = byte_offset(&text, diagnostic.line, diagnostic.column);
        by_file
            .entry(diagnostic.file.clone())
            .or_default()
            .push(Diagnostic {
                range: map.range(offset..offset),
                severity: Some(match diagnostic.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                source: Some("wit-analyzer build".into()),
                message: diagnostic.message.clone(),
                ..Default::default()
            });
    }
    let mut published = Vec::new();
    for (file, diagnostics) in by_file {
        if !diagnostics.is_empty() {
            published.push(file.clone());
        }
        server
            .client
            .publish_diagnostics(convert::uri_of(&file), diagnostics, None)
            .await;
    }
    *guard::lock(&server.executor.published) = published;
}

/// rustc's 1-based line and 1-based column (in chars) as a byte offset.
fn byte_offset(text: &str, line: u32, column: u32) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    let line_text = rest.split('\n').next().unwrap_or_default();
    let within = line_text
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line_text.len(), |(i, _)| i);
    line_start + within
}

#[cfg(test)]
mod tests {
    #[test]
    fn rustc_positions_count_lines_and_chars_from_one() {
        let text = "fn a() {}\nlet é = x;\n";
        assert_eq!(super::byte_offset(text, 1, 1), 0);
        assert_eq!(super::byte_offset(text, 2, 7), text.find('=').unwrap());
        // Past the end of a line: its end, never another line.
        assert_eq!(super::byte_offset(text, 1, 40), 9);
    }
}
