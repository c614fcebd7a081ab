"""Write changes as an Excel workbook (XLSX): one sheet, the CSV columns, every text cell as text.

The workbook is SpreadsheetML written here with the standard library: the sheet has a fixed
shape (eleven columns, five cell styles), so its XML is made a row at a time and streamed into the
zip member. A general-purpose writer spent about 6 µs of Python per cell on the same output.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Sequence

from explorer.model import Change

# The columns of explorer.export.CSV_HEADER (a test keeps the two equal; not imported from there,
# because export imports this module) with their widths in characters.
COLUMNS = (
    ("release", 12), ("date", 11), ("section", 28), ("summary", 80), ("refs", 18),
    ("authors", 18), ("labels", 18), ("url", 40), ("file", 30), ("line", 7), ("project", 18),
)
HEADER = tuple(name for name, _ in COLUMNS)
SHEET = "Changes"

_CELL_MAX = 32_767  # Excel's limit on a cell, in UTF-16 code units
_URL_MAX = 2_079  # Excel's limit on a hyperlink
_LINKS_MAX = 65_530  # Excel's limit on hyperlinks in one worksheet
_ROWS_MAX = 1_048_576  # Excel's limit on rows in a worksheet, the header included
_MEMBER_MAX = zipfile.ZIP64_LIMIT  # bytes of a zip member without ZIP64 (2 GiB)
_MARK = "…"  # ends a cell cut at Excel's limit
# Characters that XML 1.0 cannot hold (C0 controls but tab and line feed, lone surrogates,
# U+FFFE/U+FFFF). Excel's _xHHHH_ escapes would keep them, but openpyxl (and so pandas) shows
# an escape as it is: a replacement character is what every reader shows.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel keeps a line break as LF; a CR would be an _x000D_ escape that readers treat apart.
_CR = re.compile("\r\n?")
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")  # either of the two
_POSING = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EPOCH = datetime.date(1899, 12, 30)  # serial 0 of Excel's 1900 date system, for dates from:
_FIRST_DATE = datetime.date(1900, 3, 1)
_LINK = re.compile(r"https?://[^\s\"<>]+", re.IGNORECASE)
# ASCII characters a URI cannot hold that _LINK lets through, and a "%" that starts no escape:
# percent-escaped in a link's target (as Excel does), its text stays as written.
_NOT_URI = re.compile(r"[\[\]\\^`{|}]|%(?![0-9A-Fa-f]{2})")
_EXCEL_ESCAPE = re.compile("(_x[0-9A-Fa-f]{4}_)")  # how Excel writes a character XML cannot hold

_LINE_HEIGHT = 15  # points: the default row height, one line of 11-point Calibri
_MAX_LINES = 3  # a long summary shows this many lines; the rest is one click away
_WRAP_AT = 90  # characters of the default font that fit in a line of the summary column
_CHUNK = 2_000  # rows joined into one write to the zip member
# zlib level: at 100k changes level 1 writes 12 MB in 1.0 s, the default (6) 10 MB in 2.6 s.
_COMPRESSION = 1

# Cell styles, indices into <cellXfs> of _STYLES: every cell carries its own (Excel and
# LibreOffice wrap a cell's text only when its own style says so, not its column's).
_BOLD, _TOP, _DATE, _WRAP, _LINKED = 1, 2, 3, 4, 5
_COLUMN_STYLES = (_TOP, _DATE, _TOP, _WRAP, _TOP, _TOP, _TOP, _TOP, _TOP, _TOP, _TOP)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write_xlsx(path: str, changes: Sequence[Change]) -> None:
    """Write changes to a new workbook at path (the caller makes a replacement atomic).

    Rows are made and compressed a few thousand at a time, so 100k changes never sit in memory
    as cells. Nothing is ever a formula or a guessed number. Excel's sheet holds 1,048,575 rows
    below the header: changes past them are left out.
    """
    if len(changes) >= _ROWS_MAX:
        changes = changes[: _ROWS_MAX - 1]
    try:
        _write(path, changes, zip64=_may_be_large(changes))
    except _TooLarge:  # the estimate was short: written again, with ZIP64
        _write(path, changes, zip64=True)


class _TooLarge(Exception):
    """The sheet passed what a zip member holds without ZIP64."""


def _may_be_large(changes: Sequence[Change]) -> bool:
    """Whether the sheet may pass 2 GiB, the most a zip member holds without ZIP64 (a row's XML
    is about 800 bytes besides its summary). ZIP64 is used only then: Excel has been seen to
    refuse ZIP64 records on small members."""
    return 1_000 * len(changes) + 3 * sum(len(change.summary) for change in changes) > _MEMBER_MAX


def _write(path: str, changes: Sequence[Change], *, zip64: bool) -> None:
    """The package: fixed parts, the sheet streamed into its member, then its links' targets."""
    last = f"$A$1:$K${1 + len(changes)}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSION) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("docProps/app.xml", _APP)
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        book.writestr("docProps/core.xml", _CORE.format(now=now))
        book.writestr("xl/workbook.xml", _WORKBOOK.format(sheet=SHEET, range=last))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=zip64) as sheet:
            targets = _write_sheet(sheet, changes, limit=None if zip64 else _MEMBER_MAX)
        if targets:
            with book.open("xl/worksheets/_rels/sheet1.xml.rels", "w") as rels:
                rels.write(f'{_DECLARATION}<Relationships xmlns="{_PKG_RELS}">'.encode())
                for start in range(0, len(targets), 10 * _CHUNK):
                    rels.write("".join([
                        f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/hyperlink" Target="{target}"'
                        ' TargetMode="External"/>'
                        for n, target in enumerate(targets[start:start + 10 * _CHUNK], start=start + 1)
                    ]).encode())
                rels.write(b"</Relationships>")


