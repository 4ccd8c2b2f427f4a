//! Run in session: one instance per world kept between runs, so that a
//! handle a constructor returned (`1`) can be passed to a later call, as
//! `wit-analyzer run --session` does on the command line.
//!
//! A session lives until the user ends it (`wit-analyzer.server.endSession`),
//! the guest traps, or the world is rebuilt into another component: the
//! next run then starts a new one and says so.

use std::sync::{Arc, Mutex};

use runner::{LoadedComponent, RunError, RunOptions, RunOutcome, Runner, Session};
use serde::{Deserialize, Serialize};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{END_SESSION, argument, to_json};
use crate::lsp::{guard, server::Server};

/// What the client shows of a session after a run in it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionState {
    /// This run started the session: the first run, or the first after the
    /// user ended it, the guest trapped or the world was rebuilt.
    pub started: bool,
    /// False once the guest trapped: the next run starts a new session.
    pub alive: bool,
    /// Every handle calls of this session returned, oldest first.
    pub handles: Vec<LiveHandle>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveHandle {
    /// The number a later call passes for it.
    pub handle: usize,
    /// The resource, when the call was its constructor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The call that returned it, e.g. `[constructor]cart("EUR")`.
    pub created_by: String,
}

/// A world's session, while there is one.
pub type Slot = Arc<Mutex<Option<WorldSession>>>;

pub struct WorldSession {
    component: Arc<LoadedComponent>,
    session: Session,
    handles: Vec<LiveHandle>,
}

impl super::Executor {
    /// The session slot of `world`, made empty on first use.
    pub(super) fn session_slot(&self, world: &str) -> Slot {
        guard::lock(&self.sessions)
            .entry(world.to_string())
            .or_default()
            .clone()
    }
}

/// Calls `call` in the session of the slot, starting one when there is none
/// or it is of another component or dead. `function` is the export's own
/// name (`[constructor]cart`) and `args` the typed arguments, which name
/// the handles the call returns. The state is `None` when no session could
/// be started.
pub fn call(
    runner: &Runner,
    slot: &Slot,
    component: Arc<LoadedComponent>,
    call: &str,
    (function, args): (&str, &str),
    options: &RunOptions,
) -> (Result<RunOutcome, RunError>, Option<SessionState>) {
    let mut current = guard::lock(slot);
    let reusable = current
        .as_ref()
        .is_some_and(|s| Arc::ptr_eq(&s.component, &component) && s.session.is_alive());
    if !reusable {
        *current = None;
        match runner.session(component.clone(), options) {
            Ok(session) => {
                *current = Some(WorldSession {
                    component,
                    session,
                    handles: Vec::new(),
                });
            }
            Err(error) => return (Err(error), None),
        }
    }
    let world = current.as_mut().expect("started above");
    let before = world.session.handle_count();
    let called = world
        .session
        .call_cancellable(runner, call, options.cancel.clone());
    let resource = function.strip_prefix("[constructor]").map(str::to_string);
    for handle in before + 1..=world.session.handle_count() {
        world.handles.push(LiveHandle {
            handle,
            resource: resource.clone(),
            created_by: format!("{function}{args}"),
        });
    }
    let state = SessionState {
        started: !reusable,
        alive: world.session.is_alive(),
        handles: world.handles.clone(),
    };
    if !state.alive {
        *current = None;
    }
    (called, Some(state))
}

#[derive(Deserialize)]
struct EndSessionParams {
    world: String,
}

#[derive(Serialize)]
struct EndSessionResult {
    /// False when the world had no session.
    ended: bool,
}

/// `[{world}]` -> `{ended}`: drops the world's instance and its handles.
pub async fn end_session_command(
    server: &Server,
    arguments: Vec<LSPAny>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: EndSessionParams = argument(END_SESSION, arguments)?;
    let slot = guard::lock(&server.executor.sessions).remove(&params.world);
    // A run in the session may hold it; ending waits for that run.
    let ended = match slot {
        Some(slot) => tokio::task::spawn_blocking(move || guard::lock(&slot).take().is_some())
            .await
            .unwrap_or(false),
        None => false,
    };
    to_json(&EndSessionResult { ended })
}
