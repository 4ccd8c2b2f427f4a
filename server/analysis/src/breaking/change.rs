//! What the comparison finds, before any policy decides how loud it is.

use std::{fmt, ops::Range, path::PathBuf};

use semver::Version;

/// A place in a file of either the baseline or the current workspace.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    pub path: PathBuf,
    pub range: Range<usize>,
}

/// Who has to change their code because of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Breaks {
    /// Nobody: a compatible addition.
    Nobody,
    /// Callers and implementers of an interface alike, e.g. a changed type.
    Everyone,
    /// Runtimes that provide a world's imports.
    Hosts,
    /// Whoever calls a component's exports.
    Consumers,
    /// Whoever implements the world in a component.
    ComponentAuthors,
}

impl Breaks {
    pub fn is_breaking(self) -> bool {
        self != Breaks::Nobody
    }

    pub fn describe(self) -> &'static str {
        match self {
            Breaks::Nobody => "compatible",
            Breaks::Everyone => "breaks users and implementers",
            Breaks::Hosts => "breaks hosts",
            Breaks::Consumers => "breaks consumers of the exports",
            Breaks::ComponentAuthors => "breaks component authors",
        }
    }
}

/// Every kind of change the comparison reports. Each has a stable code
/// `wit::breaking::<kind>`; see [`ChangeKind::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    PackageRemoved,
    InterfaceRemoved,
    InterfaceAdded,
    WorldRemoved,
    WorldAdded,
    TypeRemoved,
    TypeAdded,
    TypeKindChanged,
    TypeChanged,
    FuncRemoved,
    FuncAdded,
    MethodRemoved,
    MethodAdded,
    FuncMadeAsync,
    FuncMadeSync,
    FuncKindChanged,
    ParamsChanged,
    ParamReordered,
    ParamRenamed,
    ParamTypeChanged,
    ResultTypeChanged,
    HandleChanged,
    FieldRemoved,
    FieldAdded,
    FieldTypeChanged,
    FieldReordered,
    CaseRemoved,
    CaseAdded,
    CaseTypeChanged,
    CaseReordered,
    FlagRemoved,
    FlagAdded,
    FlagReordered,
    ImportAdded,
    ImportRemoved,
    ExportAdded,
    ExportRemoved,
    SinceChanged,
    MissingSince,
    VersionBumpNeeded,
}

impl ChangeKind {
    /// The stable diagnostic code. Scripts and SARIF rules key on it.
    pub fn code(self) -> &'static str {
        use ChangeKind::*;
        match self {
            PackageRemoved => "wit::breaking::package-removed",
            InterfaceRemoved => "wit::breaking::interface-removed",
            InterfaceAdded => "wit::breaking::interface-added",
            WorldRemoved => "wit::breaking::world-removed",
            WorldAdded => "wit::breaking::world-added",
            TypeRemoved => "wit::breaking::type-removed",
            TypeAdded => "wit::breaking::type-added",
            TypeKindChanged => "wit::breaking::type-kind-changed",
            TypeChanged => "wit::breaking::type-changed",
            FuncRemoved => "wit::breaking::func-removed",
            FuncAdded => "wit::breaking::func-added",
            MethodRemoved => "wit::breaking::method-removed",
            MethodAdded => "wit::breaking::method-added",
            FuncMadeAsync => "wit::breaking::func-made-async",
            FuncMadeSync => "wit::breaking::func-made-sync",
            FuncKindChanged => "wit::breaking::func-kind-changed",
            ParamsChanged => "wit::breaking::params-changed",
            ParamReordered => "wit::breaking::param-reordered",
            ParamRenamed => "wit::breaking::param-renamed",
            ParamTypeChanged => "wit::breaking::param-type-changed",
            ResultTypeChanged => "wit::breaking::result-type-changed",
            HandleChanged => "wit::breaking::handle-changed",
            FieldRemoved => "wit::breaking::field-removed",
            FieldAdded => "wit::breaking::field-added",
            FieldTypeChanged => "wit::breaking::field-type-changed",
            FieldReordered => "wit::breaking::field-reordered",
            CaseRemoved => "wit::breaking::case-removed",
            CaseAdded => "wit::breaking::case-added",
            CaseTypeChanged => "wit::breaking::case-type-changed",
            CaseReordered => "wit::breaking::case-reordered",
            FlagRemoved => "wit::breaking::flag-removed",
            FlagAdded => "wit::breaking::flag-added",
            FlagReordered => "wit::breaking::flag-reordered",
            ImportAdded => "wit::breaking::import-added",
            ImportRemoved => "wit::breaking::import-removed",
            ExportAdded => "wit::breaking::export-added",
            ExportRemoved => "wit::breaking::export-removed",
            SinceChanged => "wit::breaking::since-changed",
            MissingSince => "wit::breaking::missing-since",
            VersionBumpNeeded => "wit::breaking::version-bump-needed",
        }
    }

    /// Who has to change their code: the one table of the rules.
    /// Whole items may be added freely, but record fields, variant and
    /// enum cases and flags may not, since WIT types are structural. In a
    /// world, hosts provide the imports and components the exports.
    pub fn breaks(self) -> Breaks {
        use ChangeKind::*;
        match self {
            InterfaceAdded | WorldAdded | TypeAdded | FuncAdded | MethodAdded => Breaks::Nobody,
            ImportAdded => Breaks::Hosts,
            ImportRemoved | ExportAdded => Breaks::ComponentAuthors,
            ExportRemoved => Breaks::Consumers,
            MissingSince | VersionBumpNeeded => Breaks::Nobody,
            _ => Breaks::Everyone,
        }
    }

    /// Whether this kind removes something that used to exist; removals of
    /// `@deprecated` items get their own rule.
    pub fn is_removal(self) -> bool {
        use ChangeKind::*;
        matches!(
            self,
            PackageRemoved
                | InterfaceRemoved
                | WorldRemoved
                | TypeRemoved
                | FuncRemoved
                | MethodRemoved
                | FieldRemoved
                | CaseRemoved
                | FlagRemoved
                | ImportRemoved
                | ExportRemoved
        )
    }

    /// Additions of whole items, which get the `@since` hint.
    pub fn is_item_addition(self) -> bool {
        use ChangeKind::*;
        matches!(
            self,
            InterfaceAdded | WorldAdded | TypeAdded | FuncAdded | MethodAdded
        )
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().trim_start_matches("wit::breaking::"))
    }
}

/// The stability annotations of the item a change is about, as the
/// baseline declared them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stability {
    pub since: Option<Version>,
    pub deprecated: Option<Version>,
}

/// One difference between a baseline package and its current version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub breaks: Breaks,
    /// The item, e.g. `wasi:filesystem/types.descriptor-stat.size`.
    pub item: String,
    /// What happened, without versions or verdict: the policy adds those.
    pub message: String,
    /// Where the item was in the baseline.
    pub old: Option<Location>,
    /// Where the change shows in the current workspace: the item itself, or
    /// for a removal the item's nearest surviving parent.
    pub new: Option<Location>,
    /// Uses of a changed type in the current workspace. They are affected
    /// too, but the change is reported once, here, at its root.
    pub uses: Vec<(String, Location)>,
    /// Set on a removal or an addition that pairs up with the other as a
    /// rename, e.g. "looks like a rename of `a` to `b`".
    pub rename_hint: Option<String>,
    pub stability: Stability,
}
