//! `wit-analyzer run`: call an export of a component in sandboxed wasmtime.
//!
//! The result goes to stdout in WAVE, exactly as `wasmtime run --invoke`
//! prints it, after the guest's own stdout. Everything else (the guest's
//! stderr, errors, timings) goes to stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use annotate_snippets::{Level, Renderer, Snippet};
use runner::{CacheStatus, DirGrant, RunError, RunOptions, Runner, RunnerConfig};

#[derive(clap::Args)]
pub struct RunArgs {
    /// The component to load (.wasm, binary or text format).
    pub component: PathBuf,
    /// The call, in WAVE: 'greet("world")'. Interface functions may be
    /// qualified ('acme:app/greeter.greet(...)'); bare names work when
    /// unambiguous. Several calls share one instance, so a resource handle
    /// one returns (shown as a number: 1, 2, ...) can be passed to the next.
    #[arg(required_unless_present = "list")]
    pub calls: Vec<String>,
    /// List the exports with their types and a call template, instead of calling.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub sandbox: SandboxArgs,
    /// Print load, instantiate and call times to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Do not read or write the on-disk cache of compiled components.
    #[arg(long)]
    pub no_cache: bool,
}

/// What a guest may do and use, on top of `[run]` of ./wit-analyzer.toml:
/// the flags `run` and `serve` share.
#[derive(clap::Args)]
pub struct SandboxArgs {
    /// Stop the guest after this long (for `serve`: each request): 5s, 500ms, 2m [default: 5s, or
    /// `[run] timeout` of ./wit-analyzer.toml].
    #[arg(long, value_parser = runner::parse_duration)]
    pub timeout: Option<Duration>,
    /// Limit all linear memories together: 256MiB, 1GiB, 65536 [default: 256MiB, or
    /// `[run] max-memory` of ./wit-analyzer.toml].
    #[arg(long, value_parser = runner::parse_size)]
    pub max_memory: Option<usize>,
    /// Let the guest read HOST_DIR as GUEST_DIR: --dir ./data::/data; add
    /// `:rw` to let it write too (--dir ./out::/out:rw). A bare directory is
    /// seen under the same path. Adds to `[run] dirs` of ./wit-analyzer.toml,
    /// as --env and --arg add to `env` and `args`.
    #[arg(long = "dir", value_name = "HOST::GUEST", value_parser = parse_dir)]
    pub dirs: Vec<DirGrant>,
    /// Set an environment variable in the guest: --env KEY=VALUE.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
    /// Pass a command-line argument to the guest (repeatable).
    #[arg(long = "arg", value_name = "ARG")]
    pub args: Vec<String>,
}

impl SandboxArgs {
    /// The workspace's grants with the flags on top, after telling the
    /// user what a checked-in file grants.
    pub fn options(self) -> Result<RunOptions, String> {
        let mut options = RunOptions::from_workspace(Path::new("."))?;
        // A checked-in file can widen the sandbox: say so every time.
        let granted = grants(&options);
        if !granted.is_empty() {
            say!(
                "note: ./{} grants the guest {}",
                runner::CONFIG_FILE,
                granted.join(", ")
            );
        }
        options.timeout = self.timeout.unwrap_or(options.timeout);
        options.max_memory = self.max_memory.unwrap_or(options.max_memory);
        options.dirs.extend(self.dirs);
        options.env.extend(self.env);
        options.args.extend(self.args);
        Ok(options)
    }
}

