"""What one list item says about itself: refs, authors, labels, flags and a plain-text summary."""

from __future__ import annotations

import re
from typing import NamedTuple

from explorer.model import Ref

_GH_REF_URL = (
    r"https?://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/"
    r"(?P<kind>pull|issues|commit)/(?P<num>[0-9a-fA-F]{7,40}|\d+)(?:[/#?][^\s)\]>]*)?"
)
GH_REF_URL_RE = re.compile(_GH_REF_URL)
_GH_REF_URL_PLAIN = re.sub(r"\?P<\w+>", "?:", _GH_REF_URL)
_PROFILE_URL = r"https?://github\.com/(?:apps/)?[\w-]+(?:\[bot\])?/?"
_HANDLE = r"@[A-Za-z0-9](?:[\w-]{0,38})(?:\[bot\])?"

# One scan finds every ref in order. Links and code come first so that their text is not
# scanned again for bare "#N".
_SCAN = (
    r"(?P<code>`+[^`]*`+)"
    r"|(?P<link>\[(?P<label>(?:\\.|`[^`]*`|[^\[\]\\\n])*)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))+)\))"
    rf"|(?P<bare>{_GH_REF_URL_PLAIN})"
    r"|(?P<anyurl>https?://[^\s)>\]]+)"
    r"|\[GH-#?(?P<ghb>\d+)\]|(?<![\w-])GH-(?P<gh>\d+)\b"
    r"|(?<![\w&#/])\\?#(?P<hnum>\d+)\b"
)
_XREPO = r"|(?<![\w/&#.-])(?P<xrepo>[\w.-]+/[\w.-]+)#(?P<xnum>\d+)\b"
_SCAN_RE = re.compile(rf"(?=[`\[hG#\\])(?:{_SCAN})")  # fail fast where no ref can start
_SCAN_XREPO_RE = re.compile(rf"{_SCAN}{_XREPO}")  # for items that name "org/repo#N"
_HAS_XREPO_RE = re.compile(r"/[\w.-]+#\d")
_LABEL_REF_RE = re.compile(r"\\?#(?P<n>\d+)|(?P<repo>[\w.-]+)(?:\s+\\?#?|\\?#)(?P<n2>\d+)")
_KINDS = {"pull": "pr", "issues": "issue", "commit": "commit"}

# A trailing run of refs and authors: "(#12, @a)", "by @a in URL", "[calico #1](u) (@a)".
_REF_TOKEN = (
    rf"\[(?:[\w.-]+[ /]?)?\\?#?\d+\]\({_GH_REF_URL_PLAIN}\)|\[`?[0-9a-f]{{7,40}}`?\]\({_GH_REF_URL_PLAIN}\)"
    r"|\[\\?#\d+\]\([^)\s]+\)|\[[\w.-]+ \\?#?\d+\]\([^)\s]+\)"
    rf"|{_GH_REF_URL_PLAIN}|(?<![\w&])#\d+|GH-\d+|\[GH-#?\d+\]"
)
# "[@[bot[bot]](app-url)](https://github.com/[bot[bot]](app-url))": release-drafter's bot credit.
_NESTED_AUTHOR = r"\[@\[(?P<nested>[\w-]+(?:\[bot\])?)\]\([^()\s]*\)\]\((?:[^()\s]|\([^()\s]*\))*\)"
_AUTHOR_TOKEN = (
    rf"{_NESTED_AUTHOR.replace('?P<nested>', '?:')}|\[@?[\w-]+(?:\[bot\])?\]\({_PROFILE_URL}\)|\[@[\w-]+(?:\[bot\])?\](?!\()|(?<![\w@]){_HANDLE}"
)
# The tail is a run of units at the end of an item: refs, authors, a SIG list, connector words
# and parentheses. One forward scan of the item's end finds them.
_TAIL_UNIT_RE = re.compile(
    r"(?=[\[()\],&@#hGbiacv])"  # every unit starts with one of these: fail fast elsewhere
    rf"(?:(?P<ref>{_REF_TOKEN})|(?P<author>{_AUTHOR_TOKEN})|\[SIG (?P<sig>[^\]\n]+)\]"
    r"|(?P<by>\bby\b)|(?P<conn>\bco-authored by\b|\bin\b|\band\b|\bvia\b|[,&])"
    r"|(?P<open>\()|(?P<close>\)))",
)
_TAIL_WINDOWS = (200, 3000)
_AUTHOR_RE = re.compile(
    rf"{_NESTED_AUTHOR}|\[@?(?P<a>[\w-]+(?:\[bot\])?)\]\({_PROFILE_URL}\)|\[@(?P<b>[\w-]+(?:\[bot\])?)\](?!\()"
    rf"|(?<![\w@])@(?P<c>[A-Za-z0-9][\w-]{{0,38}}(?:\[bot\])?)"
)
_ANY_AUTHOR_LINK_RE = re.compile(
    rf"\[@(?P<a>[\w-]+(?:\[bot\])?)\](?:\({_PROFILE_URL}\)|(?!\())"
)

