"""The filter language shared by the command line, the window's filter box and saved filters.

    words              every word must occur (case-insensitive) in the summary, section,
                       authors, refs, labels or release; "a quoted phrase" as one word
    -word, NOT word    exclude;  a OR b  either;  ( ... )  group
    /regex/            a regular expression (case-insensitive; RE2 syntax, so matching takes time
                       linear in the text: no backreferences or lookaround; \\w \\d \\b are ASCII)
    project:calico     the project the notes are of (project:=calico: that name exactly)
    release:3.23       a version and its patch releases; release:>=3.22, release:<3.0,
                       release:3.20..3.23 (inclusive, by version order, not text order)
    section: author: label: (sig:) repo:   a part of the value; field:=value for all of it
    ref:5988  ref:bird#101                 a PR, issue or commit
    date:>=2022-01-01  date:2022-01..2022-06
    is:breaking  is:action-required  is:prerelease  is:unreleased  is:yanked
    has:ref  has:author  has:label

A malformed query raises QueryError with the position of the problem; so does one too long or
too deeply nested to be worth evaluating, never another exception.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from explorer.model import Change
from explorer.versions import version_key

Predicate = Callable[[Change, str], bool]  # (change, its casefolded search text)

FIELDS = ("project", "release", "section", "author", "label", "sig", "repo", "ref", "date", "is", "has")
_IS = {
    "breaking": lambda c: c.breaking,
    "action-required": lambda c: c.action_required,
    "prerelease": lambda c: c.release.prerelease,
    "unreleased": lambda c: c.release.unreleased,
    "yanked": lambda c: c.release.yanked,
}
_HAS = {"ref": lambda c: bool(c.refs), "author": lambda c: bool(c.authors), "label": lambda c: bool(c.labels)}
_MAX_DEPTH = 100  # nested parentheses, and stacked NOT / - (each a level of nesting)
_MAX_LENGTH = 10_000  # characters in a query; a longer one is surely not typed
_MAX_BOUND = 100  # characters in a release: or date: bound (int() refuses 4,300+ digits)
_TOKEN_RE = re.compile(
    r"\s*(?:(?P<open>\()|(?P<close>\))|(?P<quote>\")|(?P<regex>/)"
    r"|(?P<word>[^\s()\"]+))"
)
_COMPARISON_RE = re.compile(r"(>=|<=|>|<|=)?(.*)", re.S)  # always matches: a quoted value may hold a newline
_VALUE_RE = re.compile(r'[^\s()"]*')  # an unquoted field value
_PLAIN_WORD_RE = re.compile(r'"[^"]*"|[^\s()"\-/:][^\s()":]*')  # a word or phrase, no field, no -


class QueryError(ValueError):
    """A query that cannot be understood; position is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int):
        super().__init__(f"{message} (at position {position + 1})")
        self.message = message
        self.position = position


@dataclass
class Query:
    """A compiled query: its predicate, and what to highlight where it matched."""

    text: str
    predicate: Predicate
    words: list[str] = field(default_factory=list)
    regexes: list[BoundedRegex] = field(default_factory=list)
    # The source text of each term the query ANDs at its top level; empty when its top level is
    # an OR (then the whole query is one clause).
    clauses: list[str] = field(default_factory=list)
    # When the query is only words and phrases that must all occur: them, casefolded. Filters
    # can then test the text directly, and a longer such query narrows a shorter one's result.
    needles: list[str] | None = None
    # Casefolded text that the search text of every matching change contains (the words and
    # field values the top level ANDs): a quick test before the predicate.
    required: list[str] = field(default_factory=list)
    # Field values to highlight only in their field: {"section": ["bpf"], "author": ["fasaxc"]}.
    field_words: dict[str, list[str]] = field(default_factory=dict)

    @property
    def top_clauses(self) -> list[str]:
        """The top-level AND terms; the whole query as one when its top level is an OR."""
        return self.clauses or ([self.text.strip()] if self.text.strip() else [])

    def narrows(self, previous: Query) -> bool:
        """Whether every change this query matches is among those `previous` matched."""
        return (self.needles is not None and previous.needles is not None
                and self.text.startswith(previous.text) and bool(previous.text.strip()))

    def __call__(self, change: Change, text: str | None = None) -> bool:
        return self.predicate(change, search_text(change) if text is None else text)


