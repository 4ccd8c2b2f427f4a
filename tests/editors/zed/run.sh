#!/bin/sh
# Builds the Zed dev extension as Zed's extension builder does (cargo build
# --target wasm32-wasip2) and checks the manifest and the built component.
# Zed cannot be installed here: this proves the extension compiles against
# the real zed_extension_api and has what Zed checks for, not that Zed runs it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$repo/target}
if command -v rustup >/dev/null; then
  rustup target add wasm32-wasip2
fi
cargo build --locked --target wasm32-wasip2 --target-dir "$target_dir" --manifest-path "$here/Cargo.toml"
python3 "$here/check.py" "$here/extension.toml" "$target_dir/wasm32-wasip2/debug/zed_wit_analyzer.wasm"
