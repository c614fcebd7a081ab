"""Write changes as CSV, JSON or Markdown; files are replaced atomically."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from typing import TextIO

from explorer.model import Change

FORMATS = ("csv", "json", "markdown")
CSV_HEADER = ("release", "date", "section", "summary", "refs", "authors", "labels", "url", "file", "line")
# Spreadsheets run cells that start like a formula; a leading quote makes them text.
_FORMULA_FIRST = frozenset("=+-@\t\r")


def format_for_path(path: str | None, default: str = "csv") -> str:
    """The export format a file name asks for by its extension."""
    ext = os.path.splitext(path or "")[1].lower()
    return {".csv": "csv", ".json": "json", ".md": "markdown", ".markdown": "markdown"}.get(ext, default)


def csv_row(change: Change) -> list[str]:
    return [
        change.release.version,
        change.release.date,
        " / ".join(change.section),
        change.summary,
        "; ".join(ref.label for ref in change.refs),
        "; ".join(change.authors),
        "; ".join(change.labels),
        change.refs[0].url if change.refs else "",
        change.file,
        str(change.line),
    ]


def write_csv(out: TextIO, changes: Sequence[Change], *, bom: bool = True, raw: bool = False) -> None:
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    if raw:
        writer.writerows(csv_row(c) for c in changes)
    else:
        first = _FORMULA_FIRST
        writer.writerows([v if v[:1] not in first else "'" + v for v in csv_row(c)] for c in changes)


def to_csv(changes: Sequence[Change], *, bom: bool = True, raw: bool = False) -> str:
    out = io.StringIO()
    write_csv(out, changes, bom=bom, raw=raw)
    return out.getvalue()


def change_dict(change: Change) -> dict:
    return {
        "release": change.release.version,
        "date": change.release.date,
        "section": list(change.section),
        "summary": change.summary,
        "markdown": change.markdown,
        "refs": [
            {"repo": r.repo, "number": r.number, "url": r.url, "kind": r.kind} for r in change.refs
        ],
        "authors": list(change.authors),
        "labels": list(change.labels),
        "flags": list(change.flags),
        "file": change.file,
        "line": change.line,
    }


def to_json(changes: Sequence[Change]) -> str:
    return json.dumps([change_dict(c) for c in changes], ensure_ascii=False, indent=2) + "\n"


def to_markdown(changes: Sequence[Change]) -> str:
    """Changes grouped under their release and section headings, as Markdown again."""
    lines: list[str] = []
    release = section = None
    for change in changes:
        if change.release is not release:
            release, section = change.release, ()
            date = f" ({release.date})" if release.date else ""
            lines += ["", f"## {release.version}{date}", ""]
        if change.section != section:
            section = change.section
            lines += ["", f"### {' / '.join(section)}", ""]
        lines.append("- " + change.markdown.replace("\n", "\n  "))
    return "\n".join(lines).strip("\n") + "\n"


def render(changes: Sequence[Change], fmt: str, *, bom: bool = True, raw: bool = False) -> str:
    if fmt == "csv":
        return to_csv(changes, bom=bom, raw=raw)
    if fmt == "json":
        return to_json(changes)
    if fmt == "markdown":
        return to_markdown(changes)
    raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")


def export_file(path: str, changes: Sequence[Change], fmt: str, *, bom: bool = True, raw: bool = False) -> None:
    """render() into a file, atomically; CSV is written row by row, never held whole."""
    if fmt == "csv":
        write_atomic(path, lambda out: write_csv(out, changes, bom=bom, raw=raw))
    else:
        write_atomic(path, render(changes, fmt, bom=bom, raw=raw))


def write_atomic(path: str, text: str | Callable[[TextIO], None]) -> None:
    """Write text (or what a function writes to the file) to path so that a failure leaves no
    partial file and the old file intact."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            if callable(text):
                text(handle)
            else:
                handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()  # read once at import: os.umask is process-wide and not thread-safe


def _mode_for(path: str) -> int:
    """Keep the permissions of the file being replaced; a new file gets the usual ones."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK

