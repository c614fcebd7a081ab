"""Format knowledge as small rules: what is a release heading, a section marker, or not a change."""

from __future__ import annotations

import re
from typing import NamedTuple

from explorer.parse.dates import find_date, find_month_year
from explorer.parse.refs import EMOJI, SENTENCE_VERBS, is_thanks, to_plain
from explorer.versions import VERSION, VERSION_RE

# A release heading, once wrappers (links, brackets, inline HTML) are gone: an optional product
# name of up to three words, the version, then only what dates and qualifies it.
# "## [1.2.0] - 2024-01-01", "# v1.27.0-alpha.2", "## Cargo 1.79 (2024-06-13)", "## Rails 6.1.7.10
# (October 23, 2024)", "## 2023-11-22, Version 20.10.0 'Iron' (LTS), @targos", "## 0.10.0-rc1 to
# 0.10.0 (August 2, 2017)", "# April 2024 (version 2.7)", "## v1.0.0-rcv0018/v0.89.0"
_RELEASE_RE = re.compile(
    rf"(?P<prefix>(?:\.?[A-Za-z@][\w./@-]*\s+){{0,3}}?)\(?"  # ".NET Core 2.2.0"
    # a channel or a package glued to the version: "stable-2.11.5", "rust-v0.16.0", "ethers/v5.0.0",
    # "hardhat@2.12.0", "@scope/pkg@3.0.0"
    rf"(?P<channel>(?:stable|edge|beta|alpha|nightly|canary|lts)-|(?:@[\w.-]{{1,60}}/)?[A-Za-z][\w.-]{{0,60}}?[-/@](?=v?\d))?"
    rf"(?P<v>{VERSION})\)?"
    rf"(?:\s+(?:to|from)\s+(?P<v2>{VERSION})|(?:\s*[/,]\s*|\s+and\s+)(?P<also>{VERSION}))?(?![\w.])(?P<rest>.*)",
    re.IGNORECASE | re.S,
)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>")
# A date still to come, written where the release's date will go: "[xx XXX xxxx]", "YYYY-MM-DD", "2024-XX-XX"
_DATE_TO_COME = r"xx\s+xxx\s+xxxx|(?:yyyy|xxxx|\d{4})-(?:mm|xx)-(?:dd|xx)"
_UNRELEASED_RE = re.compile(
    r"\bunreleased\b|\bnever released\b|\bupcoming\b|\b(?:under|in) development\b|\bnot yet released\b"
    r"|\bin progress\b|\bto be released\b|\bwork in progress\b|\bwip\b|\btb[ad]\b"  # "[0.1.0] - TBD"
    rf"|\b(?:{_DATE_TO_COME})\b|\b(?:yyyy|\d{{4}})-(?:\?\?|mm)-\?\?", re.I)  # "2023-??-??"
# What a release heading may say of a release that was taken back: "v0.8.0 [REVOKED]", "1.2.0 (yanked)"
_TAKEN_BACK_RE = re.compile(r"\b(?:yanked|revoked|retracted|withdrawn)\b", re.I)
# A heading for what is not released yet, named for it or for the branch it is on ("## main").
_UNRELEASED_HEADING_RE = re.compile(
    r"\W*(?:unreleased|unpublished|upcoming|main|master|next(?: release)?|vnext|head|trunk|tip|dev|development"
    r"|latest changes|(?:in|under) development|in progress|not (?:yet )?released(?: yet)?|pending"
    r"|(?:\d+|x)\.x\.y|x\.y\.z"  # "0.X.Y", "x.y.z": a placeholder for the next version
    r"|tbd|continuous|v?x\.x(?:\.x)?(?: \(?pre-?release\)?)?|unreleased changes|upcoming release)"
    r"(?:\W++(?:unreleased|upcoming|nightly)\b)?"  # not "Nightly" alone; "Vx.x.x (Pre-release)"
    # a placeholder for its date or a codename: "[unreleased] - YYYY-MM-DD", "Unreleased (Neon)"
    rf"(?:[\s:–-]++(?:{_DATE_TO_COME}|tb[ad])\b|\s*+\([A-Za-z][\w -]{{0,30}}\))?\W*+"
    # "ggplot2 (development version)", as every R package's NEWS.md heads what is not released yet
    r"|[A-Za-z][\w.-]{0,40} \((?:development|dev|in development|under development|unreleased) version\)"
    r"|(?:[A-Za-z][\w-]*\s+){0,3}v?(?:(?:\d+|x)\.x\.y|x\.y\.z)"  # "Important Changes in 0.X.Y"
    rf"|v?\d+(?:\.\d+)?\.x(?:\.x)?\W+(?:{_DATE_TO_COME})",  # "[6.x.x] = 2022-xx-xx": the next 6.x, date to come
    re.I)  # "main / unreleased", "Continuous/Nightly"
_SAYS_UNRELEASED_RE = re.compile(r"unreleased|unpublished|upcoming|not (?:yet )?released|x\.[xy]|vnext", re.I)
BRANCH_SHAPE = "branch"  # the shape of a heading that names what is not released yet only as a branch may
_UNRELEASED_WORD_RE = re.compile(
    r"unreleased|unpublished|upcoming|main|master|next|head|trunk|tip|dev|latest|tbd|continuous|progress|pending"
    r"|not released|\.x\.y|x\.y\.z", re.I)
