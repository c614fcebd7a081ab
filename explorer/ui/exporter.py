"""Exporting from the window: where to, the same refusals as the command line's, the file
written on a thread while the window goes on answering, and what happened said."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from explorer.browse import count_text
from explorer.export import ExportTargetError, check_target, export_file, format_for_path
from explorer.model import Change
from explorer.ui import dialogs
from explorer.ui.background import Job


class Exporter(QObject):
    """Writes changes for a window; status texts and the written file are announced."""

    status = Signal(str, int)  # a message for the status bar, and how long to show it (0: until replaced)
    busy = Signal(bool)  # an export is being written (one at a time)
    written = Signal(str, str)  # (path, format) of a file written

    def __init__(self, window: QWidget, notes_read: Callable[[], Sequence[str]], last_folder: Callable[[], str]):
        super().__init__(window)
        self._window = window
        self._notes_read = notes_read  # the files shown: an export never replaces one of them
        self._last_folder = last_folder

    def ask_and_export(self, changes: list[Change], what: str, name: str) -> None:
        """Ask where, then export (name: the file name offered, without extension)."""
        if not changes:
            self.status.emit("Nothing to export: no change is shown.", 6000)
            return
        folder = self._last_folder() or dialogs.documents_folder()
        chosen = dialogs.ask_export_target(self._window, f"Export {len(changes)} {what} changes", folder, name)
        if chosen is not None:
            path, fmt = chosen
            self.export_to(path, changes, fmt)

    def export_to(self, path: str, changes: list[Change], fmt: str | None = None) -> bool:
        """Write changes to path in the format its extension names (else fmt, else CSV); say
        why when it is not written. A file that was there is then kept as it was."""
        if not changes:
            self.status.emit("Nothing to export: no change is shown.", 6000)
            return False
        fmt = format_for_path(path, default=fmt or "csv")
        problem = self._problem(path)
        if problem:
            QMessageBox.warning(self._window, "Not exported", f"Will not write {path}:\n{problem}\n\n"
                                "Nothing was written.")
            return False
        if os.path.exists(path) and not dialogs.ask_replace(self._window, path):
            return False
        try:
            self._write_off_the_event_loop(lambda: export_file(path, changes, fmt), len(changes))
        except Exception as exc:  # noqa: BLE001 - the user is told; the file is left as it was
            why = exc.strerror or str(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
            QMessageBox.critical(self._window, "Export failed", f"Could not write {path}:\n{why}\n\n"
                                 "Nothing was written; a file that was there is unchanged.")
            return False
        self.written.emit(path, fmt)
        self.status.emit(f"Exported {count_text(len(changes), 'change')} to {path} ({dialogs.format_label(fmt)})",
                         8000)
        return True

    def _problem(self, path: str) -> str | None:
        """Why path must not be written (the same checks as the command line's), or None."""
        try:
            check_target(path, self._notes_read())
        except ExportTargetError as exc:
            return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        return None

    def _write_off_the_event_loop(self, write: Callable[[], None], count: int) -> None:
        """Run write on a thread while the window goes on drawing and answering (an XLSX of
        100k changes takes a second); return when it is done, raising what it raised."""
        outcome: list = []
        loop = QEventLoop()
        job = Job(lambda _report: write(), self)

        def ended(error: BaseException | None) -> None:
            outcome.append(error)
            loop.quit()

        job.finished.connect(lambda _result: ended(None))
        job.failed.connect(ended)
        self.busy.emit(True)
        self.status.emit(f"Exporting {count_text(count, 'change')}…", 0)
        job.start()
        if not outcome:
            loop.exec()
        job.deleteLater()
        self.busy.emit(False)
        self.status.emit("", 0)
        if outcome[0] is not None:
            raise outcome[0]
