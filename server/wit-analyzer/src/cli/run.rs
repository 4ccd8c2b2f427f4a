use std::process::ExitCode;

#[derive(clap::Args)]
pub struct RunArgs {}

pub fn run(_args: RunArgs) -> ExitCode {
    eprintln!("wit-analyzer run: not implemented yet");
    ExitCode::from(2)
}
