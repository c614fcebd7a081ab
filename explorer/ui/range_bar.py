"""The upgrade range: the version you run and the one you move to, per project."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from explorer.browse import project_key, projects, versions_by_project
from explorer.model import Release
from explorer.query import upgrade_ranges, version_range
from explorer.versions import version_key

ANY_VERSION = "any"
MIN_CHARS, MAX_CHARS = 10, 32  # a version picker's width, in characters


class RangeBar(QToolBar):
    """Two version pickers; with notes of several projects, a project picker before them, and
    a range per project. A range is announced only when it runs forwards."""

    range_chosen = Signal(str, str, str)  # (project's name or "" for notes of one project, from, to)
    refused = Signal(str)  # why a picked range was not taken

    def __init__(self, parent=None):
        super().__init__("Upgrade range", parent)
        self.setObjectName("upgrade-range")
        self.setMovable(False)
        self.project_label = self.addWidget(QLabel(" Project "))
        self.project_combo = QComboBox()
        self.project_combo.setToolTip("The project whose upgrade the range is; each project keeps its own")
        self.project_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.project_combo.currentIndexChanged.connect(self._on_project_changed)
        self.project_action = self.addWidget(self.project_combo)
        self.addWidget(QLabel(" Upgrade from "))
        self.from_combo = QComboBox()
        self.from_combo.setToolTip("Show the changes after this version (the one you run)")
        self.addWidget(self.from_combo)
        self.addWidget(QLabel(" to "))
        self.to_combo = QComboBox()
        self.to_combo.setToolTip("…up to and including this version (the one you move to)")
        self.addWidget(self.to_combo)
        self.add_action = self.addAction("Add Another Project's Upgrade")
        self.add_action.setToolTip("Pick the next project without a range, to give it one too")
        self.add_action.triggered.connect(self._next_project)
        self._versions: dict[str, list[str]] = {}  # project_key -> versions, newest first
        self._names: dict[str, str] = {}  # project_key -> name shown
        self._ranges: dict[str, tuple[str, str]] = {}  # project_key -> range the query holds
        self._shown = ("", "")
        # One list model for both pickers, filled in one call: adding 20k items one by one to
        # each picker held the window for a tenth of a second at a million changes.
        self._model = QStringListModel([ANY_VERSION], self)
        # As wide as the longest version's characters: a picker that fits its contents measures
        # every item's text (20k versions: a fifth of a second each time they change).
        for combo in (self.from_combo, self.to_combo):
            combo.setModel(self._model)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(MIN_CHARS)
            combo.currentIndexChanged.connect(self._on_changed)
        self._show_projects(False)

    # -- what the window tells ------------------------------------------------------------
    def set_releases(self, releases: Sequence[Release], names: dict[str, str] | None = None,
                     versions: dict[str, list[str]] | None = None) -> None:
        """The releases to pick from; names and versions (browse.projects, versions_by_project),
        when the load worked them out already."""
        self._names = projects(releases) if names is None else names
        self._versions = versions_by_project(releases, self._names) if versions is None else versions
        several = len(self._names) > 1
        self.project_combo.blockSignals(True)
        self.project_combo.clear()
        for key, name in sorted(self._names.items(), key=lambda item: item[1].casefold()):
            self.project_combo.addItem(name, key)
        self.project_combo.blockSignals(False)
        self._show_projects(several)
        self._ranges = {}
        self._fill_versions(next(iter(self._versions.values()), []) if not several
                            else self._versions.get(self.project(), []))

    def project(self) -> str:
        """The project_key of the project picked, or "" for notes of one project."""
        return self.project_combo.currentData() or "" if self.project_combo.count() > 1 else ""

    def choose_project(self, key: str) -> None:
        index = self.project_combo.findData(key)
        if index >= 0 and index != self.project_combo.currentIndex():
            self.project_combo.setCurrentIndex(index)

    def follow(self, clauses: list[str]) -> None:
        """Show the range the query holds (for the project picked), without announcing it back."""
        if self.project():
            self._ranges = {project_key(name): span for name, span in upgrade_ranges(clauses).items()}
            self._show(*self._ranges.get(self.project(), ("", "")))
        else:
            self._show(*version_range(clauses))

    def ranges(self) -> dict[str, tuple[str, str]]:
        """Each project's range (by the name shown), as the query holds them."""
        return {self._names.get(key, key): span for key, span in self._ranges.items()}

    # -- inside ---------------------------------------------------------------------------
    def _show_projects(self, several: bool) -> None:
        for action in (self.project_label, self.project_action, self.add_action):
            action.setVisible(several)

    def _fill_versions(self, versions: list[str]) -> None:
        for combo in (self.from_combo, self.to_combo):
            combo.blockSignals(True)
        self._model.setStringList([ANY_VERSION, *versions])
        longest = max(map(len, versions), default=0)
        for combo in (self.from_combo, self.to_combo):
            combo.setMinimumContentsLength(max(MIN_CHARS, min(longest, MAX_CHARS)))
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._shown = ("", "")

    def _show(self, low: str, high: str) -> None:
        for combo, version in ((self.from_combo, low), (self.to_combo, high)):
            combo.blockSignals(True)
            index = combo.findText(version) if version else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._shown = self._picked()

    def _on_project_changed(self, _index: int) -> None:
        self._fill_versions(self._versions.get(self.project(), []))
        self._show(*self._ranges.get(self.project(), ("", "")))

    def _next_project(self) -> None:
        count = self.project_combo.count()
        for step in range(1, count + 1):
            index = (self.project_combo.currentIndex() + step) % count
            if self.project_combo.itemData(index) not in self._ranges:
                self.project_combo.setCurrentIndex(index)
                self.from_combo.setFocus()
                return
        self.refused.emit("Every project has an upgrade range already.")

    def _picked(self) -> tuple[str, str]:
        low, high = (combo.currentText() if combo.currentIndex() > 0 else ""
                     for combo in (self.from_combo, self.to_combo))
        return low, high

    def _on_changed(self, _index: int) -> None:
        low, high = self._picked()
        if low and high and version_key(low) >= version_key(high):
            self._show(*self._shown)
            self.refused.emit(f"Upgrade range not applied: “from” {low} must be older than “to” {high}. "
                              "Pick the version you run first, then the one you move to.")
            return
        self._shown = (low, high)
        project = self.project()
        if project:
            self._ranges[project] = (low, high)
        self.range_chosen.emit(self._names.get(project, ""), low, high)