pub fn run(args: RunArgs) -> ExitCode {
    let cache_dir = if args.no_cache {
        None
    } else {
        RunnerConfig::default_cache_dir()
    };
    let runner = match Runner::new(RunnerConfig { cache_dir }) {
        Ok(runner) => runner,
        Err(e) => return fail(&e.to_string()),
    };
    if args.list {
        let component = match runner.load_file(&args.component) {
            Ok(component) => component,
            // The message names the file already.
            Err(e) => return fail(&e.to_string()),
        };
        let exports = runner.list_exports(&component);
        if exports.is_empty() {
            say!(
                "{}: the component exports no functions",
                args.component.display()
            );
        }
        print_exports(&exports);
        return ExitCode::SUCCESS;
    }
    let options = match args.sandbox.options() {
        Ok(options) => options,
        Err(message) => return fail(&message),
    };
    // The timeout covers compiling: a huge input can take minutes.
    let component = match runner.load_file_within(&args.component, options.timeout) {
        Ok(component) => component,
        Err(e @ RunError::Timeout { .. }) => return failed_call(&args.component, &e),
        // The message names the file already.
        Err(e) => return fail(&e.to_string()),
    };
    let mut session = match runner.session(component, &options) {
        Ok(session) => session,
        Err(e) => return failed_call(&args.component, &e),
    };
    for call in &args.calls {
        match session.call(&runner, call) {
            Ok(outcome) => {
                pass_through(&outcome.stdout, &outcome.stderr);
                write_stdout(&format!("{}\n", outcome.results));
                if args.timings {
                    say!("{}", timings_line(&outcome.timings));
                }
            }
            Err(RunError::Wave(e)) => {
                // A blank call has nothing for a snippet to underline.
                if call.trim().is_empty() {
                    return fail(&format!("empty call: {}", e.message));
                }
                let message = Level::Error.title("invalid arguments").snippet(
                    Snippet::source(call)
                        .origin("<call>")
                        .annotation(Level::Error.span(e.range.clone()).label(&e.message)),
                );
                say!("{}", Renderer::plain().render(message));
                return ExitCode::from(1);
            }
            Err(e) => return failed_call(&args.component, &e),
        }
    }
    ExitCode::SUCCESS
}

/// What `options` lets a guest do beyond the bare sandbox, for a user to read.
fn grants(options: &RunOptions) -> Vec<String> {
    let mut granted: Vec<String> = options
        .dirs
        .iter()
        .map(|d| format!("directory {}", d.describe()))
        .collect();
    if !options.env.is_empty() {
        let names: Vec<&str> = options.env.iter().map(|(k, _)| k.as_str()).collect();
        granted.push(format!("environment {}", names.join(" ")));
    }
    if !options.args.is_empty() {
        granted.push(format!("arguments {}", options.args.join(" ")));
    }
    granted
}

pub(crate) fn failed_call(component: &std::path::Path, error: &RunError) -> ExitCode {
    let (stdout, stderr) = error.guest_output();
    pass_through(stdout, stderr);
    fail(&format!("{}: {error}", component.display()))
}

pub(crate) fn fail(message: &str) -> ExitCode {
    say!("error: {message}");
    ExitCode::from(1)
}

/// The guest's output, as if it had been inherited.
fn pass_through(stdout: &str, stderr: &str) {
    write_stdout(stdout);
    say_raw!("{stderr}");
}

/// A reader that went away (`| head`) is not an error of the run.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Write errors (a closed pipe, as in `run --list x.wasm | head`) end the
/// listing quietly.
fn print_exports(exports: &[runner::ExportFunc]) {
    let mut out = std::io::stdout().lock();
    for export in exports {
        // Resource handles only mean something within one run's calls.
        let note = if export.uses_resources {
            "    (handles are numbers: pass them within one run)"
        } else {
            ""
        };
        if writeln!(out, "{}\n    {}{note}", export.signature(), export.template).is_err() {
            return;
        }
    }
}

fn timings_line(timings: &runner::Timings) -> String {
    let source = match timings.cache {
        CacheStatus::Memory => "in memory",
        CacheStatus::Disk => "from the disk cache",
        CacheStatus::Compiled => "compiled",
    };
    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1000.0);
    format!(
        "timings: load {} ({source}), instantiate {}, call {}",
        ms(timings.load),
        ms(timings.instantiate),
        ms(timings.call)
    )
}

fn parse_dir(text: &str) -> Result<DirGrant, String> {
    DirGrant::parse(text, Path::new(""))
}

fn parse_env(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not KEY=VALUE"))?;
    if key.is_empty() {
        return Err(format!("`{text}` has no variable name before `=`"));
    }
    Ok((key.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_splits_at_the_first_equals_sign() {
        assert_eq!(parse_env("A=b=c"), Ok(("A".into(), "b=c".into())));
        assert!(parse_env("A").is_err());
        assert!(parse_env("=b").is_err());
    }
}
