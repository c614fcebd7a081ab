"""Hostile input, round two: one bad file is one error, whole-document constructs cost in
proportion to their length, damaged encodings, refs only on forge hosts, races on the file,
and nothing from the notes reaches a terminal as a control sequence."""

import codecs
import os
import threading

import pytest

import explorer.parse.document as document
from explorer.cli import main
from explorer.export import to_csv, visible_controls
from explorer.parse import load_paths, parse_text, read_file
from explorer.parse.decode import DecodeError, decode
from explorer.parse.refs import Context, analyse
from explorer.versions import version_key
from tests.conftest import parse_seconds

NOTES = "## 2.0.0 - 2024-02-02\n\n- Fix one [#7](https://github.com/o/r/pull/7)\n"


# -- 1. a bad file is one error, not a failed load -------------------------------------------

@pytest.fixture
def folder(tmp_path):
    (tmp_path / "good.md").write_text(NOTES)
    return tmp_path


def test_a_file_name_that_is_not_utf8_is_read_and_printed_escaped(folder, capsys):
    bad = os.path.join(os.fsencode(folder), b"bad\xff.md")
    with open(bad, "wb") as handle:
        handle.write(NOTES.replace("Fix one", "Fix two").encode())
    log = load_paths([str(folder)])
    assert (sorted(c.summary for c in log.changes), log.errors) == (["Fix one", "Fix two"], ())
    code = main(["releases", str(folder)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "bad\\xff.md\n" in out  # shown, not a UnicodeEncodeError


def test_a_version_of_4301_digits_sorts_and_does_not_raise(folder):
    (folder / "huge.md").write_text("## 1." + "9" * 4301 + "\n\n- big\n\n## 1.0\n\n- small\n")
    log = load_paths([str(folder)])
    assert not log.errors and len(log.changes) == 3
    huge, nines, ones = version_key("1." + "9" * 4301), version_key("1." + "9" * 4300), version_key("1." + "1" * 4301)
    assert version_key("1." + "9" * 40) < nines < ones < huge
    assert version_key("1." + "0" * 60 + "5") == version_key("1.5")
    assert version_key("1.0rc" + "7" * 5000) < version_key("1.0")


def test_a_fault_of_the_parser_is_that_files_error(folder, monkeypatch, tmp_path):
    (folder / "boom.md").write_text("## 3.0.0\n\n- boom\n")
    real = document.parse_document

    def faulty(text, path, *args):
        if path.endswith("boom.md"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, path, *args)

    monkeypatch.setattr(document, "parse_document", faulty)
    log = load_paths([str(folder)])
    assert [c.summary for c in log.changes] == ["Fix one"]
    assert [(os.path.basename(e.path), e.reason) for e in log.errors] == [
        ("boom.md", "could not be read (RecursionError: maximum recursion depth exceeded)")]
    out = tmp_path / "out.csv"
    assert main(["export", str(folder), "-o", str(out)]) == 1
    assert "Fix one" in out.read_text(encoding="utf-8-sig")


def test_a_cancel_from_progress_still_passes_through(folder):
    class Cancelled(Exception):
        pass

    def cancel(fraction):
        raise Cancelled

    with pytest.raises(Cancelled):
        read_file(str(folder / "good.md"), cancel)


# -- 2. comments, fences and headings cost in proportion to their number ----------------------

DOCUMENT_UNITS = {
    "unclosed comments": "<!--\n",
    "unclosed comments with text": "<!-- never closed\n",
    "unclosed generated TOCs": "<!-- BEGIN MUNGE: GENERATED_TOC\n",
    "unclosed fences": "```\n- a\n",
    "unclosed fences in items": "- a\n  ```\n",
    "many headings": "## 1.0.0\n\n- a\n",
}


@pytest.mark.parametrize("unit", DOCUMENT_UNITS.values(), ids=DOCUMENT_UNITS.keys())
def test_whole_document_constructs_cost_in_proportion(unit):
    head = "## 1.0.0 - 2024-01-01\n\n- a change\n\n"
    small = parse_seconds(head + unit * 5000)
    large = parse_seconds(head + unit * 20000)
    # A floor of 10 ms: the quadratic walk took 0.3-0.8 s for 5,000 of these, the linear one a few
    # ms, where the load of a shared machine is most of what is measured.
    assert large < 8 * max(small, 0.01), f"{small:.3f} s for 5,000, {large:.3f} s for 20,000"


def test_an_unclosed_comment_hides_only_its_line_and_a_closed_one_all():
    log = parse_text("## 1.0.0\n\n<!--\n- a\n<!-- x -->\n- b\n<!--\n- c\n-->\n- d\n<!--\n- e\n<!--\n- f\n", "C.md")
    assert [c.summary for c in log.changes] == ["b", "d", "e", "f"]


# -- 3. encodings ------------------------------------------------------------------------------

TEXT = "## 1.0.0 – “quoted” café\n- change\n"


@pytest.mark.parametrize("data, text", [
    (TEXT.encode() + "é".encode()[:1], TEXT + "\ufffd"),  # cut inside its last character
    (TEXT.encode() + b"\xff\n", TEXT + "\ufffd\n"),  # a stray byte among UTF-8
    (b"## 1.0\n- a\xff b\n", "## 1.0\n- a\ufffd b\n"),  # a stray 0xFF in ASCII text
    (codecs.BOM_UTF8 + TEXT.encode() + b"\xc3", TEXT + "\ufffd"),  # a BOM, then a bad byte
    (TEXT.encode("utf-32"), TEXT),
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), TEXT),
    (TEXT.encode("cp1252"), TEXT),  # clearly not UTF-8: every non-ASCII byte is invalid
    ("- Größe ändern, Übersicht\n".encode("cp1252"), "- Größe ändern, Übersicht\n"),
], ids=["cut", "stray-in-utf8", "stray-ff", "bom-bad-byte", "utf32le-bom", "utf32be-bom", "cp1252", "cp1252-de"])
def test_damaged_utf8_stays_utf8(data, text):
    assert decode(data) == text


