//! Re-checks and versioned `publishDiagnostics`.
//!
//! An edit starts a check at once when none is running, so a lone keystroke
//! waits for nothing. Edits that arrive while a check runs are coalesced:
//! when it ends, one more check covers all of them. That is the debounce
//! for bursts of typing, without a timer that every keystroke would pay.
//!
//! Results carry the document version they were computed from, and a result
//! for an older version than the client's is dropped: the check that covers
//! the newer version is already queued.

use std::sync::atomic::Ordering;

use tower_lsp_server::ls_types::Diagnostic;

use super::{convert, guard, server::Server, state::FileDiagnostics};

pub fn schedule_check(server: &Server) {
    server.recheck.store(true, Ordering::SeqCst);
    if server.checking.swap(true, Ordering::SeqCst) {
        return;
    }
    let server = server.clone();
    tokio::spawn(async move {
        loop {
            server.recheck.store(false, Ordering::SeqCst);
            check_and_publish(&server).await;
            server.checking.store(false, Ordering::SeqCst);
            // An edit that came after the check started, and found it
            // running, left `recheck` set for us to pick up.
            if !server.recheck.load(Ordering::SeqCst)
                || server.checking.swap(true, Ordering::SeqCst)
            {
                break;
            }
        }
    });
}

async fn check_and_publish(server: &Server) {
    let checker = server.clone();
    let checked =
        tokio::task::spawn_blocking(move || guard::catch("diagnostics", || check(&checker))).await;
    match checked {
        Ok(Ok(Some(files))) => publish(server, files).await,
        Ok(Ok(None)) => server.recheck.store(true, Ordering::SeqCst),
        Ok(Err(err)) => eprintln!("{}", err.message),
        Err(err) => eprintln!("wit-analyzer: the check task failed: {err}"),
    }
}

/// Takes the dirty files under the state's lock, checks them without it, so
/// that features are answered meanwhile, and turns the results into
/// diagnostics under the lock again. `None` when the workspace was rebuilt
/// during the check, which then has to run again.
fn check(server: &Server) -> Option<Vec<FileDiagnostics>> {
    let _one_check = guard::lock(&server.check_gate);
    let pending = server.lock_and_sync().take_check();
    let results = pending.run();
    guard::lock(&server.state).finish_check(pending, results)
}

pub async fn publish(server: &Server, files: Vec<FileDiagnostics>) {
    if !guard::lock(&server.state).options.enabled("diagnostics") {
        return;
    }
    let files = super::baseline::merge(server, files).await;
    for file in files {
        let current = guard::lock(&server.documents).version(&file.path);
        if current != file.version {
            continue;
        }
        let diagnostics: Vec<Diagnostic> = file.diagnostics;
        server
            .client
            .publish_diagnostics(convert::uri_of(&file.path), diagnostics, file.version)
            .await;
    }
}
