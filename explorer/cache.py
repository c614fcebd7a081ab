"""A cache of parsed notes, so that reopening a big file or folder skips the parse.

One entry a file, in the user's cache folder, named after the file's path. An entry holds the
file's identity when it was read (device, inode, size, modification and change times), a hash
of its bytes and the parse as records of data (JSON, joined strings and unsigned numbers; see
"the parse as records" below): nothing in it can run code, whoever wrote it. An entry
serves a file when the parser is the same (its version is a hash of the parser's source), and
the file still has the identity it had, written over a second before the entry (a file
changed twice within its clock's tick would look the same); otherwise when its bytes have the
same hash. Every entry is checked (a header with the length and a CRC of its text): a damaged,
cut or foreign entry is passed over and written anew, never an error. Entries are written to a
temporary file and renamed, so two processes writing the same entry leave one whole entry; the
folder is kept under a size cap, the least recently used entries leaving first.

The pane's first page of a load (its notes rendered, explorer.render.render_ahead) is kept as an
entry too, named after its text: a reopen then shows it without importing the Markdown renderer.
"""

from __future__ import annotations

import array
import contextlib
import functools
import itertools
import json
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from explorer import __version__
from explorer.model import Change, Changelog, Ref, Release, Section, SourceFile, UrlStart
from explorer.versions import release_sort_key

try:  # hashlib's import loads OpenSSL (4 ms of every reopen) for hashes that blake2b does not need
    from _blake2 import blake2b
except ImportError:  # an interpreter without CPython's module of it
    from hashlib import blake2b

FORMAT = 4
_HEADER = b"changelog-explorer-cache"
_HEADER_WIDTH = 300  # the first line, padded: it is written last, over its place
ENTRY_PER_BYTE = 3  # an entry's size for a byte of notes, about (the text, the summaries, the search texts)
MAX_BYTES = 1 << 30  # the folder's cap (a million changes make an entry of 600 MB); CHANGELOG_EXPLORER_CACHE_MB
_SETTLED_S = 1.0  # a file last written this long before its entry cannot have changed unseen
# what entries depend on: the parser, and the renderer of the pages kept
_SOURCES = ("model.py", "parse", "query.py", "cache.py", "versions.py", "render.py")
_PAGE_MAX_CHARS = 4 << 20  # notes longer than this are rendered again rather than kept


def default_folder() -> str:
    """Where entries live: $CHANGELOG_EXPLORER_CACHE, else the platform's cache folder."""
    chosen = os.environ.get("CHANGELOG_EXPLORER_CACHE")
    if chosen:
        return chosen
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "changelog-explorer", "parsed")


@functools.cache
def parser_version() -> str:
    """A hash of the application's version and of the source files entries depend on (_SOURCES):
    any change to them makes every entry stale. (A packaged build has no sources: its version
    tells.)"""
    root = Path(__file__).resolve().parent
    digest = blake2b(f"{FORMAT} {__version__}".encode(), digest_size=12)
    for name in _SOURCES:
        path = root / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()


