//! One module per subcommand: its clap arguments and its `run`.

pub mod baseline;
pub mod build;
pub mod check;
pub mod fmt;
pub mod report;
pub mod run;
