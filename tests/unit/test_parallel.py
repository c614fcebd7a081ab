"""Sharing item analysis with a worker process gives the same notes as doing it alone."""

import itertools
import os
import sys
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

import explorer.parse
from benchmarks.synthetic import generate
from explorer.parse import load_paths, parallel
from explorer.parse.refs import analyse
from explorer.parse.walk import ITEM, walk

REPO = ("projectcalico", "calico")


def _fields(changelog):
    return [(c.id, c.release.version, c.section, c.summary, c.refs, c.authors, c.labels,
             c.breaking, c.action_required, c.line) for c in changelog.changes]


@pytest.fixture(scope="module")
def items() -> list[str]:
    return [b.text for b in walk(generate(20_000)) if b.kind == ITEM]


def test_a_large_file_loads_the_same_with_a_worker(tmp_path):
    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(8_000))
    assert path.stat().st_size >= parallel.MIN_BYTES
    alone, shared = load_paths([str(path)]), load_paths([str(path)], parallel=True)
    assert len(shared.changes) == 8_000
    assert _fields(shared) == _fields(alone)
    assert [r.version for r in shared.releases] == [r.version for r in alone.releases]


def test_a_folder_of_small_files_loads_the_same_with_whole_files_in_the_worker(tmp_path, monkeypatch):
    for n in range(12):
        (tmp_path / f"CHANGELOG-{n:02}.md").write_text(generate(600 + 50 * n))
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) >= parallel.MIN_BYTES
    shared_out = []
    real = explorer.parse._share_files

    def share(worker, todo, sizes, cache_folder):
        remote = real(worker, todo, sizes, cache_folder)
        shared_out.append(sorted(remote))
        return remote

    monkeypatch.setattr(explorer.parse, "_share_files", share)
    alone, shared = load_paths([str(tmp_path)]), load_paths([str(tmp_path)], parallel=True)
    assert shared_out[0] == [] and 3 <= len(shared_out[1]) <= 9  # about half the files went to the worker
    assert _fields(shared) == _fields(alone)
    assert [r.file for r in shared.releases] == [r.file for r in alone.releases]  # in file order
    assert [c.id for c in shared.changes] == [c.id for c in alone.changes]


def test_a_dead_worker_leaves_its_whole_files_to_this_process(tmp_path):
    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(50))

    class Dead:
        def result(self):
            raise BrokenProcessPool("the worker died")

    assert _fields(explorer.parse._remote_result(Dead(), str(path), None)) == _fields(load_paths([str(path)]))


def _analysed(texts, worker, progress=None) -> list[tuple]:
    with parallel.ItemAnalysis(REPO, worker) as analysis:
        for text in texts:
            analysis.add(text)
        return [tuple(info) for info in analysis.results(progress)]


def test_the_worker_takes_chunks_from_the_start_and_this_process_from_the_end(items, monkeypatch):
    done_here = []
    monkeypatch.setattr(parallel, "analyse", lambda text, repo: done_here.append(text) or analyse(text, repo))
    with parallel.worker_process() as worker:
        assert worker is not None
        worker.submit(int).result()  # started and ready
        infos = _analysed(items, worker)
    assert infos == [tuple(analyse(t, REPO)) for t in items]
    assert 0 < len(done_here) < len(items)
    assert done_here[:parallel.CHUNK] == items[-(len(items) % parallel.CHUNK or parallel.CHUNK):][:parallel.CHUNK]
    assert items[0] not in done_here


class _DeadWorker:
    """An executor whose process died: every task fails."""

    def __init__(self):
        self.futures = []

    def submit(self, fn, *args):
        future = Future()
        future.set_running_or_notify_cancel()
        future.set_exception(BrokenProcessPool("killed"))
        self.futures.append(future)
        return future


class _ShutWorker:
    def submit(self, fn, *args):
        raise RuntimeError("cannot schedule new futures after shutdown")


@pytest.mark.parametrize("worker", [_DeadWorker(), _ShutWorker()], ids=["dead", "shut"])
def test_a_dead_worker_leaves_its_chunks_to_this_process(items, worker):
    texts = items[:3_500]
    assert _analysed(texts, worker) == [tuple(analyse(t, REPO)) for t in texts]


