//! JavaScript guests: a `package.json` whose scripts or dependencies use
//! `@bytecodealliance/jco` (`jco componentize`) or
//! `@bytecodealliance/componentize-js`. The build runs the project's own
//! toolchain from its `node_modules` (installed first with `npm ci` when it
//! is missing), never one on `PATH`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde_json::Value;

use super::diagnostics::{BuildDiagnostic, Severity};
use super::{BuildError, GuestKind, GuestProject, process, words, world};

/// The two tools that turn a JS module into a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsTool {
    /// `jco componentize` (which calls componentize-js).
    Jco,
    /// `componentize-js` itself.
    ComponentizeJs,
}

impl JsTool {
    /// Its executable in `node_modules/.bin`.
    pub fn bin(self) -> &'static str {
        match self {
            JsTool::Jco => "jco",
            JsTool::ComponentizeJs => "componentize-js",
        }
    }

    pub fn package(self) -> &'static str {
        match self {
            JsTool::Jco => "@bytecodealliance/jco",
            JsTool::ComponentizeJs => "@bytecodealliance/componentize-js",
        }
    }
}

/// Options of `componentize-js` and `jco componentize` that take a value.
const VALUED: &[&str] = &[
    "-w",
    "--wit",
    "-n",
    "--world-name",
    "-o",
    "--out",
    "--engine",
    "--preview2-adapter",
    "--runtime-args",
    "--wizer-bin",
    "--weval-bin",
    "--aot-cache-dir",
    "--aot-min-stack-size",
    "-d",
    "--disable",
];

/// The JS guests `dir/package.json` describes: one per script that runs a
/// componentizer, or, with none, one from the defaults when a componentizer
/// is a dependency (`main` or `src/index.js`, the `wit/` folder beside it,
/// `dist/<name>.wasm`).
pub(crate) fn guests(dir: &Path) -> Vec<GuestProject> {
    let Some(package) = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let scripts = package.get("scripts").and_then(Value::as_object);
    for (name, script) in scripts.into_iter().flatten() {
        let Some(script) = script.as_str() else {
            continue;
        };
        for command in words::commands(script) {
            if let Some(guest) = from_command(dir, Some(name), &command) {
                found.push(guest);
            }
        }
    }
    // One `build` script that runs a componentizer is what a user means by
    // "build"; other scripts (a `watch`, a second world) follow it.
    found.sort_by_key(
        |g| !matches!(&g.kind, GuestKind::JavaScript { script: Some(s), .. } if s == "build"),
    );
    if found.is_empty()
        && let Some(tool) = dependency_tool(&package)
    {
        found.extend(from_defaults(dir, &package, tool));
    }
    found
}

fn dependency_tool(package: &Value) -> Option<JsTool> {
    let has = |name: &str| {
        ["dependencies", "devDependencies"]
            .iter()
            .any(|table| package.get(table).and_then(|t| t.get(name)).is_some())
    };
    if has(JsTool::ComponentizeJs.package()) {
        Some(JsTool::ComponentizeJs)
    } else if has(JsTool::Jco.package()) {
        Some(JsTool::Jco)
    } else {
        None
    }
}

/// A guest from one command of a script, when it runs a componentizer.
fn from_command(dir: &Path, script: Option<&str>, command: &[String]) -> Option<GuestProject> {
    let (tool, args) = command.iter().enumerate().find_map(|(i, word)| {
        if words::runs(word, "componentize-js") {
            Some((JsTool::ComponentizeJs, &command[i + 1..]))
        } else if words::runs(word, "jco")
            && command.get(i + 1).is_some_and(|w| w == "componentize")
        {
            Some((JsTool::Jco, &command[i + 2..]))
        } else {
            None
        }
    })?;
    let source = words::positionals(args, VALUED).into_iter().next()?;
    let wit = words::option_values(args, &["-w", "--wit"])
        .pop()
        .unwrap_or_else(|| "wit".into());
    let output = words::option_values(args, &["-o", "--out"])
        .pop()
        .unwrap_or_else(|| "out.wasm".into());
    let world_name = words::option_values(args, &["-n", "--world-name"]).pop();
    project(
        dir,
        tool,
        script.map(str::to_string),
        source.into(),
        wit.into(),
        world_name,
        output.into(),
    )
}

