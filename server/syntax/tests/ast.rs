//! The typed layer: names with `%` stripped, exact ranges, and every
//! reference with what it refers to.

use syntax::ast::{
    AstNode, AttributeKind, Extern, HasDocs, InterfaceItem, RefContext, ResourceItem, TypeRef,
    WorldItem,
};

const TEXT: &str = "package ns:pkg@1.2.3;

interface %types {
  use ns:other/iface@0.1.0.{thing as %stuff, other};
  /// A point.
  @since(version = 1.0.0)
  record point { x: u32, y: list<thing> }
  resource file {
    constructor(p: borrow<file>);
    open: static func() -> result<file, %stuff>;
    read: async func(n: u64) -> result<_, other>;
  }
  @unstable(feature = fancy-stuff)
  f: func(a: own<file>, b: tuple<point, option<u8>>) -> list<u8, 4>;
}

world w {
  import %types;
  import ns:other/iface@0.1.0;
  import label: %types;
  export run: func();
  import inline: interface { g: func(); }
  include ns:other/base@0.1.0 with { a as b }
}
";

fn range_of(needle: &str, nth: usize) -> std::ops::Range<usize> {
    let start = TEXT
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} #{nth}"))
        .0;
    start..start + needle.len()
}

#[test]
fn package_and_names() {
    let file = syntax::parse(TEXT).tree();
    let package = file.package_decl().unwrap().package_name().unwrap();
    assert_eq!(package.namespace().unwrap().text(), "ns");
    assert_eq!(package.name().unwrap().text(), "pkg");
    assert_eq!(package.version().unwrap().text(), "1.2.3");

    let interface = file.interfaces().next().unwrap();
    let name = interface.name().unwrap();
    assert_eq!(name.text(), "types");
    assert_eq!(name.ident().unwrap().raw(), "%types");
    assert_eq!(name.range(), range_of("%types", 0));
}

#[test]
fn interface_items() {
    let interface = syntax::parse(TEXT).tree().interfaces().next().unwrap();
    let items: Vec<InterfaceItem> = interface.items().collect();
    assert_eq!(items.len(), 4);

    let InterfaceItem::Use(use_) = &items[0] else {
        panic!()
    };
    let path = use_.path().unwrap();
    assert_eq!(
        path.package_name().unwrap().namespace().unwrap().text(),
        "ns"
    );
    assert_eq!(path.target().unwrap().text(), "iface");
    assert_eq!(path.version().unwrap().text(), "0.1.0");
    let names: Vec<(String, Option<String>)> = use_
        .names()
        .map(|n| (n.name_ref().unwrap().text(), n.alias().map(|a| a.text())))
        .collect();
    assert_eq!(
        names,
        [
            ("thing".to_string(), Some("stuff".to_string())),
            ("other".to_string(), None)
        ]
    );

    let InterfaceItem::Record(record) = &items[1] else {
        panic!()
    };
    assert_eq!(record.docs().as_deref(), Some("A point."));
    let attributes = record.attributes();
    assert_eq!(attributes[0].kind(), AttributeKind::Since);
    assert_eq!(attributes[0].version().unwrap().text(), "1.0.0");
    let fields: Vec<String> = record.fields().map(|f| f.name().unwrap().text()).collect();
    assert_eq!(fields, ["x", "y"]);
    let Some(TypeRef::List(list)) = record.fields().nth(1).unwrap().ty() else {
        panic!()
    };
    assert!(matches!(list.element(), Some(TypeRef::Named(_))));

    let InterfaceItem::Resource(resource) = &items[2] else {
        panic!()
    };
    let resource_items: Vec<ResourceItem> = resource.items().collect();
    assert!(matches!(&resource_items[0], ResourceItem::Constructor(c) if c.params().count() == 1));
    let ResourceItem::Func(open) = &resource_items[1] else {
        panic!()
    };
    assert!(open.is_static());
    let Some(TypeRef::Result(result)) = open.func_type().unwrap().result() else {
        panic!()
    };
    assert!(result.ok().is_some() && result.err().is_some());
    let ResourceItem::Func(read) = &resource_items[2] else {
        panic!()
    };
    assert!(read.func_type().unwrap().is_async());
    let Some(TypeRef::Result(result)) = read.func_type().unwrap().result() else {
        panic!()
    };
    assert!(result.ok().is_none());
    assert_eq!(result.err().unwrap().syntax().to_string(), "other");

    let InterfaceItem::Func(f) = &items[3] else {
        panic!()
    };
    assert_eq!(f.attributes()[0].feature().unwrap().text(), "fancy-stuff");
    let params: Vec<String> = f
        .func_type()
        .unwrap()
        .params()
        .map(|p| p.name().unwrap().text())
        .collect();
    assert_eq!(params, ["a", "b"]);
    let Some(TypeRef::List(list)) = f.func_type().unwrap().result() else {
        panic!()
    };
    assert_eq!(list.size().unwrap().text(), "4");
}

