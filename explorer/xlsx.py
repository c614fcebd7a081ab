"""Write changes as an Excel workbook (XLSX): one sheet, the CSV columns, every text cell as text."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

import xlsxwriter

from explorer.model import Change

# The columns of explorer.export.CSV_HEADER (a test keeps the two equal; not imported from there,
# because export imports this module) with their widths in characters.
COLUMNS = (
    ("release", 12), ("date", 11), ("section", 28), ("summary", 80), ("refs", 18),
    ("authors", 18), ("labels", 18), ("url", 40), ("file", 30), ("line", 7),
)
HEADER = tuple(name for name, _ in COLUMNS)
SHEET = "Changes"

_CELL_MAX = 32_767  # Excel's limit on a cell, in UTF-16 code units
_URL_MAX = 2_079  # Excel's limit on a hyperlink
_LINKS_MAX = 65_530  # Excel's limit on hyperlinks in one worksheet
_MARK = "…"  # ends a cell cut at Excel's limit
# Characters that XML 1.0 cannot hold. XlsxWriter writes C0 controls as _xHHHH_ escapes, which
# Excel and LibreOffice decode but openpyxl (and so pandas) shows as they are; lone surrogates
# and U+FFFE/U+FFFF would fail the write. A replacement character is what every reader shows.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel keeps a line break as LF; a CR is written as an _x000D_ escape that readers treat apart.
_CR = re.compile("\r\n?")
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")  # either of the two
_POSING = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EPOCH = datetime.date(1899, 12, 30)  # serial 0 of Excel's 1900 date system, for dates from:
_FIRST_DATE = datetime.date(1900, 3, 1)
_LINK = re.compile(r"https?://[^\s\"<>]+", re.IGNORECASE)
# Characters XlsxWriter percent-escapes in a link target, each growing it by two.
_ESCAPED = re.compile(r"[\"<>\[\]^`{}%]")

_LINE_HEIGHT = 15  # points: the default row height, one line of 11-point Calibri
_MAX_LINES = 3  # a long summary shows this many lines; the rest is one click away
_WRAP_AT = 90  # characters of the default font that fit in a line of the summary column


def write_xlsx(path: str, changes: Sequence[Change]) -> None:
    """Write changes to a new workbook at path (the caller makes a replacement atomic).

    Rows are written in order and flushed one by one (XlsxWriter's constant_memory mode), so
    100k changes do not sit in memory as cells. Nothing is ever a formula or a guessed number.
    """
    workbook = xlsxwriter.Workbook(path, {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    sheet = workbook.add_worksheet(SHEET)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    top = workbook.add_format({"valign": "top"})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    # Cells take the format of their column: a format given to each cell costs a fifth more time.
    for col, (_, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width, wrap if col == 3 else date_format if col == 1 else top)
    for col, name in enumerate(HEADER):
        sheet.write_string(0, col, name, bold)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(changes), len(COLUMNS) - 1)

    write_string, write_number = sheet.write_string, sheet.write_number
    links = 0
    # Texts that many changes share (a release's version and date, a section, a file) are made
    # cell-ready once: at 100k changes the per-cell work is what the time goes on.
    releases: dict[int, tuple[str, int | str]] = {}
    shared: dict[object, str] = {}
    for row, change in enumerate(changes, start=1):
        release = change.release
        version_date = releases.get(id(release))
        if version_date is None:
            version_date = releases[id(release)] = (_text(release.version), _date(release.date))
        version, when = version_date
        section = shared.get(change.section)
        if section is None:
            section = shared[change.section] = _text(" / ".join(change.section))
        file = shared.get(change.file)
        if file is None:
            file = shared[change.file] = _text(change.file)
        summary = _text(change.summary)
        # A row's height goes before its cells: constant_memory writes a row out once the next begins.
        if len(summary) > _WRAP_AT or "\n" in summary:
            sheet.set_row(row, _LINE_HEIGHT * min(_lines(summary), _MAX_LINES))

        if version:
            write_string(row, 0, version)
        if when:
            if isinstance(when, str):
                write_string(row, 1, when)
            else:  # an Excel date: days since its epoch, shown by the column's date format
                write_number(row, 1, when)
        if section:
            write_string(row, 2, section)
        if summary:
            write_string(row, 3, summary)
        refs = change.refs
        if refs:
            write_string(row, 4, _text("; ".join([ref.label for ref in refs])))
        if change.authors:
            write_string(row, 5, _text("; ".join(change.authors)))
        if change.labels:
            write_string(row, 6, _text("; ".join(change.labels)))
        url = refs[0].url if refs else ""
        if url:
            if links < _LINKS_MAX and _linkable(url):
                links += 1
                sheet.write_url(row, 7, url, string=url)
            else:
                write_string(row, 7, _text(url))
        if file:
            write_string(row, 8, file)
        write_number(row, 9, change.line)
    workbook.close()


def _shown(m: re.Match) -> str:
    return f"\u27e8U+{ord(m.group()):04X}\u27e9"


def _text(value: str) -> str:
    """value as a cell can hold it: XML-safe, and cut with a mark at Excel's length limit."""
    if _SPECIAL.search(value):
        value = _NOT_XML.sub("\ufffd", _CR.sub("\n", value))
    if _POSING.search(value):  # bidi and zero-width controls shown, as in CSV: no name poses as another
        value = _POSING.sub(_shown, value)
    # A string of at most half the limit in code points cannot exceed it in UTF-16 units.
    if len(value) > _CELL_MAX // 2:
        units = value.encode("utf-16-le")
        if len(units) > 2 * _CELL_MAX:
            # "ignore" drops half of a surrogate pair that the cut splits.
            value = units[: 2 * (_CELL_MAX - len(_MARK))].decode("utf-16-le", "ignore") + _MARK
    return value


def _lines(summary: str) -> int:
    """About how many lines a wrapped summary takes in its column. Rows of longer summaries get
    a height of a few lines: Excel would otherwise fit the row to all of the wrapped text."""
    return sum(max(1, -(-len(part) // _WRAP_AT)) for part in summary.split("\n"))


def _date(text: str) -> int | str:
    """A full ISO date as an Excel date serial, anything else (a partial or impossible date, or
    one before March 1900, where Excel's serials count a 29 February 1900 that never was) as its
    text. A serial in a date-formatted column is what write_datetime writes, at less cost."""
    if _FULL_DATE.fullmatch(text):
        try:
            when = datetime.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if when >= _FIRST_DATE:
                return (when - _EPOCH).days
    return _text(text)


def _linkable(url: str) -> bool:
    """Whether url can be a working hyperlink: http(s), no spaces or controls, within Excel's limit
    once XlsxWriter has escaped it (beyond it XlsxWriter warns and writes nothing)."""
    return (_LINK.fullmatch(url) is not None and not _NOT_XML.search(url)
            and len(url.encode("utf-16-le")) // 2 + 2 * len(_ESCAPED.findall(url)) <= _URL_MAX)
