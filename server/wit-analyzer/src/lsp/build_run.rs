//! Build and Run from the editor: `▶ Build` / `▶ Run` lenses and the
//! `wit-analyzer.server.build` / `.run` commands of the extension's protocol
//! (`vscode-extension/src/protocol.ts`).
//!
//! Both commands execute code from the workspace, so both are refused
//! until the client says the workspace is trusted. The build tool and the
//! runner are synchronous; they run on blocking threads, and build output
//! reaches the client as log lines while it happens.

mod build;
mod lenses;
mod limits;
mod new_guest;
mod progress;
mod run;
mod serve;
mod session;
mod template;

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, OnceLock},
};

use runner::Runner;
use serde::de::DeserializeOwned;
use tower_lsp_server::{jsonrpc, ls_types::*};

pub use build::build_command;
pub use limits::RunLimits;
pub use new_guest::{NEW_GUEST, actions as new_guest_actions, new_guest_command};
pub use run::run_command;
pub use serve::{serve_command, stop_command};
pub use session::end_session_command;

use super::{convert::LineMap, server::Server, state::State};

pub const BUILD: &str = "wit-analyzer.server.build";
pub const RUN: &str = "wit-analyzer.server.run";
pub const SERVE: &str = "wit-analyzer.server.serve";
pub const STOP_SERVING: &str = "wit-analyzer.server.stopServing";
pub const END_SESSION: &str = "wit-analyzer.server.endSession";
/// Client commands: the extension asks for trust and arguments first.
const BUILD_LENS: &str = "wit-analyzer.buildComponent";
const RUN_LENS: &str = "wit-analyzer.runExport";
const SERVE_LENS: &str = "wit-analyzer.serveWorld";
const STOP_LENS: &str = "wit-analyzer.stopServing";
const SEND_REQUEST_LENS: &str = "wit-analyzer.sendRequest";

/// What the server keeps between builds and runs.
#[derive(Default)]
pub struct Executor {
    /// Made on the first run: starting wasmtime is not free, and most
    /// sessions never run anything.
    runner: OnceLock<Result<Arc<Runner>, String>>,
    /// The last component built for each world (`ns:pkg/world`).
    artifacts: Mutex<HashMap<String, PathBuf>>,
    /// Cancelled to stop the build that is running, when another one starts.
    cancel_running: Mutex<Option<runner::CancelToken>>,
    /// The Cancel of each build or run in progress, by its progress token.
    cancellable: Mutex<HashMap<String, runner::CancelToken>>,
    /// Source files (Rust) the last build published diagnostics for.
    published: Mutex<Vec<PathBuf>>,
    /// The worlds being served, by `ns:pkg/world`.
    served: Mutex<HashMap<String, serve::Served>>,
    /// What the last build of each world produced, for the lens over it.
    components: Mutex<HashMap<String, ComponentFacts>>,
    /// The instance of each world that runs in session share (`session`).
    sessions: Mutex<HashMap<String, session::Slot>>,
}

/// The last component built for a world, compared with the world.
#[derive(Clone, Debug)]
pub struct ComponentFacts {
    pub size: u64,
    pub exports: usize,
    pub imports: usize,
    /// Imports the world does not declare (WASI from the toolchain), when known.
    pub added_imports: Option<usize>,
    /// Exports of the world the component lacks; the build failed for them.
    pub missing_exports: Vec<String>,
}

impl ComponentFacts {
    /// `component: 126 KB, 1 export, 15 imports (14 added by the toolchain) — matches the world`.
    pub fn title(&self) -> String {
        let size = if self.size < 1024 {
            format!("{} bytes", self.size)
        } else {
            format!("{} KB", (self.size + 512) / 1024)
        };
        if !self.missing_exports.is_empty() {
            return format!(
                "component: {size}, lacks the world's {}",
                self.missing_exports.join(", ")
            );
        }
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let added = match self.added_imports {
            Some(0) | None => String::new(),
            Some(n) => format!(" ({n} added by the toolchain)"),
        };
        let verdict = if self.added_imports.is_some() {
            " — matches the world"
        } else {
            ""
        };
        format!(
            "component: {size}, {}, {}{added}{verdict}",
            count(self.exports, "export"),
            count(self.imports, "import")
        )
    }
}

impl Executor {
    /// The worlds a component was built for in this session.
    pub fn built_worlds(&self) -> Vec<String> {
        super::guard::lock(&self.artifacts)
            .keys()
            .cloned()
            .collect()
    }

