"""What one list item says about itself: refs, authors, labels, flags and a plain-text summary.

One regular-expression pass splits an item into plain text and the inline tokens that matter
(code, links, URLs, #N, @handles, escapes…). Refs come from the tokens, the summary is the text
with each token replaced by what a reader sees, and the trailing decorations (refs, authors,
SIG lists) are the run of tokens at the end. Every alternative of the token pattern starts with
a literal character, so Python's re skips quickly to the places where one can match.
"""

from __future__ import annotations

import bisect
import enum
import html
import re
from sys import intern  # names, labels and repositories repeat: one string each, not one a change
from typing import Final, NamedTuple

from explorer.model import Ref, UrlStart

# GitHub under its own host, www. and the togithub.com redirector (which release tools use so
# that a changelog does not notify every linked issue).
_GH_HOSTS = r"(?:www\.)?(?:github\.com|togithub\.com)"
_GH_REF_URL = (
    rf"https?://{_GH_HOSTS}/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+)/"
    r"(?P<kind>pulls?|issues|commit)/(?P<num>[0-9a-fA-F]{7,40}|\d+)(?:[/#?][^\s)\]>]*)?"
)
GH_REF_URL_RE = re.compile(_GH_REF_URL)
# GitLab: any host with the "/-/" separator, or a host named gitlab without it; groups nest.
_GL_REF_URL_RE = re.compile(
    r"https?://(?P<host>[\w.-]+)/(?P<path>[\w.-]+(?:/[\w.-]+)+?)/(?P<sep>-/)?"
    r"(?P<kind>merge_requests|issues|commit)/(?P<num>[0-9a-fA-F]{7,40}|\d+)(?:[/#?][^\s)\]>]*)?"
)
# GitLab's reference shorthand as a link target: "group/project!12", "group/project@sha".
_GL_SHORTHAND_RE = re.compile(r"(?P<path>[\w.-]+(?:/[\w.-]+)+)(?P<sep>[!#@])(?P<num>[0-9a-f]{7,40}|\d+)")
_PROFILE_URL_RE = re.compile(rf"https?://(?:{_GH_HOSTS}|gitlab\.com)/(?:apps/)?[\w.-]+(?:\[bot\])?/?")
_HANDLE_RE = re.compile(r"[A-Za-z0-9][\w.-]{0,38}(?:\[bot\])?")
_PERSON_RE = re.compile(r"[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,3}")  # "Full Name"
# "([merge request](…))": a label that only says what the link is, a decoration like "#12"
_GENERIC_REF_LABEL_RE = re.compile(
    r"(?:merge request|pull request|PR|MR|commit|issue|diff|changes?|link|here|details)", re.I)
_TRACKER_URL_RE = re.compile(r"issue|pull|merge|discussion|ticket|bug|/pr/|change|/browse/|show", re.I)
_NOT_REF_LABEL_RE = re.compile(r"(?:PEP|RFC|CVE|CWE|GHSA|ISO|BIP|EIP|JSR|KEP|FIPS)[\s-]", re.I)
# An issue tracker's key (Jira, YouTrack): "KT-58765", "SPARK-1234".
_KEY = r"[A-Z][A-Z0-9_]{1,15}-[1-9]\d{0,8}"
_KEY_RE = re.compile(_KEY)
_KEY_TAG_RE = re.compile(rf"\[(?P<k>{_KEY})\](?![(:])\s*")  # "[SPARK-1234][SQL] Fix …": the key opens the entry
# or a key alone before a dash or a colon: "FDIS-22 - Update Vert.x"; not a standard's name ("UTF-8: …")
_KEY_OPEN_RE = re.compile(
    rf"(?!(?:UTF|SHA|HTTP|TLS|SSL|MD|ISO|RFC|PEP|CVE|CWE|IPV|AES|RSA|ECMA|ES|IE|X|Y|Z)-)(?P<k>{_KEY})\s*(?:[-–:])\s+")


class Context(NamedTuple):
    """What a file says about every item: its main repository and its link definitions."""

    owner: str  # "prometheus", or a GitLab group path "gitlab-org/security"
    repo: str
    host: str = "github.com"
    defs: dict | None = None  # link reference definitions: normalised label -> URL


def context_of(value) -> Context | None:
    """A Context from a Context, an (owner, repo) pair or None."""
    if value is None or isinstance(value, Context):
        return value
    return Context(*value)


def normalise_label(label: str) -> str:
    """A link label as CommonMark matches it: case and runs of white space do not count."""
    return " ".join(label.split()).casefold()


# One pattern finds every token. It has at most 26 groups (with _TOKEN_DEFS_RE's): a 27th makes the
# scan twice as slow in CPython's engine.
_TOKEN_PARTS = (
    # "[@[bot[bot]](app)](https://github.com/[bot[bot]](app))": release-drafter's bot credit
    r"\[@\[(?P<nested>[\w-]+(?:\[bot\])?)\]\([^()\s]*\)\]\((?:[^()\s]|\([^()\s]*\))*\)"
    # "[@renovate[bot]](https://github.com/renovate[bot])", "[@dependabot](https://github.com/dependabot)[bot]"
    r"|\[@(?P<botlink>[\w-]+(?:\[bot\]\]\([^()\s]*\)|\]\([^()\s]*\)\[bot\]))"
    r"|\[SIG (?P<sig>[^\]\n]+)\]"
    r"|<!--(?:[^-\n]|-(?!->)){0,300}-->"  # "… binary <!-- CL 374594 -->": a note to the notes' writers
    r"|\[GH-#?(?P<ghb>\d+)\](?!\()"  # "[[GH-12](…/issues/12)]" is a link in brackets
    r"|\[@(?P<refauthor>[\w.-]+(?:\[bot\])?)\](?![(\[])"
    r"|\[#(?P<rnum>\d+)\](?![(\[:])"
    # the three kinds of label character exclude each other: no backtracking blow-up; a target may
    # be a template's tag ("[role option]({% link v23.1/create-user.md %}#role-options)")
    # "[Pull 1687] (https://…)": a link with a space before its target, as GitHub does not read it
    r"|\[(?P<label>(?:\\.|`[^`]*`|`(?![^`]*`)|[^\[\]\\`])*)\](?: (?=\(https?://))?\((?P<url>(?:\{%\s[^%\n]{0,200}%\}|[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"\n]*\")?\)"
    "{reflink}"
    r"|!\[(?P<alt>[^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"\n]*\")?\)"
    r"|`(?P<rstlabel>[^`<\n]{1,200}+)<(?P<rsturl>https?://[^>\s]+)>`__?"  # reStructuredText: `#6006 <url>`_
    r"|\{(?P<role>[a-z][\w:.+-]{0,30}\}`[^`\n]{1,200})`"  # a MyST role: "{issue}`17909`", "{func}`abs`"
    r"|```(?P<code3>.+?)```|``(?P<code2>.+?)``|`(?P<code>[^`]+)`"
    r"|<(?P<auto>(?:https?|mailto):[^>\s]+)>"
    r"|\[`[^`\n]{1,80}`\](?![(\[:])"  # a name in code in brackets, as rustdoc links it: "[`table.cell`]"
    r"|h(?P<bare>ttps?://[^\s<>()\[\]]*[^\s<>()\[\].,;:!?'\"])"
    r"|#(?P<hnum>\d+)\b"
    r"|!(?P<mr>\d+)\b"
    r"|GH-(?P<gh>\d+)\b"
    r"|@(?P<handle>[A-Za-z0-9][\w.-]{0,38}(?:\[bot\])?)"
    r"|\\(?:#(?P<enum>\d+)\b|(?P<esc>[!-/:-@\[-`{-~])|(?P<hardbreak>\n))"
    r"|\{:(?:[\s.#:]|toc\})[^}\n]*\}"  # a kramdown attribute ("{: .note}", "{:toc}"); not "{:a 1}", a map
    r"|\{[ \t]*[.#][\w-][^{}\n]{0,100}\}"  # attributes of the link before: "[#2704](…){ .issue-link }"
    r"|\u200b"  # a zero-width space, put in link text so that mentions notify nobody
    r"|\n[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+"  # a nested list's marker: not part of the text
)
_LINE_BEFORE_RE = re.compile(r"\blines? (?:#\d+(?:,? (?:and )?))*$", re.I)  # "line #856 and ", "lines #3, "
_EMPTY_CLAUSES_RE = re.compile(r";(?:\s*;)+")
_PASTED_ALT_RE = re.compile(r"\s*(?:image|img|screenshot|screen ?shot|picture|gif|demo|video|preview|untitled)\b|\s*$",
                            re.I)
_TOKEN_RE = re.compile(_TOKEN_PARTS.replace("{reflink}", ""), re.S)
_CODE_BREAK_RE = re.compile(r"[ \t]*\n[ \t]*")  # a line break in code, with the indentation around it
# inline HTML that formats (<br/>, <small>, <sup>): not text; "<nil>" is no tag and stays
_HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|br|center|code|del|details|div|em|font|hr|i|img|ins|kbd|mark|p|s|small|span"
    r"|strike|strong|sub|summary|sup|u)\b[^<>\x00]*>", re.I)  # not over code: "<a`0`>" (see _CODE_MARK)
_INLINE_TAGS = frozenset("abbr b code del em font i ins kbd mark s small span strike strong sub sup u".split())


def _tag_space(m: re.Match) -> str:
    """What an HTML tag leaves in plain text: nothing for one that formats words ("<code>x</code>,"
    reads "x,"), a space for one that breaks or blocks them ("a<br>b")."""
    tag = m.group()
    name = tag[2:] if tag[1] == "/" else tag[1:]
    end = 0
    while end < len(name) and name[end].isalpha():
        end += 1
    return "" if name[:end].lower() in _INLINE_TAGS else " "


_PAREN_SHA_RE = re.compile(r"\(([0-9a-f]{7,40})\)")
_TOKEN_START_RE = re.compile(r"[#@`<!\\\[{\u200b]|https?:|GH-|\n[ \t]*(?:[-*+]|\d)")  # where a token may be
# With link definitions in the file, "[text]" and "[text][label]" may be links too.
_TOKEN_DEFS_RE = re.compile(_TOKEN_PARTS.replace(
    "{reflink}", r"|\[(?P<rlabel>[^\[\]\n]{1,200}(?:\n[^\[\]\n]{1,200})?)\](?:\[(?P<rref>[^\[\]\n]{0,200})\])?"), re.S)
_XREPO_WORD_RE = re.compile(r"([\w.-]+(?:/[\w.-]+)*)/([\w.-]+)")  # "org/repo" before "#N"
_LABEL_REF_RE = re.compile(  # "#12", "12", "repo#12", "org/repo!12", "PR 12", "flutter/169772"
    r"[\\!]?#?(?P<n>\d+)|(?:[\w.-]+/)*(?P<repo>[\w.-]+)(?:\s+\\?[#!]?|\\?[#!]|/|:)(?P<n2>\d+)")  # "repo:653"
_LABEL_MARKUP_RE = re.compile(r"[`\\*_\[]")
_SHA_LABEL_RE = re.compile(r"`?#?[0-9a-f]{6,40}`?")
# A handle as a link's text, the link to a PR: the PR's author, as Mastodon credits.
_CREDIT_LABEL_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]{1,38}")
_NOT_CREDITS = frozenset(
    "docs documentation fix fixed patch this that it here there source code example discussion upstream"
    " backport original revert test tests pr prs mr issue issues commit commits change changes details link"
    " more see comment review".split())
_NAMED_REF_LABEL_RE = re.compile(  # "[GH-12](…)", "[PR 12](…)", "[Pull Request #2702](…)"
    r"GH-#?\d+|(?:PR|MR|pull(?: request)?|merge request|issue)\s*#?\d+", re.I)
_REF_BY_LABEL_RE = re.compile(  # "#3050 by @jane", "2954 by jane", "#2887 by a, b and c"
    r"(?:[\w./-]*#)?(?P<n>\d+) by (?P<who>@?[A-Za-z0-9][\w.-]{0,38}(?:(?:,|,? and) @?[A-Za-z0-9][\w.-]{0,38}){0,9})")
_REF_BY_SPLIT_RE = re.compile(r",? and |, ")
# "[Airlift PR #1118](…/airlift/airlift/pull/1118)": the repository's name, then the ref
_REPO_REF_LABEL_RE = re.compile(r"(?P<repo>[\w.-]+)\s+(?:PR|MR|pull request|issue)\s*#?(?P<n>\d+)", re.I)
_KINDS = {"pull": "pr", "pulls": "pr", "issues": "issue", "commit": "commit"}
_PATHS = {"pr": "pull", "issue": "issues", "commit": "commit"}
_GL_PATHS = {"pr": "merge_requests", "issue": "issues", "commit": "commit"}
_NOT_BEFORE_HASH = frozenset("&#/")  # "&#123;", "##1", "page/#2" are not refs
_NOT_BEFORE_HANDLE = frozenset("@.+-/:`")  # e-mail addresses, package@version, paths

