"""Version labels and their sort order (dates in notes: explorer.parse.dates)."""

from __future__ import annotations

import re

DATED_BUILD = r"20\d{6}-\d{6}-[0-9a-f]{7,40}"  # a build named by its date, time and commit: "20230326-111934-3666303c"
# A version: at least two numeric parts, an optional pre-release and build part; or a dated build.
VERSION = (
    r"(?:v?\d+(?:\.\d+)+"
    r"(?:[-.]?(?:alpha|beta|rc|pre|preview|dev|snapshot|canary|nightly|next|ea|post|a|b)(?:[.-]?v?\d+[a-z]?)*"
    r"|-\d+(?:\.\d+)?(?:[a-z]+\d*)?(?![\w.])"  # a numbered pre-release: "7.28.0-0", "1.7.1-0.26b1"
    r"|-[Mm]\d+"  # a milestone: "1.1.0-M1"
    r"|\.(?:Final|CR\d*|RELEASE|GA|SP\d+|M\d+)"  # Java's qualifiers: "2.3.0.Final", "2.3.0.CR1", "5.0.0.M1"
    r"|(?:(?<=\d\.\d\.\d)|(?<=\.\d\.\d\d))[c-z][a-z]?(?![\w.]))?"  # a lettered patch release: "1.1.1w", "0.9.8zh"
    r"(?:\+[0-9A-Za-z.-]+)?"
    rf"|{DATED_BUILD})"
)
VERSION_RE = re.compile(rf"(?<![\w.]){VERSION}(?![\w])", re.IGNORECASE)
_PARTS_RE = re.compile(
    r"v?(?P<nums>\d+(?:\.\d+)*)(?:[-. ]?(?P<stage>release candidate|[a-z]+)[. -]?(?P<n>\d+)?)?",  # "5.0.2 alpha"
    re.IGNORECASE
)
_SEPARATOR_RE = re.compile(r"(?<=\d)[;,_](?=\d)")  # "1,2" and "1_2" as "1.2"
_STAGE_RANK = {"dev": 0, "snapshot": 0, "nightly": 0, "canary": 0, "a": 1, "alpha": 1, "m": 1,
               "b": 2, "beta": 2, "ea": 3, "pre": 3, "preview": 3, "next": 3, "rc": 4, "cr": 4,
               "release candidate": 4}


_PLAIN_RE = re.compile(r"v?(\d{1,18}(?:\.\d{1,18})*)", re.IGNORECASE)  # most versions: numbers only


_DATE_VERSION_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:\.(\d{1,3}))?")  # a release named by its date


def version_key(version: str) -> tuple:
    """Sort key: numbers compared as numbers, pre-releases before their final release; a
    release named by its date ("2026-06-05.2") by that date and its number that day."""
    if version[:1].isdigit() and (dated := _DATE_VERSION_RE.fullmatch(version)) is not None:
        return (tuple(int(part or 0) for part in dated.groups()), 1, 0, 0)
    plain = _PLAIN_RE.fullmatch(version)
    if plain is not None:
        nums = tuple(map(int, plain[1].split(".")))
        return (nums + (0,) * (4 - len(nums)), 1, 0, 0)
    return _parts_key(version)


def _parts_key(version: str) -> tuple:
    m = _PARTS_RE.search(_SEPARATOR_RE.sub(".", version))
    if not m:
        return ((), 1, 0, 0)
    nums = tuple(_number(p) for p in m["nums"].split("."))
    nums += (0,) * (4 - len(nums))
    numbered = _NUMBERED_PRE_RE.match(version, m.end("nums")) if m["stage"] is None else None
    if numbered is not None:  # "7.28.0-0", "7.28.0-1": before 7.28.0, in their order
        return (nums, 0, 0, _number(numbered[1]))
    stage = (m["stage"] or "").lower()
    if (len(stage) <= 2 and m["n"] is None and m.start("stage") == m.end("nums") and stage not in _STAGE_RANK
            and m["nums"].count(".") >= 2):
        return (nums, 1, 1, stage)  # "1.1.1w": a lettered patch release, after 1.1.1 and 1.1.1v
    if stage.endswith("v") and stage[:-1] in _STAGE_RANK:  # "rcv0018": release candidate 18
        stage = stage[:-1]
    if stage in _STAGE_RANK:
        return (nums, 0, _STAGE_RANK[stage], _number(m["n"] or "0"))
    return (nums, 1, 0, 0)


_NUMBERED_PRE_RE = re.compile(r"-(\d+)")
_MAX_DIGITS = 40  # far beyond any real version part; int() refuses past 4,300 digits


def _number(digits: str) -> int:
    """A run of digits as an int that sorts as the number does. A very long number (no real
    version has one) is ordered by its length, then its first digits: int() of 4,301 digits
    raises, and the conversion is quadratic in the length before that."""
    if len(digits) <= _MAX_DIGITS:
        return int(digits)
    digits = digits.lstrip("0")
    if len(digits) <= _MAX_DIGITS:
        return int(digits or "0")
    return len(digits) * 10**_MAX_DIGITS + int(digits[:_MAX_DIGITS])


_DATED_BUILD_RE = re.compile(DATED_BUILD)


def is_prerelease(version: str) -> bool:
    if _DATED_BUILD_RE.fullmatch(version) or _DATE_VERSION_RE.fullmatch(version):  # named by a build or a date
        return False
    m = _PARTS_RE.search(version)
    if m is None:
        return False
    if m["stage"] is None:
        return _NUMBERED_PRE_RE.match(version, m.end("nums")) is not None  # "7.28.0-0"
    return m["stage"].lower() in _STAGE_RANK


def release_sort_key(version: str, unreleased: bool) -> tuple:
    """Where a release sorts: by version; "Unreleased" without a version after every release."""
    if VERSION_RE.search(version) or _DATE_VERSION_RE.fullmatch(version):
        return version_key(version)
    return ((float("inf"),), 1, 0, 0) if unreleased else ((), 1, 0, 0)
