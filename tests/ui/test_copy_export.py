"""Copying rows (tab-separated, Markdown) and exporting them, as a person does it in the window."""

import errno
import os
import shutil
import time
from pathlib import Path

import mistune
import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from explorer import export
from explorer.browse import Column, build_tree
from explorer.export import CSV_HEADER
from explorer.model import Change, Changelog, Ref, Release, SourceFile
from explorer.query import search_text
from explorer.ui import exporter
from explorer.ui.clipboard_text import flat_cell, guard_cell, markdown_table
from explorer.ui.dialogs import documents_folder, export_file_name
from explorer.ui.main_window import MainWindow
from explorer.ui.session import Loaded
from tests.conftest import REFERENCE

NOTES = "/notes/app/CHANGELOG.md"


def _hostile_changelog() -> Changelog:
    """Cells a spreadsheet would run, and cells that would break a row or a Markdown table."""
    release = Release("1.0.0", ((1, 0, 0),), date="2024-01-02", file=NOTES)
    ref = Ref("app", "12", "https://example.org/app/pull/12", "pr")
    changes = (
        Change("a", release, ("Fixed",), "- x", '=HYPERLINK("http://evil.example","click")', refs=(ref,),
               authors=("alice",), file=NOTES, line=5),
        Change("b", release, ("Fixed", "Sub|part"), "- y", "tab\there, line\nbreak | pipe \\| escaped",
               authors=("@bob",), file=NOTES, line=6),
        Change("c", release, ("Added",), "- z", "+1 and -1 and @mention", labels=("-flag",), file=NOTES, line=7),
    )
    return Changelog((release,), changes, (SourceFile(NOTES, release_levels=(2,)),))


def _show(window: MainWindow, changelog: Changelog) -> None:
    window.set_notes(Loaded(changelog, build_tree(changelog), [search_text(c) for c in changelog.changes],
                                 True, []))


@pytest.fixture
def hostile(make_window):
    window = make_window()
    _show(window, _hostile_changelog())
    return window


def click_row(qtbot, window, row, modifier=Qt.KeyboardModifier.NoModifier):
    index = window.table_model.index(row, Column.SUMMARY)
    window.table.scrollTo(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     window.table.visualRect(index).center())


def ctrl_c(qtbot, window):
    QApplication.clipboard().clear()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    return QApplication.clipboard().text()


def row_of(window, change_id):
    return window.table_model.row_of(change_id)


# -- Ctrl+C ------------------------------------------------------------------------------------
def test_ctrl_c_of_several_rows_gives_a_header_and_guarded_cells(qtbot, hostile):
    click_row(qtbot, hostile, 0)
    click_row(qtbot, hostile, 2, Qt.KeyboardModifier.ShiftModifier)
    text = ctrl_c(qtbot, hostile)
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == 4
    assert lines[0] == "\t".join(CSV_HEADER)
    rows = {line.split("\t")[CSV_HEADER.index("summary")]: line.split("\t") for line in lines[1:]}
    assert all(len(cells) == len(CSV_HEADER) for cells in rows.values())  # no tab or newline broke a row
    assert set(rows) == {"'=HYPERLINK(\"http://evil.example\",\"click\")",
                         "tab here, line break | pipe \\| escaped",
                         "'+1 and -1 and @mention"}
    formula = rows["'+1 and -1 and @mention"]
    assert formula[CSV_HEADER.index("labels")] == "'-flag"
    assert rows["tab here, line break | pipe \\| escaped"][CSV_HEADER.index("authors")] == "'@bob"
    for cells in rows.values():
        assert not any(cell[:1] in "=+-@\t\r" for cell in cells if cell)
    assert "Copied 3 changes" in hostile.statusBar().currentMessage()


def test_ctrl_c_of_one_row_is_just_that_row(qtbot, hostile):
    click_row(qtbot, hostile, row_of(hostile, "a"))
    lines = ctrl_c(qtbot, hostile).splitlines()
    assert len(lines) == 1
    assert lines[0].split("\t")[:4] == ["1.0.0", "2024-01-02", "Fixed", "'=HYPERLINK(\"http://evil.example\",\"click\")"]


