"""The cache of parsed notes: it serves only what it may, and nothing in it can hurt."""

from __future__ import annotations

import array
import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

import explorer.cache as cache_module
from explorer.cache import ParseCache
from explorer.export import to_json
from explorer.parse import load_paths
from tests.unit.test_cli import run

NOTES = """# Widget release notes

## 1.1.0 - 2024-05-01

### Fixed

- Fix the \u00e9clair crash [#12](https://github.com/acme/widget/pull/12) (@ann)
- **Breaking:** drop the old API [#13](https://github.com/acme/widget/pull/13) (@bob, @cy)

## 1.0.0 - 2024-01-01

- First release
"""


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "notes" / "CHANGELOG.md"
    path.parent.mkdir()
    path.write_text(NOTES, encoding="utf-8")
    old = time.time() - 60  # settled: written well before any entry
    os.utime(path, (old, old))
    return path


@pytest.fixture
def cache(tmp_path):
    return ParseCache(str(tmp_path / "cache"))


def load(path, cache, monkeypatch=None):
    return load_paths([str(path)], cache=cache)


def parses(monkeypatch) -> list[str]:
    """The paths the parser is run on from now on."""
    import explorer.parse as parse

    seen: list[str] = []
    real = parse.parse_text

    def counting(text, path="<text>", *args, **kwargs):
        seen.append(path)
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr(parse, "parse_text", counting)
    return seen


def test_a_second_open_is_served_by_the_cache_and_equals_a_parse(notes, cache, monkeypatch):
    first = load(notes, cache)
    seen = parses(monkeypatch)
    again = load(notes, cache)
    assert seen == []  # not parsed again
    assert to_json(again.changes) == to_json(first.changes)
    assert again.files == first.files and [r.sort_key for r in again.releases] == [r.sort_key for r in first.releases]
    assert again.changes[1].release is again.releases[0] and again.changes[1].breaking
    assert cache.info().entries == 1


def test_a_changed_file_is_parsed_again(notes, cache, monkeypatch):
    load(notes, cache)
    seen = parses(monkeypatch)
    notes.write_text(NOTES.replace("First release", "First release, at last"), encoding="utf-8")
    again = load(notes, cache)
    assert seen == [str(notes)] and again.changes[-1].summary == "First release, at last"
    old = time.time() - 30
    os.utime(notes, (old, old))
    assert load(notes, cache).changes[-1].summary == "First release, at last" and len(seen) == 1


