"""Start the window: `changelog-explorer [PATH...]`; with no path, the bundled demo notes."""

from __future__ import annotations

import gc
import importlib
import os
import sys

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from explorer import __version__
from explorer.ui.errors import ErrorReporter, default_log_path
from explorer.ui.main_window import MainWindow

APP_NAME = "Changelog Explorer"
ORGANIZATION = "changelog-explorer"
APP_ID = "io.github.changelog_explorer.ChangelogExplorer"  # the .desktop and AppStream id


def _resource(name: str) -> str:
    """A bundled file. The package is installed as plain files, so this is a real path (found
    without importlib.resources, which costs the start a few milliseconds)."""
    package = importlib.import_module("explorer.resources")
    return os.path.join(os.path.dirname(os.path.abspath(package.__file__ or "")), name)


def demo_path() -> str:
    """The bundled demo notes."""
    return _resource("demo")


def icon_path() -> str:
    return _resource("icon.svg")


def create_window(paths: list[str], *, settings: QSettings) -> MainWindow:
    """The main window on paths; with none, the last session (if the user keeps it) or the demo."""
    window = MainWindow(settings=settings)
    window.setWindowIcon(QIcon(icon_path()))
    _resume_collector(window)
    window.hold_loads_until_painted()
    if paths:
        window.open_paths(paths)
    elif not window.restore_session():
        window.open_paths([demo_path()])
    return window


def _resume_collector(window: MainWindow) -> None:
    """The collector is paused for the window's start (cli): it runs again once the window has
    painted or, when a load runs then (a load pauses it itself), once that load has ended."""

    def painted() -> None:
        if not window.is_loading():
            gc.enable()

    window.painted.connect(painted)
    window.session.load_ended.connect(gc.enable)


def make_application() -> QApplication:
    """The application, named for its settings, its desktop entry and its window icon."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    QApplication.setDesktopFileName(APP_ID)
    QApplication.setWindowIcon(QIcon(icon_path()))
    return app


def run(argv: list[str]) -> int:
    app = make_application()
    reporter = ErrorReporter(default_log_path(), app)
    reporter.install()
    try:
        settings = QSettings()
        settings.setFallbacksEnabled(False)  # only the app's own file, which Settings checks before Qt reads it
        window = create_window(argv, settings=settings)
    except Exception:  # noqa: BLE001 - shown to the user, not a silent exit
        return reporter.report_fatal(*sys.exc_info())
    reporter.window = window
    window.show()
    return app.exec()


def self_test() -> int:
    """Open the demo notes offscreen-capable, wait for them and exit: a packaged build's check."""
    import tempfile

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(f"{folder}/settings.ini", QSettings.Format.IniFormat)
        window = MainWindow(settings=settings)
        window.show()
        window.open_paths([demo_path()])
        while window.is_loading():
            app.processEvents()
        changes = window.table_model.total()
        releases = window.tree_model.rowCount(window.tree_model.all_index())
        window.close()
    print(f"self-test: {changes} changes in {releases} releases from {demo_path()}")
    return 0 if changes > 0 and releases > 0 else 1
