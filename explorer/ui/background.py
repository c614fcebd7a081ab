"""Work that must not freeze the window: on a thread (Job) or between events (IdleWork).

Python threads share one interpreter lock. A thread suits work the window does not draw from
while it runs, such as loading: the interpreter hands the lock over often enough for the
progress bar. But Qt calls into Python (a model's data(), slots) hundreds of times per paint,
and each call must win the lock back from a busy thread: a paint of the table then took several
hundred milliseconds. Work that runs while the user browses is therefore cut into steps that
run on the GUI thread between events (IdleWork).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator

from PySide6.QtCore import QObject, QTimer, Signal


class Cancelled(Exception):
    """Raised inside a job whose result is no longer wanted."""


class Job(QObject):
    """One call of fn(report) on a thread; report(fraction) also stops the job once cancelled.

    The signals are delivered in the thread this object lives in (the GUI thread), so their
    slots may touch widgets.
    """

    progressed = Signal(float)
    partial = Signal(object)  # a first part of the result, sent by fn through send_partial
    finished = Signal(object)  # fn's result
    failed = Signal(object)  # the exception fn raised (not Cancelled)
    _partial_sent = Signal(object)  # from the thread; handed on as partial on the GUI thread

    def __init__(self, fn: Callable[[Callable[[float], None]], object], parent=None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._taken = threading.Event()  # the last partial result was handed on
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._partial_sent.connect(self._hand_on)

    def start(self) -> None:
        """Run fn on its thread; once only, and not at all once cancelled."""
        if not self._cancel.is_set() and self._thread.ident is None:
            self._thread.start()

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float) -> bool:
        """Wait for the thread to end (at most timeout seconds); whether it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, fraction: float) -> None:
        if self._cancel.is_set() or not self._emit(self.progressed, fraction):
            raise Cancelled

    def send_partial(self, value: object) -> None:
        """From fn: hand a first part of the result to the GUI thread, and wait until its slots
        have taken it (Cancelled once cancelled). Their calls into Python would otherwise each
        wait for this busy thread to hand over the interpreter lock: showing the tree of the
        first 155,000 changes of a large file took 260 ms instead of 25. A slot that paints what
        it was given does so at once (QWidget.repaint), for the same reason."""
        self._taken.clear()
        if self._cancel.is_set() or not self._emit(self._partial_sent, value):
            raise Cancelled
        while not self._taken.wait(0.05):
            if self._cancel.is_set():
                raise Cancelled

    def _hand_on(self, value: object) -> None:
        try:
            if not self._cancel.is_set():
                self.partial.emit(value)
        finally:
            self._taken.set()

    def _emit(self, signal, value) -> bool:
        """Send value to the GUI thread; False when this job was deleted (its window closed)."""
        try:
            signal.emit(value)
            return True
        except RuntimeError:  # "Signal source has been deleted": nobody waits for the result
            self._cancel.set()
            return False

    def _run(self) -> None:
        try:
            result = self._fn(self._report)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
            if not self._cancel.is_set():
                self._emit(self.failed, exc)
            return
        if not self._cancel.is_set():
            self._emit(self.finished, result)


class IdleWork(QObject):
    """A generator run on the GUI thread a few milliseconds at a time, between events.

    Each `yield` in the generator is a point where it may pause; its return value is emitted
    with `finished`. Input and painting wait at most one slice.
    """

    finished = Signal(object)
    SLICE = 0.008  # seconds of work before the event loop runs again

    def __init__(self, steps: Generator[object, None, object], parent=None):
        super().__init__(parent)
        self._steps = steps
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._run)

    def start(self, delay_ms: int = 0) -> None:
        """Run the steps between events, the first slice after delay_ms."""
        self._timer.start(delay_ms)

    def cancel(self) -> None:
        self._timer.stop()
        self._steps.close()

    def finish_now(self) -> None:
        """Run the remaining steps at once (finished is emitted before this returns)."""
        self._timer.stop()
        self.SLICE = float("inf")
        self._run()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def _run(self) -> None:
        if self._timer.interval():
            self._timer.setInterval(0)  # after the delay, a slice each time the events are done
        deadline = time.perf_counter() + self.SLICE
        try:
            while time.perf_counter() < deadline:
                next(self._steps)
        except StopIteration as stop:
            self._timer.stop()
            self.finished.emit(stop.value)
        except BaseException:
            self._timer.stop()
            raise
