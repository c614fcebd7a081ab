"""Several projects in one window: the corpus folder, as a user keeps the notes of a cluster."""

from __future__ import annotations

import csv
from collections import Counter

import pytest
from PySide6.QtCore import Qt

from explorer.browse import Column, select
from explorer.export import CSV_HEADER
from explorer.parse import find_files, parse_file
from explorer.versions import version_key
from tests.conftest import REFERENCE

# Checked by reading the corpus: each file's title, front matter, release headings or links.
PROJECTS = ["@astrojs/mdx", "@sveltejs/adapter-node", "Apache DataFusion", "attrs", "axum", "calico", "Cargo",
            "conventional-changelog", "gitlab-pages", "kareem", "keep-a-changelog", "kubernetes", "laravel",
            "laravel-permission", "Node.js", "prometheus", "Rails", "release-please", "rich", "sqlfluff",
            "terraform", "terraform-provider-gitlab", "tracing", "traefik"]


@pytest.fixture(scope="module")
def per_file(corpus):
    """Each file parsed on its own: the counts the tree must show, found without it."""
    return [parse_file(path) for path in find_files(str(corpus))]


@pytest.fixture
def everything(make_window, corpus):
    window = make_window(corpus)
    window.session.recount_now()
    return window


def top_nodes(window):
    model = window.tree_model
    root = model.all_index()
    return [model.node(model.index(r, 0, root)) for r in range(model.rowCount(root))]


def test_the_tree_has_a_project_per_project_with_its_count(everything, per_file):
    nodes = top_nodes(everything)
    assert [n.title for n in nodes] == PROJECTS
    expected = Counter()
    for log in per_file:
        for change in log.changes:
            expected[change.release.project.casefold()] += 1
    assert {n.title.casefold(): n.count for n in nodes} == dict(expected)
    calico = nodes[PROJECTS.index("calico")]
    versions = [child.title for child in calico.children]
    assert len(versions) == 14 and versions[0] == "v3.31.0" and versions[-1] == "v3.18.0"
    assert versions == sorted(versions, key=version_key, reverse=True)
    kubernetes = nodes[PROJECTS.index("kubernetes")]
    assert [child.title for child in kubernetes.children] == ["1.28", "v1.27.0-alpha.2", "v1.27.0-alpha.1", "1.22"]


def test_a_project_node_scopes_the_table_and_the_range(qtbot, everything):
    window = everything
    model = window.tree_model
    row = PROJECTS.index("kubernetes")
    window.tree.setCurrentIndex(model.index(row, 0, model.all_index()))
    assert window.table_model.rowCount() == top_nodes(window)[row].count
    assert {c.release.project for c in window.table_model.visible_changes()} == {"kubernetes"}
    assert window.range_bar.project_combo.currentText() == "kubernetes"
    assert [window.from_combo.itemText(i) for i in range(window.from_combo.count())] == [
        "any", "1.28", "v1.27.0-alpha.2", "v1.27.0-alpha.1", "1.22"]


def test_a_two_project_upgrade(qtbot, everything):
    window = everything
    bar = window.range_bar
    assert bar.project_combo.isVisibleTo(window)
    bar.choose_project("calico")
    window.from_combo.setCurrentIndex(window.from_combo.findText("v3.22.0"))
    window.to_combo.setCurrentIndex(window.to_combo.findText("v3.24.0"))
    bar.add_action.trigger()  # "Add Another Project's Upgrade": the next project without one
    bar.choose_project("kubernetes")
    window.from_combo.setCurrentIndex(window.from_combo.findText("v1.27.0-alpha.1"))
    window.to_combo.setCurrentIndex(window.to_combo.findText("1.28"))
    text = window.filter_edit.text()
    assert text == ("((project:=calico release:>v3.22.0 release:<=v3.24.0) OR "
                    "(project:=kubernetes release:>v1.27.0-alpha.1 release:<=1.28))")
    qtbot.waitUntil(window.is_settled, timeout=20_000)
    shown = window.table_model.visible_changes()
    assert {(c.release.project, c.release.version) for c in shown} == {
        ("calico", "v3.23.0"), ("calico", "v3.23.5"), ("calico", "v3.24.0"),
        ("kubernetes", "v1.27.0-alpha.2"), ("kubernetes", "1.28")}
    assert len(shown) == len(select(window.session.changes, text))
    bar.choose_project("calico")  # the pickers show each project's own range again
    assert (window.from_combo.currentText(), window.to_combo.currentText()) == ("v3.22.0", "v3.24.0")
    window.to_combo.setCurrentIndex(window.to_combo.findText("v3.20.0"))  # backwards
    assert "must be older" in window.statusBar().currentMessage() and window.filter_edit.text() == text


def test_the_project_column_and_facet(qtbot, everything, make_window):
    window = everything
    assert not window.table.isColumnHidden(Column.PROJECT)
    assert window.table_model.headerData(Column.PROJECT, Qt.Orientation.Horizontal) == "Project"
    facet = next(m for m in window.facet_models if m.title == "Projects")
    counts = {facet.value(r): int(facet.index(r, 1).data().replace(",", "")) for r in range(facet.rowCount())}
    assert counts["traefik"] == 6968 and counts["calico"] == 740 and len(counts) == len(PROJECTS)
    row = next(r for r in range(facet.rowCount()) if facet.value(r) == "Rails")
    facet.setData(facet.index(row, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert window.filter_edit.text() == "project:=Rails"
    qtbot.waitUntil(window.is_settled, timeout=20_000)
    assert window.table_model.rowCount() == counts["Rails"]
    assert {window.table_model.data(window.table_model.index(r, Column.PROJECT))
            for r in range(window.table_model.rowCount())} == {"Rails"}
    one = make_window(REFERENCE)
    assert one.table.isColumnHidden(Column.PROJECT) and not one.range_bar.project_combo.isVisibleTo(one)


def test_completion_offers_the_projects(qtbot, everything):
    window = everything
    window.filter_edit.setFocus()
    qtbot.keyClicks(window.filter_edit, "project:=kube")
    completer = window.filter_edit.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "project:=kubernetes"


def test_an_export_of_several_projects_has_their_names(qtbot, everything, tmp_path):
    window = everything
    window.filter_edit.setText("ebpf OR conntrack OR tsdb")
    qtbot.waitUntil(window.is_settled, timeout=20_000)
    out = tmp_path / "upgrade.csv"
    assert window.export_to(str(out), window.table_model.visible_changes())
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == list(CSV_HEADER) and rows[0][-1] == "project"
    assert {row[-1] for row in rows[1:]} >= {"calico", "prometheus"}
    assert len(rows) - 1 == window.table_model.rowCount()


def test_notes_that_are_not_notes_stay_out(everything):
    skipped = [f for f in everything.session.changelog.files if f.skipped]
    assert [f.path.rsplit("/", 1)[1] for f in skipped] == ["FORMATS.md"]
    root = everything.tree_model.node(everything.tree_model.all_index())
    assert "Changelog corpus" not in root.notes
