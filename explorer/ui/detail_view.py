"""The detail pane: renders a change or a node's notes; opens only web and mail links."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QTextBrowser

from explorer.browse import Node, count_text
from explorer.model import Change
from explorer.query import Query
from explorer.render import BLOCKED_PREFIX, OPEN_SCHEMES, change_html, notes_html, release_subtitle, show_controls
from explorer.ui import override


class DetailView(QTextBrowser):
    """A read-only browser that never follows links itself and never loads a resource."""

    link_blocked = Signal(str)  # a sentence for the status bar
    link_opened = Signal(str)
    link_failed = Signal(str)  # a sentence: the desktop could not open the link

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.setAccessibleName("Details")
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.shown: Change | Node | None = None  # what the pane shows

    def show_change(self, change: Change, query: Query | None = None) -> None:
        """A change, with the query's matches marked where they matched."""
        self.shown = change
        self.setHtml(change_html(change, query))

    def show_node(self, node: Node, releases: int) -> None:
        """A node of the outline: all releases (releases of them), a release or a section."""
        self.shown = node
        if node.release is None:  # all the notes, or a project's
            shown = len(node.children) if node.project else releases
            subtitle = f"{count_text(node.count, 'change')} in {count_text(shown, 'release')}"
        elif not node.path:
            subtitle = release_subtitle(node.release, node.count)
        else:
            subtitle = f"{node.release.version} · {' / '.join(node.path)} · {count_text(node.count, 'change')}"
        self.setHtml(notes_html(node.title, subtitle, node.notes))

    def show_node_soon(self, node: Node, releases: int) -> None:
        """show_node() once the event loop turns: new notes show their table first, and the
        pane (Markdown of every file's prose, a few milliseconds or tens) right after."""
        self.shown = node
        self.clear()
        QTimer.singleShot(0, self, lambda: self._show_node_if_shown(node, releases))

    def _show_node_if_shown(self, node: Node, releases: int) -> None:
        if self.shown is node:  # nothing else was shown since
            self.show_node(node, releases)

    def follow_palette(self, palette: QPalette) -> None:
        """Take the colours of a palette (the window's, after a light/dark switch)."""
        self.document().setDefaultStyleSheet(detail_style_sheet(palette))

    @override
    def loadResource(self, type: int, name: QUrl | str):  # noqa: A002 - Qt's name
        # WORKAROUND: QTextBrowser reads <img src> and stylesheet URLs from disk by default
        # (an image of /dev/zero never returns). The pane shows no external resource at all.
        return None

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == "mailto":
            url = mail_address(url)
        if scheme in OPEN_SCHEMES:
            if QDesktopServices.openUrl(url):
                self.link_opened.emit(f"Opened {url.toString()}")
            else:
                self.link_failed.emit(f"Could not open {url.toString()}: no browser or mail program answered.")
            return
        target = url.toString()
        if url.fragment().startswith(BLOCKED_PREFIX):
            target = unquote(url.fragment()[len(BLOCKED_PREFIX):])
        self.link_blocked.emit(f"Not opened: {target} — only http, https and mailto links are opened.")


def mail_address(url: QUrl) -> QUrl:
    """A mailto link with only its address: no ?attach=/etc/passwd, body or cc for the mail client."""
    # The path is cut at a "?" too: a percent-encoded one ("%3Fattach=") is decoded by some clients.
    address = url.path(QUrl.ComponentFormattingOption.FullyDecoded).split("?", 1)[0]
    clean = QUrl()
    clean.setScheme("mailto")
    clean.setPath(address)
    return clean


def link_target(url: QUrl) -> str:
    """Where a link in the pane really goes, for the status bar ("" for none)."""
    if url.isEmpty():
        return ""
    if url.fragment().startswith(BLOCKED_PREFIX):
        return f"{unquote(url.fragment()[len(BLOCKED_PREFIX):])} (not opened: only http, https and mailto links are)"
    target = url.toString()
    if url.scheme().lower() == "mailto" and url.hasQuery():
        target += f" (opened as {mail_address(url).toString()})"
    return show_controls(target)


def detail_style_sheet(palette: QPalette) -> str:
    """The pane's CSS in the colours of the current palette, so dark themes stay readable."""
    muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
    link = palette.color(QPalette.ColorRole.Link).name()
    chip = palette.color(QPalette.ColorRole.AlternateBase).name()
    return f"""
        body {{ margin: 4px; }}
        p.context {{ color: {muted}; font-size: small; margin-bottom: 6px; }}
        p.note {{ color: {muted}; font-style: italic; }}
        span.label {{ background-color: {chip}; }}
        span.flag {{ color: #c62828; font-weight: bold; }}
        span.image {{ color: {muted}; }}
        span.target {{ color: {muted}; }}
        table.meta th {{ color: {muted}; font-weight: normal; padding-right: 8px; }}
        a {{ color: {link}; }}
        span.hit {{ background-color: #ffd54f; color: #000000; }}
        pre, code {{ font-family: monospace; }}
    """
