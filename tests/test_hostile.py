"""Hostile and broken input through the parser, the command line and the window: never a
traceback, never a hang, never a live script or local file in the detail pane."""

import re
import time

import pytest
from PySide6.QtCore import Qt

from explorer.cli import main
from explorer.parse import DecodeError, decode, parse_text
from explorer.render import change_html, notes_html
from tests.hostile_cases import MB, cases

CASES = cases()
REFUSED = {"binary data", "NUL bytes", "pathological: U+0000 in input"}
NO_CHANGES = {"block quotes nested 10,000 deep"}  # a release whose only content is a quote
# Parsing stays within 2 s a megabyte (the budget) with room for a slower CI machine.
SECONDS_PER_MB, SLACK = 2.0, 3.0
_TAG = re.compile(r"<(/?[a-zA-Z][\w-]*)([^>]*)>")
_BAD_TAGS = {"script", "iframe", "style", "img", "object", "embed", "link", "meta", "form"}
_BAD_ATTRIBUTE = re.compile(r"\b(?:src|on\w+)\s*=|href=\"(?!https?:|mailto:|#)", re.I)


def live_parts(page: str) -> list[str]:
    """Tags of the page (not escaped text) that could run code or load something."""
    return [m.group() for m in _TAG.finditer(page)
            if m.group(1).lower().lstrip("/") in _BAD_TAGS or _BAD_ATTRIBUTE.search(m.group(2))]


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def case(request, tmp_path):
    name, data, _note = request.param
    path = tmp_path / "CHANGELOG.md"
    path.write_bytes(data)
    return name, data, path


def test_parser(case):
    name, data, path = case
    start = time.perf_counter()
    try:
        text = decode(data)
    except DecodeError as exc:
        assert name in REFUSED, f"{name} refused: {exc}"
        return
    assert name not in REFUSED
    log = parse_text(text, str(path))
    elapsed = time.perf_counter() - start
    assert elapsed < SLACK * SECONDS_PER_MB * max(1.0, len(data) / MB), f"{elapsed:.1f} s"
    lines = text.count("\n") + 1
    releases = {id(r) for r in log.releases}
    assert bool(log.releases) != bool(log.files[0].skipped), "a file is read as releases or skipped"
    for change in log.changes:
        assert id(change.release) in releases
        assert 1 <= change.line <= lines
        assert change.section == () or all(change.section)


def test_command_line(case, capsysbinary):
    name, _, path = case
    code = main(["export", str(path), "--no-bom", "--format", "json"])
    out, err = capsysbinary.readouterr()
    if name in REFUSED:
        assert (code, out) == (1, b"")
        assert err.decode() == (f"changelog-explorer: {path}: binary data (NUL bytes), not text\n"
                                "changelog-explorer: nothing to export: no input could be read; "
                                "standard output not written\n")
    elif name in ("empty file", "whitespace only"):  # nothing names a release: said, not written
        assert (code, out) == (1, b"")
        assert err.decode() == (f"changelog-explorer: skipped {path}: no release headings, and no version in "
                                "its name or front matter\n"
                                "changelog-explorer: nothing to export: no changes were found; "
                                "standard output not written\n")
    elif name in NO_CHANGES:
        assert (code, out, err) == (1, b"", b"changelog-explorer: nothing to export: no changes were found; "
                                            b"standard output not written\n")
    else:
        assert (code, err) == (0, b"")
        assert out.startswith(b"[")


def test_detail_pane_html_is_inert(case):
    name, data, path = case
    if name in REFUSED:
        return
    log = parse_text(decode(data), str(path))
    pages = [change_html(c) for c in log.changes[:3]] + [notes_html("n", "", r.notes) for r in log.releases[:3]]
    for page in pages:
        assert live_parts(page) == []


def test_window(case, make_window, qtbot):
    name, _, path = case
    window = make_window()
    with qtbot.waitSignal(window.loaded, timeout=120_000) as loaded:
        window.open_paths([str(path)])
    if name in REFUSED:
        assert loaded.args == [False]
        assert "binary data" in window.message_box.text()
        window.message_box.close()
        return
    assert loaded.args == [True]
    model = window.table_model
    if model.rowCount():
        window.table.selectRow(0)
        window.table.setFocus()
        qtbot.keyClick(window.table, Qt.Key.Key_End)
        assert model.data(model.index(0, 3)) is not None
    page = window.detail.toHtml()
    assert live_parts(page[page.index("<body"):]) == []  # Qt's own head holds a meta and a style
    window.grab()  # paints every visible widget with the case loaded