class _IdleWorker:
    """An executor that never starts its tasks."""

    def __init__(self):
        self.futures = []

    def submit(self, fn, *args):
        self.futures.append(Future())
        return self.futures[-1]


def test_stopping_cancels_the_chunks_left_to_the_worker(items):
    worker = _IdleWorker()

    def progress(fraction):
        if fraction > 0:
            raise KeyboardInterrupt  # what a cancelled load raises, in spirit

    with pytest.raises(KeyboardInterrupt):
        _analysed(items[:5_000], worker, progress)
    assert len(worker.futures) == 5 and all(f.cancelled() for f in worker.futures)


def test_the_switch_interval_comes_back_after_the_worker():
    before = sys.getswitchinterval()
    with parallel.worker_process() as worker:
        assert worker is not None
        assert sys.getswitchinterval() == pytest.approx(min(before, parallel.SWITCH_INTERVAL))
    assert sys.getswitchinterval() == before


def test_one_usable_cpu_parses_without_a_worker(tmp_path, monkeypatch):
    """On one CPU a worker would only take turns with the parse: none is started."""
    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(6_000))
    assert path.stat().st_size >= parallel.MIN_BYTES
    started: list[int] = []
    real = parallel.worker_process

    def watched(wanted=True):
        started.append(wanted)
        return real(wanted)

    monkeypatch.setattr(parallel, "worker_process", watched)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 1)
    alone = load_paths([str(path)], parallel=True)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    shared = load_paths([str(path)], parallel=True)
    assert started == [False, True]
    assert _fields(alone) == _fields(shared) and len(alone.changes) == 6_000


@pytest.mark.parametrize(("cpu_max", "cpus"), [
    ("max 100000\n", None),  # no quota
    ("100000 100000\n", 1),
    ("150000 100000\n", 2),  # one and a half CPUs: a worker still gains
    ("120000 100000\n", 1),
    ("20000 100000\n", 1),  # a fifth of a CPU is still one to run on
    ("400000 100000\n", 4),
    ("100000 0\n", None),
    ("", None),
    ("garbage\n", None),
    ("-1 100000\n", None),
])
def test_a_cgroup_quota_counts_as_whole_cpus(cpu_max, cpus):
    assert parallel.quota_cpus(cpu_max) == cpus


def test_this_process_has_at_least_one_cpu():
    assert 1 <= parallel.usable_cpus() <= (os.cpu_count() or 1)


def test_no_worker_unless_wanted():
    with parallel.worker_process(False) as worker:
        assert worker is None


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(tmp_path, enabled):
    import gc

    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("## 1.0.0\n\n- a change\n")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        assert len(load_paths([str(notes)]).changes) == 1
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_ready_hands_on_what_the_worker_finished_and_results_goes_on_after_it(items):
    texts = items[:5_500]
    with parallel.worker_process() as worker:
        assert worker is not None
        with parallel.ItemAnalysis(REPO, worker) as analysis:
            for text in texts[:3_000]:
                analysis.add(text)
            analysis._futures[1].result(timeout=60)  # the worker has finished the first two chunks
            early = analysis.ready()
            for text in texts[3_000:]:
                analysis.add(text)
            assert analysis.added == 5_500
            rest = [tuple(info) for info in analysis.results()]
    assert len(early) >= 2 * parallel.CHUNK and len(early) % parallel.CHUNK == 0
    assert early + rest == [tuple(analyse(t, REPO)) for t in texts]


def test_ready_without_a_worker_hands_on_nothing(items):
    with parallel.ItemAnalysis(REPO, None) as analysis:
        for text in items[:2_500]:
            analysis.add(text)
        assert analysis.ready() == []
        assert [tuple(i) for i in analysis.results()] == [tuple(analyse(t, REPO)) for t in items[:2_500]]


def test_a_large_file_tells_its_first_releases_while_it_is_read(tmp_path, monkeypatch):
    from explorer.parse import document

    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(30_000))
    monkeypatch.setattr(document, "FILL_SECONDS", 0.0)  # as often as the growth allows
    told = []
    whole = load_paths([str(path)], parallel=True, sofar=told.append)
    assert _fields(whole) == _fields(load_paths([str(path)]))
    assert len(told) >= 2
    counts = [len(part.changes) for part in told]
    assert all(b >= 2 * a for a, b in itertools.pairwise(counts))  # each at least twice the one before
    assert counts[-1] <= len(whole.changes) // 2  # none when less than half is left to read
    for part in told:  # the first releases and changes of the whole, as they are in it
        n = len(part.changes)
        assert _fields(part) == _fields(whole)[:n]
        assert all(a is b for a, b in zip(part.changes, whole.changes[:n], strict=True))
        assert [r.version for r in part.releases] == [r.version for r in whole.releases[:len(part.releases)]]
        assert {c.release for c in part.changes} <= set(part.releases)


