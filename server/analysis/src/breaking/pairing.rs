//! Which baseline package each current package is compared with.
//!
//! Packages match by namespace and name, ignoring version. A workspace may
//! hold several versions of one package (WASI 0.2.12 ships wasi:cli@0.2.12
//! and a wasi:cli@0.3.0-rc draft side by side), so each current package is
//! paired with the newest baseline version not newer than it, releases
//! first: a release is compared with the previous release, and a draft only
//! with what is left. A baseline package whose name lives on under another
//! version was superseded; only a name that is gone entirely was removed.

use super::view::PackageView;

pub struct Pairing<'a> {
    pub pairs: Vec<(PackageView<'a>, PackageView<'a>)>,
    pub removed: Vec<PackageView<'a>>,
}

pub fn pair<'a>(old: &[PackageView<'a>], new: &[PackageView<'a>]) -> Pairing<'a> {
    let mut claimed = vec![false; old.len()];
    let mut pairs = Vec::new();
    let mut order: Vec<&PackageView<'a>> = new.iter().collect();
    // Releases before drafts, each in ascending version order.
    order.sort_by_key(|v| (is_prerelease(v), v.version().cloned()));
    for current in order {
        let key = current.key();
        let candidates: Vec<usize> = (0..old.len())
            .filter(|&i| !claimed[i] && old[i].key() == key)
            .collect();
        let not_newer = || {
            candidates
                .iter()
                .copied()
                .filter(|&i| old[i].version() <= current.version())
        };
        let newest_release = not_newer()
            .filter(|&i| !is_prerelease(&old[i]))
            .max_by_key(|&i| old[i].version());
        let newest = not_newer().max_by_key(|&i| old[i].version());
        // Only newer baselines left: the version went down. Still compare,
        // so that the policy can say so, unless this is a draft beside a
        // release, which is then the newer baseline's successor.
        let has_release = new.iter().any(|n| n.key() == key && !is_prerelease(n));
        let went_down = match is_prerelease(current) && has_release {
            true => None,
            false => candidates.iter().copied().min_by_key(|&i| old[i].version()),
        };
        if let Some(i) = newest_release.or(newest).or(went_down) {
            claimed[i] = true;
            pairs.push((old[i], *current));
        }
    }
    let removed = old
        .iter()
        .enumerate()
        .filter(|(i, o)| !claimed[*i] && !new.iter().any(|n| n.key() == o.key()))
        .map(|(_, o)| *o)
        .collect();
    Pairing { pairs, removed }
}

fn is_prerelease(view: &PackageView<'_>) -> bool {
    view.version().is_some_and(|v| !v.pre.is_empty())
}

#[cfg(test)]
mod tests {
    use wit_parser::Resolve;

    use super::*;

    /// A resolve holding one empty package per name, e.g. `a:b@1.0.0`.
    fn packages(names: &[&str]) -> Resolve {
        let mut resolve = Resolve::new();
        for (i, name) in names.iter().enumerate() {
            resolve
                .push_str(
                    format!("{i}.wit"),
                    &format!("package {name};\ninterface i {{}}\n"),
                )
                .unwrap();
        }
        resolve
    }

    fn pairs(old: &[&str], new: &[&str]) -> (Vec<String>, Vec<String>) {
        let (old_r, new_r) = (packages(old), packages(new));
        let old_v: Vec<PackageView<'_>> = old_r
            .packages
            .iter()
            .map(|(id, _)| PackageView::new(&old_r, id))
            .collect();
        let new_v: Vec<PackageView<'_>> = new_r
            .packages
            .iter()
            .map(|(id, _)| PackageView::new(&new_r, id))
            .collect();
        let pairing = pair(&old_v, &new_v);
        let mut paired: Vec<String> = pairing
            .pairs
            .iter()
            .map(|(o, n)| format!("{} -> {}", o.display_name(), n.display_name()))
            .collect();
        paired.sort();
        (
            paired,
            pairing.removed.iter().map(|p| p.display_name()).collect(),
        )
    }

    #[test]
    fn a_release_pairs_with_the_previous_release_and_a_new_draft_stands_alone() {
        let (paired, removed) = pairs(&["w:cli@0.2.0"], &["w:cli@0.2.12", "w:cli@0.3.0-rc-1"]);
        assert_eq!(paired, ["w:cli@0.2.0 -> w:cli@0.2.12"]);
        assert!(removed.is_empty());
    }

    #[test]
    fn a_superseded_draft_is_not_removed_and_a_vanished_name_is() {
        let (paired, removed) = pairs(
            &["w:cli@0.2.12", "w:cli@0.3.0-rc-1", "w:io@0.2.12"],
            &["w:cli@0.3.0"],
        );
        assert_eq!(paired, ["w:cli@0.2.12 -> w:cli@0.3.0"]);
        assert_eq!(removed, ["w:io@0.2.12"]);
    }

    #[test]
    fn a_lower_version_still_pairs_so_the_policy_can_object() {
        let (paired, _) = pairs(&["w:a@2.0.0"], &["w:a@1.0.0"]);
        assert_eq!(paired, ["w:a@2.0.0 -> w:a@1.0.0"]);
    }

    #[test]
    fn a_draft_alone_pairs_with_the_draft_before_it() {
        let (paired, _) = pairs(&["w:a@0.3.0-rc-1"], &["w:a@0.3.0-rc-2"]);
        assert_eq!(paired, ["w:a@0.3.0-rc-1 -> w:a@0.3.0-rc-2"]);
    }
}
