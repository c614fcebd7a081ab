"""The window's dialogs: where to export, about, keyboard shortcuts, a saved filter's name."""

from __future__ import annotations

import os
import platform
import re
from collections.abc import Sequence

import PySide6
from PySide6.QtCore import QStandardPaths, qVersion
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from explorer import __version__
from explorer.export import format_for_path

# In the order the export dialog offers them.
EXPORT_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV (*.csv)", "json": "JSON (*.json)",
                  "markdown": "Markdown (*.md)"}
EXTENSIONS = {"xlsx": ".xlsx", "csv": ".csv", "json": ".json", "markdown": ".md"}
_NOTES_EXTENSIONS = (".md", ".markdown", ".txt", ".rst")


def format_label(fmt: str) -> str:
    return EXPORT_FILTERS[fmt].split(" (")[0]


def export_file_name(paths: Sequence[str], version: str | None, extension: str, query: str = "") -> str:
    """A file name for an export, from the names of the notes open (as the window title shows
    them), the release in scope and the query: "calico-v3.23.0-ebpf-changes.xlsx"."""
    parts = []
    for path in paths:
        name = os.path.basename(os.path.normpath(path))  # "" for a root folder: no name to give
        stem, ext = os.path.splitext(name)
        parts.append(stem if ext.lower() in _NOTES_EXTENSIONS else name)
    if version and not any(version in part for part in parts):
        parts.append(version)
    words = re.sub(r"[^\w.]+", "-", query).strip("-._ ")[:40]
    if words:
        parts.append(words)
    stem = re.sub(r"[^\w.]+", "-", "-".join(parts)).strip("-._ ")  # no path separators, no hidden file
    stem = re.sub(r"-{2,}", "-", stem)
    if len(stem) > 80:
        stem = stem[:80].rsplit("-", 1)[0].rstrip("-._ ")
    return f"{stem}-changes{extension}" if stem else f"changes{extension}"


def documents_folder() -> str:
    """The user's documents folder, or home when there is none."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and os.path.isdir(folder) else os.path.expanduser("~")


def ask_export_target(parent: QWidget, title: str, folder: str, name: str) -> tuple[str, str] | None:
    """Ask where to export and in which format: (path with an extension, format), or None."""
    formats = list(EXPORT_FILTERS)
    path, chosen_filter = QFileDialog.getSaveFileName(
        parent, title, os.path.join(folder, name + EXTENSIONS[formats[0]]),
        ";;".join(EXPORT_FILTERS[fmt] for fmt in formats), options=QFileDialog.Option.DontConfirmOverwrite)
    if not path:
        return None
    chosen = next((fmt for fmt in formats if EXPORT_FILTERS[fmt] == chosen_filter), formats[0])
    if not format_for_path(path, default=""):
        path += EXTENSIONS[chosen]  # "notes" or "calico-3.23" get the chosen format's extension
    return path, chosen


def ask_replace(parent: QWidget, path: str) -> bool:
    answer = QMessageBox.question(parent, "Replace file?", f"{path} already exists. Replace it?",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                  QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def ask_filter_name(parent: QWidget, query: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "Save filter", f"Name for the filter\n{query}", text=query[:40])
    return name.strip() if ok and name.strip() else None


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, "About Changelog Explorer",
                      f"<h3>Changelog Explorer {__version__}</h3>"
                      "<p>Browse, filter and export release notes.</p>"
                      "<p>Licence: MIT</p>"
                      f"<p>Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}</p>")


def shortcuts_box(parent: QWidget, rows: Sequence[tuple[str, str, str]]) -> QMessageBox:
    """A non-modal list of (menu, action, keys), opened."""
    table = "".join(f"<tr><td>{menu}</td><td>{name}</td><td><b>{keys}</b></td></tr>" for menu, name, keys in rows)
    box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard Shortcuts",
                      f"<table cellspacing='6'>{table}</table>"
                      "<p>In the table: arrows move, Shift/Ctrl+click select several, "
                      "a header click sorts. Drop files on the window to open them. In the filter box: "
                      "Down moves to the table, Esc stops a running filter or clears it.</p>",
                      QMessageBox.StandardButton.Close, parent)
    box.open()
    return box