def _write_sheet(out, changes: Sequence[Change], limit: int | None) -> list[str]:
    """The worksheet's XML written to out; the hyperlinks' targets, in the order of their rIds."""
    written = 0

    def write(text: str) -> None:
        nonlocal written
        data = text.encode()
        written += len(data)
        if limit is not None and written > limit:
            raise _TooLarge
        out.write(data)

    last_row = 1 + len(changes)
    cols = "".join(
        f'<col min="{n}" max="{n}" width="{width + 0.7109375}" style="{_COLUMN_STYLES[n - 1]}" customWidth="1"/>'
        for n, (_, width) in enumerate(COLUMNS, start=1))
    header = "".join(f'<c r="{column}1" s="{_BOLD}" t="inlineStr"><is><t>{name}</t></is></c>'
                     for column, name in zip("ABCDEFGHIJK", HEADER, strict=True))
    write(f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
          f'<dimension ref="A1:K{last_row}"/>'
          '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
          '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
          '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
          f'<sheetFormatPr defaultRowHeight="{_LINE_HEIGHT}"/><cols>{cols}</cols>'
          f'<sheetData><row r="1">{header}</row>')

    # Every cell is '<c r="' + column + row + its tail: what follows the row number is made once
    # for texts that many changes share (a release's version and date, a section, a file, the
    # authors and labels). At 100k changes the per-cell work is what the time goes on.
    text = '" s="{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>'.format
    number = '" s="{}"><v>{}</v></c>'.format
    releases: dict[int, tuple[str, str, str]] = {}
    sections: dict[tuple[str, ...], str] = {}
    files: dict[str, str] = {}
    authors_cells: dict[tuple[str, ...], str] = {}
    labels_cells: dict[tuple[str, ...], str] = {}
    targets: list[str] = []
    links: list[str] = []
    rows: list[str] = []
    line_tail = f'" s="{_TOP}"><v>'
    for r, change in enumerate(changes, start=2):
        release = change.release
        cells = releases.get(id(release))
        if cells is None:
            version, when = _text(release.version), _date(release.date)
            project = _text(release.project)
            cells = releases[id(release)] = (
                text(_TOP, _xml(version)) if version else "",
                "" if not when else text(_DATE, _xml(when)) if isinstance(when, str) else number(_DATE, when),
                text(_TOP, _xml(project)) if project else "")
        version, when, project = cells
        section = sections.get(change.section)
        if section is None:
            value = _text(" / ".join(change.section))
            section = sections[change.section] = text(_TOP, _xml(value)) if value else ""
        file = files.get(change.file)
        if file is None:
            value = _text(change.file)
            file = files[change.file] = text(_TOP, _xml(value)) if value else ""
        n = str(r)
        summary = _text(change.summary)
        if len(summary) > _WRAP_AT or "\n" in summary:
            row = f'<row r="{n}" ht="{_LINE_HEIGHT * min(_lines(summary), _MAX_LINES)}" customHeight="1">'
        else:
            row = f'<row r="{n}">'
        if version:
            row += f'<c r="A{n}{version}'
        if when:
            row += f'<c r="B{n}{when}'
        if section:
            row += f'<c r="C{n}{section}'
        if summary:
            row += f'<c r="D{n}{text(_WRAP, _xml(summary))}'
        refs = change.refs
        if refs:
            value = _text("; ".join([ref.label for ref in refs]))
            if value:
                row += f'<c r="E{n}{text(_TOP, _xml(value))}'
            url = refs[0].url
        else:
            url = ""
        for column, values, made in (("F", change.authors, authors_cells), ("G", change.labels, labels_cells)):
            if values:
                cell = made.get(values)
                if cell is None:
                    value = _text("; ".join(values))
                    cell = made[values] = text(_TOP, _xml(value)) if value else ""
                if cell:
                    row += f'<c r="{column}{n}{cell}'
        if url:
            target = _target(url) if len(targets) < _LINKS_MAX else ""
            if target:
                targets.append(target)
                links.append(f'<hyperlink ref="H{n}" r:id="rId{len(targets)}"/>')
                row += f'<c r="H{n}{text(_LINKED, _xml(url))}'
            else:
                row += f'<c r="H{n}{text(_TOP, _xml(_text(url)))}'
        if file:
            row += f'<c r="I{n}{file}'
        row += f'<c r="J{n}{line_tail}{change.line}</v></c>'
        rows.append(f'{row}<c r="K{n}{project}</row>' if project else f"{row}</row>")
        if len(rows) == _CHUNK:
            write("".join(rows))
            rows.clear()
    rows.append(f'</sheetData><autoFilter ref="A1:K{last_row}"/>')
    if links:
        rows.append("<hyperlinks>")
        rows.extend(links)
        rows.append("</hyperlinks>")
    rows.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                "</worksheet>")
    write("".join(rows))
    return targets


