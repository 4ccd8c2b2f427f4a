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
        let candidates = (0..old.len()).filter(|&i| !claimed[i] && old[i].key() == current.key());
        let not_newer = candidates.clone().filter(|&i| old[i].version() <= current.version());
        let best = not_newer
            .clone()
            .filter(|&i| !is_prerelease(&old[i]))
            .max_by_key(|&i| old[i].version())
            .or_else(|| not_newer.max_by_key(|&i| old[i].version()))
            // Only newer baselines left: the version went down; still
            // compare, so that the policy can say so.
            .or_else(|| candidates.min_by_key(|&i| old[i].version()));
        if let Some(i) = best {
            if is_prerelease(current) && !new.iter().all(|n| n.key() != current.key() || is_prerelease(n)) {
                // A draft next to a release: the release took its pair above,
                // and a leftover newer baseline is not this draft's history.
                if old[i].version() > current.version() {
                    continue;
                }
            }
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