# What may stand between the trailing decorations: "(#1, @a)", "by @a in URL", "@a and @b".
# Words that lead into a decoration: "closes #12", "thanks @jane", "fixes #3", "(PR #4)", "(Pull #5)".
_LEAD_WORDS = (r"\b(?:[Cc]los(?:es|ed)|[Ff]ix(?:es|ed)?|[Rr]esolv(?:es|ed)|[Rr]efs|[Tt]hanks(?: to)?|[Tt]hx"
               r"|[Rr]eported by|cc|[Cc]ourtesy of"
               r"|(?:(?:[Oo]riginal|[Rr]elated|[Uu]pstream|[Ll]inked) )?"  # "Original PR #1774", "Related issue: #5621"
               r"(?:PRs?|MRs?|[Pp]ull(?: [Rr]equest)?|[Mm]erge [Rr]equest|[Ii]ssues?))\b")
_GLUE_RE = re.compile(r"(?:[\s(),&|.!;\[\]/+–-]|<a\b[^<>]*>|</a>|<br\s*/?>"
                      r"|\bco-authored by\b|\bby\b|\bfrom\b|\bin regards? to\b|\bin\b|\band\b|\bwith\b|\bvia\b"
                      r"|\bsee(?: also)?\b"
                      rf"|{_LEAD_WORDS})*")
# "|" sets refs apart too: "(#2157|#2320)"
_GLUE_UNIT_RE = re.compile(rf"(?P<open>[(\[])|(?P<close>[)\]])|(?P<by>(?:\b[A-Za-z]+ed )?\b(?:by|from)\b)"
                           rf"|(?P<lead>{_LEAD_WORDS}|[–-])"
                           r"|(?P<conn>\bco-authored by\b|\bin regards? to\b|\bin\b|\band\b|\bwith\b|\bvia\b"
                           r"|\bsee(?: also)?\b|[,&|])")
# A word that would be left hanging if what follows it went: "added in #425." keeps its ref.
_DANGLING_WORDS = frozenset(
    "in of to for from with since after before see via than per like into by the a an"
    " pr mr pull request issue issues ticket fixes closes resolves solve solves implements implement replaces"
    " supersedes reverts".split())  # "fixed in PR #12", "see issue #3"; not "addresses", a noun as often
_CREDIT_WORDS = frozenset("thanks thx by from".split())  # before a handle: who is credited ("with @var": a word)
_NOT_BEFORE_CREDIT = frozenset("to with of the a an into than like per on at as use using marked".split())
_LEAD_WORD_SET = frozenset(
    "closes closed fix fixes fixed resolves resolved refs backport thanks thx cc by pr prs mr mrs pull issue issues"
    .split())
_REF_NOUNS = frozenset("pr prs mr mrs pull issue issues".split())
_REF_QUALIFIERS = frozenset("original related upstream linked".split())  # "Original PR [#1774](…)"
_LEAD_LAST_WORDS = _LEAD_WORD_SET | {"to", "of"}  # "thanks to", "courtesy of": the last word of each, looked at first

# Leading markers.
_NODE_COMMIT_RE = re.compile(r"\\?\[\[`(?P<sha>[0-9a-f]{7,40})`\]\((?P<url>[^)\s]+)\)\\?\]\s*-\s*")
_NODE_MARKER_RE = re.compile(r"\*\*\((?P<m>SEMVER-[A-Z]+|CVE-[\d-]+)\)\*\*\s*")
_NODE_SUBSYSTEM_RE = re.compile(r"\*\*(?P<s>[\w./ ,-]+)\*\*:\s*")
_NODE_AUTHOR_RE = re.compile(r"\s*\((?P<name>[^()@<>\n]{2,60}?)(?:\s*<+[^<>\s]+@[^<>\s]+>+)?\)\s*$")  # "(Jane <j@x>)"
_TAG_RE = re.compile(r"\[(?P<t>[A-Z][A-Z /+#-]{1,20}|\d+\.x)\]\s*")  # "[FEATURE]", "[TS/JS]", "[C++]", "[C#]"
# A scope in brackets that opens an entry: "[Drawer]", "`[jest-worker]`", "\\[`flake8-bugbear`\\]", "[**BREAKING**]"
_SCOPE_TAG_RE = re.compile(
    r"(?:`\[(?P<c>[^\[\]`\s][^\[\]`\n]{0,118}[^\[\]`\s]|[^\[\]`\s])\]`"  # in code, a list of packages may be long;
    # not "`[ -v foo ]` no longer warns": a command in code, spaced inside its brackets
    r"|\\?\[(?:`|\*\*)?(?P<s>[A-Za-z@][\w@./ -]{1,39}?)(?:`|\*\*)?\\?\](?!\(| \(https?://|:\S))(?::(?=\s))?\s*")
_BRACKETS_RE = re.compile(r"\[([^\[\]\n]{0,200})\]")
_AREAS_RE = re.compile(r"\*\*\[(?P<a>[^\]\n]+)\]\*\*\s*")
EMOJI = "[\u2600-\u27bf\u2b00-\u2bff\U0001F000-\U0001FAFF]"  # symbols, arrows, pictographs: "🐞", "⬆️", "⚠", "🌐"
# An emoji that marks an entry's kind ("🐞 Fix …", "🆕 Add …", "🔥 App Component."); "⚠️ BREAKING" stays
_EMOJI_RE = re.compile(
    rf"(?P<e>(?!\u26a0){EMOJI}[\U0001F1E6-\U0001F1FF]?)[\ufe0f\U0001F3FB-\U0001F3FF]*\s+")
# "*(help)* Clarified …", "**(registry)** add …"
_EMPHASISED_SCOPE_RE = re.compile(r"(\*\*?)\((?P<s>[\w./@-]{1,40})\)\1:?\s+")
# "ui: …", "`kubectl`: …", "core (enterprise): …", "BUGFIX[helm]: …": the part (and its edition, or
# the kind before it) that an entry is about
_COMPONENT_RE = re.compile(
    r"(?:`(?P<code>[^`\n]{1,40})`|(?P<word>[A-Za-z][\w./-]{0,60}(?: [A-Za-z][\w./-]{0,20}){0,2})"
    r"(?: \((?P<edition>[A-Za-z][\w./-]{0,20})\))?|(?P<kind>[A-Z][A-Z_-]{2,15})\[(?P<scope>[\w./ -]{1,30})\]):\s"
)
_LINKED_SCOPE_RE = re.compile(r"\[(?P<s>[\w./ -]{1,40})\]\([^()\s]*\):\s")
_CODE_PACKAGE_RE = re.compile(r"`(?P<code>[a-z][a-z0-9]*(?:-[a-z0-9]+){2,})`[ \t]+(?=[a-z])")  # a package's name
_CODE_DASH_RE = re.compile(r"`(?P<code>[\w./:@-]{1,60})`[ \t]+(?:[-–][ \t]+|(?=[A-Z][a-z]))")  # or a sentence
# Words that open a sentence with a colon and name no part; a kind of change ("Fix:", "New:",
# "Bugfix:") is a label, as "**Fixed:**" and "fix:" are.
# What opens a sentence, not a component: a verb and its object ("Add CachePolicy: …", "Fix bug: …",
# "New defaults: …"), or an error's name ("NoClassDefFoundError: org/…", "IOException: startIndex …")
# The verbs that open a change's sentence ("Add …", "Fixed …", "Bump …"): what it does, not what it is of
SENTENCE_VERBS = (
    r"(?:adds?|added|fix|fixe[sd]|removed?|removes|updated?|updates|improved?|improves|bump(?:s|ed)?|use[sd]?"
    r"|make[sd]?|allow(?:s|ed)?|supports?|changed?|deprecated?|refactor(?:ed)?|rename[sd]?|move[sd]?"
    r"|drop(?:s|ped)?|introduce[sd]?|consolidate|backport|new)")
_NOT_COMPONENT_RE = re.compile(
    rf"{SENTENCE_VERBS}\s|(?-i:[A-Z]\w*(?:Exception|Error))$|[\w.-]+/\d+$", re.I)  # and a ref: "rebar/52: …"
_NOT_COMPONENTS = frozenset(
    "note notes breaking important warning update updated see example e.g i.e".split()
) | {"action required", "breaking change", "known issue", "upgrade note"}

_BREAKING_RE = re.compile(r"\*\*\s*breaking|^\s*\*\*breaking\b|^\s*breaking\s*[:–—-]|❗|SEMVER-MAJOR", re.I)
_BREAKING_CHANGE_RE = re.compile(r"\bbreaking change\b", re.I)
# What says, in the clause before "breaking change", that the change is none: "not a", "Rather
# than make a", "to minimize the impact of the", "Non-", "accidental"
_UNSAID_RE = re.compile(  # a word or two before the phrase: what qualifies it
    r"(?:\b(?:not|no|never|without|avoid\w*|rather than|instead of|prevent\w*|accidental(?:ly)?|unintended"
    r"|unintentional|revert\w*)(?:\s+[\w`'-]+){0,2}|\bminimi[sz]e\w*(?:\s+\w+){0,4})\s+$|\bnon[- ]?$", re.I)
_LOUD_BREAKING_RE = re.compile(r"(?<!NON-)(?<!NON )\bBREAKING\b|\*breaking\b")  # "⚠️ BREAKING ⚠️", "*breaking :warning:*"
_SIG_SPLIT_RE = re.compile(r",\s*|\s+and\s+")
_ACTION_RE = re.compile(r"\baction required\b|\[action required\]", re.I)

# What the notes ask of whoever upgrades: "you will need to update imports", "users must set …"
_YOU_MUST_RE = re.compile(r"\b(?:you|users)(?: will| may| might)? (?:need|have) to\b|\b(?:you|users) must\b", re.I)
_IF_BEFORE_RE = re.compile(r"\b(?:if|when|whenever|unless|where|whether|in case|that|which)\s*$", re.I)


def asks_for_upgrade(markdown: str) -> bool:
    """Whether a text would be flagged breaking or action-required ("… so you may need to update
    your projects", "**Breaking:** …"): what a paragraph among a release's bullets must say to
    be one of its changes."""
    return any(_says_flags(markdown))


def _says_flags(markdown: str) -> tuple[bool, bool]:
    """Whether a text says it breaks something, and whether it asks its reader to act."""
    # cheap tests first: most items say neither "breaking" nor "action required", in any case
    says_break = "reak" in markdown or "REAK" in markdown
    breaking = (says_break or "❗" in markdown
                or "SEMVER-MAJOR" in markdown) and bool(
        _BREAKING_RE.search(markdown) or _LOUD_BREAKING_RE.search(markdown) or _says_breaking_change(markdown))
    action = (("equired" in markdown or "EQUIRED" in markdown) and bool(_ACTION_RE.search(markdown))) or (
        ("eed to" in markdown or "ave to" in markdown or "must " in markdown) and _asks_action(markdown))
    return breaking, action


def _asks_action(markdown: str) -> bool:
    """Whether the text asks the reader to act ("You will need to update import statements"),
    not where a feature helps ("useful if you need to retry", "tools that users must trust")."""
    return any(_IF_BEFORE_RE.search(markdown, max(0, m.start() - 12), m.start()) is None
               for m in _YOU_MUST_RE.finditer(markdown))


_BREAKING_MARK_RE = re.compile(  # "**Breaking change**:", "**Breaking change:**", "**Breaking change**."
    r"(\*\*?|__?)\s*+break(?:ing(?: changes?)?)?\s*+(?::warning:|⚠️?|❗)?\s*+:?\1\s*+[:.]?\s*+", re.I)
_CONVENTIONAL_RE = re.compile(
    r"(?P<type>feat|fix|chore|docs|refactor|perf|test|tests|build|ci|style|revert|deps|security"
    r"|[a-z]{2,12}(?=\\?\())"  # any kind with a scope: "rule(Write below dir):", "fix\\(swagger\\):"
    r"(?:\\?\((?P<scope>[^()\\\n]{1,40})\\?\))?(?P<bang>!)?:\s")  # lower case: "Fix: …" is prose
_BOLD_SCOPE_RE = re.compile(r"\*\*(?P<s>[^*\n:]{1,40}?):\*\*\s*|\*\*(?P<s2>[^*\n:]{1,40}?)\*\*:\s*")
# A kind of change in bold that opens the statement: "**Added** support for …", "**Fixed** a crash".
_BOLD_TYPE_RE = re.compile(
    r"\*\*(?P<t>Added|Fixed|Changed|Removed|Deprecated|Improved|Updated|Promoted|Optimized)\*\*:?\s+")
