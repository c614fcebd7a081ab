"""The headless command line: export, releases, errors and exit codes."""

import csv
import datetime
import io
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from explorer import __version__
from explorer.cli import main

NOTES = ("## 1.1.0 - 2024-02-02\n\n- Fix one by @ann in https://github.com/o/r/pull/7\n- Add two\n\n"
         "## 1.0.0\n\n- First\n")


@pytest.fixture
def notes(tmp_path):
    path = tmp_path / "CHANGELOG.md"
    path.write_text(NOTES)
    return path


def run(capsysbinary, *args):
    code = main([str(a) for a in args])
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_export_csv_to_stdout(capsysbinary, notes):
    code, out, err = run(capsysbinary, "export", notes)
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert [r[3] for r in rows[1:]] == ["Fix one", "Add two", "First"]
    assert out.startswith("\ufeff")


def test_export_to_a_dash_writes_stdout_not_a_file(capsysbinary, notes, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsysbinary, "export", notes, "-o", "-", "--format", "json")
    assert code == 0 and err == ""
    assert [d["summary"] for d in json.loads(out)] == ["Fix one", "Add two", "First"]
    assert not (tmp_path / "-").exists()
    code, _, err = run(capsysbinary, "export", notes, "-o", "-", "--format", "xlsx")
    assert code == 2 and "needs a file" in err


def test_export_query_json_to_file(capsysbinary, notes, tmp_path):
    target = tmp_path / "out.json"
    code, out, _ = run(capsysbinary, "export", notes, "-o", target, "--query", "ANN fix")
    assert code == 0 and out == ""
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [d["summary"] for d in data] == ["Fix one"]
    assert data[0]["authors"] == ["ann"]


def test_export_markdown_format_flag_and_no_bom(capsysbinary, notes):
    code, out, _ = run(capsysbinary, "export", notes, "--format", "markdown", "--no-bom")
    assert code == 0
    assert out.startswith("<!-- exported by Changelog Explorer -->\n\n## 1.1.0 (2024-02-02)")


def test_unreadable_input_is_named_and_the_rest_exported(capsysbinary, notes, tmp_path):
    binary = tmp_path / "broken.md"
    binary.write_bytes(b"\x00\x01\x02" * 50)
    code, out, err = run(capsysbinary, "export", "--no-bom", binary, tmp_path / "missing.md", notes)
    assert code == 1
    assert err.splitlines() == [
        f"changelog-explorer: {binary}: binary data (NUL bytes), not text",
        f"changelog-explorer: {tmp_path / 'missing.md'}: no such file or folder",
    ]
    assert len(out.strip().splitlines()) == 4


def test_folder_input(capsysbinary, notes, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "NEWS").write_text("## 9.0.0\n\n- news item\n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    code, out, err = run(capsysbinary, "releases", tmp_path)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"1.1.0\t2024-02-02\t2\t{notes}",
        f"1.0.0\t-\t1\t{notes}",
        f"9.0.0\t-\t1\t{tmp_path / 'sub' / 'NEWS'}",
    ]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "--format", "xml", "x.md"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_version_and_help_from_the_installed_entry_point():
    out = subprocess.run([sys.executable, "-m", "explorer", "--version"], capture_output=True, text=True)
    assert (out.returncode, out.stdout.strip()) == (0, f"changelog-explorer {__version__}")
    out = subprocess.run([sys.executable, "-m", "explorer", "export", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "--query" in out.stdout


def test_a_target_in_a_missing_folder_is_refused_before_reading(capsysbinary, notes, tmp_path):
    code, _, err = run(capsysbinary, "export", notes, "-o", tmp_path / "no" / "such" / "dir.csv")
    assert code == 1
    assert err == (f"changelog-explorer: will not write {tmp_path / 'no' / 'such' / 'dir.csv'}: there is no "
                   f"folder {tmp_path / 'no' / 'such'}; nothing was written\n")


def test_malformed_query_exits_2_with_the_position(capsysbinary, notes):
    code, out, err = run(capsysbinary, "export", notes, "--query", "fix (one")
    assert (code, out) == (2, "")
    assert err == "changelog-explorer: bad query: '(' is not closed (at position 5)\n"


def test_field_query(capsysbinary, notes):
    code, out, _ = run(capsysbinary, "export", notes, "--no-bom", "--query", "release:>=1.1 author:ann")
    assert code == 0
    assert [r[3] for r in csv.reader(io.StringIO(out))][1:] == ["Fix one"]


def test_inspect_reports_each_file_and_its_doubts(capsysbinary, tmp_path):
    (tmp_path / "CHANGELOG.md").write_text("* see [the docs](https://example.org/docs)\n\n" + NOTES + "\n## 0.9.0\n")
    (tmp_path / "README.md").write_text("# Widget\n\nInstall version 1.2.3:\n\n- pip install widget\n")
    code, out, err = run(capsysbinary, "inspect", tmp_path)
    assert (code, err) == (0, "")
    assert out == (
        f"{tmp_path / 'CHANGELOG.md'}\n"
        "  3 releases, 3 changes, 1 ref, 1 author; releases taken from: h2\n"
        f"  project: {tmp_path.name} (from its folder)\n"
        "  ! 1 bullet before the first release heading, not read as changes (line 1)\n"
        "  ! 1 release without changes: 0.9.0 (line 12)\n"
        "\n"
        f"{tmp_path / 'README.md'}\n"
        "  0 releases, 0 changes, 0 refs, 0 authors; releases taken from: none\n"
        "  ! skipped: no release headings, and no version in its name or front matter\n"
        "\n"
        "2 files, 3 warnings\n"
    )


def test_inspect_names_a_file_it_could_not_read(capsysbinary, tmp_path):
    (tmp_path / "CHANGELOG.md").write_bytes(b"## 1.0.0\n\n- a\x00b\n")
    code, out, err = run(capsysbinary, "inspect", tmp_path / "CHANGELOG.md", tmp_path / "missing.md")
    assert (code, err) == (1, "")
    assert "  ! not read: binary data (NUL bytes), not text\n" in out
    assert f"{tmp_path / 'missing.md'}\n  ! not read: no such file or folder\n" in out


def test_export_says_which_files_it_skipped(capsysbinary, tmp_path, notes):
    (tmp_path / "README.md").write_text("# Widget\n\n- install it\n")
    code, out, err = run(capsysbinary, "export", tmp_path, "--format", "json")
    assert code == 0
    assert err == (f"changelog-explorer: skipped {tmp_path / 'README.md'}: no release headings, "
                   "and no version in its name or front matter\n")
    assert [c["summary"] for c in json.loads(out)] == ["Fix one", "Add two", "First"]


def test_xlsx_needs_a_file_and_is_written_with_one(capsysbinary, notes, tmp_path):
    code, out, err = run(capsysbinary, "export", notes, "--format", "xlsx")
    assert (code, out, err) == (2, "", "changelog-explorer: an XLSX workbook needs a file: add -o FILE.xlsx\n")
    target = tmp_path / "changes.xlsx"
    code, _, err = run(capsysbinary, "export", notes, "-o", target)  # the extension names the format
    assert (code, err) == (0, "")
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[2]][:4] == ["1.1.0", datetime.datetime(2024, 2, 2), None, "Fix one"]
