"""Assemble the blocks of one file into releases, sections and changes."""

from __future__ import annotations

import collections
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor

from explorer.model import Change, Release, Section, SourceFile
from explorer.parse import rules
from explorer.parse.parallel import ItemAnalysis
from explorer.parse.versions import VERSION_RE, is_prerelease, version_key
from explorer.parse.walk import HEADING, ITEM, Block, iter_blocks

_GH_REPO_RE = re.compile(r"github\.com/([\w.-]+)/([\w.-]+)/(?:pull|issues|commit)/")
_SECTION_MARKER_LEVEL = 7  # bold and ALL-CAPS markers sit below every heading level


class _ReleaseBuilder:
    """Collects what belongs to one release while the walk goes on."""

    def __init__(self, version: str, date: str, unreleased: bool, yanked: bool, line: int):
        self.version = version
        self.date = date
        self.unreleased = unreleased
        self.yanked = yanked
        self.line = line
        self.notes: list[str] = []
        self.sections: dict[tuple[str, ...], list] = {}  # path -> [line, notes]
        self.items: list[tuple[tuple[str, ...], Block]] = []

    def build(self, path: str) -> Release:
        key = version_key(self.version) if VERSION_RE.search(self.version) else ((), 1, 0, 0)
        if self.unreleased:
            key = ((float("inf"),), 1, 0, 0) if not VERSION_RE.search(self.version) else key
        return Release(
            version=self.version,
            sort_key=key,
            date=self.date,
            prerelease=is_prerelease(self.version),
            unreleased=self.unreleased,
            yanked=self.yanked,
            notes="\n\n".join(self.notes),
            sections=tuple(
                Section(p, "\n\n".join(notes), line) for p, (line, notes) in self.sections.items()
            ),
            file=path,
            line=self.line,
        )


Progress = Callable[[float], None]  # told the fraction done; may raise to stop the work


def parse_document(text: str, path: str, progress: Progress | None = None,
                   worker: Executor | None = None) -> tuple[list[Release], list[Change], SourceFile]:
    """Releases and changes of one file's text; path is kept as given.

    With a worker process (parallel.worker_process), item analysis is shared with it."""
    default_repo = _most_linked_repo(text)
    lines = text.count("\n") + 1
    with ItemAnalysis(default_repo, worker) as analysis:
        blocks: list[Block] = []
        builders, preamble = _structure(iter_blocks(text), analysis, blocks, None,
                                        None if progress is None else lambda line: progress(0.3 * line / lines))
        if not builders:  # no release headings: the file is one release
            builders, preamble = _structure(blocks, analysis, None, _implicit_version(path, blocks), None)
        infos = analysis.results(None if progress is None else lambda fraction: progress(0.3 + 0.7 * fraction))
        return _assemble(path, builders, infos, preamble)


def _structure(blocks: Iterable[Block], analysis: ItemAnalysis, keep: list[Block] | None,
               implicit: str | None, progress: Callable[[int], None] | None,
               ) -> tuple[list[_ReleaseBuilder], list[str]]:
    """Sort blocks into releases and sections in one pass, handing each change's text to
    analysis as it is found. Blocks before the first release heading are the preamble; with
    implicit (a version), every block belongs to that release. keep collects the blocks."""
    preamble: list[str] = []
    builders: list[_ReleaseBuilder] = []
    current: _ReleaseBuilder | None = None
    if implicit is not None:
        current = _ReleaseBuilder(implicit, "", False, False, 1)
        builders.append(current)
    release_level = None  # the level of the first release heading; later ones are no deeper
    stack: list[tuple[int, str]] = []
    path_now: tuple[str, ...] = ()  # the section the walk is in: the titles on the stack
    notes_section = False

    for count, b in enumerate(blocks):
        if keep is not None:
            keep.append(b)
        if progress is not None and count % 2000 == 0:
            progress(b.line)
        if b.kind == HEADING:
            info = None
            if implicit is None and (release_level is None or b.level <= release_level):
                info = rules.release_heading(b.text)
            if info:
                if release_level is None:
                    release_level = b.level
                current = _ReleaseBuilder(info.version, info.date, info.unreleased, info.yanked, b.line)
                builders.append(current)
                stack = []
                path_now, notes_section = (), False
                continue
            if current is None:
                preamble.append("#" * b.level + " " + b.text)
                continue
            path_now = _push(stack, b.level, rules.section_title(b.text))
            notes_section = rules.is_notes_section(path_now)
            current.sections.setdefault(path_now, [b.line, []])
            continue
        if current is None:
            preamble.append(b.text)
            continue
        if b.kind == ITEM:
            if notes_section:
                _notes(current, path_now, b).append(("- " + b.text))
            elif not rules.is_skipped_item(b.text, path_now):
                current.items.append((path_now, b))
                analysis.add(b.text)
            continue
        # prose
        if rules.is_skipped_text(b.text):
            continue
        if not current.date and not current.items and not stack:
            date = rules.date_line(b.text)
            if date:
                current.date = date
                continue
        marker = rules.section_marker(b.text)
        if marker:
            path_now = _push(stack, _SECTION_MARKER_LEVEL, marker)
            notes_section = rules.is_notes_section(path_now)
            current.sections.setdefault(path_now, [b.line, []])
            continue
        _notes(current, path_now, b).append(b.text)
    return builders, preamble