def test_the_formula_guard_can_be_turned_off_and_is_remembered(qtbot, hostile, settings):
    edit = next(a.menu() for a in hostile.menuBar().actions() if a.text() == "&Edit")
    assert hostile.formula_guard_action in edit.actions() and hostile.formula_guard_action.isChecked()
    hostile.formula_guard_action.trigger()
    assert settings.value("copy/formula_guard", type=bool) is False
    qtbot.keyClick(hostile.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    lines = ctrl_c(qtbot, hostile).splitlines()
    summaries = {line.split("\t")[3] for line in lines[1:]}
    assert '=HYPERLINK("http://evil.example","click")' in summaries and "+1 and -1 and @mention" in summaries
    assert all(len(line.split("\t")) == len(CSV_HEADER) for line in lines)  # still one line a row
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert not again.formula_guard_action.isChecked()


@pytest.mark.parametrize("stored", ["banana", ["a", "b"], 7, "", "false ", "TRUE"])
def test_a_wrong_guard_setting_keeps_the_guard_on(qtbot, tmp_path, stored):
    settings = QSettings(str(tmp_path / "odd.ini"), QSettings.Format.IniFormat)
    settings.setValue("copy/formula_guard", stored)
    settings.sync()
    window = MainWindow(settings=QSettings(str(tmp_path / "odd.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    assert window.formula_guard_action.isChecked() is (stored != "false ")


def test_guard_cell_uses_the_csv_exports_characters():
    assert {c for c in "=+-@\t\r" if guard_cell(c + "x") == "'" + c + "x"} == set(export._FORMULA_FIRST)
    assert guard_cell("plain") == "plain" and guard_cell("") == "" and guard_cell(" =1") == " =1"
    assert flat_cell("a\tb\r\nc\u2028d") == "a b  c d"


# -- Copy as Markdown Table ---------------------------------------------------------------------
def test_copy_as_markdown_table_keeps_a_table(qtbot, hostile):
    assert [keys for _menu, _name, keys in hostile.shortcuts()].count("Ctrl+Shift+C") == 1
    qtbot.keyClick(hostile.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QApplication.clipboard().clear()
    qtbot.keyClick(hostile.table, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    text = QApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[0] == "| release | date | section | summary | refs | authors |"
    assert lines[1] == "| --- | --- | --- | --- | --- | --- |"
    assert len(lines) == 2 + 3
    html = mistune.create_markdown(plugins=["table"])(text)
    assert html.count("<tr>") == 4 and html.count("<td") == 3 * 6  # every row has its six cells
    assert "tab here, line break | pipe \\| escaped" in html  # pipes and backslashes come back as typed
    assert "Fixed / Sub|part" in html
    assert "=HYPERLINK(" in html  # Markdown is text, not a sheet: no guard quote
    assert "app#12" in html and "@bob" in html


def test_copy_as_markdown_table_without_a_selection_says_so(qtbot, hostile):
    QApplication.clipboard().setText("before")
    hostile.copy_markdown_action.trigger()
    assert QApplication.clipboard().text() == "before"
    assert "Select the changes" in hostile.statusBar().currentMessage()


def test_markdown_table_of_a_hand_built_change():
    text = markdown_table(_hostile_changelog().changes[:1])
    assert text.splitlines()[2] == ('| 1.0.0 | 2024-01-02 | Fixed | =HYPERLINK("http://evil.example","click") '
                                    "| app#12 | alice |")


# -- the export dialog ---------------------------------------------------------------------------


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: records what it was offered, answers a path."""

    def __init__(self, monkeypatch, answer="", chosen=""):
        self.calls = []
        self.answer, self.chosen = str(answer), chosen
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self)

    def __call__(self, parent, caption, directory, filters, *args, **kwargs):
        self.calls.append((caption, directory, filters.split(";;")))
        return self.answer, self.chosen


def test_the_export_dialog_offers_xlsx_first_and_a_name_from_the_notes(qtbot, notes_window, monkeypatch, tmp_path):
    dialog = SaveDialog(monkeypatch)
    qtbot.keyClick(notes_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    (_caption, start, filters), = dialog.calls
    assert filters == ["Excel workbook (*.xlsx)", "CSV (*.csv)", "JSON (*.json)", "Markdown (*.md)"]
    assert os.path.basename(start) == "v3.23.0-release-notes-changes.xlsx"


def test_the_dialog_starts_in_the_last_export_folder(qtbot, notes_window, monkeypatch, tmp_path, settings):
    out = tmp_path / "exports"
    out.mkdir()
    dialog = SaveDialog(monkeypatch, out / "first", "CSV (*.csv)")  # no extension: the filter's is added
    notes_window.export_action.trigger()
    assert (out / "first.csv").read_text(encoding="utf-8-sig").startswith("release,date")
    dialog.answer = ""
    notes_window.export_action.trigger()
    assert os.path.dirname(dialog.calls[-1][1]) == str(out)
    shutil.rmtree(out)  # the folder is gone: start in the user's documents instead
    notes_window.export_action.trigger()
    assert os.path.dirname(dialog.calls[-1][1]) == documents_folder()
    for odd in (["a", "b"], 42, "", str(tmp_path / "notes" / "v3.23.0-release-notes.md")):
        settings.setValue("export/folder", odd)
        notes_window.export_action.trigger()
        assert os.path.dirname(dialog.calls[-1][1]) == documents_folder()


def test_the_proposed_name_is_sanitised():
    assert export_file_name(["/x/calico"], "v3.23.0", ".xlsx") == "calico-v3.23.0-changes.xlsx"
    assert export_file_name(["/x/calico/", "/y/CHANGELOG.md"], None, ".csv") == "calico-CHANGELOG-changes.csv"
    assert export_file_name(["/x/my notes: *new?*.md"], None, ".md") == "my-notes-new-changes.md"
    assert export_file_name(["/x/.hidden.md"], None, ".csv") == "hidden-changes.csv"
    assert export_file_name([], None, ".csv") == "changes.csv"
    assert export_file_name(["/x/.."], None, ".csv") == "changes.csv"
    assert len(export_file_name(["/x/" + "long-name" * 40], None, ".json")) < 100


def test_a_scoped_release_names_the_export(qtbot, make_window, tmp_path, monkeypatch):
    notes = tmp_path / "calico"
    notes.mkdir()
    (notes / "CHANGELOG.md").write_text("## v3.23.0\n\n- one\n\n## v3.22.0\n\n- two\n")
    window = make_window(notes)
    model = window.tree_model
    window.tree.setCurrentIndex(model.index(0, 0, model.all_index()))
    dialog = SaveDialog(monkeypatch)
    window.export_action.trigger()
    assert os.path.basename(dialog.calls[0][1]).startswith("calico-v3.23.0-changes.")


# -- refusals and failures -------------------------------------------------------------------
def _no_question(monkeypatch):
    def question(*args, **kwargs):
        raise AssertionError(f"asked to replace: {args[2]}")
    monkeypatch.setattr(QMessageBox, "question", question)


def _warnings(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    return shown


def test_exporting_over_the_open_notes_is_refused(qtbot, notes_window, monkeypatch):
    before = notes_window.notes_path.read_bytes()
    SaveDialog(monkeypatch, notes_window.notes_path, "Markdown (*.md)")
    _no_question(monkeypatch)
    shown = _warnings(monkeypatch)
    notes_window.export_action.trigger()
    assert len(shown) == 1 and "one of the notes being read" in shown[0] and str(notes_window.notes_path) in shown[0]
    assert notes_window.notes_path.read_bytes() == before


def test_exporting_over_a_file_of_an_open_folder_is_refused(qtbot, make_window, tmp_path, monkeypatch):
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    inner = folder / "sub" / "CHANGELOG.md"
    inner.write_text("## 1.0.0\n\n- one\n")
    window = make_window(folder)
    SaveDialog(monkeypatch, str(folder / "sub" / ".." / "sub" / "CHANGELOG.md"), "Markdown (*.md)")
    _no_question(monkeypatch)
    shown = _warnings(monkeypatch)
    window.export_action.trigger()
    assert len(shown) == 1 and "one of the notes being read" in shown[0]
    assert inner.read_text() == "## 1.0.0\n\n- one\n"


def test_a_read_only_file_is_kept_byte_for_byte(qtbot, notes_window, monkeypatch, tmp_path):
    target = tmp_path / "keep.csv"
    target.write_bytes(b"the user's own data\r\n")
    target.chmod(0o444)  # tests run as root, who could replace it: the window refuses by itself
    SaveDialog(monkeypatch, target, "CSV (*.csv)")
    _no_question(monkeypatch)
    shown = _warnings(monkeypatch)
    notes_window.export_action.trigger()
    assert len(shown) == 1 and "read-only" in shown[0]
    assert target.read_bytes() == b"the user's own data\r\n" and oct(target.stat().st_mode & 0o777) == "0o444"


def test_a_write_refused_by_the_system_says_why_and_keeps_the_file(qtbot, notes_window, monkeypatch, tmp_path):
    target = tmp_path / "keep.json"
    target.write_bytes(b"[1, 2]")
    SaveDialog(monkeypatch, target, "JSON (*.json)")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))

    def refused(path, changes, fmt, **options):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)

    monkeypatch.setattr(exporter, "export_file", refused)
    notes_window.export_action.trigger()
    assert len(shown) == 1 and str(target) in shown[0] and "Permission denied" in shown[0]
    assert "unchanged" in shown[0]
    assert target.read_bytes() == b"[1, 2]"
    assert "Exported" not in notes_window.statusBar().currentMessage()


def test_a_folder_that_is_gone_is_named(qtbot, notes_window, monkeypatch, tmp_path):
    target = tmp_path / "gone" / "out.csv"
    SaveDialog(monkeypatch, target, "CSV (*.csv)")
    shown = _warnings(monkeypatch)
    notes_window.export_action.trigger()
    assert len(shown) == 1 and "There is no folder" in shown[0] and str(tmp_path / "gone") in shown[0]
    assert not (tmp_path / "gone").exists()


def test_nothing_to_export_disables_export_and_writes_nothing(qtbot, notes_window, monkeypatch, tmp_path):
    dialog = SaveDialog(monkeypatch, tmp_path / "empty.csv", "CSV (*.csv)")
    assert notes_window.export_action.isEnabled()
    qtbot.keyClicks(notes_window.filter_edit, "zzzz-no-such-change")
    assert notes_window.table_model.rowCount() == 0
    assert not notes_window.export_action.isEnabled()
    qtbot.keyClick(notes_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    notes_window.export_dialog()  # reached some other way: it says so instead of asking for a file
    assert dialog.calls == []
    assert "Nothing to export" in notes_window.statusBar().currentMessage()
    assert notes_window.export_to(str(tmp_path / "empty.csv"), []) is False
    assert not (tmp_path / "empty.csv").exists()
    notes_window.filter_edit.clear()
    assert notes_window.export_action.isEnabled()


# -- the file watcher and the window's own exports ----------------------------------------------
@pytest.fixture
def folder_window(make_window, corpus, tmp_path):
    folder = tmp_path / "calico"
    folder.mkdir()
    shutil.copy(REFERENCE, folder / "v3.23.0-release-notes.md")
    window = make_window(folder)
    window.folder = folder
    events, loads = [], []
    window.session.disk_event.connect(events.append)
    window.loaded.connect(loads.append)
    window.watcher_events, window.loads = events, loads
    return window


def test_exporting_into_the_open_folder_does_not_reload_it(qtbot, folder_window, monkeypatch):
    window = folder_window
    rows = window.table_model.total()
    dialog = SaveDialog(monkeypatch, window.folder / "calico-changes.md", "Markdown (*.md)")
    window.export_action.trigger()
    dialog.answer, dialog.chosen = str(window.folder / "calico-changes.csv"), "CSV (*.csv)"
    window.export_action.trigger()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.export_action.trigger()  # replacing its own earlier export
    assert (window.folder / "calico-changes.md").is_file() and (window.folder / "calico-changes.csv").is_file()
    qtbot.waitUntil(lambda: bool(window.watcher_events), timeout=5_000)  # the watcher did see the writes
    qtbot.wait(3 * window.session.watch_delay_ms())
    assert window.loads == [] and not window.is_loading()
    assert window.table_model.total() == rows
    assert "changed on disk" not in window.statusBar().currentMessage()


def test_a_real_change_after_an_export_still_reloads(qtbot, folder_window, monkeypatch):
    window = folder_window
    rows = window.table_model.total()
    SaveDialog(monkeypatch, window.folder / "calico-changes.csv", "CSV (*.csv)")
    window.export_action.trigger()
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        (window.folder / "v9.9.0.md").write_text("## v9.9.0\n\n### Bug fixes\n\n- A new fix (@ann)\n")
    assert window.table_model.total() == rows + 1
    assert "changed on disk" in window.statusBar().currentMessage()


def test_a_changed_export_in_the_open_folder_is_a_change(qtbot, folder_window, monkeypatch):
    """Own writes are ignored only while they are as written: an edit after the export counts."""
    window = folder_window
    target = window.folder / "calico-changes.csv"
    SaveDialog(monkeypatch, target, "CSV (*.csv)")
    window.export_action.trigger()
    qtbot.wait(3 * window.session.watch_delay_ms())
    assert window.loads == []
    edited = window.folder / "edited.tmp"
    edited.write_text("edited by someone else\n")
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        os.replace(edited, target)  # as an editor saves


def test_the_window_answers_while_a_long_export_is_written(qtbot, notes_window, monkeypatch, tmp_path):
    target = tmp_path / "big.xlsx"
    SaveDialog(monkeypatch, target, "Excel workbook (*.xlsx)")
    during = []

    def slow(path, changes, fmt, **options):
        time.sleep(0.6)  # an XLSX of 100k changes takes seconds
        Path(path).write_bytes(b"done")

    monkeypatch.setattr(exporter, "export_file", slow)
    QTimer.singleShot(100, lambda: during.append((notes_window.statusBar().currentMessage(),
                                                  notes_window.export_action.isEnabled())))
    notes_window.export_action.trigger()
    assert during and during[0][0].startswith("Exporting") and during[0][1] is False
    assert target.read_bytes() == b"done"
    assert notes_window.export_action.isEnabled()
    assert notes_window.statusBar().currentMessage().startswith("Exported")
