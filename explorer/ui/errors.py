"""No traceback reaches the user: an unexpected error is logged and shown as a short message."""

from __future__ import annotations

import os
import sys
import threading
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QStandardPaths, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # made when there is something to say, not at the window's start
    from PySide6.QtWidgets import QMessageBox


def default_log_path() -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return os.path.join(folder or os.path.expanduser("~"), "changelog-explorer.log")


class ErrorReporter(QObject):
    """Installed as sys.excepthook and threading.excepthook: writes the traceback to a log file
    and tells the user in a dialog; the application keeps running."""

    _reported = Signal(str)  # carries a report from any thread to the GUI thread

    def __init__(self, log_path: str, parent: QObject | None = None):
        super().__init__(parent)
        self.log_path = log_path
        self.window: QWidget | None = None
        self.dialog: QMessageBox | None = None
        self._reported.connect(self._show)

    def install(self) -> None:
        sys.excepthook = self.report
        threading.excepthook = lambda args: self.report(args.exc_type, args.exc_value, args.exc_traceback)

    def report(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._reported.emit(self._log(exc_type, exc, tb) +
                            "\n\nChangelog Explorer keeps running; what you were doing may not have finished.")

    def report_fatal(self, exc_type, exc, tb) -> int:
        """For an error before the window could be built: log it, show the dialog once the event
        loop runs (a dialog opened before it would never be seen), and return 1 when it is closed."""
        message = self._log(exc_type, exc, tb) + "\n\nChangelog Explorer could not start."
        # A loop of its own, not app.exec(): its end is the dialog's, whatever else is open.
        loop = QEventLoop()

        def show() -> None:
            self._open_dialog(message).finished.connect(loop.quit)

        QTimer.singleShot(0, show)
        loop.exec()
        return 1

    def _log(self, exc_type, exc, tb) -> str:
        """Write the traceback to the log file; the user's message: what and where the details are."""
        import datetime  # not at every start: only when there is something to log

        details = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n{details}\n")
            where = f"The details are in {self.log_path}."
        except OSError as error:
            where = f"The details could not be written to {self.log_path} ({error.strerror})."
        summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        return f"Something went wrong: {summary[:300]}\n\n{where}"

    @Slot(str)
    def _show(self, message: str) -> None:
        self._open_dialog(message)

    def _open_dialog(self, message: str) -> QMessageBox:
        from PySide6.QtWidgets import QMessageBox

        self.dialog = QMessageBox(QMessageBox.Icon.Critical, "Changelog Explorer", message,
                                  QMessageBox.StandardButton.Ok, self.window)
        self.dialog.open()
        return self.dialog
