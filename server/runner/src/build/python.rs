//! Python guests built with componentize-py. componentize-py has no project
//! file of its own (its `componentize-py.toml` describes the WIT an SDK
//! package brings), so the guest is found by its command line: a
//! `componentize-py … componentize APP` in a string of `pyproject.toml` (a
//! poe, hatch or pdm task) or in a line of a `Makefile` or `justfile`; or,
//! without one, a project that depends on componentize-py and has `app.py`
//! and a `wit/` folder. The build runs the componentize-py of the project's
//! virtual environment (`.venv`, `venv`, or the active `$VIRTUAL_ENV`)
//! when there is one.

use std::path::{Path, PathBuf};

use super::diagnostics::{BuildDiagnostic, Severity};
use super::{BuildError, GuestKind, GuestProject, words, world};

/// componentize-py's options that take a value, before and after the
/// `componentize` subcommand.
const VALUED: &[&str] = &[
    "-d",
    "--wit-path",
    "-w",
    "--world",
    "--features",
    "--import-interface-name",
    "--export-interface-name",
    "--world-module",
    "-p",
    "--python-path",
    "-m",
    "--module-worlds",
    "-o",
    "--output",
];

/// Files whose text may hold the command line, in the order they are read.
const COMMAND_FILES: &[&str] = &["pyproject.toml", "Makefile", "justfile"];

pub(crate) fn guests(dir: &Path) -> Vec<GuestProject> {
    let mut found = Vec::new();
    for file in COMMAND_FILES {
        let Ok(text) = std::fs::read_to_string(dir.join(file)) else {
            continue;
        };
        let lines: Vec<String> = if *file == "pyproject.toml" {
            toml_strings(&text)
        } else {
            text.lines().map(str::to_string).collect()
        };
        for line in lines {
            for command in words::commands(&line) {
                if let Some(guest) = from_command(dir, &command)
                    && !found.contains(&guest)
                {
                    found.push(guest);
                }
            }
        }
    }
    if found.is_empty() && depends_on_componentize_py(dir) && dir.join("app.py").is_file() {
        let args = ["-d", "wit", "componentize", "app", "-o", "dist/app.wasm"]
            .map(str::to_string)
            .to_vec();
        found.extend(project(dir, args));
    }
    found
}