def search_text(change: Change) -> str:
    """Everything a plain word matches: summary, section, authors, refs, labels, release."""
    return " \n".join(
        (
            change.summary,
            " / ".join(change.section),
            " ".join(change.authors),
            " ".join(ref.label for ref in change.refs),
            " ".join(change.labels),
            change.release.version,
        )
    ).casefold()


def compile_query(text: str) -> Query:
    """Parse a query; raise QueryError for one that cannot be understood."""
    return _Parser(text).parse()


def _always(_change: Change, _text: str) -> bool:
    return True


class _Parser:
    """Recursive descent over tokens: or_expr := and_expr (OR and_expr)*; and_expr := unary+."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.depth = 0
        self.words: list[str] = []
        self.regexes: list[BoundedRegex] = []
        self.negated = 0
        self.spans: list[tuple[int, int]] = []
        self.top_or = False
        self.required: list[str] = []
        self.field_words: dict[str, list[str]] = {}

    def parse(self) -> Query:
        if len(self.text) > _MAX_LENGTH:
            raise QueryError(f"the query is too long (over {_MAX_LENGTH:,} characters)", _MAX_LENGTH)
        if not self.text.strip():
            return Query(self.text, _always)
        predicate = self._or()
        self._skip_space()
        if self.pos < len(self.text):
            raise QueryError("unexpected ')'", self.pos)
        clauses = [] if self.top_or else [self.text[a:b].strip() for a, b in self.spans]
        plain = not self.top_or and not self.regexes and all(_PLAIN_WORD_RE.fullmatch(c) for c in clauses)
        needles = [w.casefold() for w in self.words] if plain else None
        required = [] if self.top_or else self.required
        return Query(self.text, predicate, self.words, self.regexes, clauses, needles, required, self.field_words)

    # -- grammar --------------------------------------------------------------------------
    def _or(self) -> Predicate:
        parts = [self._and()]
        while self._peek_keyword("OR"):
            self.top_or = self.top_or or self.depth == 0
            self._take_keyword("OR")
            if self._at_end_of_group():
                raise QueryError("OR needs a term after it", self.pos)
            parts.append(self._and())
        if len(parts) == 1:
            return parts[0]
        return lambda c, t: any(p(c, t) for p in parts)

    def _and(self) -> Predicate:
        parts = []
        while not self._at_end_of_group() and not self._peek_keyword("OR"):
            start = self.pos
            parts.append(self._unary())
            if self.depth == 0:
                self.spans.append((start, self.pos))
        if not parts:
            message = "OR needs a term before it" if self._peek_keyword("OR") else "a term is missing here"
            raise QueryError(message, self.pos)
        if len(parts) == 1:
            return parts[0]
        return lambda c, t: all(p(c, t) for p in parts)

    def _unary(self) -> Predicate:
        # Stacked NOT / - are counted in a loop, not by recursion: a thousand of them must give
        # a QueryError, not a RecursionError, and the predicate holds at most one `not`.
        negations = 0
        while True:
            self._skip_space()
            op_start = self.pos
            if self._peek_keyword("NOT"):
                self._take_keyword("NOT")
            elif self.text.startswith("-", self.pos) and self.pos + 1 < len(self.text) \
                    and not self.text[self.pos + 1].isspace():
                self.pos += 1
            else:
                break
            negations += 1
            if negations > _MAX_DEPTH:
                raise QueryError("too deeply nested (too many NOT or '-' in a row)", op_start)
            start = self.pos
            self._skip_space()
            if self._at_end_of_group():
                raise QueryError("NOT needs a term after it", start)
        if not negations:
            return self._atom()
        self.negated += 1
        inner = self._atom()
        self.negated -= 1
        if negations % 2 == 0:
            return inner
        return lambda c, t: not inner(c, t)

    def _atom(self) -> Predicate:
        self._skip_space()
        start = self.pos
        m = _TOKEN_RE.match(self.text, self.pos)
        if not m or m.end() == start:
            raise QueryError("a term is missing here", start)
        if m.group("open"):
            self.depth += 1
            if self.depth > _MAX_DEPTH:
                raise QueryError("too deeply nested (too many nested parentheses)", start)
            self.pos = m.end()
            self._skip_space()
            if self.pos >= len(self.text):
                raise QueryError("'(' is not closed", start)
            inner = self._or()
            self._skip_space()
            if not self.text.startswith(")", self.pos):
                raise QueryError("'(' is not closed", start)
            self.pos += 1
            self.depth -= 1
            return inner
        if m.group("close"):
            raise QueryError("unexpected ')'", start)
        if m.group("quote"):
            phrase = self._quoted(m.end() - 1)
            return self._word(phrase)
        if m.group("regex"):
            return self._regex(m.end() - 1)
        word = m.group("word")
        name, colon, rest = word.partition(":")
        if colon and name.lower() in FIELDS:
            self.pos = m.start("word") + len(name) + 1
            return self._field(name.lower(), m.start("word"))
        if colon and name.isalpha() and rest and not rest.startswith("/"):
            raise QueryError(f"unknown field '{name}:' (fields: {', '.join(FIELDS)})", m.start("word"))
        self.pos = m.end()
        return self._word(word)

    # -- terms ----------------------------------------------------------------------------
    def _quoted(self, start: int) -> str:
        end = self.text.find('"', start + 1)
        if end < 0:
            raise QueryError('the quote is not closed', start)
        self.pos = end + 1
        return self.text[start + 1:end]

    def _regex(self, start: int) -> Predicate:
        end = start + 1
        while end < len(self.text) and self.text[end] != "/":
            end += 2 if self.text[end] == "\\" else 1
        if end >= len(self.text):
            raise QueryError("the regular expression is not closed with '/'", start)
        # "\/" stays as it is: both RE2 and Python's re read it as "/", and error positions
        # in the source are then positions in the query.
        source = self.text[start + 1:end]
        if not source:
            raise QueryError("the regular expression is empty", start)
        pattern = _compile_regex(source, start + 1)
        self.pos = end + 1
        if not self.negated:
            self.regexes.append(pattern)
        return lambda c, t: pattern.matches(t)

    def _word(self, word: str) -> Predicate:
        needle = word.casefold()
        if not needle:
            return _always
        if not self.negated:
            self.words.append(word)
            if self.depth == 0:
                self.required.append(needle)
        return lambda c, t: needle in t

    def _value(self, field_start: int) -> str:
        if self.text.startswith('"', self.pos):
            return self._quoted(self.pos)
        m = _VALUE_RE.match(self.text, self.pos)
        assert m is not None  # * matches where nothing does
        self.pos = m.end()
        if self.text.startswith('"', self.pos) and m.group().endswith(("=", ">", "<", "..")):
            return m.group() + self._quoted(self.pos)
        return m.group()

    def _field(self, name: str, start: int) -> Predicate:
        value_start = self.pos
        value = self._value(start)
        if not value:
            raise QueryError(f"'{name}:' needs a value", value_start)
        if name == "release":
            return _release_predicate(value, value_start)
        if name == "date":
            return _date_predicate(value, value_start)
        if name == "is":
            is_test = _IS.get(value.lower())
            if is_test is None:
                raise QueryError(f"unknown 'is:' value (use {', '.join(_IS)})", value_start)
            return lambda c, t: is_test(c)
        if name == "has":
            has_test = _HAS.get(value.lower())
            if has_test is None:
                raise QueryError(f"unknown 'has:' value (use {', '.join(_HAS)})", value_start)
            return lambda c, t: has_test(c)
        if name == "ref":
            return _ref_predicate(value)
        exact = value.startswith("=")
        needle = (value[1:] if exact else value).casefold()
        if not needle:
            raise QueryError(f"'{name}:' needs a value", value_start)
        if name == "project":  # not in the search text: a plain word never matches a project's name
            if exact:
                return lambda c, t: c.release.project.casefold() == needle
            return lambda c, t: needle in c.release.project.casefold()
        if not self.negated and not exact:
            self.field_words.setdefault(name, []).append(needle)
        if not self.negated and self.depth == 0:
            self.required.append(needle)
        getter = _FIELD_VALUES[name]
        # t, the search text, holds every field value casefolded: most changes fail the quick
        # test `needle in t`, and only the others have their values looked at.
        if exact:
            return lambda c, t: needle in t and any(v.casefold() == needle for v in getter(c))
        return lambda c, t: needle in t and any(needle in v.casefold() for v in getter(c))

    # -- tokens ---------------------------------------------------------------------------
    def _skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _peek_keyword(self, keyword: str) -> bool:
        self._skip_space()
        end = self.pos + len(keyword)
        return self.text.startswith(keyword, self.pos) and (end == len(self.text) or self.text[end].isspace()
                                                            or self.text[end] in "()")

    def _take_keyword(self, keyword: str) -> None:
        self._skip_space()
        self.pos += len(keyword)

    def _at_end_of_group(self) -> bool:
        self._skip_space()
        return self.pos >= len(self.text) or self.text[self.pos] == ")"


_FIELD_VALUES: dict[str, Callable[[Change], Sequence[str]]] = {
    "section": lambda c: (" / ".join(c.section),),
    "author": lambda c: c.authors,
    "label": lambda c: c.labels,
    "sig": lambda c: c.labels,
    "repo": lambda c: [r.repo for r in c.refs],
}


# -- regular expressions --------------------------------------------------------------------
@functools.cache
def _re2_options():
    """RE2's options for finding matches and for a yes/no test; RE2 is imported by the first
    regular expression, not by the window's start."""
    import re2

    find = re2.Options()
    find.case_sensitive = False
    find.log_errors = False  # RE2 logs every refused pattern to stderr; the QueryError says it
    test = re2.Options()  # for a yes/no test: no groups to track, about twice as fast
    test.case_sensitive = False
    test.log_errors = False
    test.never_capture = True
    return find, test


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# What RE2 refuses that Python's re accepts, by the start of RE2's error (its fragment follows).
_UNSUPPORTED = (
    ("invalid escape sequence: \\Z", "'\\Z' is not supported (use \\z)"),
    ("invalid escape sequence: \\u", "'\\u' escapes are not supported (use \\x{...})"),
    ("invalid escape sequence: \\U", "'\\U' escapes are not supported (use \\x{...})"),
    ("invalid escape sequence: \\N", "'\\N{...}' escapes are not supported (use \\x{...})"),
    ("invalid perl operator: (?=", "lookahead '(?=' is not supported"),
    ("invalid perl operator: (?!", "lookahead '(?!' is not supported"),
    ("invalid perl operator: (?<=", "lookbehind '(?<=' is not supported"),
    ("invalid perl operator: (?<!", "lookbehind '(?<!' is not supported"),
    ("invalid perl operator: (?P", "backreferences '(?P=name)' are not supported"),
    ("invalid perl operator: (?>", "atomic groups '(?>' are not supported"),
    ("invalid perl operator: (?(", "conditionals '(?(' are not supported"),
    ("invalid perl operator: (?#", "comments '(?#' are not supported"),
    ("invalid perl operator", "this '(?' group or flag is not supported (flags: i, m, s, U)"),
    ("bad repetition operator", "possessive quantifiers are not supported"),
    ("invalid repetition size", "repetition counts above 1000 in all are not supported"),
    ("pattern too large", "the regular expression is too large"),
)


