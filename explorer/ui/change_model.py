"""The change table: every loaded change, narrowed to a scope and a query, sorted in place.

Filtering keeps a list of visible row numbers over a precomputed casefolded text per change and
resets the model; a QSortFilterProxyModel costs several times more per keystroke at 100k rows.
"""

from __future__ import annotations

import enum
import heapq
from array import array
from collections.abc import Generator, Sequence
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from explorer.model import Change, Release
from explorer.query import Query, compile_query, search_text
from explorer.render import show_controls
from explorer.ui import override
from explorer.ui.background import run_to_end


class Column(enum.IntEnum):
    RELEASE = 0
    DATE = 1
    SECTION = 2
    SUMMARY = 3
    REFS = 4
    AUTHORS = 5


HEADERS = {
    Column.RELEASE: "Release",
    Column.DATE: "Date",
    Column.SECTION: "Section",
    Column.SUMMARY: "Summary",
    Column.REFS: "Refs",
    Column.AUTHORS: "Authors",
}

_MAX_CELL = 1_000
_MAX_TOOLTIP = 2_000


def cell_text(change: Change, column: int) -> str:
    if column == Column.RELEASE:
        return change.release.version
    if column == Column.DATE:
        return change.release.date
    if column == Column.SECTION:
        return " / ".join(change.section)
    if column == Column.SUMMARY:
        return change.summary
    if column == Column.REFS:
        return ", ".join(ref.label for ref in change.refs)
    if column == Column.AUTHORS:
        return ", ".join(change.authors)
    return ""


def _sort_key(column: int):
    """A function giving a change's sort key in a column. The keys are strings, or objects
    shared by many changes: a million new tuples would wake the garbage collector again and
    again while the sort orders are worked out."""
    if column == Column.RELEASE:  # by version: one key per release
        keys: dict[int, tuple] = {}

        def release_key(c: Change) -> tuple:
            key = keys.get(id(c.release))
            if key is None:
                key = keys[id(c.release)] = (c.release.sort_key, c.release.version)
            return key
        return release_key
    if column == Column.DATE:
        return lambda c: c.release.date
    if column == Column.REFS:  # by repository, then by number as a number
        return lambda c: "\0".join(r.repo + "\1" + r.number.rjust(12) for r in c.refs)
    return lambda c: cell_text(c, column).casefold()


Scope = tuple[Release | None, tuple[str, ...]]


class Snapshot(NamedTuple):
    changes: Sequence[Change]
    texts: list[str]
    scope: Scope

    def matching(self, query: Query, *, in_scope: bool, rows: range | None = None) -> list[Change]:
        """The changes a query matches, in the scope or in all the notes (or among rows)."""
        if rows is None:
            rows = range(len(self.changes))
        if in_scope:
            rows = scoped(self.changes, rows, self.scope)
        return [self.changes[i] for i in matching(self.changes, self.texts, query, rows)]


def scoped(changes: Sequence[Change], rows, scope: Scope):
    """The rows under a release or section (all rows for no release)."""
    release, section = scope
    if release is None:
        return rows
    n = len(section)
    return [i for i in rows if changes[i].release is release and changes[i].section[:n] == section]


def matching(changes: Sequence[Change], texts: list[str], query: Query, rows) -> list[int]:
    """The rows whose change the query matches."""
    if not query.text.strip():
        return list(rows)
    if query.needles is not None:  # words only: test the text directly, one word at a time
        for needle in query.needles:
            rows = [i for i in rows if needle in texts[i]]
        return list(rows)
    for needle in query.required:  # a quick test that most non-matching changes fail
        rows = [i for i in rows if needle in texts[i]]
    match = query.predicate
    return [i for i in rows if match(changes[i], texts[i])]


def sort_ranks(changes: Sequence[Change], column: int) -> Sequence[int]:
    """Each change's place when all are sorted by a column; sorting rows by it is then cheap."""
    return run_to_end(sort_ranks_steps(changes, column))