/// Every string value of a TOML document, tables and arrays included (task
/// runners spell a task as a string, `{cmd = "…"}` or a list of them).
fn toml_strings(text: &str) -> Vec<String> {
    fn walk(value: &toml::Value, out: &mut Vec<String>) {
        match value {
            toml::Value::String(s) => out.push(s.clone()),
            toml::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            toml::Value::Table(table) => table.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(table) = text.parse::<toml::Table>() {
        table.values().for_each(|v| walk(v, &mut out));
    }
    out
}

fn depends_on_componentize_py(dir: &Path) -> bool {
    let mentions = |file: &str| {
        std::fs::read_to_string(dir.join(file)).is_ok_and(|text| {
            text.lines().any(|l| {
                l.trim_start_matches([' ', '"', '\''])
                    .starts_with("componentize-py")
            })
        })
    };
    mentions("pyproject.toml") || mentions("requirements.txt") || mentions("requirements-dev.txt")
}

fn from_command(dir: &Path, command: &[String]) -> Option<GuestProject> {
    let at = command
        .iter()
        .position(|w| words::runs(w, "componentize-py"))?;
    let args = command[at + 1..].to_vec();
    let positionals = words::positionals(&args, VALUED);
    (positionals.first()? == "componentize").then_some(())?;
    project(dir, args)
}

fn project(dir: &Path, args: Vec<String>) -> Option<GuestProject> {
    let positionals = words::positionals(&args, VALUED);
    let app = positionals.get(1)?.clone();
    let wit = words::option_values(&args, &["-d", "--wit-path"])
        .into_iter()
        .next()
        .unwrap_or_else(|| "wit".into());
    let output = words::option_values(&args, &["-o", "--output"])
        .pop()
        .unwrap_or_else(|| "index.wasm".into());
    let wit_dir = dir.join(&wit);
    let world = match words::option_values(&args, &["-w", "--world"]).pop() {
        Some(name) => world::qualify(&wit_dir, &name).unwrap_or(name),
        None => world::default_world(&wit_dir)?,
    };
    Some(GuestProject {
        world,
        dir: dir.to_path_buf(),
        kind: GuestKind::Python {
            args,
            app,
            output: output.into(),
        },
        wit_dir: wit_dir.exists().then_some(wit_dir),
    })
}

/// The componentize-py the build runs: the project's virtual
/// environment's, the active one's, or the one on `PATH`.
pub(crate) fn program(dir: &Path) -> Option<PathBuf> {
    let bin = if cfg!(windows) { "Scripts" } else { "bin" };
    let exe = if cfg!(windows) {
        "componentize-py.exe"
    } else {
        "componentize-py"
    };
    let active = std::env::var_os("VIRTUAL_ENV").map(PathBuf::from);
    [dir.join(".venv"), dir.join("venv")]
        .into_iter()
        .chain(active)
        .map(|venv| venv.join(bin).join(exe))
        .find(|candidate| words::is_executable(candidate))
        .or_else(|| words::on_path("componentize-py"))
        // The build runs in `dir`: a relative path would be looked up there.
        .map(|program| std::path::absolute(&program).unwrap_or(program))
}

/// The version a `componentize-py==X` pin in the project asks for, for the
/// install command of a missing toolchain.
fn pinned_version(dir: &Path) -> Option<String> {
    ["pyproject.toml", "requirements.txt", "requirements-dev.txt"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(dir.join(f)).ok())
        .find_map(|text| {
            let at = text.find("componentize-py==")? + "componentize-py==".len();
            let version: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            (!version.is_empty()).then_some(version)
        })
}

pub(crate) fn missing(dir: &Path) -> BuildError {
    let pin = pinned_version(dir)
        .map(|v| format!("=={v}"))
        .unwrap_or_default();
    BuildError::ToolMissing {
        tool: "componentize-py".into(),
        why: format!(
            "the Python guest in {} builds with it, and neither {} nor $VIRTUAL_ENV nor PATH has it",
            dir.display(),
            dir.join(".venv").display()
        ),
        install: format!(
            "in {}, run: python3 -m venv .venv && .venv/bin/pip install componentize-py{pin}",
            dir.display()
        ),
    }
}

/// The Python errors of a build, from componentize-py's tracebacks: it
/// imports the app while it builds, so an exception at import and a syntax
/// error come back as a traceback of the guest's own paths (`/0/app.py`
/// for the first `-p` directory). Each is placed at the innermost frame
/// in the project, with the exception's line as its message.
pub(crate) fn diagnostics(
    lines: &[String],
    dir: &Path,
    python_path: &[PathBuf],
) -> Vec<BuildDiagnostic> {
    let mut found: Vec<BuildDiagnostic> = Vec::new();
    let mut frame: Option<(PathBuf, u32, u32)> = None;
    let mut source_line: Option<String> = None;
    let mut in_traceback = false;
    // Whether the frame being read is `frame`: a caret under another
    // frame's line says nothing about it.
    let mut reading_frame = false;
    for line in lines {
        if let Some((file, number)) = frame_location(line) {
            in_traceback = true;
            source_line = None;
            // Frames outside the project (the host's componentize-py
            // script, the standard library) are not where the fix goes.
            reading_frame = false;
            if let Some(file) = project_file(&file, dir, python_path) {
                frame = Some((file, number, 1));
                reading_frame = true;
            }
            continue;
        }
        if !in_traceback {
            continue;
        }
        let trimmed = line.trim_start();
        if line.starts_with(char::is_whitespace) {
            // The frame's source line, then for a syntax error a caret
            // under the column.
            if trimmed.chars().all(|c| c == '^' || c == '~') && !trimmed.is_empty() {
                if !reading_frame {
                    continue;
                }
                if let (Some(shown), Some((file, number, column))) = (&source_line, &mut frame) {
                    *column = caret_column(line, shown, file, *number);
                }
            } else {
                source_line = Some(line.clone());
            }
            continue;
        }
        if let Some(message) = exception_line(line) {
            if let Some((file, line, column)) = frame.take() {
                let diagnostic = BuildDiagnostic {
                    file,
                    line,
                    column,
                    severity: Severity::Error,
                    message,
                };
                if !found.contains(&diagnostic) {
                    found.push(diagnostic);
                }
            }
            in_traceback = false;
        }
    }
    found
}

/// `File "/0/app.py", line 4, in <module>` (also after a prefix such as
/// `AssertionError: `): the file and line.
fn frame_location(line: &str) -> Option<(String, u32)> {
    let at = line.find("File \"")? + "File \"".len();
    let rest = &line[at..];
    let end = rest.find('"')?;
    let after = rest[end + 1..].strip_prefix(", line ")?;
    let number: String = after.chars().take_while(char::is_ascii_digit).collect();
    Some((rest[..end].to_string(), number.parse().ok()?))
}

/// A path of the traceback as a file of the project: the guest sees the
/// N-th `-p` directory as `/N/`.
fn project_file(file: &str, dir: &Path, python_path: &[PathBuf]) -> Option<PathBuf> {
    let mut parts = file.strip_prefix('/')?.splitn(2, '/');
    let index: usize = parts.next()?.parse().ok()?;
    let rest = parts.next()?;
    let base = python_path.get(index)?;
    let path: PathBuf = dir
        .join(base)
        .join(rest)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    path.is_file().then_some(path)
}

/// The exception that ends a traceback, `ModuleNotFoundError: No module
/// named 'x'`; not a line that starts another traceback.
fn exception_line(line: &str) -> Option<String> {
    let line = line.strip_prefix("AssertionError: ").unwrap_or(line);
    if line.contains("Traceback (most recent call last)") || line.starts_with("Caused by") {
        return None;
    }
    let name = line.split(':').next()?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    is_name.then(|| line.trim_end().to_string())
}

/// Python shows the source line stripped of its indentation, after four
/// spaces, with the caret under it: the caret's column in the file.
fn caret_column(caret: &str, shown: &str, file: &Path, line: u32) -> u32 {
    let caret_at = caret.find(['^', '~']).unwrap_or(0);
    let shown_indent = shown.len() - shown.trim_start().len();
    let original_indent = std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            let source = text
                .lines()
                .nth(line.saturating_sub(1) as usize)?
                .to_string();
            Some(source.chars().take_while(|c| c.is_whitespace()).count())
        })
        .unwrap_or(0);
    let within = caret_at.saturating_sub(shown_indent);
    u32::try_from(original_indent + within + 1).unwrap_or(1)
}

