"""XLSX export: every text stays text, never a formula; dates, numbers, links and Excel's limits."""

import datetime
import re
import struct
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from explorer import export, xlsx
from explorer.model import Change, Ref, Release
from explorer.parse import load_paths

DATED = Release("1.10", (1, 10), date="2024-05-01", file="CHANGELOG.md", line=1)
UNDATED = Release("1.100", (1, 100), file="CHANGELOG.md", line=40)
PARTIAL = Release("0054", (54,), date="2024-05", file="CHANGELOG.md", line=90)
URL = "https://github.com/o/r/pull/7"
LONG = "x" * 40_000
EMOJI_LONG = "😀" * 20_000  # 40,000 UTF-16 units in 20,000 code points


def change(release, summary, line, *, refs=(), authors=(), labels=(), section=("Fixed",)):
    return Change(id=f"c{line}", release=release, section=section, markdown=summary, summary=summary,
                  refs=refs, authors=authors, labels=labels, file="CHANGELOG.md", line=line)


CHANGES = [
    change(DATED, "=cmd|' /C calc'!A0", 3, refs=(Ref("r", "7", URL, "pr"), Ref("r", "8", "", "issue")),
           authors=("alice", "0054"), labels=("1.30",)),
    change(DATED, "-Z is a flag; +1 and @home", 4, section=("Bug fixes", "eBPF dataplane")),
    change(UNDATED, "Lourenço fixed the café", 41, authors=("Lourenço",)),
    change(UNDATED, "bell\x07 nul\x00 vt\x0b crlf\r\nend", 42,
           refs=(Ref("r", "abc1234", "javascript:alert(1)", "commit"),)),
    change(UNDATED, LONG, 43, refs=(Ref("r", "9", "https://example.com/" + "a" * 2100, "pr"),)),
    change(PARTIAL, EMOJI_LONG, 91, section=()),
]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "changes.xlsx"
    xlsx.write_xlsx(str(path), CHANGES)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Changes"]
    return book["Changes"]


def values(sheet, row):
    return [cell.value for cell in sheet[row]]


def test_columns_are_the_csv_columns(sheet):
    assert xlsx.HEADER == export.CSV_HEADER
    assert values(sheet, 1) == list(export.CSV_HEADER)
    assert sheet.max_column == len(export.CSV_HEADER)
    assert sheet.max_row == 1 + len(CHANGES)


def test_text_stays_text_and_nothing_is_a_formula(sheet):
    assert values(sheet, 2) == ["1.10", datetime.datetime(2024, 5, 1), "Fixed", "=cmd|' /C calc'!A0",
                                "r#7; r#8", "alice; 0054", "1.30", URL, "CHANGELOG.md", 3, None]
    assert values(sheet, 3) == ["1.10", datetime.datetime(2024, 5, 1), "Bug fixes / eBPF dataplane",
                                "-Z is a flag; +1 and @home", None, None, None, None, "CHANGELOG.md", 4, None]
    assert values(sheet, 4) == ["1.100", None, "Fixed", "Lourenço fixed the café", None, "Lourenço",
                                None, None, "CHANGELOG.md", 41, None]
    assert values(sheet, 7)[:3] == ["0054", "2024-05", None]  # a partial date stays its text
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert cell.data_type == "s", cell.coordinate
                assert not cell.value.startswith("'"), cell.coordinate
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd"
    assert all(sheet.cell(row, 10).data_type == "n" for row in range(2, sheet.max_row + 1))


def test_control_characters_cannot_break_the_file(sheet):
    assert sheet["D5"].value == "bell\ufffd nul\ufffd vt\ufffd crlf\nend"
    assert sheet["E5"].value == "r@abc1234"


def test_over_long_texts_are_cut_with_a_mark(sheet):
    cut = sheet["D6"].value
    assert len(cut) == 32_767 and cut == LONG[:32_766] + "…"
    cut = sheet["D7"].value  # counted in UTF-16 units, as Excel does; no pair is split
    assert len(cut.encode("utf-16-le")) // 2 <= 32_767
    assert cut == "😀" * 16_383 + "…"


def test_only_http_links_within_excels_limit_are_hyperlinks(sheet):
    assert sheet["H2"].hyperlink.target == URL
    assert sheet["H2"].value == URL
    assert sheet["H5"].value == "javascript:alert(1)" and sheet["H5"].hyperlink is None
    assert sheet["H6"].value.startswith("https://example.com/aaa") and sheet["H6"].hyperlink is None
    assert sheet["E2"].hyperlink is None  # refs stay text: links are kept for the url column


