//! The editor's settings: `initializationOptions` at start, and the same
//! object again in `workspace/didChangeConfiguration` (or pulled through
//! `workspace/configuration`). `vscode-extension/src/protocol.ts` defines it.

use std::collections::BTreeSet;

use analysis::{Features, ide::LensKinds};
use serde::Deserialize;
use serde_json::Value;
use tower_lsp_server::ls_types::InitializeParams;

use super::build_run::RunLimits;

/// The section a client's settings live under when they are nested
/// (`{"wit-analyzer": {…}}`) and the one pulled by `workspace/configuration`.
pub const SECTION: &str = "wit-analyzer";

/// The LSP capabilities `disable` may name.
pub const SWITCHES: [&str; 12] = [
    "diagnostics",
    "hover",
    "completion",
    "definition",
    "references",
    "rename",
    "documentSymbols",
    "folding",
    "semanticTokens",
    "codeActions",
    "codeLens",
    "formatting",
];

/// Unknown keys are ignored, so that an older server works with a newer
/// extension.
#[derive(Clone, Debug, Default)]
pub struct InitOptions {
    /// Whether the workspace is trusted to build and run guests.
    pub trusted: bool,
    /// The WIT `@unstable(feature = …)` gates to enable, as `check --features`.
    pub features: BTreeSet<String>,
    /// Every gate, as `check --all-features`.
    pub all_features: bool,
    /// LSP capabilities (names in [`SWITCHES`]) to leave out. Capabilities
    /// are announced once, at `initialize`, so a change waits for a restart.
    pub disable: BTreeSet<String>,
    /// A git ref or directory to report breaking changes against.
    pub baseline: Option<String>,
    pub run: RunLimits,
    /// The kinds of item that get "N references" lenses.
    pub reference_lenses: LensKinds,
    pub inlay_hints: InlayHintOptions,
}

/// `referenceLenses`: each kind on or off, the rest at their defaults.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LensWire {
    interfaces: bool,
    types: bool,
    worlds: bool,
    resources: bool,
}

impl Default for LensWire {
    fn default() -> LensWire {
        let kinds = LensKinds::default();
        LensWire {
            interfaces: kinds.interfaces,
            types: kinds.types,
            worlds: kinds.worlds,
            resources: kinds.resources,
        }
    }
}

/// `inlayHints`: what an alias stands for is shown unless turned off;
/// the Canonical ABI facts only when asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct InlayHintOptions {
    pub aliases: bool,
    pub abi: bool,
}

impl Default for InlayHintOptions {
    fn default() -> InlayHintOptions {
        InlayHintOptions {
            aliases: true,
            abi: false,
        }
    }
}

/// The object as sent, before `features` is told apart from its old meaning.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Wire {
    trusted: bool,
    features: Value,
    all_features: bool,
    disable: BTreeSet<String>,
    baseline: Option<String>,
    run: RunLimits,
    reference_lenses: LensWire,
    inlay_hints: InlayHintOptions,
}

impl InitOptions {
    pub fn from_params(params: &InitializeParams) -> Result<InitOptions, String> {
        InitOptions::from_value(params.initialization_options.as_ref())
            .map_err(|err| format!("initializationOptions: {err}"))
    }

    /// Reads `initializationOptions`; `null` or absent gives the defaults.
    pub fn from_value(value: Option<&Value>) -> Result<InitOptions, String> {
        match value {
            None | Some(Value::Null) => Ok(InitOptions::default()),
            Some(value) => {
                let wire = Wire::deserialize(value).map_err(|err| err.to_string())?;
                InitOptions::from_wire(wire)
            }
        }
    }

    /// Reads a `didChangeConfiguration` payload: our object itself, or
    /// nested under [`SECTION`] as Neovim's and Helix's `settings` tables
    /// are usually written. `None` when it holds none of our settings (a
    /// client that expects the server to pull them).
    pub fn from_settings(settings: &Value) -> Option<Result<InitOptions, String>> {
        let ours = settings.get(SECTION).unwrap_or(settings);
        let keys = [
            "trusted",
            "features",
            "allFeatures",
            "disable",
            "baseline",
            "run",
            "referenceLenses",
            "inlayHints",
        ];
        let object = ours.as_object()?;
        if !keys.iter().any(|key| object.contains_key(*key)) {
            return None;
        }
        Some(InitOptions::from_value(Some(ours)))
    }