def identity(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    folder: str
    entries: int
    bytes: int
    cap: int


class ParseCache:
    """Parsed files by path; see the module's notes for when an entry serves."""

    def __init__(self, folder: str | None = None, max_bytes: int | None = None, *, deferred: bool = False):
        """deferred: put() only remembers an entry and flush() writes it (a window writes its
        entries once the notes are shown, not while the user waits for them)."""
        self.folder = folder or default_folder()
        self.deferred = deferred
        self._pending: list[tuple[str, list[int], str, Changelog]] = []
        self._pending_pages: list[tuple[str, str]] = []
        if max_bytes is None:
            mb = os.environ.get("CHANGELOG_EXPLORER_CACHE_MB", "")
            max_bytes = int(mb) << 20 if mb.isdigit() else MAX_BYTES
        self.max_bytes = max_bytes

    # -- reading ----------------------------------------------------------------------------
    def get(self, path: str) -> Changelog | None:
        """The parse of path when its entry serves it without reading the file (same identity,
        settled before the entry was written); None otherwise."""
        if not self.fresh(path):
            return None
        entry = self._read(path)
        if entry is None:
            return None
        with contextlib.suppress(OSError):
            os.utime(self._entry_path(path))  # recently used: the last to be evicted
        return entry.changelog

    def fresh(self, path: str) -> bool:
        """Whether path's entry serves it without reading the file: its identity is the one
        the entry's first line records, and the file was settled when the entry was written.
        Only that line is read."""
        try:
            info = os.stat(path)
            with open(self._entry_path(path), "rb") as entry:
                head = _header(entry.readline(1024))
        except OSError:
            return False
        if head is None:
            return False
        _length, _crc, written, recorded = head
        # written too close to the entry, a file's identity says too little of its bytes
        return recorded == identity(info) and info.st_mtime_ns / 1e9 <= written - _SETTLED_S

    def get_by_content(self, path: str, digest: str, info: os.stat_result) -> Changelog | None:
        """The parse of path when its entry was made from the same bytes, their content_hash
        digest (the identity unclear or changed: a copy, a touch, a checkout); the entry then
        takes the new identity."""
        entry = self._read(path)
        if entry is None or entry.hash != digest:
            return None
        if entry.identity != identity(info):
            self._write(path, identity(info), entry.hash, entry.changelog)
        return entry.changelog

    def _read(self, path: str) -> _Entry | None:
        """The entry of path, or None when there is none or it is damaged, foreign or of
        another shape than this version writes."""
        read = self._records(path)
        if read is None:
            return None
        recorded, records = read
        return _from_records(records, path, recorded)

    def page(self, notes: str) -> str | None:
        """The page kept for notes (keep_page), or None."""
        read = self._records_at(self._page_path(notes))
        if read is None:
            return None
        _ident, records = read
        if [name for name, _ in records] != ["meta", "page"]:
            return None
        (_, meta), (_, page) = records
        # the text's length too: a page is named after a hash of its notes
        if not (isinstance(meta, _Json) and meta.value == {"notes": len(notes)}
                and isinstance(page, _Json) and type(page.value) is str):
            return None
        with contextlib.suppress(OSError):
            os.utime(self._page_path(notes))  # recently used: the last to be evicted
        return page.value

    def _records(self, path: str) -> tuple[list[int], list[tuple[str, object]]] | None:
        return self._records_at(self._entry_path(path))

    def _records_at(self, entry_file: str) -> tuple[list[int], list[tuple[str, object]]] | None:
        """The identity the header of an entry records, and the entry's records (name,
        values), checked whole (length and CRC) as they are read a record at a time: no record
        is large, so neither the memory nor any one step of the reading is."""
        try:
            with open(entry_file, "rb") as entry:
                head = _header(entry.readline(1024))
                if head is None:
                    return None
                length, crc, _written, recorded = head
                read, check = 0, 0
                records: list[tuple[str, object]] = []
                while line := entry.readline(200):
                    name, kind, count, size = line.split()
                    payload = entry.read(int(size))
                    read += len(line) + len(payload)
                    if len(payload) != int(size) or read > length:
                        return None
                    check = zlib.crc32(payload, zlib.crc32(line, check))
                    if kind == b"t":
                        values = payload.decode("utf-8", "surrogatepass").split(_SEP) if int(count) else []
                        if len(values) != int(count):
                            return None
                        records.append((name.decode("ascii"), values))
                    elif kind == b"u":
                        numbers = array.array(_UINT32)
                        numbers.frombytes(payload)
                        if len(numbers) != int(count):
                            return None
                        if sys.byteorder == "big":
                            numbers.byteswap()
                        records.append((name.decode("ascii"), numbers))
                    elif kind == b"j":
                        records.append((name.decode("ascii"), _Json(json.loads(payload))))
                    else:
                        return None
                if read != length or check != crc:
                    return None
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None
        return recorded, records

    # -- writing ----------------------------------------------------------------------------
    def put(self, path: str, info: os.stat_result, digest: str, changelog: Changelog) -> None:
        """Keep the parse of path (read with stat info; digest: the content_hash of its bytes).
        A cache that cannot be written is no cache: nothing is raised."""
        if changelog.errors or not changelog.files or info.st_size * ENTRY_PER_BYTE > self.max_bytes:
            return  # an entry larger than the whole cache would be written only to be evicted
        if self.deferred:
            self._pending.append((path, identity(info), digest, changelog))
            return
        self._write(path, identity(info), digest, changelog)
        self._evict()

    def keep_page(self, notes: str, page: str) -> None:
        """Keep the page that notes render to (written by flush(), as put() with deferred)."""
        if len(notes) <= _PAGE_MAX_CHARS:
            self._pending_pages.append((notes, page))
            if not self.deferred:
                self.flush()

    def flush(self) -> None:
        """Write the entries put() kept back."""
        for _ in self.flush_steps():
            pass

    def flush_steps(self) -> Generator[None, None, None]:
        """flush() a record of an entry at a time (a millisecond or two each): a window runs it
        between events (explorer.ui.background.IdleWork), where a thread writing it would slow
        every paint and click while it ran."""
        pending, self._pending = self._pending, []
        pages, self._pending_pages = self._pending_pages, []
        for path, ident, digest, changelog in pending:
            yield from self._write_steps(self._entry_path(path), ident, _entry_records(path, ident, digest, changelog))
        for notes, page in pages:
            yield from self._write_steps(self._page_path(notes), [0] * 5,
                                         [("meta", {"notes": len(notes)}), ("page", page)])
        if pending or pages:
            self._evict()

    def _write(self, path: str, ident: list[int], digest: str, changelog: Changelog) -> None:
        self._write_records(path, ident, _entry_records(path, ident, digest, changelog))

    def _write_records(self, path: str, ident: list[int], records: Iterable[tuple[str, object]]) -> None:
        for _ in self._write_steps(self._entry_path(path), ident, records):
            pass

    def _write_steps(self, entry_file: str, ident: list[int],
                     records: Iterable[tuple[str, object]]) -> Generator[None, None, None]:
        """An entry: a header line, written last over its place, recording the length and CRC
        of what follows; then each record, its name, kind, count and size on a line and its
        bytes after it."""
        written = time.time()
        try:
            os.makedirs(self.folder, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(b" " * _HEADER_WIDTH + b"\n")  # its place, filled in below
                    length, crc = 0, 0
                    for name, values in records:
                        record = _encode(name, values)
                        length += len(record)
                        crc = zlib.crc32(record, crc)
                        out.write(record)
                        yield
                    head = b" ".join([_HEADER, str(FORMAT).encode(), parser_version().encode(), str(length).encode(),
                                      str(crc).encode(), repr(written).encode(), *(str(n).encode() for n in ident)])
                    if len(head) > _HEADER_WIDTH:
                        raise OSError("cache entry header too long")
                    out.seek(0)
                    out.write(head.ljust(_HEADER_WIDTH))
                os.replace(temp, entry_file)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return

    def _entry_path(self, path: str) -> str:
        name = blake2b(os.path.abspath(path).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        return os.path.join(self.folder, name + ".json")

    def _page_path(self, notes: str) -> str:
        name = blake2b(b"page\0" + notes.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return os.path.join(self.folder, name + ".json")

    def _entries(self) -> list[tuple[float, int, str]]:
        """(last used, size, path) of each entry."""
        found = []
        try:
            with os.scandir(self.folder) as scan:
                for item in scan:
                    if item.name.endswith(".json") and item.is_file(follow_symlinks=False):
                        with contextlib.suppress(OSError):
                            stat = item.stat(follow_symlinks=False)
                            found.append((stat.st_mtime, stat.st_size, item.path))
        except OSError:
            return []
        return found

    def _evict(self) -> None:
        self._remove_stale_temporaries()
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size

    def _remove_stale_temporaries(self) -> None:
        """Temporary files a writer killed mid-write left (an hour old: no writer is that slow)."""
        with contextlib.suppress(OSError), os.scandir(self.folder) as scan:
            for item in scan:
                if item.name.startswith(".entry-") and item.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        if item.stat(follow_symlinks=False).st_mtime < time.time() - 3600:
                            os.unlink(item.path)

    # -- the cache command ------------------------------------------------------------------
    def info(self) -> CacheInfo:
        entries = self._entries()
        return CacheInfo(self.folder, len(entries), sum(size for _, size, _ in entries), self.max_bytes)

    def clear(self) -> int:
        """Remove every entry (and temporary files left by a killed writer); how many entries."""
        removed = 0
        try:
            with os.scandir(self.folder) as scan:
                for item in scan:
                    if item.name.endswith((".json", ".tmp")) and item.is_file(follow_symlinks=False):
                        with contextlib.suppress(OSError):
                            os.unlink(item.path)
                            removed += item.name.endswith(".json")
        except OSError:
            pass
        return removed


# -- the parse as records -----------------------------------------------------------------------
# An entry's records: "meta" (the file, its releases, how many changes), then for each chunk of
# _CHUNK changes one record of each column, then the tables that some columns index into. A
# column of strings is a text record, its strings joined by _SEP (a string that holds _SEP is
# written as JSON instead); a column of counts and indexes is a record of unsigned 32-bit
# numbers, little-endian; every other record is JSON. Nothing in it can run code, and the kind
# of a record fixes the type of its values (an index out of its table's range is refused).
_SEP = "\x00"
_STEP = 50_000  # values made in one call when an entry is read: a few milliseconds
_CHUNK = 4_000  # changes a record holds
# the releases: a column a field, _CHUNK releases a record; their sections likewise
_RELEASE_STRINGS = ("r_version", "r_date", "r_notes", "r_project", "s_notes")
# r_sections: how many sections each has; s_path: each section's path, an index into section_table
_RELEASE_COUNTS = ("r_flags", "r_line", "r_sections", "s_path", "s_line")
_STRINGS = ("id", "markdown", "summary", "ref_repo", "ref_number", "ref_url", "ref_kind", "text", *_RELEASE_STRINGS)
_INDEXES = {"release": None, "section": "section_table", "authors": "author_table", "labels": "label_table"}
_NUMBERS = ("refs", "flags", "line")  # how many refs each change has; its flags; its line
# ref_start: a ref's UrlStart, 1 + an index into start_table; 0 when its whole URL is in ref_url
_TABLES = ("section_table", "author_table", "label_table", "start_table")
_COUNTS = (*_INDEXES, *_NUMBERS, *_RELEASE_COUNTS, "ref_start")
_UINT32 = next(code for code in "IL" if array.array(code).itemsize == 4)
_BREAKING, _ACTION = (False, True, False, True), (False, False, True, True)  # by flags


class _Json:
    """The value of a JSON record: its types are still to be checked."""

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value


class _Entry(NamedTuple):
    identity: list[int]
    hash: str
    changelog: Changelog


def _header(line: bytes) -> tuple[int, int, float, list[int]] | None:
    """(length, CRC, time written, identity) from an entry's first line; None when it is not
    an entry of this version's."""
    parts = line.split()
    try:
        if (len(parts) != 11 or parts[0] != _HEADER or parts[1] != str(FORMAT).encode()
                or parts[2].decode() != parser_version()):
            return None
        return int(parts[3]), int(parts[4]), float(parts[5]), [int(p) for p in parts[6:]]
    except (ValueError, UnicodeDecodeError):
        return None


def _encode(name: str, values: object) -> bytes:
    kind, count, payload = b"j", 0, b""
    if type(values) is list and name in _COUNTS:
        try:
            numbers = array.array(_UINT32, values)
        except (TypeError, OverflowError):  # not counts: written as they are, and refused when read
            numbers = None
        if numbers is not None:
            if sys.byteorder == "big":
                numbers.byteswap()
            kind, count, payload = b"u", len(values), numbers.tobytes()
    elif type(values) is list and name in _STRINGS:
        try:
            joined = _SEP.join(values)
        except TypeError:  # not strings: written as they are, and refused when read
            joined = None
        if joined is not None and joined.count(_SEP) == len(values) - 1:
            kind, count, payload = b"t", len(values), joined.encode("utf-8", "surrogatepass")
    if kind == b"j":
        payload = json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return b"%s %s %d %d\n" % (name.encode("ascii"), kind, count, len(payload)) + payload


def _entry_records(path: str, ident: list[int], digest: str, changelog: Changelog) -> Iterator[tuple[str, object]]:
    """The records of a parse, made a chunk at a time as they are written."""
    from explorer.query import search_text

    source = changelog.files[0]
    changes = changelog.changes
    texts = changelog.search_texts or None  # empty, or one a change
    yield "meta", {
        "path": os.path.abspath(path), "identity": ident, "hash": digest, "count": len(changes),
        "file": [source.notes, list(source.release_levels), list(source.warnings), source.skipped,
                 source.project, source.project_from],
        "releases": len(changelog.releases)}
    sections: dict[tuple[str, ...], int] = {}  # every section path, of releases and changes
    for start in range(0, len(changelog.releases), _CHUNK):
        yield from _release_records(changelog.releases[start:start + _CHUNK], sections)
    releases = {id(r): n for n, r in enumerate(changelog.releases)}
    authors: dict[tuple[str, ...], int] = {}
    labels: dict[tuple[str, ...], int] = {}
    starts: dict[str, int] = {}
    for start in range(0, len(changes), _CHUNK):
        chunk = changes[start:start + _CHUNK]
        refs = [ref for c in chunk for ref in c.refs]
        yield "release", [releases[id(c.release)] for c in chunk]
        yield "id", [c.id for c in chunk]
        yield "section", [sections.setdefault(c.section, len(sections)) for c in chunk]
        yield "markdown", [c.markdown for c in chunk]
        yield "summary", [c.summary for c in chunk]
        yield "refs", [len(c.refs) for c in chunk]
        yield "ref_repo", [ref.repo for ref in refs]
        yield "ref_number", [ref.number for ref in refs]
        yield "ref_url", ["" if type(ref.link) is UrlStart else ref.link for ref in refs]
        yield "ref_start", [starts.setdefault(ref.link, len(starts) + 1) if type(ref.link) is UrlStart else 0
                            for ref in refs]
        yield "ref_kind", [ref.kind for ref in refs]
        yield "authors", [authors.setdefault(c.authors, len(authors)) for c in chunk]
        yield "labels", [labels.setdefault(c.labels, len(labels)) for c in chunk]
        yield "flags", [c.breaking + 2 * c.action_required for c in chunk]
        yield "line", [c.line for c in chunk]
        yield "text", list(texts[start:start + _CHUNK]) if texts is not None else [search_text(c) for c in chunk]
    for name, table in (("section_table", sections), ("author_table", authors), ("label_table", labels)):
        yield name, [list(key) for key in table]
    yield "start_table", list(starts)


def _release_records(releases: tuple[Release, ...], paths: dict[tuple[str, ...], int]
                     ) -> Iterator[tuple[str, object]]:
    """The records of some releases, a column a field, as _releases reads them; paths: the
    index of each section path in section_table, added to."""
    sections = [section for r in releases for section in r.sections]
    yield "r_version", [r.version for r in releases]
    yield "r_date", [r.date for r in releases]
    yield "r_flags", [r.prerelease + 2 * r.unreleased + 4 * r.yanked for r in releases]
    yield "r_notes", [r.notes for r in releases]
    yield "r_line", [r.line for r in releases]
    yield "r_project", [r.project for r in releases]
    yield "r_sections", [len(r.sections) for r in releases]
    yield "s_path", [paths.setdefault(s.path, len(paths)) for s in sections]
    yield "s_notes", [s.notes for s in sections]
    yield "s_line", [s.line for s in sections]


_RELEASE_FLAGS = [tuple(bool(n & bit) for n in range(8)) for bit in (1, 2, 4)]  # prerelease, unreleased, yanked


def _releases(columns: dict, count: object, section_paths: list[tuple[str, ...]], path: str) -> list[Release] | None:
    """The count releases that _release_records wrote, or None when the columns are not of
    their shape. Strings and numbers are of their type already (_from_records); an index past
    section_paths is an IndexError."""
    versions, dates, notes, projects, section_notes = (columns[name] for name in _RELEASE_STRINGS)
    flags, lines, counts, paths, section_lines = (columns[name] for name in _RELEASE_COUNTS)
    if not (all(len(column) == count for column in (versions, dates, notes, projects, flags, lines, counts))
            and len(paths) == len(section_notes) == len(section_lines) == sum(counts)):
        return None
    sections = list(map(Section, map(section_paths.__getitem__, paths), section_notes, section_lines))
    grouped = [tuple(sections[at:at + n]) for at, n in zip(itertools.accumulate(counts, initial=0), counts,
                                                            strict=False)]
    prerelease, unreleased, yanked = ([table[n] for n in flags] for table in _RELEASE_FLAGS)  # IndexError past 7
    return list(map(Release, versions, map(release_sort_key, versions, unreleased), dates, prerelease, unreleased,
                    yanked, notes, grouped, itertools.repeat(path), lines, projects))


def _all(kind: type, values: Iterable) -> bool:
    return set(map(type, values)) <= {kind}


def _from_records(records: list[tuple[str, object]], path: str, recorded: list[int]) -> _Entry | None:
    """The parse the records hold, or None when they are not what this version writes. Every
    value's type is checked, a column at a time (a check per value costs more than the rest
    of the reading). records is emptied as it is read."""
    meta: object = None
    columns: dict[str, list | array.array] = {name: [] for name in _STRINGS}
    columns.update((name, array.array(_UINT32)) for name in _COUNTS)
    tables: dict[str, object] = {}
    unchecked: set[str] = set()  # string columns with a JSON record: their types are unknown
    records.reverse()  # taken from the end, each record's values are freed once merged
    try:
        while records:
            name, values = records.pop()
            if name == "meta" and meta is None and isinstance(values, _Json):
                meta = values.value
            elif name in _TABLES and name not in tables and isinstance(values, _Json):
                tables[name] = values.value
            elif name in columns:
                if isinstance(values, _Json):  # written as JSON: its types are still to be checked
                    if type(values.value) is not list:
                        return None
                    unchecked.add(name)
                    values = values.value
                columns[name] += values  # type: ignore[operator]
            else:
                return None
        # numbers not written as numbers (never by this version), or strings that are not all strings
        if unchecked & {*_COUNTS} or not all(_all(str, columns[name]) for name in unchecked):
            return None
        if not (isinstance(meta, dict) and meta.get("path") == os.path.abspath(path)
                and meta.get("identity") == recorded and type(meta.get("hash")) is str
                and type(meta.get("count")) is int and len(tables) == len(_TABLES)):
            return None
        notes, levels, warnings, skipped, project, project_from = meta["file"]
        if not (_all(str, [notes, skipped, project, project_from, *warnings]) and _all(int, levels)):
            return None
        source = SourceFile(path, notes, tuple(levels), tuple(warnings), skipped, project, project_from)
        resolved: dict[str, list] = {}
        for name, table_name in _INDEXES.items():
            if table_name is not None:
                table = tables[table_name]
                if not (type(table) is list and _all(list, table) and _all(str, [v for key in table for v in key])):
                    return None
                resolved[name] = [tuple(key) for key in table]
        releases = _releases(columns, meta.get("releases"), resolved["section"], path)
        if releases is None:
            return None
        resolved["release"] = releases
        count, refs_count = meta["count"], len(columns["ref_repo"])
        per_change = [*_INDEXES, *_NUMBERS, "id", "markdown", "summary", "text"]
        if not (all(len(columns[name]) == count for name in per_change)
                and all(len(columns[name]) == refs_count for name in _STRINGS if name.startswith("ref_"))
                and sum(columns["refs"]) == refs_count):
            return None
        starts = tables["start_table"]
        if not (type(starts) is list and _all(str, starts)) or len(columns["ref_start"]) != refs_count:
            return None
        links = ["", *map(UrlStart, starts)]
        # The numbers are unsigned: an index past its table's end is an IndexError, below.
        repos, numbers, urls, kinds = (columns[name] for name in ("ref_repo", "ref_number", "ref_url", "ref_kind"))
        at_start = columns["ref_start"]
        every_ref: list[Ref] = []
        for start in range(0, refs_count, _STEP):  # each step one call that holds the interpreter lock
            end = start + _STEP
            # max("", url) is the URL; max(a UrlStart, "") the UrlStart
            every_ref += map(tuple.__new__, itertools.repeat(Ref), zip(
                repos[start:end], numbers[start:end], map(max, map(links.__getitem__, at_start[start:end]),
                                                          urls[start:end]), kinds[start:end], strict=True))
        counts = columns["refs"]
        refs = [(every_ref[at],) if n == 1 else tuple(every_ref[at:at + n])
                for at, n in zip(itertools.accumulate(counts, initial=0), counts, strict=False)]
        flags = columns["flags"]
        changes = tuple(map(
            Change, columns["id"], *(map(resolved[name].__getitem__, columns[name]) for name in ("release", "section")),
            columns["markdown"], columns["summary"], refs,
            *(map(resolved[name].__getitem__, columns[name]) for name in ("authors", "labels")),
            map(_BREAKING.__getitem__, flags), map(_ACTION.__getitem__, flags), itertools.repeat(path, count),
            columns["line"]))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    changelog = Changelog(tuple(releases), changes, (source,), search_texts=tuple(columns["text"]))
    return _Entry(recorded, meta["hash"], changelog)
