//! `@unstable(feature = x)` gates as the workspace is configured: an item
//! behind a gate that is off is left out of its package by wit-parser, so
//! the features treat it as not there to use.

use syntax::{
    SyntaxNode,
    ast::{self, AstNode, AttributeKind},
};

use crate::workspace::Features;

/// The feature of `item`'s `@unstable` gate when that feature is off.
pub fn disabled_feature(item: &SyntaxNode, features: &Features) -> Option<String> {
    let Features::Enabled(enabled) = features else {
        return None;
    };
    item.children()
        .filter_map(ast::Attribute::cast)
        .filter(|attribute| attribute.kind() == AttributeKind::Unstable)
        .filter_map(|attribute| attribute.feature())
        .map(|feature| feature.text())
        .find(|feature| !enabled.contains(feature))
}
