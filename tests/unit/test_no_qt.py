"""The core (parse, model, query, export, inspect, command line) never loads Qt."""

import subprocess
import sys

CHECK = """
import sys
import explorer.cli, explorer.export, explorer.inspect, explorer.model, explorer.parse, explorer.query
import explorer.xlsx
from explorer.cli import main
main(["releases", sys.argv[1]])
main(["inspect", sys.argv[1]])
assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))], sorted(sys.modules)
"""


def test_core_imports_no_qt(tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("## 1.0.0\n\n- a change\n")
    result = subprocess.run([sys.executable, "-c", CHECK, str(notes)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1.0.0\t")
