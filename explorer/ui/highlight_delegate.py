"""Paints a table cell with the query's matches highlighted behind the (elided) text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtWidgets
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem

from explorer.render import match_spans
from explorer.ui import override

if TYPE_CHECKING:
    from explorer.query import BoundedRegex


class HighlightDelegate(QStyledItemDelegate):
    """Only the spans are extra work: the cell is still drawn by the style."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._regexes: list[BoundedRegex] = []

    def set_terms(self, words: list[str], regexes: list[BoundedRegex]) -> None:
        self._words, self._regexes = words, regexes

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        text = index.data() or ""
        spans = match_spans(text, self._words, self._regexes) if (self._words or self._regexes) else []
        if not spans:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        QStyle = QtWidgets.QStyle  # looked up here, not at import: its first use costs 4 ms
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        rect = rect.adjusted(3, 0, -3, 0)  # the text margin the style uses
        metrics = opt.fontMetrics
        painter.save()
        painter.setClipRect(rect)
        colour = QColor(255, 213, 79, 150)  # amber: readable on light and dark rows
        for start, end in spans:
            x = rect.left() + metrics.horizontalAdvance(text[:start])
            if x > rect.right():
                break
            width = metrics.horizontalAdvance(text[start:end])
            painter.fillRect(QRect(x, rect.top() + 2, width, rect.height() - 4), colour)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(QPalette.ColorGroup.Active, role))
        painter.setFont(opt.font)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), elided)
        painter.restore()
