//! The language server over stdio.

use std::process::ExitCode;

pub fn run_stdio() -> ExitCode {
    eprintln!("wit-analyzer: the language server is not implemented yet");
    ExitCode::from(2)
}