fn from_defaults(dir: &Path, package: &Value, tool: JsTool) -> Option<GuestProject> {
    let main = package.get("main").and_then(Value::as_str);
    let source = main
        .map(PathBuf::from)
        .into_iter()
        .chain(["src/index.js", "index.js", "src/app.js", "app.js"].map(PathBuf::from))
        .find(|candidate| dir.join(candidate).is_file())?;
    let name = package
        .get("name")
        .and_then(Value::as_str)
        .map(|n| n.rsplit('/').next().unwrap_or(n).to_string())
        .unwrap_or_else(|| "component".into());
    let output = PathBuf::from("dist").join(format!("{name}.wasm"));
    project(dir, tool, None, source, "wit".into(), None, output)
}

fn project(
    dir: &Path,
    tool: JsTool,
    script: Option<String>,
    source: PathBuf,
    wit: PathBuf,
    world_name: Option<String>,
    output: PathBuf,
) -> Option<GuestProject> {
    let wit_dir = dir.join(&wit);
    let world = match world_name {
        Some(name) => world::qualify(&wit_dir, &name).unwrap_or(name),
        None => world::default_world(&wit_dir)?,
    };
    Some(GuestProject {
        world,
        dir: dir.to_path_buf(),
        kind: GuestKind::JavaScript {
            tool,
            script,
            source,
            wit,
            output,
        },
        wit_dir: wit_dir.exists().then_some(wit_dir),
    })
}

/// What the build runs: the script through npm (which puts the project's
/// `node_modules/.bin` first on `PATH`), or the tool itself from there.
pub(crate) fn command_line(
    dir: &Path,
    tool: JsTool,
    script: Option<&str>,
    source: &Path,
    wit: &Path,
    world: &str,
    output: &Path,
) -> Vec<String> {
    if let Some(script) = script {
        return vec!["npm".into(), "run".into(), script.into()];
    }
    let bin = dir.join("node_modules/.bin").join(tool.bin());
    // The build runs in `dir`: a relative path would be looked up there.
    let bin = std::path::absolute(&bin).unwrap_or(bin);
    let mut command = vec![bin.to_string_lossy().into_owned()];
    if tool == JsTool::Jco {
        command.push("componentize".into());
    }
    let name = world.rsplit('/').next().unwrap_or(world);
    let name = name.split('@').next().unwrap_or(name);
    command.extend([
        source.to_string_lossy().into_owned(),
        "--wit".into(),
        wit.to_string_lossy().into_owned(),
        "--world-name".into(),
        name.into(),
        "-o".into(),
        output.to_string_lossy().into_owned(),
    ]);
    command
}

/// Makes sure the project's own toolchain is installed: runs `npm ci` (or
/// `npm install` without a lock file) when `node_modules/.bin/TOOL` is
/// missing, its output streamed like the build's.
pub(crate) fn prepare(
    dir: &Path,
    tool: JsTool,
    on_line: &mut dyn FnMut(&str),
    cancel: &AtomicBool,
) -> Result<(), BuildError> {
    let bin = dir.join("node_modules/.bin").join(tool.bin());
    if bin.exists() {
        return Ok(());
    }
    if words::on_path("npm").is_none() {
        return Err(BuildError::ToolMissing {
            tool: "npm".into(),
            why: format!(
                "the JavaScript guest in {} installs its toolchain with npm",
                dir.display()
            ),
            install: "install Node.js 20 or later, which comes with npm".into(),
        });
    }
    let install: Vec<String> = if dir.join("package-lock.json").is_file() {
        ["npm", "ci", "--no-audit", "--no-fund"]
    } else {
        ["npm", "install", "--no-audit", "--no-fund"]
    }
    .map(str::to_string)
    .to_vec();
    on_line(&format!(
        "wit-analyzer: {} is missing; installing the project's toolchain: {}",
        Path::new("node_modules/.bin").join(tool.bin()).display(),
        install.join(" ")
    ));
    let status = process::run_streaming(&install, dir, on_line, cancel)?;
    if !status.success() {
        return Err(BuildError::Failed {
            command: install.join(" "),
            status: status.to_string(),
            diagnostics: Vec::new(),
        });
    }
    if bin.exists() {
        Ok(())
    } else {
        Err(BuildError::ToolMissing {
            tool: tool.bin().into(),
            why: format!(
                "{} has no {} after `{}`",
                dir.join("node_modules/.bin").display(),
                tool.bin(),
                install.join(" ")
            ),
            install: format!("npm install --save-dev {}", tool.package()),
        })
    }
}