# A tag in bold capitals that opens an entry: "**SECURITY** Fix …", "**DEPRECATION** …", "**NEW** …",
# with its scope: "**FIX**(share_plus): …"
_BOLD_TAG_RE = re.compile(r"\*\*(?P<t>[A-Z][A-Z0-9_/-]{1,19})\*\*(?:\((?P<s>[^()\n]{1,40})\))?:?\s+(?=\S)")
# handles that open an entry before the link to its PR: "@jane [Add the thing](…)", "@a + @b [Fix …](…)"
_HANDLE_FIRST_RE = re.compile(r"(?P<who>@[\w-]+(?:\s*\+\s*@[\w-]+)*)\s+(?=\[[^\]\n]+\]\([^()\s]*/pull/\d+)")
_TRAILING_BREAKING_RE = re.compile(r"\s*\((?:\*\*|__)?breaking(?: changes?)?(?:\*\*|__)?\)$", re.I)
_CHECKBOX_RE = re.compile(r"\[[ xX]\]\s+")  # a task list's box: "- [X] [#6467](…) Add …"
_SUBSTITUTION_RE = re.compile(  # "{{breaking}} Remove …": a mark; not "{{ version }} is shown …"
    r"\{\{\s*(?P<s>breaking|deprecated|deprecation|removed|new|feature|fix|bugfix|security|experimental|preview)"
    r"\s*\}\}\s+", re.I)
_PAREN_SCOPE_RE = re.compile(r"\((?P<s>[a-z][\w./-]{1,30})\)\s+(?=[^\W\d_])")  # "(wasm) Add …", "(internals) split …"
# GitHub's emoji shortcodes that mark an entry's kind (":zap: :arrow_up: Update …"); ":warning:" stays
_SHORTCODE_RE = re.compile(r":(?!warning:)[a-z0-9_+-]{1,40}:\s+")
_MARKERS = {  # the leading markers an entry may open with, by their first character
    "[": (_CHECKBOX_RE, _TAG_RE, _KEY_TAG_RE, _SCOPE_TAG_RE),
    "*": (_AREAS_RE, _BOLD_SCOPE_RE, _EMPHASISED_SCOPE_RE, _BOLD_TYPE_RE, _BOLD_TAG_RE),
    "`": (_SCOPE_TAG_RE,),
    "\\": (_SCOPE_TAG_RE,),
    "{": (_SUBSTITUTION_RE,),
    "(": (_PAREN_SCOPE_RE,),
    ":": (_SHORTCODE_RE,),
}
_EMOJIS = (_EMOJI_RE,)
_NOT_SCOPES_RE = re.compile(r"breaking change|notes?\b|important|warning|action required|heads up|tip\b", re.I)
_CVE_RE = re.compile(r"CVE-\d{4}-\d{4,7}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}|GO-\d{4}-\d{4,6}")  # and GitHub's, Go's
# Bullets that only move a dependency: "Updated dependencies [...]", "Bump x from 1 to 2",
# "chore(deps): update …", "**deps:** upgrade …", "deps: update …"
_DEPENDENCIES_RE = re.compile(
    r"(?:\*\*)?(?:\w+(?:\([^()\n]{0,40}\))?!?:\s*)?"
    r"(?:updated? dependenc(?:y|ies)\b|bump(?:s|ed)? \S+ from \S+ to\b|bump(?:s|ed)? \S+ to v?\d"
    r"|(?:chore|build|fix)\(deps(?:-dev)?\)!?:|deps(?:-dev)?:|update (?:dependency|module|rust crate) \S+ to\b)",
    re.I)
_NAME_HANDLE_RE = re.compile(r"\((?P<name>[^()@\n]{2,60}?)\s+@(?P<handle>[A-Za-z0-9][\w.-]{0,38})\)[\s.]*$")
_AUTHOR_WORD = r"(?!and\b)[^\W\d_][\w'’.-]*+"  # not "and": it joins names
_AUTHOR_NAME = rf"{_AUTHOR_WORD}(?: {_AUTHOR_WORD}){{0,4}}"
_AUTHOR_NAMES = rf"{_AUTHOR_NAME}(?:(?:,| and|, and) {_AUTHOR_NAME}){{0,15}}"  # "*Hugo Landau, Matt Caswell*"
_AUTHOR_LINE_RE = re.compile(rf"([*_]){_AUTHOR_NAMES}\1(?:\s*(?:,|&|\band\b)\s*([*_]){_AUTHOR_NAMES}\2)*\.?")
_AUTHOR_NAME_RE = re.compile(rf"[*_]({_AUTHOR_NAMES})[*_]")
_AUTHOR_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_LEAD_GAP_RE = re.compile(r"(?:\s|[/,&|()\[\]]|\band\b|[Tt]hanks|!|\b[0-9a-f]{7,40}\b|\b(?:[Ii]ssue|PR|MR)\b)*")
_LEAD_WORD_STARTS = ("Issue ", "issue ", "PR ", "MR ")  # "Issue #2484 - Impossible to edit …"
_NOT_AFTER_LEAD = frozenset("and or , & were was are is".split())  # "#12 and #13 were reverted"
_LEAD_END_RE = re.compile(r"(?P<gap>[^\n]{0,80}?)\s*(?P<sep>[-–:;])\s+")  # "[#1244](…); Prettier plugin panel"
_HEX = frozenset("0123456789abcdef")
_HASH_WORD_RE = re.compile(r"\b[0-9a-f]{7,40}\b")

_STRONG_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__", re.S)
_EM_RE = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_BROKEN_WORD_RE = re.compile(r"(?<=[^\W\d_])-\n[ \t]*(?=[^\W\d_])")
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
# "author", "sig", "credit" or "label" (decorations; a credit is a handle that links to the
# author's PR, its plain text the author; a label, a link named by a CVE id); value is a Ref, an
# author name or a SIG list. Plain tuples:
# an item has a dozen tokens and a named tuple costs several times more to make.
_Token = tuple
_ENDS_CLAUSE = frozenset(":;,.!?\n")
# Words that lead into the bullets under them: "axum now requires" over "- hyper 1.0"
_LEADS_INTO = frozenset("to requires require include includes including are is the of for and or with from by as"
                        " following".split())


def _tokens(text: str, ctx: Context | None) -> list[_Token]:
    tokens: list[_Token] = []
    add = tokens.append
    defs = ctx.defs if ctx is not None else None
    if defs and text.count("]") == text.count("]("):  # every bracket pair is an inline link
        defs = None
    for m in (_TOKEN_DEFS_RE if defs else _TOKEN_RE).finditer(text):
        group = m.lastgroup
        if group == "url":
            token = _link_token(m.start(), m.end(), m["label"], m["url"], ctx)
            add(token if token[3] != "author" and token[3] != "credit" else _placed(token, text))
            continue
        start, end = m.span()
        if group == "rsturl":
            add(_link_token(start, end, m["rstlabel"], m["rsturl"], ctx))
            continue
        if group == "handle":
            before = text[start - 1] if start else " "
            if (before.isalnum() or before == "_" or before in _NOT_BEFORE_HANDLE or text[end:end + 1] == "/"
                    or text[start - 3:start] == "// "):
                continue  # "@types/node": a package's scope; "// @ts-check": a directive in a comment
            handle = m["handle"].rstrip(".-")  # "thanks @jane." ends a sentence
            add((start, start + 1 + len(handle), "@" + handle, "author", handle))
        elif group == "hnum" or group == "mr" or group == "gh":
            before = text[start - 1] if start else " "
            if group != "gh" and (before.isalnum() or before in "_.-"):
                seg_start = max(0, start - 120)  # "org/repo#12", "group/project!12"
                seg = text[seg_start:start]
                cut = max(seg.rfind(" "), seg.rfind("\n"), seg.rfind("("), seg.rfind("["), seg.rfind(","))
                xm = _XREPO_WORD_RE.fullmatch(seg, cut + 1) if "/" in seg[cut + 1:] else None
                if xm is not None:
                    add((seg_start + cut + 1, end, text[seg_start + cut + 1:end], "ref",
                         _shorthand_ref(xm[1], xm[2], group == "mr", m[group], ctx)))
                continue
            if before.isalnum() or before == "_" or before in _NOT_BEFORE_HASH or (group != "hnum" and before in "-!"):
                continue
            if group == "mr" and before not in " \t\n(,[":
                continue  # "Wow!1" is no merge request
            if group == "hnum" and _LINE_BEFORE_RE.search(text, max(0, start - 20), start) is not None:
                continue  # "typo fix line #856 and #920": lines of a file
            bare = _bare_ref(m[group], ctx, group == "mr")
            if group == "hnum" and (text[max(0, start - 6):start].lower() == "issue " or
                                    text[end:end + 6].lower() == " issue"
                                    or ((text[start - 2:start - 1] in _FIXES_ENDS or text[start - 2:start] == "  ")
                                        and _fixes_before(text, start))):
                bare = _as_issue(bare, ctx)  # "Fixed issue #924", "#1788 issue by @x", "Fixes #1446"
            add((start, end, m.group(), "ref", bare))
        elif group == "role":
            role, _, value = m["role"].partition("}`")
            add(_role_token(start, end, role, value, ctx))
        elif group == "code3" and "\n" in m[group]:  # a fenced block: an example, not the statement
            add((start, end, " ", "text", None))
        elif group == "code" or group == "code2" or group == "code3":
            code = m[group]
            if "\n" in code:  # a span wrapped with its line: "`of\n  selector`" reads "of selector"
                code = _CODE_BREAK_RE.sub(" ", code)
            add((start, end, code.strip() or code, "code", None))
        elif group == "refauthor" or group == "nested":  # "[@handle]": a reference-style link
            add((start, end, "@" + m[group], "author", m[group]))
        elif group == "botlink":
            bot = m[group][:m[group].find("]")].removesuffix("[bot") + "[bot]"
            add((start, end, "@" + bot, "author", bot))
        elif group == "sig":
            add((start, end, m.group(), "sig", m["sig"]))
        elif group == "ghb" or group == "enum" or group == "rnum":
            url = defs.get("#" + m[group]) if defs and group == "rnum" else None
            if url:
                add(_link_token(start, end, "#" + m[group], url, ctx))
            else:
                bare = _bare_ref(m[group], ctx)
                if group == "enum" and text[max(0, start - 6):start].lower() == "issue ":
                    bare = _as_issue(bare, ctx)  # "Fixed Issue \#171"
                add((start, end, "#" + m[group] if group == "rnum" else m.group().lstrip("\\"), "ref", bare))
        elif group == "rlabel" or group == "rref":
            assert defs is not None and ctx is not None  # only _TOKEN_DEFS_RE has these groups
            url = defs.get(normalise_label(m["rref"] or m["rlabel"]))
            if url is not None:
                add(_placed(_link_token(start, end, m["rlabel"], url, ctx), text))
            elif _TOKEN_START_RE.search(m["rlabel"]):  # brackets, not a link: read what they hold
                offset = start + 1
                tokens.extend((a + offset, b + offset, plain, kind, value) for a, b, plain, kind, value
                              in _tokens(m["rlabel"], ctx._replace(defs=None)))
        elif group == "bare":
            url = "h" + m["bare"]
            ref = _url_ref(url)
            if ref is None and _PROFILE_URL_RE.fullmatch(url):  # "(…/pull/6243, https://github.com/inteon)"
                handle = url.rstrip("/").rsplit("/", 1)[1]
                if "/apps/" in url:  # a GitHub app: "dependabot[bot]", as its commits are signed
                    handle += "[bot]"
                add((start, end, "@" + handle, "author", handle))
            else:
                add((start, end, url, "ref", ref) if ref else (start, end, url, "", None))
        elif group == "auto":  # "(<https://github.com/o/r/pull/3077>)": a link to a PR is a ref
            ref = _url_ref(m[group]) if m[group].startswith("http") else None
            add((start, end, m[group], "ref", ref) if ref is not None else (start, end, m[group], "text", None))
        elif group == "alt":  # an image says its alt text; a pasted screenshot's ("image") says nothing
            add((start, end, "" if _PASTED_ALT_RE.match(m[group]) else m[group], "text", None))
        elif group == "esc":
            add((start, end, m["esc"], "code", None))  # an escaped * is not emphasis
        elif text[start] == "\n" and _ends_clause_before(text, start):  # a nested list's marker
            add((start, end, "; ", "text", None))  # "… for enums; See the documentation": one clause a bullet
        elif text[start] == "{" and text[start + 1] != ":" and text[start - 1:start] != ")":
            continue  # "{.Version}" is text; after a link, "{ .issue-link }" is its attributes
        elif text[start] == "[":
            add((start, end, m.group()[2:-2], "code", None))  # "[`table.cell`]": the name
        else:  # HTML tags, kramdown attributes, hard line breaks and nested list markers
            add((start, end, "" if m.group()[:1] in "{\u200b" else " ", "text", None))
    if "(" in text and _PAREN_SHA_RE.search(text):  # "(ab12cd3)": a commit named by its hash
        hashes = [(m.start(), m.end(), "", "ref", _commit_ref(m[1], ctx)) for m in _PAREN_SHA_RE.finditer(text)
                  if not m[1].isdigit() and not m[1].isalpha()]
        if hashes:
            tokens = sorted(tokens + hashes, key=_start)  # a hash holds no other token
    return tokens


