"""Export the whole shared corpus, against a bare mistune AST parse of the same bytes.

    python -m benchmarks.corpus_export [--runs N] [--corpus DIR]

Both run in the same process on the same files, alternating, so the ratio holds on any machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import mistune

from explorer.export import to_csv
from explorer.parse import decode, find_files, load_paths

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def bare_mistune(files: list[str]) -> None:
    parse = mistune.create_markdown(renderer=None)
    for path in files:
        parse(decode(Path(path).read_bytes()))


def export_all(corpus: str) -> int:
    log = load_paths([corpus])
    return len(to_csv(log.changes))


def measure(corpus: Path, runs: int) -> dict:
    files = find_files(str(corpus))
    size = sum(Path(f).stat().st_size for f in files)
    timings: dict[str, list[float]] = {"mistune AST parse": [], "export to CSV": []}
    for _ in range(runs):
        for name, work in (("mistune AST parse", lambda: bare_mistune(files)),
                           ("export to CSV", lambda: export_all(str(corpus)))):
            start = time.perf_counter()
            work()
            timings[name].append(time.perf_counter() - start)
    return {"files": len(files), "bytes": size, "timings": timings}


def report(result: dict) -> str:
    mb = result["bytes"] / 1e6
    lines = [f"corpus: {result['files']} files, {mb:.2f} MB",
             f"{'task':20} {'median s':>9} {'min s':>7} {'max s':>7} {'MB/s':>6}"]
    medians = {}
    for name, values in result["timings"].items():
        medians[name] = statistics.median(values)
        lines.append(f"{name:20} {medians[name]:9.3f} {min(values):7.3f} {max(values):7.3f} "
                     f"{mb / medians[name]:6.1f}")
    ratio = medians["mistune AST parse"] / medians["export to CSV"]
    lines.append(f"export is {ratio:.2f}x as fast as the bare mistune parse")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    print(report(measure(args.corpus, args.runs)))


if __name__ == "__main__":
    main()
