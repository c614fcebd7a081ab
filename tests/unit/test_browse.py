"""The table model filters as the query language says, with its quick tests first."""

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.browse import matching
from explorer.parse import parse_text
from explorer.query import compile_query, search_text
from tests.unit.test_query import _TERMS, NOTES

CHANGES = parse_text(NOTES).changes
TEXTS = [search_text(c) for c in CHANGES]


@settings(max_examples=300)
@given(st.lists(_TERMS, min_size=1, max_size=3).map(" ".join))
def test_the_quick_test_before_the_predicate_keeps_every_match(text):
    query = compile_query(text)
    expected = [i for i, c in enumerate(CHANGES) if query(c)]
    assert matching(CHANGES, TEXTS, query, range(len(CHANGES))) == expected