def test_a_file_without_a_worker_tells_its_first_releases_once_its_walk_is_done(tmp_path, monkeypatch):
    from explorer.parse import document

    monkeypatch.setattr(document, "FILL_SECONDS", 0.0)
    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(30_000))
    walked, told = [], []
    real = document._structure
    monkeypatch.setattr(document, "_structure", lambda *args: walked.append(True) or real(*args))
    whole = load_paths([str(path)], parallel=False, sofar=lambda part: told.append((bool(walked), part)))
    assert told and all(done for done, _ in told)  # the items are analysed here, after the walk
    for _, part in told:
        assert _fields(part) == _fields(whole)[:len(part.changes)]


def test_a_file_read_in_less_than_the_fill_interval_tells_nothing_before_it_is_read(tmp_path):
    from explorer.parse import document

    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(2_000))
    told = []
    started = time.monotonic()
    load_paths([str(path)], parallel=True, sofar=told.append)
    assert time.monotonic() - started < document.FILL_SECONDS and told == []


def test_the_notes_told_so_far_begin_with_the_files_read_before(tmp_path, monkeypatch):
    from explorer.cache import ParseCache
    from explorer.parse import document

    monkeypatch.setattr(document, "FILL_SECONDS", 0.0)
    folder = tmp_path / "notes"
    folder.mkdir()
    first, large = folder / "CHANGELOG-a.md", folder / "CHANGELOG-b.md"
    first.write_text(generate(300))
    os.utime(first, (1_600_000_000, 1_600_000_000))  # written long before its entry: served by its identity
    cache = ParseCache(str(tmp_path / "cache"))
    kept = load_paths([str(first)], cache=cache)  # its parse is kept: not read again
    large.write_text(generate(30_000))
    told = []
    whole = load_paths([str(folder)], parallel=True, cache=cache, sofar=told.append)
    assert len(whole.changes) == 30_300 and told
    for part in told:
        assert [c.id for c in part.changes[:300]] == [c.id for c in kept.changes]
        assert [c.id for c in part.changes] == [c.id for c in whole.changes[:len(part.changes)]]


def test_what_the_notes_told_so_far_raise_stops_the_load(tmp_path, monkeypatch):
    """A cancel raised while the notes read so far are handed on ends the load, as one raised
    by progress does; it is no error of the file."""
    from explorer.parse import document

    monkeypatch.setattr(document, "FILL_SECONDS", 0.0)
    path = tmp_path / "CHANGELOG.md"
    path.write_text(generate(30_000))

    class Stop(Exception):
        pass

    def sofar(part):
        raise Stop

    with pytest.raises(Stop):
        load_paths([str(path)], parallel=True, sofar=sofar)


def test_an_entry_written_again_is_analysed_once(monkeypatch):
    calls = []
    monkeypatch.setattr(parallel, "analyse", lambda text, context: calls.append(text) or analyse(text, context))
    texts = ["Fix the cache (#12)", "Add a flag (#13)", "Fix the cache (#12)"]
    memo: dict = {}
    assert parallel.analyse_all(texts, None, memo) == [analyse(t, None) for t in texts]
    assert calls == ["Fix the cache (#12)", "Add a flag (#13)"]
    monkeypatch.setattr(parallel, "MEMO", 2)
    parallel.analyse_all(["Drop Node 16 (#14)"], None, memo)  # a full memo starts again
    assert list(memo) == ["Drop Node 16 (#14)"]


def test_the_worker_forgets_its_analyses_when_the_context_changes():
    first = parallel.analyse_chunk(["Fix #12"], ("o", "r"))
    second = parallel.analyse_chunk(["Fix #12"], ("o", "other"))
    assert first[0][1][0].repo == "r" and second[0][1][0].repo == "other"