# Leading markers.
_NODE_COMMIT_RE = re.compile(
    r"\\?\[\[`(?P<sha>[0-9a-f]{7,40})`\]\((?P<url>[^)\s]+)\)\\?\]\s*-\s*"
)
_NODE_MARKER_RE = re.compile(r"\*\*\((?P<m>SEMVER-[A-Z]+|CVE-[\d-]+)\)\*\*\s*")
_NODE_SUBSYSTEM_RE = re.compile(r"\*\*(?P<s>[\w./ ,-]+)\*\*:\s*")
_TAG_RE = re.compile(r"\[(?P<t>[A-Z][A-Z /-]{1,20}|\d+\.x)\]\s*")
_AREAS_RE = re.compile(r"\*\*\[(?P<a>[^\]\n]+)\]\*\*\s*")
_EMOJI_RE = re.compile(r"(?P<e>❗|🎉|🔥|🚨)\ufe0f?\s*")
_COMPONENT_RE = re.compile(r"(?:`(?P<code>[^`\n]{1,40})`|(?P<word>[A-Za-z][\w./-]{0,30}(?: [A-Za-z][\w./-]{0,20}){0,2})):\s")
_NOT_COMPONENTS = frozenset(
    "note notes fix fixed fixes bug bugfix breaking important warning deprecated deprecation"
    " removed added changed new feature features update updated see example e.g i.e".split()
) | {"action required", "breaking change", "known issue", "upgrade note"}
_NODE_AUTHOR_RE = re.compile(r"\s*\((?P<name>[^()@\n]{2,60})\)\s*$")

_BREAKING_RE = re.compile(r"\*\*\s*breaking|\bbreaking change\b|^\s*\*\*breaking\b|❗|SEMVER-MAJOR", re.I)
_ACTION_RE = re.compile(r"\baction required\b|\[action required\]", re.I)

# Plain-text conversion.
_CODE_RE = re.compile(r"(`+)(.+?)\1", re.S)
_IMAGE_RE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK_RE = re.compile(
    r"\[((?:\\.|[^\[\]\\])*)\]"
    r"(?:\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)|\[[^\]\n]*\])"
)
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EM_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_KRAMDOWN_RE = re.compile(r"\{:[^}\n]*\}")
_LIST_MARK_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.M)
_SPACE_RE = re.compile(r"\s+")
_PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")


class ItemInfo(NamedTuple):
    summary: str
    refs: tuple[Ref, ...]
    authors: tuple[str, ...]
    labels: tuple[str, ...]
    breaking: bool
    action_required: bool


