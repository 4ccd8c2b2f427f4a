//! Breaking changes in the editor: the `baseline` setting held open as a
//! `LiveBaseline`, its findings merged into every diagnostics publish so
//! they follow typing, the `missing-since` quick fix, and the
//! `wit-analyzer.server.breakingChanges` command.

use std::{
    collections::{BTreeSet, HashMap},
    path::{Path, PathBuf},
    sync::{Arc, Mutex},
};

use analysis::{
    Features,
    breaking::{LiveBaseline, Options, since_quick_fix},
    file_system::OsFileSystem,
};
use serde::{Deserialize, Serialize};
use tower_lsp_server::{jsonrpc, ls_types::*};

use crate::git_refs::GitArchive;

use super::{
    convert::{self, LineMap},
    diagnostics, guard,
    server::{Server, internal_error},
    state::{FileDiagnostics, State},
};

pub const BREAKING_CHANGES: &str = "wit-analyzer.server.breakingChanges";
pub const CLEAR_BREAKING_CHANGES: &str = "wit-analyzer.server.clearBreakingChanges";

#[derive(Default)]
pub struct Breaking {
    /// The baseline of the setting, and the setting and WIT feature gates
    /// it was opened for.
    live: Mutex<Option<(Wanted, Arc<LiveBaseline>)>>,
    /// The baseline the `breakingChanges` command asked for: its findings
    /// stay in Problems, following edits, until `clearBreakingChanges`.
    asked: Mutex<Option<Arc<LiveBaseline>>>,
    /// What the regular check last published per file, so a file whose
    /// breaking changes alone changed can be published whole.
    regular: Mutex<HashMap<PathBuf, Vec<Diagnostic>>>,
    /// The breaking-change diagnostics last published, per file.
    published: Mutex<HashMap<PathBuf, Vec<analysis::Diagnostic>>>,
}

/// A baseline spec and the gates of the comparison: an item of a gate that
/// is off may change freely, as in `check --baseline`.
type Wanted = (String, Features);

/// Opens (or drops) the baseline after `initialize` or a settings change,
/// then republishes. A baseline that cannot be opened is reported to the
/// user, and the server goes on without one.
pub async fn setting_changed(server: &Server) {
    open_wanted(server, false).await;
}

/// The baseline of the setting, opened again although the setting is the
/// same: the workspace has other roots (which a git ref maps into itself),
/// or the baseline directory changed on disk. The old one serves until the
/// new one is open.
pub async fn reopen(server: &Server) {
    open_wanted(server, true).await;
}

async fn open_wanted(server: &Server, again: bool) {
    let wanted = wanted(server);
    let current = guard::lock(&server.breaking.live)
        .as_ref()
        .map(|(wanted, _)| wanted.clone());
    if wanted == current && (!again || wanted.is_none()) {
        return;
    }
    let opened = match wanted.clone() {
        None => Ok(None),
        Some((spec, features)) => open(server, &spec, features.clone())
            .await
            .map(|live| Some(((spec, features), Arc::new(live)))),
    };
    // Settings that changed while this one opened have a call of their
    // own, which may finish first: this one must not undo it.
    let failed = {
        let mut live = guard::lock(&server.breaking.live);
        if self::wanted(server) != wanted {
            return;
        }
        match opened {
            Ok(opened) => {
                *live = opened;
                None
            }
            Err(message) => {
                *live = None;
                Some(message)
            }
        }
    };
    if let Some(message) = failed {
        server
            .client
            .show_message(MessageType::WARNING, format!("wit-analyzer: {message}"))
            .await;
    }
    keep_out_of_the_workspace(server);
    diagnostics::schedule_check(server);
}