#[test]
fn world_items() {
    let world = syntax::parse(TEXT).tree().worlds().next().unwrap();
    let kinds: Vec<String> = world
        .items()
        .map(|item| match item {
            WorldItem::Import(i) => match i.kind().unwrap() {
                Extern::Path(p) => format!("path {}", p.syntax()),
                Extern::NamedPath(n, p) => format!("{} = path {}", n.text(), p.syntax()),
                Extern::Func(n, _) => format!(
                    "{} func {}",
                    if i.is_import() { "import" } else { "export" },
                    n.text()
                ),
                Extern::Interface(n, items) => {
                    format!("interface {} ({} items)", n.text(), items.len())
                }
            },
            WorldItem::Include(i) => format!(
                "include {} ({} renames)",
                i.path().unwrap().syntax(),
                i.names().count()
            ),
            _ => "other".to_string(),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "path %types",
            "path ns:other/iface@0.1.0",
            "label = path %types",
            "export func run",
            "interface inline (1 items)",
            "include ns:other/base@0.1.0 (1 renames)",
        ]
    );
}

#[test]
fn every_reference_with_its_context_and_range() {
    let file = syntax::parse(TEXT).tree();
    let refs: Vec<(String, RefContext, std::ops::Range<usize>)> = file
        .references()
        .map(|r| (r.text(), r.context(), r.ident().unwrap().range()))
        .collect();
    let expected = [
        ("iface", RefContext::PathTarget, range_of("iface", 0)),
        ("thing", RefContext::UsedName, range_of("thing", 0)),
        ("other", RefContext::UsedName, range_of("other", 1)),
        ("thing", RefContext::Type, range_of("thing", 1)),
        ("file", RefContext::Resource, range_of("file", 1)),
        ("file", RefContext::Type, range_of("file", 2)),
        ("stuff", RefContext::Type, range_of("%stuff", 1)),
        ("other", RefContext::Type, range_of("other", 2)),
        ("file", RefContext::Resource, range_of("file", 3)),
        ("point", RefContext::Type, range_of("point", 2)),
        ("types", RefContext::PathTarget, range_of("%types", 1)),
        ("iface", RefContext::PathTarget, range_of("iface", 1)),
        ("types", RefContext::PathTarget, range_of("%types", 2)),
        ("base", RefContext::PathTarget, range_of("base", 0)),
        (
            "a",
            RefContext::IncludedName,
            range_of("a as", 0).start..range_of("a as", 0).start + 1,
        ),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(n, c, r)| (n.to_string(), c, r))
        .collect();
    assert_eq!(refs, expected);
    let definitions: Vec<String> = file.definitions().map(|d| d.text()).collect();
    assert!(
        definitions.starts_with(&[
            "types".to_string(),
            "stuff".to_string(),
            "point".to_string(),
            "x".to_string()
        ]),
        "{definitions:?}"
    );
}