_ROLE_KINDS = {"issue": "issue", "issues": "issue", "ghissue": "issue", "bug": "issue",
               "pr": "pr", "pull": "pr", "ghpull": "pr", "gh": "pr", "mr": "pr"}
_ROLE_TARGET_RE = re.compile(r"(?P<text>[^<]*?)\s*<[^<>]*>")  # "{doc}`the connector </connector/x>`"


def _role_token(start: int, end: int, role: str, value: str, ctx: Context | None) -> _Token:
    """A MyST role, as Sphinx-based notes write refs, credits and code: "{issue}`17909`" is a
    ref, "{user}`jane`" an author, "{func}`abs`" code, "{doc}`text <target>`" its text."""
    kind = _ROLE_KINDS.get(role.lower())
    if kind is not None and value.isascii() and value.isdigit():
        ref = _bare_ref(value, ctx, role == "mr")
        return (start, end, "#" + value, "ref", _as_issue(ref, ctx) if kind == "issue" else ref)
    if role in ("user", "ghuser") and _HANDLE_RE.fullmatch(value.lstrip("@")):
        handle = value.lstrip("@")
        return (start, end, "@" + handle, "author", handle)
    if (target := _ROLE_TARGET_RE.fullmatch(value)) is not None and target["text"]:
        return (start, end, target["text"], "text", None)
    return (start, end, value, "code", None)


def _ends_clause_before(text: str, at: int) -> bool:
    """Whether the text before a nested bullet at at ends a clause the bullet does not go on
    ("… for enums" over "- See the docs"; not "… include:" nor "axum now requires" over "- hyper 1.0")."""
    k = at
    while k and text[k - 1] in " \t":
        k -= 1
    return bool(k) and text[k - 1] not in _ENDS_CLAUSE and text[text.rfind(" ", 0, k) + 1:k].lower() not in _LEADS_INTO


def _credited(plain: str) -> list[str]:
    """Who a credit names: the handle itself, or those after the ref ("#3050 by @jane and @joe")."""
    by = _REF_BY_LABEL_RE.fullmatch(plain) if plain[:1].isdigit() or plain[:1] == "#" else None
    return [who.lstrip("@") for who in _REF_BY_SPLIT_RE.split(by["who"])] if by is not None else [plain]


def _placed(token: _Token, text: str) -> _Token:
    """A link's token as where it stands makes it: a handle linked before "/" is a package's
    scope ("[@nuxt](https://github.com/nuxt)/config"), and a credit stands in parentheses
    ("([jane](…/pull/1))"; "[NixOS][290], [Ubuntu][463]" name things their PRs are about)."""
    if token[3] == "author" and text[token[1]:token[1] + 1] == "/":
        return (*token[:3], "text", None)
    if token[3] == "credit" and text[token[0] - 1:token[0]] != "(" and " by " not in token[2]:
        return (*token[:3], "textref", token[4])
    return token


def _start(token: _Token) -> int:
    return token[0]


def _link_token(start: int, end: int, label: str, url: str, ctx: Context | None) -> _Token:
    if "\u200b" in label:
        label = label.replace("\u200b", "")
    if "\\" in url:  # "https\://github\.com/…": escapes in a link's target, as antsibull-changelog writes them
        url = _ESCAPED_RE.sub(r"\1", url)
        if label == url or _ESCAPED_RE.sub(r"\1", label) == url:
            label = url
    if url.startswith("http"):
        ref = _url_ref(url)
    elif url.startswith(("github.com/", "www.github.com/", "gitlab.com/")):  # a link without its scheme
        url = "https://" + url
        ref = _url_ref(url)
    elif url[:1] in "./":
        ref = _relative_ref(url, ctx)
    else:
        ref = _shorthand_target(url, ctx)
    if ref is not None:
        if (" by " in label and (bm := _REF_BY_LABEL_RE.fullmatch(label.strip())) is not None and bm["n"] == ref.number
                and bm["who"].lstrip("@").lower() not in _NOT_BY):
            return (start, end, _label_text(label), "credit", ref)  # "[#3050 by @jane](…/pull/3050)": PR, and who
        lm = _LABEL_REF_RE.fullmatch(label.strip().strip("()") if label[:1] == "(" else label.strip())
        if (lm and lm["repo"] and not lm["n"] and lm["repo"].lower() != ref.repo.lower() and " " in label
                and "#" not in label and not _NAMED_REF_LABEL_RE.fullmatch(label.strip())):
            # "[BUG #3194](…)", "[Issue #45415](…)", "[Issue 1977](…)" name the ref
            # "[RFC 3537](…/rfcs/pull/3537)": the label is text that links to a PR
            return (start, end, _label_text(label), "textref", ref)
        bare = label.strip().removesuffix(":")  # "[Pull request #1054:](…)"
        if (lm or label == url or _SHA_LABEL_RE.fullmatch(bare) or _GENERIC_REF_LABEL_RE.fullmatch(bare)
                or _NAMED_REF_LABEL_RE.fullmatch(bare)
                or ((rm := _REPO_REF_LABEL_RE.fullmatch(label.strip())) is not None
                    and rm["repo"].lower() == ref.repo.lower() and rm["n"] == ref.number)):
            return (start, end, _label_text(label), "ref", ref)
        if ref.kind != "commit" and _CREDIT_LABEL_RE.fullmatch(label) and label.lower() not in _NOT_CREDITS:
            return (start, end, label, "credit", ref)  # "([ClearlyClaire](…/pull/25796))": who, and the PR
        return (start, end, _label_text(label), "textref", ref)
    if _PROFILE_URL_RE.fullmatch(url):
        handle = label.lstrip("@")
        profile = url.rstrip("/").rsplit("/", 1)[1]
        if _HANDLE_RE.fullmatch(handle) and (handle.lower() == profile.lower() or label.startswith("@")):
            return (start, end, _label_text(label), "author", handle)
        name = label.strip()
        if _PERSON_RE.fullmatch(name) or (name[:1].isupper() and name.isalpha() and len(name) > 1):
            return (start, end, _label_text(label), "author", profile)  # "[Jane Doe](…/jdoe)", "[Radu](…/radu02)"
    if "commits?author=" in url and label.startswith("@"):  # "[@bollwyvl](…/commits?author=bollwyvl)"
        handle = url.rsplit("=", 1)[1]
        if _HANDLE_RE.fullmatch(handle) and handle.lower() == label[1:].lower():
            return (start, end, _label_text(label), "author", handle)
    key = _KEY_RE.fullmatch(label.strip().strip("`")) if "-" in label else None
    if (key is not None and key.group() in url and _TRACKER_URL_RE.search(url)
            and not _NOT_REF_LABEL_RE.match(key.group())):
        return (start, end, key.group(), "ref", Ref("", key.group(), url, "issue"))  # "[KT-58765](…/KT-58765)"
    lm = _LABEL_REF_RE.fullmatch(label.strip())
    if (lm and url.startswith(("http://", "https://")) and not _NOT_REF_LABEL_RE.match(label.strip())
            and (lm["n"] or lm["n2"]) in url and _TRACKER_URL_RE.search(url) and _forge_host(url, ctx)):
        kind = "pr" if "pull" in url or "merge_requests" in url else "issue"
        return (start, end, _label_text(label), "ref", Ref(intern(lm["repo"] or ""), lm["n"] or lm["n2"], url, kind))
    if label[:4] in ("CVE-", "GHSA", "GO-2") and _CVE_RE.fullmatch(label):
        return (start, end, label, "label", label)  # "([CVE-2020-15194](…), [CVE-2020-15195](…))": labels
    return (start, end, _label_text(label), "text", None)


# Not in code, nor an escaped backslash, nor "]\(": that stops a link
_PLAIN_ESCAPE_RE = re.compile(r"(`+)[^`]*?\1|\\\\|(?<!\])\\(?P<c>[(),.;:=/?&%'\"$])")  # not "\-": a list's marker


def _unescaped(m: re.Match) -> str:
    return m.group() if m["c"] is None else m["c"]


_ESCAPED_RE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash escape of ASCII punctuation
_URL_HOST_RE = re.compile(r"https?://(?:[^/?#@\s]*@)?([^/?#:\s]+)", re.I)
_FORGE_HOSTS = frozenset(("github.com", "gitlab.com", "togithub.com"))


def _forge_host(url: str, ctx: Context | None) -> bool:
    """Whether url is on a host that keeps the repository's issues: GitHub, GitLab, or the host
    the file names as its own. "[#123](https://evil.example/issues/123)" says #123 and is not."""
    m = _URL_HOST_RE.match(url)
    if m is None:
        return False
    host = m[1].lower().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    return host in _FORGE_HOSTS or (ctx is not None and host == ctx.host.lower())


def _label_text(label: str) -> str:
    return to_plain(label) if _LABEL_MARKUP_RE.search(label) else label


_ref_pages: dict[str, Ref] = {}  # "https://github.com/o/r/pull/" -> a ref there: links to PRs share a few


def _url_ref(url: str) -> Ref | None:
    """The PR, issue, merge request or commit a URL points to, or None."""
    slash = url.rfind("/")
    number = url[slash + 1:]
    if number.isdigit() and number.isascii() and (known := _ref_pages.get(url[:slash + 1])) is not None:
        return Ref(known.repo, number, known.link, known.kind)  # "…/pull/123", as links to that page before
    twice = -1
    if "github.com/" in url:
        gh = GH_REF_URL_RE.fullmatch(url)
        twice = url.find("//github.com/", 8) if gh is None else -1
        if twice >= 0:  # a host written twice: "https://github.com//github.com/…"
            gh = GH_REF_URL_RE.match("https:" + url[twice:])
    else:
        gh = None
    if gh is not None:
        ref = _github_ref(gh["owner"], gh["repo"], _KINDS[gh["kind"]], gh["num"])
        if twice < 0 and gh.end("num") == len(url) and gh["num"].isdigit():
            if len(_ref_pages) >= 4096:
                _ref_pages.clear()
            _ref_pages[url[:gh.start("num")]] = ref
        return ref
    gl = _GL_REF_URL_RE.fullmatch(url) if "/-/" in url or "gitlab" in url else None
    if gl is not None and (gl["sep"] or "gitlab" in gl["host"]):
        return _gitlab_ref(gl["host"], gl["path"], gl["kind"], gl["num"])
    return None


def _github_ref(owner: str, repo: str, kind: str, number: str) -> Ref:
    start = _url_starts.get(("github.com", owner, repo, kind))
    if start is None:
        start = _url_start(("github.com", owner, repo, kind), f"https://github.com/{owner}/{repo}/{_PATHS[kind]}/")
    return Ref(intern(repo), number, start, kind)


_url_starts: dict[tuple[str, ...], UrlStart] = {}


def _url_start(key: tuple[str, ...], start: str) -> UrlStart:
    """One UrlStart for each repository and kind of ref (the refs of a million changes share a
    few); the table is emptied when a file names very many repositories."""
    if len(_url_starts) >= 4096:
        _url_starts.clear()
    _url_starts[key] = UrlStart(start)
    return _url_starts[key]


def _gitlab_host(ctx: Context | None) -> str:
    """Where GitLab shorthand points: the file's own GitLab host, else gitlab.com."""
    return ctx.host if ctx is not None and ctx.host != "github.com" else "gitlab.com"


def _gitlab_ref(host: str, path: str, kind: str, number: str) -> Ref:
    kind = {"merge_requests": "pr", "issues": "issue", "commit": "commit"}[kind]
    start = _url_starts.get((host, "-", path, kind))
    if start is None:
        start = _url_start((host, "-", path, kind), f"https://{host}/{path}/-/{_GL_PATHS[kind]}/")
    return Ref(intern(path.rsplit("/", 1)[-1]), number, start, kind)


def _shorthand_target(target: str, ctx: Context | None) -> Ref | None:
    """A link whose target is GitLab reference shorthand, not a URL: "group/project!12"."""
    m = _GL_SHORTHAND_RE.fullmatch(target) if "/" in target else None
    if m is None:
        return None
    kind = {"!": "merge_requests", "#": "issues", "@": "commit"}[m["sep"]]
    if kind == "commit" and m["num"].isdigit():
        return None
    return _gitlab_ref(_gitlab_host(ctx), m["path"], kind, m["num"])


_RELATIVE_REF_RE = re.compile(r"/?(?:\.\.?/)+(?:(?P<repo>[\w.-]+)/)?(?P<kind>issues|pull)/(?P<num>\d+)/?")


def _relative_ref(target: str, ctx: Context | None) -> Ref | None:
    """A link relative to the page, as a forge's wiki or a file there writes them:
    "../../issues/12" (or "/../../pull/706") in the file's repository, "../../jackson-core/pull/943"
    in a sibling repository of the same owner. Without a known repository the link stays as written."""
    m = _RELATIVE_REF_RE.fullmatch(target)
    if m is None:
        return None
    kind = "pr" if m["kind"] == "pull" else "issue"
    if ctx is not None and ctx.host == "github.com":
        return _github_ref(ctx.owner, m["repo"] or ctx.repo, kind, m["num"])
    return Ref(intern(m["repo"] or ""), m["num"], target, kind)


