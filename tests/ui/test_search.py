"""Search in the window: facets, the upgrade range, bad queries, highlighting, history, saved filters."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QInputDialog

from tests.conftest import REFERENCE


@pytest.fixture
def calico(make_window, corpus):
    return make_window(corpus / "calico")


def facet(window, title):
    index = [m.title for m in window.facet_models].index(title)
    window.facets.setCurrentIndex(index)
    return window.facet_models[index], window.facets.views[index]


def facet_counts(model):
    return {model.value(r): int(model.index(r, 1).data()) for r in range(model.rowCount())}


def tick(qtbot, view, value):
    model = view.model()
    row = next(r for r in range(model.rowCount()) if model.value(r) == value)
    rect = view.visualRect(model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))


def recount(qtbot, window):
    """Wait for the counts, which follow the filter a moment after typing stops."""
    with qtbot.waitSignal(window.recounted, timeout=10_000):
        window.session.recount_now()


def test_ticking_facets_filters_and_recounts(qtbot, make_window, corpus):
    window = make_window(REFERENCE)
    recount(qtbot, window)
    authors, author_view = facet(window, "Authors")
    assert facet_counts(authors)["fasaxc"] == 8
    repos, _ = facet(window, "Repos")
    assert facet_counts(repos) == {"calico": 73, "bird": 2}  # changes, not refs: one has two

    _, author_view = facet(window, "Authors")
    tick(qtbot, author_view, "fasaxc")
    assert window.filter_edit.text() == "author:=fasaxc"
    assert window.table_model.rowCount() == 8
    recount(qtbot, window)
    assert facet_counts(repos) == {"calico": 8}
    assert facet_counts(authors)["lmm"] > 0  # an author facet counts without its own ticks

    tick(qtbot, author_view, "lmm")  # OR within a facet
    assert window.filter_edit.text() == "(author:=fasaxc OR author:=lmm)"
    both = window.table_model.rowCount()
    assert both == 8 + facet_counts(authors)["lmm"]

    sections, section_view = facet(window, "Sections")
    recount(qtbot, window)
    assert "Bug fixes / eBPF dataplane" not in facet_counts(sections)  # neither author is there
    tick(qtbot, section_view, "Bug fixes / General")  # AND across facets
    assert window.filter_edit.text() == '(author:=fasaxc OR author:=lmm) section:="Bug fixes / General"'
    assert all(c.section == ("Bug fixes", "General") and {"fasaxc", "lmm"} & set(c.authors)
               for c in window.table_model.visible_changes())
    assert window.table_model.rowCount() < both

    window.filter_edit.setText("typha author:=fasaxc")  # typing ticks the facet too
    assert authors.ticked() == ["fasaxc"] and sections.ticked() == []


def test_upgrade_range_pickers(qtbot, calico):
    window = calico
    window.from_combo.setCurrentText("v3.20.0")
    window.to_combo.setCurrentText("v3.23.0")
    assert window.filter_edit.text() == "release:>v3.20.0 release:<=v3.23.0"
    assert window.table_model.rowCount() == 43 + 34 + 75  # v3.21.0, v3.22.0, v3.23.0
    assert {c.release.version for c in window.table_model.visible_changes()} == {"v3.21.0", "v3.22.0", "v3.23.0"}
    recount(qtbot, window)
    model = window.tree_model
    shown = {model.node(model.index(r, 0, model.all_index())).title: model.index(r, 1, model.all_index()).data()
             for r in range(model.rowCount(model.all_index()))}
    assert shown["v3.23.0"] == "75 of 75" and shown["v3.24.0"] == "0 of 88" and shown["v3.20.0"] == "0 of 34"
    window.from_combo.setCurrentIndex(0)  # "any"
    assert window.filter_edit.text() == "release:<=v3.23.0"


def test_a_malformed_query_keeps_the_previous_rows(qtbot, make_window, corpus):
    window = make_window(REFERENCE)
    qtbot.keyClicks(window.filter_edit, "fasaxc")
    assert window.table_model.rowCount() == 8
    qtbot.keyClicks(window.filter_edit, " (")
    assert window.table_model.rowCount() == 8
    assert window.filter_edit.property("invalid") is True
    assert "'(' is not closed (at position 8)" in window.statusBar().currentMessage()
    assert "at position 8" in window.filter_edit.toolTip()
    qtbot.keyClicks(window.filter_edit, "typha)")
    assert window.filter_edit.property("invalid") is False
    assert window.table_model.rowCount() == 2


def test_matches_are_highlighted_in_the_table_and_the_pane(qtbot, make_window, corpus):
    window = make_window(REFERENCE)
    qtbot.keyClicks(window.filter_edit, "conntrack /udp|tcp/")
    assert window.highlighter._words == ["conntrack"]
    window.table.selectRow(0)
    html = window.detail.toHtml()
    assert html.count("background-color:#ffd54f") >= 2
    pixmap = window.table.viewport().grab()  # the delegate paints without error
    assert not pixmap.isNull()


def test_history_offers_recent_queries_and_is_remembered(qtbot, make_window, settings, corpus):
    window = make_window(REFERENCE)
    for query in ("ebpf", "typha", "ebpf"):
        window.filter_edit.setText(query)
        qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    assert window.filter_edit.history.stringList() == ["ebpf", "typha"]
    again = make_window()
    assert again.filter_edit.history.stringList() == ["ebpf", "typha"]
    again.filter_edit.setText("")
    qtbot.keyClicks(again.filter_edit, "typ")
    completer = again.filter_edit.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "typha"


def test_saved_filters_are_reapplied_from_the_menu(qtbot, make_window, monkeypatch, corpus):
    window = make_window(REFERENCE)
    window.filter_edit.setText("section:ebpf -windows")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("eBPF, not Windows", True))
    window.save_filter_action.trigger()
    window.filter_edit.clear()
    again = make_window(REFERENCE)
    entry = next(a for a in again.filters_menu.actions() if a.text() == "eBPF, not Windows")
    entry.trigger()
    assert again.filter_edit.text() == "section:ebpf -windows"
    assert again.table_model.rowCount() == 12
    again.delete_filter_menu.actions()[0].trigger()
    assert "eBPF, not Windows" not in [a.text() for a in again.filters_menu.actions()]


def test_facet_model_passes_the_model_tester(qtbot, qtmodeltester, make_window, corpus):
    window = make_window(REFERENCE)
    recount(qtbot, window)
    for model in window.facet_models:
        qtmodeltester.check(model)


def test_a_release_expanded_after_filtering_shows_filtered_counts(qtbot, calico):
    tree, model = calico.tree, calico.tree_model
    release = model.index(0, 0, model.all_index())
    tree.collapse(release)
    qtbot.keyClicks(calico.filter_edit, "section:ebpf")
    recount(qtbot, calico)
    tree.expand(release)  # its children were not announced while it was collapsed
    node = model.node(release)
    matching = [c for c in calico.table_model.visible_changes() if c.release is node.release]
    assert matching  # the newest Calico release has eBPF changes
    for row in range(model.rowCount(release)):
        child = model.node(model.index(row, 0, release))
        expected = sum(1 for c in matching if c.section[:len(child.path)] == child.path)
        assert model.index(row, 1, release).data().split(" of ")[0] == str(expected), child.path


def test_a_slow_filter_runs_off_the_gui_thread_and_the_next_keystroke_supersedes_it(qtbot, make_window, monkeypatch):
    """As filtering a million changes takes: each filter runs on a thread, the window answers
    meanwhile, and a keystroke stops the filter it makes stale."""
    import threading
    import time

    from explorer.browse import select
    from explorer.ui import session

    window = make_window(REFERENCE)
    monkeypatch.setattr(session, "FILTER_BUDGET_S", 0.0)  # every filter counts as slow
    real = session.matching

    def slow_matching(changes, texts, query, rows):
        assert threading.current_thread() is not threading.main_thread()
        time.sleep(0.03)
        return real(changes, texts, query, rows)

    monkeypatch.setattr(session, "matching", slow_matching)
    applied = []
    window.session.query_changed.connect(lambda query: applied.append(query.text))
    qtbot.keyClicks(window.filter_edit, "ebpf", delay=5)  # each key arrives while the last one's filter runs
    assert window.is_filter_pending() and "Filtering" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.is_filter_pending(), timeout=10_000)
    assert applied == ["ebpf"]  # "e", "eb" and "ebp" were stopped before they ended
    assert window.table_model.rowCount() == len(select(window.session.changes, "ebpf"))
    assert "Filtering" not in window.statusBar().currentMessage()


def test_esc_stops_a_running_filter_and_says_so(qtbot, make_window, monkeypatch):
    import time

    from explorer.ui import session

    window = make_window(REFERENCE)
    total = window.table_model.rowCount()
    monkeypatch.setattr(session, "FILTER_BUDGET_S", 0.0)
    real = session.matching
    monkeypatch.setattr(session, "matching", lambda *a: (time.sleep(0.2), real(*a))[1])
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "/bpf/")
    assert window.is_filter_pending()
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Escape)
    assert not window.is_filter_pending()
    assert window.filter_edit.text() == "/bpf/"  # kept, to run again with Enter
    assert "Filter stopped" in window.statusBar().currentMessage()
    assert "Filter stopped" in window.filter_edit.toolTip()
    assert window.table_model.rowCount() == total  # the rows of the filter before
    monkeypatch.setattr(session, "matching", real)
    qtbot.keyClick(window.filter_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_filter_pending(), timeout=10_000)
    assert 0 < window.table_model.rowCount() < total and window.filter_edit.toolTip() == ""

