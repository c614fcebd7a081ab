"""The benchmark suite: `python -m benchmarks [--runs N] [--sizes full|small] [--json FILE]`.

Prints medians over several runs (with min and max), each beside a baseline measured in the
same run where there is one, and can write every figure as JSON. `--sizes small` is the quick
run the tests use so that the suite cannot rot.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mistune

from benchmarks.synthetic import generate, write_projects
from explorer.export import export_file, to_csv
from explorer.parse import decode, find_files, load_paths

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SIZES = {"full": (10_000, 100_000, 1_000_000), "small": (300, 1_000, 3_000)}
TARGETS = {
    "corpus export vs bare mistune parse": "≥ 2x as fast",
    "export of the corpus as a whole process": "≤ 0.5 of a mistune process (json)",
    "window shown after launch (demo notes)": "≤ 0.6 s",
    "open until filterable": "≤ 3 s (100k)",
    "longest event-loop gap while opening": "≤ 100 ms (100k and 1M)",
    "filter keystroke": "≤ 30 ms (100k), ≤ 300 ms (1M)",
    "sort (slowest column)": "≤ 100 ms (100k)",
    "CSV export": "≤ 1 s (100k)",
    "XLSX export": "≤ 3 s (100k)",
    "window shown, against an empty QMainWindow": "≤ 1.5x",
    "first rows shown": "≤ 1 s",
    "reopen from the cache": "≤ 0.15 of the first open",
    "peak RSS with the notes in the window": "≤ 350 MB (100k)",
}


# Processes run as an installed program does: with its compiled bytecode kept (an environment
# that turns that off would time the compiler at every start).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def _timed(fn, runs: int) -> list[float]:
    return _interleaved([fn], runs)[0]


def _interleaved(fns: list, runs: int) -> list[list[float]]:
    """The times of each function, run in turn runs times: a figure and its baseline see the
    machine in the same state, however its speed drifts during the run."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, spent in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - start)
    return times


def parse_throughput(label: str, files: list[str], runs: int) -> dict:
    """Our load of the files, in one process and with a worker process (as the window and the
    command line load), against a bare mistune AST parse of the same bytes."""
    size = sum(os.path.getsize(f) for f in files)
    parse = mistune.create_markdown(renderer=None)
    texts = [decode(Path(f).read_bytes()) for f in files]
    ours, shared, bare = _interleaved([lambda: load_paths(files), lambda: load_paths(files, parallel=True),
                                       lambda: [parse(t) for t in texts]], runs)
    return {"label": label, "mb": size / 1e6, "ours_s": _stats(ours), "mistune_s": _stats(bare),
            "with_worker_s": _stats(shared),
            "ours_mb_s": size / 1e6 / statistics.median(ours), "mistune_mb_s": size / 1e6 / statistics.median(bare),
            "ratio": statistics.median(bare) / statistics.median(ours)}


def corpus_export(runs: int) -> dict:
    files = find_files(str(CORPUS))
    parse = mistune.create_markdown(renderer=None)
    export, bare = _interleaved([lambda: to_csv(load_paths([str(CORPUS)]).changes),
                                 lambda: [parse(decode(Path(f).read_bytes())) for f in files]], runs)
    return {"export_s": _stats(export), "mistune_s": _stats(bare),
            "ratio": statistics.median(bare) / statistics.median(export)}


_MISTUNE_PROCESS = """
import sys
from pathlib import Path
import mistune
from explorer.parse import decode, find_files
parse = mistune.create_markdown(renderer=None)
for name in find_files(sys.argv[1]):
    parse(decode(Path(name).read_bytes()))
"""


