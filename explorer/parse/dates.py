"""Dates as release notes write them: "2024-05-02", "May 2, 2024", "2.5.2024", "17/Jun/2025"…"""

from __future__ import annotations

import datetime
import re

from explorer.versions import DATED_BUILD

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
    re.compile(rf"(?<![\w.])(?=(?:{DATED_BUILD})\b)(?P<y>20\d\d)(?P<m>\d\d)(?P<d>\d\d)"),  # a dated build's date
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
