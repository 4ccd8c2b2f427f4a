//! Breaking-change detection, one fixture pair per rule.
//!
//! Each case is a directory `tests/breaking/<case>/` with the baseline in
//! `old/` and the current version in `new/`; the diagnostics are compared
//! with `expected.txt` beside them (`UPDATE_EXPECT=1` rewrites it). Cases
//! that matter both ways are also run reversed, into `reversed.txt`.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use analysis::{
    Diagnostic, Features, Workspace, WorkspaceConfig,
    breaking::{self, Options},
    file_system::MemoryFileSystem,
};
use expect_test::expect_file;

fn case_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/breaking")
        .join(name)
}

fn workspace(root: PathBuf) -> Workspace {
    Workspace::new(WorkspaceConfig {
        roots: vec![root],
        ..Default::default()
    })
}

fn run(dir: &Path, old: &str, new: &str, opts: &Options) -> String {
    let diagnostics =
        breaking::check_workspaces(&workspace(dir.join(old)), &workspace(dir.join(new)), opts);
    render(dir, &diagnostics)
}

/// One line per diagnostic, `severity code file:line:col: message`, and
/// one indented line per related location.
fn render(dir: &Path, diagnostics: &[Diagnostic]) -> String {
    let place = |path: &Path, offset: usize| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        let shown = path.strip_prefix(dir).unwrap_or(path);
        format!("{}:{line}:{col}", shown.display())
    };
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!(
            "{} {} {}: {}\n",
            d.severity.as_str(),
            d.code,
            place(&d.path, d.range.start),
            d.message
        ));
        for r in &d.related {
            out.push_str(&format!(
                "    {}: {}\n",
                place(&r.path, r.range.start),
                r.message
            ));
        }
    }
    if out.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    out
}

fn check(name: &str, opts: Options) {
    let dir = case_dir(name);
    expect_file![dir.join("expected.txt")].assert_eq(&run(&dir, "old", "new", &opts));
}

fn check_both_ways(name: &str) {
    check(name, Options::default());
    let dir = case_dir(name);
    expect_file![dir.join("reversed.txt")].assert_eq(&run(&dir, "new", "old", &Options::default()));
}

#[test]
fn removed_field_is_reported_once_at_the_record_with_its_uses() {
    check_both_ways("field-removed");
}

#[test]
fn added_fields_cases_and_flags_break_because_types_are_structural() {
    check_both_ways("members-added");
}

#[test]
fn retyped_reordered_and_removed_members() {
    check("members-changed", Options::default());
}

#[test]
fn type_changed_from_one_kind_to_another() {
    check("type-kind-changed", Options::default());
}

#[test]
fn function_signature_changes() {
    check_both_ways("functions");
}

#[test]
fn interface_removed_added_and_function_added() {
    check_both_ways("interfaces");
}

#[test]
fn resources_constructors_methods_handles_streams_and_futures() {
    check_both_ways("resources");
}

#[test]
fn world_imports_and_exports_say_which_side_breaks() {
    check_both_ways("worlds");
}

#[test]
fn world_level_functions() {
    check("world-functions", Options::default());
}

#[test]
fn a_changed_type_is_reported_at_its_root_not_at_each_use() {
    check("root-cause", Options::default());
}

#[test]
fn uses_in_dependent_packages_are_listed_at_the_root_cause() {
    check("across-packages", Options::default());
}

#[test]
fn rename_gets_a_hint() {
    check("rename-type", Options::default());
}

#[test]
fn breaking_change_in_a_major_bump_is_info() {
    check("bump-major", Options::default());
}

#[test]
fn breaking_change_in_a_minor_bump_of_0x_is_info() {
    check("bump-minor-0x", Options::default());
}

#[test]
fn breaking_change_in_a_patch_bump_of_0x_is_an_error() {
    check("bump-patch-0x", Options::default());
}

#[test]
fn breaking_change_in_a_minor_bump_is_an_error() {
    check("bump-minor", Options::default());
}