_DIGIT_RE = re.compile(r"\d")
_TEMPLATE_VERSION_RE = re.compile(r"\{\{[^{}]{0,80}\bversion\b[^{}]{0,80}\}\}", re.I)  # "{{ site.version }}"
# Links after a release's version to more about it: "2.9.0 [See full changelog](https://gist…)",
# "26.7, 2026-07-22. [Presentation](…), [Video](…)". One start a run of spaces: linear.
_TRAILING_LINKS_RE = re.compile(
    r"(?<![\s,;|·•])(?:\s*(?:[,;|·•]\s*)?\[[^\[\]\n]{1,80}\]\([^()\s]{1,500}\)){1,8}$")
_LINK_LABEL_RE = re.compile(r"\[([^\[\]\n]{1,80})\]")
_MORE_ABOUT_RE = re.compile(r"change ?log|changes|notes|diff|compare|commits|details|announce|blog|release", re.I)
_LEADING_DATE_RE = re.compile(r"^\W*(\d{4}-\d{2}-\d{2})[,\s-]*(?:(?:release|version)\s*[-–:]\s*)?", re.I)
_EMAIL_NAME_RE = re.compile(r"(?:[A-Z][\w'’.-]*\s+){0,4}<[^<>\s@]{1,64}@[^<>\s]{1,255}>")  # "Jeff McCune <jeff@x.com>"
# What may follow a version: a qualifier, a codename in quotes, a credit, separators.
_QUALIFIER_RE = re.compile(
    r"\b(?:release candidate(?: ?\d{1,3}\b)?"  # before "release": "4.0.0 Release Candidate 1"
    r"|release notes|yanked|unreleased|never|released?|upcoming|lts|stable|latest|final|security|hotfix"
    r"|patch|minor|major|version|on|and|tbd|tba|wip|draft|pre-?release|changelog|rtm|ga"
    r"|revoked|retracted|withdrawn|deprecated|to be released|work in progress"
    r"|(?:alpha|beta|pre|preview|rc)(?: ?\d{1,3}\b)?"
    r"|(?:under|in) development|in progress|not yet|provisional|tentative"
    rf"|{_DATE_TO_COME})\b"
    r"|'[^'\n]{1,40}'|\"[^\"\n]{1,40}\"|‘[^’\n]{1,40}’|“[^”\n]{1,40}”|@[\w.-]+|[\W_]",
    re.I,
)
# A release named by its date alone: "2024-01-15", "Release (2026-06-05.2)", "2024-01-15 - Big update"
_DATE_NAMED_RE = re.compile(
    r"\W*(?:(?:release|version)\W*)?(?P<d>\d{4}-\d{2}-\d{2})(?P<n>\.\d{1,3})?\W*(?:[-–—:]\s+\S.*)?", re.I | re.S)
# A date written without separators after the version: "## [11.0.0.6] 20220413"
_COMPACT_DATE_RE = re.compile(r"(?<=[\s\]])(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])\s*$")


def _compact_date(m: re.Match) -> str:
    return f"{m['y']}-{m['m']}-{m['d']}"


_RELATIVE_WORDS = frozenset("since from after before than vs versus compared over".split())
_TOWARDS_RE = re.compile(r"(?:\b(?:upgrad|migrat|mov|switch|port)\w*\s+to|\bwith)\s*$", re.I)
# "5.0.2 alpha", "v1.5.0 (Rc)": a stage after the version
_STAGE_WORD_RE = re.compile(r" \(?((?:alpha|beta|pre|preview|rc|release candidate)(?: ?\d{1,3})?)\b(?!-)", re.I)
_BOLD_MARKER_RE = re.compile(
    r"(?:\*\*\*?|___?)(?P<t>[^*_\n]{1,80}?)(?::\s*)?(?:\*\*\*?|___?)\s*:?\s*"  # "**Fixed:**", "***Fixed:***"
    r"|(?P<i>[*_])(?P<t3>[A-Z][^*_\n]{0,60}?):(?P=i)\s*")  # "_New Features:_": a title in italics, with its colon
_CAPS_MARKER_RE = re.compile(  # "BUG FIXES:", "PROVIDER SDK CHANGES (not user-facing):", "IMPROVEMENTS"
    r"(?P<t>[A-Z][A-Z0-9 &/()'’-]{2,80}(?:\([^()\n]{1,40}\))?):\s*|(?P<t2>[A-Z]{3,}(?: [A-Z]{2,}){0,2})")
_NOT_SECTIONS = frozenset({"references", "pull requests", "relevant prs", "note", "notes"})
# "Features:", "Version Upgrades:", "QEMU driver enhancements:": a capital, up to three words, a colon.
# "Babashka.fs:", "API changes (since 1.3.0-M2):", a remark in parentheses aside
_COLON_MARKER_RE = re.compile(r"(?P<t>[A-Z][\w'’/&-]*(?:\.[\w'’/&-]+)?(?: [\w'’/&-]+){0,2})(?: \([^()\n]{1,30}\))?:")
_KINDS_COLON_RE = re.compile(r"(?P<t>[A-Z][\w'’/&-]*(?: [\w'’/&-]+){1,5}):")
_COLON_WORDS = frozenset(
    "it this these that there additionally also for in of to with and or the a an include includes included including"
    " contains contain containing are is was were has have".split())
# "Thank you to our contributors for this release!", "Thanks to everyone who helped:"
_THANKS_RE = re.compile(r"\W*(?:(?:many|special|huge|big) )?thanks?\b(?! you for (?:using|reading))", re.I)

