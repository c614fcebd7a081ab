"""HTML for the detail pane: one change, or the notes of a release or section.

Markdown is rendered with raw HTML escaped. Only http, https and mailto links stay live; links
with any other scheme point at a "#blocked:" fragment that the pane reports instead of opening;
relative and templated links ({{site.baseurl}}/...) and images become plain text, so nothing is
ever loaded from disk or the network.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import quote

import mistune
from mistune.renderers.html import HTMLRenderer

from explorer.model import Change, Release

OPEN_SCHEMES = ("http", "https", "mailto")
BLOCKED_PREFIX = "blocked:"
# mistune takes seconds on some hostile input of a few tens of KB (nested emphasis, thousands
# of unmatched brackets) and recurses on deep nesting. Text past these bounds, or text that
# fails to render, is shown as plain text with a note instead.
MAX_RENDERED_CHARS = 100_000
_MARKER_DENSITY = 50  # at most one emphasis or bracket character per this many characters
_MIN_MARKERS = 400
_DEEP_NESTING_RE = re.compile(r"(?:[-*+>][ \t]+){40}|(?:\n[ \t]{80,}[-*+>])")  # lists or quotes 40+ deep
MAX_LISTED = 200  # refs listed under a change; the export has them all
_HANDLE_RE = re.compile(r"[A-Za-z0-9][\w-]{0,38}(?:\[bot\])?")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


class _SafeRenderer(HTMLRenderer):
    """mistune's HTML renderer with the link and image policy of the pane."""

    def link(self, text: str, url: str, title: str | None = None) -> str:
        return link_html(url, text, escaped_text=True)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        return f'<span class="image">[image: {text}]</span>'


_markdown = mistune.create_markdown(escape=True, renderer=_SafeRenderer(escape=True),
                                    plugins=["strikethrough", "table"])


def link_html(url: str, text: str, *, escaped_text: bool = False) -> str:
    """An anchor that is live only for http/https/mailto; plain text for relative links."""
    label = text if escaped_text else html.escape(text)
    if "{{" in url or "{%" in url:
        return label
    m = _SCHEME_RE.match(url.strip())  # not urlsplit: it raises on "[" in a host
    scheme = m.group(1).lower() if m else ""
    if not scheme or len(scheme) == 1:  # relative, an anchor, or a Windows drive letter
        return label
    if scheme in OPEN_SCHEMES:
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return f'<a href="#{BLOCKED_PREFIX}{quote(url, safe="")}">{label}</a>'


def _too_costly(text: str) -> bool:
    if len(text) > MAX_RENDERED_CHARS:
        return True
    allowed = max(_MIN_MARKERS, len(text) // _MARKER_DENSITY)
    if any(text.count(c) > allowed for c in ("*", "_", "[", "]", "`", "<", ">")):
        return True
    return _DEEP_NESTING_RE.search(text) is not None


def _as_plain_text(text: str) -> str:
    note = "This text is too costly to format safely; it is shown as written."
    if len(text) > MAX_RENDERED_CHARS:
        note += f" Only its first {MAX_RENDERED_CHARS:,} of {len(text):,} characters are shown."
        text = text[:MAX_RENDERED_CHARS]
    return f'<p class="note">{note}</p><pre style="white-space: pre-wrap">{html.escape(text)}</pre>'


def markdown_html(text: str) -> str:
    """Markdown as HTML with raw HTML escaped, or as plain text when formatting would be too costly."""
    if _too_costly(text):
        return _as_plain_text(text)
    try:
        return _markdown(text)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError):
        return _as_plain_text(text)


def _profile_links(change: Change) -> list[str]:
    on_github = any(ref.url.startswith("https://github.com/") for ref in change.refs)
    links = []
    for author in change.authors:
        if on_github and _HANDLE_RE.fullmatch(author):
            handle = author.removesuffix("[bot]")
            url = f"https://github.com/apps/{handle}" if author.endswith("[bot]") else f"https://github.com/{handle}"
            links.append(link_html(url, "@" + author))
        else:
            links.append(html.escape(author))
    return links


def _row(label: str, values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return ""
    return f'<tr><th align="left">{label}</th><td>{", ".join(values)}</td></tr>'


def change_html(change: Change) -> str:
    release = change.release
    heading = html.escape(release.version) + (f" · {html.escape(release.date)}" if release.date else "")
    section = " / ".join(change.section)
    flags = "".join(
        f'<span class="flag">{name}</span> ' for name in ("Breaking", "Action required")
        if (name == "Breaking" and change.breaking) or (name == "Action required" and change.action_required)
    )
    refs = [link_html(ref.url, ref.label) for ref in change.refs[:MAX_LISTED]]
    if len(change.refs) > MAX_LISTED:
        refs.append(f"and {len(change.refs) - MAX_LISTED:,} more")
    meta = "".join((
        _row("Refs", refs),
        _row("Authors", _profile_links(change)),
        _row("Labels", (f'<span class="label">{html.escape(label)}</span>' for label in change.labels)),
        _row("Source", [html.escape(f"{change.file}:{change.line}")]),
    ))
    return (
        f'<p class="context">{heading}{" · " + html.escape(section) if section else ""}</p>'
        f"{'<p>' + flags + '</p>' if flags else ''}"
        f"{markdown_html(change.markdown)}"
        f'<table class="meta" cellspacing="4">{meta}</table>'
    )


def notes_html(title: str, subtitle: str, notes: str) -> str:
    body = markdown_html(notes) if notes.strip() else '<p class="note">No notes here: select a change to read it.</p>'
    sub = f'<p class="context">{html.escape(subtitle)}</p>' if subtitle else ""
    return f"<h2>{html.escape(title)}</h2>{sub}{body}"


def release_subtitle(release: Release, count: int) -> str:
    parts = [release.date] if release.date else []
    parts += [name for name, on in (("pre-release", release.prerelease), ("unreleased", release.unreleased),
                                     ("yanked", release.yanked)) if on]
    parts.append(f"{count} change{'s' if count != 1 else ''}")
    parts.append(release.file)
    return " · ".join(parts)


_TAG_RE = re.compile(r"(<[^>]*>)")


def match_spans(text: str, words: Iterable[str], regexes: Iterable[re.Pattern]) -> list[tuple[int, int]]:
    """Where the query's words and regular expressions match text: sorted, merged spans."""
    spans = []
    for word in words:
        if word:
            spans += [m.span() for m in re.finditer(re.escape(word), text, re.IGNORECASE)]
    for pattern in regexes:
        spans += [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_html(page: str, words: Iterable[str], regexes: Iterable[re.Pattern]) -> str:
    """Mark query matches in the text of an HTML page, never inside its tags."""
    words, regexes = [html.escape(w, quote=False) for w in words], list(regexes)
    if not words and not regexes:
        return page
    parts = _TAG_RE.split(page)
    for i in range(0, len(parts), 2):  # even parts are text between tags
        spans = match_spans(parts[i], words, regexes)
        if spans:
            text, out, last = parts[i], [], 0
            for start, end in spans:
                out += [text[last:start], '<span class="hit">', text[start:end], "</span>"]
                last = end
            parts[i] = "".join(out) + text[last:]
    return "".join(parts)
