"""The whole corpus through LibreOffice: XLSX comes back cell for cell; CSV needs its columns typed."""

import csv
import os
import re
import shutil
import subprocess

import pytest

from explorer import export
from explorer.parse import load_paths
from explorer.xlsx import write_xlsx

# Comma, double quote, UTF-8 (76), from line 1; export values rather than as shown, every sheet.
CSV_OUT = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
ALL_TEXT = "/".join(f"{col}/2" for col in range(1, len(export.CSV_HEADER) + 1))  # 2: a text column
INSTALL = "apt-get install -y --no-install-recommends libreoffice-calc-nogui"


@pytest.fixture(scope="module")
def soffice():
    found = shutil.which("soffice")
    if found is None:
        message = f"LibreOffice (soffice) is not installed: {INSTALL}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def changes(corpus):
    log = load_paths([str(corpus)])
    assert not log.errors and len(log.changes) > 10_000
    return log.changes


def to_csv(soffice, tmp_path, source, infilter=None):
    """The sheet LibreOffice reads from source, as rows of a CSV it writes."""
    out = tmp_path / "out"
    # A profile of its own: never the user's, and no clash with a LibreOffice already running.
    command = [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--convert-to", CSV_OUT, "--outdir", str(out), str(source)]
    if infilter:
        command[3:3] = [f"--infilter={infilter}"]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    (written,) = out.glob(f"{source.stem}-*.csv")  # one file per sheet, named after it
    with open(written, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def expected(changes):
    return [list(export.CSV_HEADER)] + [export.csv_row(c) for c in changes]


def differences(want, got):
    assert len(got) == len(want)
    return [(r, c, w, g) for r, (wrow, grow) in enumerate(zip(want, got, strict=True))
            for c, (w, g) in enumerate(zip(wrow, grow + [""] * (len(wrow) - len(grow)), strict=True)) if w != g]


def test_xlsx_comes_back_cell_for_cell(soffice, changes, tmp_path):
    path = tmp_path / "changes.xlsx"
    write_xlsx(str(path), changes)
    assert differences(expected(changes), to_csv(soffice, tmp_path, path)) == []


def test_csv_comes_back_only_with_every_column_read_as_text(soffice, changes, tmp_path):
    path = tmp_path / "raw.csv"
    export.export_file(str(path), changes, "csv", raw=True)
    assert differences(expected(changes), to_csv(soffice, tmp_path, path, f"CSV:44,34,76,1,{ALL_TEXT}")) == []


def test_csv_opened_as_is_loses_what_xlsx_keeps(soffice, changes, tmp_path):
    """Why XLSX: a spreadsheet guesses numbers in a CSV ("1.100" becomes 1.1, "0054" 54) and shows
    the quote that keeps a cell from being a formula."""
    path = tmp_path / "safe.csv"
    export.export_file(str(path), changes, "csv")
    lost = differences(expected(changes), to_csv(soffice, tmp_path, path, "CSV:44,34,76,1"))
    assert lost
    for row, col, want, got in lost:
        unguarded = re.sub(r"(^|;[ ]*)'", r"\1", got)  # the guard's quotes, at the start and after each ";"
        assert (got != want and unguarded == want) or float(got) == float(want), \
            (row, export.CSV_HEADER[col], want, got)


def test_cells_that_look_like_formulas_or_numbers_stay_text(soffice, tmp_path):
    from tests.unit.test_xlsx import CHANGES

    tricky = CHANGES[:3]  # "=cmd|' /C calc'!A0", "-Z…", versions "1.10"/"1.100", "0054", "Lourenço"
    path = tmp_path / "tricky.xlsx"
    write_xlsx(str(path), tricky)
    assert differences(expected(tricky), to_csv(soffice, tmp_path, path)) == []
