"""Assemble the blocks of one file into releases, sections and changes."""

from __future__ import annotations

import collections
import itertools
import os
import re
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor
from operator import attrgetter

from explorer.model import LINE_RELEASES, Change, Release, Section, SourceFile
from explorer.parse import rules
from explorer.parse.dates import find_date
from explorer.parse.parallel import ItemAnalysis
from explorer.parse.project import checkout_repository, is_generic_word, name_in, project_name
from explorer.parse.refs import Context, asks_for_upgrade, is_full_name, normalise_label
from explorer.parse.walk import HEADING, ITEM, LONE_OVER_LIST, TEXT, Block, iter_blocks, nested_items
from explorer.versions import VERSION_RE, is_prerelease, release_sort_key, version_key

# "github.com/" is also the end of "togithub.com/" and "www.github.com/"; a literal start is
# what lets the scan skip along the text quickly.
# Its PRs, issues and commits, and its other pages ("[diff](…/compare/…)", files): one link to
# another project's issue must not take every bare "#12" there. Not release pages: those linked
# are often a dependency's ("Upgrade to [Kotlin 2.2.21](…/releases/…)").
_GH_REPO_RE = re.compile(
    r"github\.com/([\w.-]+)/([\w.-]+)/(?:pulls?|issues|commit|compare|tree|blob|security|releases|wiki|discussions)/")
_GH_HOME_RE = re.compile(r"github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?(?=[)\s>\]\"']|$)", re.M)  # "[pypa/pipx](…)"
_LIST_ITEM_LINE_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
_GL_URL_REPO_RE = re.compile(r"https?://([\w.-]+)/([\w.-]+(?:/[\w.-]+)*?)/([\w.-]+)/-/(?:merge_requests|issues|commit)/")
_GL_SHORTHAND_REPO_RE = re.compile(r"\]\(([\w.-]+(?:/[\w.-]+)*)/([\w.-]+)[!@][0-9a-f]{1,40}\)")
_BARE_REF_RE = re.compile(r"(?<![\w&/#\]])#(\d{1,9})\b")
_FEW_LINKS = 5  # links to the repository most linked to, below which bare refs may outnumber them
_BARE_PER_LINK = 20
_LINKDEF_RE = re.compile(r"^ {0,3}\[([^\]\n^][^\]\n]{0,998})\]:[ \t]*\n?[ \t]*<?([^\s>]+)>?", re.M)
_FRONT_KEY_RE = re.compile(r"(\w+)\s*[:=]\s*(.*?)\s*$")
_DIGIT_RE = re.compile(r"\d")
_SECTION_MARKER_LEVEL = 7  # bold and ALL-CAPS markers sit below every heading level
_EXAMPLES = 5  # how many lines a warning names
_NAMED_HEADINGS = 50  # release headings looked at for a product name before the version


class _ReleaseBuilder:
    """Collects what belongs to one release while the walk goes on."""

    def __init__(self, version: str, date: str, unreleased: bool, yanked: bool, line: int, title: str = "",
                 level: int = 1):
        self.title = title  # the heading, for the project's name
        self.level = level
        self.package = ""  # what a heading above the release names alone ("## ethers-core" over "### 0.6.0")
        self.version = version
        self.date = date
        self.unreleased = unreleased
        self.yanked = yanked
        self.line = line
        self.notes: list[str] = []
        self.sections: dict[tuple[str, ...], list] = {}  # path -> [line, notes]
        self.items: list[tuple[tuple[str, ...], Block]] = []
        self.placeholder = False  # the notes say "No changes."
        self.prose: list[tuple[tuple[str, ...], Block]] = []  # its first paragraphs, while it lists nothing
        self.upgrade_notes: list[tuple[tuple[str, ...], Block]] = []  # its paragraphs that ask to act
        self.taken_late = False  # whether changes were taken after the bullets that follow them

    def build(self, path: str, project: str) -> Release:
        return Release(
            version=self.version,
            sort_key=release_sort_key(self.version, self.unreleased),
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
            project=self.package or project,
        )


Progress = Callable[[float], None]  # told the fraction done; may raise to stop the work


