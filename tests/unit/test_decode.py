"""Decoding: BOMs, UTF-8, the cp1252 fallback, and binary data refused."""

import codecs
import importlib

import pytest

from explorer.parse.decode import DecodeError, decode, decode_counted

decode_module = importlib.import_module("explorer.parse.decode")  # explorer.parse.decode is also a function

TEXT = "## 1.0.0 – “quoted” café\n- change\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-nobom", "cp1252"],
)
def test_text_encodings_decode_to_the_same_text(data):
    assert decode(data) == TEXT


def test_line_endings_become_newlines():
    assert decode(b"a\r\nb\rc\n") == "a\nb\nc\n"


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 100, b"PK\x03\x04\x00\x00binary", bytes(range(256)) * 4])
def test_binary_data_is_an_error(data):
    with pytest.raises(DecodeError):
        decode(data)


def test_empty_input_is_empty_text():
    assert decode(b"") == ""


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + ("## 1.0.0 – café\r\n- a change ✓\r\n" * 40).encode("utf-8"),
        ("## 2.0.0\n- ünïcode\rand a CR\n" * 40).encode("utf-8"),
        ("## 1.0.0\n- bad byte \xff\n" * 40).encode("latin-1"),  # not UTF-8: decoded whole, bytes replaced
        TEXT.encode("utf-16") * 30,
    ],
    ids=["utf8-bom-crlf", "utf8-cr", "cp1252", "utf16"],
)
def test_large_text_in_pieces_is_the_text(data, monkeypatch):
    """A large file is decoded a piece at a time, each ending after a newline: the pieces join
    to what decoding it whole gives, and parse to the same changes."""
    from explorer.export import to_json
    from explorer.parse import decode_pieces, parse_text

    monkeypatch.setattr(decode_module, "LARGE_BYTES", 64)
    monkeypatch.setattr(decode_module, "PIECE_BYTES", 50)
    pieces, replaced = decode_pieces(data)
    assert ["".join(pieces), replaced] == list(decode_counted(data))
    assert all(piece.endswith("\n") for piece in pieces[:-1])
    if data.startswith(b"## 2"):
        assert len(pieces) > 10
    assert to_json(parse_text(pieces, "notes.md").changes) == to_json(parse_text(decode(data), "notes.md").changes)
