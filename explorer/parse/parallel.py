"""Item analysis shared with a worker process, so that large files use a second core.

Finding a file's structure is one pass that stays here; analysing its items (refs, authors,
labels, summary) is a map over their texts and most of the work. The worker takes chunks from
the end while this process takes them from the start, until the two meet: neither waits for
the other, however the cores are shared. A worker that cannot start or dies leaves its chunks
to this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from explorer.parse.refs import ItemInfo, analyse

CHUNK = 1000  # items per task: about 20 ms of work, a small pickle each way
MIN_BYTES = 1 << 20  # below this, starting a worker costs more than it saves


# While a worker runs, this process's threads hand the interpreter lock over every 0.5 ms instead
# of 5 ms: the thread that takes the worker's results then waits less for the thread analysing
# its own share, and the worker is not held up waiting for its results to be read.
SWITCH_INTERVAL = 0.0005
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
            worker = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        except (OSError, ValueError, NotImplementedError):
            worker = None
    if worker is None:
        yield None
        return
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


def analyse_chunk(texts: list[str], default_repo: tuple[str, str] | None) -> list[tuple]:
    """Run in the worker: each item's ItemInfo as a plain tuple (cheaper to pickle)."""
    return [tuple(analyse(text, default_repo)) for text in texts]


def analyse_items(texts: list[str], default_repo: tuple[str, str] | None,
                  worker: Executor | None = None,
                  progress: Callable[[float], None] | None = None) -> list[ItemInfo | tuple]:
    """analyse() of every text, in order; with a worker, the work is shared with it.

    progress is told the fraction done and may raise to stop the work.
    """
    chunks = [texts[i:i + CHUNK] for i in range(0, len(texts), CHUNK)]
    futures: list[Future | None] = [None] * len(chunks)
    if worker is not None and len(chunks) > 1:
        try:
            for i in reversed(range(1, len(chunks))):  # the worker starts at the end
                futures[i] = worker.submit(analyse_chunk, chunks[i], default_repo)
        except (BrokenProcessPool, RuntimeError):
            pass  # a broken or shut worker: the futures left None are done here
    infos: list = []
    try:
        for i, chunk in enumerate(chunks):
            if progress is not None:
                progress(i / len(chunks))
            future = futures[i]
            result = None
            if future is not None and not future.cancel():
                try:
                    result = future.result()
                except Exception:  # noqa: BLE001 - a dead worker; the chunk is redone here
                    result = None
            infos += result if result is not None else [analyse(t, default_repo) for t in chunk]
    finally:
        for future in futures:
            if future is not None:
                future.cancel()
    return infos
