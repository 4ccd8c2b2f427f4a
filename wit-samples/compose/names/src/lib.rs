//! The plug of the compose sample: world `demo:compose/names-provider`.
//! Every name it returns says where it came from, so a test can tell that a
//! call crossed from the app into this component.
//!
//! Build: `wit-analyzer build demo:compose/names-provider --root wit-samples`.

wit_bindgen::generate!({
    path: "../wit",
    world: "demo:compose/names-provider",
});

use exports::demo::compose::names::Guest;

const NAMES: [&str; 3] = ["Ada", "Grace", "Edsger"];

struct Component;

export!(Component);

impl Guest for Component {
    fn lookup(id: u32) -> String {
        match NAMES.get(id as usize) {
            Some(name) => format!("{name} (from names)"),
            None => format!("#{id} (unknown to names)"),
        }
    }

    fn count() -> u32 {
        NAMES.len() as u32
    }
}