/// Files changed on disk: a baseline directory they are in is read again,
/// so that its diagnostics compare with what it holds now.
pub async fn disk_changed(server: &Server, paths: &[PathBuf]) {
    let stale = |live: &LiveBaseline| paths.iter().any(|path| live.baseline().holds(path));
    let setting_is_stale =
        (guard::lock(&server.breaking.live).as_ref()).is_some_and(|(_, live)| stale(live));
    if setting_is_stale {
        reopen(server).await;
    }
    let asked = guard::lock(&server.breaking.asked).clone();
    let Some(asked) = asked.filter(|asked| stale(asked)) else {
        return;
    };
    let features = guard::lock(&server.state).options.wit_features();
    let reopened = open(server, asked.baseline().label(), features).await;
    let mut slot = guard::lock(&server.breaking.asked);
    // Cleared, or asked for again, meanwhile: that answer stands.
    if !slot.as_ref().is_some_and(|now| Arc::ptr_eq(now, &asked)) {
        return;
    }
    match reopened {
        Ok(live) => *slot = Some(Arc::new(live)),
        Err(message) => {
            eprintln!("wit-analyzer: the baseline cannot be read again: {message}");
            *slot = None;
        }
    }
    drop(slot);
    diagnostics::schedule_check(server);
}

/// The open baselines' files are what the workspace is compared with, not
/// part of it: one opened from a diagnostic's related location must not
/// join the workspace (as a duplicate of the package it is the old version of).
fn keep_out_of_the_workspace(server: &Server) {
    let baselines: Vec<Arc<LiveBaseline>> = {
        let live = guard::lock(&server.breaking.live);
        let asked = guard::lock(&server.breaking.asked);
        let live = live.as_ref().map(|(_, live)| live.clone());
        live.into_iter().chain(asked.clone()).collect()
    };
    let mut state = guard::lock(&server.state);
    let roots = state.workspace.roots().to_vec();
    let dirs = baselines
        .iter()
        .flat_map(|b| b.baseline().roots_for(&roots))
        .collect();
    state.set_outside(dirs);
}

fn wanted(server: &Server) -> Option<Wanted> {
    let state = guard::lock(&server.state);
    let options = &state.options;
    options
        .baseline
        .clone()
        .map(|spec| (spec, options.wit_features()))
}

async fn open(server: &Server, spec: &str, features: Features) -> Result<LiveBaseline, String> {
    let roots = guard::lock(&server.state).workspace.roots().to_vec();
    let cwd = roots.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let spec = spec.to_string();
    let options = Options {
        features,
        ..Options::default()
    };
    tokio::task::spawn_blocking(move || {
        guard::catch("baseline", || {
            LiveBaseline::open(
                &spec,
                &cwd,
                &roots,
                options,
                Arc::new(OsFileSystem),
                &GitArchive,
            )
        })
        .map_err(|err| err.message.to_string())?
    })
    .await
    .map_err(|err| format!("baseline: {err}"))?
}

