//! The language server over stdio.
//!
//! Handlers convert LSP input to plain data, call a feature in
//! `analysis::ide` or the workspace model, and convert the result back. No
//! other module of this crate sees an LSP type, and no analysis module does.

mod baseline;
mod bindings_preview;
mod build_run;
mod capabilities;
mod code_action;
mod code_lens;
mod commands;
mod completion;
mod component_view;
mod convert;
mod diagnostics;
mod documents;
mod formatting;
mod guard;
mod hover;
mod inlay_hints;
mod navigation;
mod options;
mod rename;
mod semantic_tokens;
mod server;
mod state;
mod switches;
mod symbols;
mod sync;
#[cfg(test)]
mod tests;
mod transport;
mod wac;

use std::process::ExitCode;

use tower_lsp_server::{LspService, LspServiceBuilder, Server};

/// The LSP methods tower-lsp-server does not route itself (yet).
pub(crate) fn unrouted_methods(
    builder: LspServiceBuilder<server::Server>,
) -> LspServiceBuilder<server::Server> {
    builder
        .custom_method(
            "window/workDoneProgress/cancel",
            server::Server::work_done_progress_cancel,
        )
        .custom_method("wit-analyzer/componentWit", component_view::component_wit)
        .custom_method("wit-analyzer/bindings", bindings_preview::bindings)
        .custom_method("wit-analyzer/compose", wac::compose)
}

pub fn run_stdio() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("wit-analyzer: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let (service, socket) = unrouted_methods(LspService::build(server::Server::new)).finish();
        let (input, input_ended) = transport::checked(tokio::io::stdin());
        let serve = Server::new(input, tokio::io::stdout(), socket).serve(service);
        // tower-lsp ends at the end of its input only once every handler is
        // done, and a handler that waits for the client's answer to a
        // request of ours never is when the client has gone.
        let client_gone = async {
            let _ = input_ended.await;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        };
        tokio::select! {
            () = serve => {}
            () = client_gone => {}
        }
    });
    // The input check may still be blocked reading stdin, which nothing can
    // cancel; after `exit` the client owes us no more input, so we do not
    // wait for it to close the pipe.
    runtime.shutdown_background();
    // As the protocol says: 0 after `shutdown`, else 1 (an `exit` alone, or
    // the client's end of the pipe closed).
    if server::SHUTDOWN_REQUESTED.load(std::sync::atomic::Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
