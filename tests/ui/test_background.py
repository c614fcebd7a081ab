"""Work off the event loop: jobs on threads, and generator steps between events."""

import threading

import pytest
from PySide6.QtCore import QObject

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
