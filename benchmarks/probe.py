"""Measurements that need a fresh process or the real window; each prints one JSON object.

    python -m benchmarks.probe launch
    python -m benchmarks.probe floor
    python -m benchmarks.probe widgets
    python -m benchmarks.probe window FILE [--query TEXT] [--open-only]

Run by benchmarks/__main__.py; usable alone to look at one figure.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _settings(folder: str):
    from PySide6.QtCore import QSettings

    return QSettings(os.path.join(folder, "bench.ini"), QSettings.Format.IniFormat)


def _peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: on Linux ru_maxrss keeps the
    peak of the process this one was forked from."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def launch(started: float) -> dict:
    """From the process start (`started`, wall clock) to a shown window, then to its notes. The
    modules are imported and the application made as `changelog-explorer` does: the command
    line's module first, then the window's."""
    import gc

    import explorer.cli  # noqa: F401 - what the console script imports
    gc.disable()  # as the command line does before it imports the window (cli._window)
    from explorer.ui.app import create_window, make_application

    app = make_application()
    from PySide6.QtCore import QTimer

    with tempfile.TemporaryDirectory() as folder:
        window = create_window([], settings=_settings(folder))
        window.show()
        shown: list[float] = []
        QTimer.singleShot(0, lambda: shown.append(time.time()))
        while not shown or window.is_loading():
            app.processEvents()
        loaded = time.time()
        return {"shown_s": shown[0] - started, "notes_s": loaded - started}


def _shown(app, window, started: float) -> dict:
    """Show window; how long from the process start until it is painted."""
    from PySide6.QtCore import QTimer

    window.show()
    shown: list[float] = []
    QTimer.singleShot(0, lambda: shown.append(time.time()))
    while not shown:
        app.processEvents()
    return {"shown_s": shown[0] - started}


def floor(started: float) -> dict:
    """The least a window can take: an empty QMainWindow shown, from the process start."""
    from PySide6.QtWidgets import QMainWindow

    app = _app()
    window = QMainWindow()
    window.resize(1400, 820)
    return _shown(app, window, started)


def widgets(started: float) -> dict:
    """The least this window can take: the Qt widgets the main window shows (its menus and
    shortcuts, toolbar, filter bar, splitters, trees, tabs, table and its header, detail pane and
    status bar), on Qt's own models, with none of the application's code, from the process start."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence, QStandardItemModel
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QComboBox,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QMainWindow,
        QProgressBar,
        QPushButton,
        QSplitter,
        QTableView,
        QTabWidget,
        QTextBrowser,
        QToolButton,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )

    app = _app()
    window = QMainWindow()
    window.resize(1400, 820)
    for title, count in (("&File", 8), ("&Edit", 8), ("Fil&ters", 2), ("&View", 6), ("&Help", 2)):
        menu = window.menuBar().addMenu(title)
        for k in range(count):
            action = QAction(f"{title} {k}", window)
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{k}"))
            menu.addAction(action)
    toolbar = window.addToolBar("Main")
    for k in range(6):
        toolbar.addAction(f"Action {k}")
    central = QWidget()
    column = QVBoxLayout(central)
    bar = QHBoxLayout()
    query = QLineEdit(placeholderText="Filter")
    bar.addWidget(query)
    for _ in range(2):
        choice = QComboBox()
        choice.addItems(["any", "v1", "v2"])
        bar.addWidget(choice)
        bar.addWidget(QToolButton(text="…"))
    bar.addWidget(QPushButton("Clear"))
    column.addLayout(bar)
    sides = QSplitter(Qt.Orientation.Horizontal)
    left = QSplitter(Qt.Orientation.Vertical)
    tree = QTreeView()
    tree.setModel(QStandardItemModel(0, 2, tree))
    left.addWidget(tree)
    tabs = QTabWidget()
    facets = QTreeView()
    facets.setModel(QStandardItemModel(0, 2, facets))
    tabs.addTab(facets, "Sections")
    left.addWidget(tabs)
    sides.addWidget(left)
    right = QSplitter(Qt.Orientation.Vertical)
    table = QTableView()
    model = QStandardItemModel(0, 7, table)
    model.setHorizontalHeaderLabels(["Release", "Date", "Section", "Summary", "Refs", "Authors", "Project"])
    table.setModel(model)
    table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSortingEnabled(True)
    right.addWidget(table)
    right.addWidget(QTextBrowser())
    sides.addWidget(right)
    column.addWidget(sides)
    window.setCentralWidget(central)
    window.statusBar().addWidget(QLabel("Ready"))
    window.statusBar().addPermanentWidget(QLabel(""))
    window.statusBar().addPermanentWidget(QProgressBar())
    return _shown(app, window, started)


