"""Item analysis shared with a worker process, so that large files use a second core.

Finding a file's structure is one pass that stays here; analysing its items (refs, authors,
labels, summary) is a map over their texts and most of the work. Items go to the worker in
chunks as the structure pass finds them, so it starts at once; when the pass is done, this
process takes the chunks still waiting, from the end, until the two meet. Neither waits for
the other, however the cores are shared. A worker that cannot start or dies leaves its chunks
to this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from explorer.parse.refs import Context, ItemInfo, analyse

CHUNK = 1000  # items per task: about 20 ms of work, a small pickle each way
MIN_BYTES = 1 << 20  # below this, starting a worker costs more than it saves


# While a worker runs, this process's threads hand the interpreter lock over every 0.1 ms instead
# of 5 ms: the thread that takes the worker's results then waits less for the thread analysing
# its own share, the worker is not held up waiting for its results to be read, and each of the
# window's calls into Python waits less (a paint of the tree during a load of a million changes
# took 20-80 ms with 0.5 ms, 9-13 ms with 0.1 ms; the load took no longer).
SWITCH_INTERVAL = 0.0001
_active = 0
_active_lock = threading.Lock()
_saved_interval = 0.005


@contextlib.contextmanager
def worker_process(wanted: bool = True) -> Iterator[Executor | None]:
    """A process for analysing items, or None when not wanted or processes cannot be made.

    Spawned, not forked: this process may run Qt's threads, which a fork would not carry over.
    """
    global _active, _saved_interval
    worker = None
    if wanted:
        try:
            worker = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_follow_parent, initargs=(os.getpid(),))
        except (OSError, ValueError, NotImplementedError):
            worker = None
    if worker is None:
        yield None
        return
    worker.submit(int)  # starts the process now, while the file is read and walked
    with _active_lock:
        _active += 1
        if _active == 1:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved_interval, SWITCH_INTERVAL))
    try:
        yield worker
    finally:
        worker.shutdown(wait=False, cancel_futures=True)
        with _active_lock:
            _active -= 1
            if _active == 0:
                sys.setswitchinterval(_saved_interval)


def usable_cpus() -> int:
    """How many CPUs this process may use: those it may run on (taskset, a container's cpuset),
    fewer when a cgroup CPU quota allows less (a container run with --cpus=1). On one CPU a
    worker only takes turns with this process, and a large open took 15% longer with one."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    try:
        count = (counter() if counter is not None else len(os.sched_getaffinity(0))) or 1
    except (AttributeError, OSError):  # no affinity on this system
        count = os.cpu_count() or 1
    quota = _cgroup_cpus()
    return count if quota is None else min(count, quota)


def _cgroup_cpus() -> int | None:
    """The CPU quota of this process's cgroup (v2), rounded to whole CPUs; None when there is none."""
    try:
        with open("/proc/self/cgroup", encoding="utf-8") as own:
            group = next((line[3:].strip() for line in own if line.startswith("0::")), None)
        if group is None:
            return None
        with open(os.path.join("/sys/fs/cgroup", group.lstrip("/"), "cpu.max"), encoding="utf-8") as limit:
            return quota_cpus(limit.read())
    except (OSError, ValueError):
        return None


def quota_cpus(cpu_max: str) -> int | None:
    """The whole CPUs a cgroup v2 cpu.max grants ("150000 100000": 2; "max 100000": None)."""
    fields = cpu_max.split()
    if len(fields) != 2 or fields[0] == "max" or not (fields[0].isdigit() and fields[1].isdigit()):
        return None
    quota, period = int(fields[0]), int(fields[1])
    return max(1, int(quota / period + 0.5)) if period else None


def _follow_parent(parent: int) -> None:
    """Run in the worker: it must not outlive the process it works for, however that one ends
    (killed, say, while parsing: the worker would hold the caller's pipes open for good). It
    lets go of the caller's standard streams, and ends itself once its parent is gone."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


MEMO = 8192  # analyses kept for entries written again: release candidates' notes repeated in the release


def analyse_all(texts: list[str], context: Context | None, memo: dict) -> list:
    """analyse() of each text; an entry written again, word for word, is analysed once (a
    third of traefik's entries repeat those of its release candidates)."""
    results = []
    for text in texts:
        info = memo.get(text)
        if info is None:
            info = analyse(text, context)
            if len(memo) >= MEMO:
                memo.clear()
            memo[text] = info
        results.append(info)
    return results


_worker_memo: dict[str, tuple] = {}
_worker_context: list = [None]  # the context the worker's memo holds analyses for


def analyse_chunk(texts: list[str], context: Context | None) -> list[tuple]:
    """Run in the worker: each item's ItemInfo as a plain tuple (cheaper to pickle)."""
    if context != _worker_context[0]:  # another file, or the same file's context unpickled again
        _worker_memo.clear()
        _worker_context[0] = context
    return [tuple(info) for info in analyse_all(texts, context, _worker_memo)]


class ItemAnalysis:
    """analyse() of items added one by one; results() gives them all, in order.

    Use it as a context manager: leaving it cancels what the worker has not started.
    """

    def __init__(self, context: Context | None, worker: Executor | None = None):
        self._context = context
        self._worker = worker
        self._chunks: list[list[str]] = [[]]
        self._futures: list[Future | None] = []
        self._front = 0  # the first chunk whose results are not handed on yet
        self._memo: dict[str, ItemInfo] = {}

    def __enter__(self) -> ItemAnalysis:
        return self

    def __exit__(self, *exc) -> None:
        for future in self._futures:
            if future is not None:
                future.cancel()

    def add(self, text: str) -> None:
        chunk = self._chunks[-1]
        chunk.append(text)
        if len(chunk) == CHUNK:
            self._futures.append(self._submit(chunk))
            self._chunks.append([])

    def _submit(self, chunk: list[str]) -> Future | None:
        if self._worker is None:
            return None
        try:
            return self._worker.submit(analyse_chunk, chunk, self._context)
        except (BrokenProcessPool, RuntimeError):  # a broken or shut worker
            self._worker = None
            return None

    @property
    def added(self) -> int:
        """How many items were added so far."""
        return (len(self._chunks) - 1) * CHUNK + len(self._chunks[-1])

    def ready(self) -> list[tuple]:
        """The analyses the worker has finished, from the front and in order, without waiting
        for more (none without a worker). results() goes on after the last one handed on."""
        futures, taken = self._futures, []
        while self._front < len(futures):
            future = futures[self._front]
            if future is None or not future.done() or future.cancelled() or future.exception() is not None:
                break  # not finished, or left to results() to redo
            taken += future.result()
            self._chunks[self._front] = []
            futures[self._front] = None
            self._front += 1
        return taken

    def results(self, progress: Callable[[float], None] | None = None) -> Iterator[ItemInfo | tuple]:
        """Every item's analysis not handed on by ready(), in the order added. A generator: each
        chunk's results can be used and dropped before the next. progress is told the fraction
        done and may raise.

        While the worker goes on from the front, this process alternates: it hands on the
        chunks the worker has finished, and analyses waiting chunks from the end.
        """
        chunks, futures = self._chunks, self._futures
        if not chunks[-1]:
            chunks.pop()
        futures += [None] * (len(chunks) - len(futures))  # the last, partial chunk is done here
        n = len(chunks)
        done: list[list | None] = [None] * n
        front, back = self._front, n - 1  # the next chunk to hand on; the next to take from the end
        while front < n:
            if progress is not None:
                progress((front + n - 1 - back) / n)
            future = futures[front]
            if done[front] is None and future is not None and not future.done() and front < back:
                candidate = futures[back]
                if done[back] is None and (candidate is None or candidate.cancel()):
                    done[back] = analyse_all(chunks[back], self._context, self._memo)
                    futures[back] = None
                    back -= 1
                    continue
            result = done[front]
            if result is None and future is not None:
                try:
                    result = future.result()
                except Exception:  # noqa: BLE001 - a dead worker; the chunk is redone here
                    result = None
            if result is None:
                result = analyse_all(chunks[front], self._context, self._memo)
            chunks[front] = []  # its texts are dropped once handed on
            done[front] = futures[front] = None
            front += 1
            back = max(back, front)
            yield from result
