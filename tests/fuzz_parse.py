"""Coverage-guided fuzzing of the parser and the detail-pane renderer with atheris.

    pip install atheris
    python tests/fuzz_parse.py -max_total_time=600 -timeout=10 -rss_limit_mb=4096 [CORPUS_DIR]

Any input that raises, takes over 10 s or exhausts memory is written to crash-*/timeout-*
files; add each one to tests/test_fuzz_findings.py as a regular test.
"""

import sys

import atheris

with atheris.instrument_imports():
    from explorer.parse import DecodeError, decode, parse_text
    from explorer.render import change_html, notes_html


def one_input(data: bytes) -> None:
    try:
        text = decode(data)
    except DecodeError:
        return
    log = parse_text(text, "fuzz.md")
    lines = text.count("\n") + 1
    for change in log.changes[:20]:
        assert 1 <= change.line <= lines, (change.line, lines)
        page = change_html(change)
        assert "<script" not in page and 'href="javascript:' not in page and 'href="file:' not in page
    for release in log.releases[:5]:
        notes_html(release.version, "", release.notes)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