class _Outline:
    """Which headings are releases: the level of the first one, the shapes they are written in
    and the order of their versions. A heading one level below the releases is a release too
    when it is written like them and its version comes next in their order (a patch release
    under its minor, a pre-release under its final); otherwise it is a section."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """No release taken yet (the heading taken for the first was the file's title)."""
        self.level: int | None = None
        self.levels: list[int] = []
        self.shapes: set[str] = set()  # how the releases are written, a date aside
        self.last_key: tuple | None = None
        self.up = self.down = 0  # how often a release's version rose or fell after the last
        self.unversioned = True  # only "Unreleased" taken so far
        self.series = "\0"  # the version of the last release taken at the releases' level
        self.demoted: list[int] = []  # the lines of headings written as releases, read as sections

    def accepts(self, info: rules.ReleaseHeading, level: int) -> bool:
        if self.level is None or (info.unreleased and (info.shape != rules.BRANCH_SHAPE or level <= self.level)):
            return True  # "### Development" under a release is a section of it
        if self.unversioned and level == self.level + 1 and info.date:
            return True  # "# Unreleased" … "# Releases" over "## [21.2.0] - 2023-04-16": the releases' level is theirs
        if (level == self.level + 1 and (self.written_alike(info) or info.date)
                and _in_series(info.version, self.series)):
            # "### Version 2.4.1: Missing header" under "## Version 2.4: Unicode support": a patch;
            # "### Changes between 1.1.1v and 1.1.1w [11 Sep 2023]" under "## OpenSSL 1.1.1"
            return True
        # Deeper, a heading written as the releases are, or dated, or linked as releases are, that
        # comes next in their order: "### [0.1.1](…) (2022-06-12)" after "## [0.2.0](…)", "### 0.3.0
        # (April 16, 2019)" after "## 0.4.0 (Unreleased)", "#### [v3.1.0](…/compare/v3.0.0...v3.1.0)"
        key = _key(info.version)
        return level <= self.level or ((self.written_alike(info)
                                        or ((bool(info.date) or info.shape[:2] == "[V") and key is not None
                                            and not _names_a_product(info.shape)))  # not "lodash 4.17.21 (…)"
                                       and self._follows(key))

    def written_alike(self, info: rules.ReleaseHeading) -> bool:
        """Whether a heading is written as the releases taken so far are, a date aside."""
        return info.shape.removesuffix(" D") in self.shapes

    def _follows(self, key: tuple | None) -> bool:
        if key is None or self.last_key is None:
            return True
        # a version listed twice in a row (a release re-tagged) still follows
        return key >= self.last_key if self.up > self.down else key <= self.last_key

    def take(self, info: rules.ReleaseHeading, level: int) -> None:
        if self.level is None or (self.unversioned and level > self.level and not info.unreleased):
            self.level = level
        if not info.unreleased or info.version != "Unreleased":
            self.unversioned = False
        if level == self.level:
            self.series = info.version
        if level not in self.levels:
            self.levels.append(level)
        self.shapes.add(info.shape.removesuffix(" D"))
        key = _key(info.version)
        if key is not None:
            if self.last_key is not None:
                self.up += key > self.last_key
                self.down += key < self.last_key
            self.last_key = key


def _names_a_product(shape: str) -> bool:
    """Whether a release heading's shape has words before its version ("lodash 4.17.21"), inline
    HTML aside ("<small>3.1.1</small>")."""
    return "a" in re.sub(r"<[^<>]*>?", "", shape.partition("V")[0])


def _in_series(version: str, series: str) -> bool:
    """Whether a version is a release of a series: "2.4.1" and "2.4.0" of "2.4", "1.1.1w" and
    "1.1.1" itself of "1.1.1"."""
    if not version.startswith(series):
        return False
    rest = version[len(series):]
    return not rest or rest[0] == "." or (len(rest) <= 2 and rest.isalpha())


def _key(version: str) -> tuple | None:
    return version_key(version) if VERSION_RE.search(version) else None


Partial = Callable[[list[Release], list[Change]], None]  # told the releases and changes so far
FILL_SECONDS = 2.0  # the least time between two partial results


def parse_document(text: str | Sequence[str], path: str, progress: Progress | None = None,
                   worker: Executor | None = None, partial: Partial | None = None,
                   ) -> tuple[list[Release], list[Change], SourceFile]:
    """Releases and changes of one file's text (a string, or pieces that join to it, each
    ending after a newline: decode_pieces); path is kept as given.

    With a worker process (parallel.worker_process), item analysis is shared with it. partial,
    when given, is told the releases and changes made so far while the rest is read (their
    lists grow afterwards: it copies what it keeps), from time to time (_Fill.send): during the
    walk, once it has passed enough releases to name the project, and after it. What it is told
    are the first releases and changes of the result."""
    parts = [text] if isinstance(text, str) else text
    context, repo_counts = _context(parts, path)
    front = _front_matter(parts[0] if parts else "")
    lines = _line_count(parts)
    with ItemAnalysis(context, worker) as analysis:
        blocks: list[Block] = []
        outside: list[int] = []
        outline = _Outline()
        fill = None if partial is None else _Fill(partial, analysis, path, front, repo_counts, lines)
        builders, preamble = _structure(iter_blocks(parts), analysis, blocks, None, outline, outside,
                                        None if progress is None else lambda line: progress(0.3 * line / lines),
                                        None if fill is None else fill.walked)
        skipped = ""
        lined = _release_lines(blocks) if not builders else None
        if lined is not None:  # no release headings, but lines that are: "v1.10.1 - November 20, 2015"
            outline, outside = _Outline(), []
            builders, preamble = _structure(lined, analysis, None, None, outline, outside, None)
        if not builders:  # no release headings: the file is one release, if it names one
            implicit = _implicit_release(path, blocks, front)
            if (implicit is None and _NOTES_NAME_RE.search(os.path.basename(path))
                    and _changes_before_releases(blocks) is not None):
                implicit = ("Unreleased", "")  # a changelog of changes not released yet, as Rails keeps on main
            if implicit is None:
                skipped = "no release headings, and no version in its name or front matter"
                builders, preamble = [], []  # not notes: nothing of it is shown (no item was analysed)
            else:
                outline, outside = _Outline(), []
                builders, preamble = _structure(blocks, analysis, None, implicit, outline, outside, None)
                outline.levels = [0]
        infos = analysis.results(None if progress is None else lambda fraction: progress(0.3 + 0.7 * fraction))
        if fill is not None:
            fill.walked_share = 1.0
        if fill is not None and fill.assembler is not None:
            assembler, taken = fill.assembler, fill.taken
            take = itertools.chain(fill.left(), infos).__next__
        else:
            assembler, taken = _Assembler(path, _project(path, front, preamble, builders, repo_counts)), 0
            take = infos.__next__
        for builder in builders[taken:]:
            assembler.add(builder, take)
            if fill is not None:
                fill.send(assembler)
        return assembler.finish(preamble, outline, outside, skipped)


_PACKAGE_RE = re.compile(r"`?(?P<p>@?[A-Za-z][\w.-]*(?:/[\w.-]+)?)`?")  # "ethers-core", "@scope/pkg"


def _package(title: str) -> str:
    """The package a heading names alone ("ethers-core", "`@astrojs/mdx`"), or ""."""
    m = _PACKAGE_RE.fullmatch(title.strip())
    if m is None or rules.names_unreleased(m["p"]) or name_in(m["p"]) != m["p"] or rules.names_a_kind(m["p"]):
        return ""  # "Changelog", "Releases", "Unreleased", "fixes": what the text is, not what it is about
    name = m["p"]
    if any(is_generic_word(part) for part in re.split(r"[-._/@]", name) if part):
        return ""  # "Pre-releases", "release-notes"
    return name if name.islower() or any(c in name for c in "-._/@0123456789") else ""  # not "Features"


def _project(path: str, front: dict[str, str], preamble: list[str], builders: list[_ReleaseBuilder],
             repo_counts: collections.Counter) -> tuple[str, str]:
    title = next((line[2:] for line in preamble if line.startswith("# ")), "")
    names = [b.title for b in builders[:_NAMED_HEADINGS] if not b.unreleased]  # "## main" names no product
    return project_name(path, front, title, names, repo_counts)


class _Fill:
    """The releases and changes made while the walk goes on, for a partial result: each release
    is made once the walk has passed it and the worker has analysed its changes."""

    def __init__(self, partial: Partial, analysis: ItemAnalysis, path: str, front: dict[str, str],
                 repo_counts: collections.Counter, lines: int):
        self.partial, self.analysis = partial, analysis
        self.path, self.front, self.repo_counts, self.lines = path, front, repo_counts, lines
        self.walked_share = 0.0  # how much of the text the walk has passed: 1 once it is over
        self.assembler: _Assembler | None = None
        self.taken = 0  # the releases made so far
        self.infos: collections.deque = collections.deque()  # analyses not used yet, in order
        self.sent_at = time.monotonic()
        self.sent = 0  # how many changes the last partial result held

    def walked(self, builders: list[_ReleaseBuilder], preamble: list[str]) -> None:
        """A release heading was passed: every release before the last is complete."""
        self.walked_share = builders[-1].line / self.lines
        if len(builders) <= _NAMED_HEADINGS:  # the project's name is not known yet
            return
        if self.assembler is None:
            self.assembler = _Assembler(self.path, _project(self.path, self.front, preamble, builders,
                                                            self.repo_counts))
        infos = self.infos
        infos.extend(self.analysis.ready())
        while self.taken < len(builders) - 1 and len(infos) >= len(builders[self.taken].items):
            self.assembler.add(builders[self.taken], infos.popleft)
            self.taken += 1
        self.send(self.assembler)

    def left(self) -> Iterator:
        """The analyses handed on by the worker and not used during the walk."""
        while self.infos:
            yield self.infos.popleft()

    def send(self, assembler: _Assembler) -> None:
        """Tell partial what is made, when it is time: at least twice as many changes as the
        time before, and while as many are left to read (the last, largest part would hold up
        the whole only to be shown a short while). While the walk goes on, the items of the
        whole text are reckoned from those of the part walked."""
        made = len(assembler.changes)
        expected = self.analysis.added / self.walked_share if self.walked_share else 0
        if (made >= 2 * self.sent and 0 < made <= expected / 2
                and time.monotonic() - self.sent_at >= FILL_SECONDS):
            self.partial(assembler.releases, assembler.changes)
            self.sent_at, self.sent = time.monotonic(), made


def _release_lines(blocks: list[Block]) -> list[Block] | None:
    """The blocks, with each one-line paragraph or bullet that is a dated release heading in all
    but form made a heading ("v1.10.1 - November 20, 2015", "* 6.4.44 (2026-08-22)" over its
    changes, or with its changes nested in it); None when fewer than two are over something
    ("* [2.15.1](…) (2023-05-16)" and the next release's line only list where their notes are).
    A paragraph of versions alone over a list ("1.4.65" over its bullets; "1.4.18", "1.4.17" and
    "1.4.16" over one list, which the last has) makes a heading of each, when three or more do."""
    lined, found, bare = [], 0, 0
    for k, block in enumerate(blocks):
        if block.kind == ITEM and "\n" in block.text and (nested := _changes_of_release_line(block)) is not None:
            lined += nested  # "* **7.0.0** (2023-03-28)" over its changes, nested in it
            found += 1
            continue
        if block.kind != HEADING and len(block.text) <= 200 and _DIGIT_RE.search(block.text):
            if len(block.text) <= 80 and "\n" not in block.text:
                info = rules.release_heading(block.text)
                if info is not None and info.date:
                    lined.append(Block(HEADING, block.line, block.text, LINE_RELEASES))
                    # one over something: a list of release lines alone links to their notes elsewhere
                    found += k + 1 < len(blocks) and rules.release_heading(blocks[k + 1].text[:81]) is None
                    continue
            versions = block.text.split("\n")
            if (block.kind == TEXT and k + 1 < len(blocks) and blocks[k + 1].kind == ITEM
                    and all(VERSION_RE.fullmatch(v.strip()) for v in versions)):
                lined += [Block(HEADING, block.line + n, v.strip(), LINE_RELEASES) for n, v in enumerate(versions)]
                bare += 1
                continue
        lined.append(block)
    return lined if found >= 2 or bare >= 3 else None


def _changes_of_release_line(item: Block) -> list[Block] | None:
    """A bullet whose first line is a dated release heading, over the bullets of its changes:
    that heading, then those bullets; None for any other bullet."""
    first = item.text[:item.text.find("\n")]
    if len(first) > 80 or not _DIGIT_RE.search(first):
        return None
    info = rules.release_heading(first)
    nested = (nested_items(item) if info is not None and (info.date or VERSION_RE.fullmatch(rules.heading_text(first)))
              else None)  # "* **1.1.8**" over its changes, too
    return None if nested is None else [Block(HEADING, item.line, first, LINE_RELEASES), *nested]


def _structure(blocks: Iterable[Block], analysis: ItemAnalysis, keep: list[Block] | None,
               implicit: tuple[str, str] | None, outline: _Outline, outside: list[int],
               progress: Callable[[int], None] | None,
               walked: Callable[[list[_ReleaseBuilder], list[str]], None] | None = None,
               ) -> tuple[list[_ReleaseBuilder], list[str]]:
    """Sort blocks into releases and sections in one pass, handing each change's text to
    analysis as it is found. Blocks before the first release heading are the preamble; with
    implicit (a version and a date), every block belongs to that release. keep collects the
    blocks until the first release heading (without one, they are read again as one release);
    outside, the lines of bullets before the first release. walked, when given, is told the
    builders and the preamble each time a release heading is passed."""
    preamble: list[str] = []
    builders: list[_ReleaseBuilder] = []
    current: _ReleaseBuilder | None = None
    if implicit is not None:
        current = _ReleaseBuilder(implicit[0], implicit[1], implicit[0] == "Unreleased", False, 1)
        builders.append(current)
    stack: list[tuple[int, str]] = []
    path_now: tuple[str, ...] = ()  # the section the walk is in: the titles on the stack
    notes_section = False
    told: _ToldChange | None = None  # a change told under a heading of its own, until the next heading
    # A bold or colon line names the list under it: its section ends at prose after that list
    # ("**Breaking changes**" over three bullets, then paragraphs, then the release's list).
    marked = False  # whether a bullet was taken under the bold or colon line the walk is in
    held = _Highlights(analysis)  # what a highlights section holds, until it is known to retell or to list
    title_line: Block | None = None  # the block before, when it is a short line that may name a list
    colon_heading: tuple[int, str] | None = None  # the last heading written as a colon line is ("### Fixes:")
    filled: set[tuple[str, ...]] = set()  # the release's sections that had entries before the one the walk is in
    items_before = 0  # how many entries the release had when that section began
    package: tuple[int, str] | None = None  # the last package heading above the releases: its level and name
    # A paragraph that leads into a list (":"), its release and section, and the bullets under it
    # that only name things: with two or more, the paragraph and its list are one change.
    listing: tuple[_ReleaseBuilder, tuple[str, ...], Block, list[Block]] | None = None
    telling: tuple[str, ...] | None = None  # the section of an empty kind's heading whose siblings tell its changes

    again: collections.deque[Block] = collections.deque()  # blocks to walk once more, before the rest
    # The blocks before the first release heading, with where each went in the preamble: bullets
    # there that are changes become the unreleased release once a release heading comes.
    before_releases: list[tuple[Block, int]] | None = [] if implicit is None else None

    def walk() -> Iterator[Block]:
        for block in blocks:
            yield block
            while again:
                yield again.popleft()

    for count, b in enumerate(walk()):
        before, title_line = title_line, None
        if b.level == LONE_OVER_LIST and b.kind == ITEM and rules.titles_next_list(b.text):
            b = Block(TEXT, b.line, b.text)  # "* Admin" over "- Docker: …": the list's title, as a line
        if keep is not None:
            keep.append(b)
        if current is None and before_releases is not None:
            before_releases.append((b, len(preamble)))
        if listing is not None and not (b.kind == ITEM and (rules.names_only(b.text) or _closes_list(b.text))):
            separate, listing = _end_listing(listing, analysis), None
            if separate:  # changes of their own after all: walked again as such, then this block
                again.extendleft(reversed([*separate, b]))
                continue
        if progress is not None and count % 2000 == 0:
            progress(b.line)
        if told is not None:
            if b.kind != HEADING or b.level > told.level:
                told.body.append(("#" * b.level + " " + b.text) if b.kind == HEADING
                                 else ("- " + b.text) if b.kind == ITEM else b.text)
                continue
            told.end()
            told = None
        if b.kind == HEADING:
            if held.blocks:
                held.end()
            info = None
            if implicit is None and (_DIGIT_RE.search(b.text) or rules.names_unreleased(b.text)):
                info = rules.release_heading(b.text)
                if (info is not None and current is not None and b.level > current.level and not stack
                        and info.version == current.version and not info.unreleased):
                    # "# Log4j 2.11.1 Release Notes" over "## GA Release 2.11.1": no section
                    current.date = current.date or info.date
                    continue
                if info is not None and not outline.accepts(info, b.level):
                    if current is not None and _titles_series(builders, current, info, b.level):
                        builders.pop()  # "# 7.3 Changelog" over "## [7.3.6] - 2023-07-13": the file's title
                        preamble += _as_preamble(current)
                        outline.reset()
                    else:
                        if current is not None and (outline.written_alike(info) or not _names_a_product(info.shape)):
                            outline.demoted.append(b.line)  # not "poetry-core (1.9.1)": another thing's version
                        info = None
            if info and before_releases is not None:
                first = None if info.unreleased else _changes_before_releases([bb for bb, _ in before_releases])
                if first is not None:
                    # bullets before the first release that are changes: what is not released yet
                    # (Rails writes them there). They are walked again under a release of their own.
                    del preamble[before_releases[first][1]:]
                    again.extend(bb for bb, _ in before_releases[first:])
                    unreleased_lines = {bb.line for bb, _ in before_releases[first:]}
                    outside[:] = [line for line in outside if line not in unreleased_lines]
                    before_releases = None
                    current = _ReleaseBuilder("Unreleased", "", True, False, again[0].line, "", b.level)
                    builders.append(current)
                    if keep is not None:
                        keep.clear()
                        keep = None
                    continue
                before_releases = None
            if info:
                held.release_end(current)
                carried: list[str] = []
                if (current is not None and b.level > current.level and not current.items
                        and _in_series(info.version, current.version)):
                    # "## OpenSSL 1.1.1" over "### Changes between 1.1.1v and 1.1.1w": a series, no release
                    builders.pop()
                    carried = _as_preamble(current)[1:]  # its prose goes to its first release
                else:
                    _prose_changes(current, analysis)
                if keep is not None:  # releases found: the blocks are never read again as one release
                    keep.clear()
                    keep = None
                outline.take(info, b.level)
                current = _ReleaseBuilder(info.version, info.date, info.unreleased, info.yanked, b.line, b.text,
                                          b.level)
                current.notes += carried
                if package is not None and package[0] < b.level:
                    current.package = package[1]
                builders.append(current)
                if walked is not None:
                    walked(builders, preamble)
                stack = []
                path_now, notes_section = (), False
                filled.clear()
                items_before, telling = 0, None
                continue
            if b.level > 1 and (current is None or b.level < current.level):
                name = _package(b.text)  # "## ethers-core" over its releases
                if name:
                    package = (b.level, name)
                    if current is not None:
                        stack, path_now, notes_section = [], (), False
                        continue
                elif package is not None and b.level <= package[0]:
                    package = None  # "## Older releases": the package's releases have ended
            if current is None:
                preamble.append("#" * b.level + " " + b.text)
                continue
            if not current.date and not current.items and not stack and (date := rules.date_line(b.text)):
                current.date = date  # "###### _Jul 29, 2017_" under the release
                continue
            if (not notes_section and stack and stack[-1][0] == b.level and _tells_a_change(b.text)
                    and (telling == path_now or (len(current.items) == items_before and rules.names_a_kind(stack[-1][1])
                                                 and not current.sections[path_now][1]))):
                # "### Breaking changes", then "### Grafana 8 Alerting enabled by default …" over what it
                # means: the kind's heading names the headings after it, each a change told at length
                telling = path_now
                told = _ToldChange(current, path_now, b)
                analysis.add(b.text)
                continue
            telling = None
            if not notes_section and rules.is_change_heading(b.text):
                while stack and stack[-1][0] >= b.level:  # a sibling of the heading before it ends it
                    stack.pop()
                path_now = tuple(t for _, t in stack)
                told = _ToldChange(current, path_now, b)
                analysis.add(b.text)  # the heading is the entry; what follows it, its details
                continue
            title = rules.section_title(b.text)
            if not title:  # an empty heading ("#") names no section
                continue
            if len(current.items) > items_before:
                filled.add(path_now)
            items_before = len(current.items)
            path_now = _push(stack, b.level, title)
            if len(stack) > 1 and path_now in filled:
                # "## Breaking Changes", "### core" over its entries, then "### core" again over
                # the release's list: a title met twice under one parent says that parent has ended
                del stack[-2]
                path_now = tuple(t for _, t in stack)
            colon_heading = stack[-1] if b.text.endswith(":") else None
            notes_section = rules.is_notes_section(path_now)
            current.sections.setdefault(path_now, [b.line, []])
            continue
        if current is None:
            if b.kind == ITEM and not rules.is_skipped_item(b.text, ()):
                outside.append(b.line)  # a bullet before the first release
            preamble.append(("- " + b.text) if b.kind == ITEM else b.text)
            continue
        if b.kind == ITEM:
            if listing is not None:
                listing[3].append(b)
                if not rules.names_only(b.text):  # "- Elasticsearch Issue [#41938](…)": the list's refs, at its end
                    separate, listing = _end_listing(listing, analysis), None
                    again.extend(separate)
                continue
            if before is not None and not notes_section and not rules.about_the_release(before.text):
                # "Editor" over its bullets, as node-red writes its sections: a title, not notes
                notes = _notes(current, path_now, before)
                if notes and notes[-1] == before.text:
                    notes.pop()
                    path_now = _push(stack, _SECTION_MARKER_LEVEL, before.text.strip())
                    current.sections.setdefault(path_now, [before.line, []])
                    notes_section = rules.is_notes_section(path_now)
            marked = True
            if notes_section:
                held.add(current, path_now, b)
                continue
            own = b.text.find("\n")  # most entries are one line, or go on with text: no group
            group = _group(b, own) if own > 0 and b.text[own + 1:own + 6].lstrip(" ")[:1] in _ITEM_STARTS else None
            if group is not None:
                title, nested = group
                if title and marked and stack and stack[-1][0] == _SECTION_MARKER_LEVEL and rules.names_a_kind(title):
                    path_now, notes_section = _pop(stack)  # "Breaking Changes:", its bullets, then "* Bug Fixes:"
                    marked = False
                path = path_now
                if title:  # "* BREAKING" over its changes: a section of its own
                    path = (*path_now, title)
                    current.sections.setdefault(path, [b.line, []])
                for item in nested:  # (or a change over changes of its own)
                    _take_nested(current, path, item, analysis)
            elif rules.is_placeholder(b.text):  # most bullets: as _take, without a call
                current.placeholder = True
            elif not current.date and rules.may_date(b.text) and (date := rules.date_line(b.text)):
                current.date = date  # "- **Released:** 2016-05-17", "* Release date: `2022-02-13`"
            elif not rules.is_skipped_item(b.text, path_now):
                current.items.append((path_now, b))
                analysis.add(b.text)
            continue
        # prose
        if rules.is_skipped_text(b.text):
            continue
        if not current.items and not stack:
            date = "" if current.date else rules.date_line(b.text)
            if date:
                current.date = date
                continue
            if rules.is_unreleased_line(b.text):  # "**Not yet released**" under "## 3.0.0"
                current.unreleased = True
                continue
        if rules.is_placeholder(b.text):
            current.placeholder = True
        marker = rules.section_marker(b.text)
        if marker:
            if colon_heading is not None and stack and stack[-1] == colon_heading:
                stack.pop()  # "### Major features:" then "Bug fixes:": the line is the heading's sibling
            path_now = _push(stack, _SECTION_MARKER_LEVEL, marker)
            marked = False
            notes_section = rules.is_notes_section(path_now)
            current.sections.setdefault(path_now, [b.line, []])
            continue
        if marked and stack and stack[-1][0] == _SECTION_MARKER_LEVEL and not b.text.endswith(":"):
            path_now, notes_section = _pop(stack)  # prose after the marked list: the release's again
            marked = False
        if notes_section:
            held.add(current, path_now, b)
        else:
            _notes(current, path_now, b).append(b.text)
            if _upgrade_note(b.text, path_now):
                current.upgrade_notes.append((path_now, b))
            if not current.items and len(current.prose) <= _PROSE_CHANGES_MAX:
                current.prose.append((path_now, b))
            if rules.is_list_title(b.text):
                title_line = b
            elif b.text.endswith(":"):
                listing = (current, path_now, b, [])  # "… is deprecated in the following data sources:"
    if listing is not None:
        for item in _end_listing(listing, analysis):
            _take(listing[0], listing[1], item, analysis)
    if told is not None:
        told.end()
    held.end()
    held.release_end(current)
    _prose_changes(current, analysis)
    return builders, preamble


_PROSE_CHANGES_MAX = 5  # paragraphs; more is a post about the release, its notes
_PROSE_CHANGE_CHARS = 400


def _prose_changes(builder: _ReleaseBuilder | None, analysis: ItemAnalysis) -> None:
    """A release that lists nothing but says what it changes in a few short paragraphs ("## 2.1.3"
    over "Fixes an issue with FutureProvider<void> (#2028)"): each paragraph is a change, as a
    bullet would be. Longer prose is a post about the release, and stays its notes."""
    if builder is None:
        return
    prose, builder.prose = builder.prose, []
    upgrade_notes, builder.upgrade_notes = builder.upgrade_notes, []
    if builder.items:
        # The release lists its changes: a paragraph is one of them when it asks to act, said of
        # the release or alone in a section of its own; in a section with bullets it tells of
        # them, and among other paragraphs it is part of what they tell.
        listed = {path for path, _ in builder.items} if upgrade_notes else set()
        for path, b in upgrade_notes:
            if not path or (path not in listed and len(builder.sections[path][1]) == 1):
                _notes(builder, path, b).remove(b.text)
                _take(builder, path, b._replace(kind=ITEM), analysis)
                builder.taken_late = True
        return
    if builder.placeholder or _told_sections(builder, analysis):
        return
    if (not prose or len(prose) > _PROSE_CHANGES_MAX
            or any(len(b.text) > _PROSE_CHANGE_CHARS for _, b in prose)):
        return
    for path, b in prose:
        if rules.states_a_change(b.text, path):
            _notes(builder, path, b).remove(b.text)
            _take(builder, path, b._replace(kind=ITEM), analysis)


_TOLD_SECTION_CHARS = 4000  # a section longer than this is an article, not one change


def _told_sections(builder: _ReleaseBuilder, analysis: ItemAnalysis) -> bool:
    """A release without bullets whose headings each tell one change in prose ("Consistent
    forget policy" over what it means and its links): each heading is a change, what it holds
    its details, as under an empty kind's heading. Not titles ("Deprecations", "Upgrading")."""
    sections = builder.sections
    if not sections or any(len(path) != 1 or not notes or not _tells_a_change(path[0], 3)
                           or sum(map(len, notes)) > _TOLD_SECTION_CHARS for path, (_, notes) in sections.items()):
        return False
    for path, (line, notes) in sections.items():
        _take(builder, (), Block(ITEM, line, "\n\n".join([path[0], *notes])), analysis)
    sections.clear()
    return True


def _upgrade_note(text: str, path: tuple[str, ...]) -> bool:
    """Whether a paragraph among a release's bullets is one of its changes: a short one that
    says it breaks something or asks whoever upgrades to act ("Note: MvRx now targets 1.8, so
    you may need to update your projects")."""
    return len(text) <= _PROSE_CHANGE_CHARS and rules.states_a_change(text, path) and asks_for_upgrade(text)


class _Highlights:
    """The blocks of a section that is not changes (highlights, credits), held until it ends.
    Highlights mostly retell the release's changes in prose and are its notes; but when most of
    their bullets carry refs of their own, they are the changes (black's "### Highlights" over
    "- Support Python 3.13 (#4436)")."""

    def __init__(self, analysis: ItemAnalysis):
        self.analysis = analysis
        self.blocks: list[tuple[_ReleaseBuilder, tuple[str, ...], Block]] = []
        self.noted: list[tuple[_ReleaseBuilder, tuple[str, ...], Block]] = []  # highlight bullets made notes

    def add(self, builder: _ReleaseBuilder, path: tuple[str, ...], block: Block) -> None:
        self.blocks.append((builder, path, block))

    def end(self) -> None:
        """The section is over: its bullets become changes or notes, its prose notes."""
        if not self.blocks:
            return
        changes = rules.mostly_refs([block.text for _, path, block in self.blocks
                                     if block.kind == ITEM and rules.is_highlights(path)])
        for builder, path, block in self.blocks:
            if block.kind != ITEM:
                _notes(builder, path, block).append(block.text)
            elif changes:
                _take(builder, path, block, self.analysis)
            else:
                _notes(builder, path, block).append("- " + block.text)
                if rules.is_highlights(path):
                    self.noted.append((builder, path, block))
        self.blocks.clear()

    def release_end(self, builder: _ReleaseBuilder | None) -> None:
        """The release is over: when nothing but its highlights lists its changes, their bullets
        are its changes (a release post whose "## Highlights" is all it says)."""
        if builder is not None and not builder.items:
            for held_builder, path, block in self.noted:
                if held_builder is builder:
                    _notes(builder, path, block).remove("- " + block.text)
                    _take(builder, path, block, self.analysis)
        self.noted.clear()


class _ToldChange:
    """A change told under a heading of its own ("#### Fix `--cache` (#15199 by @fisker)"): the
    heading is what it says, the blocks up to the next heading as high are its details."""

    def __init__(self, builder: _ReleaseBuilder, path: tuple[str, ...], heading: Block):
        self.builder, self.index = builder, len(builder.items)
        self.level = heading.level
        self.body = [heading.text]
        builder.items.append((path, Block(ITEM, heading.line, heading.text)))

    def end(self) -> None:
        """Its Markdown made whole, once its last detail is read."""
        path, block = self.builder.items[self.index]
        self.builder.items[self.index] = (path, block._replace(text="\n\n".join(self.body)))


_GROUP_TITLE_MAX = 90  # characters: a group's title is a few words, or a bold marker
_ITEM_STARTS = frozenset("-*+0123456789")


def _take(builder: _ReleaseBuilder, path: tuple[str, ...], item: Block, analysis: ItemAnalysis) -> None:
    """A bullet of the release: a change, unless it says there are none or is not one."""
    if rules.is_placeholder(item.text):
        builder.placeholder = True
    elif not rules.is_skipped_item(item.text, path):
        builder.items.append((path, item))
        analysis.add(item.text)


_NESTED_GROUPS = 3  # how deep groups of groups are read ("* New Features" over "  * build" over its changes)


def _take_nested(builder: _ReleaseBuilder, path: tuple[str, ...], item: Block, analysis: ItemAnalysis,
                 depth: int = 1) -> None:
    """A bullet of a group: a change, or a group of its own over its changes, when it only names
    them in a few words ("* build" over "* Update to go1.18 …"); not a change over its details."""
    own = item.text.find("\n")
    title = (rules.group_title(item.text[:own]) if depth < _NESTED_GROUPS and 0 < own <= _GROUP_TITLE_MAX
             and item.text[own + 1:own + 6].lstrip(" ")[:1] in _ITEM_STARTS else None)
    nested = nested_items(item) if title else None
    if not title or nested is None or all(rules.is_credit_line(b.text) for b in nested):
        _take(builder, path, item, analysis)
        return
    path = (*path, title)
    builder.sections.setdefault(path, [item.line, []])
    for inner in nested:
        _take_nested(builder, path, inner, analysis, depth + 1)


def _titles_series(builders: list[_ReleaseBuilder], first: _ReleaseBuilder, info: rules.ReleaseHeading,
                   level: int) -> bool:
    """Whether the only release so far, without changes, is the file's title naming the series
    of releases that follow, one level or more below it ("# Changelog for v1.5" over "### 1.5.13")."""
    if len(builders) != 1 or first.items or first.level >= level:
        return False
    series = first.version.lstrip("vV")
    return bool(series) and info.version.lstrip("vV").startswith(series + ".")


def _as_preamble(builder: _ReleaseBuilder) -> list[str]:
    """What a heading taken for a release held, as the text before the first release."""
    texts = ["#" * builder.level + " " + builder.title, *builder.notes]
    for path, (_, notes) in builder.sections.items():
        texts += ["#" * (builder.level + 1) + " " + path[-1], *notes]
    return texts


def _group(item: Block, own: int) -> tuple[str, list[Block]] | None:
    """A bullet that only names the bullets nested in it: its title and those bullets; or a
    change, with its refs, over changes with refs of their own ("* Add `git lfs fetch` #527"
    over "  * Support fetching multiple refs #542"): "" and the bullet's line and those bullets.
    own: where its first line ends."""
    line = item.text[:own]
    nested = nested_items(item)
    if nested is not None and all(rules.is_credit_line(b.text) for b in nested):
        return None  # "- Add zipapp support" over "- #1616 PR by @asottile.": one change and its credits
    if own > _GROUP_TITLE_MAX or rules.REF_HINT_RE.search(line):
        # a change's own details carry no refs: each nested bullet must,
        if nested is None or not (all(rules.REF_HINT_RE.search(b.text) for b in nested)  # or most, of two or
                                  if rules.REF_HINT_RE.search(line)  # more, under a statement without refs
                                  else len(nested) > 1 and rules.mostly_refs([b.text for b in nested])):
            return None  # ("🗑 Deprecate `visible` in the components below." over one bullet a component)
        return "", [item._replace(text=line), *nested]
    title = rules.group_title(line)
    if title is None and line.count(" ") > 2:
        title = rules.group_title(line, long=True)  # "Removal of deprecated plugin options:" over changes with refs
        if nested is None or not rules.mostly_refs([b.text for b in nested]) or (title is None and len(nested) < 2):
            return None
        return (title, nested) if title is not None else ("", [item._replace(text=line), *nested])
    if title is None or nested is None:
        return None
    return title, nested


class _Assembler:
    """The releases and changes, made from the builders in order, each change with its analysis."""

    def __init__(self, path: str, project: tuple[str, str]):
        self.path, self.project = path, project
        self.name = os.path.basename(path)
        self.releases: list[Release] = []
        self.changes: list[Change] = []
        self.seen_ids: list[dict[str, int]] = [{} for _ in range(_ID_SHARDS)]
        self.shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple of each set of authors and labels
        self.sections: dict[tuple[str, ...], tuple[str, bool, bool, bool]] = {}  # path -> id part, flags
        self.empty: list[str] = []
        self.linky: list[int] = []
        self.names: set[str] = set()  # everyone the file credits so far
        self.written_so = 0  # entries so far that end with their author in parentheses

    def add(self, builder: _ReleaseBuilder, take: Callable[[], tuple]) -> None:
        """One release and its changes; take() gives the analysis of each of its items in turn."""
        path, changes, shared, sections, seen_ids = self.path, self.changes, self.shared, self.sections, self.seen_ids
        release = builder.build(path, self.project[0])
        self.releases.append(release)
        if not (builder.items or builder.placeholder or builder.notes or builder.unreleased
                or any(notes for _, notes in builder.sections.values())):
            self.empty.append(f"{release.version} (line {release.line})")
        id_prefix = f"{self.name}\0{release.version}\0"
        # changesets' "Major Changes" (beside its "Minor Changes" and "Patch Changes" alone) are breaking
        changesets = bool(builder.sections) and all(p[0].lower() in rules.CHANGESET_SECTIONS for p in builder.sections)
        first = len(changes)
        for section, block in builder.items:
            summary, refs, authors, labels, breaking, action_required = take()
            known = sections.get(section)
            if known is None:
                known = sections[section] = (
                    "/".join(section) + "\0",
                    any(rules.BREAKING_SECTION_RE.search(s) for s in section),
                    any(rules.ACTION_SECTION_RE.search(s) for s in section),
                    any(rules.DEPENDENCY_SECTION_RE.search(s) for s in section),
                )
            section_id, section_breaking, section_action, section_dependencies = known
            if changesets and not section_breaking and section and section[0].lower() == "major changes":
                section_breaking = True
            if section_dependencies and "dependencies" not in labels:
                labels += ("dependencies",)
            if authors:
                if authors not in shared:
                    self.names.update(authors)
                if (self.written_so < _CREDITS_WRITTEN_SO and block.text[-1:] == ")"
                        and block.text.endswith(f"({authors[-1]})")):
                    self.written_so += 1
            elif summary[-1:] == ")" and (credited := _credited_by_name(
                    summary, self.names, self.written_so >= _CREDITS_WRITTEN_SO)) is not None:
                summary, authors = credited[0], credited[1:]
            authors, labels = shared.setdefault(authors, authors), shared.setdefault(labels, labels)
            if "](" in summary and _leaks_links(summary, block.text):
                self.linky.append(block.line)
            changes.append(Change(  # positional, in field order: the fastest call
                _change_id(id_prefix + section_id + block.text, seen_ids), release, section,
                block.text, summary, refs, authors, labels, breaking or section_breaking,
                action_required or section_action, path, block.line))
        if builder.taken_late:  # in the order of the file
            changes[first:] = sorted(changes[first:], key=attrgetter("line"))
        # What the release holds now is freed a release at a time: freeing a million blocks, or
        # the sections of 20,000 releases, at once holds the interpreter lock for 50 ms or more.
        builder.items.clear()
        builder.sections.clear()
        builder.notes.clear()

    def finish(self, preamble: list[str], outline: _Outline, outside: list[int], skipped: str,
               ) -> tuple[list[Release], list[Change], SourceFile]:
        for shard in self.seen_ids:  # likewise: the ids' dicts hold a million references
            shard.clear()
        warnings = []
        if outside and not skipped:
            warnings.append(f"{_count(outside, 'bullet')} before the first release heading, not read "
                            f"as changes (line {_lines(outside)})")
        if self.empty:
            warnings.append(f"{_count(self.empty, 'release')} without changes: {', '.join(self.empty[:_EXAMPLES])}"
                            + (", …" if len(self.empty) > _EXAMPLES else ""))
        if outline.demoted:
            warnings.append(f"{_count(outline.demoted, 'heading')} written as a release, out of the releases' order "
                            f"or level, read as a section of the release above (line {_lines(outline.demoted)})")
        if self.linky:
            warnings.append(f"{_count(self.linky, 'summary', 'summaries')} still holding link syntax "
                            f"(line {_lines(self.linky)})")
        source = SourceFile(self.path, "\n\n".join(preamble), tuple(outline.levels), tuple(warnings), skipped,
                            *self.project)
        return self.releases, self.changes, source


def _credited_by_name(summary: str, names: set[str], by_form: bool) -> tuple[str, str] | None:
    """The summary and the name of an entry that ends in a name in parentheses with no refs
    before it, when the file credits that name elsewhere ("Docs: Remove dupes (Nicholas C.
    Zakas)" after "Fix: … (fixes #4495) (Nicholas C. Zakas)"), or when the file credits people so
    and this is a full name (by_form: "(Andrew Hutchings)"); alone, it may be words ("(Windows Only)")."""
    opening = summary.rfind("(")
    name = summary[opening + 1:-1]
    if opening > 0 and summary[opening - 1] == " " and (name in names or (by_form and is_full_name(name))):
        return summary[:opening].rstrip(), name
    return None


_CREDITS_WRITTEN_SO = 5  # entries ending with their author in parentheses that show a file credits people so


_LINK_SYNTAX_RE = re.compile(r"\[[^\]\n]{0,300}\]\([^)\s]{0,500}\)")  # bounded: linear in the text
_CODE_SPAN_RE = re.compile(r"`[^`]*`")


def _leaks_links(summary: str, markdown: str) -> bool:
    """Whether a summary shows link syntax that its Markdown does not show as code."""
    for code in _CODE_SPAN_RE.findall(markdown):
        summary = summary.replace(code.strip("`").strip(), "")
    return bool(_LINK_SYNTAX_RE.search(summary))


def _count(items: list, singular: str, plural: str = "") -> str:
    return f"{len(items)} {singular if len(items) == 1 else plural or singular + 's'}"


def _lines(lines: list[int]) -> str:
    return ", ".join(str(n) for n in lines[:_EXAMPLES]) + (", …" if len(lines) > _EXAMPLES else "")


def _context(parts: Sequence[str], path: str = "") -> tuple[Context | None, collections.Counter]:
    """The repository most of the file's refs point to, and its link definitions; and how many
    links point to each (owner, repository). parts: the text's pieces. A repository linked a
    few times in notes whose refs are mostly bare ("#2589") is another project's, unless the
    file's folder is named after it (sf's NEWS.md links to two issues of r-spatial/s2); one
    linked once is the file's own only when it is the only one linked and the path names it."""
    counts: collections.Counter = collections.Counter()
    found = collections.Counter(m.groups() for m in _finditer(_GH_REPO_RE, parts))
    if not found or max(found.values()) < 2:  # few links into a repository: its home page may say which
        # a home page named outside the list items ("[pypa/pipx](…)" in the title or the preamble);
        # an item's link to one is to another project, as a rule ("Update [unity](…) to 2.4.1")
        found.update(m.groups() for m in _finditer(_GH_HOME_RE, parts)
                     if not _LIST_ITEM_LINE_RE.match(m.string, m.string.rfind("\n", 0, m.start()) + 1))
    for (owner, repo), n in found.items():
        counts["github.com", owner, repo] = n
    if _contains(parts, "/-/"):
        counts.update(m.groups() for m in _finditer(_GL_URL_REPO_RE, parts))
    if _contains(parts, "](") and (_contains(parts, "!") or _contains(parts, "@")):
        counts.update(("", *m.groups()) for m in _finditer(_GL_SHORTHAND_REPO_RE, parts))
    defs: dict[str, str] = {}
    if _contains(parts, "]:"):
        for m in _finditer(_LINKDEF_RE, parts, reach=4096):  # a definition's URL may be on its next line
            defs.setdefault(normalise_label(m[1]), m[2])  # the first definition wins
    repos: collections.Counter = collections.Counter()
    for (_host, owner, repo), n in counts.items():
        repos[owner, repo] += n
    (host, owner, repo), most = counts.most_common(1)[0] if counts else (("", "", ""), 0)
    # the file's folder or name says it is this repository's: "flixel/CHANGELOG.md", not "flixel-addons/…"
    named = bool(repo) and re.search(rf"(?<![A-Za-z0-9.-]){re.escape(repo.lower())}(?![A-Za-z0-9-])",
                                     path.lower()) is not None
    if not counts or (most < 2 and not (named and len(counts) == 1)) or (
            most < _FEW_LINKS and not named and _elsewhere(parts, host, owner, repo, most)):
        if (checkout := checkout_repository(path)) is not None:  # the notes of a checkout: its remote's
            return Context(checkout[1], checkout[2], checkout[0], defs or None), repos
        return (Context("", "", "", defs) if defs else None), repos  # "see https://…/rust/issues/39364"
    if not host:  # GitLab shorthand only: the host of a GitLab URL in the file, else gitlab.com
        host = next((h for h, _, _ in counts if h and h != "github.com"), "gitlab.com")
    return Context(owner, repo, host, defs or None), repos


# A scan of a whole 200 MB text is one call that holds the interpreter lock (and so the window)
# for a tenth of a second or more: a text is scanned a piece at a time. Its pieces end after a
# newline, so that a match within one line is within one piece.
_PIECE = 1 << 20  # characters


def _pieces(parts: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """(part, start, end) of the pieces of the parts of a text, each about _PIECE characters."""
    for part in parts:
        start, n = 0, len(part)
        while start < n:
            end = part.find("\n", start + _PIECE) + 1 or n
            yield part, start, end
            start = end


def _elsewhere(parts: Sequence[str], host: str, owner: str, repo: str, links: int) -> bool:
    """Whether the few links to a repository point to another project than the file's bare refs:
    they are twenty times as many, and the linked numbers lie far below theirs (a project's NEWS.md
    with #2589 and two links to issues 289 and 264 of a library it uses; not cosign's notes,
    which link its advisories and issue 3927 among bare refs up to #4623)."""
    bare = [int(m[1]) for m in itertools.islice(_finditer(_BARE_REF_RE, parts), _FEW_LINKS * _BARE_PER_LINK)]
    if len(bare) < links * _BARE_PER_LINK:
        return False
    linked = re.compile(rf"{re.escape(host)}/{re.escape(owner)}/{re.escape(repo)}/(?:-/)?"
                        r"(?:pulls?|issues|merge_requests)/(\d+)", re.I)
    numbers = [int(m[1]) for m in itertools.islice(_finditer(linked, parts), 100)]
    bare.sort()
    return not numbers or 4 * max(numbers) < bare[len(bare) // 2]


def _finditer(pattern: re.Pattern, parts: Sequence[str], reach: int = 0) -> Iterator[re.Match]:
    """pattern.finditer() over the text, a piece at a time; a match may reach this far past its
    piece (within its part). A piece starts at a line's start, where a multi-line ^ matches."""
    for part, start, end in _pieces(parts):
        for m in pattern.finditer(part, start, min(end + reach, len(part))):
            if m.start() >= end:
                break
            yield m


def _contains(parts: Sequence[str], needle: str) -> bool:
    """Whether the text holds needle, a string without a newline."""
    return any(part.find(needle, start, end + len(needle) - 1) >= 0 for part, start, end in _pieces(parts))


def _line_count(parts: Sequence[str]) -> int:
    return sum(part.count("\n", start, end) for part, start, end in _pieces(parts)) + 1


def _front_matter(text: str) -> dict[str, str]:
    """The keys of a YAML or TOML front matter block ("title: …", 'date = "…"'), as plain strings."""
    if text[:1] in ("\n", "\r") and text.lstrip("\r\n")[:3] in ("---", "+++"):
        text = text.lstrip("\r\n")  # after blank lines, as a page generator may leave them
    if not text.startswith(("---", "+++")):
        return {}
    fence = ("---", "...") if text.startswith("---") else ("+++",)
    found: dict[str, str] = {}
    for line in text[:8192].split("\n")[1:200]:
        if line.strip() in fence:
            return found
        m = _FRONT_KEY_RE.match(line)
        if m:
            found.setdefault(m[1].lower(), m[2].strip("'\""))
    return {}


def _pop(stack: list[tuple[int, str]]) -> tuple[tuple[str, ...], bool]:
    """Close the innermost section: the path of the one around it, and whether that is notes."""
    stack.pop()
    path = tuple(title for _, title in stack)
    return path, bool(path) and rules.is_notes_section(path)


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


def _end_listing(listing: tuple[_ReleaseBuilder, tuple[str, ...], Block, list[Block]],
                 analysis: ItemAnalysis) -> list[Block]:
    """A paragraph that leads into two or more bullets that only name things ("The access mode is
    deprecated in the following data sources:" over "- Prometheus", "- InfluxDB") is one change with
    them; a single bullet is a change of its own, given back to be taken as one."""
    builder, path, intro, items = listing
    if len(items) < 2:
        return items
    notes = _notes(builder, path, intro)
    if intro.text in notes:
        notes.remove(intro.text)
    text = intro.text + "\n\n" + "\n".join("- " + item.text for item in items)
    builder.items.append((path, Block(ITEM, intro.line, text)))
    analysis.add(text)
    return []


def _closes_list(item: str) -> bool:
    """Whether a bullet names a thing and closes the list with the refs of what leads into it:
    "Elasticsearch Issue [#41938](…)"."""
    return (rules.names_only(_REF_LINK_RE.sub("", item).rstrip(" ,.;")) if "\n" not in item and "[" in item
            else False)


_REF_LINK_RE = re.compile(r"(?:\b(?:issue|pr|pull request)\s*)?\[#\d+\]\([^()\s]*\)", re.I)


def _tells_a_change(title: str, words: int = 4) -> bool:
    """Whether a heading reads as a change told at length ("Grafana 8 Alerting enabled by default
    for new installations"), not a title ("Deprecations", "Plugin development"): at least `words`
    words (three where no bullet of the release could be a change instead), not a kind of change."""
    return len(title.split()) >= words and not rules.names_a_kind(title) and rules.section_marker(title) is None


def _changes_before_releases(blocks: list[Block]) -> int | None:
    """Where the bullets before a file's first release heading that are changes start (with the
    headings right above them, which name their sections), or None when none are: a table of
    contents, links elsewhere, or a list that a sentence introduces ("We support:") are not."""
    introduced = False
    for at, b in enumerate(blocks):
        if b.kind == HEADING:
            introduced = False
        elif b.kind == TEXT:
            introduced = b.text.rstrip().endswith(":")
        elif not introduced and not rules.is_skipped_item(b.text, ()) and not _points_elsewhere(b.text):
            while at > 0 and blocks[at - 1].kind == HEADING and blocks[at - 1].level > 1:
                at -= 1
            return at
    return None


_LINK_OR_URL_RE = re.compile(r"!?\[[^\]\n]*\]\([^)\s]*\)|<?https?://\S+")


def _points_elsewhere(text: str) -> bool:
    """Whether a bullet only points elsewhere: "[Unreleased](#unreleased)", "Docs: https://…"."""
    if "](#" in text or 'href="#' in text:
        return True
    bare = _LINK_OR_URL_RE.sub(" ", text)
    return bare != text and len(bare.split()) <= 2


def _implicit_release(path: str, blocks: list[Block], front: dict[str, str]) -> tuple[str, str] | None:
    """The version and date of a file without release headings: from its front matter, a first
    line that is only a version, its name, or (for a file named as notes) its headings; None
    when nothing names a version."""
    date = find_date(front.get("date") or front.get("publishdate", ""))[0]  # Hugo's "publishdate: 2023-11-14"
    for key in ("version", "release", "title"):
        m = VERSION_RE.search(front.get(key, ""))
        if m:
            return m.group(), date
    first = blocks[0] if blocks else None
    if first is not None and first.kind == TEXT and "\n" not in first.text and len(first.text) <= 80:
        info = rules.release_heading(first.text)  # "v7.0.0-alpha.2" over a release's notes (a GitHub release)
        if info is not None and not info.unreleased:
            return info.version, info.date or date
    name = os.path.basename(path)
    m = VERSION_RE.search((name.rsplit(".", 1)[0] if "." in name else name).replace("_", " "))  # "k6_v0.50.0.md"
    if m:
        return m.group(), date
    if _NOTES_NAME_RE.search(name):
        folder = os.path.basename(os.path.dirname(path))  # "changelog/19.0/19.0.0/release_notes.md"
        m = VERSION_RE.fullmatch(folder.replace("_", " ").split()[-1]) if folder.strip() else None
        if m:
            return m.group(), date
        for b in blocks:
            if b.kind == HEADING:
                m = VERSION_RE.search(b.text)
                if m:
                    return m.group(), date
    return None


_NOTES_NAME_RE = re.compile(r"change|release|notes|news|history|summary", re.I)


def _change_id(key: str, seen: list[dict[str, int]]) -> str:
    """The same change gets the same id in every run; repeats get a counter.

    key is the file's name, version, section path and Markdown, joined by NULs. seen: how
    often each id came so far, in _ID_SHARDS dicts by their last byte (one dict of a million
    ids would hold the interpreter lock a tenth of a second each time it grows)."""
    crc = zlib.crc32(key.encode("utf-8", "surrogateescape"))  # a file name may not be UTF-8
    digest = f"{crc:08x}"
    shard = seen[crc & (_ID_SHARDS - 1)]
    count = shard[digest] = shard.get(digest, 0) + 1
    return digest if count == 1 else f"{digest}-{count}"


_ID_SHARDS = 256
