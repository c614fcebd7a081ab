"""A main window on given files, with settings in a temporary file, never the user's."""

import pytest
from PySide6.QtCore import QSettings

from explorer.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    def make(*paths):
        window = MainWindow(settings=settings)
        qtbot.addWidget(window)
        if paths:
            with qtbot.waitSignal(window.loaded, timeout=30_000) as loaded:
                window.open_paths([str(p) for p in paths])
            assert loaded.args == [True]
        with qtbot.waitActive(window):  # shortcuts reach only the active window, as on a desktop
            window.show()
            window.activateWindow()
        return window

    return make


def wait_loaded(qtbot, window):
    """Let a background load finish, as a user waits for the progress bar to go."""
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30_000)
