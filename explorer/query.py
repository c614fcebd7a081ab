"""The filter language shared by the command line and the window."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from explorer.model import Change


class QueryError(ValueError):
    """A query that cannot be understood; position is the 0-based offset of the problem."""

    def __init__(self, message: str, position: int):
        super().__init__(f"{message} (at position {position + 1})")
        self.position = position


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


def compile_query(text: str) -> Callable[[str], bool]:
    """A predicate over a change's search text: every word of the query must occur."""
    words = text.casefold().split()
    return lambda haystack: all(word in haystack for word in words)


def filter_changes(changes: Iterable[Change], query: str) -> list[Change]:
    match = compile_query(query)
    return [c for c in changes if match(search_text(c))]
