"""Turn the bytes of a file into text: BOM, then UTF-8 (a few bad bytes replaced), then cp1252."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text (binary data, NUL bytes)."""


_BOMS = (  # UTF-32 first: its little-endian BOM begins with UTF-16's
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode release notes; raise DecodeError for data that is not text."""
    return decode_counted(data)[0]


def decode_counted(data: bytes) -> tuple[str, int]:
    """decode(), with how many invalid byte sequences became U+FFFD."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8-sig":
                return _normalise(_utf8(data[len(bom):])), _replaced(data[len(bom):])
            try:
                return _normalise(data.decode(encoding)), 0
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding.upper()} text at byte {exc.start}") from None
    if _looks_like_utf16(data):
        try:
            return _normalise(data.decode("utf-16-le" if data[1] == 0 else "utf-16-be")), 0
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DecodeError("binary data (NUL bytes), not text")
    replaced = 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _utf8(data)
        replaced = _replaced(data)
        if _clearly_not_utf8(data, text):
            text, replaced = data.decode("cp1252", errors="replace"), 0
    if _control_ratio(text) > 0.05:
        raise DecodeError("binary data, not text")
    return _normalise(text), replaced


LARGE_BYTES = 8 << 20  # from this size, text is decoded a piece at a time
PIECE_BYTES = 1 << 20


def decode_pieces(data: bytes) -> tuple[list[str], int]:
    """decode_counted(), as pieces that join to the text, each ending after a newline but the
    last. Large UTF-8 is decoded a megabyte at a time: one decode of 200 MB holds the
    interpreter lock (and so the window) for a tenth of a second. Anything else is one piece."""
    if len(data) >= LARGE_BYTES and b"\x00" not in data:  # NULs: UTF-16 or 32, or not text
        pieces: list[str] = []
        view, start = memoryview(data), 0
        try:
            while start < len(data):
                end = data.find(b"\n", start + PIECE_BYTES) + 1 or len(data)
                # a piece ends after a newline: no character and no CR LF is cut in two
                piece = str(view[start:end], "utf-8")
                pieces.append(piece.replace("\r\n", "\n").replace("\r", "\n") if "\r" in piece else piece)
                start = end
        except UnicodeDecodeError:  # not all UTF-8: decoded whole, with its replacements
            pieces = []
        if pieces and _control_ratio(pieces[0]) <= 0.05:
            pieces[0] = pieces[0].lstrip("\ufeff")
            return pieces, 0
    text, replaced = decode_counted(data)
    return [text], replaced


def _replaced(data: bytes) -> int:
    """How many invalid UTF-8 sequences the data holds (each one U+FFFD once decoded)."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count(b"\xef\xbf\xbd")


def _utf8(data: bytes) -> str:
    """UTF-8, each invalid sequence replaced by U+FFFD (a cut or a stray byte spoils one
    character, not the file)."""
    return data.decode("utf-8", errors="replace")


# Bytes that cp1252 leaves undefined, and 0xFF: never part of UTF-8, and as cp1252 a "ÿ" that
# release notes all but never hold, it is the usual stray byte of a damaged UTF-8 file.
_NOT_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d", b"\xff")


def _clearly_not_utf8(data: bytes, text: str) -> bool:
    """Whether text (data read as UTF-8 with replacements) is a misreading of cp1252: more
    invalid sequences than valid non-ASCII characters, and no byte that cp1252 does not use.
    A UTF-8 file cut inside its last character, or with a few bad bytes among its "é" and
    "–", stays UTF-8."""
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # minus U+FFFD written as such
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if bad <= good:
        return False
    if bad == 1 and text.endswith("\ufffd") and _cut_at_end(data):
        return False
    return not any(byte in data for byte in _NOT_CP1252)


def _cut_at_end(data: bytes) -> bool:
    """Whether the only fault is a character cut short at the end of the data."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.end == len(data)
    return False


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (odd.count(0) > 0.9 * len(odd) and even.count(0) == 0) or (
        even.count(0) > 0.9 * len(even) and odd.count(0) == 0
    )


def _control_ratio(text: str) -> float:
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    return bad / len(sample)


def _normalise(text: str) -> str:
    """One kind of line ending, no BOM, no NUL."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff")
