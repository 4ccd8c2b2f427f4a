//! Work-done progress with a Cancel button, for a build or a run.
//!
//! The client may hand a token of its own (`workDoneToken` of
//! `workspace/executeCommand`), and then shows the progress as it likes;
//! otherwise the server asks for one. Either way the progress is
//! `cancellable`, and `window/workDoneProgress/cancel` for its token
//! cancels the task's [`CancelToken`]: the build tool is killed, the guest
//! stopped at its next epoch tick or wake-up.

use runner::CancelToken;
use tower_lsp_server::{Cancellable, OngoingProgress, Unbounded, ls_types::*};

use crate::lsp::{guard, server::Server};

/// A build or run in progress.
pub struct Task {
    /// Where the task's Cancel is registered, while it runs.
    key: Option<String>,
    ongoing: Option<OngoingProgress<Unbounded, Cancellable>>,
    pub cancel: CancelToken,
}

/// Begins a task titled `title`, on the client's `token` if it sent one,
/// else on `fallback` when the client accepts a token of ours.
pub async fn begin(
    server: &Server,
    token: Option<ProgressToken>,
    fallback: &str,
    title: String,
) -> Task {
    let cancel = CancelToken::new();
    let token = match token {
        Some(token) => Some(token),
        None => {
            let ours = ProgressToken::String(fallback.to_string());
            let created = server.client.create_work_done_progress(ours.clone()).await;
            created.ok().map(|()| ours)
        }
    };
    let Some(token) = token else {
        return Task {
            key: None,
            ongoing: None,
            cancel,
        };
    };
    let key = key_of(&token);
    guard::lock(&server.executor.cancellable).insert(key.clone(), cancel.clone());
    let ongoing = server
        .client
        .progress(token, title)
        .with_cancel_button()
        .begin()
        .await;
    Task {
        key: Some(key),
        ongoing: Some(ongoing),
        cancel,
    }
}

impl Task {
    pub async fn report(&self, message: impl Into<String>) {
        if let Some(ongoing) = &self.ongoing {
            ongoing.report_with_message(message, None).await;
        }
    }

    pub async fn finish(self, server: &Server) {
        if let Some(key) = &self.key {
            guard::lock(&server.executor.cancellable).remove(key);
        }
        if let Some(ongoing) = self.ongoing {
            ongoing.finish().await;
        }
    }
}

fn key_of(token: &ProgressToken) -> String {
    match token {
        ProgressToken::Number(n) => format!("#{n}"),
        ProgressToken::String(s) => format!("'{s}"),
    }
}

impl Server {
    /// `window/workDoneProgress/cancel`: the Cancel button of a build or run.
    /// A token of nothing running (it just ended) is no error.
    pub async fn work_done_progress_cancel(&self, params: WorkDoneProgressCancelParams) {
        let cancel = guard::lock(&self.executor.cancellable)
            .get(&key_of(&params.token))
            .cloned();
        if let Some(cancel) = cancel {
            cancel.cancel();
        }
    }
}