    fn from_wire(wire: Wire) -> Result<InitOptions, String> {
        let mut options = InitOptions {
            trusted: wire.trusted,
            features: BTreeSet::new(),
            all_features: wire.all_features,
            disable: wire.disable,
            baseline: wire.baseline.filter(|spec| !spec.trim().is_empty()),
            run: wire.run,
            reference_lenses: LensKinds {
                interfaces: wire.reference_lenses.interfaces,
                types: wire.reference_lenses.types,
                worlds: wire.reference_lenses.worlds,
                resources: wire.reference_lenses.resources,
            },
            inlay_hints: wire.inlay_hints,
        };
        match wire.features {
            Value::Null => {}
            Value::Array(names) => {
                for name in names {
                    match name {
                        Value::String(name) => options.features.insert(name),
                        other => {
                            return Err(format!(
                                "features: {other} is not a feature name; expected a list of strings like [\"fancy\"]"
                            ));
                        }
                    };
                }
            }
            // Before WIT gates could be enabled from the editor, `features`
            // was a map of capability switches; it still means that.
            Value::Object(switches) => {
                for (name, on) in switches {
                    match on {
                        Value::Bool(false) => options.disable.insert(name),
                        Value::Bool(true) => false,
                        other => {
                            return Err(format!("features.{name}: {other} is not true or false"));
                        }
                    };
                }
            }
            other => {
                return Err(format!(
                    "features: {other} is not a list of WIT feature names, e.g. [\"fancy\"]"
                ));
            }
        }
        Ok(options)
    }

    /// Whether the LSP capability `switch` is on.
    pub fn enabled(&self, switch: &str) -> bool {
        !self.disable.contains(switch)
    }

    /// The gates as the workspace model takes them.
    pub fn wit_features(&self) -> Features {
        if self.all_features {
            Features::All
        } else {
            Features::Enabled(self.features.clone())
        }
    }

    /// Names in `disable` that switch nothing, most likely misspelt.
    pub fn unknown_switches(&self) -> Vec<&str> {
        self.disable
            .iter()
            .map(String::as_str)
            .filter(|name| !SWITCHES.contains(name))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: Value) -> Result<InitOptions, String> {
        InitOptions::from_value(Some(&value))
    }

    #[test]
    fn features_are_wit_gates_and_disable_names_capabilities() {
        let options =
            parse(json!({"features": ["fancy", "shiny"], "disable": ["hover"], "extra": 1}))
                .unwrap();
        assert_eq!(
            options.wit_features(),
            Features::Enabled(["fancy".to_string(), "shiny".to_string()].into())
        );
        assert!(!options.enabled("hover") && options.enabled("completion"));

        let all = parse(json!({"features": ["fancy"], "allFeatures": true})).unwrap();
        assert_eq!(all.wit_features(), Features::All);
        assert_eq!(
            parse(json!(null)).unwrap().wit_features(),
            Features::default()
        );
    }

    #[test]
    fn the_old_map_of_switches_still_turns_capabilities_off() {
        let options = parse(json!({"features": {"hover": false, "completion": true}})).unwrap();
        assert!(!options.enabled("hover") && options.enabled("completion"));
        assert_eq!(options.wit_features(), Features::default());
    }

    #[test]
    fn bad_values_name_the_setting() {
        let err = parse(json!({"features": "fancy"})).unwrap_err();
        assert!(err.starts_with("features:"), "{err}");
        let err = parse(json!({"features": [1]})).unwrap_err();
        assert!(err.starts_with("features:"), "{err}");
        let err = parse(json!({"features": {"hover": "no"}})).unwrap_err();
        assert!(err.starts_with("features.hover:"), "{err}");
        let err = parse(json!({"allFeatures": "yes"})).unwrap_err();
        assert!(err.contains("invalid type"), "{err}");
    }

    #[test]
    fn settings_may_be_nested_under_the_section_or_absent() {
        let nested = json!({"wit-analyzer": {"features": ["fancy"]}});
        let options = InitOptions::from_settings(&nested).unwrap().unwrap();
        assert!(options.features.contains("fancy"));
        assert!(InitOptions::from_settings(&json!({})).is_none());
        assert!(InitOptions::from_settings(&json!(null)).is_none());
        assert!(InitOptions::from_settings(&json!({"other-tool": {"x": 1}})).is_none());
    }

    #[test]
    fn reference_lenses_and_inlay_hints_default_and_switch_per_kind() {
        let options = parse(json!({})).unwrap();
        assert_eq!(options.reference_lenses, LensKinds::default());
        assert!(!options.reference_lenses.worlds && options.reference_lenses.types);
        assert!(options.inlay_hints.aliases && !options.inlay_hints.abi);
        let options =
            parse(json!({"referenceLenses": {"worlds": true}, "inlayHints": {"abi": true}}))
                .unwrap();
        assert!(options.reference_lenses.worlds && options.reference_lenses.interfaces);
        assert!(options.inlay_hints.abi && options.inlay_hints.aliases);
        let err = parse(json!({"referenceLenses": {"world": true}})).unwrap_err();
        assert!(err.contains("world"), "{err}");
        let settings = json!({"wit-analyzer": {"inlayHints": {"abi": true}}});
        assert!(
            InitOptions::from_settings(&settings)
                .unwrap()
                .unwrap()
                .inlay_hints
                .abi
        );
    }

    #[test]
    fn misspelt_switches_are_found() {
        let options = parse(json!({"disable": ["hovr", "hover"]})).unwrap();
        assert_eq!(options.unknown_switches(), ["hovr"]);
    }
}
