"""End-to-end tests of `wit-analyzer` over stdio, driven by pytest-lsp.

The server runs as a subprocess on a copy of WASI 0.2.12's published WIT.
Set WIT_ANALYZER_BIN to test another build (default: target/debug) and
WIT_CORPUS to use another copy of the corpus (default: ../shared/corpus/wasi
beside the repository, as for the Rust tests).
"""

import asyncio
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pygls.protocol import default_converter

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("WIT_ANALYZER_BIN", str(REPO / "target" / "debug" / "wit-analyzer"))
CORPUS = pathlib.Path(os.environ.get("WIT_CORPUS", REPO.parent / "shared" / "corpus" / "wasi")) / "0.2.12"

# Long enough for a cold debug build on a loaded machine; waits end as soon
# as the awaited message arrives.
PATIENCE = 60.0


def record_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams):
    """Keeps every publish (pytest-lsp keeps only the latest, without its version)."""
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record_diagnostics
    register_lsp_features(client, features)
    client.published = []
    return client


@pytest.fixture(scope="module")
def wasi(tmp_path_factory) -> pathlib.Path:
    """A private copy of the corpus: the tests must never edit the original."""
    if not CORPUS.is_dir():
        pytest.fail(f"the WASI corpus is missing at {CORPUS} (set WIT_CORPUS)")
    if not pathlib.Path(BIN).is_file():
        pytest.fail(f"no server binary at {BIN}: run `cargo build -p wit-analyzer` (or set WIT_ANALYZER_BIN)")
    root = tmp_path_factory.mktemp("wasi") / "0.2.12"
    shutil.copytree(CORPUS, root)
    return root.resolve()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN], client_factory=make_client))
async def client(lsp_client: LanguageClient, wasi: pathlib.Path):
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
        text_document=types.TextDocumentClientCapabilities(
            rename=types.RenameClientCapabilities(prepare_support=True),
        ),
    )
    folder = types.WorkspaceFolder(uri=wasi.as_uri(), name="wasi")
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=capabilities, root_uri=wasi.as_uri(), workspace_folders=[folder])
    )
    yield
    await lsp_client.shutdown_session()


async def diagnostics_where(client: LanguageClient, uri: str, accept) -> types.PublishDiagnosticsParams:
    """The first publish for `uri` that `accept` takes, waiting for it if need be."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while loop.time() < deadline:
        for params in client.published:
            if params.uri == uri and accept(params):
                return params
        await asyncio.sleep(0.02)
    seen = [(p.version, len(p.diagnostics)) for p in client.published if p.uri == uri]
    raise AssertionError(f"no matching diagnostics for {uri}; got (version, count): {seen}")


def open_document(client: LanguageClient, path: pathlib.Path) -> tuple[str, str]:
    """Opens `path` as version 1; its URI and the text the server was sent."""
    uri = path.as_uri()
    text = path.read_text()
    item = types.TextDocumentItem(uri=uri, language_id="wit", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri, text


def position_of(text: str, needle: str, nth: int = 0, offset_in_needle: int = 0) -> types.Position:
    """The UTF-16 position of the nth occurrence of `needle` (plus an offset into it)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    start += offset_in_needle
    line = text.count("\n", 0, start)
    line_start = text.rfind("\n", 0, start) + 1
    column = len(text[line_start:start].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column)


def change_document(client: LanguageClient, uri: str, version: int, start: types.Position, end: types.Position, text: str):
    """One incremental `didChange` replacing start..end with `text`."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=text)],
        )
    )