/// Adds the breaking changes to a publish: to the files being published,
/// and to files whose breaking changes changed although nothing else did.
pub async fn merge(server: &Server, mut files: Vec<FileDiagnostics>) -> Vec<FileDiagnostics> {
    {
        let mut regular = guard::lock(&server.breaking.regular);
        for file in &files {
            regular.insert(file.path.clone(), file.diagnostics.clone());
        }
    }
    let live = guard::lock(&server.breaking.live)
        .as_ref()
        .map(|(_, live)| live.clone());
    let asked = guard::lock(&server.breaking.asked).clone();
    let baselines: Vec<Arc<LiveBaseline>> = live.into_iter().chain(asked).collect();
    if baselines.is_empty() && guard::lock(&server.breaking.published).is_empty() {
        return files;
    }
    let checker = server.clone();
    let found = tokio::task::spawn_blocking(move || {
        guard::catch("breaking changes", || {
            let state = guard::lock(&checker.state);
            let mut seen = BTreeSet::new();
            // The setting's baseline and the one asked for may be the same.
            let found = baselines
                .iter()
                .flat_map(|baseline| baseline.diagnostics(&state.workspace))
                .filter(|d| {
                    let at = (d.range.start, d.range.end);
                    seen.insert((d.path.clone(), at, d.message.clone()))
                });
            let mut by_file: HashMap<PathBuf, Vec<analysis::Diagnostic>> = HashMap::new();
            for diagnostic in found {
                by_file
                    .entry(diagnostic.path.clone())
                    .or_default()
                    .push(diagnostic);
            }
            let converted: HashMap<PathBuf, Vec<Diagnostic>> = by_file
                .iter()
                .map(|(path, diags)| (path.clone(), to_lsp(&state, path, diags)))
                .collect();
            (by_file, converted)
        })
    })
    .await;
    let (found, mut converted) = match found {
        Ok(Ok(found)) => found,
        Ok(Err(err)) => {
            eprintln!("{}", err.message);
            return files;
        }
        Err(err) => {
            eprintln!("wit-analyzer: the breaking-change check failed: {err}");
            return files;
        }
    };
    let previous = std::mem::replace(&mut *guard::lock(&server.breaking.published), found.clone());
    for file in &mut files {
        file.diagnostics
            .extend(converted.remove(&file.path).unwrap_or_default());
    }
    let in_publish: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let changed: BTreeSet<&PathBuf> = previous
        .keys()
        .chain(found.keys())
        .filter(|path| !in_publish.contains(*path) && previous.get(*path) != found.get(*path))
        .collect();
    let regular = guard::lock(&server.breaking.regular);
    let documents = guard::lock(&server.documents);
    for path in changed {
        let mut diagnostics = regular.get(path).cloned().unwrap_or_default();
        diagnostics.extend(converted.remove(path).unwrap_or_default());
        files.push(FileDiagnostics {
            path: path.clone(),
            version: documents.version(path),
            diagnostics,
        });
    }
    files
}

fn to_lsp(state: &State, path: &Path, diags: &[analysis::Diagnostic]) -> Vec<Diagnostic> {
    // A removed item is reported where it was: in the baseline's files.
    let text_of = |file: &Path| {
        state
            .workspace
            .text(file)
            .or_else(|| std::fs::read_to_string(file).ok().map(Arc::from))
    };
    let map = LineMap::new(text_of(path).unwrap_or_else(|| Arc::from("")), state.unit);
    diags
        .iter()
        .map(|diag| convert::diagnostic(diag, &map, &text_of))
        .collect()
}

/// The `missing-since` quick fixes for the breaking-change hints in `range`,
/// but for those the IDE's own code actions (`existing`) already offer.
pub fn quick_fixes(
    breaking: &Breaking,
    path: &Path,
    map: &LineMap,
    range: std::ops::Range<usize>,
    existing: &[CodeActionOrCommand],
) -> Vec<CodeActionOrCommand> {
    let published = guard::lock(&breaking.published);
    let Some(diags) = published.get(path) else {
        return Vec::new();
    };
    diags
        .iter()
        .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
        .filter_map(|diag| {
            let (at, insert) = since_quick_fix(&map.text, diag)?;
            let title = format!("Add `{}`", insert.trim());
            let offered = existing.iter().any(|action| match action {
                CodeActionOrCommand::CodeAction(action) => action.title == title,
                CodeActionOrCommand::Command(command) => command.title == title,
            });
            if offered {
                return None;
            }
            let position = map.position(at);
            let edit = TextEdit {
                range: Range::new(position, position),
                new_text: insert.clone(),
            };
            let changes = HashMap::from([(convert::uri_of(path), vec![edit])]);
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                is_preferred: Some(true),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                ..Default::default()
            }))
        })
        .collect()
}

#[derive(Deserialize)]
struct BreakingChangesParams {
    baseline: String,
}

#[derive(Serialize)]
struct BreakingChangesResult {
    baseline: String,
    changes: Vec<BreakingChange>,
}

#[derive(Serialize)]
struct BreakingChange {
    uri: Uri,
    range: Range,
    message: String,
}

