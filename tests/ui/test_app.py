"""Starting the app, the demo notes, opening files by menu, drop, recent list and reload."""

import multiprocessing
import subprocess
import sys

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from explorer.ui.app import create_window, demo_path
from tests.conftest import REFERENCE, wait_loaded


def release_titles(window):
    model = window.tree_model
    root = model.all_index()
    return [model.node(model.index(r, 0, root)).title for r in range(model.rowCount(root))]


def test_no_path_opens_the_demo_notes(qtbot, settings):
    window = create_window([], settings=settings)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    assert release_titles(window) == ["v3.1.0", "v3.0.0", "2.10.0", "2.10.0-rc.1", "2.9.0", "1.2.0", "1.1.0"]
    changes = window.table_model.visible_changes()
    assert any(c.breaking for c in changes) and any(c.action_required for c in changes)
    assert any("```" in c.markdown for c in changes) and any("\n- " in c.markdown for c in changes)
    assert {len(c.section) for c in changes} >= {1, 2}
    assert window.windowTitle() == "demo — Changelog Explorer"


def test_the_window_paints_before_its_first_notes_are_read(qtbot, settings):
    window = create_window([str(REFERENCE)], settings=settings)
    qtbot.addWidget(window)
    job = window.session.load_job()
    assert window.is_loading() and window.progress_bar.isVisibleTo(window)  # the open shows as begun
    assert not job.started  # but its thread waits for the first paint
    window.show()
    qtbot.waitUntil(lambda: job.started, timeout=5_000)
    wait_loaded(qtbot, window)
    assert window.table_model.total() > 0


def test_the_warm_up_after_the_first_paint_waits_for_the_first_load(qtbot, settings, monkeypatch):
    """Imports for later (mistune, the parser's front) run on a thread, but not beside a load,
    which imports what it needs itself: the thread would share the interpreter with it."""
    from explorer.ui import main_window

    warmed: list[bool] = []  # whether a load was running when the warm-up ran
    window = create_window([str(REFERENCE)], settings=settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(main_window, "_warm_up", lambda: warmed.append(window.is_loading()))
    window.show()
    wait_loaded(qtbot, window)
    qtbot.waitUntil(lambda: bool(warmed), timeout=5_000)
    assert warmed == [False]


def test_with_no_load_the_warm_up_runs_after_the_first_paint(qtbot, settings, monkeypatch):
    from explorer.ui import main_window

    warmed: list[bool] = []
    window = main_window.MainWindow(settings=settings)
    qtbot.addWidget(window)
    monkeypatch.setattr(main_window, "_warm_up", lambda: warmed.append(True))
    window.show()
    qtbot.waitUntil(lambda: bool(warmed), timeout=5_000)


def test_a_window_never_painted_still_reads_its_notes(qtbot, settings):
    window = create_window([str(REFERENCE)], settings=settings)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)  # after at most a second of waiting for a paint
    assert window.table_model.total() > 0


def test_demo_notes_use_three_formats():
    names = sorted(p.name for p in __import__("pathlib").Path(demo_path()).iterdir())
    assert names == ["CHANGELOG-1.x.md", "CHANGELOG-2.x.md", "v3.0.0-release-notes.md", "v3.1.0-release-notes.md"]


def test_open_dialog_and_recent_menu(qtbot, make_window, corpus, monkeypatch, tmp_path):
    window = make_window()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(REFERENCE)], ""))
    window.open_action.trigger()
    wait_loaded(qtbot, window)
    assert window.table_model.total() == 75
    other = tmp_path / "CHANGELOG.md"
    other.write_text("## 1.0.0\n\n- one\n")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    window.open_folder_action.trigger()
    wait_loaded(qtbot, window)
    assert window.table_model.total() == 1
    recent = window.recent_menu.actions()
    assert [a.text().split(" ", 1)[1] for a in recent] == [str(tmp_path), str(REFERENCE)]
    recent[1].trigger()
    wait_loaded(qtbot, window)
    assert window.table_model.total() == 75


