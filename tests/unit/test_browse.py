"""The table model filters as the query language says, with its quick tests first."""

from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.browse import Column, cell_text, matching, rows_by_rank, sort_ranks
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


SORTING = parse_text("""# v2.0.0
## Bug fixes
- Fix the Route sync (@bob)
- fix the route sync (@alice) #12
- Add IPv6 (@alice, @bob)
## Features
- Fix the route sync (@carol) [calico #7](https://github.com/projectcalico/calico/pull/7)
- Zebra (@alice)
# v1.10.0
## Bug fixes
- Add IPv6 (@bob)
- Älter (@Zed)
""").changes


def _order(ranks):
    return sorted(range(len(ranks)), key=ranks.__getitem__)


def test_each_sort_order_is_its_columns_text_with_ties_in_document_order():
    for column in Column:
        if column in (Column.RELEASE, Column.DATE, Column.REFS):
            continue  # by version, date and ref number: not by their text
        expected = sorted(range(len(SORTING)), key=lambda i, col=column: cell_text(SORTING[i], col).casefold())
        assert _order(sort_ranks(SORTING, column)) == expected, column.name
    by_release = _order(sort_ranks(SORTING, Column.RELEASE))
    assert [SORTING[i].release.version for i in by_release] == ["v1.10.0"] * 2 + ["v2.0.0"] * 5


def test_the_summary_order_from_search_texts_sorts_by_summary_then_by_section_and_authors():
    texts = [search_text(c) for c in SORTING]
    order = _order(sort_ranks(SORTING, Column.SUMMARY, texts))
    summaries = [SORTING[i].summary.casefold() for i in order]
    assert summaries == sorted(summaries)
    fixes = [(SORTING[i].section[-1], SORTING[i].authors) for i in order
             if "route sync" in SORTING[i].summary.casefold()]
    assert fixes == [("Bug fixes", ("alice",)), ("Bug fixes", ("bob",)), ("Features", ("carol",))]
    assert _order(sort_ranks(SORTING, Column.SUMMARY, texts[:-1])) == _order(sort_ranks(SORTING, Column.SUMMARY))


@given(st.permutations(range(40)))
def test_rows_by_rank_are_the_rows_sorted_by_their_ranks(ranks):
    assert list(rows_by_rank(ranks)) == sorted(range(len(ranks)), key=ranks.__getitem__)
