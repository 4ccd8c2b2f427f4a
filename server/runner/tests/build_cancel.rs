//! A build can be stopped while it runs.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use runner::build::{self, BuildError};

#[test]
fn setting_the_flag_kills_the_build_tool() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(
        root.path().join("wit-analyzer.toml"),
        "[[build]]\nworld = \"acme:slow/app\"\ncommand = [\"sh\", \"-c\", \"echo started; exec sleep 30\"]\noutput = \"app.wasm\"\n",
    )
    .unwrap();
    let guest = build::find_guest("acme:slow/app", root.path()).unwrap();
    let cancel = AtomicBool::new(false);
    let start = Instant::now();
    let mut lines = Vec::new();
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(300));
            cancel.store(true, Ordering::Relaxed);
        });
        build::build_cancellable(&guest, &mut |line| lines.push(line.to_string()), &cancel)
    });
    assert!(matches!(result, Err(BuildError::Cancelled)), "{result:?}");
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "stopped after {:?}",
        start.elapsed()
    );
    assert_eq!(lines, ["started"]);
}

#[test]
fn what_the_build_tool_started_is_killed_with_it() {
    let root = tempfile::tempdir().unwrap();
    // A tool that starts a long job and waits for it, as cargo does rustc.
    std::fs::write(
        root.path().join("wit-analyzer.toml"),
        "[[build]]\nworld = \"acme:slow/app\"\ncommand = [\"sh\", \"-c\", \"sleep 30 & echo $! > job.pid; echo started; wait\"]\noutput = \"app.wasm\"\n",
    )
    .unwrap();
    let guest = build::find_guest("acme:slow/app", root.path()).unwrap();
    let cancel = AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            std::thread::sleep(Duration::from_millis(300));
            cancel.store(true, Ordering::Relaxed);
        });
        build::build_cancellable(&guest, &mut |_| {}, &cancel)
    });
    assert!(matches!(result, Err(BuildError::Cancelled)), "{result:?}");
    let job = std::fs::read_to_string(root.path().join("job.pid")).unwrap();
    let stat = std::path::Path::new("/proc").join(job.trim()).join("stat");
    // Killed, it is gone or a zombie until whoever adopted it reaps it.
    let running = |stat: &std::path::Path| {
        std::fs::read_to_string(stat)
            .map(|s| !s[s.rfind(')').unwrap() + 1..].trim_start().starts_with('Z'))
            .unwrap_or(false)
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    while running(&stat) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!running(&stat), "the job the tool started still runs");
}
