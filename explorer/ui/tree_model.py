"""The release tree: "All releases", then releases newest first, then their sections."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette

from explorer.model import Change, Changelog, Release, Section
from explorer.render import show_controls
from explorer.ui import override

_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class TreeColumn(enum.IntEnum):
    TITLE = 0
    COUNT = 1


_COLUMNS = len(TreeColumn)  # asked for on every call; an enum's len() is slow


@dataclass(eq=False)
class Node:
    """One row of the tree; release is None for the root."""

    title: str
    release: Release | None = None
    path: tuple[str, ...] = ()
    count: int = 0
    notes: str = ""
    shown: int | None = None  # changes under the node that the filter keeps; None: no filter
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0

    def add(self, child: Node) -> Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


def build_tree(changelog: Changelog) -> Node:
    """The node hierarchy with change counts; sections with no changes and no notes are left out."""
    counts: dict[int, dict[tuple[str, ...], int]] = {}
    for change in changelog.changes:
        per_release = counts.setdefault(id(change.release), {})
        for depth in range(len(change.section) + 1):
            path = change.section[:depth]
            per_release[path] = per_release.get(path, 0) + 1
    root = Node("All releases", count=len(changelog.changes),
                notes="\n\n".join(f.notes for f in changelog.files if f.notes))
    for release in sorted(changelog.releases, key=lambda r: r.sort_key, reverse=True):
        release_counts = counts.get(id(release), {})
        node = root.add(Node(release.version, release, (), release_counts.get((), 0), release.notes))
        _add_sections(node, release, release_counts)
    return root


def _add_sections(node: Node, release: Release, counts: dict[tuple[str, ...], int]) -> None:
    sections: dict[tuple[str, ...], Section] = {s.path: s for s in release.sections}
    with_notes = {p[:depth] for p, s in sections.items() if s.notes for depth in range(1, len(p) + 1)}
    by_path: dict[tuple[str, ...], Node] = {(): node}
    for path in list(sections) + [p for p in counts if p and p not in sections]:
        if not counts.get(path) and path not in with_notes:
            continue
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub not in by_path:
                notes = sections[sub].notes if sub in sections else ""
                by_path[sub] = by_path[path[:depth - 1]].add(Node(sub[-1], release, sub, counts.get(sub, 0), notes))


def filtered_counts(changes: Iterable[Change], counted: tuple[int, dict] | None = None,
                    ) -> tuple[int, dict[tuple[int, tuple[str, ...]], int]]:
    """How many changes there are, and under each (release, section path); added to counted,
    the result of an earlier call, when given."""
    total, counts = counted if counted is not None else (0, {})
    for change in changes:
        total += 1
        key = id(change.release)
        for depth in range(len(change.section) + 1):
            path = (key, change.section[:depth])
            counts[path] = counts.get(path, 0) + 1
    return total, counts


class ReleaseTreeModel(QAbstractItemModel):
    """A read-only tree over Node objects."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = Node("")  # invisible; its single child is "All releases"

    def set_tree(self, tree: Node) -> None:
        """Show a tree from build_tree (which may have run on another thread)."""
        self.beginResetModel()
        self._root = Node("")
        self._root.add(tree)
        self.endResetModel()

    def set_filtered_counts(self, counted: tuple[int, dict] | None,
                            expanded: Callable[[QModelIndex], bool] | None = None) -> None:
        """Apply filtered_counts().

        expanded, when given, tells which nodes a view shows the children of: only those are
        announced as changed (a view reads collapsed children afresh when they are expanded).
        With 20k nodes, announcing each took most of a second.
        """
        total, counts = counted if counted is not None else (0, {})
        if not self._root.children:
            return
        stack = [self._root.children[0]]
        while stack:
            node = stack.pop()
            if counted is None:
                node.shown = None
            elif node.release is None:
                node.shown = total
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

    def find(self, release: Release | None, path: Sequence[str] = ()) -> QModelIndex:
        """The index of a release or section node (by version and path), or invalid."""
        if release is None:
            return self.all_index()
        for node in self._root.children[0].children if self._root.children else ():
            if node.release is release or (node.release.version == release.version
                                           and node.release.file == release.file):
                for title in path:
                    node = next((c for c in node.children if c.title == title), None)
                    if node is None:
                        return QModelIndex()
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
        if row >= len(node.children):
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
        return len(self.node(parent).children)

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
            return str(node.count) if node.shown is None else f"{node.shown} of {node.count}"
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

