//! Components made here from WAT and WIT: their WIT, their lists, and the
//! inputs that are not components.

use crate::file_system::OsFileSystem;
use std::path::{Path, PathBuf};

use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::Resolve;

use super::*;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A component of world `world` in `wit`, over a core module in WAT.
fn component(wit: &str, world: &str, module_wat: &str) -> Vec<u8> {
    let mut resolve = Resolve::new();
    let package = resolve.push_str("test.wit", wit).unwrap();
    let world = resolve.select_world(&[package], Some(world)).unwrap();
    encode(&resolve, world, wat::parse_str(module_wat).unwrap())
}

/// `module` with `world` embedded, as a validated component.
fn encode(resolve: &Resolve, world: wit_parser::WorldId, mut module: Vec<u8>) -> Vec<u8> {
    wit_component::embed_component_metadata(
        &mut module,
        resolve,
        world,
        StringEncoding::UTF8,
        false,
    )
    .unwrap();
    ComponentEncoder::default()
        .module(&module)
        .unwrap()
        .validate(true)
        .encode()
        .unwrap()
}

/// The runner's WAT guest over world `demo:guest/fixture` of the samples.
fn fixture_component() -> Vec<u8> {
    let mut resolve = Resolve::new();
    let (package, _) = resolve
        .push_path(repo_root().join("wit-samples/guest-rust/wit"))
        .unwrap();
    let world = resolve.select_world(&[package], Some("fixture")).unwrap();
    let module =
        wat::parse_file(repo_root().join("server/runner/tests/fixtures/fixture.wat")).unwrap();
    encode(&resolve, world, module)
}

const IMPORTS_AND_EXPORTS: &str = "package t:app@1.0.0;
interface log { write: func(line: string); }
interface api { record pair { a: u32, b: u32 } sum: func(p: pair) -> u32; }
world app { import log; import now: func() -> u64; export api; export run: func(); }";

const IMPORTS_AND_EXPORTS_MODULE: &str = r#"(module
  (import "t:app/log@1.0.0" "write" (func (param i32 i32)))
  (import "$root" "now" (func (result i64)))
  (memory (export "memory") 1)
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) i32.const 8)
  (func (export "t:app/api@1.0.0#sum") (param i32 i32) (result i32) i32.const 0)
  (func (export "run"))
)"#;

#[test]
fn lists_name_interfaces_in_full_and_functions_plainly() {
    let decoded = component_wit(&component(
        IMPORTS_AND_EXPORTS,
        "app",
        IMPORTS_AND_EXPORTS_MODULE,
    ))
    .unwrap();
    assert_eq!(decoded.imports, ["t:app/log@1.0.0", "now"]);
    // In the order of the binary, which puts functions first.
    assert_eq!(decoded.exports, ["run", "t:app/api@1.0.0"]);
    assert_eq!(decoded.world, "root:component/root");
    assert!(decoded.formatted);
}

#[test]
fn the_wit_is_formatted_and_parses_on_its_own() {
    let decoded = component_wit(&component(
        IMPORTS_AND_EXPORTS,
        "app",
        IMPORTS_AND_EXPORTS_MODULE,
    ))
    .unwrap();
    expect_test::expect![[r#"
        package root:component;

        world root {
          import t:app/log@1.0.0;
          import now: func() -> u64;

          export run: func();
          export t:app/api@1.0.0;
        }

        package t:app@1.0.0 {
          interface log {
            write: func(line: string);
          }

          interface api {
            record pair {
              a: u32,
              b: u32,
            }

            sum: func(p: pair) -> u32;
          }
        }
    "#]]
    .assert_eq(&decoded.wit);
    assert_eq!(crate::format::format(&decoded.wit).unwrap(), decoded.wit);
    let mut resolve = Resolve::new();
    resolve.push_str("printed.wit", &decoded.wit).unwrap();
}

#[test]
fn the_fixture_component_exports_its_world() {
    let bytes = fixture_component();
    let decoded = component_wit(&bytes).unwrap();
    assert_eq!(
        decoded.exports,
        ["demo:guest/echo@0.1.0", "demo:guest/misbehave@0.1.0"]
    );
    assert!(decoded.imports.is_empty(), "{:?}", decoded.imports);
    assert_eq!(decoded.size, bytes.len() as u64);
    assert!(
        decoded
            .wit
            .contains("echo-point: func(v: point, pad: pad) -> point;"),
        "{}",
        decoded.wit
    );
    // wit-component marks what it made the component with.
    let processed_by = decoded
        .producers
        .get("processed-by")
        .expect("a processed-by field");
    assert!(
        processed_by.iter().any(|(name, _)| name == "wit-component"),
        "{processed_by:?}"
    );
}

#[test]
fn producers_merge_every_section_at_any_depth() {
    let wat = r#"(component
      (core module
        (@producers (language "Rust" "") (processed-by "rustc" "1.0")))
      (@producers (processed-by "rustc" "1.0") (processed-by "tool" "2") (sdk "kit" "3")))"#;
    let decoded = component_wit(wat.as_bytes()).unwrap();
    let fields: Vec<(&str, Vec<(&str, &str)>)> = decoded
        .producers
        .fields
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.values
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("language", vec![("Rust", "")]),
            ("processed-by", vec![("rustc", "1.0"), ("tool", "2")]),
            ("sdk", vec![("kit", "3")]),
        ]
    );
}

