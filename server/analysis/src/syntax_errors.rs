//! The one place where our own error-tolerant parser meets wit-parser.
//!
//! wit-parser stops at the first syntax error; `syntax::parse` reports all
//! of them. Until the syntax crate exposes its parser, this yields none and
//! wit-parser's single syntax error is reported instead.

use std::{path::PathBuf, sync::Arc};

use crate::diagnostic::{Diagnostic, codes};

/// Every syntax error in the files, as `wit::syntax` diagnostics.
pub fn diagnostics(_paths: &[PathBuf], _texts: &[Arc<str>]) -> Vec<Diagnostic> {
    Vec::new()
}

/// Whether wit-parser's `diagnostic` repeats one of ours: a syntax error
/// at the same place.
pub fn is_duplicate(ours: &[Diagnostic], diagnostic: &Diagnostic) -> bool {
    diagnostic.code == codes::SYNTAX
        && ours.iter().any(|d| d.path == diagnostic.path && d.range.start == diagnostic.range.start)
}
