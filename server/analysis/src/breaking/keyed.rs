//! Matching items by name across the two versions.

/// Pairs the items of two name-keyed collections: every old name in its
/// order, then the names only the new version has, in theirs.
pub fn by_name<'a, V: ?Sized + 'a>(
    old: impl Iterator<Item = (&'a String, &'a V)>,
    new: impl Iterator<Item = (&'a String, &'a V)>,
) -> Vec<(&'a String, Option<&'a V>, Option<&'a V>)> {
    let new: Vec<(&String, &V)> = new.collect();
    let mut out: Vec<(&String, Option<&V>, Option<&V>)> = old
        .map(|(name, o)| {
            (
                name,
                Some(o),
                new.iter().find(|(n, _)| *n == name).map(|(_, v)| *v),
            )
        })
        .collect();
    for (name, n) in &new {
        if !out.iter().any(|(o, _, _)| o == name) {
            out.push((name, None, Some(*n)));
        }
    }
    out
}