_FULL_CHANGELOG_RE = re.compile(r"\s*\*\*Full Changelog\*\*", re.I)
_THANKED = r"(?:@[\w-]+|\[@?[\w-]+\]\([^()\s]*\))"  # "@jane", "[@jane](…)"
_THANKS_ONLY_RE = re.compile(
    rf"(?:thanks|thank you)(?: to)? {_THANKED}(?:,? (?:and )?{_THANKED})*"
    r",? for (?:the|their|all (?:the|their)|your) (?:contributions?|help|feedback|reports?|fixes)[.!]*", re.I)
_FIRST_CONTRIBUTION_RE = re.compile(r"made (?:their|his|her) first contribution", re.I)
_TOC_RE = re.compile(r"\[[^\]\n]+\]\(#[^)\s]*\)")
# Sections whose bullets are not changes: highlights retell them, credits thank people, and
# lists of other releases point elsewhere; an emoji may open the title ("❤️ Contributors").
_NOTES_SECTIONS_RE = re.compile(
    r"^\W*(?:(?:release |key |major |main )?highlights|(?:new )?contributors(?: to this release)?|credits|thanks"
    r"|acknowledge?ments"
    r"|(?:previous|older|past|other) (?:releases|versions)"
    r"|(?:install(?:ation)?|downloads?)(?:\s*/\s*downloads?)?(?: options| instructions| links)?)$", re.I)
# A line under a release heading that says it is not out yet: "**Not yet released**"
_UNRELEASED_LINE_RE = re.compile(
    r"[*_\s]*(?:not (?:yet )?released|unreleased|(?:in|under) development|upcoming)[.!]?[*_\s]*", re.I)
DEPENDENCY_SECTION_RE = re.compile(r"^dependenc(?:y|ies)\b|^dependency updates$", re.I)
# "No changes.", "None", "N/A": a release that says it has nothing.
_PLACEHOLDER_RE = re.compile(
    r"\W*(?:(?:note:\W*)?(?:no(?:thing)?(?: (?:notable|significant|user[- ]facing|functional|code))? changes?"
    r"(?: (?:yet|so far|in this release|since \S+))?|none(?: yet)?|n/a|nothing(?: yet)?|tbd|tba"
    r"|version bump only|released without (?:any )?changes|todo|there (?:are|were) no"
    r"|this (?:version|release) (?:does not|doesn't) (?:introduce|contain|include|have) any (?:[\w-]+ )?changes))"
    r"\b[^\n]{0,120}",
    re.I)
_PLACEHOLDER_FIRST = frozenset(" *_")
_PLACEHOLDER_STARTS = frozenset("nNtTvVrR")
# An item that is only links to other releases or their notes: "[v1.2.0](…/releases/tag/v1.2.0)".
_LINKS_ONLY_RE = re.compile(r"(?:\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)[\s,;|/·•-]*)+")
# A bullet that only says where the release's changes are: "History of changes: see https://…/compare/…",
# "Full diff: [v1.2...v1.3](…/compare/v1.2...v1.3)", "All commits: <https://…/commits/v2>"
_POINTER_RE = re.compile(
    r"(?:[\w ]{0,30}\b(?:change ?log|changes|diff|compare|commits|history)\b[\w ]{0,20}:?\s*(?:see\s+)?)?"
    r"(?:<?https?://[^\s<>]+/(?:compare|commits)/[^\s<>]*>?|\[[^\]\n]{1,80}\]\(https?://[^()\s]+/(?:compare|commits)/[^()\s]*\))"
    r"\.?", re.I)
_RELEASE_URL_RE = re.compile(r"https?://\S+/(?:releases/tag|releases|tags?|compare)/\S*")
_LINK_NOTE_RE = re.compile(r"(?<=\))\s+\([^()\[\]\n]{1,40}\)$")
_RELEASE_LINK_RE = re.compile(r"\[(?P<label>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")
_SKIPPED_TEXT_RE = re.compile(
    r"<a\s+(?:name|id)=[^>]*>\s*</a>|\[TOC\]|\{%[^%]*%\}|\{\{[^}]*\}\}", re.I)

# "Breaking changes", "Backwards incompatible", changesets' "Major Changes", Rust's "Compatibility Notes"
BREAKING_SECTION_RE = re.compile(  # not "Non-breaking changes", "Backwards compatible"; "Noteworthy BC Breaks"
    r"(?<!non-)(?<!non )breaking|incompatib|^compatibility notes$|\bBC[ -]?breaks?\b"
    r"|\bbackwards?[ -]compatibility\b(?! (?:improvements?|fix))", re.I)  # "Changes affecting backward compatibility"
# Changesets' sections: there, "Major Changes" are the breaking ones (elsewhere, the big ones)
CHANGESET_SECTIONS = frozenset(("major changes", "minor changes", "patch changes"))
ACTION_SECTION_RE = re.compile(
    r"action required|urgent upgrade|must read|please read|upgrade notes|upgrading notes|notes for upgrading"
    r"|important (?:changes|notes|information|upgrade)|before (?:you )?upgrad|migration (?:notes|guide)", re.I)


class ReleaseHeading(NamedTuple):
    version: str
    date: str
    unreleased: bool
    yanked: bool
    shape: str = ""  # how the heading is written, digits and words aside: siblings share it


