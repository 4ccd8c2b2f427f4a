//! Debounced re-checks and versioned `publishDiagnostics`.
//!
//! Each edit bumps the state's generation and schedules a check after the
//! debounce delay; a check whose generation is no longer current does
//! nothing, because the later edit scheduled its own. Results carry the
//! document version they were computed from, and a result for an older
//! version than the client's is dropped: a newer check is already on its way.

use std::{sync::atomic::Ordering, time::Duration};

use tower_lsp_server::ls_types::Diagnostic;

use super::{convert, guard, server::Server, state::FileDiagnostics};

pub fn schedule_check(server: &Server, delay: Duration) {
    let generation = server.generation.fetch_add(1, Ordering::SeqCst) + 1;
    let server = server.clone();
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        if server.generation.load(Ordering::SeqCst) != generation {
            return;
        }
        let checker = server.clone();
        let checked =
            tokio::task::spawn_blocking(move || guard::catch("diagnostics", || checker.synced_state().check_dirty()))
                .await;
        match checked {
            Ok(Ok(files)) => publish(&server, files).await,
            Ok(Err(err)) => eprintln!("{}", err.message),
            Err(err) => eprintln!("wit-analyzer: the check task failed: {err}"),
        }
    });
}

async fn publish(server: &Server, files: Vec<FileDiagnostics>) {
    if !guard::lock(&server.state).options.enabled("diagnostics") {
        return;
    }
    let _in_order = server.publishing.lock().await;
    for file in files {
        let current = guard::lock(&server.documents).version(&file.path);
        if current != file.version {
            continue;
        }
        let diagnostics: Vec<Diagnostic> = file.diagnostics;
        server.client.publish_diagnostics(convert::uri_of(&file.path), diagnostics, file.version).await;
    }
}
