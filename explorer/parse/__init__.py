"""Read release notes from files and folders into one Changelog."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from explorer.cache import ParseCache, content_hash
from explorer.memory import free_in_slices
from explorer.model import Change, Changelog, LoadError, Release, SourceFile
from explorer.parse.decode import DecodeError, decode, decode_pieces

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from explorer.parse.document import Partial, Progress

Sofar = Callable[[Changelog], None]  # told the notes read so far while a load goes on

# The parser proper and its worker process are imported by the first file that is parsed:
# notes that all come from the cache never need them.

_NOTE_SUFFIXES = (".md", ".markdown")
_NOTE_PREFIXES = ("changelog", "changes", "history", "news", "release")

__all__ = ["DecodeError", "decode", "decode_pieces", "find_files", "load_paths", "parse_text", "read_file"]


def is_notes_file(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(_NOTE_SUFFIXES) or lower.startswith(_NOTE_PREFIXES)


def find_files(path: str) -> list[str]:
    """The release-notes files below a folder, sorted by path; hidden folders are passed over."""
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            full = os.path.join(root, name)
            if is_notes_file(name) and os.path.isfile(full):  # not FIFOs, sockets, devices
                found.append(full)
    return sorted(found)


def expand(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Each file to read, with the reason it cannot be read (or None). A Markdown export of
    this program found in a folder is passed over (named, opened on its own, it is read)."""
    for path in paths:
        if os.path.isdir(path):
            for found in find_files(path):
                yield found, (SKIP_EXPORT if _is_export(found) else None)
        elif os.path.exists(path):
            yield path, None
        else:
            yield path, "no such file or folder"


SKIP_EXPORT = "a Markdown export of Changelog Explorer, not notes (open it on its own to read it)"
_EXPORT_MARK = b"<!-- exported by Changelog Explorer -->"


def _is_export(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_EXPORT_MARK) + 3).lstrip(b"\xef\xbb\xbf").startswith(_EXPORT_MARK)
    except OSError:
        return False


def parse_text(text: str | Sequence[str], path: str = "<text>", progress: Progress | None = None,
               worker: Executor | None = None, partial: Partial | None = None) -> Changelog:
    from explorer.parse.document import parse_document

    releases, changes, source = parse_document(text, path, progress, worker, partial)
    parsed = Changelog(tuple(releases), tuple(changes), (source,))
    free_in_slices(changes)
    return parsed


MAX_FILE_BYTES = 1 << 30  # larger is not release notes; reading it would exhaust memory


def read_file(path: str, progress: Progress | None = None, worker: Executor | None = None,
              cache: ParseCache | None = None, partial: Partial | None = None) -> Changelog:
    """Parse one file; a file that cannot be read gives a Changelog holding only its error.

    Whatever goes wrong with one file (its bytes, its name, a fault of the parser) is that
    file's LoadError, never the end of a load of many files. Only what progress raises (a
    cancel) passes through. With a cache, a file whose bytes were parsed before is not parsed
    again, and a new parse is kept. partial: as parse_document's; what it raises passes through
    too."""
    digest = ""
    try:
        data, info = _read_bytes(path)
        if cache is not None:
            digest = content_hash(data)
            cached = cache.get_by_content(path, digest, info)
            if cached is not None:
                return cached
        text, replaced = decode_pieces(data)
        del data  # the bytes of a large file are not kept while it is parsed
    except DecodeError as exc:
        return Changelog(errors=(LoadError(path, str(exc)),))
    except _NotRegular as exc:
        return Changelog(errors=(LoadError(path, str(exc)),))
    except OSError as exc:
        return Changelog(errors=(LoadError(path, exc.strerror or str(exc)),))
    raised: list[BaseException] = []

    def watched(tell: Callable, *args) -> None:
        """progress or partial, told: what it raises (a cancel) passes through, not an error of the file."""
        try:
            tell(*args)
        except BaseException as exc:
            raised.append(exc)
            raise

    try:
        parsed = _with_replaced_bytes(parse_text(
            text, path, None if progress is None else functools.partial(watched, progress), worker,
            None if partial is None else functools.partial(watched, partial)), replaced)
    except Exception as exc:  # one bad file is one error, the rest still loads
        if raised and exc is raised[-1]:
            raise
        return Changelog(errors=(LoadError(path, _failure(path, exc)),))
    if cache is not None:
        cache.put(path, info, digest, parsed)
    return parsed


