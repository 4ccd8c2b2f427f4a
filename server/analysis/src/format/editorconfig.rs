//! The indentation `.editorconfig` files ask for a WIT file: `indent_style`,
//! `indent_size` and `tab_width` of the sections whose glob matches it,
//! read from the file's directory upwards until a file says `root = true`.
//! Nearer files win over farther ones, later sections over earlier ones,
//! and `unset` takes a setting back.
//!
//! Globs follow the EditorConfig rules: `*` (not across `/`), `**`, `?`,
//! `[abc]`, `[!abc]`, `{a,b}` and `{1..3}`; a glob without `/` matches the
//! file name in any directory, one with `/` is relative to the directory of
//! its `.editorconfig`.

use std::path::Path;

use super::IndentChoice;
use crate::file_system::FileSystem;

/// Larger files are not `.editorconfig` files anyone wrote by hand.
const MAX_BYTES: u64 = 1 << 20;

/// The indentation the `.editorconfig` files above `file` ask for. Files
/// that cannot be read are passed over, as editors do.
pub fn indent_for(fs: &dyn FileSystem, file: &Path) -> IndentChoice {
    // A relative path would stop the walk at the current directory.
    let Ok(file) = std::path::absolute(file) else {
        return IndentChoice::default();
    };
    let file = file.as_path();
    let mut configs = Vec::new();
    let mut dir = file.parent();
    while let Some(current) = dir {
        let path = current.join(".editorconfig");
        if let Ok(bytes) = fs.read(&path, MAX_BYTES)
            && let Ok(text) = String::from_utf8(bytes)
        {
            let config = parse(&text);
            let root = config.root;
            configs.push((current.to_path_buf(), config));
            if root {
                break;
            }
        }
        dir = current.parent();
    }
    let mut settings = Settings::default();
    for (dir, config) in configs.iter().rev() {
        let Ok(relative) = file.strip_prefix(dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        settings.apply(config, &relative);
    }
    settings.choice()
}

/// The settings a file gets from `text`, an `.editorconfig` in the
/// directory that `relative` (with `/` separators) is relative to.
pub fn indent_in(text: &str, relative: &str) -> IndentChoice {
    let mut settings = Settings::default();
    settings.apply(&parse(text), relative);
    settings.choice()
}

#[derive(Default)]
struct Config {
    root: bool,
    /// Each section's glob and its `key = value` pairs (keys lower case).
    sections: Vec<(String, Vec<(String, String)>)>,
}

fn parse(text: &str) -> Config {
    let mut config = Config::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(glob) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            config.sections.push((glob.to_string(), Vec::new()));
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let value = value.trim().to_string();
        match config.sections.last_mut() {
            Some((_, pairs)) => pairs.push((key, value)),
            None if key == "root" => config.root = value.eq_ignore_ascii_case("true"),
            None => {}
        }
    }
    config
}

/// The three settings that decide indentation, as the files set them.
#[derive(Default)]
struct Settings {
    style: Option<String>,
    size: Option<String>,
    tab_width: Option<String>,
}

impl Settings {
    fn apply(&mut self, config: &Config, relative: &str) {
        for (glob, pairs) in &config.sections {
            if !section_matches(glob, relative) {
                continue;
            }
            for (key, value) in pairs {
                let slot = match key.as_str() {
                    "indent_style" => &mut self.style,
                    "indent_size" => &mut self.size,
                    "tab_width" => &mut self.tab_width,
                    _ => continue,
                };
                let value = value.to_ascii_lowercase();
                *slot = (value != "unset").then_some(value);
            }
        }
    }

    fn choice(&self) -> IndentChoice {
        let number = |v: &Option<String>| v.as_deref().and_then(|v| v.parse::<usize>().ok());
        let width = match self.size.as_deref() {
            Some("tab") => number(&self.tab_width),
            _ => number(&self.size),
        };
        IndentChoice {
            tabs: match self.style.as_deref() {
                Some("tab") => Some(true),
                Some("space") => Some(false),
                _ => None,
            },
            width: width.filter(|w| (1..=16).contains(w)),
        }
    }
}

