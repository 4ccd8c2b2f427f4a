//! `wit-analyzer check`: every error of every WIT package below some paths,
//! for CI.

use std::{
    collections::BTreeSet,
    io::{IsTerminal, Write},
    path::PathBuf,
    process::ExitCode,
};

use analysis::{Features, Severity, Workspace, WorkspaceConfig, ide::Analysis};

use super::report;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Directories to search for WIT packages, or single `.wit` files.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Enable these `@unstable` features (comma-separated).
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,
    /// Enable every `@unstable` feature.
    #[arg(long, conflicts_with = "features")]
    all_features: bool,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    baseline: super::baseline::BaselineArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// rustc-style snippets, coloured on a terminal.
    Human,
    Json,
    /// GitHub Actions annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

pub fn run(args: CheckArgs) -> ExitCode {
    let Ok(cwd) = std::env::current_dir() else {
        say!("error: cannot read the current directory");
        return ExitCode::from(2);
    };
    // A missing path is a usage error (exit 2), but the others are still
    // checked so that one typo does not hide their diagnostics.
    let (roots, missing): (Vec<PathBuf>, Vec<PathBuf>) =
        args.paths.into_iter().partition(|p| p.exists());
    for path in &missing {
        say!("error: `{}`: no such file or directory", path.display());
    }
    let features = if args.all_features {
        Features::All
    } else {
        Features::Enabled(
            args.features
                .into_iter()
                .filter(|f| !f.is_empty())
                .collect::<BTreeSet<_>>(),
        )
    };
    let workspace = Workspace::new(WorkspaceConfig {
        roots,
        features: features.clone(),
    });
    let mut result = if workspace.roots().is_empty() {
        Default::default()
    } else {
        workspace.check()
    };
    // The editor shows every unresolved name, not only wit-parser's first
    // error; so does CI.
    if result
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        let mut ide = Analysis::default();
        ide.update(&workspace);
        ide.add_resolver_diagnostics(&mut result);
    }
    let breaking = match super::baseline::diagnostics(&args.baseline, &workspace, &features, &cwd) {
        Ok(mut found) => {
            super::baseline::merge(
                &mut result.diagnostics,
                std::mem::take(&mut found.diagnostics),
            );
            found
        }
        Err(message) => {
            say!("error: {message}");
            return ExitCode::from(2);
        }
    };

    let placed = report::place(&workspace, &cwd, &result.diagnostics, &|path| {
        breaking.display_path(path)
    });
    let output = match args.format {
        Format::Human => report::human::render(&placed, std::io::stdout().is_terminal()),
        Format::Json => report::json::render(&result, &placed, &cwd),
        Format::Github => report::github::render(&placed),
        Format::Sarif => report::sarif::render(&placed),
    };
    if std::io::stdout()
        .lock()
        .write_all(output.as_bytes())
        .is_err()
    {
        return ExitCode::from(2);
    }

    let errors = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = result
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    say!(
        "checked {} in {}: {}, {}",
        plural(result.packages.len(), "package"),
        plural(result.file_count(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning"),
    );
    if !missing.is_empty() {
        ExitCode::from(2)
    } else if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