def test_dropping_files_opens_them(qtbot, make_window, corpus):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(REFERENCE))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_loaded(qtbot, window)
    assert window.table_model.total() == 75


def test_reload_keeps_the_scope_and_sees_new_content(qtbot, make_window, tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("## 1.0.0\n\n### Fixed\n\n- one\n\n### Added\n\n- two\n")
    window = make_window(notes)
    model = window.tree_model
    release = model.index(0, 0, model.all_index())
    fixed = model.index(0, 0, release)
    window.tree.expand(release)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=window.tree.visualRect(fixed).center())
    assert window.table_model.rowCount() == 1
    notes.write_text("## 1.0.0\n\n### Fixed\n\n- one\n- three\n\n### Added\n\n- two\n")
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.table_model.rowCount() == 2
    assert model.node(window.tree.currentIndex()).path == ("Fixed",)


def test_pyside_build_survives_many_calls_returning_none():
    """PySide6 6.12.0 aborts CPython 3.11 after a few thousand such calls; the pin keeps it out."""
    code = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([]); label = QLabel()\n"
        "for i in range(200_000): label.setText('x')\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr


def test_opening_shows_progress_and_cancel_keeps_the_notes(qtbot, make_window, tmp_path, corpus):
    from benchmarks.synthetic import generate

    big = tmp_path / "CHANGELOG.md"
    big.write_text(generate(20_000))
    window = make_window(REFERENCE)
    window.open_paths([str(big)])
    assert window.progress_bar.isVisible() and window.cancel_button.isVisible()
    qtbot.waitUntil(lambda: window.progress_bar.value() > 0, timeout=20_000)
    assert multiprocessing.active_children()  # a worker process shares the parsing
    with qtbot.waitSignal(window.loaded) as loaded:
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [False]
    assert not window.progress_bar.isVisible()
    assert window.table_model.total() == 75
    assert "cancelled" in window.statusBar().currentMessage()
    qtbot.wait(200)  # the cancelled job must not deliver later
    assert window.table_model.total() == 75
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)  # the worker ended


def test_a_newer_open_supersedes_a_running_one(qtbot, make_window, tmp_path, corpus):
    from benchmarks.synthetic import generate

    big = tmp_path / "CHANGELOG.md"
    big.write_text(generate(20_000))
    window = make_window()
    window.open_paths([str(big)])
    with qtbot.waitSignal(window.loaded, timeout=30_000) as loaded:
        window.open_paths([str(REFERENCE)])
    assert loaded.args == [True] and window.table_model.total() == 75


def test_the_collector_is_paused_for_the_start_and_runs_once_the_first_load_has_ended(tmp_path):
    """The command line pauses the garbage collector before it imports the window. It stays
    paused while the first notes are read (a load pauses it too: started in the middle, it
    would walk every object of the parse again and again) and runs once they are shown. Run as
    `changelog-explorer` runs, in a process of its own."""
    code = (
        "import gc, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from explorer import cli\n"
        "from explorer.ui import app as ui_app\n"
        "states = {}\n"
        "make = ui_app.create_window\n"
        "def create_window(paths, *, settings):\n"
        "    states['building'] = gc.isenabled()\n"
        "    window = make(paths, settings=settings)\n"
        "    def after_paint():\n"
        "        states['painted'] = (gc.isenabled(), window.is_loading())\n"
        "    def after_load():\n"
        "        states['loaded'] = gc.isenabled()\n"
        "        window.close()\n"
        "    window.painted.connect(lambda: QTimer.singleShot(0, after_paint))\n"
        "    window.loaded.connect(lambda _shown: QTimer.singleShot(0, after_load))\n"
        "    return window\n"
        "ui_app.create_window = create_window\n"
        "status = cli.main([sys.argv[1]])\n"
        "print(states['building'], *states['painted'], states['loaded'], status)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code, str(REFERENCE)], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.stdout.split() == ["False", "False", "True", "True", "0"], result.stderr