def _shorthand_ref(owner: str, repo: str, merge_request: bool, number: str, ctx: Context | None) -> Ref:
    """"org/repo#12" or "group/project!12": on the file's own host (GitHub unless it is a GitLab
    file, or a "!" says merge request)."""
    if merge_request or (ctx is not None and ctx.host != "github.com"):
        return _gitlab_ref(_gitlab_host(ctx), f"{owner}/{repo}", "merge_requests" if merge_request else "issues",
                           number)
    return _github_ref(owner, repo, "pr", number)


def _bare_ref(number: str, ctx: Context | None, merge_request: bool = False) -> Ref:
    """"#12" or "!12": in the file's most linked repository, when it has one."""
    if ctx is not None:
        return _shorthand_ref(ctx.owner, ctx.repo, merge_request, number, ctx)
    return Ref("", number, f"{'!' if merge_request else '#'}{number}", "pr")


_FIXES_WORDS = frozenset("fix fixes fixed close closes closed resolve resolves resolved".split())
_FIXES_ENDS = frozenset("xsdeXSDE")  # their last letters: a quick test first


def _fixes_before(text: str, at: int) -> bool:
    """Whether the word before at says that what follows is fixed: "Fixes #1446", "(closes #3)"."""
    if at < 4 or text[at - 1] not in " \n":
        return False
    words = text[max(0, at - 24):at].split()  # "(#7428, fixes\n  #1701)": the word may end the line before
    return bool(words) and words[-1].lstrip("(").lower() in _FIXES_WORDS


def _as_issue(ref: Ref, ctx: Context | None) -> Ref:
    """A bare "#N" the text calls an issue."""
    if ctx is None:
        return ref._replace(kind="issue")
    if ctx.host == "github.com":
        return _github_ref(ctx.owner, ctx.repo, "issue", ref.number)
    return _gitlab_ref(_gitlab_host(ctx), f"{ctx.owner}/{ctx.repo}", "issues", ref.number)


def _commit_ref(sha: str, ctx: Context | None) -> Ref:
    if ctx is None:
        return Ref("", sha, sha, "commit")
    if ctx.host == "github.com":
        return _github_ref(ctx.owner, ctx.repo, "commit", sha)
    return _gitlab_ref(ctx.host, f"{ctx.owner}/{ctx.repo}", "commit", sha)


def _refs(tokens: list[_Token]) -> tuple[Ref, ...]:
    """Every ref without repeats ("org/repo#12" and a link to its issue page are one), pull
    requests and issues before commits (GitLab writes the commit first; the first ref is the
    one a table shows and an export links to), each kind in the order written."""
    found = [t[4] for t in tokens if t[3] == "ref" or t[3] == "textref" or t[3] == "credit"]
    if len(found) < 2:
        return tuple(found)
    if found[0].kind == "commit":
        found.sort(key=_commit_last)
    seen: set[tuple[str, str, bool]] = set()
    refs = []
    for ref in found:
        key = (ref.repo.lower(), ref.number, ref.kind == "commit")
        if key not in seen:
            seen.add(key)
            refs.append(ref)
    if any(not ref.repo for ref in refs):  # "#1386" and a link to issue 1386: one ref, the link
        linked = {ref.number for ref in refs if ref.repo}
        refs = [ref for ref in refs if ref.repo or ref.number not in linked]
    return tuple(refs)


def _commit_last(ref: Ref) -> bool:
    return ref.kind == "commit"


def find_refs(text: str, context: Context | tuple[str, str] | None = None) -> list[Ref]:
    """Every PR, issue and commit reference in text, in order, without repeats."""
    return list(_refs(_tokens(text, context_of(context))))


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
    if "<" in plain:
        plain = _HTML_TAG_RE.sub(_tag_space, plain)
    if "&" in plain and ";" in plain:  # "Has.Attribute&lt;T&gt;()": what the reader sees; not in code
        plain = html.unescape(plain)
    if "*" in plain or "_" in plain:
        plain = _STRONG_RE.sub(lambda m: m[1] if m[1] is not None else m[2], plain)
        plain = _EM_RE.sub(_emphasis, plain)
    if "-\n" in plain:  # a word broken at its hyphen: "post-\n processor"
        plain = _BROKEN_WORD_RE.sub("-", plain)
    if " ; " in plain:  # "… seconds \n- a": the line's trailing space before the bullet's "; "
        plain = plain.replace(" ; ", "; ")
    if "  " in plain or not plain.isprintable() or plain[:1] == " " or plain[-1:] == " ":
        plain = " ".join(plain.split())  # every other white space is unprintable: most summaries skip this
    if ";;" in plain or "; ;" in plain:  # a nested bullet that says nothing (a pasted screenshot)
        plain = _EMPTY_CLAUSES_RE.sub(";", plain)
    if codes:
        pieces = plain.split(_CODE_MARK)
        plain = pieces[0] + "".join(code + piece for code, piece in zip(codes, pieces[1:], strict=True))
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
_DECORATIONS = frozenset(("ref", "author", "sig", "credit", "label"))


class _Cache(enum.Enum):
    MISS = enum.auto()


_MISS: Final = _Cache.MISS  # not in _glue_cache: None there means "not glue"


def _glue(glue: str) -> tuple[tuple[str, int], ...] | None:
    """The units of the text between two decorations, right to left, or None when it is not glue."""
    cached = _glue_cache.get(glue, _MISS)
    if cached is not _MISS:
        return cached
    units = None
    if _GLUE_RE.fullmatch(glue) is not None:  # every unit is a named group: lastgroup is never None
        units = tuple((g.lastgroup or "", g.start()) for g in reversed(list(_GLUE_UNIT_RE.finditer(glue))))
    if len(_glue_cache) < 4096:
        _glue_cache[glue] = units
    return units


def _tail(text: str, tokens: list[_Token], head: int, end: int) -> tuple[list[str], list[int]]:
    """The decorations that end text[head:end], as units: their kinds and where they start,
    right to left."""
    kinds: list[str] = []
    starts: list[int] = []
    for t_start, t_end, plain, kind, _ in reversed(tokens):
        if t_end > end:
            continue
        if t_start < head:
            break
        between = text[t_end:end]
        if kind == "text" and not plain.strip(" ;"):
            if not between.strip():  # a line break or an HTML tag at the end: glue
                end = t_start
            continue
        if kind not in _DECORATIONS:
            break
        glue = _glue_cache.get(between, _MISS)
        if glue is _MISS:
            glue = _glue(between)
        if glue is None or ("." in between and plain.startswith("http") and between.lstrip()[:1] == "."):
            break  # "Works around https://…/issues/1.": a URL that ends a sentence is part of it
        for unit, offset in glue:
            kinds.append(unit)
            starts.append(t_end + offset)
        kinds.append(kind)
        starts.append(t_start)
        end = t_start
    # glue before the first decoration ("(", "by") belongs to the tail if it is part of it
    if kinds:
        lead = k = end
        while True:
            while k > head and text[k - 1].isspace():
                k -= 1
            if k > head and text[k - 1] in "([-–":  # "(#1)", "[[GH-1](…)]", "… - [Details](…)"
                lead = k = k - 1
            elif k > head + 1 and text[k - 1] == ":" and text[k - 2] in "sdSDRe" and _lead_word(text, head, k - 1) >= 0:
                lead = k = _lead_word(text, head, k - 1)  # "… provider. Resolves: [#3741](…)"
            elif (k > head and text[k - 1] in "sdocyrxlefSDOCYRXLEFtT"
                  and text[max(head, text.rfind(" ", head, k) + 1):k].lstrip("(").lower() in _LEAD_LAST_WORDS
                  and (at := _lead_word(text, head, k)) >= 0):
                lead = k = at
            elif (k > head + 4 and text[k - 1] == "m" and kinds[-1] == "author"
                  and text[k - 5:k].lower() == " from"):  # "dartdocs fixups from [jane](…)": by jane
                lead = k = k - 4
            else:
                break
        if lead < end:
            for g in reversed(list(_GLUE_UNIT_RE.finditer(text, lead, end))):
                kinds.append(g.lastgroup or "")
                starts.append(g.start())
    kinds.reverse()
    starts.reverse()
    return kinds, starts


def _lead_word(text: str, head: int, k: int) -> int:
    """Where a word that leads into a decoration ends at k ("by", "closes", "thanks to"), or -1.
    Except "by", it must open a clause: "for CVE fixes #4" has "fixes" as a noun."""
    words = text[max(head, k - 20):k].split()
    if not words:
        return -1
    last = words[-1].lstrip("(").lower()  # "(fixes #3)"
    if ((last == "to" and len(words) > 1 and words[-2].lstrip("(").lower() == "thanks")
            or (last == "of" and len(words) > 1 and words[-2].lstrip("(").lower() == "courtesy")):
        at = text.rfind(words[-2].lstrip("("), head, k)
    elif last in _LEAD_WORD_SET:
        at = k - len(last)
        if len(words) > 1 and last in _REF_NOUNS and words[-2].lower() in _REF_QUALIFIERS:
            at = text.rfind(words[-2], head, k)  # "… linting. Original PR [#1774](…)"
        if last == "by" and len(words) > 1 and (words[-2].lstrip("(").lower() == "reported" or (
                words[-2].endswith("ed") and words[-2].isalpha()
                and _opens_clause(text, head, text.rfind(words[-2], head, k)))):  # "… . Added by [Jane](…)."
            at = text.rfind(words[-2].lstrip("("), head, k)
    else:
        return -1
    if at < head or (at > head and text[at - 1].isalnum()):
        return -1
    return at if last == "by" or _opens_clause(text, head, at) else -1


def _opens_clause(text: str, head: int, at: int) -> bool:
    """Whether a word at this position starts a clause: "…, closes #1", ". Fixes #2", "(fixes #3)";
    not "for CVE fixes #4", where "fixes" is a noun."""
    spaced = at > head and text[at - 1] in " \t"
    word = at
    while at > head and text[at - 1] in " \t":
        at -= 1
    return (at == head or text[at - 1] in "\n,.;:(!" or (spaced and text[at - 1] in "-–—")  # "… - thanks @claws!"
            or (spaced and text[word:word + 1] in "FCR" and text[word:word + 2] != "CC"))  # "… searching Fixes #1446"


def _valid_cuts(kinds: tuple[str, ...]) -> tuple[int, ...]:
    """Where a tail may start, left to right. A tail starts with a decoration (or "by" before an
    author, a lead word such as "closes" before a decoration, or "(") and closes no paren it did
    not open ("([PR](…) and ([PR](…)" at the end, left open, is a tail).
    One pass from the right, so that a bullet of 20,000 refs costs no more than 20,000 checks."""
    cuts = []
    opens = closes = 0
    decorated = False
    for cut in range(len(kinds) - 1, -1, -1):
        first = kinds[cut]
        if first == "open":
            opens += 1
        elif first == "close":
            closes += 1
        elif first in _DECORATIONS:
            decorated = True
        if first == "conn" or first == "close" or not decorated:
            continue
        after = kinds[cut + 1] if cut + 1 < len(kinds) else ""
        if (first == "by" and after != "author") or (first == "lead" and after not in _DECORATIONS):
            continue
        if opens > 0 or closes == 0:  # no ")" without its "(", though a "(" may be left open at the end
            cuts.append(cut)
    cuts.reverse()
    return tuple(cuts)


def _split_tail(text: str, tokens: list[_Token], head: int, end: int) -> int:
    """Where the trailing decorations before end start (end when there are none)."""
    kind_list, starts = _tail(text, tokens, head, end)
    if not kind_list:
        return end
    kinds = tuple(kind_list)
    cuts = _cut_cache.get(kinds)
    if cuts is None:
        cuts = _valid_cuts(kinds)
        if len(_cut_cache) < 4096 and len(kinds) <= 64:
            _cut_cache[kinds] = cuts
    for cut in cuts:
        at = starts[cut]
        if cut and kinds[cut - 1] == "conn":
            continue  # "see #1163 and #1164": the list goes on to the left
        if at > head:
            kind = kinds[cut]
            if kind == "label":  # "… history CVE-2019-10215.", "Fix [CVE-2023-1234](…)": the sentence's own
                if text[head:at].rstrip()[-1:] in ".,;:–-":
                    return at
                continue
            if kind != "ref" and kind != "author":  # "(#1)", "by @a", "closes #2": the sentence does without
                return at
            words = text[max(head, at - 12):at].split()
            if not (words and words[-1].lower() in (_DANGLING_WORDS if kind == "ref" else _NOT_BEFORE_CREDIT)):
                return at  # not "added in #425.", nor "marked with @objc", "to @extend": part of the sentence
    return end


