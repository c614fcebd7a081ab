"""The change table: the changes a query matches, narrowed to a scope, sorted in place.

The session (explorer.ui.session) works out which changes the query matches; this model shows
those in the scope as rows. Refilling a list of row numbers and resetting the model costs far
less per keystroke at 100k rows than a QSortFilterProxyModel.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from explorer.browse import ALL, HEADERS, Column, Scope, cell_text, rows_by_rank, scoped, sort_ranks
from explorer.model import Change
from explorer.render import show_controls
from explorer.ui import override

_MAX_CELL = 1_000
_MAX_TOOLTIP = 2_000


class ChangeTableModel(QAbstractTableModel):
    """Rows are the visible changes; the full list stays in the model."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._changes: Sequence[Change] = ()
        # the indexes of the changes shown, row by row: a range while they are all the
        # matching changes in document order (a list of a million costs 25 ms to make)
        self._visible: Sequence[int] = range(0)
        self._matching: Sequence[int] = []
        self._texts: Sequence[str] = ()
        self._ranks: dict[int, Sequence[int]] = {}
        self._scope: Scope = ALL
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- what the window asks -------------------------------------------------------------
    def set_changes(self, changes: Sequence[Change], texts: Sequence[str] = ()) -> None:
        """Show new changes, all of them, in all releases (texts: their search texts, which
        order the summary column as the window's sort orders do: see browse.sort_ranks)."""
        self._changes = changes
        self._texts = texts
        self._ranks = {}
        self._scope = ALL
        self._matching = range(len(changes))
        self._refresh()

    def set_rows(self, rows: Sequence[int]) -> None:
        """Show the changes at these indexes (those a query matches), in the scope."""
        self._matching = rows
        self._refresh()

    def set_scope(self, scope: Scope) -> None:
        self._scope = scope
        self._refresh()

    def add_ranks(self, ranks: dict[int, Sequence[int]], changes: Sequence[Change]) -> None:
        """Sort orders computed elsewhere (sort_ranks per column) for changes; ignored when
        the model shows other changes by now."""
        if changes is self._changes:
            self._ranks.update(ranks)

    def change(self, row: int) -> Change:
        return self._changes[self._visible[row]]

    def row_of(self, change_id: str) -> int:
        """The row showing a change, or -1."""
        for row, index in enumerate(self._visible):
            if self._changes[index].id == change_id:
                return row
        return -1

    def visible_changes(self) -> list[Change]:
        return [self._changes[i] for i in self._visible]

    def total(self) -> int:
        return len(self._changes)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._visible)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = cell_text(self.change(index.row()), index.column())
            # a cell shows one line: eliding megabytes of text on every paint would stall
            # bidi and zero-width controls are shown as marks (⟨U+202E⟩), never obeyed
            return show_controls(text if len(text) <= _MAX_CELL else text[:_MAX_CELL] + "…")
        if role == Qt.ItemDataRole.ToolTipRole:
            text = cell_text(self.change(index.row()), index.column())
            return show_controls(text if len(text) <= _MAX_TOOLTIP else text[:_MAX_TOOLTIP] + "…") or None
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return HEADERS[Column(section)]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [self._visible[i.row()] if i.isValid() else -1 for i in persistent]
        self._apply_sort()
        if persistent:  # the selection and the current row follow their changes
            if len(persistent) > 8:
                rows = {index: row for row, index in enumerate(self._visible)}
                where = rows.__getitem__
            else:
                where = self._visible.index
            self.changePersistentIndexList(
                persistent,
                [self.index(where(b), p.column()) if b >= 0 else QModelIndex()
                 for b, p in zip(before, persistent, strict=True)],
            )
        self.layoutChanged.emit()

    # -- internals ------------------------------------------------------------------------
    def _apply_sort(self) -> None:
        column, order = self._sort
        if column < 0:  # in document order
            if len(self._visible) == len(self._changes):
                self._visible = range(len(self._changes))
            elif not isinstance(self._visible, range):
                self._visible = sorted(self._visible)
            return
        if column not in self._ranks:
            self._ranks[column] = sort_ranks(self._changes, column, self._texts)
        ranks = self._ranks[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if len(self._visible) == len(ranks):  # every row
            rows = rows_by_rank(ranks)
            self._visible = rows[::-1] if descending else rows
            return
        # Ranks are unique: ties were broken by document order when they were computed.
        self._visible = sorted(self._visible, key=ranks.__getitem__, reverse=descending)

    def _refresh(self) -> None:
        self.beginResetModel()
        shown = scoped(self._changes, self._matching, self._scope)
        self._visible = shown if isinstance(shown, range) else list(shown)
        if self._sort[0] >= 0:
            self._apply_sort()
        self.endResetModel()
