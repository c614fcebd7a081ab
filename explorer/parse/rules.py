"""Format knowledge as small rules: what is a release heading, a section marker, or not a change."""

from __future__ import annotations

import re
from typing import NamedTuple

from explorer.parse.refs import to_plain
from explorer.parse.versions import VERSION, find_date

# "## [1.2.0] - 2024-01-01", "# v1.27.0-alpha.2", "## Cargo 1.79 (2024-06-13)",
# "## 2023-11-22, Version 20.10.0 'Iron' (LTS), @targos", "## 0.10.0-rc1 to 0.10.0 (August 2, 2017)"
_RELEASE_RE = re.compile(
    rf"(?:[A-Za-z][\w.-]*\s+)?(?P<v>{VERSION})(?:\s+(?:to|from)\s+(?P<v2>{VERSION}))?(?![\w.])",
    re.IGNORECASE,
)
_UNRELEASED_RE = re.compile(r"\bunreleased\b|\bnever released\b|\bupcoming\b", re.I)
_LEADING_DATE_RE = re.compile(r"^\W*(\d{4}-\d{2}-\d{2})[,\s-]*")

_BOLD_MARKER_RE = re.compile(r"(?:\*\*|__)(?P<t>[^*_\n]{1,80}?)(?::\s*)?(?:\*\*|__)\s*:?\s*")
_CAPS_MARKER_RE = re.compile(r"(?P<t>[A-Z][A-Z0-9 &/()'’-]{2,80}):\s*")
_NOT_SECTIONS = frozenset({"references", "pull requests", "relevant prs", "note", "notes"})

_FULL_CHANGELOG_RE = re.compile(r"\s*\*\*Full Changelog\*\*", re.I)
_FIRST_CONTRIBUTION_RE = re.compile(r"made (?:their|his|her) first contribution", re.I)
# "github.com/x/y: [v1 → v2](…)", "k8s.io/heapster: v1.2.0-beta.1", "github.com/a8m/tree: [10a5fd5](…)"
_DEPENDENCY_RE = re.compile(r"[\w.-]+(?:/[\w.-]+)*:\s*\[?v?[0-9a-f][\w.+-]*")
_TOC_RE = re.compile(r"\[[^\]\n]+\]\(#[^)\s]*\)")
_NOTES_SECTIONS_RE = re.compile(r"^highlights$", re.I)

BREAKING_SECTION_RE = re.compile(r"breaking|incompatib", re.I)
ACTION_SECTION_RE = re.compile(r"action required|urgent upgrade|must read|upgrade notes", re.I)


class ReleaseHeading(NamedTuple):
    version: str
    date: str
    unreleased: bool
    yanked: bool


def release_heading(title: str) -> ReleaseHeading | None:
    """The release a heading announces, or None when it is not a release heading."""
    plain = to_plain(title).replace("[", " ").replace("]", " ").strip()
    if re.fullmatch(r"\W*unreleased\W*", plain, re.I):
        return ReleaseHeading("Unreleased", "", True, False)
    rest = plain
    m = _LEADING_DATE_RE.match(rest)
    if m:
        rest = rest[m.end():]
    m = _RELEASE_RE.match(rest)
    if not m:
        return _dated_heading(plain)
    version = m.group("v2") if m.group("v2") and " to " in m.group(0).lower() else m.group("v")
    date, _ = find_date(plain)
    after = rest[m.end():]
    return ReleaseHeading(
        version,
        date,
        bool(_UNRELEASED_RE.search(after)),
        "yanked" in after.lower(),
    )


def _dated_heading(plain: str) -> ReleaseHeading | None:
    """A misspelt version next to a date ("6;24.1 - 2026-02-09") still names a release."""
    date, m = find_date(plain)
    if not m:
        return None
    label = (plain[:m.start()] + plain[m.end():]).strip(" -–/,()")
    if re.fullmatch(r"v?\d+[\w.;,-]*", label):
        return ReleaseHeading(label, date, False, False)
    return None


def section_marker(text: str) -> str | None:
    """A one-line paragraph that acts as a section heading: **Bug fixes:** or BUG FIXES:."""
    if "\n" in text:
        return None
    m = _BOLD_MARKER_RE.fullmatch(text.strip()) or _CAPS_MARKER_RE.fullmatch(text.strip())
    if not m:
        return None
    title = m.group("t").strip().rstrip(":").strip()
    if not title or title.lower() in _NOT_SECTIONS:
        return None
    return title


def section_title(heading: str) -> str:
    return to_plain(heading).strip().rstrip(":").strip() or heading.strip()


def is_skipped_text(text: str) -> bool:
    """Prose that carries no content of its own."""
    return bool(_FULL_CHANGELOG_RE.match(text))


def is_skipped_item(markdown: str, section: tuple[str, ...]) -> bool:
    """List items that are not changes: empty ones, new-contributor lines, module versions
    under Dependencies (bumped, added or removed), generated TOCs."""
    first = markdown.split("\n", 1)[0]
    if not first.strip() and not markdown.strip():
        return True  # an empty bullet
    if "ontribution" in first and _FIRST_CONTRIBUTION_RE.search(first):
        return True
    if section and section[0].lower().startswith("dependencies") and _DEPENDENCY_RE.match(first):
        return True
    return first.startswith("[") and bool(_TOC_RE.fullmatch(first.strip()))


def is_notes_section(section: tuple[str, ...]) -> bool:
    """Sections whose bullets retell the changes in prose (release highlights)."""
    return bool(section) and bool(_NOTES_SECTIONS_RE.match(section[-1]))


def date_line(text: str) -> str:
    """The date of a paragraph that is only a date ("09 May 2022"), else ""."""
    if len(text) > 40:
        return ""
    date, m = find_date(text)
    if m and not re.sub(r"[\W_]|released?|date|on", "", text[:m.start()] + text[m.end():], flags=re.I):
        return date
    return ""
