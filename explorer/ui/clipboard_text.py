"""What the window puts on the clipboard: rows as tab-separated text or as a Markdown table (no Qt)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from explorer import export
from explorer.export import CSV_HEADER, csv_row
from explorer.model import Change

guard_cell = export.guard_cell  # the CSV export's guard (a spreadsheet runs "=…" as a formula): a paste is as safe

MARKDOWN_COLUMNS = ("release", "date", "section", "summary", "refs", "authors")

# Every character str.splitlines() breaks at, and a tab: any of them inside a cell would start a
# new cell or row once pasted.
_BREAKS = re.compile(r"[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def flat_cell(text: str) -> str:
    """The cell on one line, with no tab: a space stands for each tab or line break."""
    return _BREAKS.sub(" ", text)


def tsv_text(changes: Sequence[Change], *, guard: bool = True) -> str:
    """Rows as tab-separated lines with the CSV export's columns; a header line first when
    there are several rows (one row pastes as just that row)."""
    rows = [csv_row(change) for change in changes]
    if len(rows) > 1:
        rows.insert(0, list(CSV_HEADER))
    lines = ["\t".join(flat_cell(guard_cell(cell) if guard else cell) for cell in row) for row in rows]
    return "".join(line + "\n" for line in lines)


def markdown_cell(text: str) -> str:
    """A cell that keeps the table a table: pipes (and the backslashes that could unescape them)
    escaped, line breaks as spaces."""
    return flat_cell(text.replace("\\", "\\\\").replace("|", "\\|")).strip()


def markdown_table(changes: Sequence[Change]) -> str:
    """Changes as a GitHub-flavoured Markdown table: release, date, section, summary, refs, authors."""
    lines = ["| " + " | ".join(MARKDOWN_COLUMNS) + " |", "|" + " --- |" * len(MARKDOWN_COLUMNS)]
    for change in changes:
        cells = (change.release.version, change.release.date, " / ".join(change.section), change.summary,
                 ", ".join(ref.label for ref in change.refs), ", ".join(change.authors))
        lines.append("| " + " | ".join(markdown_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