def release_heading(title: str) -> ReleaseHeading | None:
    """The release a heading announces, or None when it is not a release heading."""
    if title.endswith(")") and "](" in title and (m := _TRAILING_LINKS_RE.search(title)) and m.start() > 0:
        labels = _LINK_LABEL_RE.findall(m.group())
        if len(labels) > 1 or _MORE_ABOUT_RE.search(labels[0]):  # links to more about it are no part of it
            found = _release_heading(title[:m.start()])
            if found is not None:
                return found
    return _release_heading(title)


# "What's new in LuaRocks 3.11.1": a release heading after its first words
_WHATS_NEW_RE = re.compile(r"what(?:'|’|\s+i)?s\s+(?:new|changed)\s+(?:in|for)\s+(?=\S)", re.I)


def _release_heading(title: str) -> ReleaseHeading | None:
    if "{{" in title and _TEMPLATE_VERSION_RE.search(title):
        # "## {{ site.pmd.date }} - {{ site.pmd.version }}": the notes of the release being written
        return ReleaseHeading("Unreleased", "", True, False, "unreleased")
    plain = heading_text(title)
    if plain[:4].lower() == "what" and (whats := _WHATS_NEW_RE.match(plain)) is not None:
        plain = plain[whats.end():]
    if _UNRELEASED_HEADING_RE.fullmatch(plain):
        # "Unreleased" says it; "main", "Development" or "In progress" may as well title a section
        return ReleaseHeading("Unreleased", "", True, False,
                              "unreleased" if _SAYS_UNRELEASED_RE.search(plain) else BRANCH_SHAPE)
    if not re.search(r"\d", plain):
        return None
    if "@" in plain and "<" in plain:
        plain = _EMAIL_NAME_RE.sub(" ", plain)  # "2013-05-06 - Jeff McCune <jeff@example.com> - 4.1.0"
    date, date_match = find_date(plain)
    if date_match is not None and plain[date_match.start() - 1:date_match.start()] in ("v", "V"):
        # "v2000.2.2": a version, not a date; a date may follow it
        date, date_match = find_date(plain[:date_match.start()] + " " * len(date_match.group())
                                     + plain[date_match.end():])
    if (date_match is not None and (named := _DATE_NAMED_RE.fullmatch(plain)) is not None and date == named["d"]
            and VERSION_RE.search(plain, date_match.end()) is None):  # "2015-08-10 - Supported Release 4.8.0"
        # "## 2024-01-15", "# Release (2026-06-05.2)": a release named by its date, and its number that day
        return ReleaseHeading(date + (named["n"] or ""), date, False, False, "named by its date")
    if date_match is None and (compact := _COMPACT_DATE_RE.search(plain)) is not None:
        date, plain = _compact_date(compact), plain[:compact.start()] + plain[compact.end():]
    if (date_match is not None and _DIGIT_RE.search(plain, date_match.end())
            and (later := find_date(plain[date_match.end():]))[1] is not None):
        date = later[0]  # "2023.12.1 (2024-02-04)": a calendar version, then its date
    rest = plain
    m = _LEADING_DATE_RE.match(rest)
    if m:
        rest = rest[m.end():]
    elif date_match is None:
        month = find_month_year(rest)  # "April 2024 (version 2.7)"
        if month is not None and month.start() == 0:
            rest = rest[month.end():].lstrip(" ,-–:(")
    m = _RELEASE_RE.match(rest)
    if not m or not _is_release_shape(m, rest):
        return _dated_heading(plain)
    between = bool(m["also"]) and m["prefix"].lower().split()[-1:] == ["between"]
    if m["also"] and m["prefix"].strip() and "/" not in rest[m.end("v"):m.start("also")] and not between:
        return None  # "Support for 1.2 and 1.3": words about versions; "4.3.3 and 3.12.4" opens with them
    if m["prefix"] and (m["prefix"].split()[-1].lower() in _RELATIVE_WORDS or _TOWARDS_RE.search(m["prefix"])):
        # "Changes since v3.2.0", "Upgrading from 1.2.0", "Upgrading to 3.12", "Compatibility with
        # 3.11": about another release, or about moving to this one
        return None
    to_version = m.group("v2") and re.search(r"\sto\s", rest[:m.end("v2")], re.I)
    channel = m.group("channel") or ""
    if channel[:-1].lower() in ("release", "version", "tag", "v"):
        channel = ""  # "Release-1.2.0" names no package
    version = m.group("v2") if to_version else channel + m.group("v")  # "stable-2.11.5"
    also = m.group("also")
    if between:  # "Changes between 3.4 and 3.5.0 [8 Apr 2025]": the notes of the later one
        version, also = also, None
    if also and find_date(also)[1] is None:  # "0.10.1/0.9.7": two lines released together, one set of notes
        version += "/" + also
    after = m.group("rest")
    if (stage := _STAGE_WORD_RE.match(after)) is not None:
        version += " " + stage[1]  # "## 5.0.2 alpha": a pre-release, as the heading writes it
    return ReleaseHeading(version, date, bool(_UNRELEASED_RE.search(after) or _UNRELEASED_RE.search(m["prefix"])
                                              or version.lower().endswith(_IN_DEVELOPMENT)),
                          _TAKEN_BACK_RE.search(after) is not None,
                          _shape(title, bool(date)))


_IN_DEVELOPMENT = ("-dev", "-snapshot")  # "v0.14.0-dev", "2.3.0-SNAPSHOT": the version being worked on


