//! What a version change allows. A breaking bump is a new major version, or
//! a new minor one while the major is 0 (Cargo's reading of semver, which
//! WIT packages follow). Leaving a pre-release promises nothing either way.

use semver::Version;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bump {
    /// Same version: nothing may change.
    Same,
    /// Breaking changes are allowed.
    Breaking,
    /// Only compatible additions are allowed.
    Compatible,
    /// The version went down; treated like [`Bump::Compatible`].
    Downgrade,
    /// One side has no version, so no promise can be read from it.
    Unversioned,
}

pub fn classify(old: Option<&Version>, new: Option<&Version>) -> Bump {
    let (Some(old), Some(new)) = (old, new) else {
        return Bump::Unversioned;
    };
    if old == new {
        Bump::Same
    } else if new < old {
        Bump::Downgrade
    } else if !old.pre.is_empty()
        || new.major != old.major
        || (old.major == 0 && (new.minor != old.minor || old.minor == 0))
    {
        Bump::Breaking
    } else {
        Bump::Compatible
    }
}

/// The smallest version after `old` that allows the changes.
pub fn needed(old: &Version, breaking: bool) -> Version {
    match (breaking, old.major, old.minor) {
        (true, 0, 0) => Version::new(0, 0, old.patch + 1),
        (true, 0, minor) => Version::new(0, minor + 1, 0),
        (true, major, _) => Version::new(major + 1, 0, 0),
        (false, 0, minor) => Version::new(0, minor, old.patch + 1),
        (false, major, minor) => Version::new(major, minor + 1, 0),
    }
}

/// "major", "minor" or "patch", for the bump from `old` to `to`.
pub fn bump_name(old: &Version, to: &Version) -> &'static str {
    if to.major != old.major {
        "major"
    } else if to.minor != old.minor {
        "minor"
    } else {
        "patch"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    #[test]
    fn classifies_bumps() {
        let cases = [
            ("1.2.3", "1.2.3", Bump::Same),
            ("1.2.3", "2.0.0", Bump::Breaking),
            ("1.2.3", "1.3.0", Bump::Compatible),
            ("1.2.3", "1.2.4", Bump::Compatible),
            ("0.2.0", "0.3.0", Bump::Breaking),
            ("0.2.0", "0.2.12", Bump::Compatible),
            ("0.0.1", "0.0.2", Bump::Breaking),
            ("0.3.0-rc-2026-03-15", "0.3.0", Bump::Breaking),
            ("0.3.0", "0.2.12", Bump::Downgrade),
        ];
        for (old, new, want) in cases {
            assert_eq!(
                classify(Some(&v(old)), Some(&v(new))),
                want,
                "{old} -> {new}"
            );
        }
        assert_eq!(classify(None, Some(&v("1.0.0"))), Bump::Unversioned);
    }

    #[test]
    fn names_the_needed_version() {
        assert_eq!(needed(&v("1.2.3"), true), v("2.0.0"));
        assert_eq!(needed(&v("1.2.3"), false), v("1.3.0"));
        assert_eq!(needed(&v("0.2.3"), true), v("0.3.0"));
        assert_eq!(needed(&v("0.2.3"), false), v("0.2.4"));
        assert_eq!(needed(&v("0.0.3"), true), v("0.0.4"));
        assert_eq!(bump_name(&v("0.2.3"), &v("0.3.0")), "minor");
    }
}
