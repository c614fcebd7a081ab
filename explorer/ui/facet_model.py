"""A facet: the values of one field (authors, labels, …) with their counts, to tick."""

from __future__ import annotations

import enum
from collections import Counter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from explorer.browse import Facet
from explorer.render import show_controls
from explorer.ui import override


class FacetColumn(enum.IntEnum):
    VALUE = 0
    COUNT = 1


class FacetModel(QAbstractTableModel):
    """Values sorted by count; ticked values stay listed even when their count drops to 0."""

    ticks_changed = Signal(object)  # the list of ticked values

    def __init__(self, facet: Facet, parent=None):
        super().__init__(parent)
        self.facet = facet
        self.title = facet.title
        self.field = facet.field
        self._rows: list[tuple[str, int]] = []
        self._ticked: list[str] = []

    def set_counts(self, counts: Counter[str]) -> None:
        counts = Counter(counts)
        for value in self._ticked:
            counts.setdefault(value, 0)
        self.beginResetModel()
        self._rows = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
        self.endResetModel()

    def set_ticked(self, values: list[str]) -> None:
        """Tick values (from the query text) without announcing it back."""
        if values != self._ticked:
            self._ticked = list(values)
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0),
                                      [Qt.ItemDataRole.CheckStateRole])

    def ticked(self) -> list[str]:
        return list(self._ticked)

    def value(self, row: int) -> str:
        return self._rows[row][0]

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FacetColumn)

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value, count = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            # bidi and zero-width controls as visible marks; the value ticked stays the real one
            return show_controls(value) if column == FacetColumn.VALUE else f"{count:,}"
        if role == Qt.ItemDataRole.CheckStateRole and column == FacetColumn.VALUE:
            return Qt.CheckState.Checked if value in self._ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column == FacetColumn.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == FacetColumn.VALUE:
            return show_controls(f"{value}: {count} change{'s' if count != 1 else ''} under the current filter")
        return None

    @override
    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != FacetColumn.VALUE:
            return False
        name = self._rows[index.row()][0]
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        ticked = [v for v in self._ticked if v != name] + ([name] if checked else [])
        self._ticked = ticked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticks_changed.emit(ticked)
        return True

    @override
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == FacetColumn.VALUE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.title[:-1] if self.title.endswith("s") else self.title, "Changes")[section] \
                if 0 <= section < len(FacetColumn) else None
        return None
