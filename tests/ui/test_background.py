"""Work off the event loop: jobs on threads, and generator steps between events."""

import os
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt

from benchmarks.synthetic import generate
from explorer.ui.background import IdleWork, Job


def test_a_job_whose_window_is_gone_ends_quietly(qtbot, monkeypatch):
    failures = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    owner = QObject()
    go, reported = threading.Event(), []

    def work(report):
        go.wait(5)
        report(0.5)  # the job is deleted by now: this stops it
        reported.append(True)
        return 1

    job = Job(work, owner)
    job.start()
    thread = job._thread
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    go.set()
    thread.join(5)
    assert not thread.is_alive()
    assert reported == [] and failures == []


def test_a_job_waits_until_the_window_has_taken_its_partial_result(qtbot):
    steps = []

    def work(report):
        job.send_partial("first part")
        steps.append("sent")
        return 2

    def take(value):
        time.sleep(0.3)  # the window takes it in: the job's thread waits meanwhile
        steps.append(f"took {value}")

    job = Job(work)
    job.partial.connect(take)
    with qtbot.waitSignal(job.finished, timeout=5_000):
        job.start()
    assert steps == ["took first part", "sent"]


def test_a_job_waiting_for_its_partial_result_to_be_taken_stops_when_cancelled(qtbot):
    ended = []

    def work(report):
        try:
            job.send_partial("never taken")  # the event loop does not run: nothing takes it
        finally:
            ended.append(True)

    job = Job(work)
    job.start()
    time.sleep(0.2)
    assert not ended
    job.cancel()
    assert job.wait(1) and ended


def _alive(obj) -> bool:
    try:
        obj.objectName()
        return True
    except RuntimeError:
        return False


def test_idle_work_runs_its_steps_between_events(qtbot):
    ran = []

    def steps():
        for i in range(50):
            ran.append(i)
            yield
        return sum(ran)

    work = IdleWork(steps())
    assert ran == []  # nothing before the event loop runs
    with qtbot.waitSignal(work.finished, timeout=5000) as finished:
        work.start()
        assert work.is_running()
    assert finished.args == [sum(range(50))]
    assert not work.is_running()


def test_idle_work_with_a_delay_lets_the_events_of_that_time_go_first(qtbot):
    ran = []

    def steps():
        ran.append(time.perf_counter())
        yield

    work = IdleWork(steps())
    started = time.perf_counter()
    with qtbot.waitSignal(work.finished, timeout=5000):
        work.start(delay_ms=200)
        qtbot.wait(100)
        assert ran == [] and work.is_running()  # waiting, and counted as running
    assert ran[0] - started >= 0.18  # a Qt timer may fire up to 5% early (a coarse timer)


def test_cancelled_idle_work_stops(qtbot):
    ran = []

    def steps():
        while True:
            ran.append(1)
            yield

    work = IdleWork(steps())
    work.SLICE = 0.0005
    work.start()
    qtbot.waitUntil(lambda: len(ran) > 3)
    work.cancel()
    count = len(ran)
    qtbot.wait(50)
    assert len(ran) == count and not work.is_running()


def test_a_failing_step_stops_the_work(qtbot):
    def steps():
        yield
        raise ValueError("broken step")

    work = IdleWork(steps())
    work.start()
    assert work.is_running()
    with pytest.raises(ValueError):  # raised into the event loop, whose hook reports it
        work._run()
    assert not work.is_running()


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # gone
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
        except OSError:
            continue
    return found


def test_cancel_stops_the_load_within_200_ms_here_and_in_the_worker(qtbot, make_window, tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(40_000))  # 8 MB: parsed with a worker process
    window = make_window()
    window.open_paths([str(notes)])
    job = window.session.load_job()
    qtbot.waitUntil(lambda: window.progress_bar.value() >= 30, timeout=30_000)
    workers = _children(os.getpid())
    assert workers, "the load started no worker process"
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    started = time.perf_counter()
    ended = job.wait(5)
    assert time.perf_counter() - started < 0.2 and ended
    spent = {pid: _cpu_seconds(pid) for pid in workers}
    qtbot.wait(500)
    busy = [pid for pid in workers if spent[pid] is not None and (_cpu_seconds(pid) or 0) - spent[pid] > 0.1]
    assert busy == []  # no process of ours goes on parsing
    assert window.statusBar().currentMessage() == "Opening cancelled; the notes shown stay."


def test_the_first_rows_show_before_a_large_open_ends(qtbot, make_window, tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(40_000))  # 8 MB: seconds to parse
    window = make_window()
    seen = []
    window.session.preview_shown.connect(lambda count: seen.append(
        (count, window.is_loading(), window.table_model.rowCount(), window.filter_edit.isEnabled())))
    window.filter_edit.setText("ebpf")  # typed while it opens: applies to what is there
    with qtbot.waitSignal(window.loaded, timeout=60_000):
        window.open_paths([str(notes)])
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
        count, loading, _rows, _enabled = seen[0]
        assert loading and 0 < count < 40_000
        assert "Showing the first" in window.statusBar().currentMessage()
        shown = window.table_model.visible_changes()
        assert window.count_label.text() == f"{len(shown):,} of the first {count:,} changes (more are being read)"
        assert shown and all("ebpf" in c.summary.casefold() or "ebpf" in " ".join(c.labels).casefold()
                             or "ebpf" in " / ".join(c.section).casefold() for c in shown)
        assert window.table_model.total() == count  # the first changes, newest first
        assert window.tree_model.rowCount(window.tree_model.all_index()) > 0
    assert window.table_model.total() == 40_000 and not window.session.is_preview()
    assert window.filter_edit.text() == "ebpf" and window.table_model.rowCount() < 40_000
    assert "Showing the first" not in window.statusBar().currentMessage()
    assert window.count_label.text() == f"{window.table_model.rowCount():,} of 40,000 changes"


