"""Shared test set-up: Qt renders offscreen, and the corpus is found beside the repository."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REFERENCE = CORPUS / "calico" / "v3.23.0-release-notes.md"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus; its absence is a failure, not a skip: CI always has it."""
    assert CORPUS.is_dir(), f"the corpus is expected at {CORPUS}"
    return CORPUS


@pytest.fixture
def settings(tmp_path):
    """Settings in a temporary file: tests never touch the user's real settings."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """A main window, shown and active, optionally with files loaded."""
    from explorer.ui.main_window import MainWindow

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
