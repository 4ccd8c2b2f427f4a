//! `wit-analyzer serve`: answer HTTP requests with a component that exports
//! an HTTP handler, in the sandbox of `run`, one fresh instance per request.
//!
//! stderr gets one line per request (method, path, status, duration), the
//! guest's output under it, and the error of a request that failed. stdout
//! stays empty.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use runner::{HttpServer, RequestRecord, Runner, RunnerConfig};

use super::run::{SandboxArgs, fail};

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The component to serve: it exports `wasi:http/incoming-handler@0.2.x`
    /// (the `wasi:http/proxy` world) or `wasi:http/handler@0.3.x`.
    pub component: PathBuf,
    /// Where to listen. Loopback unless you say otherwise; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub sandbox: SandboxArgs,
    /// Do not read or write the on-disk cache of compiled components.
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(args: ServeArgs) -> ExitCode {
    let cache_dir = if args.no_cache {
        None
    } else {
        RunnerConfig::default_cache_dir()
    };
    let options = match args.sandbox.options() {
        Ok(options) => options,
        Err(message) => return fail(&message),
    };
    let runner = match Runner::for_many_instances(RunnerConfig { cache_dir }, options.max_memory) {
        Ok(runner) => Arc::new(runner),
        Err(e) => return fail(&e.to_string()),
    };
    // The message names the file already.
    let handler = match runner
        .load_file(&args.component)
        .and_then(|component| runner.http_handler(&component))
    {
        Ok(handler) => handler,
        Err(e) => return fail(&format!("{}: {e}", args.component.display())),
    };
    let wasi = handler.wasi;
    let server = match HttpServer::start(
        Arc::clone(&runner),
        handler,
        args.addr,
        options,
        log_request,
    ) {
        Ok(server) => server,
        Err(message) => return fail(&message),
    };
    let addr = server.local_addr();
    if !addr.ip().is_loopback() {
        say!(
            "note: listening on {}, which other machines can reach",
            addr.ip()
        );
    }
    say!(
        "serving {} ({wasi}) at http://{addr}/ (Ctrl-C stops it)",
        args.component.display()
    );
    if let Err(message) = wait_for_stop_signal() {
        return fail(&message);
    }
    say!("stopping: letting the requests in flight finish");
    server.stop();
    ExitCode::SUCCESS
}

/// Blocks until Ctrl-C (SIGINT) or SIGTERM.
fn wait_for_stop_signal() -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot wait for Ctrl-C: {e}"))?;
    runtime.block_on(async {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate()).map_err(|e| format!("cannot wait for SIGTERM: {e}"))?;
        tokio::select! {
            stopped = tokio::signal::ctrl_c() => stopped.map_err(|e| format!("cannot wait for Ctrl-C: {e}")),
            _ = terminate.recv() => Ok(()),
        }
    })
}

fn log_request(record: &RequestRecord) {
    say!("{}", record.log_text(runner::LimitNames::CLI));
}
