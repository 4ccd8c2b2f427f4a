//! Running a build tool with its output streamed line by line.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;

use super::BuildError;

/// Runs `command` in `dir`, handing each line of stdout and stderr to
/// `on_line` in the order they arrive. The child never inherits our stdout,
/// which may be the LSP channel.
pub(crate) fn run_streaming(command: &[String], dir: &Path, on_line: &mut dyn FnMut(&str)) -> Result<ExitStatus, BuildError> {
    let (program, args) = command.split_first().ok_or_else(|| BuildError::Spawn {
        program: String::new(),
        message: "the build command is empty".into(),
    })?;
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| BuildError::Spawn { program: program.clone(), message: e.to_string() })?;

    let (send, receive) = mpsc::channel();
    let readers = [
        forward_lines(child.stdout.take().expect("piped"), send.clone()),
        forward_lines(child.stderr.take().expect("piped"), send),
    ];
    for line in receive {
        on_line(&line);
    }
    for reader in readers {
        let _ = reader.join();
    }
    child.wait().map_err(|e| BuildError::Spawn { program: program.clone(), message: e.to_string() })
}

fn forward_lines(stream: impl Read + Send + 'static, send: mpsc::Sender<String>) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    })
}
