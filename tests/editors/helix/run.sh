#!/bin/sh
# Helix cannot be installed here (no Debian package), so this does not run
# Helix: it checks that the languages.toml README.md shows is this file, and
# that the file follows Helix's documented languages.toml schema. Needs python3 (3.11+ for tomllib).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
python3 "$here/../readme_shows.py" "$repo/README.md" "$here/languages.toml" toml
python3 "$here/check.py" "$here/languages.toml"
