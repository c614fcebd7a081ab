"""The upgrade range: the version you run and the one you move to, as a release: clause."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar

from explorer.model import Release
from explorer.parse.versions import version_key

ANY_VERSION = "any"


def range_versions(releases: Sequence[Release]) -> list[str]:
    """The versions a range can start or end at, newest first (no Unreleased, no undated names)."""
    ordered = sorted((r for r in releases if r.sort_key[0] and r.sort_key[0][0] != float("inf")),
                     key=lambda r: r.sort_key, reverse=True)
    return list(dict.fromkeys(r.version for r in ordered))


class RangeBar(QToolBar):
    """Two pickers; a range is announced only when it runs forwards."""

    range_chosen = Signal(str, str)  # (after this version, up to this one); "" for open
    refused = Signal(str)  # why a picked range was not taken

    def __init__(self, parent=None):
        super().__init__("Upgrade range", parent)
        self.setObjectName("upgrade-range")
        self.setMovable(False)
        self.addWidget(QLabel(" Upgrade from "))
        self.from_combo = QComboBox()
        self.from_combo.setToolTip("Show the changes after this version (the one you run)")
        self.addWidget(self.from_combo)
        self.addWidget(QLabel(" to "))
        self.to_combo = QComboBox()
        self.to_combo.setToolTip("…up to and including this version (the one you move to)")
        self.addWidget(self.to_combo)
        self._shown = ("", "")
        for combo in (self.from_combo, self.to_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(self._on_changed)

    def set_versions(self, versions: list[str]) -> None:
        for combo in (self.from_combo, self.to_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([ANY_VERSION, *versions])
            combo.blockSignals(False)
        self._shown = ("", "")

    def follow(self, low: str, high: str) -> None:
        """Show the range a query holds, without announcing it back."""
        for combo, version in ((self.from_combo, low), (self.to_combo, high)):
            combo.blockSignals(True)
            index = combo.findText(version) if version else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        self._shown = self._picked()

    def _picked(self) -> tuple[str, str]:
        low, high = (combo.currentText() if combo.currentIndex() > 0 else ""
                     for combo in (self.from_combo, self.to_combo))
        return low, high

    def _on_changed(self, _index: int) -> None:
        low, high = self._picked()
        if low and high and version_key(low) >= version_key(high):
            self.follow(*self._shown)
            self.refused.emit(f"Upgrade range not applied: “from” {low} must be older than “to” {high}. "
                              "Pick the version you run first, then the one you move to.")
            return
        self._shown = (low, high)
        self.range_chosen.emit(low, high)
