//! Composition of tiny WAT components: a root that imports `double` from
//! `demo:t/math` and exports `quad`, and plugs that export that interface
//! (or one of another type, or another name).

use crate::file_system::OsFileSystem;
use std::fs;
use std::path::{Path, PathBuf};

use super::wac::{self, Deps};
use super::*;

fn root_wat() -> &'static str {
    r#"(component
  (import "demo:t/math@0.1.0" (instance $math
    (export "double" (func (param "x" u32) (result u32)))))
  (alias export $math "double" (func $double))
  (core func $double-lowered (canon lower (func $double)))
  (core module $m
    (import "math" "double" (func $double (param i32) (result i32)))
    (func (export "quad") (param i32) (result i32)
      local.get 0
      call $double
      call $double))
  (core instance $math-core (export "double" (func $double-lowered)))
  (core instance $i (instantiate $m (with "math" (instance $math-core))))
  (func (export "quad") (param "x" u32) (result u32) (canon lift (core func $i "quad"))))"#
}

/// A plug exporting `name` with `double` over `ty` (`u32` fits the root).
fn plug_wat(name: &str, ty: &str) -> String {
    let core = if ty == "u64" { "i64" } else { "i32" };
    format!(
        r#"(component
  (core module $m
    (func (export "double") (param {core}) (result {core})
      local.get 0
      {core}.const 2
      {core}.mul))
  (core instance $i (instantiate $m))
  (func $double (param "x" {ty}) (result {ty}) (canon lift (core func $i "double")))
  (instance $math (export "double" (func $double)))
  (export "{name}" (instance $math)))"#
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    path
}

/// The imports and exports of the world wit-component decodes from `bytes`.
fn decoded(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let wit_component::DecodedWasm::Component(resolve, world) =
        wit_component::decode(bytes).expect("the composition decodes")
    else {
        panic!("not a component")
    };
    let world = &resolve.worlds[world];
    let names = |items: &wit_parser::IndexMap<wit_parser::WorldKey, wit_parser::WorldItem>| {
        items
            .keys()
            .map(|key| resolve.name_world_key(key))
            .collect::<Vec<_>>()
    };
    (names(&world.imports), names(&world.exports))
}

#[test]
fn a_plug_satisfies_the_import_of_its_name_and_the_root_exports_stay() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "root.wat", root_wat());
    let plug = write(
        dir.path(),
        "math.wat",
        &plug_wat("demo:t/math@0.1.0", "u32"),
    );
    let (composed, plugged) =
        super::plug(&OsFileSystem, &root, std::slice::from_ref(&plug)).unwrap();
    assert_eq!(composed.imports, Vec::<String>::new());
    assert_eq!(composed.exports, ["quad"]);
    assert_eq!(
        plugged,
        [Plugged {
            plug,
            imports: vec!["demo:t/math@0.1.0".into()]
        }]
    );
    assert_eq!(decoded(&composed.bytes), (vec![], vec!["quad".to_string()]));
}

#[test]
fn a_semver_compatible_export_plugs_too() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "root.wat", root_wat());
    let plug = write(
        dir.path(),
        "math.wat",
        &plug_wat("demo:t/math@0.1.3", "u32"),
    );
    let (composed, plugged) = super::plug(&OsFileSystem, &root, &[plug]).unwrap();
    assert!(composed.imports.is_empty(), "{:?}", composed.imports);
    assert_eq!(plugged[0].imports, ["demo:t/math@0.1.0"]);
}

#[test]
fn a_type_mismatch_names_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "root.wat", root_wat());
    let plug = write(
        dir.path(),
        "wide.wat",
        &plug_wat("demo:t/math@0.1.0", "u64"),
    );
    let error = super::plug(&OsFileSystem, &root, &[plug]).unwrap_err();
    assert!(matches!(error, PlugError::TypeMismatch { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "{0}: export `demo:t/math@0.1.0` does not match the import `demo:t/math@0.1.0` of {1} \
             (expected: what {1} imports; found: what {0} exports): ",
            dir.path().join("wide.wat").display(),
            root.display()
        )),
        "{message}"
    );
    // wac's reason says which types differ.
    assert!(
        message.ends_with("mismatched type for function parameter `x`: expected u32, found u64"),
        "{message}"
    );
}

#[test]
fn a_plug_that_plugs_nothing_is_refused_with_both_lists() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "root.wat", root_wat());
    let plug = write(
        dir.path(),
        "other.wat",
        &plug_wat("demo:t/other@0.1.0", "u32"),
    );
    let message = super::plug(&OsFileSystem, &root, std::slice::from_ref(&plug))
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        format!(
            "{}: plugs nothing into {}: it exports `demo:t/other@0.1.0`, and {} imports `demo:t/math@0.1.0`",
            plug.display(),
            root.display(),
            root.display()
        )
    );
}