def names_unreleased(title: str) -> bool:
    """Whether a heading without a version may head what is not released yet ("Unreleased", "main")."""
    return "nreleased" in title or " version)" in title or "x.x" in title.lower() or ".x.y" in title.lower() or (
        "{{" in title and _TEMPLATE_VERSION_RE.search(title) is not None) or (
        len(title) <= 20 and _UNRELEASED_WORD_RE.search(title) is not None
        and _UNRELEASED_HEADING_RE.fullmatch(heading_text(title)) is not None)


def heading_text(title: str) -> str:
    """A heading as plain text: inline HTML, link syntax and brackets gone, zero-width spaces too."""
    if "<" in title:
        title = _HTML_TAG_RE.sub(" ", title)
    plain = to_plain(title).replace("\u200b", "")
    return " ".join(plain.replace("[", " ").replace("]", " ").split())


def _is_release_shape(m: re.Match, rest: str) -> bool:
    """Whether what stands around the version is only a product name, a date and qualifiers."""
    prefix = m.group("prefix").strip()
    after = m.group("rest")
    _, found = find_date(after)
    while found is not None:  # dates in any form, as many as there are
        after = after[:found.start()] + " " + after[found.end():]
        _, found = find_date(after)
    month = find_month_year(after)
    if month is not None:
        after = after[:month.start()] + " " + after[month.end():]
    residue = _QUALIFIER_RE.sub("", after)
    if not residue.strip():
        return True
    # "2.0.0 - The big rewrite": a title after the version, set apart by a dash or a colon; a
    # codename between dashes before the date ("Version 3.16.2 - Ishikawa - 11th February 2019")
    return (not prefix or prefix.lower() in ("version", "release")) and bool(re.match(r"\s*(?:[-–—:|]|\()", after))


def _shape(title: str, dated: bool) -> str:
    """How a release heading is written: what stands before the version, folded, and whether a
    date follows: "[V D" for "[1.2.0](…) (2024-01-02)", "a V D" for "Rails 6.1.7 (May 2, 2024)"."""
    m = VERSION_RE.search(title)
    before = re.sub(r"\d+", "9", title[:m.start()] if m else title).strip()
    before = re.sub(r"a+", "a", re.sub(r"[^\W\d_]+", "a", before))
    return before + ("V" if m else "") + (" D" if dated else "")


def _dated_heading(plain: str) -> ReleaseHeading | None:
    """A misspelt version next to a date ("6;24.1 - 2026-02-09") still names a release, and so
    does a release's number ("Release 440 (8 Mar 2024)") and a series next to its month ("0.9.x -
    March 2015", which gives no day)."""
    date, m = find_date(plain)
    if not m:
        m = find_month_year(plain)
        if m is None:
            return None
    label = (plain[:m.start()] + plain[m.end():]).strip(" -–/,()")
    if (numbered := _NUMBERED_RELEASE_RE.fullmatch(label)) is not None:
        return ReleaseHeading(numbered["v"], date, False, False, "dated")
    return None


_NUMBERED_RELEASE_RE = re.compile(r"(?:(?:release|version)\s+)?(?P<v>v?\d+[\w.;,-]*)", re.I)


_LIST_TITLE_RE = re.compile(r"[A-Z][A-Za-z]*(?: [A-Za-z][\w&/'’-]*){0,3}")


# Words of section titles that sort changes by kind ("Bug Fixes", "Other changes"), not by topic
_KIND_WORD_RE = re.compile(
    r"(?:bug|fix|feature|change|improve|enhance|deprecat|remov|break|misc|other|security|doc|perf|refactor"
    r"|intern|test|build|chore|depend|update|upgrade|add|new|known|issue|note|compat|api|highlight|maint"
    r"|minor|major|general|and|&|/)", re.I)


def names_a_kind(title: str) -> bool:
    """Whether a title names a kind of change ("Bug Fixes:", "Other changes"), as a section beside
    another does; not a topic whose bullets are one change's details ("New error hierarchy:")."""
    return all(_KIND_WORD_RE.match(word) for word in title.split())


# What a release says of itself: "Release canceled.", "Yanked, as …", "Bugfix release.", "First major release, …"
_ABOUT_THE_RELEASE_RE = re.compile(
    r"\W*(?:this (?:version|release)|(?:the )?releas(?:e[ds]?|ing)|re-?released?|yanked|skipped|withdrawn"
    r"|same (?:changelog|notes|changes)|not released|never released|no release"
    r"|(?:initial|first|bug ?fix|maintenance|security|patch|minor|major|hotfix|stable|preview|beta)(?: major)?"
    r" (?:release|version))\b", re.I)
_NOT_STATEMENT_STARTS = frozenset("`~|><#![ \t")  # code, tables, quotes, HTML, images and links state no change


def about_the_release(text: str) -> bool:
    """Whether a paragraph speaks of its release rather than of a change ("Release canceled.")."""
    return _ABOUT_THE_RELEASE_RE.match(text) is not None


def states_a_change(text: str, section: tuple[str, ...]) -> bool:
    """Whether a paragraph of a release that lists nothing states one of its changes ("Fixes an
    issue with FutureProvider (#2028)"): not code, a table, a quote or a link, not a line that leads
    into something (":"), not what the release says of itself, nor what a bullet would not be."""
    return not (text[:1] in _NOT_STATEMENT_STARTS or text.endswith(":") or about_the_release(text)
                or is_skipped_item(text, section))


def names_only(item: str) -> bool:
    """Whether a bullet only names a thing, in up to three words ("Prometheus", "`Dict.Behaviour`"):
    one of the things a paragraph before it leads into; not a change ("Fix the build", "Upgrade:
    Okio 3.15.0."), nor a link to one."""
    return ("\n" not in item and len(item.split()) <= 3 and "[" not in item and not item.endswith((".", ":"))
            and _VERB_FIRST_RE.match(item) is None)


