"""Item analysis grows in proportion to its input: a bullet four times as long takes about four
times as long, never sixteen (the sign of work that grows with the square of the input)."""

import pytest

from tests.conftest import parse_seconds

UNITS = {
    "refs": "fix #1 ",
    "handles": "thanks @a ",
    "cross-repo refs": "in org/repo#12 ",
    "merge requests": "!1 ",
    "hashes": "(abcdef1) ",
    "merge requests and hashes": "!1 (abcdef1) ",
    "hidden mentions": "\u200b@a ",
    "unclosed links": "[a](b",
    "reference links": "[x][y] ",
    "changeset credits": "Thanks @x! - ",
}


@pytest.mark.parametrize("unit", UNITS.values(), ids=UNITS.keys())
def test_one_long_bullet_costs_in_proportion_to_its_length(unit):
    small = parse_seconds("## 1.0.0\n\n- " + unit * 4000 + "\n\n[y]: https://github.com/o/r/pull/1\n")
    large = parse_seconds("## 1.0.0\n\n- " + unit * 16000 + "\n\n[y]: https://github.com/o/r/pull/1\n")
    # four times the input: about four times the time; work that grows with the square takes 16
    assert large < 10 * max(small, 0.005), f"{small:.3f} s for 4,000, {large:.3f} s for 16,000"
