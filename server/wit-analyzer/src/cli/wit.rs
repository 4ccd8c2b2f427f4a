//! `wit-analyzer wit`: print the WIT of a component, in the style of `fmt`.
//!
//! stdout gets the WIT (or, with `--json`, one JSON object); errors go to
//! stderr as `error: <file>: <why>` with exit code 1.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use analysis::component::{ComponentWit, read_component};
use analysis::file_system::OsFileSystem;
use serde_json::{Map, Value, json};

use super::run::fail;

#[derive(clap::Args)]
pub struct WitArgs {
    /// The component (.wasm, binary or text format).
    pub component: PathBuf,
    /// Print one JSON object instead of the WIT: {"path": the argument, "size": bytes of the binary,
    /// "world": "root:component/root", "imports": [...], "exports": [...], "producers": {FIELD:
    /// [[NAME, VERSION], ...]}, "wit": the text}. Imports and exports are interfaces by full name
    /// ("wasi:cli/stdout@0.2.6") and functions by plain name, in the component's order. The
    /// producers sections of the component and of every module inside it are merged, each field
    /// ("language", "processed-by", "sdk", ...) once.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: WitArgs) -> ExitCode {
    let decoded = match read_component(&OsFileSystem, &args.component) {
        Ok(decoded) => decoded,
        Err(e) => return fail(&format!("{}: {e}", args.component.display())),
    };
    if !decoded.formatted {
        say!(
            "note: {}: the WIT is shown as wit-component prints it: our formatter does not take it",
            args.component.display()
        );
    }
    let text = if args.json {
        let mut text =
            serde_json::to_string_pretty(&to_json(&args.component.display().to_string(), &decoded))
                .expect("JSON values always serialise");
        text.push('\n');
        text
    } else {
        decoded.wit
    };
    // A reader that went away (`| head`) is not an error.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    ExitCode::SUCCESS
}

fn to_json(path: &str, decoded: &ComponentWit) -> Value {
    let producers: Map<String, Value> = decoded
        .producers
        .fields
        .iter()
        .map(|field| (field.name.clone(), json!(field.values)))
        .collect();
    json!({
        "path": path,
        "size": decoded.size,
        "world": decoded.world,
        "imports": decoded.imports,
        "exports": decoded.exports,
        "producers": producers,
        "wit": decoded.wit,
    })
}
