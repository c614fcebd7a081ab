"""The session: what the window shows, owned in one place and announced by signals.

It holds the paths open, the loaded notes, the one compiled query and the rows it matches, the
scope (a release or section), and runs the work behind them: the load on a thread, a slow
filter on a thread, counts and sort orders between events, and a reload when the files change
on disk. Widgets write through it (set_query, set_scope, open_paths) and follow its signals;
none of them holds query state of its own.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import time
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from explorer.browse import (
    ALL,
    FACETS,
    Node,
    Scope,
    Snapshot,
    build_tree,
    count_steps,
    matching,
    projects,
    sort_orders_steps,
    versions_by_project,
)
from explorer.disk import disk_state, disk_states, signature
from explorer.inspect import FileReport, inspect_changelog
from explorer.memory import release_free_memory
from explorer.model import Change, Changelog
from explorer.query import Query, QueryError, compile_query, search_text, without_clause
from explorer.render import render_ahead, warm_up
from explorer.ui.background import IdleWork, Job

if TYPE_CHECKING:
    from explorer.cache import ParseCache

log = logging.getLogger(__name__)

FILTER_BUDGET_S = 0.03  # a filter expected to take longer runs on a thread, superseded by the next keystroke
FILTER_STEP = 4_000  # rows a filter thread tests between looks at whether it was stopped
MAX_OWN_WRITES = 50  # exports remembered so that the file watcher does not take them for edits


# New notes paint (table, then the pane) before their sort orders take slices between events.
SORT_DELAY_MS = 50


class Loaded(NamedTuple):
    """What a background load hands to the session: ready to show without more work."""

    changelog: Changelog
    tree: Node
    texts: list[str]
    has_dates: bool
    reports: list[FileReport]  # what each file gave and what looked doubtful
    # the paths' states before they were read (see disk_states); none: every watcher event is a change
    disk: Mapping[str, object] = MappingProxyType({})
    # browse.projects() and versions_by_project() of the releases, worked out on the loading
    # thread (a million changes have 20k releases); None: worked out when shown
    projects: dict[str, str] | None = None
    versions: dict[str, list[str]] | None = None


PREVIEW_BYTES = 256 * 1024  # read first from a large file, to show its first changes at once
PREVIEW_MIN_BYTES = 2 << 20  # what there is to parse before a preview is worth it


def preview_notes(paths: list[str], cache: ParseCache) -> Loaded | None:
    """The first changes of the largest file left to parse (its newest releases, as notes are
    written newest first): the start of the file up to its last heading that fits in
    PREVIEW_BYTES. None when the notes are small or their parses are kept in the cache."""
    from explorer.parse import decode, expand, parse_text  # on the loading thread: not at the window's start
    sizes: dict[str, int] = {}
    for path, problem in expand(paths):
        if problem is None:
            with contextlib.suppress(OSError):  # gone since it was listed: the load will say so
                sizes[path] = os.path.getsize(path)
    if sum(sizes.values()) < PREVIEW_MIN_BYTES:  # small notes: not even a look at the cache
        return None
    left = [path for path in sizes if not cache.fresh(path)]
    if sum(sizes[path] for path in left) < PREVIEW_MIN_BYTES:
        return None
    first = max(left, key=sizes.__getitem__)
    try:
        with open(first, "rb") as handle:
            head = handle.read(PREVIEW_BYTES)
    except OSError:
        return None
    text = decode(head[:head.rfind(b"\n#")] if b"\n#" in head else head)
    changelog = parse_text(text, first)
    if not changelog.changes:
        return None
    texts = [search_text(c) for c in changelog.changes]
    return Loaded(changelog, build_tree(changelog), texts, any(r.date for r in changelog.releases), [])


def warm_up_loading() -> None:
    """Import what reading notes needs (the cache, the parser's front: a few milliseconds) while
    the window is idle after its first paint, rather than in its first open."""
    from explorer.cache import parser_version
    from explorer.parse import load_paths  # noqa: F401 - imported to be ready

    parser_version()  # a hash of the parser's source files


def load_notes(paths: list[str], report, preview=None, cache: ParseCache | None = None) -> Loaded:
    """Read paths and make all that showing them needs (on a thread). preview, when given,
    is handed the first changes of a large load before the rest is read (preview_notes), then
    more of them from time to time as they are read (load_paths' sofar)."""
    from explorer.cache import ParseCache
    from explorer.parse import load_paths  # the parser is imported by the first load, not by the window's start

    cache = cache or ParseCache()
    made = _Texts()
    shown = 0  # how many changes the notes shown so far hold
    if preview is not None:
        try:
            first = preview_notes(paths, cache)
        except Exception:
            log.warning("No first rows for %s", paths, exc_info=True)
            first = None
        if first is not None:
            # The pane shows these notes, then a change: mistune is made here, not on the GUI
            # thread while the rest is parsed.
            render_ahead(first.tree.notes)
            warm_up()
            preview(first)
            shown = len(first.changelog.changes)

    def sofar(part: Changelog) -> None:
        nonlocal shown
        if len(part.changes) > shown:  # never fewer rows than the first changes shown
            shown = len(part.changes)
            names = projects(part.releases)
            preview(Loaded(part, build_tree(part, names), made.of(part.changes), any(r.date for r in part.releases),
                           [], projects=names, versions=versions_by_project(part.releases, names)))

    # load_paths pauses the garbage collector while parsing; here it also waits for the tree and
    # the search texts (pauses of 100+ ms in the window at 100k changes otherwise). The notes,
    # which live as long as they are shown, are then frozen out of later collections.
    # Taken before reading: a change made while the notes are read is then seen as one.
    disk = disk_states(paths)
    gc.disable()
    try:
        changelog = load_paths(paths, lambda fraction: report(fraction * 0.85), parallel=True, cache=cache,
                               sofar=None if preview is None else sofar)
        release_free_memory()  # the files' text and the parse's scratch
        names = projects(changelog.releases)
        tree = build_tree(changelog, names)
        texts = list(changelog.search_texts) or made.of(changelog.changes)
        reports = inspect_changelog(changelog)  # a pass over every change: not on the GUI thread
        render_ahead(tree.notes, cache)  # what the pane shows first
    finally:
        gc.freeze()
        gc.enable()
    report(1.0)
    return Loaded(changelog, tree, texts, any(r.date for r in changelog.releases), reports, disk, names,
                  versions_by_project(changelog.releases, names))


class _Texts:
    """The search texts of the notes told so far during a load, so that those of the changes
    told before are not made again."""

    def __init__(self) -> None:
        self.changes: Sequence[Change] = ()
        self.texts: list[str] = []

    def of(self, changes: Sequence[Change]) -> list[str]:
        """The search texts of changes (a new list), those of the changes last told taken again
        when these begin with them."""
        known, n = self.changes, len(self.texts)
        if n and n <= len(changes) and changes[0] is known[0] and changes[n - 1] is known[n - 1]:
            texts = self.texts + [search_text(c) for c in changes[n:]]
        else:
            texts = [search_text(c) for c in changes]
        self.changes, self.texts = changes, texts
        return texts


def _match_in_steps(changes: Sequence[Change], texts: Sequence[str], query: Query, rows: Sequence[int],
                    report) -> list[int]:
    """matching() a slice at a time; report(fraction) raises Cancelled once the filter is stopped."""
    found: list[int] = []
    for start in range(0, len(rows), FILTER_STEP):
        found += matching(changes, texts, query, rows[start:start + FILTER_STEP])
        report(min(1.0, (start + FILTER_STEP) / max(1, len(rows))))
    return found


class Counts(NamedTuple):
    facets: list  # a Counter per facet of FACETS, under the query less that facet's clauses
    tree: tuple | None  # browse.filtered_counts under the query; None when nothing is filtered


class Session(QObject):
    """The paths, notes, query, scope and background work of one window."""

    load_started = Signal(str)  # what is being opened, for a progress label
    load_progress = Signal(float)
    preview_shown = Signal(int)  # the first changes of a large load are shown (how many), then more as they are read
    load_ended = Signal()  # the load job is over, whatever its outcome
    notes_changed = Signal(object)  # Loaded: new notes are in place (rows follow with query_changed)
    load_errors = Signal(object)  # list of (path, reason) that could not be read
    load_failed = Signal(str)  # the whole load failed: why
    loaded = Signal(bool)  # a load ended: True when its notes are now shown
    query_changed = Signal(object)  # Query: `rows` are its matches now
    query_rejected = Signal(object)  # QueryError: the rows of the previous query stay
    filter_running = Signal(bool)  # a filter runs on a thread (True) or no longer does (False)
    filter_stopped = Signal(str)  # a filter was stopped before it ended: why, for the user
    scope_changed = Signal(object)  # Scope
    counts_changed = Signal(object)  # Counts
    sort_orders_ready = Signal(object, object)  # ({column: ranks}, the changes they are of)
    reloaded = Signal(bool)  # a reload ended; True when it followed a change on disk
    reload_requested = Signal()  # the files changed on disk: the window reloads, keeping its view
    disk_event = Signal(str)  # the watcher saw a path change (real or not: see _changed_on_disk)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.paths: list[str] = []
        self.notes: Loaded | None = None
        self.changelog = Changelog()
        self.query: Query = compile_query("")  # the query the rows follow
        self.query_text = ""  # what the user last asked for (may be rejected or still running)
        self.rejected: QueryError | None = None
        # indexes of the changes the query matches, in document order (a range: all of them)
        self.rows: Sequence[int] = range(0)
        self.scope: Scope = ALL
        self._load_job: Job | None = None
        self._filter_job: Job | None = None
        self._count_work: IdleWork | None = None
        self._sort_work: IdleWork | None = None
        self._row_cost = {True: 2e-7, False: 2e-6}  # seconds per row, plain words / other queries
        self._recount_timer = QTimer(self, singleShot=True, interval=120)
        self._recount_timer.timeout.connect(self._recount)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watch_timer = QTimer(self, singleShot=True, interval=400)
        self._watch_timer.timeout.connect(self._reload_changed)
        self._reloading_from_disk = False
        self._disk_states: Mapping[str, object] = {}
        self._changed_paths: set[str] = set()
        self._own_writes: dict[str, tuple] = {}
        self._restore: tuple | None = None
        self._before_preview: tuple | None = None  # (notes, paths) shown before a preview replaced them
        self._cache_work: list[IdleWork] = []
        self._unwritten: list[ParseCache] = []  # parses waiting for the sort orders before they are written

    # -- what is shown ----------------------------------------------------------------------
    @property
    def changes(self) -> Sequence[Change]:
        return self.changelog.changes

    def snapshot(self) -> Snapshot:
        texts = self.notes.texts if self.notes is not None else []
        return Snapshot(self.changes, texts, self.scope)

    def is_loading(self) -> bool:
        return self._load_job is not None

    def load_job(self) -> Job | None:
        """The load running now, if any."""
        return self._load_job

    def is_filtering(self) -> bool:
        """Whether a filter runs on a thread (the rows still follow the previous query)."""
        return self._filter_job is not None

    def is_counting(self) -> bool:
        return self._count_work is not None or self._recount_timer.isActive()

    def is_sorting_ready(self) -> bool:
        """Whether every column's sort order is worked out (until then a click works one out)."""
        return self._sort_work is None

    # -- loading ----------------------------------------------------------------------------
    def open_paths(self, paths: Sequence[str], *, restore: tuple | None = None, start: bool = True) -> None:
        """Load files and folders in place of the current notes, on a thread. `loaded` tells
        when it is done: True when the notes were replaced; False when nothing could be read
        (the notes shown stay) or the load was cancelled. With start=False the load counts as
        begun but its thread waits for start_load()."""
        paths = [os.fspath(p) for p in paths]
        gc.unfreeze()  # the notes shown now may be replaced: let them be collected then
        if self._load_job is not None:
            self._load_job.cancel()
        # A new open shows the first changes of a large file at once; a reload keeps what is shown.
        # New parses are written to the cache once the notes are shown (_keep_parses).
        caches: list[ParseCache] = []

        def load(report) -> Loaded:
            from explorer.cache import ParseCache  # imported on the load's thread, not by the window's start

            caches.append(ParseCache(deferred=True))
            return load_notes(paths, report, None if restore is not None else job.send_partial, caches[0])

        job = Job(load, self)
        job.partial.connect(lambda first: self._on_preview(job, paths, first))
        job.progressed.connect(self.load_progress)
        job.finished.connect(lambda result: self._on_load_finished(job, paths, result, restore))
        job.finished.connect(lambda _result: self._keep_parses(caches[0]))
        job.failed.connect(lambda exc: self._on_load_failed(job, paths, exc))
        self._load_job = job
        self.load_started.emit(", ".join(os.path.basename(p) or p for p in paths))
        if start:
            job.start()

    def start_load(self) -> None:
        """Start the load that open_paths(start=False) left waiting, if it still is."""
        if self._load_job is not None:
            self._load_job.start()

    def _keep_parses(self, cache: ParseCache) -> None:
        """Write the new parses of a load to the cache between events, once its notes are shown
        and their sort orders worked out."""
        if self._sort_work is not None:
            self._unwritten.append(cache)
            self._sort_work.finished.connect(lambda _orders: self._write_parses())
            return
        work = IdleWork(cache.flush_steps(), self)
        self._cache_work.append(work)
        work.finished.connect(lambda _result: self._cache_work.remove(work))
        work.start()

    def _write_parses(self) -> None:
        caches, self._unwritten = self._unwritten, []
        for cache in caches:
            self._keep_parses(cache)

    def reload(self, restore: tuple | None = None) -> None:
        if self.paths:
            self.open_paths(self.paths, restore=restore)

    def cancel_loading(self) -> bool:
        """Stop opening; False when nothing was being opened. The notes shown before stay."""
        job = self._load_job
        if job is None:
            return False
        job.cancel()
        self._reloading_from_disk = False
        self._end_load(job)
        self._end_preview(keep=False)
        self.loaded.emit(False)
        return True

    def is_preview(self) -> bool:
        """Whether the notes shown are the first changes of a load still going on."""
        return self._before_preview is not None

    def _on_preview(self, job: Job, paths: list[str], first: Loaded) -> None:
        if job is not self._load_job:
            return
        if self._before_preview is None:
            self._before_preview = (self.notes, self.paths)
        self.paths = paths
        self.set_notes(first, partial=True)
        self.preview_shown.emit(len(first.changelog.changes))

    def _end_preview(self, *, keep: bool) -> None:
        """The load that showed a preview is over: keep what it brought, or show again the
        notes from before it (a cancelled or failed open)."""
        before, self._before_preview = self._before_preview, None
        if before is not None and not keep:
            notes, self.paths = before
            empty = Changelog()
            self.set_notes(notes if notes is not None else Loaded(empty, build_tree(empty), [], False, []))

    def _end_load(self, job: Job) -> bool:
        """Forget a finished job; False when it is not the current one (a newer load won)."""
        if job is not self._load_job:
            return False
        self._load_job = None
        self.load_ended.emit()
        return True

    def _on_load_finished(self, job: Job, paths: list[str], result: Loaded, restore) -> None:
        if not self._end_load(job):
            self._reloading_from_disk = False
            return
        changelog = result.changelog
        if changelog.errors:
            self.load_errors.emit([(e.path, e.reason) for e in changelog.errors])
        if changelog.errors and not changelog.files:
            self._reloading_from_disk = False
            self._end_preview(keep=False)
            self.loaded.emit(False)
            return
        self._before_preview = None
        self.paths = paths
        self.set_notes(result)
        self._watch(changelog, result.disk)
        if restore is not None:
            self._restore = restore
            self.reloaded.emit(self._reloading_from_disk)
        self._reloading_from_disk = False
        self.loaded.emit(True)

    def _on_load_failed(self, job: Job, paths: list[str], exc: BaseException) -> None:
        self._reloading_from_disk = False
        if self._end_load(job):
            self._end_preview(keep=False)
            self.load_failed.emit(f"Could not open {', '.join(paths)}:\n{exc}")
            self.loaded.emit(False)

    def set_notes(self, loaded: Loaded, *, partial: bool = False) -> None:
        """Show loaded notes (from load_notes, or made by hand): all releases in scope, the
        current query applied to them. The sort orders of notes that are only the first part of
        a load are not worked out ahead (more notes replace them soon): a click works one out."""
        self._stop_filter()
        self.notes = loaded
        self.changelog = loaded.changelog
        self.scope = ALL
        self.rows = range(len(self.changes))
        self.query = compile_query("")
        self.notes_changed.emit(loaded)
        if partial:
            self._stop_sort_orders()
        else:
            self._start_sort_orders()
        self.set_query(self.query_text, force=True)

    def _stop_sort_orders(self) -> None:
        if self._sort_work is not None:
            self._sort_work.cancel()
            self._sort_work = None

    def _start_sort_orders(self) -> None:
        """Work out the sort orders between events once the notes are shown."""
        self._stop_sort_orders()
        changes = self.changes
        work = IdleWork(sort_orders_steps(changes, self.snapshot().texts), self)
        work.finished.connect(lambda orders: self._on_sort_orders(work, changes, orders))
        self._sort_work = work
        work.start(SORT_DELAY_MS)

    def _on_sort_orders(self, work: IdleWork, changes: Sequence[Change], orders: dict) -> None:
        if work is self._sort_work:
            self._sort_work = None
            self.sort_orders_ready.emit(orders, changes)

    # -- query and scope --------------------------------------------------------------------
    def set_query(self, text: str, *, force: bool = False) -> None:
        """Filter by a query. A malformed one is rejected (query_rejected) and the rows stay;
        one that would take long runs on a thread and is superseded by the next call."""
        if text == self.query_text and not force and self.rejected is None and self._filter_job is None:
            return
        self.query_text = text
        try:
            compiled = compile_query(text)
        except QueryError as exc:
            self._stop_filter()
            self.rejected = exc
            self.query_rejected.emit(exc)
            return
        self.rejected = None
        self._stop_filter()
        # Typing on narrows what the previous query matched: test only those rows.
        rows: Sequence[int] = self.rows if compiled.narrows(self.query) else range(len(self.changes))
        texts = self.snapshot().texts
        plain = compiled.needles is not None
        if not compiled.text.strip():  # no filter: every row, at once
            self._apply(compiled, range(len(self.changes)))
            return
        if len(rows) * self._row_cost[plain] <= FILTER_BUDGET_S:
            started = time.perf_counter()
            found = matching(self.changes, texts, compiled, rows)
            self._learn_cost(plain, len(rows), time.perf_counter() - started)
            self._apply(compiled, found)
            return
        changes = self.changes
        started = time.perf_counter()
        job = Job(lambda report: _match_in_steps(changes, texts, compiled, rows, report), self)
        job.finished.connect(lambda found: self._on_filtered(job, compiled, found, plain, len(rows), started))
        job.failed.connect(lambda exc: self._on_filter_failed(job, exc))
        self._filter_job = job
        self.filter_running.emit(True)
        job.start()

    def stop_filter(self) -> bool:
        """Stop a filter that runs on a thread; the rows stay those of the previous query.
        False when none runs."""
        if self._filter_job is None:
            return False
        self._stop_filter()
        self.filter_stopped.emit(f"Filter stopped before it ended; the changes shown are those of "
                                 f"“{self.query.text.strip() or 'no filter'}”. Press Enter to run it again.")
        return True

    def _stop_filter(self) -> None:
        if self._filter_job is not None:
            self._filter_job.cancel()
            self._filter_job = None
            self.filter_running.emit(False)

    def _learn_cost(self, plain: bool, rows: int, seconds: float) -> None:
        if rows >= 1_000:  # small runs say more about the timer than about the query
            self._row_cost[plain] = 0.5 * self._row_cost[plain] + 0.5 * seconds / rows

    def _on_filtered(self, job: Job, query: Query, found: list[int], plain: bool, rows: int, started: float) -> None:
        if job is not self._filter_job:
            return
        self._filter_job = None
        self.filter_running.emit(False)
        self._learn_cost(plain, rows, time.perf_counter() - started)
        self._apply(query, found)

    def _on_filter_failed(self, job: Job, exc: BaseException) -> None:
        if job is not self._filter_job:
            return
        self._filter_job = None
        self.filter_running.emit(False)
        self.filter_stopped.emit(f"Filter stopped: {type(exc).__name__}: {exc}")

    def _apply(self, query: Query, rows: Sequence[int]) -> None:
        self.query = query
        self.rows = rows
        self.query_changed.emit(query)
        self._recount_timer.start()

    def set_scope(self, scope: Scope) -> None:
        """Show the changes of a release, a section or a project (ALL: of all the notes)."""
        if scope == self.scope:
            return
        self.scope = scope
        self.scope_changed.emit(scope)
        self._recount_timer.start()

    # -- counts -----------------------------------------------------------------------------
    @Slot()
    def _recount(self) -> None:
        """Facet counts under the query (less each facet's own clauses), and the tree's counts,
        counted between events; a newer count supersedes an older one."""
        if self._count_work is not None:
            self._count_work.cancel()
        text = self.query.text
        facets = [(facet, compile_query(without_clause(text, facet.field))) for facet in FACETS]
        work = IdleWork(count_steps(self.snapshot(), facets, self.query if text.strip() else None), self)
        work.finished.connect(lambda result: self._on_counted(work, result))
        self._count_work = work
        work.start()

    def recount_now(self) -> None:
        """Count at once (for a caller that must not wait for the next events)."""
        self._recount_timer.stop()
        self._recount()
        work = self._count_work
        if work is not None:
            work.finish_now()

    def _on_counted(self, work: IdleWork, result: tuple) -> None:
        if work is self._count_work:
            self._count_work = None
            self.counts_changed.emit(Counts(*result))

    # -- files on disk ----------------------------------------------------------------------
    def take_restore(self) -> tuple | None:
        """What a reload asked to show again (scope, selection), once."""
        restore, self._restore = self._restore, None
        return restore

    def _watch(self, changelog: Changelog, states: Mapping[str, object]) -> None:
        """Watch the files shown (and the folders opened, for new files) to reload on change;
        states: how they looked when they were read."""
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._changed_paths.clear()
        self._disk_states = states
        paths = {f.path for f in changelog.files} | {p for p in self.paths if os.path.isdir(p)}
        for folder in [p for p in self.paths if os.path.isdir(p)]:
            paths.update(root for root, _dirs, _files in os.walk(folder))
        if paths:
            self._watcher.addPaths(sorted(paths))

    @Slot(str)
    def _on_watcher_changed(self, path: str) -> None:
        self._changed_paths.add(os.path.abspath(path))
        self.disk_event.emit(path)
        self._watch_timer.start()  # an editor's save is often several events

    @Slot()
    def _reload_changed(self) -> None:
        paths, self._changed_paths = self._changed_paths, set()
        if self.paths and not self.is_loading() and any(self._changed_on_disk(p) for p in paths):
            self._reloading_from_disk = True
            self.reload_requested.emit()

    def _state_when_read(self, path: str):
        if path in self._disk_states:
            return self._disk_states[path]
        folder = self._disk_states.get(os.path.dirname(path))  # a file read from an open folder
        return folder.get(path) if isinstance(folder, dict) else None

    def _changed_on_disk(self, path: str) -> bool:
        """Whether a path the watcher reported differs from how it was read, leaving out the
        files this window exported itself (an export into an open folder is no edit of the notes)."""
        now, before = disk_state(path), self._state_when_read(path)
        own = self._own_writes
        if isinstance(now, dict) and isinstance(before, dict):
            mine = {p for p, sig in now.items() if own.get(p) == sig}
            return ({p: s for p, s in now.items() if p not in mine}
                    != {p: s for p, s in before.items() if p not in mine})
        return now != before and not (now is not None and own.get(path) == now)

    def remember_own_write(self, path: str) -> None:
        """A file this window wrote: the watcher will not take it for an edit of the notes."""
        for name in {os.path.abspath(path), os.path.realpath(path)}:
            try:
                self._own_writes[name] = signature(os.stat(name))
            except OSError:
                continue
        while len(self._own_writes) > MAX_OWN_WRITES:
            del self._own_writes[next(iter(self._own_writes))]

    def watch_delay_ms(self) -> int:
        return self._watch_timer.interval()

    def shutdown(self) -> None:
        """Stop every piece of work (the window is closing)."""
        if self._load_job is not None:
            self._load_job.cancel()
            self._load_job = None
        self._stop_filter()
        for work in (self._count_work, self._sort_work):
            if work is not None:
                work.cancel()
        self._count_work = self._sort_work = None
        self._recount_timer.stop()
        self._watch_timer.stop()
        # The parses of this session are kept for the next: written now if they waited, and
        # a write under way is let finish (a second or two at 100k changes).
        for cache in self._unwritten:
            cache.flush()
        self._unwritten = []
        for work in list(self._cache_work):
            work.finish_now()