/// The directories componentize-py searches for the app, in order: its
/// `-p` options, or the project's own.
pub(crate) fn python_path(args: &[String]) -> Vec<PathBuf> {
    let paths = words::option_values(args, &["-p", "--python-path"]);
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.into_iter().map(PathBuf::from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("wit")).unwrap();
        std::fs::write(
            dir.path().join("wit/w.wit"),
            "package a:b;\nworld w { export f: func() -> u8; }\nworld other { export g: func(); }\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("app.py"),
            "import wit_world\n\nclass WitWorld(wit_world.WitWorld):\n    def f(self):\n        return 1\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_task_in_pyproject_names_the_wit_world_app_and_output() {
        let dir = project_dir();
        std::fs::write(
            dir.path().join("pyproject.toml"),
            "[project]\nname = \"x\"\n\n[tool.poe.tasks]\nbuild = \"componentize-py -d wit -w w componentize app -o dist/x.wasm\"\n",
        )
        .unwrap();
        let guests = guests(dir.path());
        assert_eq!(guests.len(), 1);
        assert_eq!(guests[0].world, "a:b/w");
        let GuestKind::Python { app, output, .. } = &guests[0].kind else {
            panic!("a Python guest: {:?}", guests[0].kind);
        };
        assert_eq!(
            (app.as_str(), output.as_path()),
            ("app", Path::new("dist/x.wasm"))
        );
    }

    #[test]
    fn a_makefile_recipe_is_read_too_and_a_dependency_alone_needs_one_world() {
        let dir = project_dir();
        std::fs::write(
            dir.path().join("Makefile"),
            "build:\n\tmkdir -p out && componentize-py --wit-path wit --world other componentize app --output out/g.wasm\n",
        )
        .unwrap();
        assert_eq!(guests(dir.path())[0].world, "a:b/other");

        std::fs::remove_file(dir.path().join("Makefile")).unwrap();
        std::fs::write(
            dir.path().join("requirements.txt"),
            "componentize-py==0.25.1\n",
        )
        .unwrap();
        // Two worlds and no `-w`: componentize-py could not pick, nor can we.
        assert!(guests(dir.path()).is_empty());
        std::fs::write(
            dir.path().join("wit/w.wit"),
            "package a:b;\nworld w { export f: func() -> u8; }\n",
        )
        .unwrap();
        assert_eq!(guests(dir.path())[0].world, "a:b/w");
        let BuildError::ToolMissing { install, .. } = missing(dir.path()) else {
            panic!("a missing tool");
        };
        assert!(
            install.ends_with(
                "run: python3 -m venv .venv && .venv/bin/pip install componentize-py==0.25.1"
            ),
            "{install}"
        );
    }

    #[test]
    fn a_traceback_is_placed_at_the_innermost_frame_of_the_project() {
        let dir = project_dir();
        std::fs::write(dir.path().join("shop.py"), "x = 1\nimport nowhere\n").unwrap();
        let output = r#"Traceback (most recent call last):
  File "/p/.venv/bin/componentize-py", line 8, in <module>
    sys.exit(script())
             ^^^^^^^^
AssertionError: Traceback (most recent call last):
  File "/0/app.py", line 1, in <module>
    import shop
  File "/0/shop.py", line 2, in <module>
    import nowhere
  File "/python/importlib/__init__.py", line 90, in import_module
    return _bootstrap._gcd_import(name[level:], package, level)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
ModuleNotFoundError: No module named 'nowhere'


Caused by:
    ModuleNotFoundError: No module named 'nowhere'"#;
        let lines: Vec<String> = output.lines().map(str::to_string).collect();
        let found = diagnostics(&lines, dir.path(), &[PathBuf::from(".")]);
        assert_eq!(
            found,
            [BuildDiagnostic {
                file: dir.path().join("shop.py"),
                line: 2,
                column: 1,
                severity: Severity::Error,
                message: "ModuleNotFoundError: No module named 'nowhere'".into(),
            }]
        );
    }

    #[test]
    fn a_syntax_error_is_placed_under_its_caret() {
        let dir = project_dir();
        std::fs::write(
            dir.path().join("app.py"),
            "class A:\n    def broken(:\n        pass\n",
        )
        .unwrap();
        let output = "AssertionError:   File \"/0/app.py\", line 2\n    def broken(:\n               ^\nSyntaxError: invalid syntax\n";
        let lines: Vec<String> = output.lines().map(str::to_string).collect();
        let found = diagnostics(&lines, dir.path(), &[PathBuf::from(".")]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (2, 16));
        assert_eq!(found[0].message, "SyntaxError: invalid syntax");
    }
}