def analyse(markdown: str, context: Context | tuple[str, str] | None = None) -> ItemInfo:
    """Split a list item into its plain-text summary and its decorations."""
    ctx = context if context is None or type(context) is Context else context_of(context)
    labels: list[str] = []
    authors: list[str] = []
    breaking, action = _says_flags(markdown)
    says_break = "reak" in markdown or "REAK" in markdown
    text = markdown.rstrip()
    if "\\" in text:  # "\(", "\.", "\-": escapes of characters that are no markup here, as antsibull writes them
        text = _PLAIN_ESCAPE_RE.sub(_unescaped, text)
    text, line_authors = _author_line(text)
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
    head, keys = (_leading_markers(text, head, labels, ctx) if text[head:head + 1] in _MARKERS
                  or text[head:head + 1] >= "\u2600" else (head, None))
    if (keys is None and text[head + 1:head + 2].isupper() and text[head:head + 1].isupper()
            and (key := _KEY_OPEN_RE.match(text, head)) is not None):
        keys = [(head, key.end(), "", "ref", Ref("", key["k"], "", "issue"))]  # "FDIS-22 - Update …"
        head = key.end()
    tokens = _tokens(text, ctx)
    if keys:
        tokens[:0] = keys  # before every other token: they open the entry
    opened = head
    if ((text.startswith(_KIND_REFS, head) and text[(hash_at := text.find("#", head)) + 1:hash_at + 2].isdigit())
            or (text[head:head + 1] in "FfBbEeCcSs" and _KIND_COLON_REF_RE.match(text, head))):
        kind_end = text.find(" ", head)
        labels.append(text[head:kind_end])  # "bug #65541 [Serializer] Fix …": the kind, then the ref that opens it
        head = kind_end + 1
    if not node_commit and ((tokens and (tokens[0][0] == head or (tokens[0][0] == head + 1 and text[head] == "[")))
                            or (text[head:head + 1] in "IiPM" and text.startswith(_LEAD_WORD_STARTS, head))
                            or (text[head:head + 1] in _HEX and _HASH_WORD_RE.match(text, head))):
        lead = _lead_cluster(text, tokens, head, ctx)  # most entries open with words: not called
        if lead > head and text[lead:lead + 1] in _MARKERS:  # "[flutter/169772](…) - [Impeller][Android] …"
            lead, keys = _leading_markers(text, lead, labels, ctx)
            if keys:
                tokens = sorted(tokens + keys, key=_start)
        head = lead
    if text[head:head + 1] == "@" and (opener := _HANDLE_FIRST_RE.match(text, head)) is not None and tokens and (
            tokens[0][0] == head and tokens[0][3] == "author"):
        line_authors.extend(h.lstrip("@") for h in opener["who"].replace("+", " ").split())
        tokens.insert(0, (head, opener.end(), "", "text", None))
        head = opener.end()  # "@jane [Add the thing](…/pull/668)": who, then the change's title
    mm = (None if text.find(": ", head, head + 100) < 0 and text.find(":\n", head, head + 100) < 0
          else _CONVENTIONAL_RE.match(text, head) or (None if node_commit else _COMPONENT_RE.match(text, head)))
    if mm is None and text[head:head + 1] == "`" and (cm := _CODE_DASH_RE.match(text, head)
                                                      or _CODE_PACKAGE_RE.match(text, head)) is not None:
        labels.append(cm["code"])  # "`azurerm_x` - poll …", "`inputs.dns_query` Use …", "`opentelemetry-sdk` narrow …"
    elif mm is not None and mm.re is _CONVENTIONAL_RE:
        labels.append(mm["type"].lower())
        if mm["scope"]:
            labels.extend(_scopes(mm["scope"]))  # "feat(cli, runtime): …"
        breaking = breaking or bool(mm["bang"])
    elif mm:
        name = mm["code"] or mm["word"] or mm["scope"]
        if mm["kind"]:
            labels.append(mm["kind"])
        if name[:8].lower() == "breaking":
            breaking = True  # "Breaking Bug Fix: …"
        elif (name.lower() not in _NOT_COMPONENTS
                and ("/" not in name or "." not in name.partition("/")[0])  # "github.com/x/y: v1 → v2": a module
                and not _NOT_COMPONENT_RE.match(name)):
            labels.append(name)
            if mm["edition"]:
                labels.append(mm["edition"])
        if (linked := _LINKED_SCOPE_RE.match(text, mm.end())) is not None:
            labels.append(linked["s"])  # "FEATURE: [vmui](https://docs…): optimize …": the kind, then the part
    if says_break:
        at = mm.end() if mm is not None and mm.re is not _CONVENTIONAL_RE else head
        if mm is not None and mm.re is _COMPONENT_RE and mm.start() == head and (
                mm["word"] in ("BREAKING", "BREAKING CHANGE", "BREAKING CHANGES")):  # in capitals: a mark
            breaking = True  # "BREAKING CHANGE: `CameraValue.aspectRatio` …": the flag says it
            tokens.insert(bisect.bisect(tokens, (head,)), (head, mm.end(), "", "text", None))
        elif (text[at:at + 1] in "*_" and (bm := _BREAKING_MARK_RE.match(text, at)) is not None
                and (":" in bm.group() or "." in bm.group() or bm.group().strip("*_ ").isupper()
                     or text[bm.end():bm.end() + 1].isupper())):  # not "**Breaking changes** in …"
            breaking = True  # "Store: *breaking :warning:* Add …", "**Breaking Change** Deprecating …": a flag
            tokens.insert(bisect.bisect(tokens, (at,)), (at, bm.end(), "", "text", None))
    if "CVE-" in markdown or "GHSA-" in markdown or "GO-" in markdown:
        labels.extend(_CVE_RE.findall(markdown))
    start = text[head:head + 60]
    if ("ep" in start or "ump" in start or "pdate" in start) and _DEPENDENCIES_RE.match(text, head):
        labels.append("dependencies")

    end = len(text)
    if says_break and text[-1:] == ")" and (mark := _TRAILING_BREAKING_RE.search(text, head)) is not None:
        end = mark.start()  # "… without adding spaces (**Breaking change**)": the flag says it
    if (text[-1:].isalpha() and tokens and tokens[-1][3] in ("ref", "textref")
            and (dash := _DASH_AUTHOR_RE.match(text, tokens[-1][1])) is not None):
        end = dash.start() + 1  # "… - ([73e4a68](…/commit/73e4a68…)) - Zero": who, after the refs
        line_authors.insert(0, dash["name"])
    paren = text.rfind("(", max(head, end - 120)) if text.endswith(")") else -1
    nm = _NAME_HANDLE_RE.match(text, paren) if paren >= 0 and text[paren + 1:paren + 2].isalpha() else None
    if nm is not None:  # "(Jane Doe @jdoe)": the name goes, the handle is the author
        end = nm.start()
        line_authors.insert(0, nm["handle"])
    elif ((closed := text[:-1] if text.endswith(").") else text)[-1:] in ")]"  # "… (by Jed Mao)."
          and (closed[-2:-1].isalpha() or closed.find(",", len(closed) - 80 if len(closed) > 80 else 0) >= 0
               # "(xudong963)", not "(v2)"
               or (closed[-2:-1].isdigit() and (opens := closed.rfind("(")) > 0 and closed[opens - 1] != "]"
                   and _HANDLE_WITH_DIGITS_RE.fullmatch(closed, opens + 1, len(closed) - 1) is not None)
               or closed.endswith("[bot])"))  # "(dependabot[bot])"
          and (credit := _plain_credit(closed, tokens, head, ctx, head > opened)) is not None):
        end = credit[0]  # "!18199 (bartl)", "(#12) (Jane Doe)", "… [Dav Glass]": who, by name
        line_authors[:0] = credit[1]
    elif (text[-1:] == ")" and text.find("hank", len(text) - 80 if len(text) > 80 else 0) >= 0
          and (thanks := _THANKS_PAREN_RE.search(text, max(head, len(text) - 80)))
          and thanks["name"].split()[0].lower() not in _NOT_THANKED):
        end = thanks.start()  # "… no longer triggers (thanks, kpankonen!)": thanks in parentheses, by name
        line_authors.insert(0, thanks["name"])
    elif (text.find("hank", len(text) - 160 if len(text) > 160 else 0) >= 0
          and (thanks := _THANKS_SENTENCE_RE.search(text, max(head, len(text) - 160)))):
        end = thanks.start()  # "… Thanks @bandorko for the fix! :tada:": a closing sentence of thanks
        line_authors[:0] = _thanked(thanks)
    cut = _split_tail(text, tokens, head, end)
    if (head < cut < end and text.find("hank", max(head, cut - 160), cut) >= 0
            and (thanks := _THANKS_SENTENCE_RE.search(text, max(head, cut - 160), cut)) is not None):
        cut = thanks.start()  # "… results. Thanks to @jane for this change. (#325)": the thanks, then the refs
        line_authors[:0] = _thanked(thanks)
    if (cut < end and text[cut:cut + 1] == "[" and text[cut - 2:cut].rstrip()[-1:] == ")"
            and (before := _CREDIT_BEFORE_REF_RE.search(text, max(head, cut - 80), cut)) is not None
            and _NOT_NAMES.isdisjoint(before["name"].lower().split()) and _pr_at(tokens, cut)):
        cut = before.start()  # "… (James M Snell) [#46500](…/pull/46500)": who, before the PR
        line_authors.insert(0, before["name"])
    if "See " in text or "see " in text:
        cut = _see_sentence(text, tokens, head, cut)
    if (cut < end and (unclosed := text.rfind("(", head, cut)) >= 0 and text.find(")", unclosed, cut) < 0
            and (closing := _closing_paren(text, unclosed, end)) >= cut):
        # the cut falls inside parentheses: "(addresses #204)" goes whole, a longer remark stays whole
        cut = unclosed if len(text[unclosed + 1:cut].split()) <= 2 else closing + 1
    # "Title (#12) @jane" over a paragraph of details: the title's line is the summary.
    title_cut = title_end = -1
    newline = -1 if node_commit else text.find("\n", head, cut)
    if newline > head and _DECORATION_CHARS_RE.search(text, head, newline):
        line_end, credit = newline, None
        if text[newline - 2:newline - 1].isalpha() and text[newline - 1] == ")" and (credit := _plain_credit(
                text[:newline], tokens[:bisect.bisect(tokens, (newline,))], head, ctx, head > opened)) is not None:
            line_end = credit[0]  # "Title (#1335) (Jules Aguillon)" over a line that goes on
        at = _split_tail(text, tokens, head, line_end)
        if head < at < newline and text[head:at].strip() and _starts_anew(text, newline + 1):
            title_cut, title_end = at, newline
            if credit is not None:
                line_authors[:0] = credit[1]
    in_text: list[str] = []  # linked handles in the text: "[@jane](…)"
    opening = 0  # how many authors open the entry, before those in the text
    thanked = False  # whether the text thanks one of them: "Thanks to [@a](…), [@b](…) and [@c](…)"
    for t_start, _, plain, kind, value in tokens:
        if kind != "author" and kind != "sig" and kind != "credit":
            continue
        if cut <= t_start < end or title_cut <= t_start < title_end:
            if kind == "author":
                authors.append(value)
            elif kind == "credit":
                authors += _credited(plain)
            else:
                labels.extend(f"SIG {name.strip()}" for name in _SIG_SPLIT_RE.split(value) if name.strip())
        elif kind == "author" and t_start < head:
            authors.append(value)  # "@jane [Add the thing](…)": the handle that opens the entry
            opening += 1
        elif kind == "author" and text.startswith("[@", t_start):
            in_text.append(value)
            led = [w.strip("(,") for w in text[max(head, t_start - 20):t_start].lower().split()[-2:]]
            thanked = thanked or (bool(led) and (led[-1] in _CREDIT_WORDS or led == ["thanks", "to"]))
    # The text's linked handles credit their people when it thanks them, or when nothing else in the
    # entry credits anyone: "Fix [@params](…) typo … by @Amirhf1" mentions a word that GitHub links.
    if in_text and (thanked or not (authors or line_authors)):
        authors[opening:opening] = in_text
    body_end = cut if title_cut < 0 else title_cut
    if (title_cut < 0 and newline > head and (blank := text.find("\n\n", newline, cut)) > head
            and text[blank - 1] != ":"):  # "Title\n\nParagraphs of details": the first, unless it leads on
        body_end = _split_tail(text, tokens, head, blank)
    if node_commit:
        nm = _NODE_AUTHOR_RE.search(text, head, cut)
        if nm and nm.start() > head:
            authors.insert(0, nm["name"].strip())
            body_end = _split_tail(text, tokens, head, nm.start())  # "… fix #1513 (#1518) (Jane <j@x>)"
    if " by @" in text and (by := _CREDIT_PARAGRAPH_RE.search(text, head)) is not None:
        if by["org"] in line_authors:
            line_authors.remove(by["org"])  # "(AWS)" ending the entry: where they work, not who
        line_authors.extend(_HANDLES_RE.findall(by["who"]))
        body_end = min(body_end, by.start())  # "…\n\nContributed by @illotum (AWS).": who, not what
    if labels and not breaking:
        breaking = not _BREAKING_LABELS.isdisjoint(labels)  # "[breaking] standardize the output", "💥 Remove …"
    if not breaking and text[head:head + 1] in ("\u26a0", ":") and _WARNING_MARK_RE.match(text, head):
        breaking = True  # "⚠️ Changed interface of `CLIENT`": what the notes mark as likely to break on upgrade
    summary = _plain(text, tokens, head, body_end)
    # what the glue of a cut tail leaves ("… (", "…,"); not what ends code ("… in `[`/`[[`", "`-exec … \\;`")
    summary = summary.rstrip(" ,;([") if text[head:body_end].rstrip()[-1:] != "`" else summary.rstrip()
    if (summary[-1:] == ":" and body_end == cut < len(text) and text.find("\n", head, cut) < 0
            and (led_on := text[head:cut].rstrip())[-1:] == ":" and led_on[-2:] != "::"
            and summary[-4:].lower() != " re:" and _SHORTCODE_END_RE.search(led_on) is None):
        # not what ends code ("`Catch::`"), "re:", nor a shortcode (":tada:")
        summary = summary[:-1].rstrip()  # "Add `readMaybe`: [#425](…)": the colon only led to the refs
    if summary[-2:] in (" -", " –", " —") and text[head:body_end].rstrip(" ,;([")[-2:] == summary[-2:]:
        summary = summary[:-2].rstrip(" ,;")  # "… config file - thanks @claws!"; not "… after `-`"
    if node_commit and (mm := _NODE_SUBSYSTEM_RE.match(text, head)):
        summary = mm["s"] + ": " + _plain(text, tokens, mm.end(), body_end).rstrip(" ,;(")
    return ItemInfo(
        summary or _plain(text, tokens, 0, len(text)),
        _refs(tokens),
        tuple(map(intern, dict.fromkeys(authors + line_authors))) if authors or line_authors else (),
        tuple(map(intern, dict.fromkeys(labels))) if labels else (),
        breaking,
        action,
    )


