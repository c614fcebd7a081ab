"""Write changes as CSV, XLSX, JSON or Markdown; files are replaced atomically, never destroyed."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Sequence
from typing import BinaryIO, TextIO

from explorer.model import Change, Release

FORMATS = ("csv", "xlsx", "json", "markdown")
CSV_HEADER = ("release", "date", "section", "summary", "refs", "authors", "labels", "url", "file", "line",
              "project")
# Spreadsheets run cells that start like a formula; a leading quote makes them text.
_FORMULA_FIRST = frozenset("=+-@\t\r")
# Many European spreadsheets read CSV with ";" between cells: what follows a ";" starts a cell too.
_AFTER_SEMICOLON_RE = re.compile(r"(;[ ]*)(?=[=+\-@\t\r])")


def guard_cell(text: str) -> str:
    """A cell as text that no spreadsheet runs: a ' before what would start a formula, at the
    start and after each ";" (where a spreadsheet reading ";"-separated cells starts a cell)."""
    if ";" in text:
        text = _AFTER_SEMICOLON_RE.sub(r"\1'", text)
    return "'" + text if text[:1] in _FORMULA_FIRST else text


# What must never reach a terminal or a reader unseen: C0 controls but tab and line feed (ESC
# starts the sequences that retitle a window or write the clipboard, OSC 52), DEL and the C1
# controls (U+009B is an 8-bit CSI), and the bidi and zero-width controls that make text read
# otherwise than it is (Trojan Source): U+061C, U+200B–U+200F, U+202A–U+202E, U+2060–U+2069,
# U+FEFF. Lone surrogates (a file name that is not UTF-8) are shown as the byte they stand for.
_HIDDEN_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2069\ufeff\ud800-\udfff]")


def _visible(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's escape of a byte that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0xA0:
        return f"\\x{code:02x}"
    return f"\u27e8U+{code:04X}\u27e9"


def visible_controls(text: str) -> str:
    """text with every control character shown, not obeyed: "\\x1b" for C0/C1 controls,
    "⟨U+202E⟩" for bidi and zero-width controls; tab and line feed are kept."""
    return _HIDDEN_RE.sub(_visible, text) if _HIDDEN_RE.search(text) else text


def format_for_path(path: str | None, default: str = "csv") -> str:
    """The export format a file name asks for by its extension."""
    ext = os.path.splitext(path or "")[1].lower()
    return {".csv": "csv", ".xlsx": "xlsx", ".json": "json", ".md": "markdown",
            ".markdown": "markdown"}.get(ext, default)


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
        change.release.project,
    ]


def write_csv(out: TextIO, changes: Sequence[Change], *, bom: bool = True, raw: bool = False) -> None:
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    # Control characters are shown, even with raw: a CSV goes to terminals (an OSC 52 in a
    # summary would write the clipboard) and to spreadsheets, where they are invisible.
    writer.writerows(_csv_rows(changes, raw))


def _csv_rows(changes: Sequence[Change], raw: bool):
    """Each change's cells as written: controls shown, then guarded unless raw. A row is
    searched for controls once, as one text: they are rare, and a search per cell costs."""
    hidden, shown, first = _HIDDEN_RE.search, visible_controls, _FORMULA_FIRST
    for change in changes:
        row = csv_row(change)
        if hidden("\t".join(row)):  # tabs are kept: joining by one hides nothing
            row = [shown(v) for v in row]
        yield row if raw else [guard_cell(v) if v[:1] in first or ";" in v else v for v in row]


def to_csv(changes: Sequence[Change], *, bom: bool = True, raw: bool = False) -> str:
    out = io.StringIO()
    write_csv(out, changes, bom=bom, raw=raw)
    return out.getvalue()


def change_dict(change: Change) -> dict:
    release = change.release
    flags = []
    if change.breaking:
        flags.append("breaking")
    if change.action_required:
        flags.append("action-required")
    return {
        "project": release.project,
        "release": release.version,
        "date": release.date,
        "section": list(change.section),
        "summary": change.summary,
        "markdown": change.markdown,
        "refs": [{"repo": r.repo, "number": r.number, "url": r.url, "kind": r.kind} for r in change.refs],
        "authors": list(change.authors),
        "labels": list(change.labels),
        "flags": flags,  # as Change.flags, without its generator: this runs for every change
        "file": change.file,
        "line": change.line,
    }


def write_json(out: TextIO, changes: Sequence[Change]) -> None:
    """A JSON array, one change a line: streamed, and written by json's C encoder (an indented
    dump takes the pure-Python one, three times as long, and holds the whole text)."""
    dumps, hidden = _JSON_ITEM.encode, _HIDDEN_RE.search
    sep = "[\n"
    for change in changes:
        item = dumps(change_dict(change))
        # C1, bidi and zero-width controls escaped too, as json does C0 ones; json leaves DEL as
        # it is, the one control in ASCII, and most items are ASCII (isascii() looks at a flag)
        if (not item.isascii() or "\x7f" in item) and hidden(item):
            item = _HIDDEN_RE.sub(_json_escape, item)
        out.write(sep + item)
        sep = ",\n"
    out.write("[]\n" if sep == "[\n" else "\n]\n")


_JSON_ITEM = json.JSONEncoder(ensure_ascii=False)


def _json_escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def to_json(changes: Sequence[Change]) -> str:
    out = io.StringIO()
    write_json(out, changes)
    return out.getvalue()


def write_markdown(out: TextIO, changes: Sequence[Change]) -> None:
    """Changes grouped under their release and section headings, as Markdown again, written
    change by change: headings are escaped, a code fence an item leaves open is closed (so the
    file reads back the same), and control characters are shown, as in CSV."""
    out.write(EXPORT_MARK + "\n")
    release: Release | None = None
    section: tuple[str, ...] | None = None
    project: str | None = None
    several = len({c.release.project for c in changes}) > 1
    for change in _by_project(changes) if several else changes:
        if several and change.release.project != project:
            project = change.release.project
            out.write(f"\n# {_heading(project or 'No project')}\n")
        if change.release is not release:
            release, section = change.release, ()
            date = f" ({release.date})" if release.date else ""
            out.write(f"\n## {_heading(release.version)}{date}\n\n")
        if change.section != section:
            section = change.section
            out.write(f"\n### {_heading(' / '.join(section))}\n\n")
        out.write(visible_controls("- " + _close_fences(change.markdown).replace("\n", "\n  ")) + "\n")


def _by_project(changes: Sequence[Change]):
    """The changes grouped by project (in the order projects first appear), each group in order."""
    groups: dict[str, list[int]] = {}
    for i, change in enumerate(changes):
        groups.setdefault(change.release.project, []).append(i)
    for rows in groups.values():
        for i in rows:
            yield changes[i]


def to_markdown(changes: Sequence[Change]) -> str:
    out = io.StringIO()
    write_markdown(out, changes)
    return out.getvalue()


# The first line of a Markdown export: a folder that holds one does not read it as notes again.
EXPORT_MARK = "<!-- exported by Changelog Explorer -->"


_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>()#+!|&~])")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)


def _heading(text: str) -> str:
    """Text as a heading shows it: Markdown and HTML characters escaped, on one line."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", " ".join(text.split()))


