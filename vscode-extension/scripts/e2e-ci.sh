#!/usr/bin/env bash
# The extension's end-to-end tests as CI runs them: installs the test VS Code
# (code-server + Chromium), packages the extension with the debug server, and
# runs every case. The build/run case needs Rust's wasm32-wasip2 target.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(cd .. && pwd)

export VSCODE_TEST_ENV="${VSCODE_TEST_ENV:-$root/target/vscode-test-env}"
bash "$root/../shared/tools/install-vscode-test-env.sh" "$VSCODE_TEST_ENV"

# Built even when a binary is there: an old one would test an old server.
if [ -z "${WIT_ANALYZER_SERVER:-}" ]; then
  (cd "$root" && cargo build --locked -p wit-analyzer)
fi
server="${WIT_ANALYZER_SERVER:-${CARGO_TARGET_DIR:-$root/target}/debug/wit-analyzer}"
WIT_ANALYZER_SERVER="$server" npm run package
npm run e2e
