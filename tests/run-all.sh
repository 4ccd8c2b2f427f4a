#!/usr/bin/env bash
# Every test of the project, in one command: what CI runs and what a
# developer runs before pushing. Installs what it needs on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# One target directory for the whole run: a cold wasmtime build takes minutes.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"

section() { printf '\n==> %s\n' "$*"; }

section "toolchain"
# Guest components build for wasm32-wasip2.
rustup target add wasm32-wasip2

section "cargo test (syntax, analysis, runner, CLI)"
cargo test --workspace --locked
