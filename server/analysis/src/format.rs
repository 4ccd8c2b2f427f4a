//! The canonical WIT style, as WASI's own WIT is written: indented as the
//! file already is (WASI 0.2 uses 4 spaces, most WIT 2) unless told
//! otherwise ([`IndentChoice`], from `.editorconfig`, the editor or
//! `fmt --indent`), 2 spaces when nothing says; one item per line, a blank line between file-level items, block members
//! (fields, cases, flags) one per line with a trailing comma, inline lists
//! (`use` names, type arguments) on one line. A parameter list stays on one
//! line unless the author broke it over lines: then it gets one parameter
//! per line with a trailing comma, as WASI writes long signatures.
//!
//! The formatter re-spaces the token stream of the syntax tree and never
//! reorders or drops a token, so comments stay where they are: an
//! own-line comment stays on its own line, a trailing comment stays at the
//! end of its line. Blank lines inside bodies are kept (at most one).
//! The only tokens it changes are commas: it adds the trailing comma of a
//! block list and drops the trailing comma of an inline list.

use std::fmt;

use syntax::{SyntaxError, SyntaxKind, SyntaxKind::*, SyntaxNode, SyntaxToken};

/// Why a file was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The file's syntax errors. A file with errors is refused, never
    /// mangled.
    pub errors: Vec<SyntaxError>,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the file has {} syntax error(s); fix them before formatting",
            self.errors.len()
        )
    }
}

impl std::error::Error for FormatError {}

/// One level of indentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Indent {
    Spaces(usize),
    Tab,
}

impl Indent {
    fn unit(self) -> String {
        match self {
            Indent::Spaces(width) => " ".repeat(width),
            Indent::Tab => "\t".to_string(),
        }
    }
}

/// What a source of settings says about indentation; each part it leaves
/// unset falls to the next source, and finally to the file's own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndentChoice {
    pub tabs: Option<bool>,
    /// The width of a level indented with spaces.
    pub width: Option<usize>,
}

impl IndentChoice {
    /// `self`, with what it leaves unset taken from `fallback`.
    pub fn or(self, fallback: IndentChoice) -> IndentChoice {
        IndentChoice {
            tabs: self.tabs.or(fallback.tabs),
            width: self.width.or(fallback.width),
        }
    }

    fn resolve(self, detected: Option<Indent>) -> Indent {
        let detected_tabs = detected.map(|d| d == Indent::Tab);
        if self.tabs.or(detected_tabs) == Some(true) {
            return Indent::Tab;
        }
        let detected_width = match detected {
            Some(Indent::Spaces(width)) => Some(width),
            _ => None,
        };
        Indent::Spaces(self.width.or(detected_width).unwrap_or(2).clamp(1, 16))
    }
}

/// Formats one WIT file, keeping its indentation width, or refuses it when
/// it has syntax errors.
pub fn format(text: &str) -> Result<String, FormatError> {
    format_with(text, IndentChoice::default())
}

/// Formats one WIT file with the indentation `choice` asks for (the file's
/// own where it says nothing).
pub fn format_with(text: &str, choice: IndentChoice) -> Result<String, FormatError> {
    let parse = syntax::parse(text);
    if !parse.errors().is_empty() {
        return Err(FormatError {
            errors: parse.errors().to_vec(),
        });
    }
    let root = parse.syntax();
    let mut printer = Printer {
        out: String::new(),
        indent: 0,
        unit: choice.resolve(detect_indent(&root)).unit(),
        prev: None,
        last_code: None,
    };
    let tokens: Vec<SyntaxToken> = root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .filter(|t| t.kind() != WHITESPACE)
        .collect();
    for (i, token) in tokens.iter().enumerate() {
        printer.token(token, tokens.get(i + 1));
    }
    if !printer.out.is_empty() {
        printer.out.push('\n');
    }
    Ok(printer.out)
}

