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

/// The words of the `package-not-found` message for a name without a
/// version that a versioned package would satisfy; its quick fix keys on
/// them.
pub(crate) const MISSING_VERSION: &str = "needs a version";

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
    /// A second definition of a name in the same scope (from our resolver,
    /// which reports every one where wit-parser stops at the first).
    pub const DUPLICATE_NAME: &str = "wit::duplicate-name";
    /// A type, interface or world that depends on itself.
    pub const TYPE_CYCLE: &str = "wit::type-cycle";
    /// Any other error wit-parser finds in a package (duplicate names,
    /// invalid `use`, shadowing, stability mismatches, ...).
    pub const SEMANTIC: &str = "wit::semantic";
    pub const PACKAGE_CYCLE: &str = "wit::package-cycle";
    /// Two packages claim the same name and version.
    pub const DUPLICATE_PACKAGE: &str = "wit::duplicate-package";
    /// A dependency has errors of its own, reported where they are.
    pub const DEPENDENCY_HAS_ERRORS: &str = "wit::dependency-has-errors";
    /// A `deps.toml` or `wkg.toml` path that does not exist.
    pub const DEPENDENCY_PATH_NOT_FOUND: &str = "wit::dependency-path-not-found";
    /// A `deps.toml` or `wkg.toml` that does not parse.
    pub const INVALID_MANIFEST: &str = "wit::invalid-manifest";
    /// A file that is not WIT text: not UTF-8, a NUL byte, too large, or a
    /// broken encoded package.
    pub const INVALID_FILE: &str = "wit::invalid-file";
    /// A path that cannot be read: missing, unreadable, a symlink loop.
    pub const IO: &str = "wit::io";
    /// A root below which there is no `.wit` file at all.
    pub const NO_WIT_FILES: &str = "wit::no-wit-files";
}