def is_list_title(text: str) -> bool:
    """Whether a paragraph is a short title that may name the list under it ("Editor", "Node
    Fixes"): a capital, up to four words, no sentence or link."""
    return len(text) <= 40 and _LIST_TITLE_RE.fullmatch(text) is not None


def titles_next_list(text: str) -> bool:
    """Whether a lone bullet right over a list of another marker is that list's title ("* Admin",
    "* Modules:", "* New features" over "- …"): a few words, not a change ("* Fix the build")."""
    return section_marker(text) is not None or (
        is_list_title(text) and (names_a_kind(text) or _VERB_FIRST_RE.match(text) is None))


def section_marker(text: str, colon: bool = True) -> str | None:
    """A one-line paragraph that acts as a section heading: **Bug fixes:**, BUG FIXES:, Bug
    fixes: (a few words and a colon); or one that thanks the people below it, which heads
    credits (colon: these two kinds too). A sentence in bold ("**It now supports GraalVM.**") is
    no heading."""
    if "\n" in text:
        return None
    line = text.strip()
    m = _BOLD_MARKER_RE.fullmatch(line) or _CAPS_MARKER_RE.fullmatch(line)
    if m is None and colon:
        if (kinds := _KINDS_COLON_RE.fullmatch(line)) is not None and names_a_kind(kinds["t"]):
            return kinds["t"]  # "Bug fixes and documentation updates:", "New Features and Improvements:"
        m = _COLON_MARKER_RE.fullmatch(line)
        if m is not None and not _COLON_WORDS.isdisjoint(m["t"].lower().split()):
            return None  # "It contains:", "Major changes include:": a sentence leading into a list
        if m is None:  # credits to people named below, not to people named in it
            return "Thanks" if (len(line) <= 160 and line[-1] in "!:" and _THANKS_RE.match(line) and "@" not in line
                                and "[" not in line) else None
    if m is None:
        return None
    groups = m.groupdict()
    italic = groups.get("t3")
    if italic is not None and not _COLON_WORDS.isdisjoint(italic.lower().split()):
        return None  # "_It contains:_": a sentence leading into a list
    title = (groups.get("t") or groups.get("t2") or italic or "").strip().rstrip(":").strip()
    if "](" in title or "[" in title:
        if _ONE_LINK_RE.fullmatch(title):
            return None  # "**[compare](…/compare/0.7.2..0.8.0)**": a link, not a title
        title = heading_text(title)
    if (not title or (title.lower() in _NOT_SECTIONS and not title.isupper())  # "NOTES:" heads HashiCorp's notes
            or (title[-1] in ".!?" and title.count(" ") >= 2)):
        return None
    return title


_ONE_LINK_RE = re.compile(r"\[[^\[\]\n]*\]\([^()\s]*\)")
_GROUP_RE = re.compile(r"(?P<t>[^\W\d_][\w&/'’-]*(?:\.[^\W\d_]+)?(?: [\w&/'’-]+){0,2})\s*[:.]?")  # "Space.Compact"
_LONG_GROUP_RE = re.compile(r"(?P<t>[^\W\d_][\w&/'’-]*(?: [\w&/'’-]+){0,5})\s*[:.]?")
_GROUP_LIST_RE = re.compile(r"(?P<t>[^\W\d_][\w'’-]*(?:, [\w'’-]+){1,3},? (?:and|&) [\w'’-]+)\s*:?")  # a word each
_NOT_GROUP_ENDS = frozenset("a an the this these of for to in on with by from and or".split())  # nor start


def group_title(line: str, long: bool = False) -> str | None:
    """The title of a bullet that only names the group of bullets nested in it: a section marker
    (**Bug fixes**, BUG FIXES), or up to three words with no refs, links or sentence ("SECURITY",
    "Fixed:", "Misc."), not a phrase ("Added support for:", "The conformance tests:"); the words
    may follow a count ("3 bugfixes") or go on with a remark in parentheses ("Soft deprecations
    (no warnings emitted)"); or a name in code ("`dart:html`"). long: up to six words, when the
    nested bullets are changes of their own (each with its refs)."""
    title = section_marker(line, colon=False)
    if title is not None:
        return title
    line = _LEADING_EMOJI_RE.sub("", line.strip())  # "🌐 Localization"
    m = _GROUP_CODE_RE.fullmatch(line)
    if m is not None:
        return m["c"]
    if (line[-1:] == ":" and ("`" in line or "/" in line or "+" in line) and (m := _GROUP_PARTS_RE.fullmatch(line))
            and not _VERB_FIRST_RE.match(line)):  # not "Add `--verbose` flag:" over its details
        return to_plain(m["t"])  # "`tf.function`/AutoGraph:", "tf.data / tf.distribute:", "C++ API:"
    m = _GROUP_COUNT_RE.fullmatch(line) or _GROUP_REMARK_RE.fullmatch(line)
    if m is not None:
        words = group_title(m["t"], long)
        return None if words is None else words + m["r"]
    if "," in line and (listed := _GROUP_LIST_RE.fullmatch(line)) is not None and not _VERB_FIRST_RE.match(line):
        return listed["t"]  # "Build, packaging, and testing": a list of what the group is about
    m = (_LONG_GROUP_RE if long else _GROUP_RE).fullmatch(line)
    if m is None or {m["t"].split(" ", 1)[0].lower(), m["t"].rsplit(" ", 1)[-1].lower()} & _NOT_GROUP_ENDS:
        return None
    return m["t"]