/// Errors the componentizer printed with a place: a module that threw
/// while it was first evaluated (`src/app.js:10:21 SyntaxError: …`, from
/// Wizer's initialization), or a frame of a stack (`@src/app.js:10:21`).
pub(crate) fn diagnostics(lines: &[String], dir: &Path) -> Vec<BuildDiagnostic> {
    let mut found = Vec::new();
    for line in lines {
        let Some((location, message)) = line.split_once(' ') else {
            continue;
        };
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        if let Some((file, line, column)) = script_location(location) {
            found.push(BuildDiagnostic {
                file: absolute(dir, &file),
                line,
                column,
                severity: Severity::Error,
                message: message.trim().to_string(),
            });
        }
    }
    found
}

/// `src/app.js:10:21` when the file is a script.
fn script_location(text: &str) -> Option<(PathBuf, u32, u32)> {
    let mut parts = text.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    let script = [".js", ".mjs", ".cjs", ".ts", ".mts"]
        .iter()
        .any(|ext| file.ends_with(ext));
    (script && !file.contains("node_modules") && !file.starts_with("file:"))
        .then(|| (PathBuf::from(file), line, column))
}

fn absolute(dir: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        dir.join(file)
    }
}

/// componentize-js 0.23 stops at a syntax error with only "failed to parse
/// JS source, encountered [N] errors". Whether this output says so.
pub(crate) fn reports_unlocated_parse_errors(lines: &[String]) -> bool {
    lines
        .iter()
        .any(|l| l.contains("failed to parse JS source, encountered"))
}

/// Where the parse errors are: the same parser componentize-js uses
/// (oxc-parser, from the project's `node_modules`) asked again, one
/// `file:line:column: message` line per error.
const LOCATE_PARSE_ERRORS: &str = r#"
const { createRequire } = require("node:module");
const { readFileSync } = require("node:fs");
const [source, from] = process.argv.slice(1);
const oxc = createRequire(from)("oxc-parser");
for (const error of oxc.parseSync(source, readFileSync(source, "utf8")).errors) {
  const frame = /\[(?:.*):(\d+):(\d+)\]/.exec(error.codeframe || "");
  const [line, column] = frame ? [frame[1], frame[2]] : [1, 1];
  console.log(`${source}:${line}:${column}: ${error.message}`);
}
"#;

