"""The table of changes: one line a change, sorted by a header click, Summary given most of the
width, the selection kept by change when the rows change."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from explorer.browse import Column
from explorer.model import Change
from explorer.query import Query
from explorer.ui import override
from explorer.ui.change_model import ChangeTableModel
from explorer.ui.highlight_delegate import HighlightDelegate

# Each column's share of the table's width while the user has not resized one; Summary takes the rest.
COLUMN_SHARES = {Column.RELEASE: 0.07, Column.DATE: 0.08, Column.SECTION: 0.12, Column.REFS: 0.09,
                 Column.AUTHORS: 0.10, Column.PROJECT: 0.09}


class ChangeTable(QTableView):
    def __init__(self, model: ChangeTableModel, parent=None):
        super().__init__(parent)
        self.changes = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setAccessibleName("Changes")
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one height: never measure rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(self._on_section_resized)
        self.highlighter = HighlightDelegate(self)
        self.setItemDelegateForColumn(Column.SUMMARY, self.highlighter)
        self.setSortingEnabled(True)  # the model sorts itself; no proxy
        self._fitted = True  # the columns follow the width until the user resizes one
        self._fitting = False

    # -- selection ------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.selectionModel().selectedRows())

    def selected_ids(self) -> list[str]:
        return [self.changes.change(row).id for row in self.selected_rows()]

    def current_id(self) -> str | None:
        current = self.currentIndex()
        return self.changes.change(current.row()).id if current.isValid() else None

    def current_change(self) -> Change | None:
        current = self.currentIndex()
        return self.changes.change(current.row()) if current.isValid() else None

    def chosen_changes(self) -> list[Change]:
        """The selected changes, else every change shown."""
        rows = self.selected_rows()
        return [self.changes.change(row) for row in rows] if rows else self.changes.visible_changes()

    def reselect(self, ids: Sequence[str], current_id: str | None) -> None:
        """Select again the changes (by id) that are still shown after the rows changed."""
        if not ids:
            return
        wanted = set(ids)
        rows = [row for row, change in enumerate(self.changes.visible_changes()) if change.id in wanted]
        selection = QItemSelection()
        last = self.changes.columnCount() - 1
        for row in rows:
            selection.select(self.changes.index(row, 0), self.changes.index(row, last))
        model = self.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        current_row = self.changes.row_of(current_id) if current_id else (rows[0] if rows else -1)
        if current_row >= 0:
            model.setCurrentIndex(self.changes.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.scrollTo(self.changes.index(current_row, 0))

    def enter(self) -> None:
        """Take the focus, on the first row when none is current (Down from the filter box)."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.currentIndex().isValid() and self.changes.rowCount():
            self.setCurrentIndex(self.changes.index(0, 0))

    def highlight(self, query: Query) -> None:
        self.highlighter.set_terms(query.words, query.regexes)
        self.viewport().update()

    # -- column widths --------------------------------------------------------------------
    def keep_user_widths(self) -> None:
        """The widths were set by the user (restored from last time): no longer fit them."""
        self._fitted = False

    @override
    def viewportEvent(self, event: QEvent) -> bool:
        # Not an event filter on viewport(): the first call of viewport() makes PySide create
        # the Python types of seventy Qt enums (5 ms of the window's start).
        if event.type() == QEvent.Type.Resize and self._fitted and isinstance(event, QResizeEvent):
            self._fit_columns(event.size().width())
        return super().viewportEvent(event)

    def _fit_columns(self, width: int) -> None:
        header = self.horizontalHeader()
        date = self.fontMetrics().horizontalAdvance("2022-05-09") + 16  # a date is never cut
        self._fitting = True
        try:
            for column, share in COLUMN_SHARES.items():
                header.resizeSection(column, max(date if column == Column.DATE else 60, int(width * share)))
        finally:
            self._fitting = False

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != Column.SUMMARY and self.isVisible() \
                and QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._fitted = False  # the user set a width: keep it
