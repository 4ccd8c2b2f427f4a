//! The root of the compose sample: world `demo:compose/app`. It imports
//! `demo:compose/names`, which no host provides: plug the names component
//! into it with `wit-analyzer compose`, then run the result.
//!
//! Build: `wit-analyzer build demo:compose/app --root wit-samples`.

wit_bindgen::generate!({
    path: "../wit",
    world: "demo:compose/app",
});

use demo::compose::names;

struct Component;

export!(Component);

impl Guest for Component {
    fn greet(id: u32) -> String {
        format!("Hello, {}!", names::lookup(id))
    }

    fn greet_all() -> Vec<String> {
        (0..names::count()).map(Self::greet).collect()
    }
}
