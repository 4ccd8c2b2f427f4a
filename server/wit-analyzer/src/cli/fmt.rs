use std::process::ExitCode;

#[derive(clap::Args)]
pub struct FmtArgs {}

pub fn run(_args: FmtArgs) -> ExitCode {
    eprintln!("wit-analyzer fmt: not implemented yet");
    ExitCode::from(2)
}
