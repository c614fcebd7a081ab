"""The application's palette: the system's, or a light or dark one of Fusion's."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e8e8e8",
    QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#e8e8e8", QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e8e8e8", QPalette.ColorRole.Highlight: "#2f65ca",
    QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.ToolTipBase: "#353535", QPalette.ColorRole.ToolTipText: "#e8e8e8",
    QPalette.ColorRole.PlaceholderText: "#9a9a9a",
}
_system_palette: QPalette | None = None


def apply_theme(name: str) -> None:
    """Set the application's palette: the system's, or Fusion's light or a dark one."""
    global _system_palette
    if _system_palette is None:
        _system_palette = QPalette(QApplication.palette())
    if name == "system":
        QApplication.setPalette(_system_palette)
        return
    QApplication.setStyle("Fusion")
    if name == "light":
        QApplication.setPalette(QApplication.style().standardPalette())
        return
    dark = QPalette()
    for role, colour in _DARK.items():
        dark.setColor(role, QColor(colour))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6f6f6f"))
    dark.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#6f6f6f"))
    QApplication.setPalette(dark)
