"""The parse warnings of the files open, as `changelog-explorer inspect` prints them."""

from __future__ import annotations

import enum
import os

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.inspect import FileReport, doubt_count, format_reports, levels_text


class WarningsColumn(enum.IntEnum):
    """The list's columns: a file and what was read from it; its warnings span the row."""

    FILE = 0
    RELEASES = 1
    CHANGES = 2
    REFS = 3
    AUTHORS = 4
    LEVELS = 5


_HEADERS = ("File", "Releases", "Changes", "Refs", "Authors", "Releases taken from")


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _short_paths(paths: list[str]) -> list[str]:
    """The paths from the folder they share (the full path is in each row's tooltip)."""
    try:
        root = os.path.commonpath([os.path.dirname(p) for p in paths]) if paths else ""
    except ValueError:  # relative and absolute, or two drives
        return paths
    return [os.path.relpath(p, root) if root else p for p in paths]


class WarningsDialog(QDialog):
    """Per file: what the parse read from it, and what looked doubtful (non-modal)."""

    def __init__(self, *, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Parse Warnings")
        self._reports: list[FileReport] = []

        self.summary_label = QLabel()
        self.only_doubts_check = QCheckBox("Show only files with warnings")
        self.only_doubts_check.setChecked(True)
        self.only_doubts_check.toggled.connect(self._on_only_doubts_check_toggled)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(_HEADERS)
        self.tree.setAccessibleName("Files and their warnings")
        # One line a row, elided at its end (paths are short: from the folder they share); a
        # row's tooltip holds the whole text. Word wrap does not work with spanned rows.
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(WarningsColumn.FILE, QHeaderView.ResizeMode.Stretch)
        for column in (WarningsColumn.RELEASES, WarningsColumn.CHANGES, WarningsColumn.REFS,
                       WarningsColumn.AUTHORS, WarningsColumn.LEVELS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("&Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setToolTip("Copy every file's report as text, as `changelog-explorer inspect` prints it")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.only_doubts_check)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(900, 420)

    def set_reports(self, reports: list[FileReport]) -> None:
        """Show these reports in place of the ones shown."""
        self._reports = list(reports)
        self.tree.clear()
        for report, name in zip(self._reports, _short_paths([r.path for r in self._reports]), strict=True):
            item = QTreeWidgetItem(self.tree)
            item.setText(WarningsColumn.FILE, name)
            item.setToolTip(WarningsColumn.FILE, report.path)
            if not report.error:
                for column, n in ((WarningsColumn.RELEASES, report.releases), (WarningsColumn.CHANGES, report.changes),
                                  (WarningsColumn.REFS, report.refs), (WarningsColumn.AUTHORS, report.authors)):
                    item.setText(column, f"{n:,}")
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setText(WarningsColumn.LEVELS, levels_text(report.release_levels))
            for doubt in report.doubts:
                child = QTreeWidgetItem(item, [f"⚠ {doubt}"])
                child.setToolTip(WarningsColumn.FILE, doubt)
                child.setFirstColumnSpanned(True)  # a sentence: it gets the row's whole width
            item.setExpanded(True)
        total = doubt_count(self._reports)
        self.summary_label.setText(f"{_plural(len(self._reports), 'file')}, "
                                   f"{_plural(total, 'warning') if total else 'no warnings'}")
        self._filter_files()

    def _filter_files(self) -> None:
        only_doubts = self.only_doubts_check.isChecked()
        for row, report in enumerate(self._reports):
            item = self.tree.topLevelItem(row)
            if item is not None:  # one top-level item for each report
                item.setHidden(only_doubts and not report.doubts)

    @Slot(bool)
    def _on_only_doubts_check_toggled(self, _checked: bool) -> None:
        self._filter_files()

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(format_reports(self._reports))
