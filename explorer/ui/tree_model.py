"""The release tree: "All releases", then releases newest first, then their sections
(the outline of explorer.browse.build_tree), with counts under the filter."""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette

from explorer.browse import Counted, Node, Scope
from explorer.render import show_controls
from explorer.ui import override

_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TreeColumn(enum.IntEnum):
    TITLE = 0
    COUNT = 1


_COLUMNS = len(TreeColumn)  # asked for on every call; an enum's len() is slow


class ReleaseTreeModel(QAbstractItemModel):
    """A read-only tree over Node objects."""

    FILL_STEP = 200  # rows of "All releases" shown at first, and more each time a view asks

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = Node("")  # invisible; its single child is "All releases"
        self._all: Node | None = None  # "All releases", whose rows are shown a step at a time
        self._filled = 0  # how many of them are shown

    def set_tree(self, tree: Node) -> None:
        """Show a tree from build_tree (which may have run on another thread). Its first
        FILL_STEP releases are shown, the rest as a view scrolls to them (fetchMore): a view
        lays out every row of an expanded node, and 20k releases held the window a tenth of a
        second."""
        self.beginResetModel()
        self._root = Node("")
        self._root.add(tree)
        self._all = tree
        self._filled = min(len(tree.children), self.FILL_STEP)
        self.endResetModel()

    def is_filled(self) -> bool:
        return self._all is None or self._filled == len(self._all.children)

    @override
    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        return parent.isValid() and self.node(parent) is self._all and not self.is_filled()

    @override
    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        tree = self._all
        if tree is None or not self.canFetchMore(parent):
            return
        end = min(len(tree.children), self._filled + self.FILL_STEP)
        self.beginInsertRows(self.all_index(), self._filled, end - 1)
        self._filled = end
        self.endInsertRows()

    def fill_all(self) -> None:
        while not self.is_filled():
            self.fetchMore(self.all_index())

    def set_filtered_counts(self, counted: Counted | None,
                            expanded: Callable[[QModelIndex], bool] | None = None) -> None:
        """Apply filtered_counts().

        expanded, when given, tells which nodes a view shows the children of: only those are
        announced as changed (a view reads collapsed children afresh when they are expanded).
        With 20k nodes, announcing each took most of a second.
        """
        total, counts = counted if counted is not None else (0, {})
        if not self._root.children:
            return
        root = self._root.children[0]
        if counted is None and root.shown is None:
            return  # no filter before and none now: every count shown is already the whole count
        stack = [root]
        while stack:
            node = stack.pop()
            if counted is None:
                node.shown = None
            elif node is root:
                node.shown = total
            elif node.release is None:  # a project: what its releases show
                node.shown = sum(counts.get((id(child.release), ()), 0) for child in node.children)
            else:
                node.shown = counts.get((id(node.release), node.path), 0)
            stack.extend(node.children)
        self._emit_all_changed(self.createIndex(0, 0, self._root.children[0]), expanded)

    def _emit_all_changed(self, index: QModelIndex, expanded) -> None:
        rows = self.rowCount(index)
        self.dataChanged.emit(index, index.siblingAtColumn(TreeColumn.COUNT))
        if rows and (expanded is None or expanded(index)):
            self.dataChanged.emit(self.index(0, 0, index), self.index(rows - 1, TreeColumn.COUNT, index))
            for row in range(rows):
                child = self.index(row, 0, index)
                if self.rowCount(child) and (expanded is None or expanded(child)):
                    self._emit_all_changed(child, expanded)

    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def all_index(self) -> QModelIndex:
        return self.index(0, 0)

    def find(self, scope: Scope) -> QModelIndex:
        """The index of a project, release or section node (a release by version and file), or invalid."""
        release, path, project = scope
        if not self._root.children:
            return QModelIndex()
        self.fill_all()
        top = self._root.children[0].children
        if release is None:
            node = next((n for n in top if project and n.release is None and n.project == project), None)
            return self.createIndex(node.row, 0, node) if node is not None else self.all_index()
        releases = [n for n in top if n.release is not None] + [r for n in top if n.release is None
                                                                 for r in n.children]
        for node in releases:
            mine = node.release
            if mine is release or (mine is not None and mine.version == release.version and mine.file == release.file):
                for title in path:
                    child = next((c for c in node.children if c.title == title), None)
                    if child is None:
                        return QModelIndex()
                    node = child
                return self.createIndex(node.row, 0, node)
        return QModelIndex()

    # -- Qt model interface ---------------------------------------------------------------
    @override
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= _COLUMNS or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= (self._filled if node is self._all else len(node.children)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    @override
    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    @override
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        node = self.node(parent)
        return self._filled if node is self._all else len(node.children)

    @override
    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return _COLUMNS

    @override
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TreeColumn.TITLE:
                return show_controls(node.title)  # bidi and zero-width controls as visible marks
            return f"{node.count:,}" if node.shown is None else f"{node.shown:,} of {node.count:,}"
        if role == Qt.ItemDataRole.ForegroundRole and node.shown == 0:
            return QPalette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TreeColumn.COUNT:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == TreeColumn.TITLE:
            if node.release is not None and not node.path:
                date = f" · {node.release.date}" if node.release.date else ""
                return show_controls(f"{node.release.version}{date}\n{node.release.file}")
            return show_controls(node.title)
        return None

    @override
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Release / section", "Changes")[section] if 0 <= section < _COLUMNS else None
        return None

    @override
    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

