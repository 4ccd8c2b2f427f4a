use std::process::ExitCode;

#[derive(clap::Args)]
pub struct BuildArgs {}

pub fn run(_args: BuildArgs) -> ExitCode {
    eprintln!("wit-analyzer build: not implemented yet");
    ExitCode::from(2)
}
