"""CSV, JSON and Markdown export: exact columns, round trips, injection safety, atomic writes."""

import csv
import io
import json
import os
import re

import pytest

from explorer import export
from explorer.parse import load_paths, parse_text

NOTES = """\
## 2.0.0 - 2024-05-01

### Fixed

- =HYPERLINK("http://evil") looks like a formula [#1](https://github.com/o/r/pull/1) (@alice)
- Plain, with "quotes", commas
  and a second line ([#2](https://github.com/o/r/issues/2), [@bob](https://github.com/bob))
- -1 is negative; @mention; +plus

## 1.0.0 - 2024-01-01

- **Breaking:** first [#3](https://github.com/o/r/pull/3)
"""


@pytest.fixture
def changes():
    return parse_text(NOTES, "notes/CHANGELOG.md").changes


def read_csv(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_header_and_rows(changes):
    rows = read_csv(export.to_csv(changes))
    assert rows[0] == ["release", "date", "section", "summary", "refs", "authors", "labels", "url", "file", "line",
                       "project"]
    assert rows[2] == ["2.0.0", "2024-05-01", "Fixed", 'Plain, with "quotes", commas and a second line',
                       "r#2", "bob", "", "https://github.com/o/r/issues/2", "notes/CHANGELOG.md", "6",
                       changes[1].release.project]
    assert changes[1].release.project == "r"  # the repository its links point to
    assert len(rows) == 1 + len(changes)


def test_csv_cells_that_look_like_formulas_are_quoted(changes):
    rows = read_csv(export.to_csv(changes))
    assert rows[1][3].startswith("'=HYPERLINK")
    assert rows[3][3] == "'-1 is negative; '@mention; '+plus"  # each ';' may start a cell too
    raw = read_csv(export.to_csv(changes, raw=True))
    assert raw[1][3].startswith("=HYPERLINK")


def test_csv_round_trip_equals_the_model(changes):
    rows = read_csv(export.to_csv(changes, raw=True))[1:]
    for row, change in zip(rows, changes, strict=True):
        assert row == export.csv_row(change)
    safe = read_csv(export.to_csv(changes))[1:]
    for row, change in zip(safe, changes, strict=True):
        assert [re.sub(r"(^|;[ ]*)'", r"\1", cell) for cell in row] == export.csv_row(change)


def test_csv_without_bom():
    assert not export.to_csv([], bom=False).startswith("\ufeff")


def test_json_round_trip(changes):
    data = json.loads(export.to_json(changes))
    assert [d["summary"] for d in data] == [c.summary for c in changes]
    first = data[1]
    assert set(first) == {"project", "release", "date", "section", "summary", "markdown", "refs", "authors",
                          "labels", "flags", "file", "line"}
    assert first["project"] == "r"
    assert first["refs"] == [{"repo": "r", "number": "2", "url": "https://github.com/o/r/issues/2", "kind": "issue"}]
    assert first["section"] == ["Fixed"]
    assert data[3]["flags"] == ["breaking"]
    assert first["markdown"] == changes[1].markdown


def test_markdown_export_parses_back_to_the_same_changes(changes):
    again = parse_text(export.to_markdown(changes), "again.md").changes
    assert [(c.release.version, c.section, c.summary, c.refs) for c in again] == [
        (c.release.version, c.section, c.summary, c.refs) for c in changes
    ]


@pytest.mark.parametrize("name, fmt", [("a.csv", "csv"), ("a.JSON", "json"), ("a.md", "markdown"),
                                       ("a.markdown", "markdown"), ("a.txt", "csv"), (None, "csv")])
def test_format_follows_the_extension(name, fmt):
    assert export.format_for_path(name) == fmt


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    os.chmod(target, 0o640)
    export.write_atomic(str(target), "new")
    assert target.read_text() == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["out.csv"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.csv"
    target.write_bytes(b"precious")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError):
        export.write_atomic(str(target), "x" * 100_000)
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_exception_half_way_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "new.json"
    monkeypatch.setattr(os, "replace", lambda *_a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        export.write_atomic(str(target), "{}")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_an_exported_file_holds_what_render_gives(tmp_path, changes, fmt):
    target = tmp_path / "out"
    export.export_file(str(target), changes, fmt)
    assert target.read_bytes() == export.render(changes, fmt).encode("utf-8")


class _Failing(list):
    """Changes whose iteration fails after the first: a failure while rows are streamed."""

    def __iter__(self):
        yield self[0]
        raise MemoryError


def test_a_failure_while_rows_are_written_keeps_the_old_file(tmp_path, changes):
    target = tmp_path / "out.csv"
    target.write_bytes(b"precious")
    with pytest.raises(MemoryError):
        export.export_file(str(target), _Failing(changes), "csv")
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["out.csv"]


def test_markdown_export_reads_back_the_same_even_with_an_unclosed_fence_and_html_names():
    notes = ("## v1.0.0<img src=x> (2024-01-02)\n\n### <b>Fixes</b> & more\n\n"
             "- Add an example:\n\n  ```sh\n  run it\n\n## 0.9.0\n\n- Older change\n")
    log = parse_text(notes, "CHANGELOG.md")
    exported = export.to_markdown(log.changes)
    assert "<img" not in exported and "<b>" not in exported
    again = parse_text(exported, "CHANGELOG.md")
    assert [(c.release.version, c.section, c.summary[:15]) for c in again.changes] == [
        (c.release.version, c.section, c.summary[:15]) for c in log.changes] == [
        ("v1.0.0", ("Fixes & more",), "Add an example:"), ("0.9.0", (), "Older change")]
    assert "  ```sh\n  run it\n  ```\n" in exported  # the fence the item left open is closed


def test_a_markdown_export_in_a_folder_is_not_read_as_notes_again(tmp_path, changes):
    (tmp_path / "CHANGELOG.md").write_text(NOTES)
    export.export_file(str(tmp_path / "export.md"), changes, "markdown")
    folder = load_paths([str(tmp_path)])
    assert len(folder.changes) == len(changes)
    assert [(f.path.endswith("export.md"), f.skipped.startswith("a Markdown export")) for f in folder.files
            if f.skipped] == [(True, True)]
    alone = load_paths([str(tmp_path / "export.md")])  # named on its own, it is read
    assert [c.summary for c in alone.changes] == [c.summary for c in changes]


@pytest.mark.parametrize("cell, guarded", [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("-Zembed-metadata", "'-Zembed-metadata"),
    ("fine; =1+1", "fine; '=1+1"),  # read with ";" between cells, "=1+1" would start a cell
    ("a;@SUM(1)", "a;'@SUM(1)"),
    ("plain; text", "plain; text"),
    ("1.10", "1.10"),
])
def test_the_formula_guard_covers_cells_a_semicolon_starts(cell, guarded):
    assert export.guard_cell(cell) == guarded
    assert read_csv(export.to_csv(parse_text(f"## 1.0.0\n\n- {cell}\n", "v.md").changes))[1][3] == guarded
    assert read_csv(export.to_csv(parse_text(f"## 1.0.0\n\n- {cell}\n", "v.md").changes, raw=True))[1][3] == cell


def test_json_and_markdown_never_carry_raw_controls_and_json_keeps_the_data():
    changes = parse_text("## 1.0.0\n\n- cod\u202eexe.doc and \x9b31m and \x1b]52;c;eA==\x07 end\n", "v.md").changes
    text = export.to_json(changes)
    assert not export._HIDDEN_RE.search(text)
    assert json.loads(text)[0]["summary"] == changes[0].summary  # escaped, not changed
    markdown = export.to_markdown(changes)
    assert not export._HIDDEN_RE.search(markdown) and "cod\u27e8U+202E\u27e9exe.doc" in markdown


def test_json_escapes_delete_in_an_otherwise_ascii_change():
    changes = parse_text("## 1.0.0\n\n- plain ascii \x7f here\n", "v.md").changes
    text = export.to_json(changes)
    assert "\x7f" not in text and "\\u007f" in text
    assert json.loads(text)[0]["summary"] == changes[0].summary


def test_markdown_of_several_projects_groups_by_project_first():
    from explorer.parse import parse_text

    calico = parse_text("# Calico release notes\n\n## v3.23.0\n\n### Fixes\n\n- A fix (@ann)\n", "c/notes.md").changes
    kube = parse_text("# Kubernetes changelog\n\n## v1.28.0\n\n- A change (@bob)\n", "k/CHANGELOG.md").changes
    text = export.to_markdown([calico[0], kube[0], calico[0]])
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# Calico", "## v3.23.0", "### Fixes", "# Kubernetes", "## v1.28.0"]
    assert text.count("A fix") == 2
    assert export.to_markdown(calico).count("# Calico") == 0  # one project: no project heading
