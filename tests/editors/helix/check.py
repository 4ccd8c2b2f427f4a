"""Checks languages.toml against Helix's documented languages.toml schema.

Helix itself cannot be installed on our machines (no Debian package), so this
is the most we can prove: the file is TOML, uses only keys Helix documents
(https://docs.helix-editor.com/languages.html, Helix 23.10 and later), every
server a language names is defined, and the language is the `wit` that
Helix's built-in languages.toml already declares for `.wit` files.
Usage: python3 check.py languages.toml
"""

import sys
import tomllib

# Keys the Helix book documents for a [language-server.<name>] table.
SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
# Of the documented [[language]] keys, the ones a server setup may use.
LANGUAGE_KEYS = {"name", "language-id", "scope", "file-types", "roots", "language-servers",
                 "auto-format", "diagnostic-severity", "formatter", "workspace-lsp-roots"}
# An entry of `language-servers` may be a name or a table naming the server.
SERVER_REF_KEYS = {"name", "only-features", "except-features"}


def fail(path, message):
    sys.exit(f"{path}: {message}")


def is_string_list(value):
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def check_servers(path, servers):
    for name, server in servers.items():
        where = f"[language-server.{name}]"
        unknown = set(server) - SERVER_KEYS
        if unknown:
            fail(path, f"{where} has keys Helix does not know: {sorted(unknown)}")
        if not isinstance(server.get("command"), str):
            fail(path, f"{where} needs `command` as a string")
        if "args" in server and not is_string_list(server["args"]):
            fail(path, f"{where} `args` must be a list of strings")


def referenced_server(path, where, entry):
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and isinstance(entry.get("name"), str) and set(entry) <= SERVER_REF_KEYS:
        return entry["name"]
    fail(path, f"{where} `language-servers` entry {entry!r} is neither a name nor {{ name = ... }}")


def check_languages(path, languages, servers):
    if not languages:
        fail(path, "no [[language]] table")
    for language in languages:
        where = f"[[language]] {language.get('name')!r}"
        unknown = set(language) - LANGUAGE_KEYS
        if unknown:
            fail(path, f"{where} has keys Helix does not know: {sorted(unknown)}")
        if language.get("name") != "wit":
            fail(path, f"{where}: Helix's built-in language for .wit files is named \"wit\"")
        if "roots" in language and not is_string_list(language["roots"]):
            fail(path, f"{where} `roots` must be a list of strings")
        refs = language.get("language-servers")
        if not isinstance(refs, list) or not refs:
            fail(path, f"{where} needs a non-empty `language-servers` list")
        for entry in refs:
            name = referenced_server(path, where, entry)
            if name not in servers:
                fail(path, f"{where} names server {name!r}, which no [language-server.{name}] defines")


def main():
    path = sys.argv[1]
    with open(path, "rb") as file:
        try:
            config = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            fail(path, f"not valid TOML: {error}")
    unknown = set(config) - {"language-server", "language", "use-grammars", "grammar"}
    if unknown:
        fail(path, f"top-level keys Helix does not know: {sorted(unknown)}")
    servers = config.get("language-server", {})
    check_servers(path, servers)
    check_languages(path, config.get("language", []), servers)
    if servers.get("wit-analyzer", {}).get("command") != "wit-analyzer":
        fail(path, "expected [language-server.wit-analyzer] to run `wit-analyzer`")
    print(f"helix config check passed: {path} follows Helix's languages.toml schema")


main()
