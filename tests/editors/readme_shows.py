"""Fails unless README.md shows FILE verbatim as a fenced block of LANG.

The editor setups in the README are what users copy, and the tests here run
or validate the files; this keeps the two from drifting apart.
Usage: python3 readme_shows.py README.md FILE LANG
"""

import sys

readme_path, file_path, lang = sys.argv[1:]
with open(readme_path, encoding="utf-8") as readme, open(file_path, encoding="utf-8") as shown:
    block = f"```{lang}\n{shown.read()}```\n"
    if block not in readme.read():
        sys.exit(f"{readme_path} has no ```{lang} block equal to {file_path}; update one to match the other")