fn section_matches(glob: &str, relative: &str) -> bool {
    let (glob, path) = if glob.contains('/') {
        (glob.strip_prefix('/').unwrap_or(glob), relative)
    } else {
        (glob, relative.rsplit('/').next().unwrap_or(relative))
    };
    let Some(pattern) = compile(&mut glob.chars().peekable(), false) else {
        return false;
    };
    let path: Vec<char> = path.chars().collect();
    matches(&pattern, &path)
}

#[derive(Clone, Debug)]
enum Piece {
    Char(char),
    /// `*`: anything but `/`.
    Star,
    /// `**`: anything.
    Stars,
    /// `?`
    One,
    /// `[…]`: ranges, and whether the class is negated.
    Class(Vec<(char, char)>, bool),
    /// `{a,b}`
    Either(Vec<Vec<Piece>>),
    /// `{1..3}`: a whole number in the range.
    Number(i64, i64),
}

/// The pieces of a glob up to its end, or (inside braces) up to the `,` or
/// `}` that ends an alternative. `None` for a malformed glob.
fn compile(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    in_braces: bool,
) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    while let Some(&c) = chars.peek() {
        if in_braces && (c == ',' || c == '}') {
            return Some(pieces);
        }
        chars.next();
        match c {
            '\\' => pieces.push(Piece::Char(chars.next()?)),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                pieces.push(Piece::Stars);
            }
            '*' => pieces.push(Piece::Star),
            '?' => pieces.push(Piece::One),
            '[' => {
                let negated = chars.next_if_eq(&'!').is_some();
                let mut ranges = Vec::new();
                loop {
                    let start = chars.next()?;
                    if start == ']' && !ranges.is_empty() {
                        break;
                    }
                    if chars.next_if_eq(&'-').is_some() {
                        ranges.push((start, chars.next()?));
                    } else {
                        ranges.push((start, start));
                    }
                    if chars.peek() == Some(&']') {
                        chars.next();
                        break;
                    }
                }
                pieces.push(Piece::Class(ranges, negated));
            }
            '{' => {
                let mut alternatives = Vec::new();
                loop {
                    alternatives.push(compile(chars, true)?);
                    if chars.next()? == '}' {
                        break;
                    }
                }
                pieces.push(number_range(&alternatives).unwrap_or(Piece::Either(alternatives)));
            }
            c => pieces.push(Piece::Char(c)),
        }
    }
    (!in_braces).then_some(pieces)
}