def _close_fences(markdown: str) -> str:
    """The Markdown with a fence it opens and never closes closed at its end."""
    open_fence = ""
    for m in _FENCE_RE.finditer(markdown):
        fence = m.group(1)
        if not open_fence:
            open_fence = fence
        elif fence[0] == open_fence[0] and len(fence) >= len(open_fence):
            open_fence = ""
    return f"{markdown}\n{open_fence}" if open_fence else markdown


def write_text(out: TextIO, changes: Sequence[Change], fmt: str, *, bom: bool = True, raw: bool = False) -> None:
    """Write changes as CSV, JSON or Markdown, change by change, to a text handle."""
    if fmt == "csv":
        write_csv(out, changes, bom=bom, raw=raw)
    elif fmt == "json":
        write_json(out, changes)
    elif fmt == "markdown":
        write_markdown(out, changes)
    else:
        raise ValueError(f"cannot write {fmt!r} as text (choose from csv, json, markdown)")


def render(changes: Sequence[Change], fmt: str, *, bom: bool = True, raw: bool = False) -> str:
    out = io.StringIO()
    write_text(out, changes, fmt, bom=bom, raw=raw)
    return out.getvalue()


class ExportTargetError(Exception):
    """An output that must not be written: an input, a folder, a read-only file."""


def check_target(path: str, inputs: Sequence[str] = ()) -> None:
    """Refuse an output that would destroy something: one of the inputs (or a file inside an
    input folder that is itself notes), a folder, a read-only file."""
    try:
        info = os.stat(path)  # follows a symlink: its target is what gets written
    except FileNotFoundError:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise ExportTargetError(f"there is no folder {folder}") from None
        return
    except OSError as exc:
        raise ExportTargetError(exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise ExportTargetError("it is a folder")
    if not stat.S_ISREG(info.st_mode):
        return  # a FIFO, a device, /dev/stdout: written into, never replaced
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.isfile(source) and os.path.samefile(source, path):
                raise ExportTargetError("it is one of the notes being read")
    if not info.st_mode & 0o222:  # an atomic replace would swap even a read-only file
        raise ExportTargetError("it is read-only (make it writable first if it should be replaced)")


def export_file(path: str, changes: Sequence[Change], fmt: str, *, bom: bool = True, raw: bool = False) -> None:
    """Write changes to a file. A regular file (or what a symlink points to) is replaced
    atomically; a FIFO or a device is written into. CSV is written row by row, never held whole."""
    if fmt == "xlsx":
        from explorer.xlsx import write_xlsx  # the workbook writer is loaded only when needed

        _write_file(path, lambda tmp: write_xlsx(tmp, changes), binary=True)
    else:
        _write_file(path, lambda out: write_text(out, changes, fmt, bom=bom, raw=raw))


def write_stream(out: BinaryIO, changes: Sequence[Change], fmt: str, *, bom: bool = True, raw: bool = False) -> None:
    """Write changes to a binary stream (standard output); CSV row by row."""
    if fmt == "xlsx":
        raise ValueError("an XLSX workbook needs a file")
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        write_text(text, changes, fmt, bom=bom, raw=raw)
        text.flush()
    finally:
        text.detach()  # the stream stays open: it is not ours


def write_atomic(path: str, text: str | Callable[[TextIO], None]) -> None:
    """Write text (or what a function writes to the file) to path so that a failure leaves no
    partial file and the old file intact."""
    _write_file(path, text if callable(text) else (lambda out: out.write(text)))


def _write_file(path: str, fill: Callable, *, binary: bool = False) -> None:
    """fill writes the content: into a text handle, or (binary) into the file at a path it is
    given. A regular file is replaced atomically; a FIFO or a device is written into."""
    target = os.path.realpath(path)  # a symlink stays a symlink: its target is replaced
    with contextlib.suppress(OSError):
        if not stat.S_ISREG(os.stat(target).st_mode) and not stat.S_ISDIR(os.stat(target).st_mode):
            if binary:
                fill(target)
            else:
                with open(target, "w", encoding="utf-8", newline="") as handle:
                    fill(handle)
            return
    folder = os.path.dirname(target)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".tmp", dir=folder)
    try:
        if binary:
            os.close(fd)
            fill(tmp)
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                fill(handle)
                handle.flush()
                os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
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
