//! Running a build tool with its output streamed line by line.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use super::BuildError;

/// How often a running build looks at its cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// Runs `command` in `dir`, handing each line of stdout and stderr to
/// `on_line` in the order they arrive. The child never inherits our stdout,
/// which may be the LSP channel. Setting `cancel` kills it.
pub(crate) fn run_streaming(
    command: &[String],
    dir: &Path,
    on_line: &mut dyn FnMut(&str),
    cancel: &AtomicBool,
) -> Result<ExitStatus, BuildError> {
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
        .map_err(|e| BuildError::Spawn {
            program: program.clone(),
            message: e.to_string(),
        })?;

    let (send, receive) = mpsc::channel();
    let readers = [
        forward_lines(child.stdout.take().expect("piped"), send.clone()),
        forward_lines(child.stderr.take().expect("piped"), send),
    ];
    loop {
        match receive.recv_timeout(CANCEL_POLL) {
            Ok(line) => on_line(&line),
            Err(RecvTimeoutError::Disconnected) => break,
            Err(RecvTimeoutError::Timeout) => {}
        }
        if cancel.load(Ordering::Relaxed) {
            // Only the tool itself is killed; what it started (cargo's
            // rustc jobs) ends on its own. Its pipes may stay open a while,
            // so the readers are not waited for.
            let _ = child.kill();
            let _ = child.wait();
            return Err(BuildError::Cancelled);
        }
    }
    for reader in readers {
        let _ = reader.join();
    }
    child.wait().map_err(|e| BuildError::Spawn {
        program: program.clone(),
        message: e.to_string(),
    })
}

fn forward_lines(
    stream: impl Read + Send + 'static,
    send: mpsc::Sender<String>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    })
}