/// The indentation the file uses: each indented line votes for its
/// leading whitespace divided by its depth, and the most common wins. A
/// width outside 2..=8 is taken for stray spaces, not a style.
fn detect_indent(root: &SyntaxNode) -> Option<Indent> {
    let mut votes: std::collections::BTreeMap<(bool, usize), usize> = Default::default();
    let mut depth = 0usize;
    let mut tokens = root
        .descendants_with_tokens()
        .filter_map(|e| e.into_token())
        .peekable();
    while let Some(token) = tokens.next() {
        if token.kind() != WHITESPACE {
            if is_block_close(&token) {
                depth = depth.saturating_sub(1);
            }
            if is_block_open(&token) {
                depth += 1;
            }
            continue;
        }
        let (Some((_, leading)), Some(next)) = (token.text().rsplit_once('\n'), tokens.peek())
        else {
            continue;
        };
        let level = depth - usize::from(is_block_close(next) && depth > 0);
        if level == 0 || leading.is_empty() {
            continue;
        }
        let vote = if leading.chars().all(|c| c == '\t') && leading.len() == level {
            (true, 0)
        } else if leading.chars().all(|c| c == ' ') && leading.len() % level == 0 {
            (false, leading.len() / level)
        } else {
            continue;
        };
        if vote.0 || (2..=8).contains(&vote.1) {
            *votes.entry(vote).or_default() += 1;
        }
    }
    let ((tabs, width), _) = votes
        .into_iter()
        .max_by_key(|&((tabs, width), count)| (count, tabs, std::cmp::Reverse(width)))?;
    Some(if tabs {
        Indent::Tab
    } else {
        Indent::Spaces(width)
    })
}

struct Printer {
    out: String,
    indent: usize,
    /// One level of indentation.
    unit: String,
    prev: Option<SyntaxToken>,
    /// The last token that is not a comment, and where it ends in `out`:
    /// a missing trailing comma goes there, before any comment.
    last_code: Option<(SyntaxToken, usize)>,
}

/// What goes between two tokens.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Newline,
    BlankLine,
}

impl Printer {
    fn token(&mut self, token: &SyntaxToken, next: Option<&SyntaxToken>) {
        let kind = token.kind();
        if kind == COMMA && is_inline_list(token) && next.is_some_and(|n| is_closer(n.kind())) {
            return; // a trailing comma of an inline list
        }
        if is_block_close(token) {
            if let Some((last, end)) = &self.last_code
                && last.kind() != COMMA
                && !is_block_open(last)
                && has_comma_members(token)
            {
                self.out.insert(*end, ',');
            }
            self.indent = self.indent.saturating_sub(1);
        }
        let gap = match &self.prev {
            None => Gap::None,
            Some(prev) => gap(prev, token),
        };
        match gap {
            Gap::None => {}
            Gap::Space => self.out.push(' '),
            Gap::Newline | Gap::BlankLine => {
                self.out.push('\n');
                if gap == Gap::BlankLine {
                    self.out.push('\n');
                }
                self.out.push_str(&self.unit.repeat(self.indent));
            }
        }
        if kind.is_trivia() {
            self.out.push_str(comment_text(token));
        } else {
            self.out.push_str(token.text());
            self.last_code = Some((token.clone(), self.out.len()));
        }
        if is_block_open(token) {
            self.indent += 1;
        }
        self.prev = Some(token.clone());
    }
}

/// Line comments lose trailing whitespace (and a CRLF's `\r`); wit-parser
/// trims doc lines the same way, so the documentation is unchanged.
fn comment_text(token: &SyntaxToken) -> &str {
    let text = token.text();
    if text.starts_with("//") {
        text.trim_end()
    } else {
        text
    }
}

fn gap(prev: &SyntaxToken, cur: &SyntaxToken) -> Gap {
    if is_block_open(prev) && is_block_close(cur) {
        return Gap::None; // `{}`
    }
    // Comments keep their place relative to line breaks in the source.
    if cur.kind().is_trivia() {
        if !newline_before(cur) {
            return if matches!(prev.kind(), L_PAREN | L_ANGLE) {
                Gap::None
            } else {
                Gap::Space
            };
        }
        return line_gap(prev, cur);
    }
    if prev.kind().is_trivia() {
        let ends_line = prev.text().starts_with("//") || newline_before_next(prev);
        if ends_line {
            return line_gap(prev, cur);
        }
        return Gap::Space;
    }
    if ends_line(prev) || is_block_close(cur) && !is_block_open(prev) {
        return line_gap(prev, cur);
    }
    token_gap(prev, cur)
}

/// A line break, or a blank line after a file-level item and where the
/// source had one (but never right after `{` or right before `}`).
fn line_gap(prev: &SyntaxToken, cur: &SyntaxToken) -> Gap {
    if is_block_open(prev) || is_block_close(cur) {
        return Gap::Newline;
    }
    if ends_file_level_item(prev) || blank_line_before(cur) {
        return Gap::BlankLine;
    }
    Gap::Newline
}

