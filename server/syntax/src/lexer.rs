//! Text to tokens. Every byte of the input lands in exactly one token, so
//! the tree built from these tokens prints back the input unchanged.
//!
//! Token boundaries follow wit-parser's lexer, so that both agree on where
//! a name or keyword starts and ends.

use crate::{SyntaxError, SyntaxKind, SyntaxKind::*};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: SyntaxKind,
    pub len: usize,
}

pub(crate) fn lex(text: &str) -> (Vec<Token>, Vec<SyntaxError>) {
    let mut lexer = Lexer {
        text,
        pos: 0,
        tokens: Vec::new(),
        errors: Vec::new(),
    };
    lexer.check_codepoints();
    if text.starts_with('\u{feff}') {
        lexer.pos = '\u{feff}'.len_utf8();
        lexer.tokens.push(Token {
            kind: WHITESPACE,
            len: lexer.pos,
        });
    }
    while lexer.pos < text.len() {
        let start = lexer.pos;
        let kind = lexer.next_kind();
        debug_assert!(lexer.pos > start, "the lexer must always make progress");
        lexer.tokens.push(Token {
            kind,
            len: lexer.pos - start,
        });
    }
    lexer.errors.sort_by_key(|e| e.range.start);
    (lexer.tokens, lexer.errors)
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn error(&mut self, start: usize, len: usize, message: String) {
        self.errors.push(SyntaxError {
            range: start..start + len,
            message,
        });
    }

    /// wit-parser rejects some code points anywhere in a file, even in
    /// comments, because they can make source look unlike its meaning.
    fn check_codepoints(&mut self) {
        for (pos, c) in self.text.char_indices() {
            let why = match c {
                '\n' | '\r' | '\t' => continue,
                '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
                    "a bidirectional override code point"
                }
                '\u{149}' | '\u{673}' | '\u{f77}' | '\u{f79}' | '\u{17a3}' | '\u{17a4}'
                | '\u{17b4}' | '\u{17b5}' => "a deprecated code point",
                c if c.is_control() => "a control code point",
                _ => continue,
            };
            self.error(
                pos,
                c.len_utf8(),
                format!("{why} (U+{:04X}) is not allowed in WIT", c as u32),
            );
        }
    }

    fn next_kind(&mut self) -> SyntaxKind {
        let start = self.pos;
        let c = self
            .bump()
            .expect("next_kind is only called before the end");
        match c {
            ' ' | '\t' | '\n' => self.whitespace(),
            '\r' if self.eat('\n') => self.whitespace(),
            '/' if self.eat('/') => {
                let doc = self.peek() == Some('/') && !self.rest().starts_with("//");
                let line_end = self
                    .rest()
                    .find('\n')
                    .map_or(self.text.len(), |i| self.pos + i);
                self.pos = line_end;
                if doc { DOC_COMMENT } else { COMMENT }
            }
            '/' if self.eat('*') => self.block_comment(start),
            '/' => SLASH,
            '=' => EQ,
            ',' => COMMA,
            ':' => COLON,
            '.' => DOT,
            ';' => SEMICOLON,
            '(' => L_PAREN,
            ')' => R_PAREN,
            '{' => L_BRACE,
            '}' => R_BRACE,
            '<' => L_ANGLE,
            '>' => R_ANGLE,
            '*' => STAR,
            '@' => AT,
            '+' => PLUS,
            '-' if self.eat('>') => ARROW,
            // Like wit-parser, a `-` never starts an identifier.
            '-' => MINUS,
            '%' => {
                if self.peek().is_some_and(is_keylike_start) {
                    self.eat_while(is_keylike_continue);
                }
                IDENT
            }
            '"' => self.string(),
            c if is_keylike_start(c) => {
                self.eat_while(is_keylike_continue);
                SyntaxKind::from_keyword(&self.text[start..self.pos]).unwrap_or(IDENT)
            }
            c if c.is_ascii_digit() => {
                self.eat_while(|c| c.is_ascii_digit());
                INTEGER
            }
            c => {
                // Control code points were already reported for the whole file.
                if !c.is_control() || c == '\r' {
                    let shown = if c == '\r' {
                        "\\r".to_string()
                    } else {
                        c.to_string()
                    };
                    self.error(
                        start,
                        c.len_utf8(),
                        format!("unexpected character `{shown}`"),
                    );
                }
                ERROR_TOKEN
            }
        }
    }

    fn eat_while(&mut self, pred: impl Fn(char) -> bool) {
        while self.peek().is_some_and(&pred) {
            self.bump();
        }
    }

    fn whitespace(&mut self) -> SyntaxKind {
        loop {
            if self.eat(' ')
                || self.eat('\t')
                || self.eat('\n')
                || self.rest().starts_with("\r\n") && self.eat('\r')
            {
                continue;
            }
            return WHITESPACE;
        }
    }

    /// Block comments nest, as in wit-parser.
    fn block_comment(&mut self, start: usize) -> SyntaxKind {
        let doc = self.peek() == Some('*')
            && !self.rest().starts_with("*/")
            && !self.rest().starts_with("**");
        let mut depth = 1;
        while depth > 0 {
            match self.bump() {
                None => {
                    self.error(
                        start,
                        2,
                        "unterminated block comment: expected `*/`".to_string(),
                    );
                    break;
                }
                Some('/') if self.eat('*') => depth += 1,
                Some('*') if self.eat('/') => depth -= 1,
                Some(_) => {}
            }
        }
        if doc { DOC_COMMENT } else { COMMENT }
    }

    /// A string literal (only `@external-id("…")` uses them). Stops before a
    /// line break, so an unclosed string swallows at most one line.
    fn string(&mut self) -> SyntaxKind {
        loop {
            let pos = self.pos;
            match self.peek() {
                None | Some('\n' | '\r') => {
                    self.error(pos, 0, "unterminated string: expected `\"`".to_string());
                    return STRING;
                }
                Some('"') => {
                    self.bump();
                    return STRING;
                }
                Some('\\') => {
                    self.bump();
                    self.escape();
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    fn escape(&mut self) {
        let pos = self.pos;
        match self.peek() {
            Some('"' | '\'' | 't' | 'n' | 'r' | '\\') => {
                self.bump();
            }
            Some('u') => {
                self.bump();
                let ok = self.eat('{')
                    && {
                        let digits = self.pos;
                        self.eat_while(|c| c.is_ascii_hexdigit() || c == '_');
                        let hex: String = self.text[digits..self.pos]
                            .chars()
                            .filter(|c| *c != '_')
                            .collect();
                        !hex.is_empty()
                            && u32::from_str_radix(&hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .is_some()
                    }
                    && self.eat('}');
                if !ok {
                    self.error(
                        pos,
                        1,
                        "invalid unicode escape: expected `\\u{hex}`".to_string(),
                    );
                }
            }
            Some(c) if c.is_ascii_hexdigit() => {
                self.bump();
                if !self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                    self.error(
                        pos,
                        1,
                        "invalid escape: expected two hex digits".to_string(),
                    );
                } else {
                    self.bump();
                }
            }
            Some(c) if c != '\n' && c != '\r' && c != '"' => {
                self.bump();
                self.error(pos, c.len_utf8(), format!("invalid escape `\\{c}`"));
            }
            _ => self.error(pos, 0, "invalid escape at end of string".to_string()),
        }
    }
}

fn is_keylike_start(c: char) -> bool {
    unicode_ident::is_xid_start(c) || c == '_' || c == '-'
}

fn is_keylike_continue(c: char) -> bool {
    unicode_ident::is_xid_continue(c) || c == '-'
}

/// Checks a name against WIT's identifier rules: kebab-case words, each all
/// lowercase or all uppercase, the first starting with a letter. `id` is the
/// name without its `%` escape. Returns the problem, if any.
pub(crate) fn validate_identifier(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("identifiers must not be empty".to_string());
    }
    for (index, part) in id.split('-').enumerate() {
        let Some(first) = part.chars().next() else {
            return Err(format!(
                "`{id}` has an empty part: identifier parts are separated by a single `-`"
            ));
        };
        if index == 0 && !first.is_ascii_alphabetic() {
            return Err(format!("`{id}` must start with a letter"));
        }
        let mut case = None;
        for c in part.chars() {
            let upper = if c.is_ascii_digit() {
                continue;
            } else if c.is_ascii_uppercase() {
                true
            } else if c.is_ascii_lowercase() {
                false
            } else {
                return Err(format!(
                    "`{id}` contains `{c}`: identifiers use only ASCII letters, digits and `-`"
                ));
            };
            if *case.get_or_insert(upper) != upper {
                return Err(format!(
                    "`{id}` mixes upper and lower case in one part: use kebab-case"
                ));
            }
        }
    }
    Ok(())
}
