"""Desktop integration: files watched on disk, the last session, help, palette, icon, packaging files."""

import shutil
import subprocess
from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from explorer import __version__
from explorer.ui.app import APP_ID, create_window
from tests.conftest import REFERENCE, wait_loaded

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_a_change_on_disk_reloads_and_keeps_scope_filter_and_selection(qtbot, make_window, tmp_path, corpus):
    notes = tmp_path / "v3.23.0-release-notes.md"
    shutil.copy(REFERENCE, notes)
    window = make_window(notes)
    model = window.tree_model
    release = model.index(0, 0, model.all_index())
    bug_fixes = next(model.index(r, 0, release) for r in range(model.rowCount(release))
                     if model.node(model.index(r, 0, release)).title == "Bug fixes")
    window.tree.setCurrentIndex(bug_fixes)
    window.filter_edit.setText("fasaxc")
    window.table.selectRow(1)
    selected = window.table_model.change(1).summary
    rows = window.table_model.rowCount()
    text = notes.read_text().replace("#### Bug fixes\n", "#### Bug fixes\n\n - A new fix by fasaxc (@fasaxc)\n", 1)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        notes.write_text(text)
    assert window.filter_edit.text() == "fasaxc"
    assert model.node(window.tree.currentIndex()).path == ("Bug fixes",)
    assert window.table_model.rowCount() == rows + 1
    chosen = [window.table_model.change(i.row()).summary for i in window.table.selectionModel().selectedRows()]
    assert chosen == [selected]
    assert "changed on disk" in window.statusBar().currentMessage()


def test_the_last_session_is_reopened_and_a_vanished_file_is_reported(qtbot, settings, tmp_path, corpus):
    kept = tmp_path / "v3.23.0-release-notes.md"
    shutil.copy(REFERENCE, kept)
    gone = tmp_path / "CHANGELOG.md"
    gone.write_text("## 1.0.0\n\n- one\n")
    first = create_window([str(kept), str(gone)], settings=settings)
    qtbot.addWidget(first)
    wait_loaded(qtbot, first)
    first.filter_edit.setText("ebpf")
    first.close()
    gone.unlink()
    again = create_window([], settings=settings)
    qtbot.addWidget(again)
    wait_loaded(qtbot, again)
    assert again.table_model.total() == 75
    assert again.filter_edit.text() == "ebpf" and again.table_model.rowCount() == 12
    assert f"Not found since last time: {gone}" in again.statusBar().currentMessage()
    assert again.message_box is None  # no dialog for it


def test_the_session_can_be_turned_off(qtbot, settings, corpus):
    first = create_window([str(REFERENCE)], settings=settings)
    qtbot.addWidget(first)
    wait_loaded(qtbot, first)
    first.session_action.trigger()  # off
    first.close()
    again = create_window([], settings=settings)
    qtbot.addWidget(again)
    wait_loaded(qtbot, again)
    assert again.windowTitle() == "demo — Changelog Explorer"
    assert not again.session_action.isChecked()


def test_help_lists_shortcuts_and_about_names_version_and_licence(qtbot, make_window, monkeypatch):
    window = make_window()
    keys = {(menu, name): k for menu, name, k in window.shortcuts()}
    assert keys[("File", "Open…")] == "Ctrl+O" and keys[("File", "Export…")] == "Ctrl+E"
    assert keys[("Edit", "Filter…")] == "Ctrl+F" and keys[("File", "Reload")] == "F5"
    window.shortcuts_action.trigger()
    assert window.shortcuts_box.isVisible() and "Ctrl+Shift+O" in window.shortcuts_box.text()
    window.shortcuts_box.close()
    shown = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.about", lambda _p, title, text: shown.append(text))
    window.show_about()
    assert __version__ in shown[0] and "Licence: MIT" in shown[0]


def test_the_detail_pane_follows_a_dark_palette(qtbot, make_window):
    window = make_window()
    app = QApplication.instance()
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Link, QColor("#8ab4f8"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: "#8ab4f8" in window.detail.document().defaultStyleSheet())
    finally:
        app.setPalette(old)


def test_window_icon_and_desktop_id(qtbot, settings):
    window = create_window([], settings=settings)
    qtbot.addWidget(window)
    wait_loaded(qtbot, window)
    assert not window.windowIcon().isNull()
    assert (PACKAGING / f"{APP_ID}.desktop").is_file() and (PACKAGING / f"{APP_ID}.metainfo.xml").is_file()


def test_desktop_file_and_metainfo_validate():
    desktop = subprocess.run(["desktop-file-validate", str(PACKAGING / f"{APP_ID}.desktop")],
                             capture_output=True, text=True)
    assert desktop.returncode == 0 and desktop.stdout == "", desktop.stdout
    metainfo = subprocess.run(["appstreamcli", "validate", "--no-net", str(PACKAGING / f"{APP_ID}.metainfo.xml")],
                              capture_output=True, text=True)
    assert metainfo.returncode == 0, metainfo.stdout


def test_theme_dark_light_and_system(qtbot, make_window, settings):
    window = make_window()
    app = QApplication.instance()
    system = app.palette().color(QPalette.ColorRole.Base).name()
    try:
        next(a for a in window.theme_actions.actions() if a.data() == "dark").trigger()
        assert app.palette().color(QPalette.ColorRole.Base).name() == "#1e1e1e"
        qtbot.waitUntil(lambda: "#8ab4f8" in window.detail.document().defaultStyleSheet())
        assert settings.value("view/theme") == "dark"
        next(a for a in window.theme_actions.actions() if a.data() == "light").trigger()
        assert app.palette().color(QPalette.ColorRole.Base).name() != "#1e1e1e"
    finally:
        window.set_theme("system")
    assert app.palette().color(QPalette.ColorRole.Base).name() == system