def test_same_size_and_time_but_other_bytes_is_a_change(notes, cache, monkeypatch):
    """An edit that keeps the size, its modification time put back (as some tools do): the
    change time and then the hash tell."""
    load(notes, cache)
    info = os.stat(notes)
    notes.write_text(NOTES.replace("Fix", "Fax"), encoding="utf-8")
    os.utime(notes, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert os.stat(notes).st_size == info.st_size and os.stat(notes).st_mtime_ns == info.st_mtime_ns
    seen = parses(monkeypatch)
    assert load(notes, cache).changes[0].summary.startswith("Fax") and seen == [str(notes)]


def test_a_file_written_just_before_its_entry_is_read_and_hashed(notes, cache, monkeypatch):
    """Its identity may not show a second write within the clock's tick: the bytes are compared."""
    os.utime(notes)  # written now
    load(notes, cache)
    read = []
    import explorer.parse as parse

    real = parse._read_bytes
    monkeypatch.setattr(parse, "_read_bytes", lambda path: (read.append(path), real(path))[1])
    seen = parses(monkeypatch)
    assert len(load(notes, cache).changes) == 3
    assert read == [str(notes)] and seen == []  # read and hashed, not parsed


def test_a_touched_or_copied_file_with_the_same_bytes_is_not_parsed_again(notes, cache, monkeypatch):
    load(notes, cache)
    os.utime(notes)  # touched: identity changed, bytes the same
    seen = parses(monkeypatch)
    assert len(load(notes, cache).changes) == 3 and seen == []


def test_a_new_parser_version_parses_again(notes, cache, monkeypatch):
    load(notes, cache)
    monkeypatch.setattr(cache_module, "parser_version", lambda: "another-parser")
    seen = parses(monkeypatch)
    load(notes, cache)
    assert seen == [str(notes)]


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage", "header"])
def test_a_damaged_entry_is_passed_over_and_rebuilt(notes, cache, monkeypatch, damage):
    first = load(notes, cache)
    entry = Path(cache._entry_path(str(notes)))
    raw = bytearray(entry.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0x20
    elif damage == "truncate":
        raw = raw[: len(raw) // 3]
    elif damage == "empty":
        raw = bytearray()
    elif damage == "garbage":
        raw = bytearray(os.urandom(5000))
    else:
        raw = raw.replace(b"changelog-explorer-cache", b"something-else-entirely", 1)
    entry.write_bytes(bytes(raw))
    seen = parses(monkeypatch)
    again = load(notes, cache)
    assert seen == [str(notes)] and to_json(again.changes) == to_json(first.changes)
    assert cache._read(str(notes)) is not None  # written anew


@pytest.mark.parametrize("field", ["summary", "release", "refs", "authors", "author_table", "line", "meta",
                                   "r_version", "r_sections", "s_path"])
def test_a_well_formed_entry_of_the_wrong_shape_is_passed_over(notes, cache, monkeypatch, field):
    """Someone wrote an entry with a valid header but values of other types: never trusted."""
    load(notes, cache)
    ident, records = cache._records(str(notes))
    wrong = {"summary": [1, 2, 3], "release": [7, 0, 0], "refs": [1, 0, 0], "authors": [None, 0, 0],
             "author_table": [[None], [], []], "line": ["5", 6, 7], "meta": ["x"], "r_version": [1, 2],
             "r_sections": [2, 0], "s_path": [99]}[field]
    records = [(name, wrong if name == field else values.value if hasattr(values, "value") else list(values))
               for name, values in records]
    cache._write_records(str(notes), ident, records)
    assert cache._records(str(notes)) is not None  # whole, and still refused:
    seen = parses(monkeypatch)
    assert len(load(notes, cache).changes) == 3 and seen == [str(notes)]


def test_an_entry_holds_only_data(notes, cache):
    load(notes, cache)
    raw = Path(cache._entry_path(str(notes))).read_bytes()
    head, _, body = raw.partition(b"\n")
    assert head.startswith(b"changelog-explorer-cache ") and int(head.split()[4]) == zlib.crc32(body)
    assert int(head.split()[3]) == len(body)
    records = []
    while body:  # each record: its name, kind, count and size on a line, then its bytes
        line, _, body = body.partition(b"\n")
        name, kind, count, size = line.split()
        payload, body = body[:int(size)], body[int(size):]
        if kind == b"j":
            values = json.loads(payload)
        elif kind == b"t":
            values = payload.decode().split("\x00")
        else:
            assert kind == b"u"
            values = list(array.array("I", payload))  # little-endian unsigned 32-bit numbers
        assert kind == b"j" or len(values) == int(count)
        records.append((name.decode(), values))  # JSON, text and numbers: nothing to execute
    names = [name for name, _ in records]
    assert names[0] == "meta" and records[0][1]["count"] == 3
    assert dict(records)["release"] == [0, 0, 1]  # the release of each change
    assert dict(records)["summary"][0] == "Fix the \u00e9clair crash"
    assert names[-4:] == ["section_table", "author_table", "label_table", "start_table"]
    assert dict(records)["author_table"] == [["ann"], ["bob", "cy"], []]
    # both refs' URLs are the repository's one start and their numbers
    assert dict(records)["start_table"] == ["https://github.com/acme/widget/pull/"]
    assert (dict(records)["ref_url"], dict(records)["ref_start"]) == (["", ""], [1, 1])


def test_ref_urls_come_back_whole_or_from_their_start(tmp_path, cache):
    path = tmp_path / "NEWS.md"
    path.write_text("## 2.0.0\n\n- Fix a crash (#5)\n- Speed up [#6](https://gitlab.com/g/sub/app/-/issues/6)\n"
                    "- Drop the old flag ([#7](https://github.com/acme/app/pull/7)) ([#8](https://github.com/acme/app/pull/8))\n")
    old = time.time() - 60
    os.utime(path, (old, old))
    first = load(path, cache)
    again = load(path, cache)
    urls = [[r.url for r in c.refs] for c in again.changes]
    assert urls == [[r.url for r in c.refs] for c in first.changes] == [
        ["https://github.com/acme/app/pull/5"], ["https://gitlab.com/g/sub/app/-/issues/6"],
        ["https://github.com/acme/app/pull/7", "https://github.com/acme/app/pull/8"]]
    assert [c.refs for c in again.changes] == [c.refs for c in first.changes]
    # one start shared by the refs of a repository and kind, as after a parse
    assert again.changes[0].refs[0].link is again.changes[2].refs[1].link
    alone = tmp_path / "CHANGES.md"  # no repository named: "#5" is its own URL
    alone.write_text("## 1.0.0\n\n- Fix a crash (#5)\n")
    os.utime(alone, (old, old))
    load(alone, cache)
    assert [r.url for r in load(alone, cache).changes[0].refs] == ["#5"]


def test_search_texts_come_back_from_the_cache(notes, cache):
    from explorer.query import search_text

    first = load(notes, cache)
    assert first.search_texts == ()  # a parse leaves them to be made
    again = load(notes, cache)
    assert again.search_texts == tuple(search_text(c) for c in first.changes)


WRITER = """
import sys
from explorer.cache import ParseCache
from explorer.parse import parse_text
changes = "".join(f"- {sys.argv[3]} change {n}\\n" for n in range(9000))
parse = parse_text("## 1.0.0\\n\\n" + changes, sys.argv[2])
for _ in range(10):
    ParseCache(sys.argv[1])._write(sys.argv[2], [0, 0, 0, 0, 0], "x" * 32, parse)
"""


def test_two_processes_writing_one_entry_leave_a_whole_one(notes, cache):
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, cache.folder, str(notes), letter],
                              cwd=Path(__file__).resolve().parents[2]) for letter in "ab"]
    assert [p.wait(60) for p in procs] == [0, 0]
    entry = cache._read(str(notes))
    assert entry is not None and len(entry.changelog.changes) == 9000
    assert {c.summary.split()[0] for c in entry.changelog.changes} in ({"a"}, {"b"})  # one writer's, whole
    assert not [name for name in os.listdir(cache.folder) if name.endswith(".tmp")]