class BoundedRegex:
    """A case-insensitive RE2 pattern with the search/finditer of re.Pattern used here."""

    __slots__ = ("_regexp", "_test", "pattern")

    def __init__(self, pattern: str):
        import re2

        self.pattern = pattern
        find, test = _re2_options()
        self._regexp = re2.compile(pattern, find)
        self._test = re2.compile(pattern, test)

    def matches(self, text: str) -> bool:
        """Whether the pattern occurs in text: what a filter asks of every change."""
        # UTF-8 bytes skip the wrapper's character-offset bookkeeping; "surrogatepass" lets a
        # lone surrogate (JSON sources can hold one) through as bytes that match nothing.
        return self._test.search(text.encode("utf-8", "surrogatepass")) is not None

    # The wrapper encodes str to UTF-8, which a lone surrogate cannot be; U+FFFD in its place
    # keeps every offset.
    def search(self, text: str):
        try:
            return self._regexp.search(text)
        except UnicodeEncodeError:
            return self._regexp.search(_SURROGATE_RE.sub("\ufffd", text))

    def finditer(self, text: str):
        try:
            return iter(list(self._regexp.finditer(text)))
        except UnicodeEncodeError:
            return iter(list(self._regexp.finditer(_SURROGATE_RE.sub("\ufffd", text))))

    def __repr__(self) -> str:
        return f"BoundedRegex({self.pattern!r})"


