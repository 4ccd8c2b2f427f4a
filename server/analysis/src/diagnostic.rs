//! Diagnostics as plain data, shared by `check`, the language server and the
//! breaking-change checker.

use std::{ops::Range, path::PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The file the diagnostic points into, as the workspace knows it
    /// (absolute when the workspace was given absolute roots).
    pub path: PathBuf,
    /// Byte range into the file's text as analysed (the overlay's text when
    /// the file is open in an editor).
    pub range: Range<usize>,
    pub severity: Severity,
    /// A stable code such as `wit::name-not-found`; see [`codes`]. Scripts,
    /// SARIF rules and quick fixes key on it, so never rename one.
    pub code: &'static str,
    pub message: String,
    pub related: Vec<Related>,
}

/// A second location that explains a diagnostic, e.g. the first definition
/// of a duplicated name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Related {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

/// The stable diagnostic codes. Add new ones here so that the full set stays
/// visible in one place.
pub mod codes {
    pub const SYNTAX: &str = "wit::syntax";
    pub const NAME_NOT_FOUND: &str = "wit::name-not-found";
    pub const PACKAGE_NOT_FOUND: &str = "wit::package-not-found";
}
