"""The filter box: a query typed, its history offered, and what became of it shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCompleter, QLineEdit

from explorer.ui import override

_INVALID = "QLineEdit { border: 2px solid #d32f2f; }"
_STOPPED = "QLineEdit { border: 2px solid #ef6c00; }"


class FilterBar(QLineEdit):
    """The query box. It shows the session's state (valid, rejected, running, stopped) and
    leaves the window's shortcuts to the window: Ctrl+E exports, Down moves into the table."""

    down_pressed = Signal()  # Down with no completion list open: the user wants the table

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setPlaceholderText("Filter changes: words, authors, refs, labels…  (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Filter")
        self.history = QStringListModel(self)  # queries typed before, newest first
        self._completions = QStringListModel(self)  # the history, then field values such as project:=calico
        self.history.modelReset.connect(self._update_completions)
        self.history.dataChanged.connect(self._update_completions)
        self._values: list[str] = []
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self._window_keys: list[QKeySequence] = []
        self.setProperty("invalid", False)

    def set_completions(self, values: list[str]) -> None:
        """Field values to offer beside the history (project:=calico, …)."""
        self._values = values
        self._update_completions()

    def _update_completions(self) -> None:
        self._completions.setStringList(self.history.stringList() + self._values)

    def leave_to_window(self, keys: list[QKeySequence]) -> None:
        """Key sequences the line edit would take for itself (Ctrl+E moves to the end of the
        line on some platforms) but that belong to the window's actions."""
        self._window_keys = [k for k in keys if not k.isEmpty()]

    def follow(self, text: str) -> None:
        """Show a query set elsewhere (a facet tick, a range, a saved filter) without echoing it."""
        if text != self.text():
            self.blockSignals(True)
            self.setText(text)
            self.blockSignals(False)

    def show_valid(self) -> None:
        if self.property("invalid") or self.styleSheet():
            self.setProperty("invalid", False)
            self.setStyleSheet("")
            self.setToolTip("")

    def show_rejected(self, message: str) -> None:
        self.setProperty("invalid", True)
        self.setStyleSheet(_INVALID)
        self.setToolTip(message)

    def show_stopped(self, message: str) -> None:
        self.setStyleSheet(_STOPPED)
        self.setToolTip(message)

    @override
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in self._window_keys):
                event.ignore()  # not taken here: the window's shortcut runs
                return True
        return super().event(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer().popup()
        if event.key() == Qt.Key.Key_Down and not (popup and popup.isVisible()):
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)
