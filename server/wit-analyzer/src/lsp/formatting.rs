//! `textDocument/formatting` and `rangeFormatting`, through `analysis::format`.
//!
//! A file with syntax errors is refused with the formatter's message rather
//! than mangled. Indentation comes from the file's `.editorconfig`, then
//! the request's `tabSize`/`insertSpaces`, then the file itself.

use analysis::file_system::OsFileSystem;
use analysis::format::{IndentChoice, editorconfig};
use tower_lsp_server::{jsonrpc, ls_types::*};

use super::{convert::LineMap, server::Server};

/// The smallest single edit turning `old` into `new`: the differing middle.
fn minimal_edit(old: &str, new: &str) -> Option<(std::ops::Range<usize>, String)> {
    if old == new {
        return None;
    }
    // Both texts share the prefix and suffix bytes, so a boundary in one is
    // a boundary in the other.
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let mut suffix = old[prefix..]
        .bytes()
        .rev()
        .zip(new[prefix..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) {
        suffix -= 1;
    }
    let (start, old_end, new_end) = (prefix, old.len() - suffix, new.len() - suffix);
    Some((start..old_end, new[start..new_end].to_string()))
}

/// What the editor asks for, as far as it says something: a client that
/// sends no sensible tab size leaves the width to the file.
fn editor_indent(options: &FormattingOptions) -> IndentChoice {
    IndentChoice {
        tabs: Some(!options.insert_spaces),
        width: usize::try_from(options.tab_size)
            .ok()
            .filter(|w| (1..=16).contains(w)),
    }
}

fn format(
    map: &LineMap,
    indent: IndentChoice,
    within: Option<Range>,
) -> Result<Vec<TextEdit>, String> {
    let formatted =
        analysis::format::format_with(&map.text, indent).map_err(|err| err.to_string())?;
    let Some((range, new_text)) = minimal_edit(&map.text, &formatted) else {
        return Ok(Vec::new());
    };
    if let Some(within) = within {
        let allowed = map.offsets(within);
        if range.start < allowed.start || range.end > allowed.end {
            return Err("formatting the selection would also change text outside it; format the whole document".to_string());
        }
    }
    Ok(vec![TextEdit {
        range: map.range(range),
        new_text,
    }])
}

async fn run(
    server: &Server,
    method: &'static str,
    uri: Uri,
    options: &FormattingOptions,
    within: Option<Range>,
) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
    let editor = editor_indent(options);
    let answer = server
        .request(method, &uri, move |state, path| {
            let indent = editorconfig::indent_for(&OsFileSystem, path).or(editor);
            Some(format(&state.line_map(path)?, indent, within))
        })
        .await?;
    match answer {
        Some(Ok(edits)) => Ok(Some(edits)),
        Some(Err(message)) => Err(jsonrpc::Error::invalid_params(message)),
        None => Ok(None),
    }
}

pub async fn document(
    server: &Server,
    params: DocumentFormattingParams,
) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
    let uri = params.text_document.uri;
    run(
        server,
        "textDocument/formatting",
        uri,
        &params.options,
        None,
    )
    .await
}

pub async fn range(
    server: &Server,
    params: DocumentRangeFormattingParams,
) -> jsonrpc::Result<Option<Vec<TextEdit>>> {
    run(
        server,
        "textDocument/rangeFormatting",
        params.text_document.uri,
        &params.options,
        Some(params.range),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_minimal_edit_is_the_changed_middle_on_char_boundaries() {
        assert_eq!(minimal_edit("a  b", "a b"), Some((2..3, String::new())));
        assert_eq!(minimal_edit("x🦀y", "x🦁y"), Some((1..5, "🦁".to_string())));
        assert_eq!(minimal_edit("same", "same"), None);
    }
}
