"""The query language: terms, fields, comparisons, errors with positions, and its laws."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.browse import select
from explorer.parse import parse_text
from explorer.query import QueryError, compile_query

NOTES = """\
## v3.10.0 - 2024-06-01

### Bug fixes

- ebpf: fix conntrack [calico #10](https://github.com/p/calico/pull/10) (@fasaxc)
- Fix Windows HNS leak [bird #3](https://github.com/p/bird/pull/3) (@lmm)

### Breaking changes

- Remove the v1 API [calico #11](https://github.com/p/calico/pull/11) (@lmmx)

## v3.9.0 - 2023-12-01

- **Breaking change:** drop IPv4-only mode [calico #9](https://github.com/p/calico/pull/9)
- Action required: rotate the keys (@fasaxc)

## v3.10.0-rc.1 - 2024-05-01

- Preview of conntrack cleanup [calico #8](https://github.com/p/calico/pull/8) (@petra)
"""


@pytest.fixture(scope="module")
def changes():
    return parse_text(NOTES, "CHANGELOG.md").changes


def ids(changes, query):
    return [c.summary.split()[0] + str(len(c.summary)) for c in select(changes, query)]


def count(changes, query):
    return len(select(changes, query))


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 6), ("fix", 2), ("FIX conntrack", 1), ('"hns leak"', 1), ("conntrack -preview", 1),
        ("conntrack NOT preview", 1), ("windows OR preview", 2), ("(windows OR preview) fasaxc", 0),
        ("/ipv\\d/", 1), ("/^remove/", 1), ("section:bug", 2), ('section:"breaking changes"', 1),
        ("author:lmm", 2), ("author:=lmm", 1), ("author:FASAXC", 2), ("repo:bird", 1), ("ref:10", 1),
        ("ref:bird#3", 1), ("ref:calico#3", 0), ("ref:#11", 1), ("label:ebpf", 1), ("sig:ebpf", 1),
        ("is:breaking", 2), ("is:action-required", 1), ("is:prerelease", 1), ("has:ref", 5),
        ("has:author", 5), ("-has:author", 1), ("has:label", 1),
        ("release:3.10", 4), ("release:v3.10.0", 3), ("release:3.9", 2), ("release:>3.9", 4),
        ("release:>=3.10", 4), ("release:<3.10", 2), ("release:<=3.9.0", 2),
        ("release:3.9..3.10", 6), ("release:3.9.1..", 4), ("release:..3.9", 2),
        ("release:>=3.10.0-rc.1", 4), ("release:>3.10.0-rc.1", 3),
        ("date:2024", 4), ("date:>=2024-06-01", 3), ("date:2023-12..2024-05", 3), ("date:<2024", 2),
        ("v3.9.0", 2),
    ],
)
def test_queries(changes, query, expected):
    assert count(changes, query) == expected


def test_release_order_is_by_version_not_text(changes):
    """Text order would put "3.10" before "3.9"."""
    assert {c.release.version for c in select(changes, "release:>3.9.0")} == {"v3.10.0", "v3.10.0-rc.1"}


@pytest.mark.parametrize(
    "query, position, message",
    [
        ('"open', 0, "the quote is not closed"),
        ("(a b", 0, "'(' is not closed"),
        ("a b)", 3, "unexpected ')'"),
        ("a /x", 2, "not closed with '/'"),
        ("/[a/", 1, "bad regular expression"),
        ("autor:x", 0, "unknown field 'autor:'"),
        ("release:abc", 8, "'abc' is not a version"),
        ("release:>=x", 10, "'x' is not a version"),
        ("date:2022-1", 5, "is not a date"),
        ("a OR", 4, "OR needs a term after it"),
        ("OR a", 0, "OR needs a term before it"),
        ("a NOT", 5, "NOT needs a term after it"),
        ("is:nice", 3, "unknown 'is:' value"),
        ("section:", 8, "'section:' needs a value"),
        ("()", 1, "a term is missing here"),
        ("(" * 200 + "a" + ")" * 200, 100, "too many nested parentheses"),
        ('release:"1\n2"', 8, "is not a version"),  # a quoted value may hold a line break
        ('date:"2024\n"', 5, "is not a date"),
    ],
)
def test_errors_point_at_the_problem(query, position, message):
    with pytest.raises(QueryError) as exc:
        compile_query(query)
    assert exc.value.position == position
    assert message in exc.value.message
    assert str(exc.value).endswith(f"(at position {position + 1})")


def test_highlight_terms_are_the_positive_words_and_regexes_and_field_values_apart():
    query = compile_query('ebpf "hns leak" -windows author:fasaxc /ipv\\d/ NOT (x OR y) section:BPF -label:x')
    assert query.words == ["ebpf", "hns leak"]
    assert [r.pattern for r in query.regexes] == ["ipv\\d"]
    assert query.field_words == {"author": ["fasaxc"], "section": ["bpf"]}


_ALPHABET = st.sampled_from([*'ab ()"/-:.<>=#@\\*+?[]{}^$|', "OR", "NOT", "release:", "date:", "is:",
                              "section:", "ref:", "author:=", "..", "3.10", "2024", "fix", "ebpf"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=40), st.lists(_ALPHABET, max_size=12).map("".join)))
def test_any_text_parses_or_gives_a_positioned_error(changes, text):
    compiles_or_says_where(changes, text)


def compiles_or_says_where(changes, text):
    """A query compiles and runs on every change, or raises QueryError at a place in it."""
    try:
        query = compile_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text)
        return
    for change in changes:
        query(change)


_TERMS = st.sampled_from(["fix", "conntrack", "-preview", "author:lmm", "is:breaking", "release:>3.9",
                          "/ipv\\d/", '"hns leak"', "section:bug", "repo:calico", "date:2024",
                          "(fix OR remove)", "NOT ebpf", "has:ref", "zzz"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TERMS, _TERMS)
def test_or_widens_and_and_narrows(changes, a, b):
    base = count(changes, a)
    assert count(changes, f"{a} OR {b}") >= base
    assert count(changes, f"{a} {b}") <= base


@pytest.mark.parametrize("text, required", [
    ("author:Fasaxc ebpf", ["fasaxc", "ebpf"]),
    ("section:=\"Bug fixes\" -windows", ["bug fixes"]),
    ("(a OR b) c", ["c"]),
    ("a OR b", []),
    ("NOT x y is:breaking ref:5988 /ipv6/", ["y"]),
])
def test_required_text_is_what_every_match_must_contain(text, required):
    assert compile_query(text).required == required

