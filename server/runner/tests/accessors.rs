//! Accessors (`count: get() -> u32;`, `count: set(v: u32);`), which
//! wit-parser has read since 0.254: a component that exports them lists
//! them under their component names (`[get]count`) and they run like any
//! other function.

mod common;

use runner::RunOptions;
use wit_parser::Resolve;

const WIT: &str = "package demo:acc;\n\ninterface counter {\n  count: get() -> u32;\n  count: set(v: u32);\n}\n\nworld acc {\n  export counter;\n}\n";

/// A counter kept in a global: the setter stores, the getter loads.
const WAT: &str = r#"(module
  (global $count (mut i32) (i32.const 7))
  (func (export "demo:acc/counter#[get]count") (result i32) (global.get $count))
  (func (export "demo:acc/counter#[set]count") (param i32) (global.set $count (local.get 0)))
)"#;

fn component() -> Vec<u8> {
    let mut resolve = Resolve::new();
    let package = resolve.push_str("acc.wit", WIT).expect("the WIT parses");
    let world = resolve
        .select_world(&[package], Some("acc"))
        .expect("world acc exists");
    let module = wat::parse_str(WAT).expect("the module parses");
    common::componentize(module, &resolve, world)
}

#[test]
fn getters_and_setters_are_listed_and_called_by_their_component_names() {
    let runner = common::runner_without_disk_cache();
    let component = runner
        .load_bytes(&component())
        .expect("the component loads");
    let names: Vec<String> = (runner.list_exports(&component).into_iter())
        .map(|f| f.qualified_name)
        .collect();
    assert_eq!(
        names,
        ["demo:acc/counter.[get]count", "demo:acc/counter.[set]count"]
    );
    let options = RunOptions::default();
    let got = (runner.call(&component, "demo:acc/counter.[get]count()", &options))
        .expect("the getter runs");
    assert_eq!(got.results, "7", "{got:?}");
    // A session keeps its instance: what the setter stores, the getter reads.
    let mut session = runner.session(component, &options).unwrap();
    session
        .call(&runner, "[set]count(42)")
        .expect("the setter runs");
    let got = session
        .call(&runner, "[get]count()")
        .expect("the getter runs");
    assert_eq!(got.results, "42", "{got:?}");
}