def window(path: str, query: str, open_only: bool = False) -> dict:
    """Open one file in the window and time what a user does with it."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer

    app = _app()
    from explorer.browse import Column
    from explorer.export import export_file
    from explorer.ui.main_window import MainWindow

    result: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        win = MainWindow(settings=_settings(folder))
        win.resize(1400, 820)
        win.show()
        app.processEvents()

        # Open: until the changes can be filtered, with a 10 ms timer watching the event loop.
        # The loop waits for events as the application's does (a loop that polls without
        # waiting would take the interpreter lock from the loading thread again and again).
        ticks: list[float] = []
        timer = QTimer(interval=10)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        loop = QEventLoop()
        win.loaded.connect(loop.quit)
        clock = QElapsedTimer()
        fills: list[tuple[float, int]] = []  # each time more changes are shown during the load: when, how many
        win.session.preview_shown.connect(lambda count: fills.append((clock.elapsed() / 1000, count)))
        clock.start()
        start = time.perf_counter()
        timer.start()
        win.open_paths([path])
        if win.is_loading():
            loop.exec()
        app.processEvents()
        result["open_s"] = clock.elapsed() / 1000
        result["first_rows_s"] = fills[0][0] if fills else result["open_s"]
        result["fills"] = fills
        # Then the sort orders are worked out between events; the timer still watches.
        while not win.is_sorting_ready():
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        result["sort_ready_s"] = clock.elapsed() / 1000
        timer.stop()
        gaps = [b - a for a, b in zip([start, *ticks], [*ticks, time.perf_counter()], strict=True)]
        result["open_longest_gap_ms"] = max(gaps) * 1000
        result["open_longest_gap_at_s"] = ([start, *ticks][gaps.index(max(gaps))] - start)
        result["changes"] = win.table_model.total()
        if open_only:
            result["peak_rss_mb"] = _peak_rss_mb()
            win.close()
            return result

        # Filter: one keystroke at a time, from the text change to the table updated.
        keystrokes = []
        for i in range(1, len(query) + 1):
            t = time.perf_counter()
            win.filter_edit.setText(query[:i])
            while win.is_filter_pending():  # a slow filter runs once the keystroke is handled
                app.processEvents()
            keystrokes.append(time.perf_counter() - t)
            app.processEvents()
        result["filter_keystroke_ms"] = [k * 1000 for k in keystrokes]
        result["filter_rows"] = win.table_model.rowCount()
        win.filter_edit.clear()
        while win.is_filter_pending():
            app.processEvents()
        app.processEvents()

        # Sort by each column.
        result["sort_ms"] = {}
        for column in Column:
            t = time.perf_counter()
            win.table.sortByColumn(int(column), Qt.SortOrder.AscendingOrder)
            result["sort_ms"][column.name.lower()] = (time.perf_counter() - t) * 1000
        win.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

        # Select a row until its detail is shown.
        selects = []
        for row in range(0, min(win.table_model.rowCount(), 2000), 97):
            t = time.perf_counter()
            win.table.selectRow(row)
            selects.append(time.perf_counter() - t)
        result["select_to_detail_ms"] = statistics.median(selects) * 1000

        # Export every change to CSV.
        t = time.perf_counter()
        export_file(os.path.join(folder, "all.csv"), win.table_model.visible_changes(), "csv")
        result["csv_export_s"] = time.perf_counter() - t

        result["peak_rss_mb"] = _peak_rss_mb()
        win.close()
    return result


def main(argv: list[str]) -> int:
    if argv[:1] == ["launch"]:
        print(json.dumps(launch(float(argv[1]))))
    elif argv[:1] == ["floor"]:
        print(json.dumps(floor(float(argv[1]))))
    elif argv[:1] == ["widgets"]:
        print(json.dumps(widgets(float(argv[1]))))
    elif argv[:1] == ["window"]:
        query = argv[argv.index("--query") + 1] if "--query" in argv else "ebpf conntrack"
        print(json.dumps(window(argv[1], query, "--open-only" in argv)))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