# "… VMUI. See #3707.", "…, see #3442", "… is public (see #89)."
_SEE_RE = re.compile(r"(?<=[.!?])\s+[Ss]ee(?: also)?\s|,\s+see(?: also)?\s|\s\([Ss]ee(?: also)?\s")
_SEE_WORDS_RE = re.compile(r"[\s,.]*(?:(?:this|these|the|that|and|also|issues?|pull requests?|PRs?|[Ff]or details)"
                           r"[\s,.]*)*")


def _says_breaking_change(markdown: str) -> bool:
    """Whether the text calls the change a breaking change, not one it avoids or is not."""
    for m in _BREAKING_CHANGE_RE.finditer(markdown):
        if not _UNSAID_RE.search(markdown, max(0, m.start() - 60), m.start()):
            return True
    return False


def _closing_paren(text: str, opened: int, end: int) -> int:
    """Where the parenthesis opened at opened closes, before end; -1 when it does not."""
    depth = 0
    for at in range(opened, end):
        char = text[at]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if not depth:
                return at
    return -1


def _pr_at(tokens: list[_Token], at: int) -> bool:
    """Whether the token at at is a link to a pull request (a title in parentheses comes
    before a link to an issue: "… (Statement Labels) [DBZ-6651](…)")."""
    token = tokens[bisect.bisect_left(tokens, (at,))] if tokens and tokens[-1][0] >= at else None
    return token is not None and token[0] == at and token[3] == "ref" and token[4].kind == "pr"


def _see_sentence(text: str, tokens: list[_Token], head: int, end: int) -> int:
    """Where a closing sentence that only points to refs starts ("… VMUI. See [this feature
    request](…/issues/3707)."), or end when the text does not close with one: the refs keep it."""
    found = None
    for found in _SEE_RE.finditer(text, max(head, end - 300), end):  # noqa: B007 - the last one
        pass
    if found is None:
        return end
    pos, linked = found.end(), False
    for t_start, t_end, _, kind, _ in tokens:
        if t_end <= pos or t_start >= end:
            continue
        if kind not in ("ref", "textref") or not _SEE_WORDS_RE.fullmatch(text, pos, t_start):
            return end
        pos, linked = t_end, True
    if linked and "(" in found.group():
        closing = text.find(")", pos, end)  # "(see #89)": the parenthesis closes after the refs
        if closing < 0 or not _SEE_WORDS_RE.fullmatch(text, pos, closing):
            return end
        pos = closing + 1
    if not (linked and _SEE_WORDS_RE.fullmatch(text, pos, end)):
        return end
    if found.group()[0] == ",":
        sentence = max(text.rfind(". ", head, found.start()), text.rfind(".\n", head, found.start())) + 1
        if _LEAD_IN_RE.match(text, max(sentence, head), found.start()) is not None:
            # "… to snapbox. For the complete list of pull requests, see #14039": the whole sentence
            return sentence if sentence > head else end
    return found.start()


_LEAD_IN_RE = re.compile(r"\s*(?:for|to|if|as|in)\b[^.]*$", re.I)


def _leading_markers(text: str, head: int, labels: list[str], ctx: Context | None) -> tuple[int, list[_Token] | None]:
    """Past the markers that open an entry at head, in the order formats write them: tags, scopes,
    areas, emoji, tracker keys. Their labels go to labels; returns where the entry goes on, and
    the keys' tokens."""
    keys: list[_Token] | None = None
    start = head
    while (markers := _MARKERS.get(text[head:head + 1])
                      or (_EMOJIS if "\u2600" <= text[head:head + 1] < "\U0001FB00" else None)) is not None:
        mm = None
        for marker in markers:  # the markers that start with this character, in the order formats write them
            if (mm := marker.match(text, head)) is not None:
                break
        if mm is None:
            break
        marker = mm.re
        if marker is _CHECKBOX_RE:
            pass
        elif marker is _TAG_RE:
            labels.append(mm["t"])
        elif marker is _AREAS_RE:
            labels.extend(a.strip() for a in mm["a"].split(",") if a.strip())
        elif marker is _BOLD_SCOPE_RE:
            scope = (mm["s"] or mm["s2"]).strip()
            if not _NOT_SCOPES_RE.match(scope):
                labels.append(scope)
            break  # the scope is part of the statement: "deps: update x"
        elif marker is _EMOJI_RE:
            if mm["e"] != "❗":
                labels.append(mm["e"])
        elif marker is _SHORTCODE_RE:
            labels.append(mm.group().rstrip())
        elif marker is _KEY_TAG_RE:
            keys = [*(keys or ()), (mm.start(), mm.end(), "", "ref", Ref("", mm["k"], "", "issue"))]
        elif marker is _EMPHASISED_SCOPE_RE or marker is _PAREN_SCOPE_RE:
            labels.append(mm["s"])
        elif marker is _SUBSTITUTION_RE:
            labels.append(mm["s"])  # "breaking" flags the entry
        elif marker is _BOLD_TYPE_RE:
            labels.append(mm["t"])  # as "**Fixed:** …" gives it
            break  # the word is part of the statement: "Added support for …"
        elif marker is _BOLD_TAG_RE:
            if _NOT_SCOPES_RE.match(mm["t"]):
                break  # "**NOTE** if you …", "**IMPORTANT** …": part of what the entry says
            labels.append(mm["t"])
            if mm["s"]:
                labels.extend(_scopes(mm["s"]))
        else:  # _SCOPE_TAG_RE
            scope = mm["c"] or mm["s"]
            if ctx is not None and ctx.defs and (
                    normalise_label(scope) in ctx.defs
                    or ((ref := _BRACKETS_RE.match(text, mm.end(1 if mm["c"] else 2) + 1)) is not None
                        and normalise_label(ref[1] or scope) in ctx.defs)):
                break  # "[Drawer]" or "[text][label]" defined below: a link, not a scope
            labels.extend(_scopes(scope))
        head = mm.end()
    if head > start and text.startswith(("- ", "– ", "— "), head):
        head += 2  # "[Helm] - We now use Helm 3": the dash only sets the tags apart
    return head, keys


def _scopes(scope: str) -> list[str]:
    """The parts a scope names: "jest-circus, jest-jasmine2" is two."""
    return [part.strip() for part in scope.split(",") if part.strip()] if "," in scope else [scope]


# A kind of change before the ref that opens an entry: "bug #65541 [Serializer] …", "feature #123 …"
_KIND_REFS = tuple(f"{kind} #" for kind in "bug feature security minor major enhancement improvement perf".split())
# or with a colon after the ref, as calens writes it: "Bugfix #1989: …", "Enh #1234: …"; not "Fix #12 crash"
_KIND_COLON_REF_RE = re.compile(r"(?:[Ff]ix|[Bb]ugfix|[Ee]nh(?:ancement)?|[Cc]hange|[Ss]ecurity) #\d+: ")
_SHORTCODE_END_RE = re.compile(r":[\w+-]{1,40}:$")  # "… :tada:"
# A warning sign that opens an entry marks what may break on upgrade; not over a note ("⚠️ Note: …")
_WARNING_MARK_RE = re.compile(r"(?:\u26a0\ufe0f?+|:warning:)(?!\s*(?:\*\*)?(?:note|known issue|tip)\b)", re.I)
# "[breaking]", "BREAKING-CHANGE:", and PHP's backward-compatibility breaks: "[BC]", "BC Break:", "[BC BREAK]"
_BREAKING_LABELS = frozenset(("breaking", "Breaking", "BREAKING", "breaking-change", "BREAKING-CHANGE", "BC",
                              "BREAK",  # "**BREAK** …", "BREAK: …"; "Break: fix debugger break" names a feature
                              "BC Break", "BC BREAK", "BC break", "BC Warning", "BC-break",
                              "💥", ":boom:"))  # gitmoji's "introduce breaking changes"

# A name or handle in parentheses or brackets that ends an entry: "(bartl)", "(Paul Vorbach)", "[Dav Glass]"
_PLAIN_CREDIT_RE = re.compile(
    r"[(\[](?P<name>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,3}|[A-Za-z0-9][\w.-]{1,38}(?:\[bot\])?)[)\]]")
_LIST_SPLIT_RE = re.compile(r",|\band\b")
# a ref by or via its author: "#952 via jamescrowley", "#6269 by griffio", "[8bc6214284](…) by Jane Doe"
_REF_BY_PART_RE = re.compile(r"(?P<ref>.+?)\s+(?:by|via)\s+(?P<who>@?[^\s].*)")
# a handle that ends in digits, not a version or a standard: "xudong963", not "arm64", "ES2015", "go1.21"
_HANDLE_WITH_DIGITS_RE = re.compile(
    r"(?!(?:python|java|node|ruby|perl|php|windows|win|arm|amd|utf|sha|ipv|http|gcc|clang|llvm|cuda|jdk|sdk|qt|gtk)\d)"
    r"[A-Za-z](?=[A-Za-z-]*[a-z])[A-Za-z-]{3,}\d+", re.I)
_FULL_NAME_RE = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]*){1,3}")
_REF_PART_RE = re.compile(  # "#2669", "PR [20492](…)", "[8bc6214284](…/commit/8bc6214284…)"
    r"(?:(?:PR|MR|[Ii]ssue)\s+)?\[?(?:[\w./-]*#|!)?\d+\]?(?:\([^()\s]*\))?|\[`?[0-9a-f]{7,40}`?\]\([^()\s]*\)")
_NAME_PART_RE = re.compile(r"[A-Za-z][\w.-]{1,38}|[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}(?: \([^()]{1,30}\))?")
# Whom thanks address that are no one to credit: "Thanks to everyone for …", "(thanks again!)"
_NOT_THANKED = ("all", "everyone", "everybody", "you", "them", "him", "her", "this", "that", "these", "those",
                "the", "our", "their", "it", "to", "again", "guys", "folks", "team")
# What says who did a change: "(Fix by Rodrigo Perera)", "Contributed by @illotum"
_DID_BY = r"(?:fix|fixed|patch|contributed|implemented|reported|suggested|submitted|authored|added) by "
# A paragraph of an entry that only says who made it: "Contributed by @illotum (AWS)."
_CREDIT_PARAGRAPH_RE = re.compile(
    rf"\n[ \t]*\n[ \t]*{_DID_BY}"
    r"(?P<who>@[\w-]+(?:(?:,| and|, and| &) @[\w-]+)*)(?: \((?P<org>[^()\n]{1,40})\))?\.?[ \t]*(?=\n|$)", re.I)
