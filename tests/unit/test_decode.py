"""Decoding: BOMs, UTF-8, the cp1252 fallback, and binary data refused."""

import codecs

import pytest

from explorer.parse.decode import DecodeError, decode

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