def _compile_regex(source: str, position: int) -> BoundedRegex:
    """Compile with RE2; a refused pattern gives a QueryError at `position` + its offset."""
    # RE2, not Python's re: matching is linear in the text, so no pattern backtracks for minutes;
    # a timeout (the regex module) would spend its budget on every change, and fail good queries.
    import re2

    try:
        return BoundedRegex(source)
    except UnicodeEncodeError as exc:
        raise QueryError("the regular expression holds a character that is not valid text",
                         position + exc.start) from None
    except re2.error as exc:
        reason = exc.args[0].decode("utf-8", "replace") if exc.args and isinstance(exc.args[0], bytes) \
            else str(exc)
    # Python's re says where a plain syntax error is; compiling there is safe (only matching
    # backtracks), and only patterns RE2 refused get here.
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: RE2 has the say
            warnings.simplefilter("ignore")
            re.compile(source)
    except re.error as exc:
        raise QueryError(f"bad regular expression: {exc.msg}", position + (exc.pos or 0)) from None
    except (RecursionError, OverflowError, ValueError):
        raise QueryError("the regular expression is too complex", position) from None
    fragment = reason.partition(": ")[2]
    message = next((m for prefix, m in _UNSUPPORTED if reason.startswith(prefix)), None)
    if message is None and reason.startswith("invalid escape sequence"):
        message = (f"backreferences ('{fragment}') are not supported" if fragment[1:].isdigit()
                   else f"the escape '{fragment}' is not supported")
    if message is None:
        message = f"not supported: {reason}"
    offset = source.find("(?P=" if fragment == "(?P" else fragment) if fragment else -1
    raise QueryError(message, position + max(offset, 0))