#[test]
fn breaking_change_without_a_bump_is_an_error_and_asks_for_one() {
    check("bump-none", Options::default());
}

#[test]
fn leaving_a_prerelease_allows_breaking_changes() {
    check("bump-from-prerelease", Options::default());
}

#[test]
fn deny_breaking_makes_a_major_bump_an_error() {
    let dir = case_dir("bump-major");
    let opts = Options {
        deny_breaking: true,
        ..Default::default()
    };
    expect_file![dir.join("deny.txt")].assert_eq(&run(&dir, "old", "new", &opts));
}

#[test]
fn addition_without_a_bump_asks_for_a_minor_one() {
    check("addition-same-version", Options::default());
}

#[test]
fn unstable_items_are_exempt_unless_their_feature_is_enabled() {
    check("unstable", Options::default());
    let dir = case_dir("unstable");
    let opts = Options {
        features: Features::Enabled(["fancy".to_string()].into()),
        ..Default::default()
    };
    expect_file![dir.join("feature-enabled.txt")].assert_eq(&run(&dir, "old", "new", &opts));
}

#[test]
fn since_must_not_change() {
    check("since", Options::default());
}

#[test]
fn deprecated_item_removed_in_a_minor_bump_is_an_error() {
    check("deprecated-minor", Options::default());
}

#[test]
fn deprecated_item_removed_in_a_major_bump_is_fine_even_when_denying() {
    check(
        "deprecated-major",
        Options {
            deny_breaking: true,
            ..Default::default()
        },
    );
}

#[test]
fn package_removed_is_reported_once() {
    check("package-removed", Options::default());
}

#[test]
fn verbose_lists_compatible_additions() {
    let dir = case_dir("interfaces");
    let opts = Options {
        verbose: true,
        ..Default::default()
    };
    expect_file![dir.join("verbose.txt")].assert_eq(&run(&dir, "old", "new", &opts));
}

#[test]
fn missing_since_quick_fix_inserts_the_attribute_above_the_item() {
    let dir = case_dir("interfaces");
    let diagnostics = breaking::check_workspaces(
        &workspace(dir.join("old")),
        &workspace(dir.join("new")),
        &Options::default(),
    );
    let hint = diagnostics
        .iter()
        .find(|d| d.code == "wit::breaking::missing-since" && d.message.contains("echo"))
        .expect("a missing-since hint for `echo`");
    let text = std::fs::read_to_string(&hint.path).unwrap();
    let (offset, insert) = breaking::since_quick_fix(&text, hint).expect("a quick fix");
    let mut fixed = text.clone();
    fixed.insert_str(offset, &insert);
    assert!(
        fixed.contains("    @since(version = 0.4.1)\n    echo: func"),
        "{fixed}"
    );
}

#[test]
fn an_unreadable_baseline_package_is_reported_where_wit_parser_stopped() {
    check("baseline-unreadable", Options::default());
}

#[test]
fn a_package_broken_mid_edit_is_not_reported_removed() {
    const V1: &str = "package demo:api@1.0.0;\n\ninterface api {\n    record item {\n        id: u32,\n        name: string,\n    }\n    get: func() -> item;\n}\n";
    let fs = Arc::new(MemoryFileSystem::new());
    fs.write("/old/api.wit", V1);
    fs.write("/new/api.wit", V1);
    let on_fs = |root: &str| {
        let config = WorkspaceConfig {
            roots: vec![PathBuf::from(root)],
            ..Default::default()
        };
        Workspace::with_file_system(config, fs.clone())
    };
    let old = on_fs("/old");
    let mut current = on_fs("/new");
    assert_eq!(
        breaking::check_workspaces(&old, &current, &Options::default()),
        []
    );
    for half_typed in [V1.replace("id: u32", "id: "), "pack".to_string()] {
        current.set_overlay(Path::new("/new/api.wit"), Some(half_typed.into()));
        let found = breaking::check_workspaces(&old, &current, &Options::default());
        assert!(
            found
                .iter()
                .all(|d| d.code != "wit::breaking::package-removed"),
            "{found:?}"
        );
    }
}
