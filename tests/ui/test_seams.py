"""The window never disagrees with itself: what a user did, and that every part shows the same."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from explorer.browse import FACETS, Column, count_values, select
from explorer.query import compile_query, without_clause
from explorer.ui.theme import apply_theme
from tests.conftest import REFERENCE


def settle(qtbot, window):
    """Wait until no filter, count or load is left to run: what the user sees after a pause."""
    qtbot.waitUntil(window.is_settled, timeout=20_000)


def assert_consistent(window, text: str) -> None:
    """The table, the tree's counts, the facets and the pane all follow the query `text`."""
    changes = window.session.changes
    matched = select(changes, text)
    assert window.session.query.text == text and window.filter_edit.text() == text
    assert window.table_model.rowCount() == len(matched)
    root = window.tree_model.node(window.tree_model.all_index())
    assert root.shown == (len(matched) if text.strip() else None)
    for release_node in root.children[:5]:
        expected = sum(1 for c in matched if c.release is release_node.release)
        assert release_node.shown in (expected, None if not text.strip() else expected)
    for facet, model in zip(FACETS, window.facet_models, strict=True):
        expected = count_values(facet, select(changes, compile_query(without_clause(text, facet.field))))
        shown = {model.value(r): int(model.index(r, 1).data()) for r in range(model.rowCount())}
        assert {k: v for k, v in shown.items() if v} == dict(+expected), facet.title
    current = window.table.currentIndex()
    if current.isValid():
        assert window.detail.shown is window.table_model.change(current.row())
        assert window.detail.shown in matched


@pytest.mark.parametrize("per_second", [20, 50])
def test_typing_fast_leaves_table_tree_facets_and_pane_agreeing(qtbot, make_window, corpus, per_second):
    window = make_window(corpus / "calico")
    window.table.setCurrentIndex(window.table_model.index(0, 0))
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "author:fasaxc bpf", delay=1000 // per_second)
    settle(qtbot, window)
    assert_consistent(window, "author:fasaxc bpf")
    assert 0 < window.table_model.rowCount() < window.table_model.total()


def test_the_pane_leaves_a_change_the_filter_hides(qtbot, make_window):
    window = make_window(REFERENCE)
    row = next(r for r in range(window.table_model.rowCount())
               if "ebpf" not in window.table_model.change(r).summary.casefold())
    hidden = window.table_model.change(row)
    window.table.setCurrentIndex(window.table_model.index(row, 0))
    assert window.detail.shown is hidden
    qtbot.keyClicks(window.filter_edit, "ebpf")
    settle(qtbot, window)
    assert window.detail.shown is not hidden
    assert hidden.summary[:30] not in window.detail.toPlainText()


def test_highlights_only_where_a_term_matched(qtbot, make_window):
    window = make_window(REFERENCE)
    window.filter_edit.setText("author:fasaxc")
    settle(qtbot, window)
    window.table.setCurrentIndex(window.table_model.index(0, 0))
    page = window.detail.toHtml()
    assert page.count("#ffd54f") >= 1  # the author's name is marked…
    marked = [part.split(">", 1)[1].split("<", 1)[0] for part in page.split("background-color:#ffd54f")[1:]]
    assert marked and all(m.casefold() == "fasaxc" for m in marked), marked  # …and nothing else
    window.filter_edit.setText("section:bpf")
    settle(qtbot, window)
    window.table.setCurrentIndex(window.table_model.index(0, 0))
    change = window.table_model.change(0)
    marked = [part.split(">", 1)[1].split("<", 1)[0]
              for part in window.detail.toHtml().split("background-color:#ffd54f")[1:]]
    assert marked and all(m.casefold() == "bpf" for m in marked)
    assert len(marked) == " / ".join(change.section).casefold().count("bpf")  # in the section only


def test_ctrl_e_and_down_work_from_the_filter_box(qtbot, make_window, monkeypatch):
    window = make_window(REFERENCE)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]), ("", ""))[1])
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.filter_edit, "ebpf")
    settle(qtbot, window)
    assert window.filter_edit.hasFocus()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "ebpf" in os.path.basename(asked[0])  # named after the query
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Down)
    assert window.table.hasFocus() and window.table.currentIndex().row() == 0
    assert window.detail.shown is window.table_model.change(0)


def test_summary_keeps_most_of_the_width_at_1024_by_700(qtbot, make_window):
    window = make_window(REFERENCE)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    QApplication.processEvents()
    header = window.table.horizontalHeader()
    widths = {c: header.sectionSize(c) for c in Column if not window.table.isColumnHidden(c)}
    assert widths[Column.SUMMARY] >= 0.45 * sum(widths.values()), widths
    assert widths[Column.SUMMARY] == max(widths.values())


def test_columns_follow_the_table_width(qtbot, make_window):
    window = make_window(REFERENCE)
    header = window.table.horizontalHeader()
    for width in (760, 1024):
        window.resize(width, 700)
        qtbot.waitUntil(lambda width=width: window.width() == width)
        QApplication.processEvents()
        shown = window.table.viewport().width()
        assert header.sectionSize(Column.SECTION) == max(60, int(shown * 0.12)), (width, shown)
        assert header.sectionSize(Column.AUTHORS) == max(60, int(shown * 0.10)), (width, shown)