def _xml(value: str) -> str:
    """value as the XML text of a cell: markup escaped ("]]>" included), and a literal _xHHHH_
    kept literal (Excel reads it as an escaped character unless its "_" is escaped)."""
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in value:
        value = _EXCEL_ESCAPE.sub(r"_x005F\1", value)
    return value


def _attribute(value: str) -> str:
    """value escaped for a double-quoted XML attribute."""
    return _xml(value).replace('"', "&quot;")


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
    text. A serial in a cell of a date format is what Excel stores for a date."""
    if _FULL_DATE.fullmatch(text):
        try:
            when = datetime.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if when >= _FIRST_DATE:
                return (when - _EPOCH).days
    return _text(text)


def _percent(m: re.Match) -> str:
    return "".join(f"%{byte:02X}" for byte in m.group().encode())


def _target(url: str) -> str:
    """url as a hyperlink's target, escaped for its XML attribute; "" where it cannot be a
    working link: not http(s), spaces or controls (a bidi control could make it read as another
    address), or past Excel's limit once escaped."""
    if _LINK.fullmatch(url) is None or _NOT_XML.search(url) or _POSING.search(url):
        return ""
    if _NOT_URI.search(url):
        url = _NOT_URI.sub(_percent, url)
    if len(url) > _URL_MAX // 2 and len(url.encode("utf-16-le")) // 2 > _URL_MAX:
        return ""
    return _attribute(url)


_CONTENT_TYPES = (
    f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    '</Types>')

_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_RELS}/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
    '</Relationships>')

_APP = (
    f'{_DECLARATION}<Properties'
    ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<Application>Changelog Explorer</Application>'
    '<HeadingPairs><vt:vector size="2" baseType="variant">'
    '<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>'
    f'</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>{SHEET}</vt:lpstr>'
    '</vt:vector></TitlesOfParts></Properties>')

_CORE = (
    f'{_DECLARATION}<cp:coreProperties'
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')

# The filter's range is a hidden name, as Excel writes it: without it Excel drops the filter.
_WORKBOOK = (
    f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
    '<bookViews><workbookView/></bookViews>'
    '<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets>'
    '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
    '{sheet}!{range}</definedName></definedNames></workbook>')

_WORKBOOK_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
    '</Relationships>')

# Fonts: 0 normal, 1 bold (the header), 2 a link's. Cell styles, as _BOLD and the rest name them:
# 0 default, 1 bold, 2 top-aligned, 3 a yyyy-mm-dd date, 4 wrapped (the summary), 5 a link.
_SIZE, _NAME = '<sz val="11"/>', '<name val="Calibri"/><family val="2"/>'  # Excel's order: b, u, sz, color, name
_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    f'<fonts count="3"><font>{_SIZE}{_NAME}</font><font><b/>{_SIZE}{_NAME}</font>'
    f'<font><u/>{_SIZE}<color rgb="FF0563C1"/>{_NAME}</font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" applyNumberFormat="0" applyFill="0"'
    ' applyBorder="0" applyAlignment="0" applyProtection="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"'
    ' applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="1" applyFont="1" applyAlignment="1">'
    '<alignment vertical="top"/></xf></cellXfs>'
    '<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '<cellStyle name="Hyperlink" xfId="1" builtinId="8"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>')
