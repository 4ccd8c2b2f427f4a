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
