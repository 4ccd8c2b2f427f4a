//! What the analysis computed, in order, for tests to assert on: "a
//! keystroke in one file re-parses that file once and resolves only the
//! packages that depend on it". Nothing is kept unless a test starts it, so
//! a long editor session pays one atomic load per query.

use std::{
    path::PathBuf,
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

/// One computation, named by the file or package it was for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Query {
    /// Our parser read the file (`syntax::parse`).
    Syntax(PathBuf),
    /// wit-parser parsed the package at this location (all its files).
    WitParse(PathBuf),
    /// The package at this location went into a wit-parser `Resolve`.
    Resolve(PathBuf),
}

#[derive(Debug, Default)]
pub struct QueryLog {
    recording: AtomicBool,
    queries: Mutex<Vec<Query>>,
}

impl QueryLog {
    /// Keeps every query from now on.
    pub fn start(&self) {
        self.recording.store(true, Ordering::Relaxed);
    }

    /// The queries since [`QueryLog::start`] or the last `take`.
    pub fn take(&self) -> Vec<Query> {
        std::mem::take(&mut *self.queries.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(crate) fn record(&self, query: impl FnOnce() -> Query) {
        if self.recording.load(Ordering::Relaxed) {
            let mut queries = self.queries.lock().unwrap_or_else(|e| e.into_inner());
            queries.push(query());
        }
    }
}
