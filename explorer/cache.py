"""A cache of parsed notes, so that reopening a big file or folder skips the parse.

One entry a file, in the user's cache folder, named after the file's path. An entry holds the
file's identity when it was read (device, inode, size, modification and change times), a hash
of its bytes and the parse as plain JSON: nothing in it can run code, whoever wrote it. An entry
serves a file when the parser is the same (its version is a hash of the parser's source), and
the file still has the identity it had, written over a second before the entry (a file
changed twice within its clock's tick would look the same); otherwise when its bytes have the
same hash. Every entry is checked (a header with the length and a CRC of its text): a damaged,
cut or foreign entry is passed over and written anew, never an error. Entries are written to a
temporary file and renamed, so two processes writing the same entry leave one whole entry; the
folder is kept under a size cap, the least recently used entries leaving first.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from explorer import __version__
from explorer.model import Change, Changelog, Ref, Release, Section, SourceFile

FORMAT = 2
_HEADER = b"changelog-explorer-cache"
_HEADER_WIDTH = 300  # the first line, padded: it is written last, over its place
_CHUNK = 4_000  # changes a line of an entry holds
_COLUMNS = ("release", "id", "section", "markdown", "summary", "refs", "authors", "labels", "flags", "line")
MAX_BYTES = 512 << 20  # the folder's cap; a user with bigger histories sets CHANGELOG_EXPLORER_CACHE_MB
_SETTLED_S = 1.0  # a file last written this long before its entry cannot have changed unseen
_PARSER_SOURCES = ("model.py", "parse")  # what the parse depends on, below explorer/


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
    """A hash of the application's version and of the parser's source files: any change to
    them makes every entry stale. (A packaged build has no sources: its version tells.)"""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(f"{FORMAT} {__version__}".encode(), digest_size=12)
    for name in _PARSER_SOURCES:
        path = root / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            with contextlib.suppress(OSError):
                digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()



def identity(info: os.stat_result) -> list[int]:
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
        return self._touched(path, entry)

    def fresh(self, path: str) -> bool:
        """Whether path's entry serves it without reading the file: its identity is the one
        the entry's first line records, and the file was settled when the entry was written.
        Only that line is read."""
        try:
            info = os.stat(path)
            with open(self._entry_path(path), "rb") as entry:
                parts = entry.readline(1024).split()
        except OSError:
            return False
        try:
            if (len(parts) != 11 or parts[0] != _HEADER or parts[1] != str(FORMAT).encode()
                    or parts[2].decode() != parser_version()):
                return False
            recorded, written = [int(p) for p in parts[6:]], float(parts[5])
        except (ValueError, UnicodeDecodeError):
            return False
        # written too close to the entry, a file's identity says too little of its bytes
        return recorded == identity(info) and info.st_mtime_ns / 1e9 <= written - _SETTLED_S

    def get_by_content(self, path: str, data: bytes, info: os.stat_result) -> Changelog | None:
        """The parse of path when its entry was made from the same bytes (the identity unclear
        or changed: a copy, a touch, a checkout); the entry then takes the new identity."""
        entry = self._read(path)
        if entry is None or entry["hash"] != content_hash(data):
            return None
        changelog = _from_json(entry["parse"], path)
        if entry["identity"] != identity(info):
            self._write(path, identity(info), entry["hash"], entry["parse"])
        return changelog

    def _touched(self, path: str, entry: dict) -> Changelog | None:
        with contextlib.suppress(OSError):
            os.utime(self._entry_path(path))  # recently used: the last to be evicted
        return _from_json(entry["parse"], path)

    def _read(self, path: str) -> dict | None:
        """The entry of path, checked whole (its length and CRC) as it is read line by line: no
        line is large, so neither the memory nor any one step of the reading is."""
        try:
            with open(self._entry_path(path), "rb") as entry:
                parts = entry.readline(1024).split()
                if (len(parts) != 11 or parts[0] != _HEADER or parts[1] != str(FORMAT).encode()
                        or parts[2].decode() != parser_version()):
                    return None
                length, crc, recorded = int(parts[3]), int(parts[4]), [int(p) for p in parts[6:]]
                read, check = 0, 0
                lines = []
                for line in entry:
                    read += len(line)
                    check = zlib.crc32(line, check)
                    lines.append(json.loads(line))
                if read != length or check != crc or not lines:
                    return None
        except (OSError, ValueError, UnicodeDecodeError, RecursionError):
            return None
        meta, chunks = lines[0], lines[1:]
        if not (isinstance(meta, dict) and meta.get("path") == os.path.abspath(path)
                and meta.get("identity") == recorded and isinstance(meta.get("hash"), str)
                and isinstance(meta.get("count"), int) and meta.get("count", -1) >= 0
                and all(isinstance(chunk, list) for chunk in chunks)):
            return None
        per_column = -(-meta["count"] // _CHUNK)
        if len(chunks) != per_column * len(_COLUMNS):
            return None
        parse = {"file": meta.get("file"), "releases": meta.get("releases")}
        for n, name in enumerate(_COLUMNS):
            parse[name] = [value for chunk in chunks[n * per_column:(n + 1) * per_column] for value in chunk]
        return {"identity": recorded, "hash": meta["hash"], "parse": parse}

    # -- writing ----------------------------------------------------------------------------
    def put(self, path: str, info: os.stat_result, data: bytes, changelog: Changelog) -> None:
        """Keep the parse of path (its bytes data, read with stat info). A cache that cannot
        be written is no cache: nothing is raised."""
        if changelog.errors or not changelog.files:
            return
        if self.deferred:
            self._pending.append((path, identity(info), content_hash(data), changelog))
            return
        self._write(path, identity(info), content_hash(data), _to_json(changelog))
        self._evict()

    def flush(self) -> None:
        """Write the entries put() kept back."""
        for _ in self.flush_steps():
            pass

    def flush_steps(self) -> Generator[None, None, None]:
        """flush() a line of an entry at a time (a few milliseconds each): a window runs it
        between events (explorer.ui.background.IdleWork), where a thread writing it would slow
        every paint and click while it ran."""
        pending, self._pending = self._pending, []
        for path, ident, digest, changelog in pending:
            yield from self._write_steps(path, ident, digest, _to_json(changelog))
        if pending:
            self._evict()

    def _write(self, path: str, ident: list[int], digest: str, parse: dict) -> None:
        for _ in self._write_steps(path, ident, digest, parse):
            pass

    def _write_steps(self, path: str, ident: list[int], digest: str, parse: dict) -> Generator[None, None, None]:
        """The entry, as JSON lines: what it is, then each column a chunk a line, so that no
        step of writing or reading it holds much memory or the interpreter for long. The
        first line, written last, records the length and CRC of the rest. parse: _to_json's,
        or an entry's as _read gives it."""
        written = time.time()
        count = parse["count"] if "count" in parse else len(parse["id"])
        chunk = parse.get("chunk") or (lambda name, start: parse[name][start:start + _CHUNK])
        meta = {"path": os.path.abspath(path), "identity": ident, "hash": digest, "written": written,
                "count": count, "file": parse["file"], "releases": parse["releases"]}
        try:
            os.makedirs(self.folder, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".entry-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(b" " * _HEADER_WIDTH + b"\n")  # its place, filled in below
                    length, crc = 0, 0
                    parts = [functools.partial(chunk, name, start) for name in _COLUMNS
                             for start in range(0, count, _CHUNK)]
                    lines: Iterator[Callable[[], object]] = itertools.chain([lambda: meta], parts)
                    for value in lines:
                        line = json.dumps(value(), ensure_ascii=False, separators=(",", ":")).encode(
                            "utf-8", "surrogatepass") + b"\n"
                        length += len(line)
                        crc = zlib.crc32(line, crc)
                        out.write(line)
                        yield
                    head = b" ".join([_HEADER, str(FORMAT).encode(), parser_version().encode(), str(length).encode(),
                                      str(crc).encode(), repr(written).encode(), *(str(n).encode() for n in ident)])
                    if len(head) > _HEADER_WIDTH:
                        raise OSError("cache entry header too long")
                    out.seek(0)
                    out.write(head.ljust(_HEADER_WIDTH))
                os.replace(temp, self._entry_path(path))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            return

    def _entry_path(self, path: str) -> str:
        name = hashlib.blake2b(os.path.abspath(path).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
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


# -- the parse as JSON --------------------------------------------------------------------------
def _to_json(changelog: Changelog) -> dict:
    """A parse as an entry holds it: the file and its releases, and the changes a column at a
    time (_COLUMNS; JSON reads lists of strings fastest), made a chunk at a time when written."""
    releases = {id(r): n for n, r in enumerate(changelog.releases)}
    source = changelog.files[0]
    changes = changelog.changes
    values = {
        "release": lambda c: releases[id(c.release)],
        "id": lambda c: c.id,
        "section": lambda c: c.section,
        "markdown": lambda c: c.markdown,
        "summary": lambda c: c.summary,
        "refs": lambda c: c.refs,
        "authors": lambda c: c.authors,
        "labels": lambda c: c.labels,
        "flags": lambda c: c.breaking + 2 * c.action_required,
        "line": lambda c: c.line,
    }
    return {
        "file": [source.notes, list(source.release_levels), list(source.warnings), source.skipped,
                 source.project, source.project_from],
        "releases": [[r.version, r.date, r.prerelease, r.unreleased, r.yanked, r.notes,
                      [[list(s.path), s.notes, s.line] for s in r.sections], r.line, r.project]
                     for r in changelog.releases],
        "count": len(changes),
        "chunk": lambda name, start: list(map(values[name], changes[start:start + _CHUNK])),
    }


def _all(kind: type, values: list) -> bool:
    return set(map(type, values)) <= {kind}


def _from_json(data: dict, path: str) -> Changelog | None:
    """The Changelog an entry holds, or None when the entry is not what this version writes.
    Every value's type is checked, a column at a time (a check per value costs more than the
    rest of the reading)."""
    from explorer.parse.document import release_sort_key

    try:
        notes, levels, warnings, skipped, project, project_from = data["file"]
        if not (_all(str, [notes, skipped, project, project_from, *warnings]) and _all(int, levels)):
            return None
        source = SourceFile(path, notes, tuple(levels), tuple(warnings), skipped, project, project_from)
        releases = []
        for version, date, pre, unreleased, yanked, rnotes, sections, line, rproject in data["releases"]:
            if not (_all(str, [version, date, rnotes, rproject]) and _all(bool, [pre, unreleased, yanked])
                    and type(line) is int and all(_all(str, spath) and type(snotes) is str and type(sline) is int
                                                   for spath, snotes, sline in sections)):
                return None
            releases.append(Release(version, release_sort_key(version, unreleased), date, pre, unreleased, yanked,
                                    rnotes, tuple(Section(tuple(spath), snotes, sline) for spath, snotes, sline
                                                  in sections), path, line, rproject))
        columns = [data[name] for name in ("release", "id", "section", "markdown", "summary", "refs",
                                           "authors", "labels", "flags", "line")]
        index, ids, sections_of, markdown, summary, refs, authors, labels, flags, lines = columns
        n = len(ids)
        if not (all(type(c) is list and len(c) == n for c in columns)
                and _all(int, index) and _all(int, flags) and _all(int, lines) and _all(str, ids)
                and _all(str, markdown) and _all(str, summary) and _all(list, sections_of)
                and _all(list, refs) and _all(list, authors) and _all(list, labels)
                and _all(str, [v for column in (sections_of, authors, labels) for values in column for v in values])
                and _all(list, every_ref := [ref for change_refs in refs for ref in change_refs])
                and set(map(len, every_ref)) <= {4} and _all(str, [v for ref in every_ref for v in ref])
                and all(0 <= i < len(releases) for i in index)):
            return None
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        make = Ref._make
        changes = tuple(
            Change(cid, releases[r], shared.setdefault(tuple(section), tuple(section)), md, text,
                   tuple(map(make, change_refs)), tuple(names), tuple(tags), bool(f & 1), bool(f & 2), path, line)
            for r, cid, section, md, text, change_refs, names, tags, f, line
            in zip(index, ids, sections_of, markdown, summary, refs, authors, labels, flags, lines, strict=True))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    return Changelog(tuple(releases), changes, (source,))
