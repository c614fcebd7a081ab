"""Start the window: `changelog-explorer [PATH...]`; with no path, the bundled demo notes."""

from __future__ import annotations

import sys
from importlib.resources import files

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explorer import __version__
from explorer.ui.errors import ErrorReporter, default_log_path
from explorer.ui.main_window import MainWindow

APP_NAME = "Changelog Explorer"
ORGANIZATION = "changelog-explorer"


def demo_path() -> str:
    """The bundled demo notes; the package is installed as plain files, so this is a real folder."""
    return str(files("explorer.resources") / "demo")


def create_window(paths: list[str], *, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings)
    window.open_paths(paths or [demo_path()])
    return window


def run(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION)
    reporter = ErrorReporter(default_log_path(), app)
    reporter.install()
    window = create_window(argv, settings=QSettings())
    reporter.window = window
    window.show()
    return app.exec()
