"""The PyInstaller bundle builds from the repository, and its executable opens the demo notes."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bundle_builds_and_starts(tmp_path):
    pyinstaller = shutil.which("pyinstaller", path=os.path.dirname(sys.executable))
    assert pyinstaller, "pyinstaller comes with the test extra"
    build = subprocess.run(
        [pyinstaller, "--noconfirm", "--distpath", str(tmp_path / "dist"), "--workpath", str(tmp_path / "build"),
         str(ROOT / "packaging" / "changelog-explorer.spec")],
        cwd=tmp_path, capture_output=True, text=True, timeout=900,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    bundle = tmp_path / "dist" / "changelog-explorer"
    assert (bundle / "_internal" / "explorer" / "resources" / "icon.svg").is_file()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    run = subprocess.run([str(bundle / "changelog-explorer"), "--self-test"], capture_output=True, text=True,
                         env=env, timeout=120)
    elapsed = time.perf_counter() - start
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("self-test: 25 changes in 7 releases from ")
    # A large export shares its parsing with a worker process started from the executable.
    from benchmarks.synthetic import generate
    from explorer.parse import load_paths, parallel

    notes = tmp_path / "CHANGELOG.md"
    notes.write_text(generate(8_000))
    assert notes.stat().st_size >= parallel.MIN_BYTES
    out = tmp_path / "all.csv"
    export = subprocess.run([str(bundle / "changelog-explorer"), "export", str(notes), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert export.returncode == 0 and export.stderr == "", export.stderr
    import csv
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["summary"] for r in rows] == [c.summary for c in load_paths([str(notes)]).changes]
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file())
    print(f"bundle: {size / 1e6:.0f} MB, self-test in {elapsed:.2f} s")


def test_wheel_carries_the_resources(tmp_path):
    import zipfile

    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("changelog_explorer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    demo = {f"explorer/resources/demo/{p.name}" for p in (ROOT / "resources" / "demo").iterdir()}
    assert demo | {"explorer/resources/icon.svg"} <= names
    assert not [n for n in names if "screenshots" in n]
