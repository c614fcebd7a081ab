"""Work on a background thread whose result comes back to the GUI thread as a signal.

Python threads share one interpreter lock, but the interpreter hands it over every few
milliseconds, so the window keeps repainting and answering input while parsing goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal


class Cancelled(Exception):
    """Raised inside a job whose result is no longer wanted."""


class Job(QObject):
    """One call of fn(report) on a thread; report(fraction) also stops the job once cancelled.

    The signals are delivered in the thread this object lives in (the GUI thread), so their
    slots may touch widgets.
    """

    progressed = Signal(float)
    finished = Signal(object)  # fn's result
    failed = Signal(object)  # the exception fn raised (not Cancelled)

    def __init__(self, fn: Callable[[Callable[[float], None]], object], parent=None):
        super().__init__(parent)
        self._fn = fn
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise Cancelled
        self.progressed.emit(fraction)

    def _run(self) -> None:
        try:
            result = self._fn(self._report)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which reports it
            if not self._cancel.is_set():
                self.failed.emit(exc)
            return
        if not self._cancel.is_set():
            self.finished.emit(result)