def _box_contrast(window, view) -> float:
    """The largest brightness difference inside the check box of the first facet row."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    index = view.model().index(0, 0)
    option = QStyleOptionViewItem()
    view.itemDelegateForIndex(index).initStyleOption(option, index)
    option.rect = view.visualRect(index)
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    image = view.viewport().grab().toImage()
    values = [image.pixelColor(x, y).lightness() for x in range(box.left(), box.right() + 1)
              for y in range(box.top(), box.bottom() + 1)]
    background = image.pixelColor(box.right() + 30, box.center().y()).lightness()
    return max(abs(v - background) for v in values)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_unticked_facet_boxes_are_visible(qtbot, make_window, theme):
    window = make_window(REFERENCE)
    try:
        apply_theme(theme)
        window.facets.setCurrentIndex(1)
        view = window.facets.views[1]
        qtbot.waitUntil(lambda: view.model().rowCount() > 0, timeout=10_000)
        assert view.model().index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
        assert _box_contrast(window, view) >= 60
    finally:
        apply_theme("system")


def test_the_export_dialog_names_the_file_after_the_scope(qtbot, make_window, monkeypatch, tmp_path, settings):
    window = make_window(REFERENCE)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append(a[2]), ("", ""))[1])
    release = window.tree_model.index(0, 0, window.tree_model.all_index())
    window.tree.setCurrentIndex(release)
    window.export_action.trigger()
    version = window.tree_model.node(release).release.version
    assert os.path.basename(asked[-1]).startswith(f"v3.23.0-release-notes-{version}"[:20])
    assert os.path.dirname(asked[-1]) not in (str(REFERENCE.parent), str(REFERENCE.parent.parent))


def test_a_backwards_upgrade_range_is_refused_with_a_message(qtbot, make_window, corpus):
    window = make_window(corpus / "calico")
    total = window.table_model.rowCount()
    newer, older = window.from_combo.itemText(1), window.from_combo.itemText(3)
    window.from_combo.setCurrentIndex(window.from_combo.findText(newer))
    window.to_combo.setCurrentIndex(window.to_combo.findText(older))
    assert "must be older" in window.statusBar().currentMessage()
    assert window.to_combo.currentIndex() == 0 and older not in window.filter_edit.text()
    settle(qtbot, window)
    window.from_combo.setCurrentIndex(window.from_combo.findText(older))
    window.to_combo.setCurrentIndex(window.to_combo.findText(newer))
    settle(qtbot, window)
    assert 0 < window.table_model.rowCount() < total


def test_a_link_that_cannot_be_opened_says_so(qtbot, make_window, monkeypatch):
    window = make_window(REFERENCE)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    window.detail.anchorClicked.emit(QUrl("https://github.com/projectcalico/calico/pull/1"))
    assert window.statusBar().currentMessage().startswith("Could not open https://github.com/")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    window.detail.anchorClicked.emit(QUrl("https://github.com/projectcalico/calico/pull/1"))
    assert window.statusBar().currentMessage().startswith("Opened https://github.com/")


def test_a_failed_reload_from_disk_is_forgotten_by_the_next_reload(qtbot, make_window, tmp_path, monkeypatch):
    import explorer.parse

    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("## 1.0.0\n\n- A fix (@ann)\n")
    window = make_window(notes)
    real = explorer.parse.load_paths
    monkeypatch.setattr(explorer.parse, "load_paths", lambda *a, **k: 1 / 0)  # reading fails this time
    with qtbot.waitSignal(window.loaded, timeout=10_000) as loaded:
        notes.write_text("## 1.0.0\n\n- A fix (@ann)\n- Another (@bob)\n")
    assert loaded.args == [False]
    window.message_box.close()
    monkeypatch.setattr(explorer.parse, "load_paths", real)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.reload_action.trigger()  # F5
    assert window.statusBar().currentMessage() == "Reloaded"
    assert window.table_model.total() == 2


def test_closing_the_window_stops_its_load(qtbot, make_window, tmp_path):
    from benchmarks.synthetic import generate

    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(20_000))
    window = make_window()
    window.open_paths([str(notes)])
    job = window.session.load_job()
    window.close()
    assert job.cancelled and job.wait(5)
    assert not window.is_loading()


def test_a_costly_session_filter_never_blocks_the_start(qtbot, settings, monkeypatch, corpus):
    """The last session's filter is a regular expression over every change: the window shows,
    answers and loads; the filter follows on a thread."""
    import time

    from explorer.ui import session
    from explorer.ui.app import create_window

    monkeypatch.setattr(session, "FILTER_BUDGET_S", 0.0)  # as with a million changes
    real = session.matching
    monkeypatch.setattr(session, "matching", lambda *a: (time.sleep(0.3), real(*a))[1])
    settings.setValue("session/paths", [str(corpus / "calico")])
    settings.setValue("session/filter", r"/(\w+\s?)+$/ ebpf")
    started = time.perf_counter()
    window = create_window([], settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert time.perf_counter() - started < 2
    assert window.filter_edit.text() == r"/(\w+\s?)+$/ ebpf"
    qtbot.waitUntil(lambda: not window.is_loading(), timeout=30_000)
    assert window.is_filter_pending()  # the notes are shown; their filter runs on a thread
    qtbot.keyClicks(window.filter_edit, "x")  # and the window answers meanwhile
    qtbot.waitUntil(window.is_settled, timeout=30_000)
    assert window.session.query.text == r"/(\w+\s?)+$/ ebpfx"