    pub fn component_facts(&self) -> HashMap<String, ComponentFacts> {
        super::guard::lock(&self.components).clone()
    }

    /// World → URL of each world being served.
    pub fn served_urls(&self) -> HashMap<String, String> {
        super::guard::lock(&self.served)
            .iter()
            .map(|(world, served)| (world.clone(), served.url.clone()))
            .collect()
    }

    fn runner(&self) -> Result<&Arc<Runner>, String> {
        self.runner
            .get_or_init(|| {
                let config = runner::RunnerConfig {
                    cache_dir: runner::RunnerConfig::default_cache_dir(),
                };
                Runner::new(config)
                    .map(Arc::new)
                    .map_err(|err| format!("cannot start wasmtime: {err}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The `▶ Build`, `▶ Run` and `▶ Serve` lenses of one file: only in a
/// trusted workspace, only over worlds a guest project builds or was built
/// for. `served` maps each world being served to its URL.
pub fn lenses(
    state: &State,
    path: &Path,
    map: &LineMap,
    built: &[String],
    served: &HashMap<String, String>,
    components: &HashMap<String, ComponentFacts>,
) -> Vec<CodeLens> {
    let Some(folder) = state.trusted_folder(path) else {
        return Vec::new();
    };
    let worlds = package_worlds(state, path);
    if worlds.is_empty() {
        return Vec::new();
    }
    let guests = runner::build::find_guests(folder).unwrap_or_default();
    let uri = super::convert::uri_of(path);
    let mut out = Vec::new();
    for world in worlds {
        let building: Vec<_> = guests
            .iter()
            .filter(|g| g.builds_world(&world.world))
            .collect();
        if building.is_empty() && !built.contains(&world.world) {
            continue;
        }
        if world.path == path {
            out.extend(build_lenses(
                &building,
                &uri,
                &world.world,
                map.range(world.range.clone()),
            ));
        }
        if let Some(facts) = components.get(&world.world).filter(|_| world.path == path) {
            // A title only: clients show it as text.
            let range = map.range(world.range.clone());
            out.push(CodeLens {
                range,
                command: Some(Command {
                    title: facts.title(),
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            });
        }
        if world.serves_http && world.path == path {
            let range = map.range(world.range.clone());
            match served.get(&world.world) {
                Some(url) => {
                    let stop = serde_json::json!({"uri": uri, "world": world.world});
                    out.push(lens(range, &format!("■ Stop {url}"), STOP_LENS, stop));
                    let send = serde_json::json!({"world": world.world, "url": url});
                    out.push(lens(range, "Send Request…", SEND_REQUEST_LENS, send));
                }
                None => {
                    let serve = serde_json::json!({"uri": uri, "world": world.world});
                    out.push(lens(range, "▶ Serve", SERVE_LENS, serve));
                }
            }
        }
        for export in world.exports.iter().filter(|e| e.path == path) {
            let range = map.range(export.range.clone());
            let args = serde_json::json!({
                "uri": uri,
                "world": world.world,
                "export": export.export,
                "template": export.template,
                "signature": export.signature,
                "session": export.session,
                "range": range,
            });
            out.push(lens(range, "▶ Run", RUN_LENS, args));
        }
    }
    name_the_worlds_of_shared_runs(&mut out);
    out
}

/// A function of an interface that several worlds export gets a `▶ Run`
/// from each; two lenses that read the same would leave the user guessing,
/// so each then names its world: `▶ Run in guest`, `▶ Run in polyglot`.
fn name_the_worlds_of_shared_runs(lenses: &mut [CodeLens]) {
    let is_run = |l: &CodeLens| l.command.as_ref().is_some_and(|c| c.command == RUN_LENS);
    let ranges: Vec<Range> = lenses
        .iter()
        .filter(|l| is_run(l))
        .map(|l| l.range)
        .collect();
    for lens in lenses.iter_mut().filter(|l| is_run(l)) {
        if ranges.iter().filter(|r| **r == lens.range).count() < 2 {
            continue;
        }
        let Some(command) = lens.command.as_mut() else {
            continue;
        };
        let world = command
            .arguments
            .as_ref()
            .and_then(|a| a.first())
            .and_then(|a| a["world"].as_str())
            .and_then(|w| w.rsplit('/').next())
            .map(str::to_string);
        if let Some(world) = world {
            command.title = format!("▶ Run in {world}");
        }
    }
}

/// `▶ Build` over a world one guest builds; with guests in several
/// languages, one lens each (`▶ Build JavaScript`) that builds that one. A
/// guest whose toolchain is missing says so in its title (Go's TinyGo).
fn build_lenses(
    building: &[&runner::build::GuestProject],
    uri: &Uri,
    world: &str,
    range: Range,
) -> Vec<CodeLens> {
    building
        .iter()
        .map(|guest| {
            let mut title = match building {
                [_] => "▶ Build".to_string(),
                _ => format!("▶ Build {}", guest.language().name()),
            };
            if let Some(runner::build::BuildError::ToolMissing { tool, .. }) =
                guest.missing_toolchain()
            {
                title.push_str(&format!(" ({tool} not installed)"));
            }
            let mut params = serde_json::json!({"uri": uri, "world": world});
            if building.len() > 1 {
                params["guest"] = serde_json::json!(guest.dir);
            }
            lens(range, &title, BUILD_LENS, params)
        })
        .collect()
}

fn lens(range: Range, title: &str, command: &str, argument: serde_json::Value) -> CodeLens {
    CodeLens {
        range,
        command: Some(Command {
            title: title.to_string(),
            command: command.to_string(),
            arguments: Some(vec![argument]),
        }),
        data: None,
    }
}

/// The workspace root `path` is under, where guest projects are searched
/// and `wit-analyzer.toml` is read.
pub fn root_of(state: &State, path: &Path) -> PathBuf {
    super::state::innermost(state.workspace.roots(), path)
        .or_else(|| path.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The worlds of `path`'s package, with their exports, read from the
/// texts the editor has.
fn package_worlds(state: &State, path: &Path) -> Vec<lenses::WorldLens> {
    let Some(package) = state.workspace.package_of(path) else {
        return Vec::new();
    };
    let text_of = |file: &Path| {
        state
            .ide()
            .text(file)
            .or_else(|| state.workspace.text(file))
    };
    lenses::worlds(&lenses::package_trees(&package.files, &text_of))
}

/// The worlds of `path`'s package, `ns:pkg/world`.
fn worlds_of(state: &State, path: &Path) -> Vec<String> {
    package_worlds(state, path)
        .into_iter()
        .map(|w| w.world)
        .collect()
}

/// Build and run execute the workspace's code: never without trust, and
/// never for a file outside the trusted workspace folders.
fn refuse_untrusted(server: &Server, command: &str, uri: &Uri) -> jsonrpc::Result<()> {
    let state = super::guard::lock(&server.state);
    let message = if !state.options.trusted {
        format!(
            "{command} refused: the workspace is not trusted, and building or running \
             would execute its code. Trust the workspace to enable it."
        )
    } else {
        let path = crate::lsp::server::file_path(uri)?;
        if state.trusted_folder(&path).is_some() {
            return Ok(());
        }
        format!(
            "{command} refused: `{}` is outside the workspace folders, and trust covers only them",
            path.display()
        )
    };
    Err(jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidRequest,
        message: message.into(),
        data: None,
    })
}

/// The one argument of a command, in the shape `protocol.ts` gives it.
fn argument<T: DeserializeOwned>(command: &str, arguments: Vec<LSPAny>) -> jsonrpc::Result<T> {
    let first = arguments
        .into_iter()
        .next()
        .ok_or_else(|| jsonrpc::Error::invalid_params(format!("{command} takes one argument")))?;
    serde_json::from_value(first)
        .map_err(|err| jsonrpc::Error::invalid_params(format!("{command}: {err}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> jsonrpc::Result<Option<LSPAny>> {
    serde_json::to_value(value)
        .map(Some)
        .map_err(|err| super::server::internal_error(err.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_lens(line: u32, world: &str) -> CodeLens {
        let range = Range::new(Position::new(line, 2), Position::new(line, 5));
        let args = serde_json::json!({"world": world, "export": "a:b/i.f"});
        lens(range, "▶ Run", RUN_LENS, args)
    }

    #[test]
    fn runs_of_one_function_from_several_worlds_name_their_world() {
        let mut lenses = vec![
            run_lens(3, "a:b/guest"),
            run_lens(3, "a:b/polyglot"),
            run_lens(7, "a:b/guest"),
        ];
        name_the_worlds_of_shared_runs(&mut lenses);
        let titles: Vec<&str> = lenses
            .iter()
            .map(|l| l.command.as_ref().unwrap().title.as_str())
            .collect();
        assert_eq!(titles, ["▶ Run in guest", "▶ Run in polyglot", "▶ Run"]);
    }
}
