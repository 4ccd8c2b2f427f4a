//! `wit-analyzer run`: call an export of a component in sandboxed wasmtime.
//!
//! The result goes to stdout in WAVE, exactly as `wasmtime run --invoke`
//! prints it, after the guest's own stdout. Everything else (the guest's
//! stderr, errors, timings) goes to stderr.

use std::io::Write;
use std::path::PathBuf;
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
    /// Stop the guest after this long: 5s, 500ms, 2m.
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Limit each linear memory: 256MiB, 1GiB, 65536.
    #[arg(long, default_value = "256MiB", value_parser = parse_size)]
    pub max_memory: usize,
    /// Let the guest open HOST_DIR as GUEST_DIR: --dir ./data::/data. A bare
    /// directory is seen under the same path.
    #[arg(long = "dir", value_name = "HOST::GUEST", value_parser = parse_dir)]
    pub dirs: Vec<DirGrant>,
    /// Set an environment variable in the guest: --env KEY=VALUE.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = parse_env)]
    pub env: Vec<(String, String)>,
    /// Pass a command-line argument to the guest (repeatable).
    #[arg(long = "arg", value_name = "ARG")]
    pub args: Vec<String>,
    /// Print load, instantiate and call times to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Do not read or write the on-disk cache of compiled components.
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(args: RunArgs) -> ExitCode {
    let cache_dir = if args.no_cache { None } else { RunnerConfig::default_cache_dir() };
    let runner = match Runner::new(RunnerConfig { cache_dir }) {
        Ok(runner) => runner,
        Err(e) => return fail(&e.to_string()),
    };
    let component = match runner.load_file(&args.component) {
        Ok(component) => component,
        // The message names the file already.
        Err(e) => return fail(&e.to_string()),
    };
    if args.list {
        print_exports(&runner.list_exports(&component));
        return ExitCode::SUCCESS;
    }
    let options = RunOptions {
        timeout: args.timeout,
        max_memory: args.max_memory,
        dirs: args.dirs,
        env: args.env,
        args: args.args,
    };
    let mut session = match runner.session(component, &options) {
        Ok(session) => session,
        Err(e) => return failed_call(&args.component, &e),
    };
    for call in &args.calls {
        match session.call(&runner, call) {
            Ok(outcome) => {
                pass_through(&outcome.stdout, &outcome.stderr);
                println!("{}", outcome.results);
                if args.timings {
                    eprintln!("{}", timings_line(&outcome.timings));
                }
            }
            Err(RunError::Wave(e)) => {
                let message = Level::Error.title("invalid arguments").snippet(
                    Snippet::source(call).origin("<call>").annotation(Level::Error.span(e.range.clone()).label(&e.message)),
                );
                eprintln!("{}", Renderer::plain().render(message));
                return ExitCode::from(1);
            }
            Err(e) => return failed_call(&args.component, &e),
        }
    }
    ExitCode::SUCCESS
}

fn failed_call(component: &std::path::Path, error: &RunError) -> ExitCode {
    let (stdout, stderr) = error.guest_output();
    pass_through(stdout, stderr);
    fail(&format!("{}: {error}", component.display()))
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}

/// The guest's output, as if it had been inherited.
fn pass_through(stdout: &str, stderr: &str) {
    print!("{stdout}");
    let _ = std::io::stdout().flush();
    eprint!("{stderr}");
}

/// Write errors (a closed pipe, as in `run --list x.wasm | head`) end the
/// listing quietly.
fn print_exports(exports: &[runner::ExportFunc]) {
    let mut out = std::io::stdout().lock();
    for export in exports {
        // Resource handles only mean something within one run's calls.
        let note = if export.uses_resources { "    (handles are numbers: pass them within one run)" } else { "" };
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

fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().map_err(|_| format!("`{text}` is not a duration like 5s or 500ms"))?;
    let seconds = match unit {
        "" | "s" => number,
        "ms" => number / 1000.0,
        "m" | "min" => number * 60.0,
        _ => return Err(format!("unknown unit `{unit}` in `{text}`: use ms, s or m")),
    };
    if seconds <= 0.0 {
        return Err("the timeout must be positive".into());
    }
    Ok(Duration::from_secs_f64(seconds))
}

fn parse_size(text: &str) -> Result<usize, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: usize = number.parse().map_err(|_| format!("`{text}` is not a size like 256MiB"))?;
    let scale: usize = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => return Err(format!("unknown unit `{unit}` in `{text}`: use KiB, MiB or GiB")),
    };
    number.checked_mul(scale).ok_or_else(|| format!("`{text}` is too large"))
}

fn parse_dir(text: &str) -> Result<DirGrant, String> {
    let (host, guest) = text.split_once("::").unwrap_or((text, text));
    let host = PathBuf::from(host);
    if !host.is_dir() {
        return Err(format!("`{}` is not a directory", host.display()));
    }
    Ok(DirGrant { host, guest: guest.to_string() })
}

fn parse_env(text: &str) -> Result<(String, String), String> {
    let (key, value) = text.split_once('=').ok_or_else(|| format!("`{text}` is not KEY=VALUE"))?;
    Ok((key.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_sizes_parse_with_units() {
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2"), Ok(Duration::from_secs(2)));
        assert!(parse_duration("5 parsecs").is_err());
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert_eq!(parse_env("A=b=c"), Ok(("A".into(), "b=c".into())));
    }
}