class _NotRegular(OSError):
    """A FIFO, a device or a socket: reading it might never end."""


def _read_bytes(path: str) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file, and its stat when opened. Opened without blocking and checked through the open
    descriptor, so a FIFO put in the file's place after a check cannot hang the read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _NotRegular("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise _NotRegular(f"too large ({info.st_size // (1 << 20)} MB)")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 24):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # it grew while it was read
                raise _NotRegular(f"too large (over {MAX_FILE_BYTES >> 20} MB)")
        return b"".join(chunks), info
    finally:
        os.close(fd)


def _with_replaced_bytes(changelog: Changelog, replaced: int) -> Changelog:
    """The changelog, its file warned about bytes that were not text and show as U+FFFD."""
    if not replaced or not changelog.files:
        return changelog
    source = changelog.files[0]
    warning = (f"{replaced} invalid byte sequence{'s' if replaced != 1 else ''} (a damaged or cut file?) "
               "shown as \ufffd")
    return dataclasses.replace(changelog, files=(dataclasses.replace(source, warnings=(warning, *source.warnings)),))


def _failure(path: str, exc: Exception) -> str:
    """A reason for an error the parser did not expect: the file is named, the rest goes on."""
    return f"could not be read ({type(exc).__name__}: {exc})"[:300]


def load_paths(paths: Iterable[str], progress: Progress | None = None, *,
               parallel: bool = False, cache: ParseCache | None = None, sofar: Sofar | None = None) -> Changelog:
    """Read every file and folder given; errors are collected, not raised.

    progress, when given, is told the fraction of bytes done and may raise to cancel.
    parallel: share the work of a megabyte or more with a worker process (a second core).
    cache: take the parses it holds of files that did not change, and keep the new ones.
    sofar, when given, is told the notes read so far, from time to time while a large file is
    parsed: the files before it and its first releases (parse_document).
    """
    with _collector_paused():
        return _load(list(expand(paths)), progress, parallel, cache, sofar)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing makes no reference cycles, but the garbage collector would walk every object
    made so far again and again (a tenth of the time of a load)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(todo: list[tuple[str, str | None]], progress: Progress | None, parallel: bool,
          cache: ParseCache | None, sofar: Sofar | None = None) -> Changelog:
    sizes = [_size(path) if problem is None else 0 for path, problem in todo]
    parts: dict[int, Changelog] = {}
    if cache is not None:  # files that did not change since their parse was kept: not read at all
        for index, (path, problem) in enumerate(todo):
            cached = cache.get(path) if problem is None else None
            if cached is not None:
                parts[index] = cached
                sizes[index] = 0
        todo_left = [(p, problem if i not in parts else "cached") for i, (p, problem) in enumerate(todo)]
    else:
        todo_left = todo
    total, done = sum(sizes) or 1, 0
    with _worker(parallel and sum(sizes) > 0, total) as worker:
        remote = _share_files(worker, todo_left, sizes, None if cache is None else cache.folder)
        for index, ((path, problem), size) in enumerate(zip(todo_left, sizes, strict=True)):
            if index in parts:
                continue
            if problem == SKIP_EXPORT:
                parts[index] = Changelog(files=(SourceFile(path, skipped=problem),))
            elif problem:
                parts[index] = Changelog(errors=(LoadError(path, problem),))
            elif index not in remote:
                # a worker busy with whole files would keep this file's items waiting behind them
                parts[index] = read_file(path, None if progress is None else _scaled(progress, done, size, total),
                                         None if remote else worker, cache,
                                         None if sofar is None else _partial(sofar, parts, index))
                done += size
                if progress is not None:
                    progress(done / total)
        for index, future in remote.items():
            parts[index] = _remote_result(future, todo[index][0], cache)
            if progress is not None:
                done += sizes[index]
                progress(done / total)
    return _joined([parts[index] for index in range(len(todo))])