/// `{1..3}`, which compiles as one alternative of literal characters.
fn number_range(alternatives: &[Vec<Piece>]) -> Option<Piece> {
    let [only] = alternatives else { return None };
    let text: String = only
        .iter()
        .map(|p| match p {
            Piece::Char(c) => Some(*c),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let (low, high) = text.split_once("..")?;
    Some(Piece::Number(low.parse().ok()?, high.parse().ok()?))
}

fn matches(pattern: &[Piece], path: &[char]) -> bool {
    let Some((first, rest)) = pattern.split_first() else {
        return path.is_empty();
    };
    match first {
        Piece::Char(c) => path.first() == Some(c) && matches(rest, &path[1..]),
        Piece::One => path.first().is_some_and(|&c| c != '/') && matches(rest, &path[1..]),
        Piece::Class(ranges, negated) => {
            path.first().is_some_and(|&c| {
                c != '/' && ranges.iter().any(|&(a, b)| a <= c && c <= b) != *negated
            }) && matches(rest, &path[1..])
        }
        Piece::Star => (0..=path.len())
            .take_while(|&i| i == 0 || path[i - 1] != '/')
            .any(|i| matches(rest, &path[i..])),
        Piece::Stars => {
            // `a/**/b` matches `a/b` too: the stars and their `/` match nothing.
            let skip_slash =
                matches!(rest.first(), Some(Piece::Char('/'))) && matches(&rest[1..], path);
            skip_slash || (0..=path.len()).any(|i| matches(rest, &path[i..]))
        }
        Piece::Either(alternatives) => alternatives.iter().any(|alternative| {
            let joined: Vec<Piece> = alternative.iter().chain(rest).cloned().collect();
            matches(&joined, path)
        }),
        Piece::Number(low, high) => {
            let digits = path
                .iter()
                .enumerate()
                .take_while(|&(i, c)| c.is_ascii_digit() || (i == 0 && *c == '-'))
                .count();
            (1..=digits).any(|n| {
                let text: String = path[..n].iter().collect();
                text.parse::<i64>()
                    .is_ok_and(|v| (*low.min(high)..=*low.max(high)).contains(&v))
                    && matches(rest, &path[n..])
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_system::MemoryFileSystem;

    #[test]
    fn globs_match_as_editorconfig_says() {
        let cases = [
            ("*", "wit/a.wit", true),
            ("*.wit", "wit/deps/a.wit", true),
            ("*.wit", "a.rs", false),
            ("*.{wit,rs}", "a.rs", true),
            ("*.{wit,rs}", "a.toml", false),
            ("**.wit", "a.wit", true),
            ("wit/*.wit", "wit/a.wit", true),
            ("wit/*.wit", "wit/deps/a.wit", false),
            ("/wit/**/*.wit", "wit/a.wit", true),
            ("wit/**/*.wit", "wit/deps/io/a.wit", true),
            ("wit/**/*.wit", "other/a.wit", false),
            ("[ab].wit", "b.wit", true),
            ("[!ab].wit", "b.wit", false),
            ("[a-c]?.wit", "cx.wit", true),
            ("v{1..3}.wit", "v2.wit", true),
            ("v{1..3}.wit", "v4.wit", false),
            ("{a,{b,c}}.wit", "c.wit", true),
            ("a\\*.wit", "a*.wit", true),
            ("a\\*.wit", "ab.wit", false),
            ("[unclosed", "[unclosed", false),
            ("{unclosed", "{unclosed", false),
        ];
        for (glob, path, expected) in cases {
            assert_eq!(section_matches(glob, path), expected, "[{glob}] on {path}");
        }
    }

    #[test]
    fn later_sections_win_and_unset_takes_back() {
        let config = "root = true\n\n[*]\nindent_style = space\nindent_size = 2\n\n# WIT as WASI writes it\n[*.wit]\nINDENT_SIZE = 4\n\n[legacy/*.wit]\nindent_style = tab\n\n[odd/*.wit]\nindent_size = unset\n";
        let choice = |path| indent_in(config, path);
        assert_eq!(
            choice("wit/a.wit"),
            IndentChoice {
                tabs: Some(false),
                width: Some(4)
            }
        );
        assert_eq!(choice("legacy/a.wit").tabs, Some(true));
        assert_eq!(choice("odd/a.wit").width, None);
        assert_eq!(choice("a.rs").width, Some(2));
        let tab_sized = indent_in("[*]\nindent_size = tab\ntab_width = 8\n", "a.wit");
        assert_eq!(tab_sized.width, Some(8));
        assert_eq!(
            indent_in("indent_size = 4\n", "a.wit"),
            IndentChoice::default()
        );
        assert_eq!(
            indent_in("[*]\nindent_size = lots\n", "a.wit"),
            IndentChoice::default()
        );
    }

    #[test]
    fn files_are_read_upwards_until_root() {
        let fs = MemoryFileSystem::new();
        fs.write("/home/.editorconfig", "[*]\nindent_style = tab\n");
        fs.write(
            "/home/project/.editorconfig",
            "root = true\n[*.wit]\nindent_size = 4\n",
        );
        fs.write(
            "/home/project/wit/.editorconfig",
            "[deps/*.wit]\nindent_size = 2\n",
        );
        // The tab above the root file is not read.
        assert_eq!(
            indent_for(&fs, Path::new("/home/project/wit/a.wit")),
            IndentChoice {
                tabs: None,
                width: Some(4)
            }
        );
        let dependency = Path::new("/home/project/wit/deps/b.wit");
        assert_eq!(indent_for(&fs, dependency).width, Some(2));
    }
}