def sort_ranks_steps(changes: Sequence[Change], column: int, step: int = 5_000
                     ) -> Generator[None, None, Sequence[int]]:
    """sort_ranks() in steps of a few milliseconds (for IdleWork): it yields between steps."""
    key = _sort_key(column)
    n = len(changes)
    keys: list = []
    for i in range(0, n, step):
        keys += [key(c) for c in changes[i:i + step]]
        yield
    runs = []  # sorted in slices, then merged
    for i in range(0, n, step):
        runs.append(sorted(range(i, min(i + step, n)), key=keys.__getitem__))
        yield
    order = heapq.merge(*runs, key=keys.__getitem__) if len(runs) > 1 else (runs[0] if runs else [])
    ranks = array("l", bytes(8 * n)) if array("l").itemsize == 8 else array("q", bytes(8 * n))
    for place, index in enumerate(order):
        ranks[index] = place
        if place % step == 0:
            yield
    return ranks  # 8 bytes a change instead of a list of int objects (36): 20 MB less at 100k


class ChangeTableModel(QAbstractTableModel):
    """Rows are the visible changes; the full list stays in the model."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._changes: Sequence[Change] = ()
        self._texts: list[str] | None = None
        self._visible: list[int] = []
        self._matching: list[int] = []
        self._ranks: dict[int, Sequence[int]] = {}
        self._scope: Scope = (None, ())
        self._query = ""
        self._compiled = compile_query("")
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)

    # -- what the window asks -------------------------------------------------------------
    def set_changes(self, changes: Sequence[Change], texts: list[str] | None = None) -> None:
        """Show new changes; texts, when given, are their search_text() computed elsewhere."""
        self._changes = changes
        self._texts = texts
        self._ranks = {}
        self._scope = (None, ())
        self._refresh(requery=True)

    def set_scope(self, release: Release | None, section: tuple[str, ...] = ()) -> None:
        self._scope = (release, section)
        self._refresh()

    def set_query(self, query: str) -> Query:
        """Filter by a query; a malformed one raises QueryError and changes nothing."""
        compiled = compile_query(query)
        # Typing on narrows what the previous query matched: test only those rows.
        narrow = compiled.narrows(self._compiled)
        self._compiled = compiled
        self._query = query
        self._refresh(requery=True, within=self._matching if narrow else None)
        return self._compiled

    def add_ranks(self, ranks: dict[int, Sequence[int]], changes: Sequence[Change]) -> None:
        """Sort orders computed elsewhere (sort_ranks per column) for changes; ignored when
        the model shows other changes by now."""
        if changes is self._changes:
            self._ranks.update(ranks)

    def snapshot(self) -> Snapshot:
        """What a count between events needs; it stays valid while the model changes."""
        if self._texts is None:
            self._texts = [search_text(c) for c in self._changes]
        return Snapshot(self._changes, self._texts, self._scope)

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
                [self.index(where(b), p.column()) if b >= 0 else QModelIndex() for b, p in zip(before, persistent)],
            )
        self.layoutChanged.emit()

    # -- internals ------------------------------------------------------------------------
    def _apply_sort(self) -> None:
        column, order = self._sort
        if column < 0:
            self._visible.sort()
            return
        if column not in self._ranks:
            self._ranks[column] = sort_ranks(self._changes, column)
        ranks = self._ranks[column]
        # Ranks are unique: ties were broken by document order when they were computed.
        self._visible.sort(key=ranks.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)

    def _scoped(self, rows):
        return scoped(self._changes, rows, self._scope)

    def _match(self, query: Query, rows):
        if not query.text.strip():
            return list(rows)
        if self._texts is None:
            self._texts = [search_text(c) for c in self._changes]
        return matching(self._changes, self._texts, query, rows)

    def _refresh(self, *, requery: bool = False, within: list[int] | None = None) -> None:
        self.beginResetModel()
        if requery:
            rows = range(len(self._changes)) if within is None else within
            self._matching = self._match(self._compiled, rows)
        self._visible = self._scoped(self._matching)
        if self._visible is self._matching:
            self._visible = list(self._matching)
        if self._sort[0] >= 0:
            self._apply_sort()
        self.endResetModel()
