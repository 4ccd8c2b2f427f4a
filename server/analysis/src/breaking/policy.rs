//! How loud each change is. The rules, from the issue:
//! - a breaking change is info when the version has a breaking bump, an
//!   error otherwise; `deny_breaking` makes it an error whatever the version;
//! - an item's `@since` must not change within a compatible line (a
//!   breaking bump starts a new history);
//! - a `@deprecated` item may be removed only in a breaking bump (and then
//!   it is info even under `deny_breaking`: the deprecation was the notice);
//! - a new item in a versioned package without `@since` gets a hint;
//! - changed content under an unchanged version gets a warning that names
//!   the bump it needs;
//! - compatible additions are listed only when `verbose`.

use semver::Version;

use super::{
    Options,
    change::{Change, ChangeKind, Location},
    semver::{Bump, bump_name, classify, needed},
    view::PackageView,
};
use crate::diagnostic::{Diagnostic, Related, Severity};

pub fn diagnostics(
    old: PackageView<'_>,
    new: PackageView<'_>,
    changes: Vec<Change>,
    opts: &Options,
) -> Vec<Diagnostic> {
    let bump = classify(old.version(), new.version());
    let versions = format!("{} → {}", old.display_name(), version_text(new.version()));
    let mut out = Vec::new();
    let any_breaking = changes.iter().any(|c| c.breaks.is_breaking());
    let any_change = !changes.is_empty();
    for change in changes {
        // Every change has a place: its own, else its package's.
        let Some(at) = change
            .new
            .clone()
            .or_else(|| change.old.clone())
            .or_else(|| new.anchor())
        else {
            continue;
        };
        if !change.breaks.is_breaking() {
            if let Some(hint) = missing_since(&change, new.version(), &at) {
                out.push(hint);
            }
            if opts.verbose {
                out.push(diagnostic(
                    &change,
                    &at,
                    Severity::Info,
                    format!("{} ({versions}); compatible", change.message),
                    &old,
                ));
            }
            continue;
        }
        // A new major line restarts its `@since` history; the rule guards
        // the promises made within one compatible line.
        if change.kind == ChangeKind::SinceChanged && bump == Bump::Breaking {
            continue;
        }
        let (severity, verdict) = verdict(&change, bump, old.version(), new.version(), opts);
        let mut message = format!(
            "{} ({versions}); {}",
            change.message,
            change.breaks.describe()
        );
        if let Some(since) = &change.stability.since {
            message.push_str(&format!("; it is stable since {since}"));
        }
        message.push_str(&format!("; {verdict}"));
        if let Some(hint) = &change.rename_hint {
            message.push_str(&format!(" ({hint})"));
        }
        out.push(diagnostic(&change, &at, severity, message, &old));
    }
    if bump == Bump::Same
        && any_change
        && let (Some(version), Some(at)) = (new.version(), new.anchor())
    {
        let to = needed(version, any_breaking);
        out.push(Diagnostic {
            path: at.path,
            range: at.range,
            severity: Severity::Warning,
            code: ChangeKind::VersionBumpNeeded.code(),
            message: format!(
                "{} changed since the baseline but its version is still {version}; the changes need a {} bump, to {to}",
                new.key(),
                bump_name(version, &to)
            ),
            related: Vec::new(),
        });
    }
    out
}

fn verdict(
    change: &Change,
    bump: Bump,
    old: Option<&Version>,
    new: Option<&Version>,
    opts: &Options,
) -> (Severity, String) {
    if change.kind.is_removal()
        && let Some(deprecated) = &change.stability.deprecated
    {
        return match bump {
            Bump::Breaking => (
                Severity::Info,
                format!("it was deprecated in {deprecated}, and this is a breaking bump"),
            ),
            _ => (
                Severity::Error,
                format!(
                    "it was deprecated in {deprecated}, but may be removed only in a breaking bump{}",
                    needs(old, true)
                ),
            ),
        };
    }
    if opts.deny_breaking {
        return (Severity::Error, "breaking changes are denied".into());
    }
    match bump {
        Bump::Breaking => (
            Severity::Info,
            "allowed by the breaking version bump".into(),
        ),
        Bump::Same => (
            Severity::Error,
            format!("the version did not change{}", needs(old, true)),
        ),
        Bump::Compatible => (
            Severity::Error,
            format!(
                "{} is not a breaking bump from {}{}",
                version_text(new),
                version_text(old),
                needs(old, true)
            ),
        ),
        Bump::Downgrade => (Severity::Error, "the version went down".into()),
        Bump::Unversioned => (Severity::Error, "the package has no version to bump".into()),
    }
}

fn needs(old: Option<&Version>, breaking: bool) -> String {
    old.map(|v| format!(" (needs {})", needed(v, breaking)))
        .unwrap_or_default()
}

fn version_text(v: Option<&Version>) -> String {
    v.map_or("unversioned".into(), |v| v.to_string())
}

/// New items of a versioned package should say since when they exist.
fn missing_since(change: &Change, version: Option<&Version>, at: &Location) -> Option<Diagnostic> {
    let version = version?;
    if !change.kind.is_item_addition() || change.stability.since.is_some() {
        return None;
    }
    Some(Diagnostic {
        path: at.path.clone(),
        range: at.range.clone(),
        severity: Severity::Hint,
        code: ChangeKind::MissingSince.code(),
        message: format!(
            "`{}` is new; add `@since(version = {version})`",
            change.item
        ),
        related: Vec::new(),
    })
}

fn diagnostic(
    change: &Change,
    at: &Location,
    severity: Severity,
    message: String,
    old: &PackageView<'_>,
) -> Diagnostic {
    let mut related = Vec::new();
    if let Some(loc) = &change.old {
        related.push(Related {
            path: loc.path.clone(),
            range: loc.range.clone(),
            message: format!("in the baseline, {}", old.display_name()),
        });
    }
    related.extend(change.uses.iter().map(|(label, loc)| Related {
        path: loc.path.clone(),
        range: loc.range.clone(),
        message: label.clone(),
    }));
    Diagnostic {
        path: at.path.clone(),
        range: at.range.clone(),
        severity,
        code: change.kind.code(),
        message,
        related,
    }
}

/// The quick fix for a `missing-since` hint: insert the `@since` line above
/// the item, indented like it. Returns the insertion offset and the text.
pub fn since_quick_fix(text: &str, diagnostic: &Diagnostic) -> Option<(usize, String)> {
    if diagnostic.code != ChangeKind::MissingSince.code() {
        return None;
    }
    let version = diagnostic
        .message
        .split("@since(version = ")
        .nth(1)?
        .split(')')
        .next()?;
    let line_start = text
        .get(..diagnostic.range.start)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    Some((line_start, format!("{indent}@since(version = {version})\n")))
}