def find_refs(text: str, default_repo: tuple[str, str] | None = None) -> list[Ref]:
    """Every PR, issue and commit reference in text, in order, without repeats."""
    refs: list[Ref] = []
    if "#" not in text and "github.com" not in text and "GH-" not in text:
        return refs
    seen: set[str] = set()

    def add(ref: Ref) -> None:
        if ref.url not in seen:
            seen.add(ref.url)
            refs.append(ref)

    def bare(number: str) -> None:
        if default_repo:
            owner, repo = default_repo
            add(Ref(repo, number, f"https://github.com/{owner}/{repo}/pull/{number}", "pr"))
        else:
            add(Ref("", number, f"#{number}", "pr"))

    scan = _SCAN_XREPO_RE if _HAS_XREPO_RE.search(text) else _SCAN_RE
    for m in scan.finditer(text):
        if m.group("link"):
            url = m.group("url")
            gh = GH_REF_URL_RE.fullmatch(url)
            if gh:
                add(_gh_ref(gh))
                continue
            lm = _LABEL_REF_RE.fullmatch(m.group("label").strip())
            if lm:
                number = lm.group("n") or lm.group("n2")
                kind = "pr" if "pull" in url or "merge_requests" in url else "issue"
                add(Ref(lm.group("repo") or "", number, url, kind))
        elif m.group("bare"):
            add(_gh_ref(GH_REF_URL_RE.match(m.group("bare"))))
        elif m.lastgroup == "xnum":
            owner_repo, number = m.group("xrepo"), m.group("xnum")
            add(Ref(owner_repo.rsplit("/", 1)[1], number,
                    f"https://github.com/{owner_repo}/pull/{number}", "pr"))
        elif m.group("hnum") or m.group("gh") or m.group("ghb"):
            bare(m.group("hnum") or m.group("gh") or m.group("ghb"))
    return refs


def _gh_ref(m: re.Match) -> Ref:
    kind = _KINDS[m.group("kind")]
    number = m.group("num")
    owner, repo = m.group("owner"), m.group("repo")
    path = {"pr": "pull", "issue": "issues", "commit": "commit"}[kind]
    return Ref(repo, number, f"https://github.com/{owner}/{repo}/{path}/{number}", kind)


def analyse(markdown: str, default_repo: tuple[str, str] | None = None) -> ItemInfo:
    """Split a list item into its plain-text summary and its decorations."""
    labels: list[str] = []
    authors: list[str] = []
    lower = markdown.lower()
    breaking = ("breaking" in lower or "❗" in lower or "semver-major" in lower) and bool(
        _BREAKING_RE.search(markdown)
    )
    head = markdown
    node_commit = None

    # Leading markers, in the order formats write them.
    m = _NODE_COMMIT_RE.match(head)
    if m:
        node_commit = m
        head = head[m.end():]
        for mm in iter(lambda: _NODE_MARKER_RE.match(head), None):
            labels.append(mm.group("m"))
            head = head[mm.end():]
        mm = _NODE_SUBSYSTEM_RE.match(head)
        if mm:
            labels.extend(s.strip() for s in mm.group("s").split(",") if s.strip())
            head = head[:mm.start()] + mm.group("s") + ": " + head[mm.end():]
    while True:
        mm = _TAG_RE.match(head) or _AREAS_RE.match(head) or _EMOJI_RE.match(head)
        if not mm:
            break
        if mm.re is _AREAS_RE:
            labels.extend(a.strip() for a in mm.group("a").split(",") if a.strip())
        elif mm.re is _EMOJI_RE:
            if mm.group("e") != "❗":
                labels.append(mm.group("e"))
        else:
            labels.append(mm.group("t"))
        head = head[mm.end():]
    mm = _COMPONENT_RE.match(head)
    if mm:
        name = mm.group("code") or mm.group("word")
        if name.lower() not in _NOT_COMPONENTS and not name.lower().startswith("breaking"):
            labels.append(name)

    body, tail, sig_labels = _split_tail(head.rstrip())
    if node_commit and tail:
        nm = _NODE_AUTHOR_RE.search(body)
        if nm and nm.start() > 0:
            authors.append(nm.group("name").strip())
            body = body[:nm.start()].rstrip()
    labels.extend(sig_labels)
    for am in _AUTHOR_RE.finditer(tail):
        authors.append(am.group("nested") or am.group("a") or am.group("b") or am.group("c"))
    for am in _ANY_AUTHOR_LINK_RE.finditer(body):
        authors.append(am.group("a"))

    refs = find_refs(markdown, default_repo)
    summary = to_plain(body.rstrip(" ,;("))
    return ItemInfo(
        summary,
        tuple(refs),
        tuple(dict.fromkeys(authors)),
        tuple(dict.fromkeys(labels)),
        breaking,
        "action required" in lower and bool(_ACTION_RE.search(markdown)),
    )