def _ref_predicate(value: str) -> Predicate:
    repo, sep, number = value.lstrip("#").rpartition("#") if "#" in value.lstrip("#") else ("", "", value.lstrip("#"))
    repo, number = repo.casefold(), number.casefold()
    if number.isdigit() or (sep and number):
        return lambda c, t: any(r.number.casefold() == number and (not repo or r.repo.casefold() == repo)
                                for r in c.refs)
    return lambda c, t: any(number in r.label.casefold() or number in r.url.casefold() for r in c.refs)


# -- release and date comparisons -----------------------------------------------------------
_VERSION_BOUND_RE = re.compile(r"v?(\d+(?:\.\d+)*)(.*)", re.IGNORECASE)


def _shown(text: str) -> str:
    """A value as an error message quotes it: its start when it is long."""
    return text if len(text) <= 40 else text[:40] + "…"


def _version_bound(text: str, position: int) -> tuple[tuple[int, ...], tuple]:
    """A bound's numbers, and its whole sort key when it names one release (3+ parts or a
    pre-release); "3.23" names a series, compared at its own precision."""
    if len(text) > _MAX_BOUND:
        raise QueryError(f"version too long (at most {_MAX_BOUND} characters)", position + _MAX_BOUND)
    m = _VERSION_BOUND_RE.fullmatch(text.strip())
    if not m:
        raise QueryError(f"'{_shown(text)}' is not a version", position)
    nums = tuple(int(p) for p in m.group(1).split("."))
    return nums, (version_key(text) if m.group(2) or len(nums) >= 3 else ())


