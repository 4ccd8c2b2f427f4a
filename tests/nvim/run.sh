#!/bin/sh
# Runs the headless Neovim client test on a fresh fixture workspace.
# Needs `nvim` (Debian: apt-get install neovim) and a built server
# (default target/debug/wit-analyzer; override with WIT_ANALYZER_BIN).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
WIT_ANALYZER_BIN=${WIT_ANALYZER_BIN:-$repo/target/debug/wit-analyzer}
export WIT_ANALYZER_BIN
[ -x "$WIT_ANALYZER_BIN" ] || { echo "no server binary at $WIT_ANALYZER_BIN; run cargo build -p wit-analyzer" >&2; exit 1; }
command -v nvim >/dev/null || { echo "nvim is not installed (apt-get install neovim)" >&2; exit 1; }

WIT_ROOT=$(mktemp -d)
export WIT_ROOT
trap 'rm -rf "$WIT_ROOT"' EXIT
mkdir -p "$WIT_ROOT/app" "$WIT_ROOT/shapes"
cat > "$WIT_ROOT/shapes/geometry.wit" <<'WIT'
package demo:shapes;

interface geometry {
  record point { x: u32, y: u32 }
}
WIT
cat > "$WIT_ROOT/app/app.wit" <<'WIT'
package demo:app;

interface canvas {
  use demo:shapes/geometry.{point};
  area: func(p: point) -> u64;
  label: func() -> strin;
}
WIT
cd "$WIT_ROOT"
timeout 90 nvim --headless -u NONE -i NONE -n -c "luafile $here/attach.lua"
