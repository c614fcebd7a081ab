"""Render the real window offscreen, as the README shows it:

    python -m explorer.ui.screenshot OUT.png [PATH...] [--query Q] [--size WxH] [--theme dark]
                                     [--project NAME]

It selects a section (or, with --project, that project) and a change, as a person would.
"""

from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from explorer.browse import project_key
from explorer.ui.app import create_window
from explorer.ui.theme import THEMES, apply_theme


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m explorer.ui.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--query", default="")
    parser.add_argument("--size", default="1500x860")
    parser.add_argument("--theme", choices=THEMES, default="light")
    parser.add_argument("--project", default="")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings = QSettings(os.path.join(os.path.dirname(os.path.abspath(args.out)), ".screenshot.ini"),
                         QSettings.Format.IniFormat)
    settings.clear()
    apply_theme(args.theme)
    window = create_window(args.paths, settings=settings)
    window.resize(width, height)
    window.show()
    while window.is_loading():
        app.processEvents()
    tree, model = window.tree, window.tree_model
    top = model.index(0, 0, model.all_index())
    if args.project:
        top = next(model.index(r, 0, model.all_index()) for r in range(model.rowCount(model.all_index()))
                   if model.node(model.index(r, 0, model.all_index())).project == project_key(args.project))
        tree.expand(top)
        tree.setCurrentIndex(top)
    else:
        tree.expand(top)
        section = next((model.index(r, 0, top) for r in range(model.rowCount(top))
                        if model.node(model.index(r, 0, top)).title == "Bug fixes"), top)
        tree.expand(section)
        tree.setCurrentIndex(section)
    window.filter_edit.setText(args.query)
    while not window.is_settled():
        app.processEvents()
    window.table.selectRow(min(2, window.table_model.rowCount() - 1))
    window.session.recount_now()
    app.processEvents()
    ok = window.grab().save(args.out)
    if os.path.exists(settings.fileName()):
        os.remove(settings.fileName())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
