"""What browsing the notes means, without Qt: the table's columns and cell text, the scope of a
release or section, the one evaluation of a query over the changes' search texts, sort orders,
the release outline with its counts, and the facets' values.

The window shows these through its models; the command line's `--query` selects by the same
`select`, so both always agree on what a query matches.
"""

from __future__ import annotations

import enum
import gc
import heapq
import os
from array import array
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple, TypeVar

from explorer.model import Change, Changelog, Release
from explorer.query import Query, compile_query, search_text


class Column(enum.IntEnum):
    RELEASE = 0
    DATE = 1
    SECTION = 2
    SUMMARY = 3
    REFS = 4
    AUTHORS = 5
    PROJECT = 6  # last: a saved column layout from before it keeps its meaning


HEADERS = {
    Column.RELEASE: "Release",
    Column.DATE: "Date",
    Column.SECTION: "Section",
    Column.SUMMARY: "Summary",
    Column.REFS: "Refs",
    Column.AUTHORS: "Authors",
    Column.PROJECT: "Project",
}


def cell_text(change: Change, column: int) -> str:
    if column == Column.RELEASE:
        return change.release.version
    if column == Column.DATE:
        return change.release.date
    if column == Column.SECTION:
        return " / ".join(change.section)
    if column == Column.SUMMARY:
        return change.summary
    if column == Column.REFS:
        return ", ".join(ref.label for ref in change.refs)
    if column == Column.AUTHORS:
        return ", ".join(change.authors)
    if column == Column.PROJECT:
        return change.release.project
    return ""


def count_text(n: int, noun: str) -> str:
    """"1 change", "2,000 changes"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# -- scope and query ------------------------------------------------------------------------
def project_key(name: str) -> str:
    """Names of one project written differently ("Kubernetes", "kubernetes") are one project."""
    return name.casefold()


class Scope(NamedTuple):
    """What the tree has selected: a release and a section path in it, or a project (by its
    project_key), or everything."""

    release: Release | None = None
    section: tuple[str, ...] = ()
    project: str = ""


ALL = Scope()


def scoped(changes: Sequence[Change], rows, scope: Scope):
    """The rows under a release or section, or of a project (all rows for the whole notes)."""
    release, section, project = scope
    if release is None:
        if not project:
            return rows
        ours: dict[str, bool] = {}  # each spelling of a project's name: whether it is this project
        kept = []
        for i in rows:
            name = changes[i].release.project
            hit = ours.get(name)
            if hit is None:
                hit = ours[name] = project_key(name) == project
            if hit:
                kept.append(i)
        return kept
    n = len(section)
    return [i for i in rows if changes[i].release is release and changes[i].section[:n] == section]


def matching(changes: Sequence[Change], texts: Sequence[str], query: Query, rows: Iterable[int]) -> list[int]:
    """The rows whose change the query matches; texts are the changes' search_text()."""
    if not query.text.strip():
        return list(rows)
    if query.needles is not None:  # words only: test the text directly, one word at a time
        for needle in query.needles:
            rows = [i for i in rows if needle in texts[i]]
        return list(rows)
    for needle in query.required:  # a quick test that most non-matching changes fail
        rows = [i for i in rows if needle in texts[i]]
    match = query.predicate
    return [i for i in rows if match(changes[i], texts[i])]


def select(changes: Sequence[Change], query: str | Query) -> list[Change]:
    """The changes a query matches, in their order (QueryError for a malformed query)."""
    compiled = compile_query(query) if isinstance(query, str) else query
    if not compiled.text.strip():
        return list(changes)
    texts = [search_text(c) for c in changes]
    return [changes[i] for i in matching(changes, texts, compiled, range(len(changes)))]


class Snapshot(NamedTuple):
    """The changes, their search texts and a scope: what a count between events needs."""

    changes: Sequence[Change]
    texts: Sequence[str]
    scope: Scope

    def matching(self, query: Query, *, in_scope: bool, rows: Iterable[int] | None = None) -> list[Change]:
        """The changes a query matches, in the scope or in all the notes (or among rows)."""
        if rows is None:
            rows = range(len(self.changes))
        if in_scope:
            rows = scoped(self.changes, rows, self.scope)
        return [self.changes[i] for i in matching(self.changes, self.texts, query, rows)]


