"""The facets: a tab per field (sections, authors, labels, repos) with values to tick."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTabWidget, QTreeView

from explorer.browse import FACETS
from explorer.query import facet_values
from explorer.ui import override
from explorer.ui.facet_model import FacetColumn, FacetModel


class _VisibleCheckDelegate(QStyledItemDelegate):
    """Draws a border round an unticked box in the text's colour: some styles draw it in a
    shade of the window's colour, which a dark palette makes all but invisible."""

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        super().paint(painter, option, index)
        if index.data(Qt.ItemDataRole.CheckStateRole) != Qt.CheckState.Unchecked:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        if style is None:
            return
        box = style.subElementRect(QtWidgets.QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, opt.widget)
        colour = QColor(opt.palette.color(QPalette.ColorRole.Text))
        colour.setAlpha(170)
        painter.save()
        painter.setPen(colour)
        painter.drawRect(box.adjusted(1, 1, -2, -2))
        painter.restore()


class FacetPanel(QTabWidget):
    """Ticks write `field:value` clauses through ticks_changed; the panel follows the query."""

    ticks_changed = Signal(str, list)  # (query field, the values ticked)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.models = [FacetModel(facet, self) for facet in FACETS]
        self.views: list[QTreeView] = []
        delegate = _VisibleCheckDelegate(self)
        for model in self.models:
            view = QTreeView()
            view.setModel(model)
            view.setItemDelegateForColumn(FacetColumn.VALUE, delegate)
            view.setRootIsDecorated(False)
            view.setUniformRowHeights(True)
            view.setAccessibleName(f"{model.title} facet")
            view.header().setStretchLastSection(False)
            view.header().setSectionResizeMode(FacetColumn.VALUE, QHeaderView.ResizeMode.Stretch)
            view.header().setSectionResizeMode(FacetColumn.COUNT, QHeaderView.ResizeMode.Fixed)
            view.header().resizeSection(FacetColumn.COUNT, self.fontMetrics().horizontalAdvance("8888888 "))
            model.ticks_changed.connect(lambda ticked, name=model.field: self.ticks_changed.emit(name, ticked))
            self.addTab(view, model.title)
            self.views.append(view)

    def show_projects(self, several: bool) -> None:
        """The Projects tab only when the notes are of several projects."""
        index = next(i for i, model in enumerate(self.models) if model.field == "project")
        self.setTabVisible(index, several)
        if not several and self.currentIndex() == index:
            self.setCurrentIndex(index + 1)

    def follow(self, clauses: list[str]) -> None:
        """Tick what the query's top-level clauses select."""
        for model in self.models:
            model.set_ticked(facet_values(clauses, model.field))

    def set_counts(self, counts: Sequence[Counter]) -> None:
        for model, counted in zip(self.models, counts, strict=True):
            model.set_counts(counted)