def command_line(runs: int) -> dict:
    """The export as the user runs it, a whole process each (start-up, reading, the worker
    process, writing), against a process that only parses the same files with mistune: every
    file parsed (--no-cache); then the JSON export again, from the cache a first run filled."""
    results: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        env = dict(_ENV, CHANGELOG_EXPLORER_CACHE=os.path.join(folder, "cache"))
        formats = ("json", "csv", "xlsx", "markdown", "cached json")
        commands = []
        for fmt in formats:
            out = os.path.join(folder, f"corpus.{fmt.split()[-1]}")
            argv = [sys.executable, "-m", "explorer", "export", str(CORPUS), "--format", fmt.split()[-1], "-o", out]
            if fmt == "cached json":
                subprocess.run(argv, cwd=ROOT, env=env, stderr=subprocess.DEVNULL, check=False)  # fills the cache
            else:
                argv.append("--no-cache")
            commands.append(lambda argv=argv: subprocess.run(argv, cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
                                                             check=False))
        bare, *ours = _interleaved([lambda: subprocess.run([sys.executable, "-c", _MISTUNE_PROCESS, str(CORPUS)],
                                                           cwd=ROOT, env=env, check=True), *commands], runs)
        results["mistune_s"] = _stats(bare)
        for fmt, times in zip(formats, ours, strict=True):
            results[fmt] = {"s": _stats(times), "of_mistune": statistics.median(times) / statistics.median(bare)}
    return results


def xlsx_export(path: str, runs: int) -> dict:
    """Writing every change of a synthetic file to an XLSX workbook, and the peak RSS of a
    process that does only that."""
    changes = load_paths([path]).changes
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "changes.xlsx")
        times = _timed(lambda: export_file(out, changes, "xlsx"), runs)
    code = ("import resource, sys, tempfile, os; from explorer.parse import load_paths; "
            "from explorer.export import export_file; c = load_paths([sys.argv[1]]).changes; "
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; "
            "export_file(os.path.join(tempfile.mkdtemp(), 'x.xlsx'), c, 'xlsx'); "
            "print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    before, after = map(int, subprocess.run([sys.executable, "-c", code, path], cwd=ROOT, check=True,
                                            capture_output=True, text=True).stdout.split())
    return {"changes": len(changes), "s": _stats(times), "peak_rss_mb": after / 1024,
            "rss_added_mb": (after - before) / 1024}


def _probe(*args: str, timeout: int = 3600, cache: str | None = None) -> dict:
    """A probe in a fresh process, with a cache folder of its own (empty: a first open)."""
    with tempfile.TemporaryDirectory() as empty:
        env = dict(_ENV, QT_QPA_PLATFORM="offscreen", CHANGELOG_EXPLORER_CACHE=cache or empty)
        started = time.time()
        argv = [sys.executable, "-m", "benchmarks.probe", *args]
        if args[0] in ("launch", "floor", "widgets"):
            argv.append(repr(started))
        out = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def launch(runs: int) -> dict:
    """The window shown (the demo notes opening), against an empty QMainWindow and against the same
    Qt widgets with none of the application's code, each in a fresh process."""
    results, floors, widgets = [], [], []
    for _ in range(runs):  # interleaved, so that all three see the same machine
        results.append(_probe("launch"))
        floors.append(_probe("floor"))
        widgets.append(_probe("widgets"))
    shown, floor = _stats([r["shown_s"] for r in results]), _stats([f["shown_s"] for f in floors])
    bare = _stats([w["shown_s"] for w in widgets])
    return {"shown_s": shown, "notes_s": _stats([r["notes_s"] for r in results]), "floor_s": floor,
            "of_floor": shown["median"] / floor["median"], "widgets_s": bare,
            "widgets_of_floor": bare["median"] / floor["median"]}