def test_header_is_bold_frozen_and_filtered(sheet):
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{1 + len(CHANGES)}"
    assert sheet["D2"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width


def test_long_summaries_do_not_make_huge_rows(sheet):
    assert sheet.row_dimensions[6].height == 45  # three lines of a 32k summary
    assert sheet.row_dimensions[2].height is None  # one line: Excel's default


def test_hyperlinks_stop_at_excels_limit(tmp_path):
    release = Release("1.0", (1,), date="2024-01-01")
    many = [change(release, f"change {i}", i, refs=(Ref("r", str(i), f"https://x.org/{i}", "pr"),))
            for i in range(xlsx._LINKS_MAX + 5)]
    path = tmp_path / "many.xlsx"
    xlsx.write_xlsx(str(path), many)
    # The XML itself: openpyxl takes minutes to attach 65k hyperlinks to their cells.
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    links = re.findall(r'<hyperlink ref="H(\d+)"', xml)
    assert len(links) == xlsx._LINKS_MAX
    assert links[-1] == str(1 + xlsx._LINKS_MAX)
    last = 1 + len(many)  # past the limit the URL is still there, as text
    assert re.search(f'<c r="H{last}" [^>]*><is><t xml:space="preserve">https://x.org/{len(many) - 1}</t>', xml)
    with zipfile.ZipFile(path) as archive:
        rels = ElementTree.fromstring(archive.read("xl/worksheets/_rels/sheet1.xml.rels"))
    assert len(rels) == xlsx._LINKS_MAX and rels[-1].get("Target") == f"https://x.org/{xlsx._LINKS_MAX - 1}"


def test_no_changes_is_a_header_only_sheet(tmp_path):
    xlsx.write_xlsx(str(tmp_path / "empty.xlsx"), [])
    sheet = openpyxl.load_workbook(tmp_path / "empty.xlsx")["Changes"]
    assert values(sheet, 1) == list(export.CSV_HEADER) and sheet.max_row == 1


def test_real_notes_read_back_as_their_csv_rows(corpus, tmp_path):
    changes = load_paths([str(corpus / "calico" / "v3.23.0-release-notes.md")]).changes
    assert len(changes) > 50
    path = tmp_path / "calico.xlsx"
    xlsx.write_xlsx(str(path), changes)
    sheet = openpyxl.load_workbook(path)["Changes"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(changes)
    for row, c in zip(rows, changes, strict=True):
        expected = export.csv_row(c)
        got = ["" if v is None else v.date().isoformat() if isinstance(v, datetime.datetime) else str(v)
               for v in row]
        assert got == expected
        assert isinstance(row[9], int)


def test_bidi_and_zero_width_controls_are_shown_not_obeyed(tmp_path):
    change = CHANGES[0].__class__(**{**{f: getattr(CHANGES[0], f) for f in CHANGES[0].__dataclass_fields__},
                                     "summary": "cod\u202eexe.doc\u200b"})
    path = tmp_path / "shown.xlsx"
    xlsx.write_xlsx(str(path), [change])
    assert openpyxl.load_workbook(path).active["D2"].value == "cod\u27e8U+202E\u27e9exe.doc\u27e8U+200B\u27e9"


MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MARKUP = 'a & b <c> "d" ]]> \'e\' &amp;'
ODD_URL = "https://e.org/q?a=1&b=[2]{x}|^`\\50%&c=%2F"


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """The parts of a workbook with markup in its texts and links that need escaping, parsed."""
    odd = [
        change(DATED, MARKUP, 60, refs=(Ref("r", "<1>", ODD_URL, "pr"),), authors=("<x>",),
               labels=("a&b",), section=("R&D", "<b>")),
        change(DATED, "bidi link", 61, refs=(Ref("r", "2", "https://e.org/\u202egnp.exe", "pr"),)),
    ]
    path = tmp_path_factory.mktemp("xlsx") / "package.xlsx"
    xlsx.write_xlsx(str(path), CHANGES + odd)
    with zipfile.ZipFile(path) as archive:
        parts = {name: ElementTree.fromstring(archive.read(name)) for name in archive.namelist()}
    return path, parts


def test_every_part_is_well_formed_and_declared(package):
    _, parts = package
    assert set(parts) == {"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
                          "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                          "xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"}
    declared = {e.get("PartName") for e in parts["[Content_Types].xml"] if e.get("PartName")}
    assert declared == {"/" + name for name in parts if not name.endswith(".rels") and "[" not in name}
    for rels in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):  # every relationship finds its part
        base = rels.split("_rels/")[0]
        assert all(base + e.get("Target") in parts for e in parts[rels])


def test_the_worksheet_follows_the_schema_order(package):
    _, parts = package
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert [e.tag.removeprefix(MAIN) for e in sheet] == [
        "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "autoFilter", "hyperlinks", "pageMargins"]
    last = len(CHANGES) + 3
    assert sheet.find(f"{MAIN}dimension").get("ref") == sheet.find(f"{MAIN}autoFilter").get("ref") == f"A1:K{last}"
    pane = sheet.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
    assert pane.attrib == {"ySplit": "1", "topLeftCell": "A2", "activePane": "bottomLeft", "state": "frozen"}
    # Each cell carries its column's style: 1 bold header, 2 top, 3 date, 4 wrapped, 5 a link.
    styles = dict(zip("ABCDEFGHIJK", "23242222222", strict=True))
    linked = {link.get("ref") for link in sheet.find(f"{MAIN}hyperlinks")}
    for row in sheet.find(f"{MAIN}sheetData"):
        for cell in row:
            ref = cell.get("r")
            assert ref[1:] == row.get("r")
            want = "1" if ref[1:] == "1" else "5" if ref in linked else styles[ref[0]]
            assert cell.get("s") == want, ref
            assert cell.get("t") in ("inlineStr", None) and cell.find(f"{MAIN}f") is None
    names = parts["xl/workbook.xml"].findall(f"{MAIN}definedNames/{MAIN}definedName")
    assert [(n.get("name"), n.get("localSheetId"), n.get("hidden"), n.text) for n in names] == [
        ("_xlnm._FilterDatabase", "0", "1", f"Changes!$A$1:$K${last}")]


def test_hyperlinks_are_external_relationships_of_the_sheet(package):
    _, parts = package
    links = parts["xl/worksheets/sheet1.xml"].find(f"{MAIN}hyperlinks")
    rels = {e.get("Id"): e for e in parts["xl/worksheets/_rels/sheet1.xml.rels"]}
    assert [(link.get("ref"), rels[link.get(REL_ID)].get("Target")) for link in links] == [
        ("H2", URL), ("H8", ODD_URL.replace("[", "%5B").replace("]", "%5D").replace("{", "%7B")
                      .replace("}", "%7D").replace("|", "%7C").replace("^", "%5E").replace("`", "%60")
                      .replace("\\", "%5C").replace("50%&", "50%25&"))]
    assert len(rels) == len(links)
    assert all(rel.get("TargetMode") == "External" and rel.get("Type").endswith("/hyperlink")
               for rel in rels.values())


def test_markup_in_texts_and_links_is_escaped(package):
    path, _ = package
    sheet = openpyxl.load_workbook(path)["Changes"]
    assert values(sheet, 8) == ["1.10", datetime.datetime(2024, 5, 1), "R&D / <b>", MARKUP, "r#<1>", "<x>",
                                "a&b", ODD_URL, "CHANGELOG.md", 60, None]
    assert sheet["H8"].hyperlink.target.startswith("https://e.org/q?a=1&b=%5B2%5D")
    # A bidi control could make a link read as another address: it is shown, and not a link.
    assert sheet["H9"].value == "https://e.org/\u27e8U+202E\u27e9gnp.exe" and sheet["H9"].hyperlink is None
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "]]>" not in xml and "]]&gt;" in xml


def local_header(path, name):
    """The "version needed to extract" and the sizes in a member's local header: 45 and
    0xFFFFFFFF where it is ZIP64."""
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(name).header_offset
    with open(path, "rb") as raw:
        raw.seek(offset)
        fields = struct.unpack("<IHHHHHIIIHH", raw.read(30))
    return fields[1], fields[8]


def test_zip64_only_for_a_sheet_that_needs_it(tmp_path, monkeypatch):
    path = tmp_path / "small.xlsx"
    xlsx.write_xlsx(str(path), CHANGES)
    assert local_header(path, "xl/worksheets/sheet1.xml")[0] == 20
    monkeypatch.setattr(xlsx, "_MEMBER_MAX", 20_000)  # stands in for 2 GiB
    many = CHANGES[:3] * 30
    assert xlsx._may_be_large(many) and not xlsx._may_be_large(many[:3])
    written = []
    monkeypatch.setattr(xlsx, "_may_be_large", lambda changes: written.append(len(changes)) or False)
    path = tmp_path / "large.xlsx"
    xlsx.write_xlsx(str(path), many)  # estimated small, found large: written again with ZIP64
    assert written == [90]
    assert local_header(path, "xl/worksheets/sheet1.xml") == (45, 0xFFFFFFFF)
    assert local_header(path, "xl/styles.xml")[0] == 20
    sheet = openpyxl.load_workbook(path)["Changes"]
    assert sheet.max_row == 91 and sheet["D91"].value == CHANGES[2].summary


def test_changes_past_excels_last_row_are_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "_ROWS_MAX", 4)
    path = tmp_path / "cut.xlsx"
    xlsx.write_xlsx(str(path), CHANGES)
    sheet = openpyxl.load_workbook(path)["Changes"]
    assert sheet.max_row == 4 and sheet.auto_filter.ref == "A1:K4"
    assert sheet["J4"].value == CHANGES[2].line


def test_a_literal_excel_escape_stays_literal(tmp_path):
    """Excel reads _xHHHH_ in a cell as an escaped character: its "_" is escaped as Excel does."""
    path = tmp_path / "escape.xlsx"
    xlsx.write_xlsx(str(path), [change(DATED, "write _x0041_ or _x005f_, not _x41_", 5)])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert ">write _x005F_x0041_ or _x005F_x005f_, not _x41_</t>" in xml
