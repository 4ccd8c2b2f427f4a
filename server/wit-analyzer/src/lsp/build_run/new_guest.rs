//! "New Rust / JavaScript / Python guest for world …": code actions on a
//! world's name, and the `wit-analyzer.server.newGuest` command they run,
//! which writes the project `wit-analyzer new` writes (`runner::scaffold`)
//! and opens its source file.
//!
//! The project goes beside the WIT package's folder, inside the trusted
//! workspace folder, as `WORLD-LANG` (`-2`, `-3`… when that is taken), so
//! that its ▶ Build lens appears over the world at once. Writing it runs
//! the language's install steps (`npm install`, a Python venv), so, like a
//! build, it needs a trusted workspace.

use std::path::{Path, PathBuf};

use runner::scaffold::{self, Lang};
use serde::{Deserialize, Serialize};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{argument, package_worlds, refuse_untrusted};
use crate::lsp::{convert::LineMap, guard, server::Server, state::State};

pub const NEW_GUEST: &str = "wit-analyzer.server.newGuest";

const LANGS: [(Lang, &str); 3] = [
    (Lang::Rust, "Rust"),
    (Lang::JavaScript, "JavaScript"),
    (Lang::Python, "Python"),
];

#[derive(Deserialize)]
pub struct NewGuestParams {
    pub uri: Uri,
    /// `ns:pkg/world`.
    pub world: String,
    /// `rust`, `js` or `python`, as `wit-analyzer new --lang` takes it.
    pub lang: String,
}

#[derive(Serialize)]
pub struct NewGuestResult {
    pub dir: PathBuf,
    pub world: String,
    pub files: Vec<PathBuf>,
}

/// One action per language for each world whose name is on a line of
/// `range`; none outside a trusted workspace folder.
pub fn actions(state: &State, path: &Path, map: &LineMap, range: Range) -> Vec<CodeAction> {
    if state.trusted_folder(path).is_none() || !on_a_world_line(state, path, range) {
        return Vec::new();
    }
    let uri = crate::lsp::convert::uri_of(path);
    let mut out = Vec::new();
    for world in package_worlds(state, path) {
        let name = map.range(world.range.clone());
        if world.path != path
            || name.end.line < range.start.line
            || name.start.line > range.end.line
        {
            continue;
        }
        for (lang, label) in LANGS {
            let arguments =
                serde_json::json!({"uri": uri, "world": world.world, "lang": lang.slug()});
            let title = format!("New {label} guest for world `{}`", short_name(&world.world));
            out.push(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::REFACTOR),
                command: Some(Command {
                    title,
                    command: NEW_GUEST.to_string(),
                    arguments: Some(vec![arguments]),
                }),
                ..Default::default()
            });
        }
    }
    out
}

pub async fn new_guest_command(
    server: &Server,
    arguments: Vec<LSPAny>,
) -> jsonrpc::Result<Option<LSPAny>> {
    let params: NewGuestParams = argument(NEW_GUEST, arguments)?;
    refuse_untrusted(server, "New guest", &params.uri)?;
    let lang = Lang::parse(&params.lang).ok_or_else(|| {
        jsonrpc::Error::invalid_params(format!(
            "{NEW_GUEST}: unknown language `{}`: use rust, js or python",
            params.lang
        ))
    })?;
    let path = crate::lsp::server::file_path(&params.uri)?;
    let world = params.world.clone();
    let (lines, mut received) = tokio::sync::mpsc::unbounded_channel::<String>();
    let task = server.blocking(NEW_GUEST, move |server| {
        let (wit, dir) = {
            let state = server.synced_state();
            where_to_write(&state, &path, &world, lang)?
        };
        let plan = scaffold::plan(&wit, &world, lang, &dir)?;
        let mut on_line = |line: &str| {
            let _ = lines.send(line.to_string());
        };
        let files = scaffold::write(&plan, &mut on_line)?;
        Ok::<_, String>(NewGuestResult {
            dir: plan.dir,
            world: plan.world,
            files,
        })
    });
    // The install steps' output, as it comes.
    let log = async {
        while let Some(line) = received.recv().await {
            server.client.log_message(MessageType::LOG, line).await;
        }
    };
    let (written, ()) = tokio::join!(task, log);
    let written = written?.map_err(|message| jsonrpc::Error {
        code: jsonrpc::ErrorCode::InvalidRequest,
        message: format!("New guest for {}: {message}", params.world).into(),
        data: None,
    })?;
    let message = format!(
        "wit-analyzer: wrote a {} guest for {} in {}",
        params.lang,
        written.world,
        written.dir.display()
    );
    server.client.log_message(MessageType::INFO, message).await;
    if let Some(source) = written.files.iter().find(|f| is_source(f)) {
        let shown = ShowDocumentParams {
            uri: crate::lsp::convert::uri_of(source),
            external: None,
            take_focus: Some(true),
            selection: None,
        };
        // A client without `window/showDocument` still has the result.
        let _ = server.client.show_document(shown).await;
    }
    // The new project builds the world: its ▶ Build lens can appear.
    if guard::lock(&server.state).refresh_lenses {
        let _ = server.client.code_lens_refresh().await;
    }
    serde_json::to_value(written)
        .map(Some)
        .map_err(|err| crate::lsp::server::internal_error(err.to_string()))
}

/// The WIT package to implement (its folder, or its file) and a directory
/// for the project that does not exist yet.
fn where_to_write(
    state: &State,
    path: &Path,
    world: &str,
    lang: Lang,
) -> Result<(PathBuf, PathBuf), String> {
    let package = (state.workspace.package_of(path))
        .ok_or_else(|| format!("{} belongs to no WIT package", path.display()))?;
    if !package_worlds(state, path).iter().any(|w| w.world == world) {
        return Err(format!("{} declares no world `{world}`", path.display()));
    }
    let folder = state
        .trusted_folder(path)
        .ok_or_else(|| format!("{} is outside the trusted folders", path.display()))?;
    let wit = match &package.location {
        analysis::workspace::Location::Dir(dir) => dir.clone(),
        analysis::workspace::Location::WitFile(file)
        | analysis::workspace::Location::Encoded(file) => file.clone(),
    };
    // Beside the package's folder (`proj/wit` → `proj/`), but never above
    // the trusted folder.
    let beside = package.dir().parent().filter(|p| p.starts_with(folder));
    let base = beside.unwrap_or(folder);
    let stem = format!("{}-{}", short_name(world), lang.slug());
    let dir = std::iter::once(base.join(&stem))
        .chain((2..).map(|n| base.join(format!("{stem}-{n}"))))
        .find(|dir| !dir.exists())
        .expect("some numbered directory is free");
    Ok((wit, dir))
}

/// Most code action requests come from a cursor moving through the file,
/// and the package's worlds need the workspace, which a running check
/// holds: only a line that starts a world is worth asking.
fn on_a_world_line(state: &State, path: &Path, range: Range) -> bool {
    let Some(text) = state
        .ide()
        .text(path)
        .or_else(|| state.workspace.text(path))
    else {
        return false;
    };
    let lines = range.end.line.saturating_sub(range.start.line) as usize + 1;
    (text.lines().skip(range.start.line as usize).take(lines))
        .any(|line| line.trim_start().starts_with("world"))
}

/// `app` of `acme:app/app@1.0.0`.
fn short_name(world: &str) -> &str {
    let name = world.rsplit('/').next().unwrap_or(world);
    name.split('@').next().unwrap_or(name)
}

fn is_source(file: &Path) -> bool {
    matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("rs" | "js" | "py")
    )
}
