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
            assert window.open_paths([str(p) for p in paths])
        with qtbot.waitActive(window):  # shortcuts reach only the active window, as on a desktop
            window.show()
            window.activateWindow()
        return window

    return make
