//! `wit-analyzer run` as a user runs it: a separate process, exit codes,
//! stdout and stderr.

mod common;

use std::path::Path;
use std::process::Output;

use common::{assert_stderr_contains, text};

fn wit_analyzer(args: &[&str], cache: &Path) -> Output {
    common::command()
        .arg("run")
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("wit-analyzer starts")
}

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("fixture.wasm"), common::wat_component()).unwrap();
        Self { dir }
    }

    fn component(&self) -> String {
        self.dir
            .path()
            .join("fixture.wasm")
            .to_string_lossy()
            .into_owned()
    }

    fn run(&self, args: &[&str]) -> Output {
        wit_analyzer(args, &self.dir.path().join("cache"))
    }
}

#[test]
fn prints_the_result_in_wave_and_exits_0() {
    let fixture = Fixture::new();
    let out = fixture.run(&[
        &fixture.component(),
        r#"echo-point({x: 1, y: -2, label: "ü\n"})"#,
    ]);
    assert_eq!(
        text(&out.stdout),
        "{x: 1, y: -2, label: \"ü\\n\"}\n",
        "stderr: {}",
        text(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_wave_error_points_at_the_argument_and_exits_1() {
    let fixture = Fixture::new();
    let out = fixture.run(&[&fixture.component(), "echo-u8(300)"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("<call>:1:9") && stderr.contains("^^^"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_trap_prints_a_backtrace_and_exits_1() {
    let fixture = Fixture::new();
    let out = fixture.run(&[&fixture.component(), "crash()"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("unreachable") && stderr.contains("wasm backtrace"),
        "{stderr}"
    );
    assert!(stderr.contains("crash_deeper"), "{stderr}");
}

#[test]
fn timeouts_and_memory_limits_exit_1_with_the_limit_named() {
    let fixture = Fixture::new();
    let out = fixture.run(&["--timeout", "200ms", &fixture.component(), "spin()"]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "within 200ms");

    let out = fixture.run(&["--max-memory", "4MiB", &fixture.component(), "hog()"]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "limit is 4.0 MiB");
}

#[test]
fn usage_errors_exit_2() {
    let fixture = Fixture::new();
    assert_eq!(
        fixture.run(&[&fixture.component()]).status.code(),
        Some(2),
        "a call is required"
    );
    let out = fixture.run(&["--timeout", "soon", &fixture.component(), "spin()"]);
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_contains(&out, "soon");
}

#[test]
fn a_missing_file_is_named() {
    let fixture = Fixture::new();
    let out = fixture.run(&["/no/such/guest.wasm", "f()"]);
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "/no/such/guest.wasm");
}

#[test]
fn list_prints_signatures_and_templates() {
    let fixture = Fixture::new();
    let out = fixture.run(&["--list", &fixture.component()]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("demo:guest/misbehave@0.1.0.spin()\n    demo:guest/misbehave@0.1.0.spin()\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("demo:guest/echo@0.1.0.echo-color(v: enum { red, green, blue }, pad: "),
        "{stdout}"
    );
}

#[test]
fn the_second_process_loads_from_the_disk_cache() {
    let fixture = Fixture::new();
    let first = fixture.run(&["--timings", &fixture.component(), "echo-u8(1)"]);
    assert_stderr_contains(&first, "(compiled)");
    let second = fixture.run(&["--timings", &fixture.component(), "echo-u8(1)"]);
    assert_stderr_contains(&second, "(from the disk cache)");
    assert_eq!(text(&second.stdout), "1\n");
}

#[test]
fn guest_stdout_comes_before_the_result_and_dirs_are_granted_only_on_request() {
    let guest = common::rust_guest();
    let guest = guest.to_str().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let out = wit_analyzer(&[guest, r#"greet("world")"#], cache.path());
    assert_eq!(text(&out.stdout), "greeting world\n\"Hello, world!\"\n");

    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("note.txt"), "hi").unwrap();
    let out = wit_analyzer(&[guest, r#"read-file("/data/note.txt")"#], cache.path());
    assert!(
        text(&out.stdout).starts_with("err("),
        "{}",
        text(&out.stdout)
    );
    let grant = format!("{}::/data", data.path().display());
    let out = wit_analyzer(
        &["--dir", &grant, guest, r#"read-file("/data/note.txt")"#],
        cache.path(),
    );
    assert_eq!(text(&out.stdout), "ok(\"hi\")\n");
}

#[test]
fn several_calls_share_one_instance_so_resource_handles_pass_between_them() {
    let guest = common::rust_guest();
    let cache = tempfile::tempdir().unwrap();
    let add =
        r#"[method]cart.add(1, {name: "tea", price: {cents: 250, currency: "EUR"}, quantity: 2})"#;
    let out = wit_analyzer(
        &[
            guest.to_str().unwrap(),
            r#"[constructor]cart("EUR")"#,
            add,
            "[method]cart.total(1)",
        ],
        cache.path(),
    );
    assert_eq!(
        text(&out.stdout),
        "1\n()\n{cents: 500, currency: \"EUR\"}\n",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_workspace_config_grants_directories_and_a_bad_one_is_named() {
    let guest = common::rust_guest();
    let workspace = tempfile::tempdir().unwrap();
    std::fs::create_dir(workspace.path().join("data")).unwrap();
    std::fs::write(workspace.path().join("data/note.txt"), "from config").unwrap();
    std::fs::write(
        workspace.path().join("wit-analyzer.toml"),
        "[run]\ndirs = [\"data::/data\"]\n",
    )
    .unwrap();
    let run = |workspace: &Path| {
        common::command()
            .args(["run", "--no-cache"])
            .arg(&guest)
            .arg(r#"read-file("/data/note.txt")"#)
            .current_dir(workspace)
            .output()
            .unwrap()
    };
    let out = run(workspace.path());
    assert_eq!(
        text(&out.stdout),
        "ok(\"from config\")\n",
        "{}",
        text(&out.stderr)
    );
    assert_stderr_contains(
        &out,
        "note: ./wit-analyzer.toml grants the guest directory /data (read-only) from",
    );

    std::fs::write(
        workspace.path().join("wit-analyzer.toml"),
        "[run]\nmax-memory = \"plenty\"\n",
    )
    .unwrap();
    let out = run(workspace.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("wit-analyzer.toml") && stderr.contains("max-memory"),
        "{stderr}"
    );
}

#[test]
fn async_exports_take_and_give_streams_and_futures() {
    let guest = common::async_guest();
    let cache = tempfile::tempdir().unwrap();
    let calls = [
        r#"shout("hi")"#,
        "sum([1, 2, 3])",
        "countdown(3)",
        "double(4)",
        r#"words("a b")"#,
    ];
    let mut args = vec![guest.to_str().unwrap()];
    args.extend(calls);
    let out = wit_analyzer(&args, cache.path());
    assert_eq!(
        text(&out.stdout),
        "[72, 73]\n6\n[3, 2, 1]\n8\n[\"a\", \"b\"]\n",
        "{}",
        text(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));

    let out = wit_analyzer(&["--list", guest.to_str().unwrap()], cache.path());
    assert!(text(&out.stdout).contains("async demo:streams/text@0.1.0.shout(input: stream<u8>) -> stream<u8>\n    demo:streams/text@0.1.0.shout(\"\")"), "{}", text(&out.stdout));

    let out = wit_analyzer(&[guest.to_str().unwrap(), "wait-forever()"], cache.path());
    assert_eq!(out.status.code(), Some(1));
    assert_stderr_contains(&out, "deadlock");
}