# -- sort orders ----------------------------------------------------------------------------
def _sort_key(column: int):
    """A function giving a change's sort key in a column. The keys are strings, or objects
    shared by many changes: a million new tuples would wake the garbage collector again and
    again while the sort orders are worked out. A value that many changes share (a release, a
    section, a set of authors) gives one key, made once: at a million changes, a key string a
    change held hundreds of megabytes while the orders were worked out."""
    if column == Column.RELEASE:  # by version
        return _shared_key(lambda c: c.release, lambda release: (release.sort_key, release.version))
    if column == Column.DATE:
        return lambda c: c.release.date
    if column == Column.REFS:  # by repository, then by number as a number
        return lambda c: "\0".join(r.repo + "\1" + r.number.rjust(12) for r in c.refs)
    if column == Column.SECTION:
        return _shared_key(lambda c: c.section, lambda section: " / ".join(section).casefold())
    if column == Column.AUTHORS:
        return _shared_key(lambda c: c.authors, lambda authors: ", ".join(authors).casefold())
    if column == Column.PROJECT:
        return _shared_key(lambda c: c.release, lambda release: release.project.casefold())
    return lambda c: cell_text(c, column).casefold()


def _shared_key(value: Callable[[Change], object], make: Callable):
    """key(change) = make(value(change)), made once for each value object (by identity: the
    changes hold their values while the keys are made, so no id is reused meanwhile)."""
    keys: dict[int, object] = {}

    def key(c: Change):
        v = value(c)
        found = keys.get(id(v))
        if found is None:
            found = keys[id(v)] = make(v)
        return found
    return key


_T = TypeVar("_T")


def run_to_end(steps: Generator[object, None, _T]) -> _T:
    """Run a generator of steps (see explorer.ui.background.IdleWork) at once; its return value."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def sort_ranks(changes: Sequence[Change], column: int, texts: Sequence[str] = ()) -> Sequence[int]:
    """Each change's place when all are sorted by a column; sorting rows by it is then cheap.
    texts, when given, are the changes' search_text(): they begin with the folded summary, so
    they order the summary column (changes of one summary then by section, authors, refs)."""
    return run_to_end(sort_ranks_steps(changes, column, texts))


def sort_ranks_steps(changes: Sequence[Change], column: int, texts: Sequence[str] = (), step: int = 2_000
                     ) -> Generator[None, None, Sequence[int]]:
    """sort_ranks() in steps of a few milliseconds (step changes; at a million changes, 5,000
    took up to 60 ms): it yields between steps."""
    key = _sort_key(column)
    n = len(changes)
    by_text = column == Column.SUMMARY and len(texts) == n
    keys: list = []
    # 4 bytes a change instead of a list of int objects (36): 32 MB less at a million. Made as
    # the keys are: one array of a million took 20-40 ms to allocate in a large process.
    ranks = array("i")
    for i in range(0, n, step):
        batch = changes[i:i + step]
        keys += texts[i:i + step] if by_text else [key(c) for c in batch]
        ranks.frombytes(bytes(ranks.itemsize * len(batch)))
        yield
    gc.freeze()  # the garbage collector would visit the million keys at each pass (they die by refcount)
    runs = []  # sorted in slices, then merged
    run = 4 * step  # sorting is cheaper per change than the rest; fewer runs merge faster
    for i in range(0, n, run):  # 4 bytes a change, not a list of int objects (36 MB at a million)
        runs.append(array("i", sorted(range(i, min(i + run, n)), key=keys.__getitem__)))
        yield
    gc.freeze()
    order = heapq.merge(*runs, key=keys.__getitem__) if len(runs) > 1 else (runs[0] if runs else [])
    for place, index in enumerate(order):
        ranks[index] = place
        if place % step == 0:
            yield
    del order, runs
    while keys:  # freed a slice at a time: a million strings at once take 30 ms
        del keys[-10 * step:]
        yield
    return ranks


def rows_by_rank(ranks: Sequence[int]) -> array:
    """Every row in the order of its rank: what sorting all rows by sort_ranks() gives, at a
    third of its time and without a list of a million int objects."""
    rows = array("i", bytes(4 * len(ranks)))
    for row, rank in enumerate(ranks):
        rows[rank] = row
    return rows


def sort_orders_steps(changes: Sequence[Change], texts: Sequence[str] = ()
                      ) -> Generator[None, None, dict[int, Sequence[int]]]:
    """Every column's sort order, in steps (texts: see sort_ranks)."""
    orders: dict[int, Sequence[int]] = {}
    for column in Column:
        orders[column] = yield from sort_ranks_steps(changes, column, texts)
    return orders