#[test]
fn two_plugs_for_one_import_and_a_file_given_twice_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "root.wat", root_wat());
    let a = write(dir.path(), "a.wat", &plug_wat("demo:t/math@0.1.0", "u32"));
    let b = write(dir.path(), "b.wat", &plug_wat("demo:t/math@0.1.0", "u32"));
    let message = super::plug(&OsFileSystem, &root, &[a.clone(), b.clone()])
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        format!(
            "{}: `demo:t/math@0.1.0` is plugged already, by {}; plug one of them",
            b.display(),
            a.display()
        )
    );
    let twice = super::plug(&OsFileSystem, &root, &[a.clone(), a.clone()]).unwrap_err();
    assert_eq!(twice, PlugError::Twice { path: a });
}

#[test]
fn inputs_that_are_not_components_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = write(dir.path(), "root.wat", root_wat());
    let core = write(dir.path(), "core.wat", "(module)");
    let message = super::plug(&OsFileSystem, &root, std::slice::from_ref(&core))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with(&format!("{}: is a core WebAssembly module", core.display())),
        "{message}"
    );
    let missing = dir.path().join("missing.wasm");
    let message = super::plug(&OsFileSystem, &missing, &[core])
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with(&format!("{}: ", missing.display())),
        "{message}"
    );
}

const DOCUMENT: &str = r#"package demo:app;

let math = new demo:math { ... };
let root = new demo:root { "demo:t/math@0.1.0": math["demo:t/math@0.1.0"] };
export root.quad;
"#;

#[test]
fn a_document_composes_with_packages_from_its_deps_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deps/demo/root.wat", root_wat());
    write(
        dir.path(),
        "deps/demo/math.wat",
        &plug_wat("demo:t/math@0.1.0", "u32"),
    );
    let document = write(dir.path(), "app.wac", DOCUMENT);
    let composed = wac::compose(DOCUMENT, &Deps::beside(&document)).unwrap();
    assert!(composed.imports.is_empty(), "{:?}", composed.imports);
    assert_eq!(composed.exports, ["quad"]);
    assert_eq!(decoded(&composed.bytes), (vec![], vec!["quad".to_string()]));
    assert!(wac::check(DOCUMENT, &Deps::beside(&document)).is_empty());
}

#[test]
fn package_refs_skip_the_documents_own_package_and_split_versions() {
    let text = "package demo:app;\nimport m: demo:t/math@0.1.0;\nlet x = new demo:root { ... };\n";
    let refs = wac::package_refs(text);
    let shown: Vec<(&str, Option<&str>, Option<&str>, &str)> = refs
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.version.as_deref(),
                r.item.as_deref(),
                &text[r.range.clone()],
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("demo:t", Some("0.1.0"), Some("math"), "demo:t/math@0.1.0"),
            ("demo:root", None, None, "demo:root"),
        ]
    );
    assert_eq!(&text[refs[0].name_range.clone()], "demo:t");
}

#[test]
fn every_missing_package_is_an_error_where_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("app.wac");
    let errors = wac::check(DOCUMENT, &Deps::beside(&document));
    let shown: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (&DOCUMENT[e.range.clone().unwrap()], e.message.as_str()))
        .collect();
    assert_eq!(shown.len(), 2, "{errors:?}");
    assert_eq!(shown[0].0, "demo:math");
    assert_eq!(shown[1].0, "demo:root");
    let looked = dir.path().join("deps/demo/math.wasm");
    assert!(
        shown[0].1.starts_with(&format!(
            "unknown package `demo:math`: none of {}",
            looked.display()
        )),
        "{}",
        shown[0].1
    );
}

#[test]
fn wacs_own_errors_carry_their_place() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "deps/demo/root.wat", root_wat());
    write(
        dir.path(),
        "deps/demo/math.wat",
        &plug_wat("demo:t/math@0.1.0", "u32"),
    );
    let deps = Deps::beside(&dir.path().join("app.wac"));

    let syntax = "package demo:app;\nlet x = new demo:root {\n";
    let error = wac::parse_error(syntax).expect("a syntax error");
    assert!(error.range.is_some(), "{error:?}");
    assert_eq!(wac::check(syntax, &deps), [error]);

    // No `...`: the root's import is left unsatisfied, and wac names it.
    let missing = "package demo:app;\nlet root = new demo:root {};\nexport root.quad;\n";
    let errors = wac::check(missing, &deps);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("missing instantiation argument `demo:t/math@0.1.0`"),
        "{}",
        errors[0].message
    );
    assert_eq!(&missing[errors[0].range.clone().unwrap()], "demo:root");

    let undefined = "package demo:app;\nexport nothing.quad;\n";
    let errors = wac::check(undefined, &deps);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].message, "undefined name `nothing`");
    assert_eq!(&undefined[errors[0].range.clone().unwrap()], "nothing");
}
