//! Our parser's tree of each file, shared by every view that reads files:
//! the workspace check takes its syntax errors and foreign package paths
//! from it, the IDE view its names and ranges. A text is parsed once,
//! whichever asks first.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use crate::query_log::{Query, QueryLog};

#[derive(Default)]
pub struct Parses {
    /// The last text seen of each file and its parse.
    files: Mutex<HashMap<PathBuf, (Arc<str>, syntax::Parse)>>,
    log: Arc<QueryLog>,
}

impl Parses {
    /// The parse of `text` as the content of `path`. The lock is held while
    /// parsing, so a second reader of the same text waits for this parse
    /// rather than doing its own.
    pub fn of(&self, path: &Path, text: &Arc<str>) -> syntax::Parse {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, parse)) = files.get(path)
            && (Arc::ptr_eq(seen, text) || seen == text)
        {
            return parse.clone();
        }
        self.log.record(|| Query::Syntax(path.to_path_buf()));
        let parse = syntax::parse(text);
        files.insert(path.to_path_buf(), (Arc::clone(text), parse.clone()));
        parse
    }

    /// Where the parses, and the other queries of the same workspace, are
    /// logged.
    pub fn log(&self) -> &QueryLog {
        &self.log
    }

    /// Drops the parses of files `keep` does not want, so that a long
    /// session does not hold every file it ever saw.
    pub fn retain(&self, keep: impl Fn(&Path) -> bool) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.retain(|path, _| keep(path));
    }
}