# -- the outline ----------------------------------------------------------------------------
@dataclass(eq=False, slots=True)  # thousands of nodes: made faster, and smaller, with slots
class Node:
    """One entry of the outline: the root ("All releases"), a project (when the notes are of
    several), a release or a section."""

    title: str
    release: Release | None = None
    path: tuple[str, ...] = ()
    count: int = 0
    notes: str = ""
    shown: int | None = None  # changes under the node that the filter keeps; None: no filter
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0
    project: str = ""  # the project_key of a project node and of what is under it

    def add(self, child: Node) -> Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child

    @property
    def scope(self) -> Scope:
        if self.release is not None:
            return Scope(self.release, self.path)
        return Scope(project=self.project)  # a project node, or the root (no project: all)


def projects(releases: Iterable[Release]) -> dict[str, str]:
    """The projects of the releases: each project_key with the name it is shown by (the
    spelling most of its releases use), in order of first appearance."""
    spellings: dict[str, Counter[str]] = {}
    for name, n in Counter(map(attrgetter("project"), releases)).items():  # a few names, in order
        spellings.setdefault(project_key(name), Counter())[name] += n
    return {key: names.most_common(1)[0][0] for key, names in spellings.items()}


def range_versions(releases: Iterable[Release]) -> list[str]:
    """The versions an upgrade range can start or end at, newest first (no Unreleased)."""
    ordered = sorted((r for r in releases if r.sort_key[0] and r.sort_key[0][0] != float("inf")),
                     key=lambda r: r.sort_key, reverse=True)
    return list(dict.fromkeys(r.version for r in ordered))


def versions_by_project(releases: Sequence[Release], names: dict[str, str]) -> dict[str, list[str]]:
    """range_versions() of each project (by project_key); of all the releases for one project."""
    if len(names) <= 1:
        return {key: range_versions(releases) for key in names}
    mine: dict[str, list[Release]] = {key: [] for key in names}
    for release in releases:
        mine[project_key(release.project)].append(release)
    return {key: range_versions(found) for key, found in mine.items()}


_COUNT_STEP = 20_000  # changes counted in one call: a few milliseconds


def build_tree(changelog: Changelog, names: dict[str, str] | None = None) -> Node:
    """Releases newest first, then their sections, with change counts; with notes of several
    projects, each project first (by name), its releases under it. Sections with no changes
    and no notes are left out. names: projects() of the releases, when known."""
    counts: dict[Release, dict[tuple[str, ...], int]] = {}
    # Counted by (release, section) first, at C speed (a release is hashed by its identity);
    # then each distinct pair adds to its section's parents (a few thousand pairs for 100k changes).
    pairs: Counter = Counter()
    changes = changelog.changes
    for start in range(0, len(changes), _COUNT_STEP):  # each a C call that holds the interpreter lock
        pairs.update(map(attrgetter("release", "section"), changes[start:start + _COUNT_STEP]))
    for (release, section), n in pairs.items():
        per_release = counts.setdefault(release, {})
        for depth in range(len(section) + 1):
            path = section[:depth]
            per_release[path] = per_release.get(path, 0) + n
    files = [f for f in changelog.files if f.notes and not f.skipped]
    names = projects(changelog.releases) if names is None else names
    several = len(names) > 1
    root = Node("All releases", count=len(changelog.changes),
                notes="\n\n".join(f"*{os.path.basename(f.path)}*\n\n{f.notes}" if several else f.notes
                                  for f in files))
    parents: dict[str, Node] = {}
    if several:
        for key, name in sorted(names.items(), key=lambda item: item[1].casefold()):
            notes = "\n\n".join(f.notes for f in files if project_key(f.project) == key)
            parents[key] = root.add(Node(name, project=key, notes=notes))
    for release in sorted(changelog.releases, key=attrgetter("sort_key"), reverse=True):
        release_counts = counts.get(release, {})
        parent = parents.get(project_key(release.project), root) if several else root
        node = parent.add(Node(release.version, release, (), release_counts.get((), 0), release.notes,
                               project=parent.project))
        parent.count += node.count if parent is not root else 0
        _add_sections(node, release, release_counts)
    return root