class _PaintCounter(QObject):
    def __init__(self, widget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_table_fills_as_a_large_open_goes(qtbot, make_window, tmp_path, monkeypatch):
    from explorer.parse import document

    monkeypatch.setattr(document, "FILL_SECONDS", 0.0)  # as often as the growth allows
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(60_000))  # 12 MB: seconds to parse, with a worker process
    window = make_window()
    paints = _PaintCounter(window.table.viewport())
    before, fills = [], []
    window.session.notes_changed.connect(lambda _loaded: before.append(paints.count))
    window.session.preview_shown.connect(lambda count: fills.append(
        (count, window.is_loading(), window.table_model.total(), window.table_model.rowCount(),
         window.count_label.text(), [c.id for c in window.table_model.visible_changes()[:50]])))
    # painted while the loading thread waits for them to be taken, not after
    window.session.preview_shown.connect(lambda _count: fills.append(paints.count > before[-1]))
    window.filter_edit.setText("ebpf")  # typed while it opens: follows the notes as they grow
    with qtbot.waitSignal(window.loaded, timeout=120_000):
        window.open_paths([str(notes)])
    assert window.table_model.total() == 60_000
    painted, fills = fills[1::2], fills[::2]
    assert all(painted)
    assert len(fills) >= 3  # the first rows, then more as they are read
    counts = [count for count, *_ in fills]
    assert counts == sorted(counts) and len(set(counts)) == len(counts) and counts[-1] < 60_000
    final = window.table_model.visible_changes()
    for count, loading, total, rows, label, first_ids in fills[1:]:  # parts of the whole: its first changes
        assert loading and total == count
        assert label == f"{rows:,} of the first {count:,} changes (more are being read)"
        assert first_ids == [c.id for c in final[:len(first_ids)]]
    assert [rows for *_, rows, _label, _ids in fills] == sorted(rows for *_, rows, _label, _ids in fills)
    assert window.count_label.text() == f"{window.table_model.rowCount():,} of 60,000 changes"
    window.session.recount_now()
    all_count = window.tree_model.all_index().siblingAtColumn(1).data()
    assert all_count == f"{window.table_model.rowCount():,} of 60,000"  # the tree reads numbers alike


def test_the_release_and_change_chosen_in_the_first_rows_stay_chosen_in_the_full_notes(qtbot, make_window,
                                                                                        tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(40_000))
    window = make_window()
    with qtbot.waitSignal(window.loaded, timeout=60_000):
        with qtbot.waitSignal(window.session.preview_shown, timeout=10_000):
            window.open_paths([str(notes)])
        model = window.tree_model
        second = model.index(1, 0, model.all_index())
        version = model.node(second).title
        rect = window.tree.visualRect(second)
        qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.session.scope.release.version == version and window.is_loading()
        window.table.selectRow(2)
        chosen = window.table.selected_ids()
        assert len(chosen) == 1
    assert window.table_model.total() == 40_000
    assert model.node(window.tree.currentIndex()).title == version
    assert window.session.scope.release is model.node(window.tree.currentIndex()).release  # of the full notes
    assert {c.release.version for c in window.table_model.visible_changes()} == {version}
    assert window.table.selected_ids() == chosen


def test_cancelling_after_the_first_rows_shows_the_notes_from_before(qtbot, make_window, tmp_path):
    from tests.conftest import REFERENCE

    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(40_000))
    window = make_window(REFERENCE)
    with qtbot.waitSignal(window.session.preview_shown, timeout=10_000):
        window.open_paths([str(notes)])
    assert window.table_model.total() < 40_000 and window.is_loading()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert window.table_model.total() == 75 and window.session.paths == [str(REFERENCE)]
    assert "v3.23.0-release-notes.md" in window.windowTitle()


def test_the_range_chosen_stays_shown_while_new_notes_are_filtered_on_a_thread(qtbot, make_window, tmp_path,
                                                                                  monkeypatch):
    from explorer.ui import session

    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(500))
    window = make_window(notes)
    bar = window.range_bar
    bar.from_combo.setCurrentIndex(5)
    bar.to_combo.setCurrentIndex(2)
    chosen = (bar.from_combo.currentText(), bar.to_combo.currentText())
    assert "release:" in window.filter_edit.text() and "any" not in chosen
    monkeypatch.setattr(session, "FILTER_BUDGET_S", 0.0)  # every filter runs on a thread
    window.session.set_notes(window.session.notes)  # the same notes again, as a load shows them
    assert window.session.is_filtering()
    assert (bar.from_combo.currentText(), bar.to_combo.currentText()) == chosen
    qtbot.waitUntil(lambda: not window.session.is_filtering())
    assert (bar.from_combo.currentText(), bar.to_combo.currentText()) == chosen