_LEADING_EMOJI_RE = re.compile(rf"^{EMOJI}[\ufe0f\U0001F1E6-\U0001F1FF]*\s+")
_GROUP_CODE_RE = re.compile(r"`(?P<c>[^`\n]{1,40})`:?")
_VERB_FIRST_RE = re.compile(rf"{SENTENCE_VERBS}\b", re.I)  # a sentence's first word
_GROUP_PART = r"(?:`[^`\n]{1,40}`|[\w.+#-]++)"  # a name, in code or not
_GROUP_PARTS_RE = re.compile(rf"(?P<t>{_GROUP_PART}(?:(?: ?(?:/|&|,) ?| and | ){_GROUP_PART}){{0,2}}):")
_GROUP_COUNT_RE = re.compile(r"\d{1,3} (?P<t>[^\W\d_].*)(?P<r>)")  # "3 bugfixes:"
_GROUP_REMARK_RE = re.compile(r"(?P<t>[^()]+?)(?P<r> \([^()\n]{1,40}\)):?")  # "Soft deprecations (no warnings emitted)"


# A heading that ends as an entry does, with its refs or credits: "Fix `--cache` (#15199 by @fisker)",
# "Add a flag ([#12](https://github.com/o/r/pull/12))".
_CHANGE_HEADING_RE = re.compile(
    r"(?:[#!]\d+|@[\w.-]+(?:\[bot\])?|\]\([^()\s]*/(?:pull|issues|merge_requests|commit)/\w+[^()\s]*\)"
    r"|\[@[\w.-]+\]\([^()\s]*\))\)*\s*$")  # "… ([#15363](…) by [@fisker](…))"


# A heading that opens with its ref, maybe after its kind: "### feat: [#322](…/issues/322) Add -version",
# "### [Pull request #1054:](…/pull/1054) Improved error message"
_REF_FIRST_HEADING_RE = re.compile(
    r"(?:(?!(?:notes?|warning|todo|info|tip|caution)\b)[a-z]{2,12}(?:\([^()\n]{1,40}\))?!?:\s*)?"
    r"(?:\[[^\[\]\n]{1,80}\]\([^()\s]*/(?:pull|issues|merge_requests)/\d+[^()\s]*\)|#\d{2,})[:\s]+[^\d\s]", re.I)


def is_change_heading(title: str) -> bool:
    """A heading inside a release that is one change, told the way a bullet would be, with the
    text under it as its details (release notes written as a blog post)."""
    return ("#" in title or "@" in title or "](" in title or "!" in title) and bool(
        _CHANGE_HEADING_RE.search(title) or _REF_FIRST_HEADING_RE.match(title))


def section_title(heading: str) -> str:
    """A section heading as a title: "Fixed (3 changes)" is "Fixed", ":bug: (Bug Fix)" is "Bug Fix"
    (an emoji's shortcode shows as its name, not as the emoji); wrappers and emoji stay."""
    title = heading_text(heading) if "<" in heading else to_plain(heading).strip()
    if title.endswith("}") and (anchor := _HEADING_ID_RE.search(title)) is not None:
        title = title[:anchor.start()]  # "New symbols {#new_symbols}": an anchor, as Pandoc and Doxygen write it
    title = _CHANGE_COUNT_RE.sub("", title).rstrip(":").strip()
    if title[:1].isdigit() and (counted := _LEADING_COUNT_RE.match(title)) is not None:
        title = title[counted.end():]  # "31 API/feature enhancements", "1 bug fix": the count is no part of it
    if title.startswith(":") and (m := _SHORTCODES_RE.match(title)) is not None and m.end() < len(title):
        title = title[m.end():]
        if title.startswith("(") and title.endswith(")") and title.count("(") == 1:
            title = title[1:-1].strip()
    return title or heading.strip()


_HEADING_ID_RE = re.compile(r"\s*\{#[\w.:-]{1,80}(?:\s[^{}]{0,80})?\}$")
_SHORTCODES_RE = re.compile(r"(?::[a-z0-9_+-]{1,40}:\s*)+")  # ":rocket: ", ":bug: :bug: "


# What a ref looks like in an entry's Markdown: "#12", a link to a PR, an issue or a commit.
REF_HINT_RE = re.compile(r"#\d|/pull/|/issues/|/merge_requests/|/commit/")


# A bullet that only says who did it and where: "#1616 PR by @asottile.", "#1472 issue by DrFobos."
_CREDIT_LINE_RE = re.compile(
    r"(?:[\w./-]*#\d+[,.]?\s*(?:and\s+)?)+(?:(?:PR|MR|issue)s?\s+)?by\s+@?[\w-]+(?:(?:,|\s+and)\s+@?[\w-]+)*\.?")


def is_credit_line(text: str) -> bool:
    """Whether a bullet only says who did it: "#1616 PR by @asottile.", "Many thanks to Chris
    Kimpton for this contribution via pull request #68." """
    return _CREDIT_LINE_RE.fullmatch(text.strip()) is not None or is_thanks(text)


def mostly_refs(texts: list[str]) -> bool:
    """Whether most of the entries carry refs of their own (a few in a list may not)."""
    return 2 * sum(1 for text in texts if REF_HINT_RE.search(text)) > len(texts) > 0


