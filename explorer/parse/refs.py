"""What one list item says about itself: refs, authors, labels, flags and a plain-text summary.

One regular-expression pass splits an item into plain text and the inline tokens that matter
(code, links, URLs, #N, @handles, escapes…). Refs come from the tokens, the summary is the text
with each token replaced by what a reader sees, and the trailing decorations (refs, authors,
SIG lists) are the run of tokens at the end. Every alternative of the token pattern starts with
a literal character, so Python's re skips quickly to the places where one can match.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from explorer.model import Ref

_GH_REF_URL = (
    r"https?://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/"
    r"(?P<kind>pull|issues|commit)/(?P<num>[0-9a-fA-F]{7,40}|\d+)(?:[/#?][^\s)\]>]*)?"
)
GH_REF_URL_RE = re.compile(_GH_REF_URL)
_PROFILE_URL_RE = re.compile(r"https?://github\.com/(?:apps/)?[\w-]+(?:\[bot\])?/?")
_HANDLE_RE = re.compile(r"[A-Za-z0-9][\w-]{0,38}(?:\[bot\])?")

_TOKEN_RE = re.compile(
    # "[@[bot[bot]](app)](https://github.com/[bot[bot]](app))": release-drafter's bot credit
    r"\[@\[(?P<nested>[\w-]+(?:\[bot\])?)\]\([^()\s]*\)\]\((?:[^()\s]|\([^()\s]*\))*\)"
    r"|\[SIG (?P<sig>[^\]\n]+)\]"
    r"|\[GH-#?(?P<ghb>\d+)\]"
    r"|\[@(?P<refauthor>[\w-]+(?:\[bot\])?)\](?!\()"
    # the three kinds of label character exclude each other: no backtracking blow-up
    r"|\[(?P<label>(?:\\.|`[^`]*`|`(?![^`]*`)|[^\[\]\\`])*)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\)"
    r"|!\[(?P<alt>[^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
    r"|```(?P<code3>.+?)```|``(?P<code2>.+?)``|`(?P<code>[^`]+)`"
    r"|<(?P<auto>(?:https?|mailto):[^>\s]+)>"
    r"|h(?P<bare>ttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])"
    r"|#(?P<hnum>\d+)\b"
    r"|GH-(?P<gh>\d+)\b"
    r"|@(?P<handle>[A-Za-z0-9][\w-]{0,38}(?:\[bot\])?)"
    r"|\\(?:#(?P<enum>\d+)\b|(?P<esc>[!-/:-@\[-`{-~]))"
    r"|\{:[^}\n]*\}"
    r"|\n[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+",  # a nested list's marker: not part of the text
    re.S,
)
_XREPO_RE = re.compile(r"(?<![\w/&#.-])([\w.-]+)/([\w.-]+)#(\d+)\b")
_HAS_XREPO_RE = re.compile(r"/[\w.-]+#\d")
_LABEL_REF_RE = re.compile(r"\\?#(?P<n>\d+)|(?P<repo>[\w.-]+)(?:\s+\\?#?|\\?#)(?P<n2>\d+)")
_LABEL_MARKUP_RE = re.compile(r"[`\\*_\[]")
_SHA_LABEL_RE = re.compile(r"`?[0-9a-f]{7,40}`?")
_KINDS = {"pull": "pr", "issues": "issue", "commit": "commit"}
_PATHS = {"pr": "pull", "issue": "issues", "commit": "commit"}
_NOT_BEFORE_HASH = frozenset("&#/")  # "&#123;", "##1", "page/#2" are not refs
_NOT_BEFORE_HANDLE = frozenset("@.+-/:`")  # e-mail addresses, package@version, paths

# What may stand between the trailing decorations: "(#1, @a)", "by @a in URL", "@a and @b".
_GLUE_RE = re.compile(r"(?:[\s(),&]|\bco-authored by\b|\bby\b|\bin\b|\band\b|\bvia\b)*")
_GLUE_UNIT_RE = re.compile(r"(?P<open>\()|(?P<close>\))|(?P<by>\bby\b)|(?P<conn>\bco-authored by\b|\bin\b|\band\b|\bvia\b|[,&])")

# Leading markers.
_NODE_COMMIT_RE = re.compile(r"\\?\[\[`(?P<sha>[0-9a-f]{7,40})`\]\((?P<url>[^)\s]+)\)\\?\]\s*-\s*")
_NODE_MARKER_RE = re.compile(r"\*\*\((?P<m>SEMVER-[A-Z]+|CVE-[\d-]+)\)\*\*\s*")
_NODE_SUBSYSTEM_RE = re.compile(r"\*\*(?P<s>[\w./ ,-]+)\*\*:\s*")
_NODE_AUTHOR_RE = re.compile(r"\s*\((?P<name>[^()@\n]{2,60})\)\s*$")
_TAG_RE = re.compile(r"\[(?P<t>[A-Z][A-Z /-]{1,20}|\d+\.x)\]\s*")
_AREAS_RE = re.compile(r"\*\*\[(?P<a>[^\]\n]+)\]\*\*\s*")
_EMOJI_RE = re.compile(r"(?P<e>❗|🎉|🔥|🚨)\ufe0f?\s*")
_MARKER_STARTS = frozenset("[*❗🎉🔥🚨")
_COMPONENT_RE = re.compile(
    r"(?:`(?P<code>[^`\n]{1,40})`|(?P<word>[A-Za-z][\w./-]{0,30}(?: [A-Za-z][\w./-]{0,20}){0,2})):\s"
)
_NOT_COMPONENTS = frozenset(
    "note notes fix fixed fixes bug bugfix breaking important warning deprecated deprecation"
    " removed added changed new feature features update updated see example e.g i.e".split()
) | {"action required", "breaking change", "known issue", "upgrade note"}

_BREAKING_RE = re.compile(r"\*\*\s*breaking|\bbreaking change\b|^\s*\*\*breaking\b|❗|SEMVER-MAJOR", re.I)
_ACTION_RE = re.compile(r"\baction required\b|\[action required\]", re.I)

_STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__", re.S)
_EM_RE = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_CODE_MARK = "\x00"  # stands for code text while emphasis is removed around it


class ItemInfo(NamedTuple):
    summary: str
    refs: tuple[Ref, ...]
    authors: tuple[str, ...]
    labels: tuple[str, ...]
    breaking: bool
    action_required: bool


# A token is a tuple (start, end, plain, kind, value): plain is what a reader sees in its place;
# kind is "" or "text" (plain text), "code", "ref", "textref" (text that links to a ref),
# "author" or "sig" (decorations); value is a Ref, an author name or a SIG list. Plain tuples:
# an item has a dozen tokens and a named tuple costs several times more to make.
_Token = tuple


def _tokens(text: str, default_repo: tuple[str, str] | None) -> list[_Token]:
    tokens: list[_Token] = []
    add = tokens.append
    for m in _TOKEN_RE.finditer(text):
        group = m.lastgroup
        if group == "url":
            add(_link_token(m, default_repo))
            continue
        start, end = m.span()
        if group == "handle":
            before = text[start - 1] if start else " "
            if before.isalnum() or before == "_" or before in _NOT_BEFORE_HANDLE:
                continue
            add((start, end, m.group(), "author", m["handle"]))
        elif group in ("hnum", "gh"):
            before = text[start - 1] if start else " "
            if before.isalnum() or before == "_" or before in _NOT_BEFORE_HASH or (group == "gh" and before == "-"):
                continue
            add((start, end, m.group(), "ref", _bare_ref(m[group], default_repo)))
        elif group == "code" or group == "code2" or group == "code3":
            code = m[group]
            add((start, end, code.strip() or code, "code", None))
        elif group == "refauthor" or group == "nested":  # "[@handle]": a reference-style link
            add((start, end, "@" + m[group], "author", m[group]))
        elif group == "sig":
            add((start, end, m.group(), "sig", m["sig"]))
        elif group == "ghb" or group == "enum":
            add((start, end, m.group().lstrip("\\"), "ref", _bare_ref(m[group], default_repo)))
        elif group == "bare":
            url = "h" + m["bare"]
            gh = GH_REF_URL_RE.fullmatch(url)
            add((start, end, url, "ref", _gh_ref(gh)) if gh else (start, end, url, "", None))
        elif group == "alt" or group == "auto":
            add((start, end, m[group], "text", None))
        elif group == "esc":
            add((start, end, m["esc"], "code", None))  # an escaped * is not emphasis
        else:  # kramdown attributes, line breaks and nested list markers
            add((start, end, "" if m.group().startswith("{") else " ", "text", None))
    return tokens


def _link_token(m: re.Match, default_repo) -> _Token:
    start, end = m.span()
    label, url = m["label"], m["url"]
    gh = GH_REF_URL_RE.fullmatch(url)
    if gh:
        ref = _gh_ref(gh)
        lm = _LABEL_REF_RE.fullmatch(label.strip())
        if lm and lm["repo"] and not lm["n"] and lm["repo"].lower() != ref.repo.lower() and " " in label:
            # "[RFC 3537](…/rfcs/pull/3537)": the label is text that links to a PR
            return (start, end, _label_text(label), "textref", ref)
        if lm or _SHA_LABEL_RE.fullmatch(label.strip()):
            return (start, end, _label_text(label), "ref", ref)
        return (start, end, _label_text(label), "textref", ref)
    if _PROFILE_URL_RE.fullmatch(url):
        handle = label.lstrip("@")
        profile = url.rstrip("/").rsplit("/", 1)[1]
        if _HANDLE_RE.fullmatch(handle) and (handle.lower() == profile.lower() or label.startswith("@")):
            return (start, end, _label_text(label), "author", handle)
    lm = _LABEL_REF_RE.fullmatch(label.strip())
    if lm and url.startswith(("http://", "https://")):
        kind = "pr" if "pull" in url or "merge_requests" in url else "issue"
        return (start, end, _label_text(label), "ref", Ref(lm["repo"] or "", lm["n"] or lm["n2"], url, kind))
    return (start, end, _label_text(label), "text", None)


def _label_text(label: str) -> str:
    return to_plain(label) if _LABEL_MARKUP_RE.search(label) else label


def _gh_ref(m: re.Match) -> Ref:
    kind = _KINDS[m["kind"]]
    number, owner, repo = m["num"], m["owner"], m["repo"]
    return Ref(repo, number, f"https://github.com/{owner}/{repo}/{_PATHS[kind]}/{number}", kind)


def _bare_ref(number: str, default_repo: tuple[str, str] | None) -> Ref:
    if default_repo:
        owner, repo = default_repo
        return Ref(repo, number, f"https://github.com/{owner}/{repo}/pull/{number}", "pr")
    return Ref("", number, f"#{number}", "pr")


def _refs(text: str, tokens: list[_Token]) -> tuple[Ref, ...]:
    """Every ref in order, without repeats; "org/repo#N" is rare and found by its own scan."""
    found = [(t[0], t[4]) for t in tokens if t[3] == "ref" or t[3] == "textref"]
    if _HAS_XREPO_RE.search(text):
        covered = [(t[0], t[1]) for t in tokens]
        for m in _XREPO_RE.finditer(text):
            if not any(a <= m.start() < b for a, b in covered):
                url = f"https://github.com/{m[1]}/{m[2]}/pull/{m[3]}"
                found.append((m.start(), Ref(m[2], m[3], url, "pr")))
        found.sort(key=lambda item: item[0])
    if len(found) < 2:
        return (found[0][1],) if found else ()
    seen: set[str] = set()
    refs = []
    for _, ref in found:
        if ref.url not in seen:
            seen.add(ref.url)
            refs.append(ref)
    return tuple(refs)


def find_refs(text: str, default_repo: tuple[str, str] | None = None) -> list[Ref]:
    """Every PR, issue and commit reference in text, in order, without repeats."""
    return list(_refs(text, _tokens(text, default_repo)))


def _plain(text: str, tokens: list[_Token], start: int, end: int) -> str:
    """The text between start and end as a reader sees it."""
    if _CODE_MARK in text:  # the mark must stand for code alone
        text = text.replace(_CODE_MARK, "\ufffd")
    parts: list[str] = []
    codes: list[str] = []
    pos = start
    for t_start, t_end, plain, kind, _ in tokens:
        if t_end <= start or t_start >= end:
            continue
        parts.append(text[pos:t_start])
        if kind == "code":
            codes.append(plain)
            parts.append(_CODE_MARK)
        else:
            parts.append(plain)
        pos = t_end
    parts.append(text[pos:end])
    plain = "".join(parts)
    if "*" in plain or "_" in plain:
        plain = _STRONG_RE.sub(lambda m: m[1] if m[1] is not None else m[2], plain)
        plain = _EM_RE.sub(_emphasis, plain)
    plain = " ".join(plain.split())
    if codes:
        it = iter(codes)
        plain = re.sub(_CODE_MARK, lambda _m: next(it), plain)
    return plain


def _emphasis(m: re.Match) -> str:
    before = m.string[m.start() - 1] if m.start() else " "
    if before.isalnum() or before in "_*":  # intra-word: snake_case, 2*3*4
        return m.group()
    return m[1] if m[1] is not None else m[2]


def to_plain(markdown: str) -> str:
    """Inline Markdown as the plain text a reader sees; raw HTML such as <nil> stays."""
    return _plain(markdown, _tokens(markdown, None), 0, len(markdown))


# The trailing decorations are read as units (kind, start, value), kind being one of ref, author,
# sig, by, conn, open or close. The glue between two decorations repeats ("), ", " by ", "(")
# and is cut into units once.
_glue_cache: dict[str, tuple[tuple[str, int], ...] | None] = {}
_cut_cache: dict[tuple[str, ...], tuple[int, ...]] = {}
_DECORATIONS = frozenset(("ref", "author", "sig"))


def _glue(glue: str) -> tuple[tuple[str, int], ...] | None:
    """The units of the text between two decorations, or None when it is not glue."""
    units = _glue_cache.get(glue, False)
    if units is False:
        if _GLUE_RE.fullmatch(glue) is None:
            units = None
        else:
            units = tuple((g.lastgroup, g.start()) for g in _GLUE_UNIT_RE.finditer(glue))
        if len(_glue_cache) < 4096:
            _glue_cache[glue] = units
    return units


def _tail(text: str, tokens: list[_Token], head: int) -> list[tuple]:
    """The decorations at the end of text after position head, as units right to left."""
    units: list[tuple] = []
    end = len(text)
    for t_start, t_end, plain, kind, value in reversed(tokens):
        if t_start < head:
            break
        if kind == "text" and not plain.strip():
            continue  # a line break between decorations is glue like any space
        if kind not in _DECORATIONS:
            break
        glue = _glue(text[t_end:end])
        if glue is None:
            break
        units.extend((k, t_end + offset, None) for k, offset in reversed(glue))
        units.append((kind, t_start, value))
        end = t_start
    # glue before the first decoration ("(", "by") belongs to the tail if it is part of it
    if units:
        lead = k = end
        while True:
            while k > head and text[k - 1].isspace():
                k -= 1
            if k > head and text[k - 1] == "(":
                lead = k = k - 1
            elif k - head >= 2 and text[k - 2:k] == "by" and (k - head == 2 or not text[k - 3].isalnum()):
                lead = k = k - 2
            else:
                break
        if lead < end:
            units.extend((g.lastgroup, g.start(), None)
                         for g in reversed(list(_GLUE_UNIT_RE.finditer(text, lead, end))))
    units.reverse()
    return units


def _valid_tail(kinds: tuple[str, ...]) -> bool:
    """A tail starts with a decoration (or "by" before an author, or "(") and balances its parens."""
    first = kinds[0]
    if first in ("conn", "close"):
        return False
    if first == "by" and not (len(kinds) > 1 and kinds[1] == "author"):
        return False
    if not any(k in _DECORATIONS for k in kinds):
        return False
    opens = kinds.count("open")
    closes = kinds.count("close")
    return closes >= opens and (opens > 0 or closes == 0)


def _split_tail(text: str, tokens: list[_Token], head: int) -> int:
    """Where the trailing decorations start (len(text) when there are none)."""
    units = _tail(text, tokens, head)
    kinds = tuple(u[0] for u in units)
    cuts = _cut_cache.get(kinds)
    if cuts is None:
        cuts = tuple(cut for cut in range(len(kinds)) if _valid_tail(kinds[cut:]))
        if len(_cut_cache) < 4096:
            _cut_cache[kinds] = cuts
    for cut in cuts:
        if units[cut][1] > head:
            return units[cut][1]
    return len(text)


def analyse(markdown: str, default_repo: tuple[str, str] | None = None) -> ItemInfo:
    """Split a list item into its plain-text summary and its decorations."""
    labels: list[str] = []
    authors: list[str] = []
    # cheap tests first: most items say neither "breaking" nor "action required", in any case
    breaking = ("reak" in markdown or "REAK" in markdown or "❗" in markdown
                or "SEMVER-MAJOR" in markdown) and bool(_BREAKING_RE.search(markdown))
    action = ("ction" in markdown or "CTION" in markdown) and bool(_ACTION_RE.search(markdown))
    text = markdown.rstrip()
    head = 0  # where the summary starts, after leading markers
    node_commit = False

    # Leading markers, in the order formats write them.
    m = _NODE_COMMIT_RE.match(text) if text.startswith(("\\[[", "[[")) else None
    if m:
        node_commit = True
        head = m.end()
        while mm := _NODE_MARKER_RE.match(text, head):
            labels.append(mm["m"])
            head = mm.end()
        mm = _NODE_SUBSYSTEM_RE.match(text, head)
        if mm:
            labels.extend(s.strip() for s in mm["s"].split(",") if s.strip())
    while text[head:head + 1] in _MARKER_STARTS:
        mm = _TAG_RE.match(text, head) or _AREAS_RE.match(text, head) or _EMOJI_RE.match(text, head)
        if not mm:
            break
        if mm.re is _AREAS_RE:
            labels.extend(a.strip() for a in mm["a"].split(",") if a.strip())
        elif mm.re is _EMOJI_RE:
            if mm["e"] != "❗":
                labels.append(mm["e"])
        else:
            labels.append(mm["t"])
        head = mm.end()
    mm = None if node_commit else _COMPONENT_RE.match(text, head)
    if mm:
        name = mm["code"] or mm["word"]
        if name.lower() not in _NOT_COMPONENTS and not name.lower().startswith("breaking"):
            labels.append(name)

    tokens = _tokens(text, default_repo)
    cut = _split_tail(text, tokens, head)
    for t_start, _, _, kind, value in tokens:
        if kind != "author" and kind != "sig":
            continue
        if t_start >= cut:
            if kind == "author":
                authors.append(value)
            else:
                labels.extend(f"SIG {name.strip()}" for name in re.split(r",\s*|\s+and\s+", value)
                              if name.strip())
        elif kind == "author" and text.startswith("[@", t_start):
            authors.append(value)  # "[@handle](…)" credits anywhere in the text
    body_end = cut
    if node_commit and cut < len(text):
        nm = _NODE_AUTHOR_RE.search(text, head, cut)
        if nm and nm.start() > head:
            authors.insert(0, nm["name"].strip())
            body_end = nm.start()
    summary = _plain(text, tokens, head, body_end).rstrip(" ,;(")
    if node_commit and (mm := _NODE_SUBSYSTEM_RE.match(text, head)):
        summary = mm["s"] + ": " + _plain(text, tokens, mm.end(), body_end).rstrip(" ,;(")
    return ItemInfo(
        summary or _plain(text, tokens, 0, len(text)),
        _refs(text, tokens),
        tuple(dict.fromkeys(authors)),
        tuple(dict.fromkeys(labels)),
        breaking,
        action,
    )