def test_the_folder_keeps_under_its_cap_and_the_last_used_stay(tmp_path):
    cache = ParseCache(str(tmp_path / "cache"), max_bytes=6_000)
    paths = []
    for n in range(6):
        path = tmp_path / f"n{n}" / "CHANGELOG.md"
        path.parent.mkdir()
        path.write_text(NOTES.replace("Widget", f"Widget{n}"), encoding="utf-8")
        os.utime(path, (time.time() - 60, time.time() - 60))
        paths.append(path)
    load(paths[0], cache)
    size = cache.info().bytes
    for n, path in enumerate(paths[1:], start=1):
        time.sleep(0.02)
        load(path, cache)
        if n == 3:
            load(paths[0], cache)  # used again: it stays
    info = cache.info()
    assert info.bytes <= 6_000 and info.entries == 6_000 // size
    kept = {n for n, path in enumerate(paths) if cache._read(str(path)) is not None}
    assert 0 in kept and 5 in kept and 1 not in kept


def test_an_unwritable_cache_is_no_cache(notes, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = ParseCache(str(blocker / "cache"))
    assert len(load(notes, cache).changes) == 3  # parsed, nothing raised
    assert cache.info().entries == 0


def test_the_cache_command_tells_and_clears(capsysbinary, notes, monkeypatch, tmp_path):
    folder = tmp_path / "user-cache"
    monkeypatch.setenv("CHANGELOG_EXPLORER_CACHE", str(folder))
    assert run(capsysbinary, "export", notes, "-o", tmp_path / "out.csv")[0] == 0
    code, out, _err = run(capsysbinary, "cache", "--info")
    assert code == 0 and f"folder: {folder}\nentries: 1\n" in out
    code, out, _err = run(capsysbinary, "cache", "--clear")
    assert code == 0 and out == f"removed 1 entry from {folder}\n"
    assert run(capsysbinary, "cache")[1].startswith(f"folder: {folder}\nentries: 0\n")
    assert run(capsysbinary, "export", notes, "--no-cache", "-o", tmp_path / "out2.csv")[0] == 0
    assert run(capsysbinary, "cache")[1].startswith(f"folder: {folder}\nentries: 0\n")


def test_notes_too_large_for_the_cache_are_not_kept(notes, tmp_path):
    cache = ParseCache(str(tmp_path / "small-cache"), max_bytes=len(NOTES) * 2)  # under 3 bytes a byte of notes
    assert len(load(notes, cache).changes) == 3
    assert cache.info().entries == 0
    roomy = ParseCache(str(tmp_path / "roomy-cache"), max_bytes=len(NOTES) * 2000)
    load(notes, roomy)
    assert roomy.info().entries == 1


PROSE = "Widget notes: *see* [the guide](https://example.org/guide).\n\n- one\n- two\n"


def test_a_page_kept_for_notes_is_given_back_for_the_same_notes_only(tmp_path):
    deferred = ParseCache(str(tmp_path / "cache"), deferred=True)
    deferred.keep_page(PROSE, "<p>page</p>")
    assert deferred.page(PROSE) is None  # kept back until flushed, as entries are
    deferred.flush()
    again = ParseCache(str(tmp_path / "cache"))
    assert again.page(PROSE) == "<p>page</p>"
    assert again.page(PROSE + "x") is None and again.page(PROSE.upper()) is None
    assert again.info().entries == 1  # counted, capped and cleared as any entry
    assert again.clear() == 1 and again.page(PROSE) is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "other notes", "not text"])