_LEADING_COUNT_RE = re.compile(r"\d{1,3} (?=[^\W\d_]{2,}[\w/ -]*$)")
_CHANGE_COUNT_RE = re.compile(r"\s*\(\d+ changes?\b[^()]*\)$", re.I)  # "(69 changes, 23 of them …)"


def is_skipped_text(text: str) -> bool:
    """Prose that carries no content of its own: anchors, [TOC], template tags, "Full Changelog"."""
    if text.startswith(("<", "[", "{")) and _SKIPPED_TEXT_RE.fullmatch(text.strip()):
        return True
    return bool(_FULL_CHANGELOG_RE.match(text))


def is_placeholder(text: str) -> bool:
    """A bullet or paragraph that says the release has no changes ("No changes.")."""
    first = text[:1]
    if first in _PLACEHOLDER_FIRST:
        first = text[:6].lstrip(" *_")[:1]
    return first in _PLACEHOLDER_STARTS and len(text) < 240 and bool(_PLACEHOLDER_RE.fullmatch(text.strip(" *_")))


def is_release_links(markdown: str) -> bool:
    """An item that is only links to other releases' notes, not a change of its own."""
    if markdown.startswith("http"):
        first, _, rest = markdown.partition("\n")
        return bool(_RELEASE_URL_RE.fullmatch(first.strip())) and all(
            not line.strip() or _SKIPPED_TEXT_RE.fullmatch(line.strip()) for line in rest.split("\n"))
    text = markdown.strip()
    if text.endswith(")") and (note := _LINK_NOTE_RE.search(text)) is not None:
        text = text[:note.start()]  # "[2.15.1](Release-2.15.1) (2023-05-16)": a date or a word on it
    if not text.startswith("[") or "\n" in text or not _LINKS_ONLY_RE.fullmatch(text):
        return False
    for m in _RELEASE_LINK_RE.finditer(text):
        url = m["url"]
        if "/pull/" in url or "/issues/" in url or "/commit/" in url or "merge_requests" in url:
            return False
        if not (VERSION_RE.search(m["label"]) or _ABOUT_RELEASES_RE.search(m["label"])):
            return False
    return True


# Labels of links to what is written about releases: "Release announcement", "Migration guide"
_ABOUT_RELEASES_RE = re.compile(
    r"release|changelog|notes|migration|upgrad|announcement|blog post|breaking changes$|full list", re.I)


def is_skipped_item(markdown: str, section: tuple[str, ...]) -> bool:
    """List items that are not changes: empty ones, new-contributor lines, generated TOCs and
    lists of links to other releases."""
    first = markdown.split("\n", 1)[0]
    if not first.strip() and not markdown.strip():
        return True  # an empty bullet
    if "ontribution" in first and _FIRST_CONTRIBUTION_RE.search(first):
        return True
    if first[:1] in "Tt" and "\n" not in markdown and _THANKS_ONLY_RE.fullmatch(first):
        return True  # "Thanks to @a, @b and @c for the contributions": credits for the release, not a change
    if ("/compare/" in first or "/commits" in first) and _POINTER_RE.fullmatch(markdown.strip()):
        return True  # "History of changes: see https://…/compare/v5.0.6...v5.0.7": where the changes are
    if first.startswith("["):
        return bool(_TOC_RE.fullmatch(first.strip())) or is_release_links(markdown)
    if first.startswith("http"):
        return is_release_links(markdown)
    return False


def is_highlights(section: tuple[str, ...]) -> bool:
    """Sections of highlights: they retell the changes, or list them (see document._Highlights)."""
    return any(title.lower().endswith("highlights") for title in section)


def is_notes_section(section: tuple[str, ...]) -> bool:
    """Sections whose bullets retell the changes in prose (release highlights)."""
    return any(_NOTES_SECTIONS_RE.match(title) for title in section)  # "Highlights / Other highlights" too


def is_unreleased_line(text: str) -> bool:
    """Whether a paragraph only says that its release is not out yet ("**Not yet released**")."""
    return len(text) <= 40 and _UNRELEASED_LINE_RE.fullmatch(text) is not None


_DATE_WORDS_RE = re.compile(r"[\W_]|released?|published|date|on|at|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*", re.I)
_MAY_DATE_RE = re.compile(r"[*_\s>]*(?:releas|publish|date|\d{1,4}\b|[A-Z][a-z]{2,8}\.? \d)", re.I)


def may_date(text: str) -> bool:
    """Whether a bullet may be only its release's date: it opens with one or with a word that says so."""
    return len(text) <= 80 and _MAY_DATE_RE.match(text) is not None


def date_line(text: str) -> str:
    """The date of a paragraph that is only a date ("09 May 2022"), or opens with the sentence
    that says when the release came out ("Released on 2016-08-29. All issues …"), else ""."""
    if text.endswith(")") and "](" in text and (m := _TRAILING_LINKS_RE.search(text)) and m.start() > 0:
        text = text[:m.start()].rstrip(" -–—|")  # "June 20th 2023 [Detailed release notes](…)"
    if len(text) > 40:
        if not text[:12].lower().lstrip("> ").startswith(("released", "release ", "published")):
            return ""
        text = re.split(r"(?<=\.)\s|\n", text, maxsplit=1)[0]
        if len(text) > 40:
            return ""
    if "_" in text or "*" in text:  # "_Jul 29, 2017_"
        text = to_plain(text)
    date, m = find_date(text)
    if m and not _DATE_WORDS_RE.sub("", text[:m.start()] + text[m.end():]):
        return date
    return ""
