//! The analysis layer: the WIT workspace model, semantics through wit-parser,
//! and every IDE feature.
//!
//! Everything here works on plain data: paths, byte ranges into file text,
//! and owned strings. No LSP or JSON types appear in this crate; the
//! `wit-analyzer` binary converts at its edge.

pub mod breaking;
pub mod component;
pub mod compose;
pub mod diagnostic;
mod drop_later;
pub mod file_system;
pub mod format;
pub mod ide;
pub mod line_index;
mod parses;
pub mod query_log;
mod syntax_errors;
pub mod workspace;

pub use diagnostic::{Diagnostic, Related, Severity};
pub use line_index::{LineCol, LineIndex};
pub use workspace::{CheckResult, Features, PackageSummary, Workspace, WorkspaceConfig};