def test_a_damaged_page_is_passed_over(tmp_path, damage):
    cache = ParseCache(str(tmp_path / "cache"))
    cache.keep_page(PROSE, "<p>page</p>")
    entry = Path(cache._page_path(PROSE))
    raw = entry.read_bytes()
    if damage == "flip":
        entry.write_bytes(raw[:-3] + bytes([raw[-3] ^ 0x20]) + raw[-2:])
    elif damage == "truncate":
        entry.write_bytes(raw[: len(raw) - 5])
    else:  # a whole entry, with the header and CRC right, of the wrong content
        meta = {"notes": len(PROSE) + 1} if damage == "other notes" else {"notes": len(PROSE)}
        page: object = "<p>page</p>" if damage == "other notes" else ["<p>page</p>"]
        cache._pending_pages = []
        for _ in cache._write_steps(str(entry), [0] * 5, [("meta", meta), ("page", page)]):
            pass
        assert cache._records_at(str(entry)) is not None
    assert cache.page(PROSE) is None


def test_notes_rendered_ahead_from_the_cache_need_no_renderer(tmp_path, monkeypatch):
    """A reopen shows the pane's first page as it was rendered the first time, without
    making a Markdown renderer (mistune's import is most of a small reopen's work)."""
    from explorer import render

    cache = ParseCache(str(tmp_path / "cache"))
    render.render_ahead(PROSE, cache)
    first = render.markdown_html(PROSE)
    assert '<a href="https://example.org/guide">the guide</a>' in first
    render._rendered_ahead.clear()

    def no_renderer():
        raise AssertionError("a renderer was made")

    monkeypatch.setattr(render, "_make_markdown", no_renderer)
    render.render_ahead(PROSE, cache)
    assert render._rendered_ahead[PROSE] == first
    render._rendered_ahead.clear()
