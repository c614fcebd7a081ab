"""Coverage-guided fuzzing of the query language with atheris: compile, then run on a few changes.

    pip install atheris
    python tests/fuzz_query.py -max_total_time=600 -timeout=10 -rss_limit_mb=4096 [CORPUS_DIR]

A query must compile or raise QueryError with a position inside it, and a compiled one must run
on every change and highlight without raising. Any input that raises, takes over 10 s or exhausts
memory is written to crash-*/timeout-* files; add each one to tests/unit/test_query_safety.py.
"""

import sys

import atheris

with atheris.instrument_imports():
    from explorer.parse import parse_text
    from explorer.query import QueryError, compile_query, search_text
    from explorer.render import match_spans

NOTES = """\
## v3.10.0 - 2024-06-01

### Bug fixes

- ebpf: fix conntrack [calico #10](https://github.com/p/calico/pull/10) (@fasaxc)
- Fix Windows HNS leak [bird #3](https://github.com/p/bird/pull/3) (@lmm) `<nil>` ünïcödé

## v3.10.0-rc.1 - 2024-05-01

- **Breaking change:** drop IPv4-only mode [calico #9](https://github.com/p/calico/pull/9)

## Unreleased

- Action required: rotate the keys (@fasaxc)
"""
CHANGES = [(c, search_text(c)) for c in parse_text(NOTES, "CHANGELOG.md").changes]


def one_input(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    try:
        query = compile_query(text)
    except QueryError as exc:
        assert 0 <= exc.position <= len(text), (exc.position, len(text))
        return
    for change, search in CHANGES:
        query(change, search)
        match_spans(change.summary, query.words, query.regexes)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
