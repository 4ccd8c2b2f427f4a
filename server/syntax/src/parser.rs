//! The parser's machinery: a cursor over the significant tokens, markers
//! that open and close nodes, and error reporting. The grammar itself lives
//! in `grammar/`.
//!
//! The parser never sees trivia (whitespace, comments, invalid characters);
//! the sink puts those back when it builds the tree. It records a flat list
//! of events instead of building the tree directly, so that a node's kind
//! can be decided after its first tokens are parsed (attributes come before
//! the keyword that says what an item is).

use std::ops::Range;

use crate::{SyntaxError, SyntaxKind, SyntaxKind::*};

pub(crate) enum Event {
    /// Opens a node. `None` is a node that was abandoned; the sink skips it.
    Start(Option<SyntaxKind>),
    Finish,
    /// The next significant token.
    Token,
}

pub(crate) struct Parser<'t> {
    text: &'t str,
    /// Significant tokens with their byte ranges.
    tokens: Vec<(SyntaxKind, Range<usize>)>,
    pos: usize,
    text_len: usize,
    pub(crate) events: Vec<Event>,
    pub(crate) errors: Vec<SyntaxError>,
    /// Current nesting of types and packages, capped so that deeply nested
    /// input cannot overflow the stack.
    pub(crate) depth: usize,
}

/// Deeper nesting is reported as an error, like wit-parser's limit of 100.
pub(crate) const MAX_DEPTH: usize = 100;

impl<'t> Parser<'t> {
    pub(crate) fn new(text: &'t str, tokens: Vec<(SyntaxKind, Range<usize>)>) -> Parser<'t> {
        Parser {
            text,
            tokens,
            pos: 0,
            text_len: text.len(),
            events: Vec::new(),
            errors: Vec::new(),
            depth: 0,
        }
    }

    pub(crate) fn token_text(&self, range: Range<usize>) -> &'t str {
        &self.text[range]
    }

    /// Where the significant token at `index` ends.
    pub(crate) fn end_of_token(&self, index: usize) -> usize {
        self.tokens
            .get(index)
            .map_or(self.text_len, |(_, range)| range.end)
    }

    /// The text of the current token ("" at the end).
    pub(crate) fn current_text(&self) -> &'t str {
        self.nth_text(0)
    }

    /// The text of the significant token `n` ahead ("" past the end).
    pub(crate) fn nth_text(&self, n: usize) -> &'t str {
        self.tokens
            .get(self.pos + n)
            .map_or("", |(_, range)| &self.text[range.clone()])
    }

    pub(crate) fn nth(&self, n: usize) -> Option<SyntaxKind> {
        self.tokens.get(self.pos + n).map(|(kind, _)| *kind)
    }

    pub(crate) fn current(&self) -> Option<SyntaxKind> {
        self.nth(0)
    }

    pub(crate) fn at(&self, kind: SyntaxKind) -> bool {
        self.current() == Some(kind)
    }

    pub(crate) fn at_any(&self, kinds: &[SyntaxKind]) -> bool {
        self.current().is_some_and(|k| kinds.contains(&k))
    }

    pub(crate) fn at_eof(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// The significant-token position, to check that a loop made progress.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    pub(crate) fn current_text_range(&self) -> Range<usize> {
        match self.tokens.get(self.pos) {
            Some((_, range)) => range.clone(),
            None => self.text_len..self.text_len,
        }
    }

    pub(crate) fn bump(&mut self) {
        if !self.at_eof() {
            self.pos += 1;
            self.events.push(Event::Token);
        }
    }

    pub(crate) fn eat(&mut self, kind: SyntaxKind) -> bool {
        let found = self.at(kind);
        if found {
            self.bump();
        }
        found
    }

    /// Eats `kind`, or reports that it was expected here.
    pub(crate) fn expect(&mut self, kind: SyntaxKind) -> bool {
        if self.eat(kind) {
            return true;
        }
        self.error_expected(kind.describe());
        false
    }

    /// Reports "expected {what}, found {the current token}" where the
    /// missing piece belongs (see [`Parser::missing_range`]), or "…, but the
    /// line ends here" when that is the end of the line before the token.
    pub(crate) fn error_expected(&mut self, what: &str) {
        // Reported at the end of the line being typed, the next line's
        // token is not what the user is looking at.
        let message = if self.line_break_before_current() {
            format!("expected {what}, but the line ends here")
        } else {
            self.expected_message(what)
        };
        let range = self.missing_range();
        self.error_at(range, message);
    }

    fn expected_message(&self, what: &str) -> String {
        let found = match self.current() {
            None => "end of file".to_string(),
            Some(IDENT) => format!("identifier `{}`", self.current_text()),
            Some(kind) => kind.describe().to_string(),
        };
        format!("expected {what}, found {found}")
    }

    pub(crate) fn error(&mut self, message: String) {
        let range = self.missing_range();
        self.error_at(range, message);
    }

    /// Where something that is missing before the current token is
    /// reported: at the current token, as wit-parser does, unless a line
    /// break comes first. Then the user is typing on the line before
    /// (`use wasi:` with the next item below), and the error goes at the
    /// end of that line, not onto the next item, which is fine.
    fn missing_range(&self) -> Range<usize> {
        match self.previous_end() {
            Some(end) if self.line_break_before_current() => end..end,
            _ => self.current_text_range(),
        }
    }

    fn previous_end(&self) -> Option<usize> {
        let previous = self.tokens.get(self.pos.checked_sub(1)?)?;
        Some(previous.1.end)
    }

    /// Whether a line ends between the previous significant token and the current one.
    pub(crate) fn line_break_before_current(&self) -> bool {
        self.previous_end()
            .is_some_and(|end| self.text[end..self.current_text_range().start].contains('\n'))
    }

    /// Records an error unless one was already reported at the same place:
    /// the first error at a spot is the one that explains it.
    pub(crate) fn error_at(&mut self, range: Range<usize>, message: String) {
        if self
            .errors
            .last()
            .is_some_and(|e| e.range.start == range.start)
        {
            return;
        }
        self.errors.push(SyntaxError { range, message });
    }

    /// Reports the current token as unexpected and wraps it in an `ERROR`
    /// node. The error is on the token itself: it is the thing to remove.
    pub(crate) fn error_and_bump(&mut self, what: &str) {
        let message = self.expected_message(what);
        let range = self.current_text_range();
        self.error_at(range, message);
        let m = self.start();
        self.bump();
        m.complete(self, ERROR);
    }

    pub(crate) fn start(&mut self) -> Marker {
        self.events.push(Event::Start(None));
        Marker {
            index: self.events.len() - 1,
        }
    }
}

/// An open node. Complete it with its kind, or abandon it.
#[must_use]
pub(crate) struct Marker {
    index: usize,
}

impl Marker {
    pub(crate) fn complete(self, p: &mut Parser, kind: SyntaxKind) {
        p.events[self.index] = Event::Start(Some(kind));
        p.events.push(Event::Finish);
    }

    /// Drops the node but keeps its children, which move to the parent.
    pub(crate) fn abandon(self, p: &mut Parser<'_>) {
        if self.index == p.events.len() - 1 {
            p.events.pop();
        }
        // Otherwise the `Start(None)` stays: the sink skips it and its
        // matching `Finish` is never pushed.
    }
}
