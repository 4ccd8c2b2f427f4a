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
            // What the tool started (cargo's rustc jobs) goes with it, so
            // that Cancel stops the build at once rather than when those
            // jobs are done. The readers are not waited for: a process
            // that escaped may hold the pipes open.
            let tree = descendants(child.id());
            let _ = child.kill();
            for pid in tree {
                kill(pid);
            }
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

/// Every process below `root`, children before their own children, from
/// the parent ids in `/proc`; none where there is no `/proc`.
fn descendants(root: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let parents: Vec<(u32, u32)> = entries
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // `pid (name) state ppid …`; the name may hold spaces and parentheses.
            let after_name = &stat[stat.rfind(')')? + 1..];
            let ppid = after_name.split_whitespace().nth(1)?.parse().ok()?;
            Some((pid, ppid))
        })
        .collect();
    let mut found = vec![root];
    let mut next = 0;
    while next < found.len() {
        let parent = found[next];
        found.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        next += 1;
    }
    found.remove(0);
    found
}

fn kill(pid: u32) {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return;
    };
    // SAFETY: kill(2) takes any pid and signal; a pid that is gone is ESRCH.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}