/// `[{baseline}]` -> every change against that baseline, once.
pub async fn breaking_changes_command(
    server: &Server,
    arguments: Vec<LSPAny>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: BreakingChangesParams = arguments
        .into_iter()
        .next()
        .and_then(|first| serde_json::from_value(first).ok())
        .ok_or_else(|| {
            jsonrpc::Error::invalid_params(format!("{BREAKING_CHANGES} takes [{{baseline}}]"))
        })?;
    let features = guard::lock(&server.state).options.wit_features();
    let live = open(server, &params.baseline, features)
        .await
        .map_err(jsonrpc::Error::invalid_params)?;
    let live = Arc::new(live);
    let asked = live.clone();
    let changes = server
        .blocking(BREAKING_CHANGES, move |server| {
            let state = server.synced_state();
            asked
                .diagnostics(&state.workspace)
                .iter()
                .map(|diag| {
                    let lsp = to_lsp(&state, &diag.path, std::slice::from_ref(diag));
                    BreakingChange {
                        uri: convert::uri_of(&diag.path),
                        range: lsp.first().map(|d| d.range).unwrap_or_default(),
                        message: diag.message.clone(),
                    }
                })
                .collect::<Vec<_>>()
        })
        .await?;
    // Into Problems, as the setting's are, until cleared.
    *guard::lock(&server.breaking.asked) = Some(live);
    keep_out_of_the_workspace(server);
    diagnostics::schedule_check(server);
    let result = BreakingChangesResult {
        baseline: params.baseline,
        changes,
    };
    serde_json::to_value(result)
        .map(Some)
        .map_err(|err| internal_error(err.to_string()))
}

/// `[]` -> `{cleared}`: takes the findings of `breakingChanges` out of
/// Problems (those of the `baseline` setting stay).
pub async fn clear_breaking_changes_command(server: &Server) -> jsonrpc::Result<Option<LSPAny>> {
    let cleared = guard::lock(&server.breaking.asked).take().is_some();
    keep_out_of_the_workspace(server);
    diagnostics::schedule_check(server);
    Ok(Some(serde_json::json!({ "cleared": cleared })))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "package a:b@1.1.0;\ninterface i {\n  sub: func();\n}\n";

    fn missing_since(path: &Path) -> analysis::Diagnostic {
        let at = TEXT.find("sub").unwrap();
        analysis::Diagnostic {
            path: path.to_path_buf(),
            range: at..at + 3,
            severity: analysis::Severity::Hint,
            code: "wit::breaking::missing-since",
            message: "`sub` is new; add `@since(version = 1.1.0)`".into(),
            related: Vec::new(),
        }
    }

    #[test]
    fn a_missing_since_hint_becomes_one_insertion_above_the_item() {
        let path = PathBuf::from("/w/a.wit");
        let breaking = Breaking::default();
        guard::lock(&breaking.published).insert(path.clone(), vec![missing_since(&path)]);
        let map = LineMap::new(Arc::from(TEXT), analysis::line_index::ColumnUnit::Utf16);
        let at = TEXT.find("sub").unwrap();
        let fixes = quick_fixes(&breaking, &path, &map, at..at, &[]);
        let [CodeActionOrCommand::CodeAction(fix)] = fixes.as_slice() else {
            panic!("one code action: {fixes:?}");
        };
        let edits = &fix.edit.as_ref().unwrap().changes.as_ref().unwrap()[&convert::uri_of(&path)];
        assert_eq!(edits[0].new_text, "  @since(version = 1.1.0)\n");
        assert_eq!(edits[0].range.start, Position::new(2, 0));

        // Offered once: not again when the IDE's own actions have it.
        let again = quick_fixes(&breaking, &path, &map, at..at, &fixes);
        assert!(again.is_empty(), "{again:?}");
        // Nothing for a range elsewhere in the file.
        assert!(quick_fixes(&breaking, &path, &map, 0..3, &[]).is_empty());
    }
}
