//! Command lines as projects write them (an npm script, a task in
//! `pyproject.toml`, a Makefile recipe), split into words the way a POSIX
//! shell would for the simple cases that matter here: quotes, and `&&`,
//! `||`, `;`, `|` between commands. Variables and globs are left as they are.

use std::path::{Path, PathBuf};

/// The simple commands of `line`, each as its words.
pub(crate) fn commands(line: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '\\') => {
                if let Some(next) = chars.next() {
                    word.push(next);
                    in_word = true;
                }
            }
            (None, ';' | '&' | '|') => {
                // `&&`, `||`, `|`, `;` and a trailing `&` all end a command.
                if chars.peek() == Some(&c) {
                    chars.next();
                }
                end_word(&mut word, &mut in_word, &mut commands);
                commands.push(Vec::new());
            }
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut in_word, &mut commands),
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    end_word(&mut word, &mut in_word, &mut commands);
    commands.retain(|c| !c.is_empty());
    commands
}

fn end_word(word: &mut String, in_word: &mut bool, commands: &mut [Vec<String>]) {
    if *in_word || !word.is_empty() {
        let last = commands.last_mut().expect("there is always a command");
        last.push(std::mem::take(word));
    }
    *in_word = false;
}

/// Whether `word` runs `program`: `componentize-py`, or a path ending in it
/// (`.venv/bin/componentize-py`, `./node_modules/.bin/jco`).
pub(crate) fn runs(word: &str, program: &str) -> bool {
    let name = word.rsplit(['/', '\\']).next().unwrap_or(word);
    let name = name.strip_suffix(".exe").unwrap_or(name);
    let name = name.strip_suffix(".cmd").unwrap_or(name);
    name == program
}

/// The value of an option among `args`: `--wit dir`, `--wit=dir`, `-w dir`.
/// Every occurrence, in order.
pub(crate) fn option_values(args: &[String], names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if names.contains(&word.as_str()) {
            if let Some(value) = words.next() {
                values.push(value.clone());
            }
            continue;
        }
        if let Some((name, value)) = word.split_once('=')
            && names.contains(&name)
        {
            values.push(value.to_string());
        }
    }
    values
}

/// The words of `args` that are neither options nor the values of the
/// options named in `valued` (those that take one).
pub(crate) fn positionals(args: &[String], valued: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if word.starts_with('-') {
            if valued.contains(&word.as_str()) {
                words.next();
            }
            continue;
        }
        found.push(word.clone());
    }
    found
}

/// The first executable called `name` on `PATH`.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| executable_names(name).map(move |n| dir.join(n)))
        .find(|candidate| is_executable(candidate))
}

fn executable_names(name: &str) -> impl Iterator<Item = String> {
    let windows = cfg!(windows).then(|| [format!("{name}.exe"), format!("{name}.cmd")]);
    std::iter::once(name.to_string()).chain(windows.into_iter().flatten())
}

pub(crate) fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        path.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn splits_commands_and_keeps_quoted_words_whole() {
        assert_eq!(
            commands(
                r#"mkdir -p dist && componentize-js "src/my app.js" --wit='../wit' -o dist/a.wasm; echo done"#
            ),
            vec![
                words("mkdir -p dist"),
                vec![
                    "componentize-js".to_string(),
                    "src/my app.js".into(),
                    "--wit=../wit".into(),
                    "-o".into(),
                    "dist/a.wasm".into()
                ],
                words("echo done"),
            ]
        );
        assert_eq!(
            commands("a | b || c &"),
            vec![words("a"), words("b"), words("c")]
        );
    }

    #[test]
    fn options_in_both_spellings_and_the_words_between_them() {
        let args = words("app.js --wit wit -n shop --out=dist/x.wasm --aot");
        assert_eq!(option_values(&args, &["-w", "--wit"]), ["wit"]);
        assert_eq!(option_values(&args, &["-o", "--out"]), ["dist/x.wasm"]);
        assert_eq!(
            positionals(&args, &["-w", "--wit", "-n", "--world-name"]),
            ["app.js"]
        );
        assert!(runs("./node_modules/.bin/jco", "jco"));
        assert!(!runs("jco-std", "jco"));
    }
}