def window(path: str, runs: int) -> dict:
    """What a user does in the window with path open; and opening it again, from the cache
    the first open filled (in a fresh process each time)."""
    results, reopens = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            results.append(_probe("window", path, cache=cache))
            reopens.append(_probe("window", path, "--open-only", cache=cache))
    keystrokes = [k for r in results for k in r["filter_keystroke_ms"]]
    first = _stats([r["open_s"] for r in results])
    reopen = _stats([r["open_s"] for r in reopens])
    return {
        "changes": results[0]["changes"],
        "open_s": first,
        "reopen_s": reopen,
        "reopen_of_first": reopen["median"] / first["median"],
        "first_rows_s": _stats([r["first_rows_s"] for r in results]),
        "fills": results[0]["fills"][1:],  # after the first rows, in the first run: (s, changes shown)
        "sort_ready_s": _stats([r["sort_ready_s"] for r in results]),
        "open_longest_gap_ms": _stats([r["open_longest_gap_ms"] for r in results]),
        "open_longest_gap_at_s": [round(r["open_longest_gap_at_s"], 2) for r in results],
        "filter_keystroke_ms": _stats(keystrokes),
        "filter_rows": results[0]["filter_rows"],
        "sort_ms": {c: _stats([r["sort_ms"][c] for r in results]) for c in results[0]["sort_ms"]},
        "select_to_detail_ms": _stats([r["select_to_detail_ms"] for r in results]),
        "csv_export_s": _stats([r["csv_export_s"] for r in results]),
        "peak_rss_mb": _stats([r["peak_rss_mb"] for r in results]),
    }


def _fmt(stats: dict, scale: float = 1.0, digits: int = 3) -> str:
    return (f"{stats['median'] * scale:.{digits}f} "
            f"({stats['min'] * scale:.{digits}f}–{stats['max'] * scale:.{digits}f})")


GAP_BUDGET_MS = 100


def _bare_parse(result: dict, size: str) -> tuple[float | None, str]:
    """The bare mistune parse to compare a window's open with: of the same bytes when this run
    parsed them, else of the largest synthetic file parsed, scaled to the changes opened."""
    parsed = {p["label"]: p["mistune_s"]["median"] for p in result["parse"]}
    if size == "the corpus":
        return parsed.get("corpus"), "a bare mistune parse of the corpus"
    synthetic = [(int(label.split()[1].replace(",", "")), s) for label, s in parsed.items()
                 if label.startswith("synthetic ")]
    if not synthetic or not size.split()[0].replace(",", "").isdigit():
        return None, ""
    n, seconds = max(synthetic)
    changes = int(size.split()[0].replace(",", ""))
    if changes == n:
        return seconds, ("a bare mistune parse of the same file" if "projects" not in size
                         else f"a bare mistune parse of the {n:,}-change file")
    return seconds * changes / n, f"a bare mistune parse of {n:,} changes, scaled to {changes:,}"