/// The syntax errors of `source`, from `node` and the project's oxc-parser;
/// the lines are streamed to `on_line` too. None when that cannot be asked.
pub(crate) fn locate_parse_errors(
    dir: &Path,
    source: &Path,
    on_line: &mut dyn FnMut(&str),
    cancel: &AtomicBool,
) -> Vec<BuildDiagnostic> {
    let Some(from) = ["@bytecodealliance/componentize-js", "@bytecodealliance/jco"]
        .iter()
        .map(|p| dir.join("node_modules").join(p).join("package.json"))
        .find(|p| p.is_file())
    else {
        return Vec::new();
    };
    // Node's createRequire takes an absolute path only.
    let Ok(from) = std::path::absolute(&from) else {
        return Vec::new();
    };
    let command = vec![
        "node".to_string(),
        "-e".into(),
        LOCATE_PARSE_ERRORS.into(),
        source.to_string_lossy().into_owned(),
        from.to_string_lossy().into_owned(),
    ];
    let mut lines = Vec::new();
    let status = process::run_streaming(
        &command,
        dir,
        &mut |line| {
            on_line(line);
            lines.push(line.to_string());
        },
        cancel,
    );
    if !status.is_ok_and(|s| s.success()) {
        return Vec::new();
    }
    lines
        .iter()
        .filter_map(|line| {
            let (location, message) = line.split_once(": ")?;
            let (file, line, column) = script_location(location)?;
            Some(BuildDiagnostic {
                file: absolute(dir, &file),
                line,
                column,
                severity: Severity::Error,
                message: format!("SyntaxError: {message}"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(dir: &Path, json: &str) {
        std::fs::write(dir.join("package.json"), json).unwrap();
    }

    fn wit(dir: &Path) {
        std::fs::create_dir_all(dir.join("wit")).unwrap();
        std::fs::write(
            dir.join("wit/w.wit"),
            "package a:b;\nworld w { export f: func() -> u8; }\nworld other { export g: func(); }\n",
        )
        .unwrap();
    }

    #[test]
    fn a_build_script_names_the_tool_source_wit_world_and_output() {
        let dir = tempfile::tempdir().unwrap();
        wit(dir.path());
        package(
            dir.path(),
            r#"{"scripts": {"test": "node t.js", "build": "mkdir -p dist && jco componentize src/app.js --wit wit --world-name w -o dist/app.wasm"}}"#,
        );
        let guests = guests(dir.path());
        assert_eq!(guests.len(), 1);
        assert_eq!(guests[0].world, "a:b/w");
        assert_eq!(
            guests[0].kind,
            GuestKind::JavaScript {
                tool: JsTool::Jco,
                script: Some("build".into()),
                source: "src/app.js".into(),
                wit: "wit".into(),
                output: "dist/app.wasm".into(),
            }
        );
        assert_eq!(guests[0].command_line(), ["npm", "run", "build"]);
    }

    #[test]
    fn a_dependency_alone_builds_main_with_the_wit_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("wit")).unwrap();
        std::fs::write(
            dir.path().join("wit/w.wit"),
            "package a:b;\nworld w { export f: func() -> u8; }\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("index.js"),
            "export function f() { return 1; }",
        )
        .unwrap();
        package(
            dir.path(),
            r#"{"name": "@acme/app", "devDependencies": {"@bytecodealliance/componentize-js": "0.23.0"}}"#,
        );
        let guests = guests(dir.path());
        assert_eq!(guests.len(), 1);
        assert_eq!(guests[0].world, "a:b/w");
        let command = guests[0].command_line();
        assert!(command[0].ends_with("node_modules/.bin/componentize-js"));
        assert_eq!(
            command[1..],
            [
                "index.js",
                "--wit",
                "wit",
                "--world-name",
                "w",
                "-o",
                "dist/app.wasm"
            ]
        );
    }

    #[test]
    fn a_package_without_a_componentizer_is_no_guest() {
        let dir = tempfile::tempdir().unwrap();
        wit(dir.path());
        package(
            dir.path(),
            r#"{"scripts": {"build": "tsc"}, "devDependencies": {"typescript": "5"}}"#,
        );
        assert!(guests(dir.path()).is_empty());
    }

    #[test]
    fn a_top_level_exception_is_placed_at_its_line() {
        let lines: Vec<String> = [
            "Error: Failed to initialize component (wizer (/p/node_modules/x/wizer)):",
            "Exception while evaluating top-level script",
            "src/guest.js:10:21 SyntaxError: JSON.parse: end of data",
            "Stack:",
            "  @src/guest.js:10:21",
            "    at componentize (file:///p/node_modules/@bytecodealliance/componentize-js/src/componentize.js:365:11)",
        ]
        .map(str::to_string)
        .to_vec();
        let found = diagnostics(&lines, Path::new("/p"));
        assert_eq!(
            found,
            [BuildDiagnostic {
                file: "/p/src/guest.js".into(),
                line: 10,
                column: 21,
                severity: Severity::Error,
                message: "SyntaxError: JSON.parse: end of data".into(),
            }]
        );
    }
}