@pytest.mark.parametrize("data", [codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff", codecs.BOM_UTF16_LE + b"\x00\xd8"])
def test_an_undecodable_file_is_an_error(data, tmp_path):
    with pytest.raises(DecodeError):
        decode(data)
    path = tmp_path / "CHANGELOG.md"
    path.write_bytes(data)
    log = read_file(str(path))
    assert not log.changes and len(log.errors) == 1 and "invalid" in log.errors[0].reason


# -- 4. refs only from the repository's host ---------------------------------------------------

@pytest.mark.parametrize("markdown, refs", [
    ("Fix [#123](https://evil.example/issues/123)", []),
    ("Fix [#123](https://github.com.evil.example/o/r/issues/123)", []),
    ("Fix [#123](https://user@evil.example/github.com/issues/123)", []),
    ("Fix [#123](https://github.com/o/r/issues/123)", [("123", "https://github.com/o/r/issues/123")]),
    ("Fix [#9](https://gitlab.com/g/p/-/issues/9)", [("9", "https://gitlab.com/g/p/-/issues/9")]),
    ("Fix [#5](https://git.example.org/tracker/issue/5)", [("5", "https://git.example.org/tracker/issue/5")]),
])
def test_a_ref_is_made_only_on_a_forge_host(markdown, refs):
    ctx = Context("o", "r", "git.example.org")
    info = analyse(markdown, ctx)
    assert [(r.number, r.url) for r in info.refs] == refs
    assert ("#" in info.summary) == (not refs)  # a plain link keeps its text


# -- 5. races and names -----------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "CHANGELOG.md"
    os.mkfifo(fifo)
    result = []
    reader = threading.Thread(target=lambda: result.append(read_file(str(fifo))), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # unblock the reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO blocked")
    assert [e.reason for e in result[0].errors] == ["not a regular file"]


def test_an_empty_output_name_is_refused(folder, capsys):
    assert main(["export", str(folder), "-o", ""]) == 2
    assert capsys.readouterr().err == ("changelog-explorer: -o needs a file name (it was empty); "
                                       "to write to standard output, leave -o out\n")


@pytest.mark.parametrize("argv, paths", [
    (["--", "-o.md", "export"], ["-o.md", "export"]),
    (["good.md", "--", "--version"], ["good.md", "--version"]),
])
def test_after_a_double_dash_every_word_is_a_path(argv, paths, folder, monkeypatch):
    import explorer.ui.app

    monkeypatch.chdir(folder)
    for name in paths:
        (folder / name).write_text(NOTES)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    opened = []
    monkeypatch.setattr(explorer.ui.app, "run", lambda words: opened.append(words) or 0)
    assert main(argv) == 0
    assert opened == [paths]


# -- 6. terminal safety -----------------------------------------------------------------------

HOSTILE = ("## 1.0.0\u202e\x1b[2J - 2024-01-01\n\n"
           "- Evil \x1b]52;c;ZWNobyBwd25lZA==\x07 paste \u202egnp.exe\u200b and \x9b31m red\n")


def test_command_line_output_shows_controls(tmp_path, capsys):
    path = tmp_path / "CHANGELOG\x1b[31m.md"
    path.write_text(HOSTILE)
    for command in ("releases", "inspect"):
        main([command, str(path)])
        out, err = capsys.readouterr()
        for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\u200b"):
            assert raw not in out + err, (command, raw)
        assert "\\x1b" in out
    main(["releases", str(tmp_path / "missing\u202e.md")])
    assert "missing⟨U+202E⟩.md" in capsys.readouterr().err


def test_csv_shows_controls_even_raw():
    log = parse_text(HOSTILE, "CHANGELOG.md")
    for raw in (False, True):
        text = to_csv(log.changes, raw=raw)
        assert not any(ch in text for ch in "\x1b\x07\x9b\u202e\u200b")
        assert "Evil \\x1b]52;c;ZWNobyBwd25lZA==\\x07 paste ⟨U+202E⟩gnp.exe" in text


def test_tabs_and_line_breaks_are_kept():
    assert visible_controls("a\tb\nc\rd\x00e\u2066f") == "a\tb\nc\\x0dd\\x00e⟨U+2066⟩f"


def test_bytes_replaced_in_a_damaged_file_are_a_warning(tmp_path):
    damaged = tmp_path / "CHANGELOG.md"
    damaged.write_bytes("## 1.0.0\n\n- Thanks @zoë\n- caf\ufffd written as such\n".encode() + b"- cut \xc3")
    log = load_paths([str(damaged)])
    assert log.changes[0].authors == ("zoë",)
    assert log.files[0].warnings == ("1 invalid byte sequence (a damaged or cut file?) shown as \ufffd",)
    clean = tmp_path / "clean" / "CHANGELOG.md"
    clean.parent.mkdir()
    clean.write_text("## 1.0.0\n\n- caf\ufffd written as such\n")
    assert load_paths([str(clean)]).files[0].warnings == ()