def _assemble(path: str, builders: list[_ReleaseBuilder], infos: Iterator,
              preamble: list[str]) -> tuple[list[Release], list[Change], SourceFile]:
    """The releases and changes, from the builders and each change's analysis in order."""
    releases: list[Release] = []
    changes: list[Change] = []
    seen_ids: collections.Counter = collections.Counter()
    sections: dict[tuple[str, ...], tuple[str, bool, bool]] = {}  # path -> id part, flags
    name = os.path.basename(path)
    for builder in builders:
        release = builder.build(path)
        releases.append(release)
        id_prefix = f"{name}\0{release.version}\0"
        for section, block in builder.items:
            summary, refs, authors, labels, breaking, action_required = next(infos)
            known = sections.get(section)
            if known is None:
                known = sections[section] = (
                    "/".join(section) + "\0",
                    any(rules.BREAKING_SECTION_RE.search(s) for s in section),
                    any(rules.ACTION_SECTION_RE.search(s) for s in section),
                )
            section_id, section_breaking, section_action = known
            changes.append(Change(  # positional, in field order: the fastest call
                _change_id(id_prefix + section_id + block.text, seen_ids), release, section,
                block.text, summary, refs, authors, labels, breaking or section_breaking,
                action_required or section_action, path, block.line))
    return releases, changes, SourceFile(path, "\n\n".join(preamble))


def _push(stack: list[tuple[int, str]], level: int, title: str) -> tuple[str, ...]:
    """Open a section at level; the path of titles down to it."""
    while stack and stack[-1][0] >= level:
        stack.pop()
    stack.append((level, title))
    return tuple(title for _, title in stack)


def _notes(builder: _ReleaseBuilder, path: tuple[str, ...], block: Block) -> list[str]:
    if not path:
        return builder.notes
    return builder.sections.setdefault(path, [block.line, []])[1]


def _implicit_version(path: str, blocks: list[Block]) -> str:
    """A file without release headings is one release: name it from the file or its headings."""
    name = os.path.basename(path)
    m = VERSION_RE.search(name.rsplit(".", 1)[0] if "." in name else name)
    if m:
        return m.group()
    for b in blocks:
        if b.kind == HEADING:
            m = VERSION_RE.search(b.text)
            if m:
                return m.group()
    return name


def _most_linked_repo(text: str) -> tuple[str, str] | None:
    # finditer, not findall: one findall over a 20 MB file holds the interpreter lock for 60 ms
    counts = collections.Counter(m.groups() for m in _GH_REPO_RE.finditer(text))
    return counts.most_common(1)[0][0] if counts else None


def _change_id(key: str, seen: collections.Counter) -> str:
    """The same change gets the same id in every run; repeats get a counter.

    key is the file's name, version, section path and Markdown, joined by NULs."""
    digest = f"{zlib.crc32(key.encode()):08x}"
    seen[digest] += 1
    return digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
