"""The data model shared by every input format: releases, sections and changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class UrlStart(str):
    """What the URLs of one repository's refs of one kind begin with
    ("https://github.com/o/r/pull/"): such a ref's URL is this and its number. One is shared by
    all those refs, which then need no URL string of their own (100 MB at a million changes)."""

    __slots__ = ()


LINE_RELEASES = 7  # the release level of notes whose releases are lines, not headings ("v1.2.0 - May 2, 2024")


class Ref(NamedTuple):
    """A pull request, issue or commit that a change points to. A named tuple: a load makes one
    for nearly every change, and a frozen dataclass costs four times as much to make."""

    repo: str  # repository name without its owner ("calico"), or "" when unknown
    number: str  # PR/issue number, a tracker's key ("KT-58765"), or a commit hash for kind "commit"
    link: str  # the URL; or a UrlStart, which the number completes
    kind: str  # "pr", "issue" or "commit"

    @property
    def url(self) -> str:
        link = self.link
        return link + self.number if type(link) is UrlStart else link

    @property
    def label(self) -> str:
        if self.kind == "commit":
            return f"{self.repo}@{self.number}"
        if not self.repo and self.number[:1].isalpha() and "-" in self.number:  # a tracker's key: "KT-58765"
            return self.number
        if self.kind == "pr" and ("/merge_requests/" in self.link or self.link[:1] == "!"):
            return f"{self.repo}!{self.number}"  # a GitLab merge request, as GitLab writes it
        return f"{self.repo}#{self.number}"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (or bold/ALL-CAPS marker) inside a release, with the prose under it."""

    path: tuple[str, ...]
    notes: str = ""
    line: int = 0

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(slots=True, eq=False)
class Release:
    """One version of a project, as found in one file. Never changed once made; not frozen, as
    Change, because a frozen dataclass costs three times as much to make (20,000 releases at a
    million changes, made again from the cache at every reopen)."""

    version: str
    sort_key: tuple
    date: str = ""  # ISO YYYY-MM-DD, or "" when the notes give none
    prerelease: bool = False
    unreleased: bool = False
    yanked: bool = False
    notes: str = ""
    sections: tuple[Section, ...] = ()
    file: str = ""
    line: int = 0
    project: str = ""  # what the notes are of ("calico"): see explorer.parse.project


@dataclass(slots=True, eq=False)
class Change:
    """One list item of release notes: a single change. Never changed once made; not a frozen
    dataclass because those cost four times as much to make, and a load makes 100k of them."""

    id: str
    release: Release
    section: tuple[str, ...]
    markdown: str
    summary: str
    refs: tuple[Ref, ...] = ()
    authors: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    breaking: bool = False
    action_required: bool = False
    file: str = ""
    line: int = 0

    def __reduce__(self):  # pickled as a constructor call (a worker process sends changes back)
        return Change, (self.id, self.release, self.section, self.markdown, self.summary, self.refs,
                        self.authors, self.labels, self.breaking, self.action_required, self.file, self.line)

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(
            name
            for name, on in (("breaking", self.breaking), ("action-required", self.action_required))
            if on
        )


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file that was read, with the prose before its first release and what the parse doubted."""

    path: str
    notes: str = ""
    release_levels: tuple[int, ...] = ()  # heading levels taken as releases (0: front matter, file name; 7: lines)
    warnings: tuple[str, ...] = ()  # what looked doubtful, one sentence each
    skipped: str = ""  # why the file adds no release, or "" when it does
    project: str = ""  # the project its releases belong to
    project_from: str = ""  # where that name was found: "title", "links", "folder", …


@dataclass(frozen=True, slots=True)
class LoadError:
    """An input that could not be read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Changelog:
    """Everything loaded from one or more files."""

    releases: tuple[Release, ...] = ()
    changes: tuple[Change, ...] = ()
    files: tuple[SourceFile, ...] = ()
    errors: tuple[LoadError, ...] = field(default=())
    # each change's text for plain words (explorer.query.search_text), one a change when known
    # (the cache keeps them); empty when they are still to be made
    search_texts: tuple[str, ...] = ()
