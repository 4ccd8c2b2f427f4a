//! One module per subcommand: its clap arguments and its `run`.

/// `eprintln!` for a stderr that may be gone (`wit-analyzer check 2>&1 |
/// head`): `eprintln!` panics then, and there is no one left to tell.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// [`say!`] without the newline.
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub mod baseline;
pub mod bindings;
pub mod build;
pub mod check;
pub mod compose;
pub mod fmt;
pub mod new;
pub mod report;
pub mod run;
pub mod serve;
pub mod wit;