# A closing sentence of thanks: "Thanks, @mkadirtan for contributing!", "Thanks @a and @b for the fix! :tada:"
_THANKS_SENTENCE_RE = re.compile(
    r"(?:(?<=[.!?;])\s+|(?<=\n)(?:[ \t]*[-*+][ \t]+)?|^)"  # (also a nested bullet)
    r"(?:(?:[Mm]any|[Ss]pecial|[Bb]ig|[Hh]uge) thanks|[Tt]hanks|[Tt]hank you|[Tt]hx|[Kk]udos)"
    r"(?:\s+to)?,?\s+"
    r"(?P<who>@[\w-]+(?:(?:,| and|, and) @[\w-]+)*"
    # "thanks to [jane](https://github.com/jane)", "Thanks to team member [Jane](…)"
    r"|(?:[A-Za-z][\w-]* ){0,4}?\[[^\[\]\n]{1,40}\]\(https?://github\.com/[\w-]+/?\)"
    # "Thanks to Jan Gorecki for the PR.", "Thanks to Zythosec for the report": not "Thanks to Everyone for …"
    rf"|(?P<name>(?!(?:{'|'.join(w.capitalize() for w in _NOT_THANKED)})\b)"
    r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})(?= for |[.!]?$))"  # "… Thanks to Liu Wen."
    r"(?: for (?:\[[^\[\]\n]{1,80}\]\([^()\s]{1,300}\)|[^.!?\n\[]){1,120})?"  # "for the [pull request](…)"
    r"(?: respectively)?[.!]*(?:\s*:[a-z0-9_+-]+:)*\s*$")
# "(thanks, kpankonen!)", "(Thanks Jane Doe)": thanks in parentheses, by name or handle
_THANKS_PAREN_RE = re.compile(
    r"\s*\((?:[Tt]hanks|[Tt]hank you|[Tt]hx|[Kk]udos)(?: to)?,? "
    r"(?P<name>[A-Za-z][\w.'’-]*(?: [A-Z][\w'’-]+){0,2})!?\)$")
_HANDLES_RE = re.compile(r"@([\w-]+)")
_PROFILE_HANDLE_RE = re.compile(r"\]\(https?://github\.com/([\w-]+)/?\)")


def is_thanks(text: str) -> bool:
    """Whether a text is only a sentence of thanks that names whom it thanks ("Many thanks to
    Chris Kimpton for this contribution via pull request #68.")."""
    return "hank" in text and _THANKS_SENTENCE_RE.match(text.strip()) is not None


def _thanked(thanks: re.Match) -> list[str]:
    """Who a closing sentence of thanks credits: each handle in it ("Thanks to @a for reporting,
    and @b for the fix"), the person a profile link names, or a name."""
    if thanks["name"]:
        return [thanks["name"]]
    who = thanks["who"]
    if not who.startswith("@"):
        return _PROFILE_HANDLE_RE.findall(who)
    return _HANDLES_RE.findall(thanks.group())


# A name after the entry's refs in parentheses and a dash: "… - ([73e4a68](…)) - Zero" (git-cliff)
_DASH_AUTHOR_RE = re.compile(r"\)\s+[-–—]\s+(?P<name>[A-Za-z][\w'’.-]{0,38}(?: [A-Z][\w'’.-]*){0,3})$")
# A full name in parentheses before the closing ref: "(James M Snell)", not "(Databricks SQL)"
_CREDIT_BEFORE_REF_RE = re.compile(r"\s\((?P<name>[A-Z](?:[a-z'’-]+|\.?)(?: [A-Z](?:[a-z'’-]+|\.?)){1,3})\)\s*$")
# what a change is made by or via, when it is not someone: "(#12 via API)", "(#12 by request)"
_NOT_BY = frozenset(
    "api cli config configuration request requests default hand key keys date level name value type id index path"
    " url http https proxy env environment users user design mistake accident email mail hook hooks plugin".split())
_NOT_NAMES = _NOT_CREDITS | frozenset(
    "breaking security regression partial partially reverted backport backported experimental deprecated"
    " wip draft followup follow-up part internal refactor cleanup only windows linux macos optional ex".split())


def is_full_name(text: str) -> bool:
    """Whether text reads as a person's full name: "Andrew Hutchings", not "Windows Only"."""
    return _FULL_NAME_RE.fullmatch(text) is not None and _NOT_NAMES.isdisjoint(text.lower().split())


def _plain_credit(text: str, tokens: list[_Token], head: int, ctx: Context | None,
                  opened: bool = False) -> tuple[int, list[str]] | None:
    """Where a credit by name that ends text starts, and the names: after the entry's refs
    ("Fix X. !18199 (bartl)", "(#12) (Jane Doe)"), a handle in parentheses when refs opened the
    entry (opened: "bug #65541 [Serializer] Fix … (nicolas-grekas)"), a full name in brackets
    ("… [Dav Glass]"), or names beside refs in closing brackets ("(Benoit Tigeot, #2669)",
    "[#1315, barelyknown]", "(Shantanu, PR [20492](…))")."""
    at = _opening(text, max(head, len(text) - 160))
    if at <= head or text[at + 1:at + 2] == "@":  # "(@jane)": an author token already
        return None
    if (by_at := 4 if text.startswith("(by ", at) else _did_by(text, at)):
        # "(by Jed Mao)", "(by Anton Yakushev and Matija Marohnić)", "(Fix by Rodrigo Perera)"
        by = [n.strip() for n in _LIST_SPLIT_RE.split(text[at + by_at:-1])]
        return (at, by) if all(_NAME_PART_RE.fullmatch(n) for n in by) else None
    m = _PLAIN_CREDIT_RE.fullmatch(text, at)
    if m is None:
        names = _names_beside_refs(text[at + 1:-1])
        if names is None and text[-1] == ")" and len(people := _LIST_SPLIT_RE.split(text[at + 1:-1])) > 1:
            names = [n.strip() for n in people]  # "(Phil Hagelberg, Wayne Warren)": full names, two or more
            if not all(_FULL_NAME_RE.fullmatch(n) and _NOT_NAMES.isdisjoint(n.lower().split()) for n in names):
                names = None
        return None if names is None else (at, names)
    name = m["name"]
    words = name.split()
    if any(word.lower() in _NOT_NAMES for word in words):
        return None
    if len(words) > 1 and not (words[0][0].isupper() and words[-1][0].isupper()):
        return None  # "(see below)": words, not a name
    if tokens and tokens[-1][1] > at:
        return None  # "[SIG Network]", "[#12]": the brackets are a token of their own
    last = tokens[-1] if tokens else None
    after_ref = (last is not None and last[3] in _DECORATIONS and last[0] >= head
                 and not text[last[1]:at].strip(" \t)]"))
    if opened and text[-1] == ")":
        after_ref = True  # a name at the end of an entry that its refs opened
    if not after_ref and (text[-1] != "]" or len(words) < 2 or not all(word[0].isupper() for word in words)
                          or text[at - 1:at] in "]!" or bool(ctx and ctx.defs and normalise_label(name) in ctx.defs)):
        return None  # "[Dav Glass]" alone: a full name in brackets, not a link or a "[Windows]" tag
    return at, [name]


_DID_BY_RE = re.compile(rf"\({_DID_BY}", re.I)


def _did_by(text: str, at: int) -> int:
    """How long the words before the names are in "(Fix by Rodrigo Perera)" at `at`; 0 when none."""
    m = _DID_BY_RE.match(text, at)
    return 0 if m is None else m.end() - at


def _opening(text: str, low: int) -> int:
    """Where the bracket or paren that the last character of text closes opens (at low or after
    it), or -1: "(Shantanu, PR [20492](…))" opens at its first "("."""
    close = text[-1]
    opener = "(" if close == ")" else "["
    last = text.rfind(opener, low)
    if last < 0 or text.find(close, last, len(text) - 1) < 0:
        return last  # nothing nested: the last opener is it ("(bartl)", "(Benoit Tigeot, #2669)")
    depth = 0
    for at in range(len(text) - 1, low - 1, -1):
        char = text[at]
        if char == close:
            depth += 1
        elif char == opener:
            depth -= 1
            if depth == 0:
                return at
    return -1


def _names_beside_refs(inner: str) -> list[str] | None:
    """The names and handles in a list of refs and credits ("Benoit Tigeot, #2669", "#1315,
    barelyknown", "Sam Joseph, Matt Rider, @okothkongo1, #2586"); None unless it is one, with
    at least a ref and a name."""
    if inner.count(",") > 12 or ("#" not in inner and "PR" not in inner and "](" not in inner):
        return None
    names, refs = [], 0
    for part in _LIST_SPLIT_RE.split(inner):
        part = part.strip()
        if not part:
            continue
        if (by := _REF_BY_PART_RE.fullmatch(part)) is not None and _REF_PART_RE.fullmatch(by["ref"]):
            who = by["who"]
            if not (who[0] == "@" and _HANDLE_RE.fullmatch(who, 1)) and not (
                    _NAME_PART_RE.fullmatch(who) and who.lower() not in _NOT_NAMES and who.lower() not in _NOT_BY):
                return None
            refs += 1
            names.append(who.lstrip("@"))
        elif _REF_PART_RE.fullmatch(part):
            refs += 1
        elif part[0] == "@" and _HANDLE_RE.fullmatch(part, 1):
            names.append(part[1:])
        elif _NAME_PART_RE.fullmatch(part) and part.lower() not in _NOT_NAMES:
            names.append(part)
        else:
            return None
    return names if refs and names else None


_DECORATION_CHARS_RE = re.compile(r"[#@!]|\]\(|https?:")  # what a line's trailing refs or credits hold
_NEW_PART_RE = re.compile(r"[ \t]*(?:\n|[^\W\d_](?<=[^\W\d_a-z])|[-*+][ \t]|\*\*|\d{1,9}[.)][ \t]|`)")


def _starts_anew(text: str, at: int) -> bool:
    """Whether the line at `at` starts something new (a paragraph, a sentence, a list), not the
    rest of the sentence above it ("… (#509)\nas it was poorly supported")."""
    return _NEW_PART_RE.match(text, at) is not None


def _author_line(text: str) -> tuple[str, list[str]]:
    """An entry's last line that only names its authors ("*Jane Doe*, *John Roe*"), taken off."""
    if text[-1:] not in ("*", "_", "."):
        return text, []
    nl = text.rfind("\n")
    if nl < 0:
        return text, []
    line = text[nl + 1:].strip()
    if not (line.startswith(("*", "_")) and _AUTHOR_LINE_RE.fullmatch(line)):
        return text, []
    names = [n.strip() for group in _AUTHOR_NAME_RE.findall(line) for n in _AUTHOR_SPLIT_RE.split(group)]
    return text[:nl].rstrip(), [n for n in names if n]


def _lead_cluster(text: str, tokens: list[_Token], head: int, ctx: Context | None) -> int:
    """Past refs, hashes and credits that open an entry before " - " or ": ": "#77 0a1b2c3
    Thanks @jane! - text", "[#12](…) [`ab12cd3`](…) Thanks [@jane](…)! - text", "ab12cd34: text";
    and past refs that open it before its words: "[#18780](…) Prevent …"."""
    pos = head
    found, refs_only = False, True
    opened = 0  # parentheses opened between the refs and not closed
    extra: list[_Token] = []
    for t_start, t_end, _, kind, _ in tokens:
        if t_start < head:
            continue
        gap = text[pos:t_start]
        if not _LEAD_GAP_RE.fullmatch(gap) or kind not in ("ref", "author"):
            break
        extra += _hashes(gap, pos, ctx)
        opened += gap.count("(") - gap.count(")")
        pos, found, refs_only = t_end, True, refs_only and kind == "ref"
    while opened > 0 and text[pos:pos + 1] == ")":  # "[`8a676617`](…)([#7618](…)) Ensure …"
        pos, opened = pos + 1, opened - 1
    if not found and not _HASH_WORD_RE.match(text, head):
        return head
    m = _LEAD_END_RE.match(text, pos)
    if m is not None and _LEAD_GAP_RE.fullmatch(m["gap"]) and (found or m["gap"].strip()):
        hashes = _hashes(m["gap"], pos, ctx)
        if found or (hashes and m["sep"] == ":"):
            tokens[:0] = extra + hashes  # before every other token: they open the entry
            tokens.sort(key=lambda t: t[0])
            return m.end()
    if found and refs_only and text[pos:pos + 2] == ".\n":
        pos += 1  # "[#1321](…).\n\n  We finally have …": a line of refs, then the text
    if found and refs_only and text[pos:pos + 1] in (" ", "\n"):  # "[#18780](…) `aggregators` Prevent …": no separator
        rest = text[pos:pos + 40].split(None, 1)
        if (rest and rest[0].lower() not in _NOT_AFTER_LEAD and (rest[0][0].isalnum() or rest[0][0] in "`*_[")
                and not (rest[0].islower() and rest[0].endswith("s") and len(rest[0]) > 3 and rest[0].isalpha())):
            # not "[browser#1233](…) returns actionable errors": the ref is the sentence's subject
            tokens[:0] = extra
            tokens.sort(key=lambda t: t[0])
            return len(text) - len(text[pos:].lstrip())
    return head


def _hashes(gap: str, offset: int, ctx: Context | None) -> list[_Token]:
    """Commit hashes written bare between the opening refs."""
    return [(offset + h.start(), offset + h.end(), "", "ref", _commit_ref(h.group(), ctx))
            for h in _HASH_WORD_RE.finditer(gap) if not h.group().isdigit() and not h.group().isalpha()]
