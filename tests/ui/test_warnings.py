"""The parse warnings in the window: the status bar's count and the list it opens."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from explorer.browse import build_tree
from explorer.inspect import inspect_changelog
from explorer.model import Change, Changelog, LoadError, Release, SourceFile
from explorer.query import search_text
from explorer.ui.session import Loaded
from explorer.ui.warnings_dialog import WarningsDialog

DOUBT = "a heading 'Misc' at line 7 sits between releases; its 2 items were kept under 1.0.0"


def _loaded(changelog: Changelog) -> Loaded:
    """What a background load hands the window, made from notes built by hand (as _load does)."""
    return Loaded(changelog, build_tree(changelog), [search_text(c) for c in changelog.changes],
                  any(r.date for r in changelog.releases), inspect_changelog(changelog))


def _changelog(*, warnings: tuple[str, ...] = (), errors: tuple[LoadError, ...] = ()) -> Changelog:
    doubtful, clean = "/notes/app/CHANGELOG.md", "/notes/lib/CHANGES.md"
    releases = (Release("1.0.0", ((1, 0, 0),), file=doubtful), Release("0.9.0", ((0, 9, 0),), file=clean))
    changes = (Change("a", releases[0], (), "- Fix it (#1)", "Fix it", authors=("alice",), file=doubtful),
               Change("b", releases[1], (), "- Add it", "Add it", file=clean))
    files = (SourceFile(doubtful, release_levels=(2,), warnings=warnings), SourceFile(clean, release_levels=(2,)))
    return Changelog(releases, changes, files, errors)


def _shown_lines(dialog: WarningsDialog) -> list[str]:
    """The text of every row a user can see: files, and the warnings under them."""
    lines = []
    for row in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(row)
        if not item.isHidden():
            lines.append(item.text(0))
            lines += [item.child(n).text(0) for n in range(item.childCount())]
    return lines


def test_the_status_bar_counts_warnings_and_opens_the_list(qtbot, make_window):
    window = make_window()
    window.set_notes(_loaded(_changelog(warnings=(DOUBT,), errors=(LoadError("/notes/x.md", "binary data"),))))
    window.filter_edit.setText("fix")
    button = window.warnings_button
    assert button.isVisible() and button.text() == "⚠ 2 warnings"
    assert "click to see the list" in button.toolTip()

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(WarningsDialog)
    qtbot.waitUntil(dialog.isActiveWindow)  # it takes the keys, as on a desktop
    assert not dialog.isModal()
    assert dialog.summary_label.text() == "3 files, 2 warnings"
    # The clean file is left out until asked for; paths are shown from the folder they share.
    assert _shown_lines(dialog) == ["app/CHANGELOG.md", f"⚠ {DOUBT}", "x.md", "⚠ not read: binary data"]
    first = dialog.tree.topLevelItem(0)
    assert [first.text(c) for c in range(1, 6)] == ["1", "1", "0", "1", "h2"]
    assert first.toolTip(0) == "/notes/app/CHANGELOG.md"
    dialog.only_doubts_check.click()
    assert "lib/CHANGES.md" in _shown_lines(dialog)

    QApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert f"! {DOUBT}" in copied and "/notes/lib/CHANGES.md" in copied and copied.endswith("3 files, 2 warnings\n")

    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.filter_edit.text() == "fix"  # Esc in the list is not the window's Clear Filter


def test_an_open_list_follows_a_reload_and_the_button_hides_without_warnings(qtbot, make_window):
    window = make_window()
    assert not window.warnings_button.isVisible()  # nothing open, nothing doubtful
    window.set_notes(_loaded(_changelog(warnings=(DOUBT,))))
    assert window.warnings_button.text() == "⚠ 1 warning"
    window.warnings_action.trigger()
    dialog = window.findChild(WarningsDialog)
    assert DOUBT in "\n".join(_shown_lines(dialog))

    window.set_notes(_loaded(_changelog()))
    assert not window.warnings_button.isVisible()
    assert dialog.summary_label.text() == "2 files, no warnings"
    assert _shown_lines(dialog) == []
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()


def test_a_file_that_could_not_be_read_is_a_warning_after_a_real_load(qtbot, make_window, tmp_path):
    notes = tmp_path / "CHANGELOG.md"
    notes.write_text("# Changelog\n\n## 1.0.0 - 2024-01-02\n\n- Fix a crash (#12) @alice\n", encoding="utf-8")
    binary = tmp_path / "logo.md"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    window = make_window(notes, binary)
    window.message_box.close()  # the load's own "Could not open" message
    assert window.warnings_button.isVisible()
    window.warnings_button.click()
    dialog = window.findChild(WarningsDialog)
    shown = _shown_lines(dialog)
    assert "logo.md" in shown
    assert any(line.startswith("⚠ not read: ") for line in shown)
