//! Our verdict on world changes next to `wit_component::semver_check` on
//! the same pairs.
//!
//! `semver_check` answers one question: does a component built for the old
//! world still fit where the new world is expected? We answer per side, so
//! the two differ exactly where that question misses a side:
//! - an added import: an old component does not use it, so it still fits;
//!   but a host built for the old world cannot provide it to components
//!   built for the new one. We say it breaks hosts.
//! - a removed export: an old component still exports it, so it fits; but
//!   whoever called it on new components breaks. We say it breaks
//!   consumers.
//! - a function added to an exported interface: an old component lacks it,
//!   so `semver_check` fails; the issue rules an added function compatible
//!   for users of the interface (implementers must add it), so we don't.

use analysis::{
    Severity,
    breaking::{self, Options, PackageView},
};
use wit_parser::Resolve;

struct Case {
    name: &'static str,
    old: &'static str,
    new: &'static str,
    /// Whether we report a breaking change (an error, at 1.0.0 → 1.1.0).
    ours: bool,
    /// Whether `semver_check` rejects the pair.
    theirs: bool,
}

const IFACES: &str = r#"
interface log { write: func(msg: string); }
interface clock { now: func() -> u64; }
interface run { run: func() -> u32; }
interface admin { reset: func(); }
"#;

const CASES: &[Case] = &[
    Case {
        name: "unchanged",
        old: "import log; export run;",
        new: "import log; export run;",
        ours: false,
        theirs: false,
    },
    Case {
        name: "import added",
        old: "import log; export run;",
        new: "import log; import clock; export run;",
        ours: true,
        theirs: false,
    },
    Case {
        name: "import removed",
        old: "import log; import clock; export run;",
        new: "import log; export run;",
        ours: true,
        theirs: true,
    },
    Case {
        name: "export added",
        old: "import log; export run;",
        new: "import log; export run; export admin;",
        ours: true,
        theirs: true,
    },
    Case {
        name: "export removed",
        old: "import log; export run; export admin;",
        new: "import log; export run;",
        ours: true,
        theirs: false,
    },
    Case {
        name: "inline import added",
        old: "import log; export run;",
        new: "import log; export run; import extra: interface { ping: func(); }",
        ours: true,
        theirs: false,
    },
    Case {
        name: "world function added to an imported interface",
        old: "import api: interface { a: func(); }",
        new: "import api: interface { a: func(); b: func(); }",
        ours: false,
        theirs: false,
    },
    Case {
        name: "world function result changed",
        old: "export go: func() -> u32;",
        new: "export go: func() -> u64;",
        ours: true,
        theirs: true,
    },
    Case {
        name: "world function added to an exported interface",
        old: "export api: interface { a: func(); }",
        new: "export api: interface { a: func(); b: func(); }",
        ours: false,
        theirs: true,
    },
    Case {
        name: "world function removed from an imported interface",
        old: "import api: interface { a: func(); b: func(); }",
        new: "import api: interface { a: func(); }",
        ours: true,
        theirs: true,
    },
];

fn package(version: &str, world: &str) -> String {
    format!("package demo:pair@{version};\n{IFACES}\nworld w {{ {world} }}\n")
}

#[test]
fn world_verdicts_next_to_semver_check() {
    for case in CASES {
        let mut resolve = Resolve::new();
        let old = resolve
            .push_str("old.wit", &package("1.0.0", case.old))
            .unwrap();
        let new = resolve
            .push_str("new.wit", &package("1.1.0", case.new))
            .unwrap();
        let diagnostics = breaking::check_packages(
            &[PackageView::new(&resolve, old)],
            &[PackageView::new(&resolve, new)],
            &Options::default(),
        );
        let ours = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let (old_world, new_world) = (
            resolve.packages[old].worlds["w"],
            resolve.packages[new].worlds["w"],
        );
        let theirs = wit_component::semver_check(resolve.clone(), old_world, new_world).is_err();
        let listed: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            (ours, theirs),
            (case.ours, case.theirs),
            "{}: we said {listed:?}",
            case.name
        );
    }
}
