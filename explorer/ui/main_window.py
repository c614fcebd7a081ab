"""The main window: release tree | filter over the change table | detail pane."""

from __future__ import annotations

import gc
import json
import logging
import os
import platform
import re
import stat
import time
from collections import Counter
from collections.abc import Generator, Mapping, Sequence
from types import MappingProxyType
from typing import NamedTuple

import PySide6
from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QEventLoop,
    QFileSystemWatcher,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    QStringListModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
    Slot,
    qVersion,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from explorer import __version__
from explorer import export as export_module
from explorer.export import ExportTargetError, check_target, export_file, format_for_path
from explorer.inspect import FileReport, doubt_count, inspect_changelog
from explorer.model import Change, Changelog
from explorer.parse import load_paths
from explorer.query import (
    Query,
    QueryError,
    compile_query,
    facet_values,
    version_range,
    with_facet,
    search_text,
    with_version_range,
    without_clause,
)
from explorer.render import change_html, highlight_html, notes_html, release_subtitle
from explorer.ui import override
from explorer.ui.change_model import ChangeTableModel, Column, Snapshot, sort_ranks_steps
from explorer.ui.clipboard_text import markdown_table, tsv_text
from explorer.ui.detail_view import DetailView, detail_style_sheet, link_target
from explorer.ui.facet_model import FACETS, FacetColumn, FacetModel
from explorer.ui.highlight_delegate import HighlightDelegate
from explorer.ui.background import IdleWork, Job
from explorer.ui.tree_model import Node, ReleaseTreeModel, TreeColumn, build_tree, filtered_counts
from explorer.ui.warnings_dialog import WarningsDialog

MAX_RECENT = 10
MAX_HISTORY = 20
# Bounds on what is read from the settings file, which a user, a sync tool or another version
# may have written anything into: each value is checked for its type and cut to these.
MAX_SESSION_PATHS = 200
MAX_SAVED_FILTERS = 200
MAX_PATH_CHARS = 4_096
MAX_QUERY_CHARS = 4_000
MAX_SAVED_JSON_CHARS = 1_000_000
MAX_STATE_BYTES = 64 * 1024  # geometry, splitter and header states are a few hundred bytes
THEMES = ("system", "light", "dark")
log = logging.getLogger(__name__)
_ANY_VERSION = "any"
# In the order the export dialog offers them.
_EXPORT_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "csv": "CSV (*.csv)", "json": "JSON (*.json)",
                   "markdown": "Markdown (*.md)"}
_EXTENSIONS = {"xlsx": ".xlsx", "csv": ".csv", "json": ".json", "markdown": ".md"}
_NOTES_EXTENSIONS = (".md", ".markdown", ".txt", ".rst")
MAX_OWN_WRITES = 50  # exports remembered so that the file watcher does not take them for edits
FORMULA_GUARD_KEY = "copy/formula_guard"
EXPORT_FOLDER_KEY = "export/folder"


def export_formats() -> list[str]:
    """The formats the export dialog offers, first one first: those the writer knows at run time
    (the XLSX writer may not be there)."""
    return [fmt for fmt in _EXPORT_FILTERS if fmt in export_module.FORMATS]


def export_file_name(paths: Sequence[str], version: str | None, extension: str) -> str:
    """A file name for an export, from the names of the notes open (as the window title shows
    them) and the release in scope: "calico-v3.23.0-changes.xlsx"."""
    parts = []
    for path in paths:
        name = os.path.basename(os.path.normpath(path))  # "" for a root folder: no name to give
        stem, ext = os.path.splitext(name)
        parts.append(stem if ext.lower() in _NOTES_EXTENSIONS else name)
    if version and not any(version in part for part in parts):
        parts.append(version)
    stem = re.sub(r"[^\w.]+", "-", "-".join(parts)).strip("-._ ")  # no path separators, no hidden file
    stem = re.sub(r"-{2,}", "-", stem)
    if len(stem) > 80:
        stem = stem[:80].rsplit("-", 1)[0].rstrip("-._ ")
    return f"{stem}-changes{extension}" if stem else f"changes{extension}"


def _signature(info: os.stat_result) -> tuple:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _disk_state(path: str):
    """How a watched path looks now: a file's identity, size and times; a folder's entries with
    theirs (a subfolder only by name: it is watched itself); None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return _signature(info)
    entries: dict[str, object] = {}
    try:
        with os.scandir(path) as scan:
            for entry in scan:
                try:
                    entries[os.path.abspath(entry.path)] = (
                        "folder" if entry.is_dir(follow_symlinks=False)
                        else _signature(entry.stat(follow_symlinks=False)))
                except OSError:
                    continue  # gone between the listing and the stat
    except OSError:
        return None
    return entries


def disk_states(paths: Sequence[str]) -> dict[str, object]:
    """The state of each file given and of each folder under the folders given, by absolute path."""
    states: dict[str, object] = {}
    for path in paths:
        path = os.path.abspath(path)
        if os.path.isdir(path):
            for root, _dirs, _files in os.walk(path):
                states[root] = _disk_state(root)
        else:
            states[path] = _disk_state(path)
    return states


def _string_list(settings: QSettings, key: str, limit: int, *, max_chars: int, paths: bool = False) -> list[str]:
    """A list of strings from the settings, at most limit of them (read no further: a list of
    10k entries costs nothing more), without duplicates, empty or over-long entries. A value that
    is no list is taken as absent, and logged."""
    value = settings.value(key)
    if value is None:
        return []
    if isinstance(value, str):
        # An ini file stores a one-item list as a lone string: take it as one when it can be an
        # entry (a path must be absolute; "5" or "hello" under recent files is no path).
        if value and (not paths or os.path.isabs(value)) and len(value) <= max_chars:
            value = [value]
        else:
            log.warning("Setting %r ignored: a list was expected, not %r", key, value[:80])
            return []
    elif not isinstance(value, (list, tuple)):
        log.warning("Setting %r ignored: a list was expected, not %s", key, type(value).__name__)
        return []
    items: dict[str, None] = {}
    for item in value:
        if len(items) >= limit:
            break
        if (isinstance(item, str) and item and len(item) <= max_chars and "\0" not in item
                and (not paths or os.path.isabs(item))):
            items[item] = None
    if len(items) < min(len(value), limit):
        log.warning("Setting %r: %d entries of another type or too long were left out", key,
                    min(len(value), limit) - len(items))
    return list(items)


def _settings_problem(settings: QSettings) -> str | None:
    """Why the settings were not saved (after sync()), or None when they were."""
    status = settings.status()
    if status == QSettings.Status.NoError:
        return None
    if status == QSettings.Status.AccessError:
        return f"{settings.fileName()} cannot be written"
    return f"{settings.fileName()} is not a settings file that can be read"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


_system_palette: QPalette | None = None


def apply_theme(name: str) -> None:
    """Set the application's palette: the system's, or Fusion's light or a dark one."""
    global _system_palette
    app = QApplication.instance()
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    if name == "system":
        app.setPalette(_system_palette)
        return
    app.setStyle("Fusion")
    if name == "light":
        app.setPalette(app.style().standardPalette())
        return
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e8e8e8"),
                         (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#262626"),
                         (QPalette.ColorRole.Text, "#e8e8e8"), (QPalette.ColorRole.Button, "#353535"),
                         (QPalette.ColorRole.ButtonText, "#e8e8e8"), (QPalette.ColorRole.Highlight, "#2f65ca"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.Link, "#8ab4f8"),
                         (QPalette.ColorRole.ToolTipBase, "#353535"), (QPalette.ColorRole.ToolTipText, "#e8e8e8"),
                         (QPalette.ColorRole.PlaceholderText, "#9a9a9a")):
        dark.setColor(role, QColor(colour))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6f6f6f"))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6f6f6f"))
    app.setPalette(dark)


