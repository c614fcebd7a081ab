"""Failures a user meets: exports that cannot be written, files that change or vanish, bugs."""

import errno
import os
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

import explorer.parse
from explorer.ui.errors import ErrorReporter
from tests.conftest import REFERENCE, wait_loaded


@pytest.fixture
def window(notes_window):
    return notes_window


@pytest.mark.parametrize("error", [
    OSError(errno.ENOSPC, "No space left on device"),
    PermissionError(errno.EACCES, "Permission denied"),
    OSError(errno.EBUSY, "Device or resource busy"),  # the target is locked by another program
    RuntimeError("stopped half way"),
])
def test_a_failed_export_leaves_the_file_and_says_why(window, tmp_path, monkeypatch, error):
    target = tmp_path / "keep.csv"
    target.write_bytes(b"the user's own data")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append(text))
    real_replace = os.replace

    def failing_replace(src, dst):
        if os.fspath(dst) != str(target):  # the cache's writes in the background go on
            return real_replace(src, dst)
        raise error

    monkeypatch.setattr(os, "replace", failing_replace)
    window.export_action.trigger()
    monkeypatch.setattr(os, "replace", real_replace)
    assert target.read_bytes() == b"the user's own data"
    assert sorted(os.listdir(tmp_path)) == ["keep.csv", "notes", "settings.ini"]  # no partial file
    assert len(shown) == 1 and str(target) in shown[0]
    assert (error.strerror if isinstance(error, OSError) else "stopped half way") in shown[0]


def test_reload_after_the_file_was_deleted_keeps_the_notes(qtbot, window):
    window.notes_path.unlink()
    with qtbot.waitSignal(window.loaded) as loaded:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert loaded.args == [False]
    assert window.table_model.total() == 75
    assert str(window.notes_path) in window.message_box.text()
    assert "no such file" in window.message_box.text()


def test_reload_after_the_file_was_truncated(qtbot, window):
    window.notes_path.write_bytes(b"")
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.table_model.total() == 0
    assert "No changes found" in window.statusBar().currentMessage()


def test_reload_after_the_file_was_rewritten(qtbot, window):
    window.notes_path.write_text("09 May 2022\n\n#### Bug fixes\n\n - Only one fix now (@ann)\n")
    with qtbot.waitSignal(window.loaded):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert [c.summary for c in window.table_model.visible_changes()] == ["Only one fix now"]


def test_a_folder_with_unreadable_files_shows_the_rest(qtbot, make_window, tmp_path, monkeypatch, corpus):
    folder = tmp_path / "notes"
    folder.mkdir()
    shutil.copy(REFERENCE, folder / "v3.23.0-release-notes.md")
    (folder / "CHANGELOG.md").write_text("## 1.0.0\n\n- secret\n")
    os.mkfifo(folder / "NEWS.md")  # a pipe named like notes: reading it would never end
    locked = str(folder / "CHANGELOG.md")
    real = explorer.parse._read_bytes

    def read_bytes(path, *args, **kwargs):
        if str(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(explorer.parse, "_read_bytes", read_bytes)
    window = make_window()
    with qtbot.waitSignal(window.loaded, timeout=30_000) as loaded:
        window.open_paths([str(folder)])
    assert loaded.args == [True] and window.table_model.total() == 75
    text = window.message_box.text()
    assert f"{locked}: Permission denied" in text
    assert "NEWS.md" not in text  # not a regular file: not a release-notes file either


def test_an_unexpected_error_is_logged_and_shown(qtbot, window, tmp_path):
    log = tmp_path / "logs" / "changelog-explorer.log"
    reporter = ErrorReporter(str(log))
    reporter.window = window
    try:
        raise ZeroDivisionError("division by zero in a slot")
    except ZeroDivisionError as exc:
        reporter.report(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    message = reporter.dialog.text()
    assert "ZeroDivisionError: division by zero in a slot" in message and str(log) in message
    assert "Traceback" not in message
    assert "Traceback (most recent call last)" in log.read_text()
    reporter.dialog.close()
    qtbot.keyClicks(window.filter_edit, "fasaxc")  # the window still works
    assert window.table_model.rowCount() == 8


def test_errors_on_other_threads_reach_the_dialog(qtbot, tmp_path):
    import threading

    reporter = ErrorReporter(str(tmp_path / "x.log"))
    old = (threading.excepthook, __import__("sys").excepthook)
    reporter.install()
    try:
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: reporter.dialog is not None)
        assert "ZeroDivisionError" in reporter.dialog.text()
        reporter.dialog.close()
    finally:
        threading.excepthook, __import__("sys").excepthook = old


def test_the_loader_turns_a_crash_into_a_message(qtbot, make_window, monkeypatch, corpus):
    monkeypatch.setattr(explorer.parse, "load_paths", lambda *a, **k: 1 / 0)
    window = make_window()
    with qtbot.waitSignal(window.loaded) as loaded:
        window.open_paths([str(REFERENCE)])
    assert loaded.args == [False]
    assert "division by zero" in window.message_box.text()
    wait_loaded(qtbot, window)
