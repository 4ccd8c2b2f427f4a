#!/bin/sh
# Emacs 28 + eglot as a client of wit-analyzer, in batch mode, configured by
# exactly the snippet README.md shows (wit-analyzer.el in this directory).
# Installs emacs-nox and elpa-eglot from Debian when Emacs or eglot is missing.
# Needs a built server (default target/debug/wit-analyzer; override with
# WIT_ANALYZER_BIN).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
WIT_ANALYZER_BIN=${WIT_ANALYZER_BIN:-$repo/target/debug/wit-analyzer}
[ -x "$WIT_ANALYZER_BIN" ] || { echo "no server binary at $WIT_ANALYZER_BIN; run cargo build -p wit-analyzer" >&2; exit 1; }

# The README must show the tested snippet verbatim, or the test proves nothing.
python3 "$here/../readme_shows.py" "$repo/README.md" "$here/wit-analyzer.el" elisp

has_eglot() {
  command -v emacs >/dev/null &&
    emacs --batch --eval '(progn (package-initialize) (kill-emacs (if (fboundp (quote eglot-ensure)) 0 1)))' 2>/dev/null
}
if ! has_eglot; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq emacs-nox elpa-eglot
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Emacs finds the server the way a user's Emacs does: as `wit-analyzer' on PATH.
mkdir "$scratch/bin" "$scratch/home"
ln -s "$WIT_ANALYZER_BIN" "$scratch/bin/wit-analyzer"
cp -R "$repo/wit-samples/wit" "$scratch/wit"
WIT_ROOT=$scratch/wit
export WIT_ROOT
sed -i 's/list<string>;/list<strin>;/' "$WIT_ROOT/store.wit"
grep -q 'list<strin>;' "$WIT_ROOT/store.wit" || { echo "could not break wit-samples/wit/store.wit: its keys function changed" >&2; exit 1; }

# A fresh HOME keeps the user's own init and packages out; Debian's site-start
# stays, as for a user. Batch mode skips package activation, which a normal
# start does, so package-initialize brings in elpa-eglot as Emacs 28 would.
HOME=$scratch/home PATH=$scratch/bin:$PATH timeout 60 \
  emacs --batch --eval '(package-initialize)' \
  -l "$here/wit-analyzer.el" -l "$here/attach.el" ||
  { status=$?; [ "$status" -ne 124 ] || echo "emacs test timed out after 60 s" >&2; exit "$status"; }