def _partial(sofar: Sofar, parts: dict[int, Changelog], index: int) -> Partial:
    """The partial results of the file at index told to sofar as the load's: after the files
    before it that are read (parts, by index)."""
    def told(releases: list[Release], changes: list[Change]) -> None:
        before = [parts[i] for i in range(index) if i in parts]
        sofar(_joined([*before, Changelog(tuple(releases), tuple(changes))]))
    return told


def _joined(parts: list[Changelog]) -> Changelog:
    """The notes of several parts in one; a single part as it is (copying a million changes into
    a new tuple holds the interpreter lock)."""
    if len(parts) == 1:
        return parts[0]
    releases: list[Release] = []
    changes: list[Change] = []
    files: list[SourceFile] = []
    errors: list[LoadError] = []
    texts: list[str] = []
    for part in parts:
        releases += part.releases
        changes += part.changes
        files += part.files
        errors += part.errors
        texts += part.search_texts
    # the search texts the parts came with, when every part came with them (from the cache)
    return Changelog(tuple(releases), tuple(changes), tuple(files), tuple(errors),
                     tuple(texts) if len(texts) == len(changes) else ())


def _worker(wanted: bool, total: int) -> contextlib.AbstractContextManager[Executor | None]:
    """A worker process for a load of total bytes to parse, when wanted and worth it: enough
    bytes, and a second CPU for it to run on."""
    if not wanted:
        return contextlib.nullcontext()
    from explorer.parse.parallel import MIN_BYTES, usable_cpus, worker_process

    return worker_process(total >= MIN_BYTES and usable_cpus() > 1)


WHOLE_FILE_BYTES = 1 << 20  # a smaller file may go to the worker whole; a larger one shares its items


def _scaled(progress: Progress, done: int, size: int, total: int) -> Progress:
    """progress told of one file's fraction as the whole load's: done bytes before it, size its own."""
    return lambda fraction: progress((done + fraction * size) / total)


def _share_files(worker: Executor | None, todo: list[tuple[str, str | None]], sizes: list[int],
                 cache_folder: str | None) -> dict:
    """Hand the worker process whole files, so that a folder of many small files uses both
    cores: the largest first, each to the side with fewer bytes so far, so both finish about
    together. Returns the worker's futures by file index."""
    if worker is None:
        return {}
    small = sorted((i for i, ((_, problem), size) in enumerate(zip(todo, sizes, strict=True))
                    if problem is None and size < WHOLE_FILE_BYTES), key=lambda i: -sizes[i])
    here = (sum(size for (_, problem), size in zip(todo, sizes, strict=True) if problem is None)
            - sum(sizes[i] for i in small))
    there, remote = 0, {}
    for index in small:
        if there < here:
            try:
                remote[index] = worker.submit(parse_file, todo[index][0], cache_folder)
            except RuntimeError:  # a broken or shut worker (BrokenProcessPool is one): all stays here
                break
            there += sizes[index]
        else:
            here += sizes[index]
    return remote


def parse_file(path: str, cache_folder: str | None = None) -> Changelog:
    """Run in the worker process: one whole file, with the collector paused as here (and the
    cache of that folder, when given)."""
    with _collector_paused():
        return read_file(path, cache=None if cache_folder is None else ParseCache(cache_folder))


def _remote_result(future, path: str, cache: ParseCache | None) -> Changelog:
    """The worker's parse of a file; a worker that died leaves the file to this process."""
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - a dead or shut worker: the file is read here instead
        return read_file(path, cache=cache)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