def _has_version(change: Change) -> bool:
    """"Unreleased" and releases named after their file have no version to compare."""
    nums = change.release.sort_key[0]
    return bool(nums) and nums[0] != float("inf")


def _compare_version(op: str, nums: tuple[int, ...], full: tuple) -> Callable[[Change], bool]:
    """A series compares at its precision: release:<=3.23 takes in 3.23.5, release:>3.23 does not."""
    n = len(nums)
    ops = {
        "=": lambda a, b: a == b, ">": lambda a, b: a > b, "<": lambda a, b: a < b,
        ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b,
    }[op]
    if full:  # one release: whole versions compare, so 3.10.0-rc.1 comes before 3.10.0
        return lambda c: _has_version(c) and ops(c.release.sort_key, full)

    def test(c: Change) -> bool:
        key = c.release.sort_key
        return _has_version(c) and ops(key[0][:n], nums)

    return test


def _comparison(value: str) -> tuple[str | None, str]:
    """A field value's comparison operator (None: there is none) and what it compares with."""
    m = _COMPARISON_RE.fullmatch(value)
    assert m is not None  # (.*) with re.S takes any rest
    return m[1], m[2]


def _release_predicate(value: str, position: int) -> Predicate:
    if ".." in value:
        low, _, high = value.partition("..")
        tests = []
        if low:
            tests.append(_compare_version(">=", *_version_bound(low, position)))
        if high:
            tests.append(_compare_version("<=", *_version_bound(high, position + len(low) + 2)))
        if not tests:
            raise QueryError("a range needs a start or an end", position)
        return lambda c, t: all(test(c) for test in tests)
    op, bound = _comparison(value)
    nums, full = _version_bound(bound, position + len(op or ""))
    test = _compare_version(op or "=", nums, full)
    return lambda c, t: test(c)


_DATE_BOUND_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _date_bound(text: str, position: int) -> str:
    if len(text) > _MAX_BOUND:
        raise QueryError("date too long (use YYYY, YYYY-MM or YYYY-MM-DD)", position + _MAX_BOUND)
    if not _DATE_BOUND_RE.fullmatch(text):
        raise QueryError(f"'{_shown(text)}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", position)
    return text


def _compare_date(op: str, bound: str) -> Callable[[Change], bool]:
    n = len(bound)
    ops = {
        "=": lambda a: a == bound, ">": lambda a: a > bound, "<": lambda a: a < bound,
        ">=": lambda a: a >= bound, "<=": lambda a: a <= bound,
    }[op]
    return lambda c: bool(c.release.date) and ops(c.release.date[:n])


def _date_predicate(value: str, position: int) -> Predicate:
    if ".." in value:
        low, _, high = value.partition("..")
        tests = []
        if low:
            tests.append(_compare_date(">=", _date_bound(low, position)))
        if high:
            tests.append(_compare_date("<=", _date_bound(high, position + len(low) + 2)))
        if not tests:
            raise QueryError("a range needs a start or an end", position)
        return lambda c, t: all(test(c) for test in tests)
    op, bound = _comparison(value)
    test = _compare_date(op or "=", _date_bound(bound, position + len(op or "")))
    return lambda c, t: test(c)


# -- editing a query's top-level clauses (facets and the version pickers write these) ------------
def quote_value(value: str) -> str:
    return f'"{value}"' if re.search(r'[\s()"]', value) or not value else value


def facet_clause(name: str, values: Sequence[str]) -> str:
    """author:=a, or (author:=a OR author:=b): what ticking facet entries means."""
    terms = [f"{name}:={quote_value(v)}" for v in values]
    if len(terms) <= 1:
        return terms[0] if terms else ""
    return "(" + " OR ".join(terms) + ")"


def _facet_values(clause: str, name: str) -> list[str] | None:
    """The values of a clause that facet_clause(name, ...) wrote, or None for any other clause."""
    inner = clause[1:-1] if clause.startswith("(") and clause.endswith(")") else clause
    values = []
    for term in re.split(r"\s+OR\s+", inner.strip()):
        m = re.fullmatch(rf'{name}:=(?:"([^"]*)"|([^\s()"]+))', term)
        if not m:
            return None
        values.append(m.group(1) if m.group(1) is not None else m.group(2))
    return values