#[test]
fn text_input_is_read_as_webassembly_text() {
    let decoded = component_wit(b"  ;; empty\n(component)").unwrap();
    assert!(decoded.imports.is_empty() && decoded.exports.is_empty());
    assert!(
        decoded.wit.starts_with("package root:component;\n"),
        "{}",
        decoded.wit
    );
    let error = component_wit(b"(component (import \"x\"))").unwrap_err();
    assert!(matches!(error, ComponentError::InvalidText(_)), "{error:?}");
}

#[test]
fn what_is_not_a_component_says_what_it_is() {
    let module = wat::parse_str("(module)").unwrap();
    assert_eq!(component_wit(&module), Err(ComponentError::CoreModule));
    assert_eq!(component_wit(b"(module)"), Err(ComponentError::CoreModule));
    assert!(
        component_wit(&module)
            .unwrap_err()
            .to_string()
            .contains("core WebAssembly module, not a component")
    );

    assert_eq!(
        component_wit(b"\x7fELF\x02\x01"),
        Err(ComponentError::NotWasm)
    );
    assert_eq!(component_wit(b""), Err(ComponentError::NotWasm));

    let mut truncated = fixture_component();
    truncated.truncate(truncated.len() / 2);
    let error = component_wit(&truncated).unwrap_err();
    assert!(matches!(error, ComponentError::Invalid(_)), "{error:?}");

    let mut resolve = Resolve::new();
    let package = resolve.push_str("test.wit", IMPORTS_AND_EXPORTS).unwrap();
    let encoded = wit_component::encode(&resolve, package, false).unwrap();
    let error = component_wit(&encoded).unwrap_err();
    assert_eq!(
        error.to_string(),
        "is a binary WIT package (t:app@1.0.0), not a component; it declares interface log, interface api, world app"
    );
}

#[test]
fn files_that_cannot_be_read_are_refused_by_kind() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        read_component(&OsFileSystem, dir.path()),
        Err(ComponentError::Directory)
    );
    let error = read_component(&OsFileSystem, &dir.path().join("missing.wasm")).unwrap_err();
    assert!(
        matches!(error, ComponentError::Read(FileError::Io(_))),
        "{error:?}"
    );

    let fifo = dir.path().join("fifo.wasm");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    assert_eq!(
        read_component(&OsFileSystem, &fifo),
        Err(ComponentError::Read(FileError::NotRegular))
    );

    let large = dir.path().join("large.wasm");
    let file = std::fs::File::create(&large).unwrap();
    file.set_len(MAX_COMPONENT_BYTES + 1).unwrap();
    let error = read_component(&OsFileSystem, &large).unwrap_err();
    assert!(
        matches!(error, ComponentError::Read(FileError::TooLarge { .. })),
        "{error:?}"
    );
    assert!(error.to_string().contains("at most 64 MiB"), "{error}");

    let path = dir.path().join("fixture.wasm");
    std::fs::write(&path, fixture_component()).unwrap();
    assert_eq!(
        read_component(&OsFileSystem, &path).unwrap().exports.len(),
        2
    );
}
