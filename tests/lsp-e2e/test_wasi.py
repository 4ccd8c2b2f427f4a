"""The issue's end-to-end cases on WASI 0.2.12: wasi:http's types.wit and
wasi:io's streams.wit, which it uses through deps.toml paths."""

import re

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import change_document, diagnostics_where, open_document, position_of

HTTP_TYPES = "proposals/http/wit/types.wit"
IO_STREAMS = "proposals/io/wit/streams.wit"


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


@pytest.mark.asyncio
async def test_http_types_opens_without_diagnostics(client: LanguageClient, wasi):
    uri, _ = open_document(client, wasi / HTTP_TYPES)
    published = await diagnostics_where(client, uri, lambda p: p.version == 1)
    assert list(published.diagnostics) == []


@pytest.mark.asyncio
async def test_definition_of_input_stream_lands_in_wasi_io_streams(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    # The use in `%stream: func() -> result<input-stream>;`.
    position = position_of(text, "result<input-stream>", offset_in_needle=len("result<") + 3)
    result = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc(uri), position=position)
    )
    location = result if isinstance(result, types.Location) else result[0]
    streams = (wasi / IO_STREAMS).read_text()
    assert location.uri == (wasi / IO_STREAMS).as_uri()
    assert location.range.start == position_of(streams, "input-stream {")


@pytest.mark.asyncio
async def test_hover_shows_the_signature_and_docs(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    position = position_of(text, "resource fields", offset_in_needle=len("resource f"))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert hover is not None
    assert "resource fields" in hover.contents.value
    # The doc comment above the resource.
    assert "This following block defines the `fields` resource" in hover.contents.value
    # wasi:http resolves (with wasi:io and wasi:clocks through deps.toml), so
    # the Canonical ABI facts are there: a resource is an i32 handle.
    assert "Canonical ABI (wasm32): `own<fields>` and `borrow<fields>` are handles, one i32: size 4 bytes" in hover.contents.value


@pytest.mark.asyncio
async def test_hover_on_a_function_counts_flat_values(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    # `%stream: func() -> result<input-stream>;`: one handle in, result spills.
    position = position_of(text, "%stream: func()", offset_in_needle=2)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=doc(uri), position=position))
    assert "Canonical ABI (as an import): parameters 1 flat value(s); results more than 1 flat value" in hover.contents.value, hover.contents.value


@pytest.mark.asyncio
async def test_references_to_input_stream_span_packages(client: LanguageClient, wasi):
    uri, streams_text = open_document(client, wasi / IO_STREAMS)
    position = position_of(streams_text, "resource input-stream", offset_in_needle=len("resource i"))
    found = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc(uri), position=position, context=types.ReferenceContext(include_declaration=False)
        )
    )
    files = {location.uri for location in found}
    assert (wasi / HTTP_TYPES).as_uri() in files, files
    assert (wasi / "proposals/filesystem/wit/types.wit").as_uri() in files, files


def code_occurrences(text: str, name: str) -> set[tuple[int, int]]:
    """(line, UTF-16 column) of `name` as an identifier outside comments."""
    found = set()
    pattern = re.compile(rf"(?<![\w%-]){re.escape(name)}(?![\w-])")
    for number, line in enumerate(text.split("\n")):
        code = line.split("//", 1)[0]
        for match in pattern.finditer(code):
            found.add((number, len(code[: match.start()].encode("utf-16-le")) // 2))
    return found


@pytest.mark.asyncio
async def test_rename_fields_edits_every_use_and_nothing_else(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    position = position_of(text, "resource fields", offset_in_needle=len("resource f"))
    prepared = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(text_document=doc(uri), position=position)
    )
    assert prepared is not None
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc(uri), position=position, new_name="header-map")
    )
    edited = {
        (e.range.start.line, e.range.start.character)
        for file_uri, edits in edit.changes.items()
        for e in edits
        if file_uri == uri
    }
    assert all(e.new_text == "header-map" for edits in edit.changes.values() for e in edits)
    assert edited == code_occurrences(text, "fields")
    assert len(edited) >= 5


@pytest.mark.asyncio
async def test_rename_refuses_a_keyword(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    position = position_of(text, "resource fields", offset_in_needle=len("resource f"))
    with pytest.raises(Exception, match="keyword"):
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc(uri), position=position, new_name="record")
        )


@pytest.mark.asyncio
async def test_an_edit_adds_an_error_on_its_line_and_the_next_edit_clears_it(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    await diagnostics_where(client, uri, lambda p: p.version == 1)
    target = position_of(text, "result<input-stream>", offset_in_needle=len("result<"))
    end = types.Position(line=target.line, character=target.character + len("input-stream"))

    change_document(client, uri, 2, target, end, "input-streem")
    broken = await diagnostics_where(client, uri, lambda p: p.version == 2)
    assert [d.range.start.line for d in broken.diagnostics] == [target.line], broken.diagnostics
    assert "input-streem" in broken.diagnostics[0].message

    change_document(client, uri, 3, target, end, "input-stream")
    fixed = await diagnostics_where(client, uri, lambda p: p.version == 3)
    assert list(fixed.diagnostics) == []


@pytest.mark.asyncio
async def test_completion_offers_input_stream_after_result_inp(client: LanguageClient, wasi):
    uri, text = open_document(client, wasi / HTTP_TYPES)
    line = position_of(text, "%stream: func()").line
    insert_at = types.Position(line=line, character=0)
    change_document(client, uri, 2, insert_at, insert_at, "    probe: func() -> result<inp\n")
    cursor = types.Position(line=line, character=len("    probe: func() -> result<inp"))
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=doc(uri), position=cursor)
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    labels = {item.label for item in items}
    assert "input-stream" in labels, sorted(labels)