def _add_sections(node: Node, release: Release, counts: dict[tuple[str, ...], int]) -> None:
    notes_of = {s.path: s.notes for s in release.sections}
    with_notes = ({p[:depth] for p, notes in notes_of.items() if notes for depth in range(1, len(p) + 1)}
                  if any(notes_of.values()) else ())
    by_path: dict[tuple[str, ...], Node] = {(): node}
    project = node.project
    for path in [*notes_of, *(p for p in counts if p and p not in notes_of)]:
        if path in by_path or (not counts.get(path) and path not in with_notes):
            continue
        for depth in range(1, len(path) + 1):
            sub = path[:depth]
            if sub not in by_path:
                by_path[sub] = by_path[sub[:-1]].add(
                    Node(sub[-1], release, sub, counts.get(sub, 0), notes_of.get(sub, ""), project=project))


Counted = tuple[int, dict[tuple[int, tuple[str, ...]], int]]


def filtered_counts(changes: Iterable[Change], counted: Counted | None = None) -> Counted:
    """How many changes there are, and under each (release, section path); added to counted,
    the result of an earlier call, when given."""
    total, counts = counted if counted is not None else (0, {})
    for change in changes:
        total += 1
        key = id(change.release)
        for depth in range(len(change.section) + 1):
            path = (key, change.section[:depth])
            counts[path] = counts.get(path, 0) + 1
    return total, counts


# -- facets ---------------------------------------------------------------------------------
class Facet(NamedTuple):
    title: str
    field: str  # the query field that selects a value
    values: Callable[[Change], Iterable[str]]  # the values a change has


FACETS: tuple[Facet, ...] = (
    Facet("Projects", "project", lambda c: (c.release.project,)),
    Facet("Sections", "section", lambda c: (" / ".join(c.section),) if c.section else ()),
    Facet("Authors", "author", lambda c: c.authors),
    Facet("Labels", "label", lambda c: c.labels),
    Facet("Repos", "repo", lambda c: tuple(dict.fromkeys(r.repo for r in c.refs if r.repo))),
)


def count_values(facet: Facet, changes: Iterable[Change], counts: Counter[str] | None = None) -> Counter[str]:
    """How many of the changes have each of the facet's values (added to counts when given)."""
    counts = Counter() if counts is None else counts
    values_of = facet.values
    for change in changes:
        counts.update(values_of(change))
    return counts


def count_steps(snapshot: Snapshot, facets: Sequence[tuple[Facet, Query]], query: Query | None,
                step: int = 2_000) -> Generator[None, None, tuple[list[Counter[str]], Counted | None]]:
    """Each facet's counts under its query (in the scope), and the outline's counts under query
    (None: no filter, no counts), a slice of the changes at a time."""
    facet_counts: list[Counter[str]] = [Counter() for _ in facets]
    tree: Counted | None = (0, {}) if query is not None else None
    n = len(snapshot.changes)
    for start in range(0, n, step):
        rows = range(start, min(start + step, n))
        for counts, (facet, facet_query) in zip(facet_counts, facets, strict=True):
            count_values(facet, snapshot.matching(facet_query, in_scope=True, rows=rows), counts)
            yield
        if query is not None:
            tree = filtered_counts(snapshot.matching(query, in_scope=False, rows=rows), tree)
            yield
    return facet_counts, tree
