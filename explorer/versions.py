"""Version labels, their sort order, and dates written in the forms release notes use."""

from __future__ import annotations

import datetime
import re

_DATED_BUILD = r"20\d{6}-\d{6}-[0-9a-f]{7,40}"  # a build named by its date, time and commit: "20230326-111934-3666303c"
# A version: at least two numeric parts, an optional pre-release and build part; or a dated build.
VERSION = (
    r"(?:v?\d+(?:\.\d+)+"
    r"(?:[-.]?(?:alpha|beta|rc|pre|preview|dev|snapshot|canary|nightly|next|ea|post|a|b)(?:[.-]?v?\d+[a-z]?)*"
    r"|-\d+(?:\.\d+)?(?:[a-z]+\d*)?(?![\w.])"  # a numbered pre-release: "7.28.0-0", "1.7.1-0.26b1"
    r"|-[Mm]\d+"  # a milestone: "1.1.0-M1"
    r"|\.(?:Final|CR\d*|RELEASE|GA|SP\d+|M\d+))?"  # Java's qualifiers: "2.3.0.Final", "2.3.0.CR1", "5.0.0.M1"
    r"(?:\+[0-9A-Za-z.-]+)?"
    rf"|{_DATED_BUILD})"
)
VERSION_RE = re.compile(rf"(?<![\w.]){VERSION}(?![\w])", re.IGNORECASE)
_PARTS_RE = re.compile(
    r"v?(?P<nums>\d+(?:\.\d+)*)(?:[-. ]?(?P<stage>[a-z]+)[. -]?(?P<n>\d+)?)?", re.IGNORECASE  # "5.0.2 alpha"
)
_SEPARATOR_RE = re.compile(r"(?<=\d)[;,_](?=\d)")  # "1,2" and "1_2" as "1.2"
_STAGE_RANK = {"dev": 0, "snapshot": 0, "nightly": 0, "canary": 0, "a": 1, "alpha": 1, "m": 1,
               "b": 2, "beta": 2, "ea": 3, "pre": 3, "preview": 3, "next": 3, "rc": 4, "cr": 4}


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


_DATED_BUILD_RE = re.compile(_DATED_BUILD)


def is_prerelease(version: str) -> bool:
    if _DATED_BUILD_RE.fullmatch(version) or _DATE_VERSION_RE.fullmatch(version):  # named by a build or a date
        return False
    m = _PARTS_RE.search(version)
    if m is None:
        return False
    if m["stage"] is None:
        return _NUMBERED_PRE_RE.match(version, m.end("nums")) is not None  # "7.28.0-0"
    return m["stage"].lower() in _STAGE_RANK


_MONTHS = {
    name: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_RES = (
    re.compile(r"(?<!\d)(?P<y>\d{4})([-/.–—])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"),  # not "2015.03-3", a version
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d.])"),  # "18.10.2023"
    re.compile(r"(?<![\d./-])(?P<m>\d{1,2})([-/])(?P<d>\d{1,2})\2(?P<y>\d{4})(?!\d)"),  # "04-23-2015", US
    re.compile(r"(?<![\d./-])(?P<d>\d{1,2})([-/])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)"),  # "23/04/2015"
    re.compile(rf"(?<!\w)(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)", re.I),
    re.compile(rf"(?<![\w.])(?=(?:{_DATED_BUILD})\b)(?P<y>20\d\d)(?P<m>\d\d)(?P<d>\d\d)"),  # a dated build's date
    # "2020 May 25", "2024-Aug-27", "2023-Sept-22"
    re.compile(rf"(?<![\d.])(?P<y>\d{{4}})(?:\s+|-){_MONTH}(?:\s+|-)(?P<d>\d{{1,2}})(?!\d)", re.I),
    re.compile(rf"(?<![\w./-])(?P<d>\d{{1,2}})([-/]){_MONTH}\2(?P<y>\d{{4}})(?!\d)", re.I),  # "17/Jun/2025"
    # as the date command writes it: "Tue Nov 26 17:30:42 CET 2024"
    re.compile(rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})\s+\d{{1,2}}:\d\d(?::\d\d)?(?:\s+[A-Z]{{2,5}})?\s+(?P<y>\d{{4}})(?!\d)",
               re.I),
)


_MONTH_YEAR_RE = re.compile(rf"(?<!\w){_MONTH},?\s+(?P<y>\d{{4}})(?!\d)", re.I)


def find_month_year(text: str) -> re.Match | None:
    """A month named with its year ("April 2024"), which some notes give instead of a date."""
    return _MONTH_YEAR_RE.search(text)


def find_date(text: str) -> tuple[str, re.Match | None]:
    """The first date in text as YYYY-MM-DD, with its match; ("", None) when there is none."""
    best: tuple[str, re.Match | None] = ("", None)
    for pattern in _DATE_RES:
        for m in pattern.finditer(text):
            month = int(m["m"]) if "m" in m.groupdict() and m["m"] else _MONTHS[m["mon"].lower()]
            try:
                day = datetime.date(int(m["y"]), month, int(m["d"]))
            except ValueError:
                if pattern is not _DATE_RES[0] or m[2] != "-" or int(m["d"]) > 12:
                    continue
                try:  # "2024-29-11": year, day, month, when only so it is a date
                    day = datetime.date(int(m["y"]), int(m["d"]), month)
                except ValueError:
                    continue
            if best[1] is None or m.start() < best[1].start():
                best = (day.isoformat(), m)
            break
    return best


def release_sort_key(version: str, unreleased: bool) -> tuple:
    """Where a release sorts: by version; "Unreleased" without a version after every release."""
    if VERSION_RE.search(version) or _DATE_VERSION_RE.fullmatch(version):
        return version_key(version)
    return ((float("inf"),), 1, 0, 0) if unreleased else ((), 1, 0, 0)
