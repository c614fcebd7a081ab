"""Render the real window offscreen: `python -m explorer.ui.screenshot OUT.png [PATH...] [--query Q]`.

Used for the README's picture; it selects a section and a change, as a person would.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explorer.ui.app import create_window


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    query = ""
    if "--query" in argv:
        at = argv.index("--query")
        query, argv = argv[at + 1], argv[:at] + argv[at + 2:]
    out, paths = argv[0], argv[1:]
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(os.path.join(os.path.dirname(os.path.abspath(out)), ".screenshot.ini"),
                         QSettings.Format.IniFormat)
    settings.clear()
    window = create_window(paths, settings=settings)
    window.resize(1500, 860)
    window.show()
    while window.is_loading():
        app.processEvents()
    tree = window.tree
    model = window.tree_model
    release = model.index(0, 0, model.all_index())
    tree.expand(release)
    section = next((model.index(r, 0, release) for r in range(model.rowCount(release))
                    if model.node(model.index(r, 0, release)).title == "Bug fixes"), release)
    tree.expand(section)
    tree.setCurrentIndex(section)
    window.filter_edit.setText(query)
    window.table.selectRow(min(2, window.table_model.rowCount() - 1))
    counted = []
    window.recounted.connect(lambda: counted.append(True))
    window.session.recount_now()
    while not counted:
        app.processEvents()
    app.processEvents()
    ok = window.grab().save(out)
    os.remove(settings.fileName()) if os.path.exists(settings.fileName()) else None
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
