"""Properties of the parser and the renderer on generated Markdown-like text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.parse import parse_text
from explorer.render import change_html, notes_html

FRAGMENTS = [
    "## 1.2.3 - 2024-01-01", "# v2.0.0-rc.1", "## [Unreleased]", "### Bug fixes", "#### eBPF", "**General:**",
    "BUG FIXES:", "Title\n=====", "- ", "* ", "  - ", "1. ", "> ", "```", "~~~", "<!--", "-->", "---",
    "[calico #5988](https://github.com/projectcalico/calico/pull/5988)", "(@fasaxc)", "[SIG Node]",
    "[@u](https://github.com/u)", "#123", "GH-7", "https://github.com/o/r/pull/9", "[x](javascript:alert(1))",
    "[f](file:///etc/passwd)", "![i](/dev/zero)", "<script>alert(1)</script>", "`code`", "**bold**", "_em_",
    "\\#5", "[[", "]]", "((", "))", "by @a in https://github.com/o/r/pull/1", "{: .x}", "{{site.baseurl}}",
    "| a | b |\n|---|---|", "[ref]: https://example.org", "text", "more words here", "❗️", "[FEATURE]",
]
_LINE = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), min_size=0, max_size=6).map(" ".join)
_DOC = st.lists(_LINE, max_size=40).map("\n".join)
_TAG = re.compile(r"<(/?[a-zA-Z][\w-]*)([^>]*)>")


def _live(page: str) -> list[str]:
    return [m.group() for m in _TAG.finditer(page)
            if m.group(1).lower().lstrip("/") in {"script", "iframe", "style", "img"}
            or re.search(r"\bsrc\s*=|\bon\w+\s*=|href=\"(?:javascript|file|data):", m.group(2), re.I)]


@settings(max_examples=300, deadline=None)
@given(_DOC)
def test_parsing_never_raises_and_keeps_its_invariants(text):
    log = parse_text(text, "gen.md")
    releases = {id(r) for r in log.releases}
    lines = text.count("\n") + 1
    (source,) = log.files
    assert bool(log.releases) != bool(source.skipped)  # a file is read as releases or skipped
    for change in log.changes:
        assert id(change.release) in releases
        assert all(change.section)  # every path element is a real title
        assert 1 <= change.line <= lines
        if "`" not in change.markdown:  # code may show link syntax as it is written
            assert not re.search(r"\]\((?:https?:|javascript:|file:|#)", change.summary)


@settings(max_examples=200, deadline=None)
@given(_DOC)
def test_rendered_html_is_never_live(text):
    log = parse_text(text, "gen.md")
    for change in log.changes[:10]:
        assert _live(change_html(change)) == []
    for release in log.releases[:5]:
        assert _live(notes_html(release.version, "", release.notes)) == []
        for section in release.sections[:5]:
            assert _live(notes_html(section.title, "", section.notes)) == []


@given(st.text(alphabet="ab\n", max_size=60), st.integers(min_value=1, max_value=8))
def test_lines_split_in_pieces_are_the_lines_split_at_once(text, piece):
    from explorer.parse.walk import split_lines

    assert split_lines(text, piece) == text.split("\n")
