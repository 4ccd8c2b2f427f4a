//! The one place where our own error-tolerant parser meets wit-parser.
//!
//! wit-parser stops at the first syntax error; `syntax::parse` reports all
//! of them. wit-parser still decides everything semantic, and its syntax
//! error is dropped when ours already reports that file's syntax errors.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::parses::Parses;

/// Every syntax error in the files, as `wit::syntax` diagnostics.
pub fn diagnostics(parses: &Parses, paths: &[PathBuf], texts: &[Arc<str>]) -> Vec<Diagnostic> {
    (paths.iter().zip(texts))
        .flat_map(|(path, text)| of_parse(path, &parses.of(path, text)))
        .collect()
}

/// The syntax errors of one file already parsed.
pub fn of_parse(path: &Path, parse: &syntax::Parse) -> Vec<Diagnostic> {
    (parse.errors().iter())
        .map(|error| Diagnostic {
            path: path.to_path_buf(),
            range: error.range.clone(),
            severity: Severity::Error,
            code: codes::SYNTAX,
            message: error.message.clone(),
            related: Vec::new(),
        })
        .collect()
}

/// Whether wit-parser's `diagnostic` repeats one of ours: a syntax error in
/// a file where we found syntax errors (wit-parser reports only the first,
/// which is our first: at the same token, or at the end of the line before
/// it, see `syntax`'s parser), or the same message at the same place.
pub fn is_duplicate(ours: &[Diagnostic], diagnostic: &Diagnostic) -> bool {
    ours.iter().any(|d| {
        if diagnostic.code == codes::SYNTAX && d.code == codes::SYNTAX && d.path == diagnostic.path
        {
            return true;
        }
        let same_place = d.path == diagnostic.path && d.range.start == diagnostic.range.start;
        // wit-parser files some limits (type nesting) as semantic errors;
        // the same words at the same place are still the same error.
        same_place && (diagnostic.code == codes::SYNTAX || d.message == diagnostic.message)
    })
}
