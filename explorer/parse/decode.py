"""Turn the bytes of a file into text: BOM, then strict UTF-8, then cp1252."""

from __future__ import annotations

import codecs


class DecodeError(ValueError):
    """The bytes are not text (binary data, NUL bytes)."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Decode release notes; raise DecodeError for data that is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding.upper()} text at byte {exc.start}") from None
    if _looks_like_utf16(data):
        try:
            return _normalise(data.decode("utf-16-le" if data[1] == 0 else "utf-16-be"))
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if _control_ratio(text) > 0.05:
        raise DecodeError("binary data, not text")
    return _normalise(text)


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
