"""Checks the Zed dev extension the way Zed's extension builder would see it.

Zed reads extension.toml, builds the crate for wasm32-wasip2, and refuses a
component without a `zed:api-version` custom section (which
zed_extension_api puts into the core module). Zed itself cannot be installed
here, so this proves the manifest shape and the built artifact, not that Zed
runs it.
Usage: python3 check.py extension.toml built.wasm
"""

import sys
import tomllib

COMPONENT_HEADER = b"\0asm\x0d\x00\x01\x00"
CUSTOM_SECTION, CORE_MODULE_SECTION, COMPONENT_SECTION = 0, 1, 4
# The language that Zed's WIT language extension registers.
WIT_LANGUAGE = "WIT"


def fail(path, message):
    sys.exit(f"{path}: {message}")


def check_manifest(path):
    with open(path, "rb") as file:
        try:
            manifest = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            fail(path, f"not valid TOML: {error}")
    for key in ("id", "name", "version"):
        if not isinstance(manifest.get(key), str):
            fail(path, f"`{key}` must be a string")
    if not isinstance(manifest.get("schema_version"), int):
        fail(path, "`schema_version` must be an integer")
    servers = manifest.get("language_servers", {})
    server = servers.get("wit-analyzer")
    if server is None:
        # README tells users to list "wit-analyzer" in Zed's `language_servers` setting.
        fail(path, "no [language_servers.wit-analyzer]")
    if WIT_LANGUAGE not in server.get("languages", []):
        fail(path, f"[language_servers.wit-analyzer] `languages` must include {WIT_LANGUAGE!r}")


def read_leb128(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, offset


def custom_sections(binary):
    """Yields (name, payload) of every custom section, in nested modules and components too."""
    offset = 8
    while offset < len(binary):
        section_id = binary[offset]
        size, offset = read_leb128(binary, offset + 1)
        payload = binary[offset:offset + size]
        offset += size
        if section_id == CUSTOM_SECTION:
            name_length, name_start = read_leb128(payload, 0)
            name_end = name_start + name_length
            yield payload[name_start:name_end].decode("utf-8"), payload[name_end:]
        elif section_id in (CORE_MODULE_SECTION, COMPONENT_SECTION) and payload[:4] == b"\0asm":
            yield from custom_sections(payload)


def check_component(path):
    with open(path, "rb") as file:
        binary = file.read()
    if not binary.startswith(COMPONENT_HEADER):
        fail(path, "is not a WebAssembly component (wrong header)")
    versions = [payload for name, payload in custom_sections(binary) if name == "zed:api-version"]
    if len(versions) != 1 or len(versions[0]) != 6:
        fail(path, "has no single 6-byte `zed:api-version` section; Zed would refuse it")
    raw = versions[0]
    major, minor, patch = (int.from_bytes(raw[i:i + 2], "big") for i in (0, 2, 4))
    return f"{major}.{minor}.{patch}"


manifest_path, wasm_path = sys.argv[1:]
check_manifest(manifest_path)
api_version = check_component(wasm_path)
print(f"zed extension check passed: manifest is well formed, {wasm_path} is a component for Zed extension API {api_version}")