/// Spacing within a line.
fn token_gap(prev: &SyntaxToken, cur: &SyntaxToken) -> Gap {
    let parent = |t: &SyntaxToken| t.parent().map(|p| p.kind());
    match (prev.kind(), cur.kind()) {
        (_, SEMICOLON | COMMA | R_PAREN | R_ANGLE | L_PAREN | L_ANGLE | COLON | DOT | SLASH) => {
            Gap::None
        }
        (L_PAREN | L_ANGLE | DOT | SLASH, _) => Gap::None,
        (AT, _) => Gap::None,
        (_, AT) if parent(cur) != Some(ATTRIBUTE) => Gap::None,
        (COLON, _) if parent(prev) == Some(PACKAGE_NAME) => Gap::None,
        (L_BRACE, _) if parent(prev) == Some(USE_NAMES) => Gap::None,
        (_, R_BRACE) if parent(cur) == Some(USE_NAMES) => Gap::None,
        (L_BRACE, R_BRACE) => Gap::None,
        _ if parent(cur) == Some(VERSION) && parent(prev) == Some(VERSION) => Gap::None,
        _ => Gap::Space,
    }
}

/// Tokens after which the next token starts a new line.
fn ends_line(token: &SyntaxToken) -> bool {
    let parent = token.parent().map(|p| p.kind());
    match token.kind() {
        SEMICOLON => true,
        // `include … with { a as b }` ends without a `;`.
        R_BRACE if parent == Some(INCLUDE_NAMES) => true,
        COMMA => token.parent().is_some_and(|p| is_comma_block(&p)),
        // A broken parameter list's `)` continues with `-> …;`.
        _ if is_block_open(token) || is_block_close(token) && token.kind() == R_BRACE => true,
        // An attribute stands on its own line above its item.
        _ => parent == Some(ATTRIBUTE) && token.next_sibling_or_token().is_none(),
    }
}

/// Lists printed one member per line, with a trailing comma.
fn is_comma_block(node: &SyntaxNode) -> bool {
    matches!(
        node.kind(),
        RECORD_BODY | VARIANT_BODY | ENUM_BODY | FLAGS_BODY
    ) || is_multiline_params(node)
}

fn is_multiline_params(node: &SyntaxNode) -> bool {
    node.kind() == PARAM_LIST
        && node.children().next().is_some()
        && node.children_with_tokens().any(|e| {
            e.as_token()
                .is_some_and(|t| t.kind().is_trivia() && t.text().contains('\n'))
        })
}

fn is_block(node: &SyntaxNode) -> bool {
    is_comma_block(node)
        || matches!(
            node.kind(),
            INTERFACE_BODY | WORLD_BODY | RESOURCE_BODY | PACKAGE_BODY
        )
}

fn is_block_open(token: &SyntaxToken) -> bool {
    matches!(token.kind(), L_BRACE | L_PAREN) && token.parent().is_some_and(|p| is_block(&p))
}

fn is_block_close(token: &SyntaxToken) -> bool {
    matches!(token.kind(), R_BRACE | R_PAREN) && token.parent().is_some_and(|p| is_block(&p))
}

/// Whether the block this `}` closes is a comma list with members.
fn has_comma_members(close: &SyntaxToken) -> bool {
    close
        .parent()
        .is_some_and(|p| is_comma_block(&p) && p.children().next().is_some())
}

fn is_inline_list(comma: &SyntaxToken) -> bool {
    comma.parent().is_some_and(|p| {
        matches!(
            p.kind(),
            PARAM_LIST | TUPLE_TYPE | USE_NAMES | INCLUDE_NAMES
        ) && !is_comma_block(&p)
    })
}

fn is_closer(kind: SyntaxKind) -> bool {
    matches!(kind, R_PAREN | R_ANGLE | R_BRACE)
}

fn ends_file_level_item(token: &SyntaxToken) -> bool {
    let Some(item) = token.parent_ancestors().find(|n| {
        n.parent()
            .is_some_and(|p| matches!(p.kind(), SOURCE_FILE | PACKAGE_BODY))
    }) else {
        return false;
    };
    item.kind() != ERROR && item.last_token().as_ref() == Some(token)
}

fn newline_before(token: &SyntaxToken) -> bool {
    match token.prev_token() {
        None => true,
        Some(prev) => prev.kind() == WHITESPACE && prev.text().contains('\n'),
    }
}

fn newline_before_next(token: &SyntaxToken) -> bool {
    token
        .next_token()
        .is_some_and(|next| next.kind() == WHITESPACE && next.text().contains('\n'))
}

fn blank_line_before(token: &SyntaxToken) -> bool {
    token
        .prev_token()
        .is_some_and(|prev| prev.kind() == WHITESPACE && prev.text().matches('\n').count() >= 2)
}

pub mod editorconfig;
#[cfg(test)]
mod tests;
