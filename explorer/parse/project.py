"""Which project a file's releases belong to: from what the notes say, else where they live.

In order: the front matter's `project`, `name` or `title`; the file's title (its first level-1
heading, when it is not a release: "# Changelog of X", "# X release notes", "# @scope/pkg"); the
name before the version in most of its release headings ("Rails 6.1.7"); the repository most of its
links point to, when it holds at least half of them, two at least and more than any other (the
notes of a project spread over several repositories point to many); else the repository of the
git checkout that holds the file (its remote on GitHub or GitLab); else the file's folder;
else the file's name. Names that differ only in case are one project (explorer.browse).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping

from explorer.parse.dates import find_date
from explorer.versions import VERSION_RE

# Words that say what a text is, not what it is about: "Changelog", "Release notes for".
_GENERIC_RE = re.compile(
    r"(?<![\w@/.-])(?:change ?log|changes|history|news|release[ -]?notes?|releases?|what'?s new|notes|"
    r"announcement|announcing|released|version|the|of|for|to|in|and|by|with|from|per|draft|upcoming|"
    r"unreleased|all|stable|edge|nightly|canary|beta|alpha|lts|"
    r"notable|latest|full|summary|table|contents|index|overview|introduction|readme|"
    r"migration|migrations|migrating|upgrade|upgrading|guide|guides|breaking|documentation|docs|important|"
    r"older|archive|pre)(?![\w/.-])",
    re.IGNORECASE,
)
# Repository names too common to name a project alone: the owner names it then ("laravel").
_GENERIC_REPOS = frozenset({
    "framework", "core", "main", "app", "server", "client", "cli", "sdk", "api", "lib", "docs",
    "website", "web", "monorepo", "packages", "source", "src", "project", "release", "releases",
    "changelog", "changelogs",
})
_MAX_WORDS = 4
_MAX_CHARS = 60
_REPO_SHARE = 0.5  # of the links to repositories, the most linked one's share to name the project
_REPO_LINKS = 2  # and how many links it needs at least (one link names nothing)


def name_in(text: str) -> str:
    """A project's name in a title, or "": the title less what says it is a changelog, less a
    version and what follows it, less punctuation at its ends."""
    text = re.sub(r"<[^>]*>|\[|\]\([^)]*\)|[`*_]{1,2}(?=\w)|(?<=\w)[`*_]{1,2}", "", text)
    m = VERSION_RE.search(text)
    if m is not None:
        text = text[:m.start()].rstrip("-_ ")  # "stable-2.11.5"
    _, date = find_date(text)
    if date is not None:
        text = text[:date.start()]  # "Release 440 (8 Mar 2024)"
    text = _GENERIC_RE.sub(" ", re.sub(r"(?<![\w@/.-])v?\d[\w.*-]*", " ", text))  # "13.x", "2024"
    text = re.sub(r"\s+", " ", text).strip()
    dot = "." if text[:1] == "." and text[1:2].isalpha() else ""  # ".NET Core"
    text = dot + re.sub(r"(?:^|\s)[vV]$", "", text).strip(" \t-–—:|,.;()[]#'\"")  # "Foo v" of "Foo v2.0"
    if not text or len(text) > _MAX_CHARS or len(text.split()) > _MAX_WORDS:
        return ""
    if not re.search(r"[^\W\d_]", text):  # no letter: "13.x", "2024"
        return ""
    return text


def is_generic_word(word: str) -> bool:
    """Whether a word says what a text is ("Changelog", "releases", "older"), not what it is about."""
    return _GENERIC_RE.fullmatch(word) is not None


def repo_name(owner: str, repo: str) -> str:
    return owner if repo.casefold() in _GENERIC_REPOS and owner else repo


def project_name(path: str, front: Mapping[str, str], title: str, heading_names: Iterable[str],
                 repo_counts: Mapping[tuple[str, str], int]) -> tuple[str, str]:
    """The project of a file, and where the name was found (for `inspect`)."""
    for key in ("project", "name", "title"):
        name = name_in(front.get(key, ""))
        if name:
            return name, f"front matter {key}"
    name = name_in(title)
    if name:
        return name, "title"
    headings = list(heading_names)
    names = [n for n in map(name_in, headings) if n]
    best = max(set(names), key=names.count) if names else ""
    if best and 2 * names.count(best) >= len(headings):  # "Rails 6.1.7" each time, not one "Metrics API 1.0.0"
        return best, "release headings"
    total = sum(repo_counts.values())
    if total:
        ranked = sorted(repo_counts.items(), key=lambda item: -item[1])
        (owner, repo), count = ranked[0]
        ahead = len(ranked) == 1 or ranked[1][1] < count
        if count >= _REPO_SHARE * total and count >= _REPO_LINKS and ahead:
            return repo_name(owner, repo), "links"
    checkout = checkout_repository(path)
    if checkout is not None:
        return repo_name(checkout[1], checkout[2]), "checkout's remote"
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    if folder:
        return folder, "folder"
    return os.path.splitext(os.path.basename(path))[0], "file name"


# A remote's URL: "https://github.com/o/r.git", "git@github.com:o/r.git", "ssh://git@gitlab.com/g/sub/p"
_REMOTE_URL_RE = re.compile(
    r"(?:https?://(?:[^@/\s]+@)?|ssh://(?:[^@/\s]+@)?|[^@/\s]+@)(?P<host>github\.com|gitlab\.com)[:/]"
    r"(?P<path>[\w.-]+(?:/[\w.-]+)+?)(?:\.git)?/?")
_REMOTE_RE = re.compile(r'^\[remote "(?P<name>[^"\n]+)"\]\s*$|^\s*url\s*=\s*(?P<url>\S+)\s*$', re.M)
_CONFIG_BYTES = 1 << 16
_CHECKOUT_DEPTH = 12  # folders walked up from the file


def checkout_repository(path: str) -> tuple[str, str, str] | None:
    """The repository (host, owner, name) of the git checkout that holds a file, from its
    remote's URL ("upstream", else "origin"): bare refs in notes that link nothing are that repository's.
    None when the file is in no checkout or its remote is not on GitHub or GitLab."""
    if not os.path.isfile(path):
        return None
    folder = os.path.dirname(os.path.abspath(path))
    return _remote_of(folder)


# Folders that hold other projects' code inside a checkout: notes there are not the checkout's
_VENDORED = frozenset(("node_modules", "vendor", "third_party", "third-party", "thirdparty", "site-packages",
                       "dist-packages", ".venv", "venv", "bower_components", "Pods", "Carthage", "external", "deps",
                       "_deps", "submodules"))


@functools.lru_cache(maxsize=64)
def _remote_of(folder: str) -> tuple[str, str, str] | None:
    for _ in range(_CHECKOUT_DEPTH):
        config = os.path.join(folder, ".git", "config")
        if os.path.isfile(config):
            return _remote_in(config)
        if os.path.basename(folder) in _VENDORED:
            return None  # "app/node_modules/leftpad/CHANGELOG.md" is leftpad's, not app's
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


def _remote_in(config: str) -> tuple[str, str, str] | None:
    try:
        with open(config, encoding="utf-8", errors="replace") as handle:
            text = handle.read(_CONFIG_BYTES)
    except OSError:
        return None
    remotes: dict[str, str] = {}
    name = None
    for m in _REMOTE_RE.finditer(text):
        if m["name"] is not None:
            name = m["name"]
        elif name is not None and name not in remotes:
            remotes[name] = m["url"]
    for remote in ("upstream", "origin"):  # a fork's checkout: upstream is the project its notes speak of
        if remote in remotes and (url := _REMOTE_URL_RE.fullmatch(remotes[remote])) is not None:
            owner, _, repo = url["path"].rpartition("/")
            return url["host"], owner, repo.removesuffix(".git")
    return None
