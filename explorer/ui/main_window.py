"""The main window: release tree and facets | filter over the change table | detail pane.

Layout and wiring only: the session (session.py) owns what is shown, the panels own their
widgets, settings.py every setting, dialogs.py the dialogs and theme.py the palettes.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import TYPE_CHECKING, NamedTuple

from PySide6 import QtWidgets
from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QActionGroup, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from explorer.browse import ALL, Column, count_text, project_key, projects
from explorer.inspect import FileReport, doubt_count
from explorer.model import Change
from explorer.query import Query, QueryError, compile_query, with_facet, with_upgrade_ranges, with_version_range
from explorer.render import warm_up
from explorer.ui import override
from explorer.ui.change_model import ChangeTableModel
from explorer.ui.change_table import ChangeTable
from explorer.ui.detail_view import DetailView, link_target
from explorer.ui.facet_panel import FacetPanel
from explorer.ui.filter_bar import FilterBar
from explorer.ui.range_bar import RangeBar
from explorer.ui.session import Counts, Loaded, Session, warm_up_loading
from explorer.ui.settings import Settings
from explorer.ui.theme import apply_theme
from explorer.ui.tree_model import ReleaseTreeModel, TreeColumn

if TYPE_CHECKING:  # these are imported when first used, not at the window's start
    from PySide6.QtWidgets import QMessageBox

    from explorer.ui.exporter import Exporter
    from explorer.ui.warnings_dialog import WarningsDialog


WARM_UP_AFTER_LOAD_MS = 200  # after a load that runs at the first paint: once its notes have painted


def _warm_up() -> None:
    warm_up()
    warm_up_loading()


class ActionSpec(NamedTuple):
    """One menu entry: the window attribute it is kept in ("" for none), its text, the name of
    the window method it runs, its shortcut, and whether it acts only where the table has focus."""

    name: str
    text: str
    slot: str
    keys: QKeySequence.StandardKey | str | None = None
    table_only: bool = False


SEPARATOR = None
# The menus, in order; each entry an action, a separator, or a submenu the window fills.
MENUS: tuple[tuple[str, tuple[ActionSpec | str | None, ...]], ...] = (
    ("&File", (
        ActionSpec("open_action", "&Open…", "open_files_dialog", QKeySequence.StandardKey.Open),
        ActionSpec("open_folder_action", "Open &Folder…", "open_folder_dialog", "Ctrl+Shift+O"),
        "recent_menu",
        ActionSpec("reload_action", "&Reload", "reload", QKeySequence.StandardKey.Refresh),
        SEPARATOR,
        ActionSpec("export_action", "&Export…", "export_dialog", "Ctrl+E"),
        SEPARATOR,
        ActionSpec("", "&Quit", "close", QKeySequence.StandardKey.Quit),
    )),
    ("&Edit", (
        ActionSpec("copy_action", "&Copy", "copy_selection", QKeySequence.StandardKey.Copy, table_only=True),
        ActionSpec("copy_markdown_action", "Copy as &Markdown Table", "copy_markdown_table", "Ctrl+Shift+C",
                   table_only=True),
        "formula_guard_action",
        SEPARATOR,
        ActionSpec("", "Select &All Changes", "select_all", None),
        SEPARATOR,
        ActionSpec("find_action", "&Filter…", "focus_filter", QKeySequence.StandardKey.Find),
        ActionSpec("clear_filter_action", "C&lear Filter or Stop It", "escape_filter", "Esc"),
    )),
    ("Fil&ters", ()),  # filled by _update_filters_menu
    ("&View", (
        "reload_action",
        ActionSpec("", "Show &All Releases", "show_all_releases", "Ctrl+Home"),
        ActionSpec("warnings_action", "Parse &Warnings…", "show_warnings", None),
        "theme_menu",
        SEPARATOR,
        ActionSpec("session_action", "Reopen Last &Session at Start", "_on_session_toggled", None),
    )),
    ("&Help", (
        ActionSpec("shortcuts_action", "&Keyboard Shortcuts", "show_shortcuts", QKeySequence.StandardKey.HelpContents),
        ActionSpec("", "&About Changelog Explorer", "show_about", None),
    )),
)

class MainWindow(QMainWindow):
    """Browse the loaded release notes; every action has a menu entry."""

    painted = Signal()  # the window's first paint is on the screen
    loaded = Signal(bool)  # a load ended: True when its notes are now shown
    recounted = Signal()  # facet and tree counts follow the filter again
    # The actions MENUS declares by name (made in _build_actions).
    open_action: QAction
    open_folder_action: QAction
    reload_action: QAction
    export_action: QAction
    copy_action: QAction
    copy_markdown_action: QAction
    find_action: QAction
    clear_filter_action: QAction
    warnings_action: QAction
    session_action: QAction
    shortcuts_action: QAction

    def __init__(self, *, settings: QSettings, parent=None):
        super().__init__(parent)
        self.settings = Settings(settings)
        self.session = Session(self)
        self.message_box: QMessageBox | None = None
        self._reports: list[FileReport] = []
        self._warnings_dialog: WarningsDialog | None = None
        self._exporter: Exporter | None = None
        self.shortcuts_box: QMessageBox | None = None
        self._pending_selection: tuple[list[str], str | None] | None = None
        self._notes_arriving = False  # while new notes are put in place
        self._first_changes_shown = False  # the notes shown are the first changes of a load still going on
        self._loads_held = False  # opens wait for the first paint (hold_loads_until_painted)
        self._painted = False
        self.setWindowTitle("Changelog Explorer")
        self.setAcceptDrops(True)
        self.tree_model = ReleaseTreeModel(self)
        self.table_model = ChangeTableModel(self)
        self._build_widgets()
        self._build_actions()
        self._connect_session()
        self._restore_settings()
        theme = self.settings.theme()
        if theme != "system":
            apply_theme(theme)

    # -- construction ---------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(TreeColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        # A fixed width: fitting the column to its contents would measure every row (2,000
        # releases took 85 ms each time the tree was filled).
        self.tree.header().setSectionResizeMode(TreeColumn.COUNT, QHeaderView.ResizeMode.Fixed)
        self.tree.header().resizeSection(TreeColumn.COUNT, self.fontMetrics().horizontalAdvance("888,888 of 888,888 "))
        self.tree.setAccessibleName("Releases and sections")
        self.tree.selectionModel().currentChanged.connect(self._on_tree_current_changed)

        self.facets = FacetPanel()
        self.facets.ticks_changed.connect(self._on_facet_ticked)
        self.left_splitter = QSplitter(Qt.Orientation.Vertical)
        self.left_splitter.addWidget(self.tree)
        self.left_splitter.addWidget(self.facets)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 2)
        self.left_splitter.setChildrenCollapsible(False)

        self.table = ChangeTable(self.table_model)
        self.highlighter = self.table.highlighter
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.selectionModel().currentChanged.connect(self._on_table_current_changed)

        self.filter_edit = FilterBar()
        self.filter_edit.history.setStringList(self.settings.history())
        self.filter_edit.textChanged.connect(self.session.set_query)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.filter_edit.down_pressed.connect(self.table.enter)

        self.detail = DetailView()
        self.detail.follow_palette(self.palette())
        self.detail.link_blocked.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.detail.link_failed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.detail.link_opened.connect(lambda message: self.statusBar().showMessage(message, 4000))
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

        self.range_bar = RangeBar(self)
        self.range_bar.range_chosen.connect(self._on_range_chosen)
        self.range_bar.refused.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.addToolBar(self.range_bar)

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
        self.warnings_button = QToolButton()
        self.warnings_button.setText(f"⚠ {count_text(0, 'warning')}")
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

    def _build_actions(self) -> None:
        self.recent_menu = QMenu("Open &Recent", self)
        self.formula_guard_action = QAction("&Guard Copied Cells Against Formulas", self)
        self.formula_guard_action.setCheckable(True)
        self.formula_guard_action.setChecked(self.settings.flag("copy/formula_guard"))
        self.formula_guard_action.setToolTip("Put a ' before a copied cell that starts with = + - @, "
                                             "so that a spreadsheet shows it instead of running it")
        self.formula_guard_action.toggled.connect(lambda on: self._save({"copy/formula_guard": on}))
        self.theme_menu = QMenu("&Theme", self)
        self.theme_actions = QActionGroup(self)
        current = self.settings.theme()
        for name, label in (("system", "&System"), ("light", "&Light"), ("dark", "&Dark")):
            action = self.theme_menu.addAction(label)
            action.setCheckable(True)
            action.setData(name)
            action.setChecked(name == current)
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
            self.theme_actions.addAction(action)
        for title, entries in MENUS:
            menu = self.menuBar().addMenu(title)
            if title == "Fil&ters":
                self.filters_menu = menu
            for entry in entries:
                if entry is SEPARATOR:
                    menu.addSeparator()
                elif isinstance(entry, str):
                    item = getattr(self, entry)
                    menu.addMenu(item) if isinstance(item, QMenu) else menu.addAction(item)
                else:
                    menu.addAction(self._action(entry))
        self.save_filter_action = self._action(ActionSpec("", "&Save Filter…", "save_filter_dialog",
                                                          QKeySequence.StandardKey.Save))
        self.delete_filter_menu = QMenu("&Delete Saved Filter", self)
        self.export_action.setEnabled(False)  # until there is a change to export (_update_count)
        self.session_action.setCheckable(True)
        self.session_action.setChecked(self.settings.flag("session/restore"))
        # The filter box would take these keys for editing; they belong to the window.
        self.filter_edit.leave_to_window([self.export_action.shortcut()])
        self._update_filters_menu()
        self._update_recent_menu()

    def _action(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        if spec.keys is not None:
            action.setShortcut(QKeySequence(spec.keys))
        action.triggered.connect(getattr(self, spec.slot))
        self.addAction(action)
        if spec.table_only:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.table.addAction(action)
        if spec.name:
            setattr(self, spec.name, action)
        return action

    def _connect_session(self) -> None:
        session = self.session
        session.load_started.connect(self._on_load_started)
        session.load_progress.connect(lambda fraction: self.progress_bar.setValue(int(fraction * 100)))
        session.preview_shown.connect(self._on_preview_shown)
        session.load_ended.connect(self._on_load_ended)
        session.notes_changed.connect(self._on_notes_changed)
        session.load_errors.connect(self._show_load_errors)
        session.load_failed.connect(self._show_load_failure)
        session.loaded.connect(self._on_loaded)
        session.reloaded.connect(self._on_reloaded)
        session.reload_requested.connect(self.reload)
        session.query_changed.connect(self._on_query_changed)
        session.query_rejected.connect(self._on_query_rejected)
        session.filter_running.connect(self._on_filter_running)
        session.filter_stopped.connect(self._on_filter_stopped)
        session.scope_changed.connect(self._on_scope_changed)
        session.counts_changed.connect(self._on_counts_changed)
        session.sort_orders_ready.connect(self.table_model.add_ranks)

    # -- what tests and the shell ask -----------------------------------------------------
    @property
    def facet_models(self):
        return self.facets.models

    @property
    def from_combo(self):
        return self.range_bar.from_combo

    @property
    def to_combo(self):
        return self.range_bar.to_combo

    def is_loading(self) -> bool:
        return self.session.is_loading()

    def is_filter_pending(self) -> bool:
        """Whether the table does not follow the filter box yet (a filter runs on a thread)."""
        return self.session.is_filtering()

    def is_sorting_ready(self) -> bool:
        return self.session.is_sorting_ready()

    def is_settled(self) -> bool:
        """Nothing left to do: no load, no filter, no count waiting or running."""
        return not (self.session.is_loading() or self.session.is_filtering() or self.session.is_counting())

    # -- loading --------------------------------------------------------------------------
    def open_paths(self, paths: list[str], *, restore: tuple | None = None) -> None:
        """Load files and folders in place of the current notes, on a background thread.
        `loaded` tells when it is done (see Session.open_paths)."""
        self.session.open_paths(paths, restore=restore, start=not self._loads_held)

    def hold_loads_until_painted(self, longest_ms: int = 1000) -> None:
        """At the start: opens wait until the window has painted once (or longest_ms), so that
        the first paint does not share the interpreter with the parse. The load still shows as
        begun (progress bar, Cancel)."""
        self._loads_held = True
        QTimer.singleShot(longest_ms, self, self._release_loads)  # not once the window is gone

    @override
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:  # once this paint is on the screen:
            self._painted = True
            self.painted.emit()
            QTimer.singleShot(0, self, self._warm_up)
            if self._loads_held:
                QTimer.singleShot(0, self, self._release_loads)

    def _warm_up(self) -> None:
        """Prepare what the first paints, the pane's first render and the first open need. Qt's
        style class, with its enums, is made now (4 ms; in the first paint of the facets or the
        table, while a load held the interpreter lock, it took 20). mistune and its patterns, the
        parser's front and the cache (30 ms or so of imports) are prepared on a thread (on this
        one they held the event loop as a load began). Not beside a load, which imports what it
        needs itself (mistune before its first rows show, and not at all for a page the cache
        kept): the thread starts a moment after the load ends, once its notes are painted."""
        QtWidgets.QStyle.SubElement  # noqa: B018 - made on first use
        # the table's first viewport() makes 57 enum types (17 ms on a slow machine): not in a load's first rows
        self.table.viewport()
        if self.session.is_loading():
            self.session.load_ended.connect(self._warm_up_after_load, Qt.ConnectionType.SingleShotConnection)
        else:
            self._warm_up_on_thread()

    def _warm_up_after_load(self) -> None:
        QTimer.singleShot(WARM_UP_AFTER_LOAD_MS, self, self._warm_up_on_thread)

    def _warm_up_on_thread(self) -> None:
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()

    def _release_loads(self) -> None:
        if self._loads_held:
            self._loads_held = False
            self.session.start_load()

    def _on_load_started(self, what: str) -> None:
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(f"Opening {what}… %p%")
        self.progress_bar.show()
        self.cancel_button.show()

    def _on_load_ended(self) -> None:
        self.progress_bar.hide()
        self.cancel_button.hide()

    @Slot()
    def cancel_loading(self) -> None:
        if self.session.cancel_loading():
            self.statusBar().showMessage("Opening cancelled; the notes shown stay.", 5000)

    @Slot()
    def reload(self) -> None:
        node = self._current_node()
        where = node.scope if node is not None else ALL
        self.session.reload(restore=(where, self.table.selected_ids(), self.table.current_id()))

    def _on_loaded(self, shown: bool) -> None:
        if self.statusBar().currentMessage().startswith("Showing the first"):
            self.statusBar().clearMessage()
        if shown:
            for path in self.session.paths:
                self._save_problem(self.settings.add_recent(path))
            self._update_recent_menu()
            if not self.session.changes:
                self.statusBar().showMessage(f"No changes found in {', '.join(self.session.paths)}", 8000)
        self.loaded.emit(shown)

    def _on_reloaded(self, from_disk: bool) -> None:
        restore = self.session.take_restore()
        if restore is not None:
            scope, ids, current_id = restore
            index = self.tree_model.find(scope)
            if index.isValid():
                self.tree.setCurrentIndex(index)
            self._pending_selection = (ids, current_id)
            if not self.session.is_filtering():
                self._restore_selection()
        self.statusBar().showMessage("Reloaded (changed on disk)" if from_disk else "Reloaded", 4000)

    def _on_preview_shown(self, count: int) -> None:
        self._first_changes_shown = True
        self.statusBar().showMessage(f"Showing the first {count_text(count, 'change')} while the rest is read…")
        self._update_count()
        # Laid out and painted now, while the loading thread waits for these notes to be taken
        # (Job.send_partial): once it runs again, each of the views' calls into Python waits for it.
        for view in (self.tree, self.table):
            view.executeDelayedItemsLayout()
        self.repaint()

    def _on_notes_changed(self, loaded: Loaded) -> None:
        changelog = loaded.changelog
        if self._pending_selection is None:  # the full notes after their first changes: the same rows stay selected
            self._pending_selection = (self.table.selected_ids(), self.table.current_id())
        # and the release or section chosen in their tree stays chosen
        current = self.tree.currentIndex()
        kept = self.tree_model.node(current).scope if self._first_changes_shown and current.isValid() else ALL
        self._first_changes_shown = False
        self.table_model.set_changes(changelog.changes, loaded.texts)
        self.tree_model.set_tree(loaded.tree)  # thousands of releases: the rest as the tree scrolls to them
        self.table.setColumnHidden(Column.DATE, not loaded.has_dates)
        self.tree.expand(self.tree_model.all_index())
        found = self.tree_model.find(kept) if kept != ALL else QModelIndex()
        self._notes_arriving = True  # their notes render once the table is shown: see _on_tree_current_changed
        try:
            self.tree.setCurrentIndex(found if found.isValid() else self.tree_model.all_index())
        finally:
            self._notes_arriving = False
        shown_names = loaded.projects if loaded.projects is not None else projects(changelog.releases)
        self.range_bar.set_releases(changelog.releases, shown_names, loaded.versions)
        # its range stays shown while the query is applied to these notes (on a thread, for many)
        with contextlib.suppress(QueryError):  # a query not applied shows no range
            self.range_bar.follow(compile_query(self.session.query_text).top_clauses)
        several = len(shown_names) > 1
        self.table.setColumnHidden(Column.PROJECT, not several)
        self.facets.show_projects(several)
        self.filter_edit.set_completions([f"project:={name}" if " " not in name else f'project:="{name}"'
                                          for name in shown_names.values()] if several else [])
        names = ", ".join(os.path.basename(p.rstrip(os.sep)) or p for p in self.session.paths)
        self.setWindowTitle(f"{names} — Changelog Explorer" if names else "Changelog Explorer")
        self._update_count()
        self._set_reports(loaded.reports)

    def set_notes(self, loaded: Loaded) -> None:
        """Show notes made by hand (tests, tools), as a load would."""
        self.session.set_notes(loaded)

    def _set_reports(self, reports: list[FileReport]) -> None:
        """The status bar's warning count and an open warnings list follow the notes shown."""
        self._reports = reports
        total = doubt_count(reports)
        self.warnings_button.setText(f"⚠ {count_text(total, 'warning')}")
        self.warnings_button.setVisible(total > 0)
        if self._warnings_dialog is not None and self._warnings_dialog.isVisible():
            self._warnings_dialog.set_reports(reports)  # a hidden one is filled when shown again

    @Slot()
    def show_warnings(self) -> None:
        """Show (non-modal) what each open file gave and what looked doubtful in it."""
        if self._warnings_dialog is None:
            from explorer.ui.warnings_dialog import WarningsDialog

            self._warnings_dialog = WarningsDialog(parent=self)
        self._warnings_dialog.set_reports(self._reports)
        self._warnings_dialog.show()
        self._warnings_dialog.raise_()
        self._warnings_dialog.activateWindow()

    def _show_load_errors(self, errors: list[tuple[str, str]]) -> None:
        lines = "\n".join(f"• {path}: {reason}" for path, reason in errors)
        kept = "The notes already shown stay open." if self.session.changelog.files else ""
        self._show_message(f"Could not open:\n{lines}\n\n{kept}".strip())

    def _show_load_failure(self, message: str) -> None:
        self._show_message(message, critical=True)

    def _show_message(self, text: str, *, critical: bool = False) -> None:
        from PySide6.QtWidgets import QMessageBox

        icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
        self.message_box = QMessageBox(icon, "Could not open", text, QMessageBox.StandardButton.Ok, self)
        self.message_box.open()

    @Slot()
    def open_files_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open release notes", self._last_folder(),
            "Release notes (*.md *.markdown *.txt CHANGELOG* CHANGES* HISTORY* NEWS* RELEASE*);;All files (*)")
        if paths:
            self.open_paths(paths)

    @Slot()
    def open_folder_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Open a folder of release notes", self._last_folder())
        if folder:
            self.open_paths([folder])

    def _last_folder(self) -> str:
        recent = self.settings.recent()
        return os.path.dirname(recent[0]) if recent else os.path.expanduser("~")

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

    @Slot()
    def show_all_releases(self) -> None:
        self.tree.setCurrentIndex(self.tree_model.all_index())

    @Slot(QModelIndex, QModelIndex)
    def _on_tree_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            node = self.tree_model.node(current)
            self.session.set_scope(node.scope)
            show = self.detail.show_node_soon if self._notes_arriving else self.detail.show_node
            show(node, len(self.session.changelog.releases))
            if node.project:
                self.range_bar.choose_project(node.project)

    def _on_scope_changed(self, scope) -> None:
        if self._pending_selection is None:  # else new notes came with the selection to restore
            self._pending_selection = (self.table.selected_ids(), None)
        self.table_model.set_scope(scope)
        self._restore_selection()
        self._update_count()

    def _on_query_changed(self, query: Query) -> None:
        if self._pending_selection is None:
            self._pending_selection = (self.table.selected_ids(), self.table.current_id())
        self.table_model.set_rows(self.session.rows)
        self.filter_edit.follow(self.session.query_text)
        self.filter_edit.show_valid()
        if self.statusBar().currentMessage().startswith(("Query not applied", "Filtering", "Filter stopped")):
            self.statusBar().clearMessage()
        self.table.highlight(query)
        self._restore_selection()
        self._update_count()
        clauses = query.top_clauses
        self.facets.follow(clauses)
        self.range_bar.follow(clauses)
        self._show_current()

    def _on_query_rejected(self, exc: QueryError) -> None:
        self.filter_edit.show_rejected(str(exc))
        self.statusBar().showMessage(f"Query not applied: {exc}")

    def _on_filter_running(self, running: bool) -> None:
        if running:
            self.statusBar().showMessage("Filtering… (Esc stops)")
        elif self.statusBar().currentMessage().startswith("Filtering"):
            self.statusBar().clearMessage()

    def _on_filter_stopped(self, message: str) -> None:
        self.filter_edit.show_stopped(message)
        self.statusBar().showMessage(message)

    def _on_filter_return(self) -> None:
        if self.session.rejected is None and self.filter_edit.styleSheet():  # a stopped filter: run it again
            self.session.set_query(self.filter_edit.text(), force=True)
        self._save_problem(self.settings.remember_query(self.filter_edit.text().strip()))
        self.filter_edit.history.setStringList(self.settings.history())

    def _on_counts_changed(self, counts: Counts) -> None:
        self.facets.set_counts(counts.facets)
        self.tree_model.set_filtered_counts(counts.tree, self.tree.isExpanded)
        self.recounted.emit()

    def _on_facet_ticked(self, name: str, ticked: list[str]) -> None:
        self.filter_edit.setText(with_facet(self.filter_edit.text(), name, ticked))

    def _on_range_chosen(self, project: str, low: str, high: str) -> None:
        text = self.filter_edit.text()
        if project:  # notes of several projects: a range for each
            ranges = {name: span for name, span in self.range_bar.ranges().items()
                      if project_key(name) != project_key(project)}
            self.filter_edit.setText(with_upgrade_ranges(text, {**ranges, project: (low, high)}))
        else:
            self.filter_edit.setText(with_version_range(text, low, high))

    def _show_current(self) -> None:
        """The pane shows the current change; when the filter hid it, what the tree has selected."""
        change = self.table.current_change()
        if change is not None:
            self.detail.show_change(change, self.session.query)
        elif isinstance(self.detail.shown, Change):
            node = self._current_node()
            if node is not None:
                self.detail.show_node(node, len(self.session.changelog.releases))

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.detail.show_change(self.table_model.change(current.row()), self.session.query)

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, _selected, _deselected) -> None:
        self._update_count()

    def _restore_selection(self) -> None:
        """Select again the changes selected before the rows changed, as far as they are shown."""
        pending, self._pending_selection = self._pending_selection, None
        if pending:
            self.table.reselect(*pending)

    def _update_count(self) -> None:
        shown, total = self.table_model.rowCount(), self.table_model.total()
        selected = len(self.table.selectionModel().selectedRows())
        # while a large open shows its first changes, the filter and the count are of those
        text = (f"{shown:,} of the first {total:,} changes (more are being read)" if self._first_changes_shown
                else f"{shown:,} of {total:,} changes")
        self.count_label.setText(f"{text} · {selected:,} selected" if selected else text)
        # The selected rows are among those shown: nothing shown is nothing to export.
        self.export_action.setEnabled(shown > 0)
        self.export_action.setStatusTip("" if shown else "Nothing to export: no change is shown")

    @Slot()
    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    @Slot()
    def escape_filter(self) -> None:
        """Esc: stop a filter that runs, else clear the filter."""
        if not self.session.stop_filter():
            self.clear_filter()

    @Slot()
    def clear_filter(self) -> None:
        self.filter_edit.clear()

    @Slot()
    def select_all(self) -> None:
        self.table.selectAll()

    def _on_detail_highlighted(self, url) -> None:
        """The pointer over a link: where it really goes, whatever its text says."""
        target = link_target(url)
        if target:
            self.statusBar().showMessage(f"Link to {target}")
        else:
            self.statusBar().clearMessage()

    # -- copy and export ------------------------------------------------------------------
    @Slot()
    def copy_selection(self) -> None:
        """The selected rows as tab-separated text with the CSV export's columns (a header line
        first when there are several), each cell guarded against formulas unless turned off."""
        rows = self.table.selected_rows()
        if not rows:
            return
        changes = [self.table_model.change(row) for row in rows]
        from explorer.ui.clipboard_text import tsv_text

        QGuiApplication.clipboard().setText(tsv_text(changes, guard=self.formula_guard_action.isChecked()))
        self.statusBar().showMessage(f"Copied {count_text(len(rows), 'change')}", 4000)

    @Slot()
    def copy_markdown_table(self) -> None:
        """The selected rows as a Markdown table (not formula-guarded: it is text, not a sheet)."""
        rows = self.table.selected_rows()
        if not rows:
            self.statusBar().showMessage("Select the changes to copy first.", 4000)
            return
        from explorer.ui.clipboard_text import markdown_table

        QGuiApplication.clipboard().setText(markdown_table([self.table_model.change(row) for row in rows]))
        self.statusBar().showMessage(f"Copied {count_text(len(rows), 'change')} as a Markdown table", 4000)

    @property
    def exporter(self) -> Exporter:
        """What writes exports for this window; made by the first export."""
        if self._exporter is None:
            from explorer.ui.exporter import Exporter

            self._exporter = Exporter(self, self._notes_read, self.settings.export_folder)
            self._exporter.status.connect(self._on_export_status)
            self._exporter.busy.connect(lambda busy: self.export_action.setEnabled(
                not busy and self.table_model.rowCount() > 0))
            self._exporter.written.connect(self._on_exported)
        return self._exporter

    @Slot()
    def export_dialog(self) -> None:
        from explorer.ui import dialogs

        node = self._current_node()
        version = node.release.version if node is not None and node.release is not None else None
        name = dialogs.export_file_name(self.session.paths, version, "", self.session.query.text)
        self.exporter.ask_and_export(self.table.chosen_changes(), "selected" if self.table.selected_rows() else "shown",
                                     name)

    def export_to(self, path: str, changes: list[Change], fmt: str | None = None) -> bool:
        """Write changes to path (see Exporter.export_to); False, and the user told why, when not."""
        return self.exporter.export_to(path, changes, fmt)

    def _on_exported(self, path: str, _fmt: str) -> None:
        self.session.remember_own_write(path)  # the watcher will not take it for an edit of the notes
        self._save({"export/folder": os.path.dirname(os.path.abspath(path))})

    def _on_export_status(self, message: str, timeout: int) -> None:
        if message:
            self.statusBar().showMessage(message, timeout)
        else:
            self.statusBar().clearMessage()

    def _notes_read(self) -> list[str]:
        return [f.path for f in self.session.changelog.files] + [p for p in self.session.paths if os.path.isfile(p)]

    # -- saved filters --------------------------------------------------------------------
    def saved_filters(self) -> dict[str, str]:
        return self.settings.saved_filters()

    def save_filter(self, name: str, query: str) -> bool:
        """Save a filter; False (and the status bar says why) when it could not be saved."""
        return self._change_saved_filter(name, query)

    def delete_filter(self, name: str) -> bool:
        return self._change_saved_filter(name, None)

    def _change_saved_filter(self, name: str, query: str | None) -> bool:
        problem = self.settings.change_saved_filter(name, query)
        self._update_filters_menu()
        return not self._save_problem(problem)

    @Slot()
    def save_filter_dialog(self) -> None:
        query = self.filter_edit.text().strip()
        if not query or self.session.rejected is not None:
            self.statusBar().showMessage("Type a valid filter first, then save it.", 5000)
            return
        from explorer.ui import dialogs

        name = dialogs.ask_filter_name(self, query)
        if name and self.save_filter(name, query):
            self.statusBar().showMessage(f"Saved filter “{name}”", 4000)

    def _update_filters_menu(self) -> None:
        menu = self.filters_menu
        menu.clear()
        menu.addAction(self.save_filter_action)
        menu.addMenu(self.delete_filter_menu)
        self.delete_filter_menu.clear()
        saved = self.settings.saved_filters()
        self.delete_filter_menu.setEnabled(bool(saved))
        if saved:
            menu.addSeparator()
        for name, query in sorted(saved.items(), key=lambda item: item[0].casefold()):
            action = menu.addAction(name)
            action.setToolTip(query)
            action.triggered.connect(lambda _checked=False, q=query: self.filter_edit.setText(q))
            remove = self.delete_filter_menu.addAction(name)
            remove.triggered.connect(lambda _checked=False, n=name: self.delete_filter(n))

    # -- help -----------------------------------------------------------------------------
    @Slot()
    def show_about(self) -> None:
        from explorer.ui import dialogs

        dialogs.show_about(self)

    def shortcuts(self) -> list[tuple[str, str, str]]:
        """(menu, action, keys) for every menu action that has a shortcut."""
        rows = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            for action in menu.actions() if isinstance(menu, QMenu) else ():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    rows.append((menu_action.text().replace("&", ""), action.text().replace("&", ""), keys))
        return rows

    @Slot()
    def show_shortcuts(self) -> None:
        from explorer.ui import dialogs

        self.shortcuts_box = dialogs.shortcuts_box(self, self.shortcuts())

    # -- settings and session -------------------------------------------------------------
    def _save(self, values: dict[str, object]) -> bool:
        return not self._save_problem(self.settings.write(values))

    def _save_problem(self, problem: str | None) -> bool:
        """Say a problem saving settings in the status bar; whether there was one."""
        if problem:
            self.statusBar().showMessage(f"Could not save settings: {problem}", 10000)
        return bool(problem)

    def set_theme(self, name: str) -> None:
        """Follow the system's palette, or use a light or dark one."""
        self._save({"view/theme": name})
        apply_theme(name)

    @Slot(bool)
    def _on_session_toggled(self, checked: bool) -> None:
        self._save({"session/restore": checked})

    def restore_session(self) -> bool:
        """Reopen the files and the filter of the last session, if the user keeps sessions."""
        if not self.settings.flag("session/restore"):
            return False
        paths = self.settings.session_paths()
        if not paths:
            return False
        there = [p for p in paths if os.path.exists(p)]
        gone = [p for p in paths if p not in there]
        if not there:
            self.statusBar().showMessage(f"Not found since last time: {', '.join(gone)}", 10000)
            return False
        self.filter_edit.setText(self.settings.session_filter())
        self.open_paths(there)
        if gone:
            self.statusBar().showMessage(f"Not found since last time: {', '.join(gone)}", 10000)
        return True

    def _update_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent()
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {path}")
            action.triggered.connect(lambda _checked=False, p=path: self.open_paths([p]))
        self.recent_menu.setEnabled(bool(recent))

    def _splitters(self) -> tuple[tuple[str, QSplitter], ...]:
        return (("window/splitter", self.splitter), ("window/left_splitter", self.left_splitter),
                ("window/detail_splitter", self.detail_splitter))

    def _restore_settings(self) -> None:
        geometry = self.settings.state("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 820)
        for key, splitter in self._splitters():
            state = self.settings.state(key)
            if state is not None:
                splitter.restoreState(state)
        header = self.settings.state("table/header")
        if header is not None and self.table.horizontalHeader().restoreState(header):
            self.table.keep_user_widths()  # the user's widths from last time
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def save_settings(self) -> bool:
        values: dict[str, object] = {
            "session/paths": [os.path.abspath(p) for p in self.session.paths],
            "session/filter": self.filter_edit.text(),
            "window/geometry": self.saveGeometry(),
            "table/header": self.table.horizontalHeader().saveState(),
        }
        values.update((key, splitter.saveState()) for key, splitter in self._splitters())
        return self._save(values)

    @override
    def closeEvent(self, event) -> None:
        self.save_settings()
        self.session.shutdown()
        super().closeEvent(event)

    @override
    def changeEvent(self, event: QEvent) -> None:
        # The detail pane's style sheet is made from the palette: follow a light/dark switch.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.detail.follow_palette(self.palette())
            self._show_current()
        super().changeEvent(event)
