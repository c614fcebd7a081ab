"""A small run of the benchmark suite, so that it keeps working."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_suite_runs_at_small_sizes(tmp_path, corpus):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "small", "--runs", "1", "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "| export of the whole corpus to CSV, s |" in result.stdout
    assert "1,000 changes: filter keystroke, ms" in result.stdout
    figures = json.loads(out.read_text())
    assert figures["corpus_export"]["ratio"] > 0
    assert set(figures["window"]) == {"1,000 changes", "3,000 changes", "1,000 changes in 50 projects", "the corpus"}
    assert figures["window"]["the corpus"]["reopen_s"]["median"] < figures["window"]["the corpus"]["open_s"]["median"]
    assert figures["launch"]["of_floor"] > 0 and figures["command_line"]["cached json"]["s"]["median"] > 0
    assert figures["window"]["1,000 changes in 50 projects"]["changes"] == 1000
    small = figures["window"]["3,000 changes"]
    assert small["changes"] == 3000 and small["filter_rows"] > 0
    assert figures["launch"]["shown_s"]["median"] > 0
    assert figures["launch"]["widgets_of_floor"] > 0
    assert "the same Qt widgets with none of the application's code" in result.stdout
    assert figures["xlsx"]["changes"] == 1000 and figures["xlsx"]["s"]["median"] > 0
    assert figures["command_line"]["json"]["of_mistune"] > 0