def clauses_of(text: str) -> list[str]:
    """The top-level AND terms of a query; one clause when it is an OR or cannot be parsed."""
    try:
        return compile_query(text).top_clauses
    except QueryError:
        return [text.strip()] if text.strip() else []


def facet_values(clauses: Sequence[str], name: str) -> list[str]:
    """The values ticked for a facet among a query's clauses."""
    for clause in clauses:
        values = _facet_values(clause, name)
        if values is not None:
            return values
    return []


def with_facet(text: str, name: str, values: Sequence[str]) -> str:
    """The query with its clause for one facet replaced (or removed when no value is ticked)."""
    kept = [c for c in clauses_of(text) if _facet_values(c, name) is None]
    clause = facet_clause(name, values)
    return " ".join(kept + ([clause] if clause else []))


def without_clause(text: str, name: str) -> str:
    """The query without its facet clause for name: what the facet's own counts are under."""
    return " ".join(c for c in clauses_of(text) if _facet_values(c, name) is None)


_RANGE_CLAUSE_RE = re.compile(r"release:(>|<=)(\S+)")


def version_range(clauses: Sequence[str]) -> tuple[str, str]:
    """The (from, to) versions of the upgrade-range clauses release:>FROM and release:<=TO."""
    low = high = ""
    for clause in clauses:
        m = _RANGE_CLAUSE_RE.fullmatch(clause)
        if m and m.group(1) == ">":
            low = m.group(2)
        elif m:
            high = m.group(2)
    return low, high


def with_version_range(text: str, low: str, high: str) -> str:
    """Every change after `low` up to and including `high`, in place of a previous range."""
    kept = [c for c in clauses_of(text) if not _RANGE_CLAUSE_RE.fullmatch(c)]
    return " ".join(kept + ([f"release:>{low}"] if low else []) + ([f"release:<={high}"] if high else []))


_GROUP_RE = re.compile(r'\(project:=("[^"]*"|[^\s()"]+)((?: release:(?:>|<=)\S+?)*)\)')


def _quoted(value: str) -> str:
    return value if re.fullmatch(r'[^\s()"]+', value) else '"' + value.replace('"', "") + '"'


def _ranges_in(clause: str) -> dict[str, tuple[str, str]] | None:
    """The per-project ranges one clause holds: "(project:=a release:>1 release:<=2)" or
    several such groups ORed in parentheses; None for any other clause."""
    inner = clause[1:-1] if clause.startswith("((") and clause.endswith("))") else clause
    ranges: dict[str, tuple[str, str]] = {}
    for part in inner.split(") OR ("):
        part = part if part.startswith("(") else "(" + part
        part = part if part.endswith(")") else part + ")"
        m = _GROUP_RE.fullmatch(part)
        if m is None:
            return None
        ranges[m[1].strip('"')] = version_range(m[2].split())
    return ranges


def upgrade_ranges(clauses: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The (from, to) upgrade range of each project among a query's clauses, by project name."""
    for clause in clauses:
        ranges = _ranges_in(clause)
        if ranges is not None:
            return ranges
    return {}


def with_upgrade_ranges(text: str, ranges: dict[str, tuple[str, str]]) -> str:
    """The query with its upgrade ranges replaced: each project's changes after its `from` up to
    its `to`, "(project:=a release:>1 release:<=2) OR (project:=b …)"."""
    kept = [c for c in clauses_of(text) if _ranges_in(c) is None and not _RANGE_CLAUSE_RE.fullmatch(c)]
    groups = [f"(project:={_quoted(name)}" + (f" release:>{low}" if low else "")
              + (f" release:<={high}" if high else "") + ")" for name, (low, high) in ranges.items() if low or high]
    clause = "" if not groups else groups[0] if len(groups) == 1 else "(" + " OR ".join(groups) + ")"
    return " ".join(kept + ([clause] if clause else []))
