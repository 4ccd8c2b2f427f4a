//! `wit-analyzer check`, run as CI runs it: every output format and every
//! exit code.

mod common;

use std::path::Path;

use common::{assert_stderr_starts_with, check, stderr, stdout, workspace};
use expect_test::expect;

const CLEAN: &str =
    "package demo:clean@1.0.0;\n\ninterface api {\n  greet: func(name: string) -> string;\n}\n";
/// Two errors in two packages, one on a line with a non-ASCII comment so
/// that character columns differ from byte columns.
const TYPO: &str =
    "package demo:typo;\n\ninterface api {\n  /* é */ greet: func(name: strnig);\n}\n";
const SYNTAX: &str = "package demo:syntax;\n\ninterface api {\n  greet: func()\n}\n";

fn broken() -> tempfile::TempDir {
    workspace(&[
        ("clean/wit/api.wit", CLEAN),
        ("typo/wit/api.wit", TYPO),
        ("syntax/api.wit", SYNTAX),
    ])
}

#[test]
fn a_clean_workspace_exits_0_with_a_summary() {
    let dir = workspace(&[("wit/api.wit", CLEAN)]);
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "checked 1 package in 1 file: 0 errors, 0 warnings\n"
    );
}

#[test]
fn human_output_shows_snippets_with_carets() {
    let dir = broken();
    let output = check(dir.path(), &["--format", "human"]);
    assert_eq!(output.status.code(), Some(1));
    expect![[r#"
        error[wit::syntax]: expected `;`, but the line ends here
         --> syntax/api.wit:4:16
          |
        4 |   greet: func()
          |                ^
          |

        error[wit::name-not-found]: name `strnig` does not exist
         --> typo/wit/api.wit:4:29
          |
        4 |   /* é */ greet: func(name: strnig);
          |                             ^^^^^^
          |

    "#]]
    .assert_eq(&stdout(&output));
    assert_eq!(
        stderr(&output),
        "checked 3 packages in 3 files: 2 errors, 0 warnings\n"
    );
}

#[test]
fn json_output_has_1_based_character_columns_and_relative_paths() {
    let dir = broken();
    let output = check(dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    expect![[r#"
        {
          "diagnostics": [
            {
              "code": "wit::syntax",
              "message": "expected `;`, but the line ends here",
              "path": "syntax/api.wit",
              "range": {
                "end": {
                  "column": 16,
                  "line": 4
                },
                "start": {
                  "column": 16,
                  "line": 4
                }
              },
              "severity": "error"
            },
            {
              "code": "wit::name-not-found",
              "message": "name `strnig` does not exist",
              "path": "typo/wit/api.wit",
              "range": {
                "end": {
                  "column": 35,
                  "line": 4
                },
                "start": {
                  "column": 29,
                  "line": 4
                }
              },
              "severity": "error"
            }
          ],
          "packages": [
            {
              "files": [
                "clean/wit/api.wit"
              ],
              "name": "demo:clean@1.0.0",
              "path": "clean/wit"
            },
            {
              "files": [
                "syntax/api.wit"
              ],
              "name": "demo:syntax",
              "path": "syntax"
            },
            {
              "files": [
                "typo/wit/api.wit"
              ],
              "name": "demo:typo",
              "path": "typo/wit"
            }
          ]
        }
    "#]]
    .assert_eq(&stdout(&output));
}

#[test]
fn github_output_is_one_annotation_a_line() {
    let dir = broken();
    let output = check(dir.path(), &["--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    expect![[r#"
        ::error file=syntax/api.wit,line=4,col=16,endLine=4,endColumn=16,title=wit%3A%3Asyntax::expected `;`, but the line ends here
        ::error file=typo/wit/api.wit,line=4,col=29,endLine=4,endColumn=35,title=wit%3A%3Aname-not-found::name `strnig` does not exist
    "#]]
    .assert_eq(&stdout(&output));
}

#[test]
fn sarif_output_is_one_run_with_rules_named_by_code() {
    let dir = broken();
    let output = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let rules: Vec<&str> = runs[0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["wit::name-not-found", "wit::syntax"]);
    for result in runs[0]["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[index]);
    }
    expect![[r#"
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "runs": [
            {
              "columnKind": "unicodeCodePoints",
              "results": [
                {
                  "level": "error",
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "syntax/api.wit"
                        },
                        "region": {
                          "endColumn": 16,
                          "endLine": 4,
                          "startColumn": 16,
                          "startLine": 4
                        }
                      }
                    }
                  ],
                  "message": {
                    "text": "expected `;`, but the line ends here"
                  },
                  "ruleId": "wit::syntax",
                  "ruleIndex": 1
                },
                {
                  "level": "error",
                  "locations": [
                    {
                      "physicalLocation": {
                        "artifactLocation": {
                          "uri": "typo/wit/api.wit"
                        },
                        "region": {
                          "endColumn": 35,
                          "endLine": 4,
                          "startColumn": 29,
                          "startLine": 4
                        }
                      }
                    }
                  ],
                  "message": {
                    "text": "name `strnig` does not exist"
                  },
                  "ruleId": "wit::name-not-found",
                  "ruleIndex": 0
                }
              ],
              "tool": {
                "driver": {
                  "name": "wit-analyzer",
                  "rules": [
                    {
                      "id": "wit::name-not-found",
                      "name": "wit::name-not-found"
                    },
                    {
                      "id": "wit::syntax",
                      "name": "wit::syntax"
                    }
                  ],
                  "version": "0.1.0"
                }
              }
            }
          ],
          "version": "2.1.0"
        }
    "#]]
    .assert_eq(&stdout(&output));
}

#[test]
fn warnings_exit_0_unless_denied() {
    // Two packages with one name: a warning, not an error.
    let dir = workspace(&[("a/api.wit", CLEAN), ("b/api.wit", CLEAN)]);
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "checked 2 packages in 2 files: 0 errors, 1 warning\n"
    );
    expect![[r#"
        warning[wit::duplicate-package]: package `demo:clean@1.0.0` is defined twice in the workspace; references from other packages resolve to the first definition
         --> b/api.wit:1:9
          |
        1 | package demo:clean@1.0.0;
          |         ----------
          |
          = note: first definition: a/api.wit:1:9

    "#]]
    .assert_eq(&stdout(&output));
    let denied = check(dir.path(), &["--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn a_missing_path_exits_2_but_the_other_paths_are_checked() {
    let dir = workspace(&[("typo/api.wit", TYPO)]);
    let output = check(dir.path(), &["nope", "typo", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr_starts_with(&output, "error: `nope`: no such file or directory\n");
    assert!(stdout(&output).contains("strnig"), "{}", stdout(&output));
}

#[test]
fn a_usage_error_exits_2() {
    let dir = workspace(&[]);
    assert_eq!(
        check(dir.path(), &["--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(
        check(dir.path(), &["--no-such-flag"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_directory_without_wit_is_an_error_that_names_it() {
    let dir = workspace(&[("empty/README.md", "no WIT here")]);
    let output = check(dir.path(), &["empty"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("error[wit::no-wit-files]: no `.wit` files found here"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("empty:1:1"), "{}", stdout(&output));
}

#[test]
fn features_enable_unstable_items() {
    let unstable = "package demo:u@1.0.0;\n\ninterface api {\n  @unstable(feature = shiny)\n  type shiny = u8;\n  @since(version = 1.0.0)\n  f: func() -> shiny;\n}\n";
    let dir = workspace(&[("wit/api.wit", unstable)]);
    assert_eq!(check(dir.path(), &[]).status.code(), Some(1));
    assert_eq!(
        check(dir.path(), &["--features", "other,shiny"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        check(dir.path(), &["--all-features"]).status.code(),
        Some(0)
    );
}

#[test]
fn the_samples_check_clean() {
    // The README's first command.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let output = check(&repo, &["wit-samples", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: Vec<&str> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert!(
        names.contains(&"samples:kv@0.1.0") && names.contains(&"samples:greeter@0.1.0"),
        "{names:?}"
    );
}

/// wit-parser stops at the first bad name; CI must see all three, as the
/// editor does.
#[test]
fn every_misspelt_type_name_is_an_error() {
    let dir = workspace(&[(
        "wit/api.wit",
        "package demo:names;\n\ninterface api {\n  record point { x: flaot, y: f32 }\n  greet: func(name: strng) -> resut;\n}\n",
    )]);
    let output = check(dir.path(), &["--format", "github"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    expect![[r#"
        ::error file=wit/api.wit,line=4,col=21,endLine=4,endColumn=26,title=wit%3A%3Aname-not-found::type `flaot` does not exist
        ::error file=wit/api.wit,line=5,col=21,endLine=5,endColumn=26,title=wit%3A%3Aname-not-found::type `strng` does not exist
        ::error file=wit/api.wit,line=5,col=31,endLine=5,endColumn=36,title=wit%3A%3Aname-not-found::type `resut` does not exist
    "#]].assert_eq(&stdout(&output));
}
