//! The `wit-analyzer` binary: the CLI and the language server.
//!
//! This crate is the only one that knows LSP and JSON. Everything it does is
//! convert input, call the analysis or runner layer, and convert the result.

mod cli;
mod git_refs;
mod lsp;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// glibc's allocator gives each thread that allocates its own arena and
/// keeps what is freed there: a server whose checks run on a pool of
/// blocking threads grew from 240 MB to 1.5 GB over 100 edits of a large
/// package (`benches/large_package.rs`). mimalloc returns freed memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "wit-analyzer",
    version,
    about = "Language server and CLI for WIT, the WebAssembly Component Model's interface language"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check WIT workspaces and report every error (for CI).
    Check(cli::check::CheckArgs),
    /// Format WIT files in the canonical style.
    Fmt(cli::fmt::FmtArgs),
    /// Call an export of a component in sandboxed wasmtime.
    Run(cli::run::RunArgs),
    /// Answer HTTP requests with a component that exports an HTTP handler, as `wasmtime serve` does.
    Serve(cli::serve::ServeArgs),
    /// Build the guest component that implements a world.
    Build(cli::build::BuildArgs),
    /// Write a guest project (Rust, JavaScript or Python) that implements a world with stubs.
    New(cli::new::NewArgs),
    /// Generate guest bindings for a world with wit-bindgen 0.63 (Rust, C, C++, C#, Go, MoonBit).
    Bindings(cli::bindings::BindingsArgs),
    /// Print the WIT of a component: its imports, exports and types.
    Wit(cli::wit::WitArgs),
    /// Plug components into one another (as `wac plug`), or compose them as a WAC document says.
    Compose(cli::compose::ComposeArgs),
    /// Speak LSP over stdio (what running with no arguments does).
    Server,
}

fn main() -> ExitCode {
    // Clap exits with 2 on usage errors, which is our contract too.
    let cli = Cli::parse();
    match cli.command {
        None | Some(Command::Server) => lsp::run_stdio(),
        Some(Command::Check(args)) => cli::check::run(args),
        Some(Command::Fmt(args)) => cli::fmt::run(args),
        Some(Command::Run(args)) => cli::run::run(args),
        Some(Command::Build(args)) => cli::build::run(args),
        Some(Command::Bindings(args)) => cli::bindings::run(args),
        Some(Command::New(args)) => cli::new::run(args),
        Some(Command::Serve(args)) => cli::serve::run(args),
        Some(Command::Wit(args)) => cli::wit::run(args),
        Some(Command::Compose(args)) => cli::compose::run(args),
    }
}
