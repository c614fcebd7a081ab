"""What a parse read from each file and what looked doubtful: `changelog-explorer inspect` and
the window's warnings list."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from operator import attrgetter

from explorer.model import LINE_RELEASES, Changelog


@dataclass(frozen=True, slots=True)
class FileReport:
    """One file's parse in figures, with the warnings a user should read before trusting it."""

    path: str
    releases: int
    changes: int
    refs: int
    authors: int
    release_levels: tuple[int, ...]
    warnings: tuple[str, ...]
    skipped: str = ""  # why the file was left out, "" when it was read
    error: str = ""  # why the file could not be read
    project: str = ""  # the project its releases belong to
    project_from: str = ""  # where that name was found

    @property
    def doubts(self) -> tuple[str, ...]:
        """Every line a user should see: the reason it was skipped or failed, and the warnings."""
        first: tuple[str, ...] = (f"skipped: {self.skipped}",) if self.skipped else ()
        first += (f"not read: {self.error}",) if self.error else ()
        return first + self.warnings


_STEP = 20_000  # changes counted in one call: a few milliseconds


def levels_text(levels: tuple[int, ...]) -> str:
    """Where a file's releases were found: "h2", "h1, h2", "lines", "front matter, first line or
    file name"."""
    return ", ".join(_LEVEL_NAMES.get(level) or f"h{level}" for level in levels) or "none"


_LEVEL_NAMES = {0: "front matter, first line or file name", LINE_RELEASES: "lines"}


def inspect_changelog(changelog: Changelog) -> list[FileReport]:
    """A report for every file read or tried, in the order they were read."""
    releases: dict[str, int] = {}
    for release in changelog.releases:
        releases[release.file] = releases.get(release.file, 0) + 1
    changes: dict[str, int] = {}
    refs: dict[str, int] = {}
    authors: dict[str, set[str]] = {}
    # A file's changes come one after another: each run of them is counted at C speed, a
    # slice at a time (one call over a million changes would hold the interpreter lock, and so
    # the window, for tens of milliseconds).
    every = changelog.changes
    for at in range(0, len(every), _STEP):
        some = every[at:at + _STEP]
        start = 0
        for file, run in itertools.groupby(map(attrgetter("file"), some)):
            end = start + len(list(run))
            mine = some[start:end]
            changes[file] = changes.get(file, 0) + len(mine)
            refs[file] = refs.get(file, 0) + sum(map(len, map(attrgetter("refs"), mine)))
            authors.setdefault(file, set()).update(*map(attrgetter("authors"), mine))
            start = end
    reports = [
        FileReport(f.path, releases.get(f.path, 0), changes.get(f.path, 0), refs.get(f.path, 0),
                   len(authors.get(f.path, ())), f.release_levels, f.warnings, f.skipped,
                   project=f.project, project_from=f.project_from)
        for f in changelog.files
    ]
    reports += [FileReport(e.path, 0, 0, 0, 0, (), (), error=e.reason) for e in changelog.errors]
    return reports


def doubt_count(reports: list[FileReport]) -> int:
    """How many lines of doubt the reports hold, over every file."""
    return sum(len(r.doubts) for r in reports)


def format_reports(reports: list[FileReport]) -> str:
    """The reports as text for a terminal: a block per file."""
    blocks = []
    for r in reports:
        levels = levels_text(r.release_levels)
        lines = [r.path]
        if not r.error:
            lines.append(f"  {_n(r.releases, 'release')}, {_n(r.changes, 'change')}, {_n(r.refs, 'ref')}, "
                         f"{_n(r.authors, 'author')}; releases taken from: {levels}")
            if r.project and not r.skipped:
                lines.append(f"  project: {r.project} (from its {r.project_from})")
        lines += [f"  ! {doubt}" for doubt in r.doubts]
        blocks.append("\n".join(lines))
    blocks.append(f"{_n(len(reports), 'file')}, {_n(doubt_count(reports), 'warning')}")
    return "\n\n".join(blocks) + "\n"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
