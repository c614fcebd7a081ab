"""Shared test set-up: Qt renders offscreen, and the corpus is found beside the repository."""

import atexit
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
# Parses are cached in a folder of this run's: never the user's cache, never one of an earlier run.
os.environ["CHANGELOG_EXPLORER_CACHE"] = tempfile.mkdtemp(prefix="changelog-explorer-cache-")
atexit.register(shutil.rmtree, os.environ["CHANGELOG_EXPLORER_CACHE"], ignore_errors=True)  # no folder left per run

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


def parse_seconds(text: str, runs: int = 5) -> float:
    """The fastest of a few parses of text: the least disturbed by the rest of the machine."""
    from explorer.parse import parse_text

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parse_text(text, "v1.0.0.md")
        best = min(best, time.perf_counter() - start)
    return best


@pytest.fixture
def notes_window(make_window, corpus, tmp_path):
    """A window on a copy of the reference notes, in a folder of their own."""
    import shutil

    notes = tmp_path / "notes" / "v3.23.0-release-notes.md"
    notes.parent.mkdir()
    shutil.copy(REFERENCE, notes)
    window = make_window(notes)
    window.notes_path = notes
    return window