def report(result: dict) -> str:
    lines = [f"machine: {result['machine']}", ""]
    lines.append("| measurement | median (min–max) | baseline / note |")
    lines.append("|---|---:|---|")
    c = result["corpus_export"]
    lines.append(f"| export of the whole corpus to CSV, s | {_fmt(c['export_s'])} | bare mistune parse "
                 f"{_fmt(c['mistune_s'])}: export is **{c['ratio']:.2f}x** as fast |")
    for p in result["parse"]:
        lines.append(f"| parse {p['label']} ({p['mb']:.1f} MB), s | {_fmt(p['ours_s'])} | "
                     f"{p['ours_mb_s']:.1f} MB/s; bare mistune {p['mistune_mb_s']:.1f} MB/s: **{p['ratio']:.2f}x**; "
                     f"with a worker process {_fmt(p['with_worker_s'])} s |")
    cl = result["command_line"]
    lines.append("| `export` of the corpus as a whole process, s | "
                 + ", ".join(f"{fmt} {cl[fmt]['s']['median']:.2f} ({cl[fmt]['of_mistune']:.2f} of mistune)"
                             for fmt in ("json", "csv", "xlsx", "markdown", "cached json"))
                 + f" | a process parsing the same files with mistune {_fmt(cl['mistune_s'])} |")
    xl = result["xlsx"]
    lines.append(f"| XLSX export of {xl['changes']:,} changes, s | {_fmt(xl['s'])} | peak RSS of a process that loads "
                 f"and writes it {xl['peak_rss_mb']:.0f} MB; writing adds {xl['rss_added_mb']:.0f} MB to the "
                 f"peak of loading |")
    la = result["launch"]
    lines.append(f"| window shown after launch (demo notes), s | {_fmt(la['shown_s'])} | "
                 f"**{la['of_floor']:.2f}x** an empty QMainWindow shown in a fresh process "
                 f"({_fmt(la['floor_s'])} s); the same Qt widgets with none of the application's code "
                 f"{_fmt(la['widgets_s'])} s, **{la['widgets_of_floor']:.2f}x**; notes shown after "
                 f"{_fmt(la['notes_s'])} s |")
    for size, w in result["window"].items():
        slowest = max(w["sort_ms"], key=lambda k: w["sort_ms"][k]["median"])
        bare, what = _bare_parse(result, size)
        gap = w["open_longest_gap_ms"]
        lines += [
            f"| {size}: open until filterable, s | {_fmt(w['open_s'])} | "
            + (f"**{w['open_s']['median'] / bare:.2f}** of {what} ({bare:.2f} s); " if bare else "")
            + f"longest event-loop gap {_fmt(gap, digits=0)} ms (from "
            + ", ".join(f"{at} s" for at in w["open_longest_gap_at_s"]) + " into the open), "
            + f"**{gap['median'] / GAP_BUDGET_MS:.2f}** of the "
            f"{GAP_BUDGET_MS} ms budget; every column's sort order ready after {_fmt(w['sort_ready_s'], digits=2)} s |",
            f"| {size}: first rows shown, s | {_fmt(w['first_rows_s'])} | "
            f"**{w['first_rows_s']['median'] / w['open_s']['median']:.2f}** of the whole open"
            + "".join(f"; {count:,} changes at {at:.1f} s" for at, count in w["fills"])
            + " |",
            f"| {size}: reopen from the cache until filterable, s | {_fmt(w['reopen_s'])} | "
            f"**{w['reopen_of_first']:.2f}** of the first open |",
            f"| {size}: filter keystroke, ms | {_fmt(w['filter_keystroke_ms'], digits=1)} | "
            f"typing “ebpf conntrack”, {w['filter_rows']} rows left |",
            f"| {size}: sort, slowest column ({slowest}), ms | {_fmt(w['sort_ms'][slowest], digits=0)} | "
            + ", ".join(f"{k} {v['median']:.0f}" for k, v in w["sort_ms"].items()) + " |",
            f"| {size}: select a row until its detail shows, ms | {_fmt(w['select_to_detail_ms'], digits=1)} | |",
            f"| {size}: CSV export of every change, s | {_fmt(w['csv_export_s'])} | |",
            f"| {size}: peak RSS with the notes in the window, MB | {_fmt(w['peak_rss_mb'], digits=0)} | |",
        ]
    lines += ["", "Targets: " + "; ".join(f"{k} {v}" for k, v in TARGETS.items())]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", choices=SIZES, default="full")
    parser.add_argument("--json", metavar="FILE", help="also write every figure here")
    args = parser.parse_args()
    sizes = SIZES[args.sizes]
    result: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
                               f"{platform.system()} {platform.release()}"}
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for n in sizes:
            files[n] = os.path.join(folder, f"synthetic-{n}.md")
            Path(files[n]).write_text(generate(n), encoding="utf-8")
        result["corpus_export"] = corpus_export(args.runs)
        result["parse"] = [parse_throughput("corpus", find_files(str(CORPUS)), args.runs)]
        result["parse"] += [parse_throughput(f"synthetic {n:,}", [files[n]], args.runs if n < 500_000 else 1)
                            for n in sizes[:2]]
        result["command_line"] = command_line(args.runs)
        result["xlsx"] = xlsx_export(files[sizes[1]], args.runs)
        result["launch"] = launch(max(args.runs, 3))
        result["window"] = {f"{n:,} changes": window(files[n], args.runs if n < 500_000 else 1)
                            for n in sizes[1:]}
        many = os.path.join(folder, "projects")
        write_projects(many, sizes[1], 50)
        result["window"][f"{sizes[1]:,} changes in 50 projects"] = window(many, args.runs)
        result["window"]["the corpus"] = window(str(CORPUS), args.runs)
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
