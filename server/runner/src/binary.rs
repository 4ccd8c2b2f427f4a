//! What a component file holds, told apart before wasmtime sees it: a wrong
//! file gets a sentence that says what it is, not a dump of magic bytes.

use std::{borrow::Cow, path::Path};

use wat::Detect;

/// The component's binary: the bytes as they are, or WAT text encoded.
/// `path` only names the file in WAT errors.
pub(crate) fn component_binary<'a>(
    bytes: &'a [u8],
    path: Option<&Path>,
) -> Result<Cow<'a, [u8]>, String> {
    match Detect::from_bytes(bytes) {
        Detect::WasmBinary if is_core_module(bytes) => Err(
            "this is a core WebAssembly module, not a component; make it one with \
             `wasm-tools component new` (or build for the wasm32-wasip2 target)"
                .into(),
        ),
        Detect::WasmBinary => Ok(Cow::Borrowed(bytes)),
        Detect::WasmText => wat::Parser::new()
            .parse_bytes(path, bytes)
            .map_err(|e| format!("invalid WebAssembly text: {e}")),
        Detect::Unknown => Err(
            "not a WebAssembly component: it starts neither with the bytes `\\0asm` \
             (binary) nor with `(` (text)"
                .into(),
        ),
    }
}

/// The preamble is `\0asm`, a version (u16) and a layer (u16): layer 0 is
/// a core module, layer 1 a component.
fn is_core_module(bytes: &[u8]) -> bool {
    bytes.get(6..8) == Some(&[0, 0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_wrong_file_is_named() {
        let core = component_binary(b"\0asm\x01\0\0\0", None).unwrap_err();
        assert!(
            core.contains("core WebAssembly module, not a component"),
            "{core}"
        );
        let text = component_binary(b"package a:b;", None).unwrap_err();
        assert!(text.starts_with("not a WebAssembly component"), "{text}");
        let binary = component_binary(&[0xff, 0xfe, 0], None).unwrap_err();
        assert!(
            binary.starts_with("not a WebAssembly component"),
            "{binary}"
        );
        let bad_wat =
            component_binary(b"(component (oops))", Some(Path::new("x.wat"))).unwrap_err();
        assert!(bad_wat.contains("x.wat:1:"), "{bad_wat}");
    }

    #[test]
    fn text_is_encoded_and_a_component_binary_passes_through() {
        let encoded = component_binary(b"(component)", None).unwrap();
        assert!(encoded.starts_with(b"\0asm") && !is_core_module(&encoded));
        assert!(matches!(
            component_binary(&encoded, None),
            Ok(Cow::Borrowed(_))
        ));
    }
}