SLOW_FILTER_S = 0.05  # a filter slower than this lets the keystrokes typed meanwhile supersede it


class Loaded(NamedTuple):
    """What a background load hands to the window: ready to show without more work."""

    changelog: Changelog
    tree: Node
    texts: list[str]
    has_dates: bool
    reports: list[FileReport]  # what each file gave and what looked doubtful
    # the paths' states before they were read (see disk_states); none: every watcher event is a change
    disk: Mapping[str, object] = MappingProxyType({})


def _load(paths: list[str], report) -> Loaded:
    # load_paths pauses the garbage collector while parsing; here it also waits for the tree and
    # the search texts (pauses of 100+ ms in the window at 100k changes otherwise). The notes,
    # which live as long as they are shown, are then frozen out of later collections.
    # Taken before reading: a change made while the notes are read is then seen as one.
    disk = disk_states(paths)
    gc.disable()
    try:
        changelog = load_paths(paths, lambda fraction: report(fraction * 0.85), parallel=True)
        tree = build_tree(changelog)
        texts = [search_text(c) for c in changelog.changes]
        reports = inspect_changelog(changelog)  # a pass over every change: not on the GUI thread
    finally:
        gc.freeze()
        gc.enable()
    report(1.0)
    return Loaded(changelog, tree, texts, any(r.date for r in changelog.releases), reports, disk)


def _count_steps(snapshot: Snapshot, facets: list[tuple[FacetModel, Query]], query: Query,
                 count_tree: bool, step: int = 2_000) -> Generator[None, None, tuple]:
    """Each facet's counts under its query, and the tree's counts under the filter (when
    count_tree), a slice of the changes at a time (IdleWork steps)."""
    facet_counts: list[Counter] = [Counter() for _ in facets]
    tree = (0, {}) if count_tree else None
    n = len(snapshot.changes)
    for start in range(0, n, step):
        rows = range(start, min(start + step, n))
        for counts, (model, facet_query) in zip(facet_counts, facets):
            counts.update(model.count(snapshot.matching(facet_query, in_scope=True, rows=rows)))
            yield
        if tree is not None:
            tree = filtered_counts(snapshot.matching(query, in_scope=False, rows=rows), tree)
            yield
    return facet_counts, tree


def _sort_orders(changes: Sequence[Change]) -> Generator[None, None, dict[int, Sequence[int]]]:
    """Each column's sort order, so that a click on a header only sorts numbers (IdleWork steps)."""
    orders = {}
    for column in Column:
        orders[column] = yield from sort_ranks_steps(changes, column)
    return orders