def _split_tail(text: str) -> tuple[str, str, list[str]]:
    """Split an item into its body and its trailing refs, authors and SIG labels."""
    for window in _TAIL_WINDOWS:
        start = max(0, len(text) - window)
        units: list[re.Match] = []
        end = len(text)
        for m in reversed(list(_TAIL_UNIT_RE.finditer(text, start))):
            if text[m.end():end].strip() or m.start() == 0 or not _names_its_repo(m):
                break
            units.append(m)
            end = m.start()
        if end - start > 80 or start == 0:  # the run did not reach the window's edge
            break
    units.reverse()
    for cut in range(len(units)):
        if _valid_tail(units[cut:]):
            first = units[cut].start()
            sigs = [
                f"SIG {name.strip()}"
                for u in units[cut:] if u.group("sig")
                for name in re.split(r",\s*|\s+and\s+", u.group("sig")) if name.strip()
            ]
            return text[:first].rstrip(), text[first:], sigs
    return text, "", []


_WORD_NUMBER_LABEL_RE = re.compile(r"\[([\w.-]+) (\d+)\]\(https?://github\.com/[\w.-]+/([\w.-]+)/")


def _names_its_repo(unit: re.Match) -> bool:
    """"[calico 10327](…/calico/pull/10327)" is a ref; "[RFC 3537](…/rfcs/pull/3537)" is text."""
    m = _WORD_NUMBER_LABEL_RE.match(unit.group())
    return not m or m.group(1).lower() == m.group(3).lower()


def _valid_tail(units: list[re.Match]) -> bool:
    """A tail starts with a decoration (or "by" before an author, or "(") and balances its parens."""
    first = units[0]
    if first.group("conn") or first.group("close"):
        return False
    if first.group("by") and not (len(units) > 1 and units[1].group("author")):
        return False
    if not any(u.group("ref") or u.group("author") or u.group("sig") for u in units):
        return False
    opens = sum(1 for u in units if u.group("open"))
    closes = sum(1 for u in units if u.group("close"))
    return closes >= opens and (opens > 0 or closes == 0)


def to_plain(markdown: str) -> str:
    """Inline Markdown as the plain text a reader sees; raw HTML such as <nil> stays."""
    codes: list[str] = []

    def stash(m: re.Match) -> str:
        codes.append(m.group(2).strip() if m.group(2).strip() else m.group(2))
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE_RE.sub(stash, markdown) if "`" in markdown else markdown
    if "[" in text:
        text = _IMAGE_RE.sub(r"\1", text)
        for _ in range(3):  # links inside link text
            new = _LINK_RE.sub(r"\1", text)
            if new == text:
                break
            text = new
    if "<" in text:
        text = _AUTOLINK_RE.sub(r"\1", text)
    if "{:" in text:
        text = _KRAMDOWN_RE.sub("", text)
    if "\n" in text:
        text = _LIST_MARK_RE.sub("", text)
    if "*" in text or "_" in text:
        text = _STRONG_RE.sub(r"\2", text)
        text = _EM_RE.sub(lambda m: m.group(1) or m.group(2), text)
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    text = _SPACE_RE.sub(" ", text).strip()
    if codes:
        text = _PLACEHOLDER_RE.sub(lambda m: codes[int(m.group(1))], text)
    return text
