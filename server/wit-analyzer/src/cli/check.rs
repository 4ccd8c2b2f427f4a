use std::process::ExitCode;

#[derive(clap::Args)]
pub struct CheckArgs {}

pub fn run(_args: CheckArgs) -> ExitCode {
    eprintln!("wit-analyzer check: not implemented yet");
    ExitCode::from(2)
}