class MainWindow(QMainWindow):
    """Browse the loaded release notes; every action has a menu entry."""

    loaded = Signal(bool)  # a load ended: True when its notes are now shown
    recounted = Signal()  # facet and tree counts follow the filter again

    def __init__(self, *, settings: QSettings, parent=None):
        super().__init__(parent)
        self._settings = settings
        self._paths: list[str] = []
        self._changelog = Changelog()
        self._message_box: QMessageBox | None = None
        self._reports: list[FileReport] = []
        self._warnings_dialog: WarningsDialog | None = None
        self._load_job: Job | None = None
        self._count_work: IdleWork | None = None
        self._sort_work: IdleWork | None = None
        self._query: Query = compile_query("")
        self._recount_timer = QTimer(self, singleShot=True, interval=120)
        self._recount_timer.timeout.connect(self._recount)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watch_timer = QTimer(self, singleShot=True, interval=400)
        self._watch_timer.timeout.connect(self._reload_changed)
        self._reloading_from_disk = False
        self._disk_states: Mapping[str, object] = {}  # what the watched paths looked like when read
        self._changed_paths: set[str] = set()  # what the watcher reported since the last look
        self._own_writes: dict[str, tuple] = {}  # files this window exported: path -> signature
        # When filtering is slow (a million changes), keystrokes typed meanwhile supersede the
        # filter they would each start: the next filter waits for them, then runs once.
        self._filter_timer = QTimer(self, singleShot=True, interval=0)
        self._filter_timer.timeout.connect(lambda: self._apply_filter(self.filter_edit.text()))
        self._slow_filter = False
        self._history_timer = QTimer(self, singleShot=True, interval=1500)
        self._history_timer.timeout.connect(self._remember_query)
        self.setWindowTitle("Changelog Explorer")
        self.setAcceptDrops(True)

        self.tree_model = ReleaseTreeModel(self)
        self.table_model = ChangeTableModel(self)
        self._build_widgets()
        self._build_actions()
        self._restore_settings()
        theme = self._theme()
        if theme != "system":
            apply_theme(theme)

    # -- construction ---------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(TreeColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        # A fixed width: fitting the column to its contents would measure every row (2,000
        # releases took 85 ms each time the tree was filled).
        self.tree.header().setSectionResizeMode(TreeColumn.COUNT, QHeaderView.ResizeMode.Fixed)
        self.tree.header().resizeSection(TreeColumn.COUNT, self.fontMetrics().horizontalAdvance("888888 of 888888 "))
        self.tree.setAccessibleName("Releases and sections")
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self.facet_models = [FacetModel(title, name, values, self) for title, name, values in FACETS]
        self.facet_tabs = QTabWidget()
        self.facet_tabs.setDocumentMode(True)
        self.facet_views: list[QTreeView] = []
        for model in self.facet_models:
            view = QTreeView()
            view.setModel(model)
            view.setRootIsDecorated(False)
            view.setUniformRowHeights(True)
            view.setAccessibleName(f"{model.title} facet")
            view.header().setStretchLastSection(False)
            view.header().setSectionResizeMode(FacetColumn.VALUE, QHeaderView.ResizeMode.Stretch)
            view.header().setSectionResizeMode(FacetColumn.COUNT, QHeaderView.ResizeMode.Fixed)
            view.header().resizeSection(FacetColumn.COUNT, self.fontMetrics().horizontalAdvance("8888888 "))
            model.ticks_changed.connect(lambda ticked, name=model.field: self._on_facet_ticked(name, ticked))
            self.facet_tabs.addTab(view, model.title)
            self.facet_views.append(view)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.addWidget(self.tree)
        self.left_splitter.addWidget(self.facet_tabs)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 2)
        self.left_splitter.setChildrenCollapsible(False)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter changes: words, authors, refs, labels…  (Ctrl+F)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter")
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.filter_edit.returnPressed.connect(self._remember_query)
        self._history_model = QStringListModel(self._history(), self)
        completer = QCompleter(self._history_model, self.filter_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.filter_edit.setCompleter(completer)

        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setAccessibleName("Changes")
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # one height: never measure rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in ((Column.RELEASE, 80), (Column.DATE, 85), (Column.SECTION, 190),
                              (Column.REFS, 120), (Column.AUTHORS, 140)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.highlighter = HighlightDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.SUMMARY, self.highlighter)
        self.table.setSortingEnabled(True)  # the model sorts itself; no proxy
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.selectionModel().currentChanged.connect(self._on_table_current_changed)

        self.detail = DetailView()
        self.detail.document().setDefaultStyleSheet(detail_style_sheet(self.palette()))
        self.detail.setAccessibleName("Details")
        self.detail.link_blocked.connect(self._on_detail_link_blocked)
        self.detail.link_opened.connect(lambda url: self.statusBar().showMessage(f"Opened {url}", 4000))
        self.detail.highlighted.connect(self._on_detail_highlighted)

        center = QWidget()
        layout = QVBoxLayout(center)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table)

        # The detail pane sits below the table so that summaries get the window's width.
        self.detail_splitter = QSplitter(Qt.Orientation.Vertical)
        self.detail_splitter.addWidget(center)
        self.detail_splitter.addWidget(self.detail)
        self.detail_splitter.setStretchFactor(0, 3)
        self.detail_splitter.setStretchFactor(1, 2)
        self.detail_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.left_splitter)
        self.splitter.addWidget(self.detail_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 1100])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        toolbar = self.addToolBar("Upgrade range")
        toolbar.setObjectName("upgrade-range")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" Upgrade from "))
        self.from_combo = QComboBox()
        self.from_combo.setToolTip("Show the changes after this version (the one you run)")
        toolbar.addWidget(self.from_combo)
        toolbar.addWidget(QLabel(" to "))
        self.to_combo = QComboBox()
        self.to_combo.setToolTip("…up to and including this version (the one you move to)")
        toolbar.addWidget(self.to_combo)
        for combo in (self.from_combo, self.to_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(self._on_range_combo_changed)

        self.count_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(360)
        self.progress_bar.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop opening; the notes shown stay")
        self.cancel_button.clicked.connect(self.cancel_loading)
        # Its text is set now, though hidden: the status bar's height counts hidden widgets, and
        # an empty tool button is sized for an icon (taller), so the bar would shrink after a load.
        self.warnings_button = QToolButton(text=f"⚠ {_count(0, 'warning')}")
        self.warnings_button.setObjectName("warnings_button")
        self.warnings_button.setAutoRaise(True)
        self.warnings_button.setToolTip("What looked doubtful while reading the notes; click to see the list")
        self.warnings_button.clicked.connect(self.show_warnings)
        for widget in (self.progress_bar, self.cancel_button, self.warnings_button):
            widget.hide()
            self.statusBar().addPermanentWidget(widget)
        self.statusBar().addPermanentWidget(self.count_label)

        self.setTabOrder(self.tree, self.filter_edit)
        self.setTabOrder(self.filter_edit, self.table)
        self.setTabOrder(self.table, self.detail)

    def _action(self, text: str, slot, shortcut=None, *, menu=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        if menu is not None:
            menu.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.open_action = self._action("&Open…", self.open_files_dialog, QKeySequence.StandardKey.Open, menu=file_menu)
        self.open_folder_action = self._action("Open &Folder…", self.open_folder_dialog, "Ctrl+Shift+O", menu=file_menu)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.reload_action = self._action("&Reload", self.reload, QKeySequence.StandardKey.Refresh, menu=file_menu)
        file_menu.addSeparator()
        self.export_action = self._action("&Export…", self.export_dialog, "Ctrl+E", menu=file_menu)
        self.export_action.setEnabled(False)  # until there is a change to export (_update_count)
        file_menu.addSeparator()
        self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, menu=file_menu)

        edit_menu = bar.addMenu("&Edit")
        self.copy_action = self._action("&Copy", self.copy_selection, QKeySequence.StandardKey.Copy, menu=edit_menu)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.copy_action)
        self.copy_markdown_action = self._action("Copy as &Markdown Table", self.copy_markdown_table,
                                                 "Ctrl+Shift+C", menu=edit_menu)
        self.copy_markdown_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.addAction(self.copy_markdown_action)
        self.formula_guard_action = QAction("&Guard Copied Cells Against Formulas", self)
        self.formula_guard_action.setCheckable(True)
        self.formula_guard_action.setChecked(self._setting_flag(FORMULA_GUARD_KEY, True))
        self.formula_guard_action.setToolTip("Put a ' before a copied cell that starts with = + - @, "
                                             "so that a spreadsheet shows it instead of running it")
        self.formula_guard_action.toggled.connect(self._on_formula_guard_action_toggled)
        edit_menu.addAction(self.formula_guard_action)
        edit_menu.addSeparator()
        self._action("Select &All Changes", self.table.selectAll, None, menu=edit_menu)
        edit_menu.addSeparator()
        self.find_action = self._action("&Filter…", self.focus_filter, QKeySequence.StandardKey.Find, menu=edit_menu)
        self.clear_filter_action = self._action("C&lear Filter", self.clear_filter, "Esc", menu=edit_menu)

        self.filters_menu = bar.addMenu("Fil&ters")
        self.save_filter_action = self._action("&Save Filter…", self.save_filter_dialog, QKeySequence.StandardKey.Save)
        self.delete_filter_menu = QMenu("&Delete Saved Filter", self)
        self._update_filters_menu()

        view_menu = bar.addMenu("&View")
        view_menu.addAction(self.reload_action)
        self._action("Show &All Releases", lambda: self.tree.setCurrentIndex(self.tree_model.all_index()),
                     "Ctrl+Home", menu=view_menu)
        self.warnings_action = self._action("Parse &Warnings…", self.show_warnings, None, menu=view_menu)

        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        current = self._theme()
        for name, label in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == current)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            self.theme_actions.addAction(action)
        view_menu.addSeparator()
        self.session_action = self._action("Reopen Last &Session at Start", self._on_session_toggled, None,
                                           menu=view_menu)
        self.session_action.setCheckable(True)
        self.session_action.setChecked(self._setting_flag("session/restore", True))

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts,
                                             QKeySequence.StandardKey.HelpContents, menu=help_menu)
        self._action("&About Changelog Explorer", self.show_about, None, menu=help_menu)
        self._update_recent_menu()

    # -- loading --------------------------------------------------------------------------
    def open_paths(self, paths: list[str], *, restore: tuple | None = None) -> None:
        """Load files and folders in place of the current notes, on a background thread.

        `loaded` tells when it is done: True when the notes were replaced; False when nothing
        could be read (the notes shown stay) or the user cancelled.
        """
        paths = [os.fspath(p) for p in paths]
        gc.unfreeze()  # the notes shown now may be replaced: let them be collected then
        if self._load_job is not None:
            self._load_job.cancel()
        job = Job(lambda report: _load(paths, report), self)
        job.progressed.connect(self._on_load_progressed)
        job.finished.connect(lambda result: self._on_load_finished(job, paths, result, restore))
        job.failed.connect(lambda exc: self._on_load_failed(job, paths, exc))
        self._load_job = job
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(f"Opening {', '.join(os.path.basename(p) or p for p in paths)}… %p%")
        self.progress_bar.show()
        self.cancel_button.show()
        job.start()

    def is_loading(self) -> bool:
        return self._load_job is not None

    @Slot(float)
    def _on_load_progressed(self, fraction: float) -> None:
        self.progress_bar.setValue(int(fraction * 100))

    def _end_load(self, job: Job) -> bool:
        """Forget a finished job; False when it is not the current one (a newer load won)."""
        if job is not self._load_job:
            return False
        self._load_job = None
        self.progress_bar.hide()
        self.cancel_button.hide()
        return True

    def _on_load_finished(self, job: Job, paths: list[str], result: Loaded, restore) -> None:
        if not self._end_load(job):
            return
        changelog = result.changelog
        if changelog.errors:
            self._show_load_errors(changelog)
        if changelog.errors and not changelog.files:
            self.loaded.emit(False)
            return
        self._paths = paths
        self._set_changelog(result)
        self._watch(changelog, result.disk)
        for path in paths:
            self._add_recent(path)
        if restore is not None:
            self._restore_view(*restore)
        if not changelog.changes:
            self.statusBar().showMessage(f"No changes found in {', '.join(paths)}", 8000)
        self.loaded.emit(True)

    def _on_load_failed(self, job: Job, paths: list[str], exc: BaseException) -> None:
        if not self._end_load(job):
            return
        self._message_box = QMessageBox(QMessageBox.Icon.Critical, "Could not open",
                                        f"Could not open {', '.join(paths)}:\n{exc}",
                                        QMessageBox.StandardButton.Ok, self)
        self._message_box.open()
        self.loaded.emit(False)

    @Slot()
    def cancel_loading(self) -> None:
        if self._load_job is not None:
            job = self._load_job
            job.cancel()
            self._end_load(job)
            self.statusBar().showMessage("Opening cancelled; the notes shown stay.", 5000)
            self.loaded.emit(False)

    @Slot()
    def reload(self) -> None:
        if self._paths:
            scope = self._current_node()
            current = self.table.currentIndex()
            current_id = self.table_model.change(current.row()).id if current.isValid() else None
            where = (scope.release, scope.path) if scope is not None else (None, ())
            self.open_paths(self._paths, restore=(where, self._selected_ids(), current_id))

    def _restore_view(self, where, ids: list[str], current_id: str | None) -> None:
        release, path = where
        index = self.tree_model.find(release, path)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self._restore_selection(ids, current_id)
        why = " (changed on disk)" if self._reloading_from_disk else ""
        self._reloading_from_disk = False
        self.statusBar().showMessage(f"Reloaded{why}", 4000)

    def _set_changelog(self, loaded: Loaded) -> None:
        changelog = loaded.changelog
        self._changelog = changelog
        self.table_model.set_changes(changelog.changes, loaded.texts)
        self._start_sort_orders(changelog.changes)
        self.tree_model.set_tree(loaded.tree)
        self.table.setColumnHidden(Column.DATE, not loaded.has_dates)
        self.tree.expand(self.tree_model.all_index())
        self.tree.setCurrentIndex(self.tree_model.all_index())
        self._fill_version_combos(changelog)
        self._apply_filter(self.filter_edit.text())
        names = ", ".join(os.path.basename(p.rstrip(os.sep)) or p for p in self._paths)
        self.setWindowTitle(f"{names} — Changelog Explorer" if names else "Changelog Explorer")
        self._update_count()
        self._set_reports(loaded.reports)

    def _set_reports(self, reports: list[FileReport]) -> None:
        """The status bar's warning count and an open warnings list follow the notes shown."""
        self._reports = reports
        total = doubt_count(reports)
        self.warnings_button.setText(f"⚠ {_count(total, 'warning')}")
        self.warnings_button.setVisible(total > 0)
        if self._warnings_dialog is not None and self._warnings_dialog.isVisible():
            self._warnings_dialog.set_reports(reports)  # a hidden one is filled when shown again

    @Slot()
    def show_warnings(self) -> None:
        """Show (non-modal) what each open file gave and what looked doubtful in it."""
        if self._warnings_dialog is None:
            self._warnings_dialog = WarningsDialog(parent=self)
        self._warnings_dialog.set_reports(self._reports)
        self._warnings_dialog.show()
        self._warnings_dialog.raise_()
        self._warnings_dialog.activateWindow()

    def _start_sort_orders(self, changes: Sequence[Change]) -> None:
        """Work out the sort orders between events once the notes are shown (a header clicked
        before that works them out for its column)."""
        if self._sort_work is not None:
            self._sort_work.cancel()
        work = IdleWork(_sort_orders(changes), self)
        work.finished.connect(lambda orders: self._on_sort_orders(work, changes, orders))
        self._sort_work = work
        work.start()

    def _on_sort_orders(self, work: IdleWork, changes: Sequence[Change], orders: dict) -> None:
        if work is self._sort_work:
            self._sort_work = None
            self.table_model.add_ranks(orders, changes)

    def is_sorting_ready(self) -> bool:
        """Whether every column's sort order is worked out (until then a click works one out)."""
        return self._sort_work is None

    def _show_load_errors(self, changelog: Changelog) -> None:
        lines = "\n".join(f"• {e.path}: {e.reason}" for e in changelog.errors)
        kept = "The notes already shown stay open." if self._changelog.files else ""
        self._message_box = QMessageBox(QMessageBox.Icon.Warning, "Could not open",
                                        f"Could not open:\n{lines}\n\n{kept}".strip(),
                                        QMessageBox.StandardButton.Ok, self)
        self._message_box.open()

    @Slot()
    def open_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open release notes", self._last_folder(),
            "Release notes (*.md *.markdown *.txt CHANGELOG* CHANGES* HISTORY* NEWS* RELEASE*);;All files (*)")
        if paths:
            self.open_paths(paths)

    @Slot()
    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of release notes", self._last_folder())
        if folder:
            self.open_paths([folder])

    def _last_folder(self) -> str:
        recent = self._recent()
        return os.path.dirname(recent[0]) if recent else os.path.expanduser("~")

    # -- drag and drop --------------------------------------------------------------------
    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # -- scope, filter, selection ---------------------------------------------------------
    def _current_node(self):
        index = self.tree.currentIndex()
        return self.tree_model.node(index) if index.isValid() else None

    @Slot(QModelIndex, QModelIndex)
    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        node = self.tree_model.node(current)
        ids = self._selected_ids()
        self.table_model.set_scope(node.release, node.path)
        self._restore_selection(ids, None)
        self._update_count()
        self._recount_timer.start()
        if node.release is None:
            releases = len(self._changelog.releases)
            subtitle = f"{_count(node.count, 'change')} in {_count(releases, 'release')}"
            self.detail.setHtml(notes_html(node.title, subtitle, node.notes))
        elif not node.path:
            self.detail.setHtml(notes_html(node.title, release_subtitle(node.release, node.count), node.notes))
        else:
            subtitle = f"{node.release.version} · {' / '.join(node.path)} · {_count(node.count, 'change')}"
            self.detail.setHtml(notes_html(node.title, subtitle, node.notes))

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        if self._slow_filter:
            self._filter_timer.start()
        else:
            self._apply_filter(text)
        self._history_timer.start()

    def is_filter_pending(self) -> bool:
        """Whether the filter box holds text the table does not follow yet (see _filter_timer)."""
        return self._filter_timer.isActive()

    def _apply_filter(self, text: str) -> None:
        """Filter the table; a malformed query keeps the rows shown and says what is wrong."""
        self._filter_timer.stop()
        started = time.perf_counter()
        try:
            self._filter(text)
        finally:
            self._slow_filter = time.perf_counter() - started > SLOW_FILTER_S

    def _filter(self, text: str) -> None:
        ids = self._selected_ids()
        current = self.table.currentIndex()
        current_id = self.table_model.change(current.row()).id if current.isValid() else None
        try:
            self._query = self.table_model.set_query(text)
        except QueryError as exc:
            self.filter_edit.setProperty("invalid", True)
            self.filter_edit.setStyleSheet("QLineEdit { border: 2px solid #d32f2f; }")
            self.filter_edit.setToolTip(str(exc))
            self.statusBar().showMessage(f"Query not applied: {exc}")
            return
        if self.filter_edit.property("invalid"):
            self.filter_edit.setProperty("invalid", False)
            self.filter_edit.setStyleSheet("")
            self.filter_edit.setToolTip("")
            self.statusBar().clearMessage()
        self.highlighter.set_terms(self._query.words, self._query.regexes)
        self._restore_selection(ids, current_id)
        self._update_count()
        self._sync_controls(self._query.top_clauses)
        self._recount_timer.start()
        current = self.table.currentIndex()
        if current.isValid():
            self._show_change(self.table_model.change(current.row()))

    def _sync_controls(self, clauses: list[str]) -> None:
        """Facet ticks and the version pickers show what the query's clauses say."""
        for model in self.facet_models:
            model.set_ticked(facet_values(clauses, model.field))
        low, high = version_range(clauses)
        for combo, version in ((self.from_combo, low), (self.to_combo, high)):
            combo.blockSignals(True)
            index = combo.findText(version) if version else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    @Slot()
    def _recount(self) -> None:
        """Facet counts under the filter (less each facet's own ticks), and the tree's counts,
        counted between events; a newer count supersedes an older one."""
        text = self.filter_edit.text()
        if self.filter_edit.property("invalid"):
            return
        if self._count_work is not None:
            self._count_work.cancel()
        facets = [(model, compile_query(without_clause(text, model.field))) for model in self.facet_models]
        work = IdleWork(_count_steps(self.table_model.snapshot(), facets, self._query, bool(text.strip())), self)
        work.finished.connect(lambda result: self._on_count_finished(work, result))
        self._count_work = work
        work.start()

    def _on_count_finished(self, work: IdleWork, result: tuple) -> None:
        if work is not self._count_work:
            return
        self._count_work = None
        facet_counts, tree = result
        for model, counts in zip(self.facet_models, facet_counts):
            model.set_counts(counts)
        self.tree_model.set_filtered_counts(tree, self.tree.isExpanded)
        self.recounted.emit()

    def _on_facet_ticked(self, name: str, ticked: list[str]) -> None:
        self.filter_edit.setText(with_facet(self.filter_edit.text(), name, ticked))

    @Slot(int)
    def _on_range_combo_changed(self, _index: int) -> None:
        low, high = (combo.currentText() if combo.currentIndex() > 0 else ""
                     for combo in (self.from_combo, self.to_combo))
        self.filter_edit.setText(with_version_range(self.filter_edit.text(), low, high))

    def _fill_version_combos(self, changelog: Changelog) -> None:
        releases = sorted((r for r in changelog.releases if r.sort_key[0] and r.sort_key[0][0] != float("inf")),
                          key=lambda r: r.sort_key, reverse=True)
        versions = list(dict.fromkeys(r.version for r in releases))
        for combo in (self.from_combo, self.to_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([_ANY_VERSION, *versions])
            combo.blockSignals(False)

    # -- query history and saved filters --------------------------------------------------
    def _history(self) -> list[str]:
        return _string_list(self._settings, "query/history", MAX_HISTORY, max_chars=MAX_QUERY_CHARS)

    @Slot()
    def _remember_query(self) -> None:
        text = self.filter_edit.text().strip()
        if not text or self.filter_edit.property("invalid") or len(text) > MAX_QUERY_CHARS:
            return
        self._settings.sync()  # another window may have added to the history meanwhile
        history = ([text] + [h for h in self._history() if h != text])[:MAX_HISTORY]
        self._write_settings({"query/history": history})
        self._history_model.setStringList(history)

    def saved_filters(self) -> dict[str, str]:
        """The saved filters by name (a JSON object in the settings; anything else is none)."""
        value = self._settings.value("query/saved")
        if value is None:
            return {}
        if not isinstance(value, str) or len(value) > MAX_SAVED_JSON_CHARS:
            log.warning("Setting 'query/saved' ignored: %s", "too long" if isinstance(value, str)
                        else f"a JSON text was expected, not {type(value).__name__}")
            return {}
        try:
            saved = json.loads(value)
        except (ValueError, RecursionError):
            log.warning("Setting 'query/saved' ignored: not JSON")
            return {}
        if not isinstance(saved, dict):
            log.warning("Setting 'query/saved' ignored: a JSON object was expected")
            return {}
        filters: dict[str, str] = {}
        for name, query in saved.items():
            if len(filters) >= MAX_SAVED_FILTERS:
                break
            if isinstance(query, str) and name.strip() and len(name) <= MAX_QUERY_CHARS and len(query) <= MAX_QUERY_CHARS:
                filters[name] = query
        return filters

    def _change_saved_filters(self, name: str, query: str | None) -> bool:
        """Add (or, for no query, remove) one saved filter. Other windows save filters too: the
        list is read again just before it is written, and only this one entry changes."""
        self._settings.sync()
        saved = self.saved_filters()
        if query is None:
            saved.pop(name, None)
        else:
            saved[name] = query
        done = self._write_settings({"query/saved": json.dumps(saved, ensure_ascii=False)})
        self._update_filters_menu()
        return done

    def save_filter(self, name: str, query: str) -> bool:
        """Save a filter; False (and the status bar says why) when the settings could not be written."""
        return self._change_saved_filters(name, query)

    def delete_filter(self, name: str) -> bool:
        return self._change_saved_filters(name, None)

    @Slot()
    def save_filter_dialog(self) -> None:
        query = self.filter_edit.text().strip()
        if not query or self.filter_edit.property("invalid"):
            self.statusBar().showMessage("Type a valid filter first, then save it.", 5000)
            return
        name, ok = QInputDialog.getText(self, "Save filter", f"Name for the filter\n{query}", text=query[:40])
        if ok and name.strip():
            if self.save_filter(name.strip(), query):
                self.statusBar().showMessage(f"Saved filter “{name.strip()}”", 4000)

    def _update_filters_menu(self) -> None:
        menu = self.filters_menu
        menu.clear()
        menu.addAction(self.save_filter_action)
        menu.addMenu(self.delete_filter_menu)
        self.delete_filter_menu.clear()
        saved = self.saved_filters()
        self.delete_filter_menu.setEnabled(bool(saved))
        if saved:
            menu.addSeparator()
        for name, query in sorted(saved.items(), key=lambda item: item[0].casefold()):
            action = menu.addAction(name)
            action.setToolTip(query)
            action.triggered.connect(lambda _checked=False, q=query: self.filter_edit.setText(q))
            remove = self.delete_filter_menu.addAction(name)
            remove.triggered.connect(lambda _checked=False, n=name: self.delete_filter(n))

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_change(self.table_model.change(current.row()))

    def _show_change(self, change: Change) -> None:
        self.detail.setHtml(highlight_html(change_html(change), self._query.words, self._query.regexes))

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected, _deselected) -> None:
        self._update_count()

    def _selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.table.selectionModel().selectedRows())

    def _selected_ids(self) -> list[str]:
        return [self.table_model.change(row).id for row in self._selected_rows()]

    def _restore_selection(self, ids: list[str], current_id: str | None) -> None:
        """Select again the rows that are still visible after the table was refilled."""
        if not ids:
            return
        wanted = set(ids)
        rows = [row for row, change in enumerate(self.table_model.visible_changes()) if change.id in wanted]
        selection = QItemSelection()
        last = self.table_model.columnCount() - 1
        for row in rows:
            selection.select(self.table_model.index(row, 0), self.table_model.index(row, last))
        model = self.table.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        current_row = self.table_model.row_of(current_id) if current_id else (rows[0] if rows else -1)
        if current_row >= 0:
            model.setCurrentIndex(self.table_model.index(current_row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.table_model.index(current_row, 0))

    def _update_count(self) -> None:
        shown, total = self.table_model.rowCount(), self.table_model.total()
        selected = len(self.table.selectionModel().selectedRows())
        text = f"{shown} of {total} changes"
        self.count_label.setText(f"{text} · {selected} selected" if selected else text)
        # The selected rows are among those shown: nothing shown is nothing to export.
        self.export_action.setEnabled(shown > 0)
        self.export_action.setStatusTip("" if shown else "Nothing to export: no change is shown")

    @Slot()
    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    @Slot()
    def clear_filter(self) -> None:
        self.filter_edit.clear()

    @Slot(QUrl)
    def _on_detail_highlighted(self, url: QUrl) -> None:
        """The pointer over a link: where it really goes, whatever its text says."""
        target = link_target(url)
        if target:
            self.statusBar().showMessage(f"Link to {target}")
        else:
            self.statusBar().clearMessage()

    @Slot(str)
    def _on_detail_link_blocked(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # -- copy and export ------------------------------------------------------------------
    def _chosen_changes(self) -> list[Change]:
        rows = self._selected_rows()
        if rows:
            return [self.table_model.change(row) for row in rows]
        return self.table_model.visible_changes()

    @Slot()
    def copy_selection(self) -> None:
        """The selected rows as tab-separated text with the CSV export's columns (a header line
        first when there are several), each cell guarded against formulas unless turned off."""
        rows = self._selected_rows()
        if not rows:
            return
        changes = [self.table_model.change(row) for row in rows]
        QGuiApplication.clipboard().setText(tsv_text(changes, guard=self.formula_guard_action.isChecked()))
        self.statusBar().showMessage(f"Copied {_count(len(rows), 'change')}", 4000)

    @Slot()
    def copy_markdown_table(self) -> None:
        """The selected rows as a Markdown table (not formula-guarded: it is text, not a sheet)."""
        rows = self._selected_rows()
        if not rows:
            self.statusBar().showMessage("Select the changes to copy first.", 4000)
            return
        QGuiApplication.clipboard().setText(markdown_table([self.table_model.change(row) for row in rows]))
        self.statusBar().showMessage(f"Copied {_count(len(rows), 'change')} as a Markdown table", 4000)

    @Slot(bool)
    def _on_formula_guard_action_toggled(self, checked: bool) -> None:
        self._write_settings({FORMULA_GUARD_KEY: checked})

    def _export_folder(self) -> str:
        """Where the last export went, while that folder is there; else where files were opened."""
        folder = self._settings.value(EXPORT_FOLDER_KEY, "")
        if isinstance(folder, str) and 0 < len(folder) <= MAX_PATH_CHARS and "\0" not in folder and os.path.isdir(folder):
            return folder
        return self._last_folder()

    @Slot()
    def export_dialog(self) -> None:
        changes = self._chosen_changes()
        if not changes:
            self.statusBar().showMessage("Nothing to export: no change is shown.", 6000)
            return
        formats = export_formats()
        what = "selected" if self._selected_rows() else "shown"
        node = self._current_node()
        version = node.release.version if node is not None and node.release is not None else None
        name = export_file_name(self._paths, version, _EXTENSIONS[formats[0]])
        path, chosen_filter = QFileDialog.getSaveFileName(
            self, f"Export {len(changes)} {what} changes", os.path.join(self._export_folder(), name),
            ";;".join(_EXPORT_FILTERS[fmt] for fmt in formats), options=QFileDialog.Option.DontConfirmOverwrite)
        if not path:
            return
        chosen = next((fmt for fmt in formats if _EXPORT_FILTERS[fmt] == chosen_filter), formats[0])
        if not format_for_path(path, default=""):
            path += _EXTENSIONS[chosen]  # "notes" or "calico-3.23" get the chosen format's extension
        self.export_to(path, changes, chosen)

    def _export_problem(self, path: str) -> str | None:
        """Why path must not be written (the same checks as the command line's), or None."""
        notes = [f.path for f in self._changelog.files] + [p for p in self._paths if os.path.isfile(p)]
        try:
            check_target(path, notes)
        except ExportTargetError as exc:
            return f"{str(exc)[:1].upper()}{str(exc)[1:]}."
        return None

    def export_to(self, path: str, changes: list[Change], fmt: str | None = None) -> bool:
        """Write changes to path in the format its extension names (else fmt, else CSV); say
        why when it is not written. A file that was there is then kept as it was."""
        if not changes:
            self.statusBar().showMessage("Nothing to export: no change is shown.", 6000)
            return False
        fmt = format_for_path(path, default=fmt or "csv")
        problem = (f"{_EXPORT_FILTERS[fmt].split(' (')[0]} export is not available in this version."
                   if fmt not in export_formats() else self._export_problem(path))
        if problem:
            QMessageBox.warning(self, "Not exported", f"Will not write {path}:\n{problem}\n\n"
                                "Nothing was written.")
            return False
        if os.path.exists(path):
            answer = QMessageBox.question(
                self, "Replace file?", f"{path} already exists. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            self._write_off_the_event_loop(lambda: export_file(path, changes, fmt), len(changes))
        except OSError as exc:
            QMessageBox.critical(self, "Export failed", f"Could not write {path}:\n{exc.strerror or exc}\n\n"
                                 "Nothing was written; a file that was there is unchanged.")
            return False
        except Exception as exc:  # noqa: BLE001 - the user is told; the file is left as it was
            QMessageBox.critical(self, "Export failed", f"Could not write {path}:\n{type(exc).__name__}: {exc}\n\n"
                                 "Nothing was written; a file that was there is unchanged.")
            return False
        self._remember_own_write(path)
        self._write_settings({EXPORT_FOLDER_KEY: os.path.dirname(os.path.abspath(path))})
        label = {"markdown": "Markdown", "xlsx": "Excel workbook"}.get(fmt, fmt.upper())
        self.statusBar().showMessage(f"Exported {_count(len(changes), 'change')} to {path} ({label})", 8000)
        return True

    def _write_off_the_event_loop(self, write, count: int) -> None:
        """Run write on a thread while the window goes on drawing and answering (an XLSX of
        100k changes takes seconds); return when it is done, raising what it raised."""
        outcome: list = []
        loop = QEventLoop()
        job = Job(lambda _report: write(), self)
        job.finished.connect(lambda _result: (outcome.append(None), loop.quit()))
        job.failed.connect(lambda exc: (outcome.append(exc), loop.quit()))
        self.export_action.setEnabled(False)  # one export at a time
        self.statusBar().showMessage(f"Exporting {_count(count, 'change')}…")
        job.start()
        if not outcome:
            loop.exec()
        job.deleteLater()
        self.export_action.setEnabled(self.table_model.rowCount() > 0)
        self.statusBar().clearMessage()
        if outcome[0] is not None:
            raise outcome[0]

    # -- help -----------------------------------------------------------------------------
    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self, "About Changelog Explorer",
                          f"<h3>Changelog Explorer {__version__}</h3>"
                          "<p>Browse, filter and export release notes.</p>"
                          "<p>Licence: MIT</p>"
                          f"<p>Qt {qVersion()} · PySide6 {PySide6.__version__} · Python {platform.python_version()}</p>")

    def shortcuts(self) -> list[tuple[str, str, str]]:
        """(menu, action, keys) for every menu action that has a shortcut."""
        rows = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            for action in menu.actions() if menu else ():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    rows.append((menu_action.text().replace("&", ""), action.text().replace("&", ""), keys))
        return rows

    @Slot()
    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td>{menu}</td><td>{name}</td><td><b>{keys}</b></td></tr>"
                       for menu, name, keys in self.shortcuts())
        self._shortcuts_box = QMessageBox(QMessageBox.Icon.NoIcon, "Keyboard Shortcuts",
                                          f"<table cellspacing='6'>{rows}</table>"
                                          "<p>In the table: arrows move, Shift/Ctrl+click select several, "
                                          "a header click sorts. Drop files on the window to open them.</p>",
                                          QMessageBox.StandardButton.Close, self)
        self._shortcuts_box.open()

    # -- session and files on disk --------------------------------------------------------
    def set_theme(self, name: str) -> None:
        """Follow the system's palette, or use a light or dark one."""
        self._write_settings({"view/theme": name})
        apply_theme(name)

    @Slot(bool)
    def _on_session_toggled(self, checked: bool) -> None:
        self._write_settings({"session/restore": checked})

    def restore_session(self) -> bool:
        """Reopen the files and the filter of the last session, if the user keeps sessions."""
        if not self._setting_flag("session/restore", True):
            return False
        paths = _string_list(self._settings, "session/paths", MAX_SESSION_PATHS, max_chars=MAX_PATH_CHARS, paths=True)
        if not paths:
            return False
        there = [p for p in paths if os.path.exists(p)]
        gone = [p for p in paths if p not in there]
        if not there:
            self.statusBar().showMessage(f"Not found since last time: {', '.join(gone)}", 10000)
            return False
        text = self._settings.value("session/filter", "")
        if isinstance(text, str) and len(text) <= MAX_QUERY_CHARS:
            self.filter_edit.setText(text)
        else:
            log.warning("Setting 'session/filter' ignored: not a text or too long")
        self.open_paths(there)
        if gone:
            self.statusBar().showMessage(f"Not found since last time: {', '.join(gone)}", 10000)
        return True

    def _watch(self, changelog: Changelog, states: Mapping[str, object]) -> None:
        """Watch the files shown (and the folders opened, for new files) to reload on change;
        states: how they looked when they were read."""
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        self._changed_paths.clear()
        self._disk_states = states
        paths = {f.path for f in changelog.files} | {p for p in self._paths if os.path.isdir(p)}
        for folder in [p for p in self._paths if os.path.isdir(p)]:
            paths.update(root for root, _dirs, _files in os.walk(folder))
        if paths:
            self._watcher.addPaths(sorted(paths))

    @Slot(str)
    def _on_watcher_changed(self, path: str) -> None:
        self._changed_paths.add(os.path.abspath(path))
        self._watch_timer.start()  # an editor's save is often several events

    @Slot()
    def _reload_changed(self) -> None:
        paths, self._changed_paths = self._changed_paths, set()
        if self._paths and not self.is_loading() and any(self._changed_on_disk(p) for p in paths):
            self._reloading_from_disk = True
            self.reload()

    def _state_when_read(self, path: str):
        if path in self._disk_states:
            return self._disk_states[path]
        folder = self._disk_states.get(os.path.dirname(path))  # a file read from an open folder
        return folder.get(path) if isinstance(folder, dict) else None

    def _changed_on_disk(self, path: str) -> bool:
        """Whether a path the watcher reported differs from how it was read, leaving out the
        files this window exported itself (an export into an open folder is no edit of the notes)."""
        now, before = _disk_state(path), self._state_when_read(path)
        own = self._own_writes
        if isinstance(now, dict) and isinstance(before, dict):
            mine = {p for p, signature in now.items() if own.get(p) == signature}
            return ({p: s for p, s in now.items() if p not in mine}
                    != {p: s for p, s in before.items() if p not in mine})
        return now != before and not (now is not None and own.get(path) == now)

    def _remember_own_write(self, path: str) -> None:
        for name in {os.path.abspath(path), os.path.realpath(path)}:
            try:
                self._own_writes[name] = _signature(os.stat(name))
            except OSError:
                continue
        while len(self._own_writes) > MAX_OWN_WRITES:
            del self._own_writes[next(iter(self._own_writes))]

    # -- settings -------------------------------------------------------------------------
    def _setting_flag(self, key: str, default: bool) -> bool:
        """A yes/no setting; a value of another type (a hand-edited settings file) is the default."""
        value = self._settings.value(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in ("true", "1", "yes", "on"):
                return True
            if word in ("false", "0", "no", "off"):
                return False
        return default

    def _theme(self) -> str:
        theme = self._settings.value("view/theme", "system")
        if theme in THEMES:
            return theme
        log.warning("Setting 'view/theme' ignored: %r is none of %s", str(theme)[:80], ", ".join(THEMES))
        return "system"

    def _recent(self) -> list[str]:
        return _string_list(self._settings, "recent", MAX_RECENT, max_chars=MAX_PATH_CHARS, paths=True)

    def _add_recent(self, path: str) -> None:
        path = os.path.abspath(path)
        self._settings.sync()  # another window may have opened files meanwhile: keep them listed
        recent = [path] + [p for p in self._recent() if p != path]
        self._write_settings({"recent": recent[:MAX_RECENT]})
        self._update_recent_menu()

    def _write_settings(self, values: Mapping[str, object]) -> bool:
        """Write settings to disk now; when that fails (a settings folder that cannot be written,
        a full disk) say so in the status bar and return False."""
        for key, value in values.items():
            self._settings.setValue(key, value)
        self._settings.sync()
        problem = _settings_problem(self._settings)
        if problem is None:
            return True
        log.warning("Could not save settings: %s", problem)
        self.statusBar().showMessage(f"Could not save settings: {problem}", 10000)
        return False

    def _setting_state(self, key: str) -> QByteArray | None:
        """A saved geometry or layout state: bytes of a sensible size, or None."""
        value = self._settings.value(key)
        if isinstance(value, QByteArray) and 0 < value.size() <= MAX_STATE_BYTES:
            return value
        if value is not None:
            log.warning("Setting %r ignored: not a saved state", key)
        return None

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path}")
            action.triggered.connect(lambda _checked=False, p=path: self.open_paths([p]))
        self.recent_menu.setEnabled(bool(recent))

    def _restore_settings(self) -> None:
        geometry = self._setting_state("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 820)
        for key, splitter in self._splitters():
            state = self._setting_state(key)
            if state is not None:
                splitter.restoreState(state)
        header = self._setting_state("table/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _splitters(self) -> tuple[tuple[str, QSplitter], ...]:
        return (("window/splitter", self.splitter), ("window/left_splitter", self.left_splitter),
                ("window/detail_splitter", self.detail_splitter))

    def save_settings(self) -> bool:
        values: dict[str, object] = {
            "session/paths": [os.path.abspath(p) for p in self._paths],
            "session/filter": self.filter_edit.text(),
            "window/geometry": self.saveGeometry(),
            "table/header": self.table.horizontalHeader().saveState(),
        }
        values.update((key, splitter.saveState()) for key, splitter in self._splitters())
        return self._write_settings(values)

    @override
    def closeEvent(self, event) -> None:
        self.save_settings()
        super().closeEvent(event)

    @override
    def changeEvent(self, event: QEvent) -> None:
        # The detail pane's style sheet is made from the palette: follow a light/dark switch.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.detail.document().setDefaultStyleSheet(detail_style_sheet(self.palette()))
            current = self.table.currentIndex()
            if current.isValid():
                self._show_change(self.table_model.change(current.row()))
        super().changeEvent(event)

