"""Time every hostile case (tests/hostile_cases.py): parse, and render the detail pane.

    python -m benchmarks.hostile

The budget is 2 s for a case of up to 1 MB, in proportion for larger ones.
"""

from __future__ import annotations

import time

from explorer.parse import DecodeError, decode, parse_text
from explorer.render import change_html, notes_html
from tests.hostile_cases import MB, cases


def main() -> None:
    rows = []
    for name, data, _note in cases():
        start = time.perf_counter()
        try:
            log = parse_text(decode(data), "case.md")
        except DecodeError:
            log = None
        parsed = time.perf_counter() - start
        start = time.perf_counter()
        if log is not None:
            for change in log.changes[:3]:
                change_html(change)
            for release in log.releases[:3]:
                notes_html(release.version, "", release.notes)
        rendered = time.perf_counter() - start
        budget = 2.0 * max(1.0, len(data) / MB)
        rows.append((parsed, rendered, budget, len(data), name))
    print(f"{'parse s':>8} {'render s':>9} {'budget s':>9} {'MB':>6}  case")
    for parsed, rendered, budget, size, name in sorted(rows, reverse=True):
        print(f"{parsed:8.3f} {rendered:9.3f} {budget:9.1f} {size / MB:6.2f}  {name}")
    worst = max(rows, key=lambda r: r[0] / r[2])
    print(f"closest to its budget: {worst[4]}: {worst[0]:.2f} s of {worst[2]:.1f} s")


if __name__ == "__main__":
    main()
