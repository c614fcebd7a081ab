"""The window used as a person uses it: click, type, select, copy, export."""

import csv
import io

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from explorer.browse import Column
from tests.conftest import REFERENCE

EBPF_FIXES = 5


class UrlCatcher(QObject):
    """Stands in for the desktop's browser: records what the app asks it to open."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def browser():
    catcher = UrlCatcher()
    for scheme in ("http", "https", "mailto", "file", "javascript"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher
    for scheme in ("http", "https", "mailto", "file", "javascript"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def window(make_window, corpus):
    return make_window(REFERENCE)


def tree_index(window, *titles):
    model = window.tree_model
    index = model.all_index()
    for title in titles:
        index = next(model.index(r, 0, index) for r in range(model.rowCount(index))
                     if model.node(model.index(r, 0, index)).title == title)
    return index


def click_tree(qtbot, window, index):
    window.tree.scrollTo(index)
    qtbot.mouseClick(window.tree.viewport(), Qt.MouseButton.LeftButton, pos=window.tree.visualRect(index).center())


def click_row(qtbot, window, row, modifier=Qt.KeyboardModifier.NoModifier):
    index = window.table_model.index(row, Column.SUMMARY)
    window.table.scrollTo(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     window.table.visualRect(index).center())


def click_link(qtbot, detail, text):
    cursor = detail.document().find(text)
    assert not cursor.isNull(), f"{text!r} is not in the pane"
    middle = QTextCursor(detail.document())
    middle.setPosition((cursor.selectionStart() + cursor.selectionEnd()) // 2)
    pos = detail.cursorRect(middle).center() + QPoint(1, 0)
    qtbot.mouseClick(detail.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def visible_summaries(window):
    return [c.summary for c in window.table_model.visible_changes()]


def test_tree_shows_the_release_with_sections_and_counts(window):
    model = window.tree_model
    root = model.all_index()
    assert (model.data(root), model.data(root.siblingAtColumn(1))) == ("All releases", "75")
    release = tree_index(window, "v3.23.0")
    assert model.data(release.siblingAtColumn(1)) == "75"
    titles = {model.data(model.index(r, 0, release)): model.data(model.index(r, 1, release))
              for r in range(model.rowCount(release))}
    assert titles["Bug fixes"] == "25" and titles["Other changes"] == "40"
    assert titles["User action required if upgrading to v3.23.0"] == "1"
    assert titles["VPP dataplane beta"] == "0"  # prose only: kept so its notes can be read
    ebpf = tree_index(window, "v3.23.0", "Bug fixes", "eBPF dataplane")
    assert model.data(ebpf.siblingAtColumn(1)) == "5"


def test_typing_an_author_filters_the_table(qtbot, window):
    qtbot.keyClicks(window.filter_edit, "fasaxc")
    assert window.table_model.rowCount() == 8
    assert window.count_label.text() == "8 of 75 changes"
    assert all("fasaxc" in c.authors for c in window.table_model.visible_changes())


def test_escape_clears_and_ctrl_f_focuses_the_filter(qtbot, window):
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_edit.hasFocus()
    qtbot.keyClicks(window.filter_edit, "typha")
    assert window.table_model.rowCount() < 75
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert window.filter_edit.text() == "" and window.table_model.rowCount() == 75


def test_selecting_a_section_scopes_the_table(qtbot, window):
    click_tree(qtbot, window, tree_index(window, "v3.23.0", "Bug fixes", "eBPF dataplane"))
    assert window.table_model.rowCount() == EBPF_FIXES
    assert {c.section for c in window.table_model.visible_changes()} == {("Bug fixes", "eBPF dataplane")}
    assert window.count_label.text() == "5 of 75 changes"
    click_tree(qtbot, window, tree_index(window))
    assert window.table_model.rowCount() == 75


def test_the_first_notes_in_the_pane_were_rendered_while_loading(qtbot, make_window, tmp_path, monkeypatch):
    from explorer import render

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "CHANGELOG.md").write_text("# Widget\n\nThe **widget** changelog.\n\n## 1.0.0\n\n- Fix a crash\n")
    window = make_window()
    on_gui_thread: list[str] = []  # what the window's own Markdown renders

    def markdown(text: str) -> str:
        on_gui_thread.append(text)
        return render._make_markdown()(text)

    monkeypatch.setattr(render, "_markdown", lambda: markdown)
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.open_paths([str(folder)])
    qtbot.waitUntil(lambda: "changelog" in window.detail.toPlainText())
    assert "<b>widget</b>" in window.detail.toHtml() or "font-weight" in window.detail.toHtml()
    assert not [text for text in on_gui_thread if "changelog" in text]


def test_selecting_a_section_with_prose_shows_its_notes(qtbot, window):
    click_tree(qtbot, window, tree_index(window, "v3.23.0", "VPP dataplane beta"))
    assert "has reached beta status" in window.detail.toPlainText()


def test_selected_row_shows_its_pr_link_and_clicking_opens_it(qtbot, window, browser):
    click_tree(qtbot, window, tree_index(window, "v3.23.0", "Bug fixes", "eBPF dataplane"))
    click_row(qtbot, window, 0)
    change = window.table_model.change(0)
    url = change.refs[0].url
    assert f'href="{url}"' in window.detail.toHtml()
    before = window.detail.toHtml()
    click_link(qtbot, window.detail, change.refs[0].label)
    assert browser.urls == [url]
    assert window.detail.toHtml() == before  # the pane did not navigate


def test_arrow_keys_move_the_selection_and_the_detail_follows(qtbot, window):
    click_row(qtbot, window, 0)
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    second = window.table_model.change(1)
    assert window.table.selectionModel().selectedRows()[0].row() == 1
    assert second.summary[:40] in window.detail.toPlainText()


def test_unsafe_links_are_not_opened(qtbot, make_window, tmp_path, browser):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(
        "## 1.0.0 - 2024-01-01\n\n"
        "- See [local file](file:///etc/passwd) and [a script](javascript:alert(1)) "
        "and ![pic](/etc/passwd) and <script>alert(2)</script>\n"
    )
    window = make_window(notes)
    click_row(qtbot, window, 0)
    html = window.detail.toHtml()
    assert "javascript:" not in html and "file:///etc" not in html.replace("blocked:file%3A", "")
    assert "&lt;script&gt;" in html
    click_link(qtbot, window.detail, "local file")
    assert "Not opened: file:///etc/passwd" in window.statusBar().currentMessage()
    click_link(qtbot, window.detail, "a script")
    assert "Not opened: javascript:alert(1)" in window.statusBar().currentMessage()
    assert browser.urls == []


def test_export_writes_exactly_the_selected_rows(qtbot, window, tmp_path, monkeypatch):
    click_row(qtbot, window, 2)
    click_row(qtbot, window, 4, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, window, 7, Qt.KeyboardModifier.ControlModifier)
    chosen = [window.table_model.change(r).summary for r in (2, 4, 7)]
    target = tmp_path / "three.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV (*.csv)"))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == chosen
    assert "Exported 3 changes" in window.statusBar().currentMessage()


def test_export_asks_before_replacing_a_file(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "keep.json"
    target.write_text("mine")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "JSON (*.json)"))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Cancel)
    window.export_action.trigger()
    assert target.read_text() == "mine" and "already exists" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.export_action.trigger()
    assert target.read_text().startswith("[")


def test_export_without_selection_writes_the_visible_rows(qtbot, window, tmp_path, monkeypatch):
    qtbot.keyClicks(window.filter_edit, "wireguard")
    target = tmp_path / "visible.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Markdown (*.md)"))
    window.export_action.trigger()
    text = target.read_text()
    assert text.count("\n- ") + text.startswith("- ") == window.table_model.rowCount() > 0


def test_ctrl_c_copies_the_selected_rows(qtbot, window):
    click_row(qtbot, window, 0)
    click_row(qtbot, window, 2, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 4  # a header line (several rows), then the three rows
    assert lines[0].split("\t")[:4] == ["release", "date", "section", "summary"]
    first = window.table_model.change(0)
    assert lines[1].split("\t")[:4] == ["v3.23.0", "2022-05-09", " / ".join(first.section), first.summary]


def selected_ids(window):
    return [window.table_model.change(i.row()).id for i in window.table.selectionModel().selectedRows()]


def test_selection_survives_filtering_while_the_rows_stay_visible(qtbot, window):
    qtbot.keyClicks(window.filter_edit, "ebpf")
    row = next(r for r, c in enumerate(window.table_model.visible_changes()) if "conntrack" in c.summary)
    click_row(qtbot, window, row)
    kept = selected_ids(window)
    qtbot.keyClicks(window.filter_edit, " conntrack")
    assert window.table_model.rowCount() < 12 and selected_ids(window) == kept
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert window.table_model.rowCount() == 75 and selected_ids(window) == kept
    qtbot.keyClicks(window.filter_edit, "windows")
    assert selected_ids(window) == []


def test_a_broken_file_gives_a_dialog_and_keeps_the_notes(qtbot, window, tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"\x00\xff\x00binary" * 20)
    with qtbot.waitSignal(window.loaded) as loaded:
        window.open_paths([str(broken)])
    assert loaded.args == [False]
    box = window.message_box
    assert box.isVisible() and str(broken) in box.text() and "binary" in box.text()
    assert window.table_model.total() == 75
    box.close()


def test_sorting_by_release_uses_version_order(qtbot, make_window, tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("## v3.10.0\n\n- ten\n\n## v3.2.0\n\n- two\n\n## v3.9.0\n\n- nine\n")
    window = make_window(notes)
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.RELEASE) + header.sectionSize(Column.RELEASE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert [c.release.version for c in window.table_model.visible_changes()] == ["v3.2.0", "v3.9.0", "v3.10.0"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert [c.release.version for c in window.table_model.visible_changes()] == ["v3.10.0", "v3.9.0", "v3.2.0"]
    tree_releases = [window.tree_model.node(window.tree_model.index(r, 0, window.tree_model.all_index())).title
                     for r in range(3)]
    assert tree_releases == ["v3.10.0", "v3.9.0", "v3.2.0"]


def test_sorting_before_and_after_the_sort_orders_are_worked_out(qtbot, make_window, corpus):
    window = make_window()
    early, ready = [], []

    def sort_at_once(ok):  # a click as the notes appear, before the orders are worked out
        ready.append(window.is_sorting_ready())
        window.table.sortByColumn(Column.SUMMARY, Qt.SortOrder.AscendingOrder)
        early.extend(c.summary.casefold() for c in window.table_model.visible_changes())
        window.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)

    window.loaded.connect(sort_at_once)
    with qtbot.waitSignal(window.loaded, timeout=30_000):
        window.open_paths([str(REFERENCE)])
    window.loaded.disconnect(sort_at_once)
    assert ready == [False]
    expected = sorted(c.summary.casefold() for c in window.table_model.visible_changes())
    qtbot.waitUntil(window.is_sorting_ready)  # worked out between events
    window.table.sortByColumn(Column.SUMMARY, Qt.SortOrder.AscendingOrder)
    late = [c.summary.casefold() for c in window.table_model.visible_changes()]
    assert early == late == expected


def test_every_row_and_a_filtered_few_sort_alike_both_ways(qtbot, make_window):
    """All rows are put in order from the ranks directly, a filtered few by sorting them: the
    two agree, descending is ascending reversed, and no sort gives back the document order."""
    window = make_window(REFERENCE)
    qtbot.waitUntil(window.is_sorting_ready, timeout=10_000)
    model = window.table_model
    document = model.visible_changes()
    for column in Column:
        window.session.set_query("")
        qtbot.waitUntil(lambda: model.rowCount() == 75)
        window.table.selectRow(5)
        selected = model.change(5)
        window.table.sortByColumn(int(column), Qt.SortOrder.AscendingOrder)
        every = model.visible_changes()
        assert sorted(map(id, every)) == sorted(map(id, document)) and len(every) == 75
        assert model.change(window.table.currentIndex().row()) is selected  # the selection follows
        window.table.sortByColumn(int(column), Qt.SortOrder.DescendingOrder)
        assert model.visible_changes() == every[::-1]
        window.session.set_query("ebpf")
        qtbot.waitUntil(lambda: 0 < model.rowCount() < 75)
        window.table.sortByColumn(int(column), Qt.SortOrder.AscendingOrder)
        few = model.visible_changes()
        assert few == [c for c in every if c in few]
    window.session.set_query("")
    qtbot.waitUntil(lambda: model.rowCount() == 75)
    window.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert model.visible_changes() == document


def test_models_pass_the_model_tester(qtmodeltester, window):
    qtmodeltester.check(window.tree_model)
    qtmodeltester.check(window.table_model)
    window.session.set_query("ebpf")
    qtmodeltester.check(window.table_model)


def test_settings_remember_splitters_columns_and_recent_files(qtbot, make_window, settings, corpus):
    window = make_window(REFERENCE)
    window.resize(760, 560)  # within the offscreen screen, so the geometry is restored as it is
    window.splitter.setSizes([150, 590])
    window.detail_splitter.setSizes([300, 200])
    window.table.horizontalHeader().resizeSection(Column.SECTION, 222)
    sizes = window.splitter.sizes(), window.detail_splitter.sizes()
    window.close()
    again = make_window()
    assert (again.splitter.sizes(), again.detail_splitter.sizes()) == sizes
    assert again.table.horizontalHeader().sectionSize(Column.SECTION) == 222
    assert [a.text().split(" ", 1)[1] for a in again.recent_menu.actions()] == [str(REFERENCE)]


def test_tab_order_goes_tree_filter_table_detail(window):
    assert window.tree.nextInFocusChain() is window.filter_edit or window.nextInFocusChain()
    chain, widget = [], window.tree
    for _ in range(3):
        widget = widget.nextInFocusChain()
        while widget not in (window.filter_edit, window.table, window.detail, window.tree):
            widget = widget.nextInFocusChain()
        chain.append(widget)
    assert chain == [window.filter_edit, window.table, window.detail]


def test_a_header_click_after_the_sort_orders_are_ready_only_sorts(qtbot, make_window, monkeypatch):
    """The sort orders worked out between events are the ones a click uses: none is worked out
    again on the click (at 100k changes that is the difference between 30 and 130 ms)."""
    from explorer.ui import change_model

    window = make_window(REFERENCE)
    qtbot.waitUntil(window.is_sorting_ready, timeout=10_000)
    monkeypatch.setattr(change_model, "sort_ranks", lambda *a: pytest.fail("a sort order worked out on the click"))
    for column in Column:
        window.table.sortByColumn(int(column), Qt.SortOrder.AscendingOrder)
    assert window.table_model.rowCount() == 75


def test_thousands_of_releases_come_into_the_tree_as_it_scrolls(qtbot, make_window, monkeypatch, qtmodeltester):
    """A view lays out every row of an expanded node: the tree shows the first releases, and
    more each time the user scrolls to its end, until it is whole."""
    from explorer.ui.app import demo_path
    from explorer.ui.tree_model import ReleaseTreeModel

    monkeypatch.setattr(ReleaseTreeModel, "FILL_STEP", 2)
    window = make_window()
    window.resize(900, 200)  # a tree of a few rows
    model = window.tree_model
    at_load, inserted = [], []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    window.loaded.connect(lambda _shown: at_load.append(model.rowCount(model.all_index())))
    with qtbot.waitSignal(window.loaded, timeout=10_000):
        window.open_paths([demo_path()])
    # the first steps, as many as the tree has room for, shown with the notes
    assert at_load[0] % 2 == 0 and 2 <= at_load[0] < 7 and not model.is_filled()
    qtbot.waitExposed(window)
    bar = window.tree.verticalScrollBar()
    for _ in range(10):  # the user drags the scroll bar to the end, again and again
        if model.is_filled():
            break
        QApplication.processEvents()
        bar.setValue(bar.maximum())
    assert model.is_filled() and inserted[-1] == (6, 6) and all(last - first == 1 for first, last in inserted[:-1])
    assert [model.node(model.index(r, 0, model.all_index())).title for r in range(7)] == [
        "v3.1.0", "v3.0.0", "2.10.0", "2.10.0-rc.1", "2.9.0", "1.2.0", "1.1.0"]
    qtmodeltester.check(model)
