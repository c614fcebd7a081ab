"""HTML for the detail pane: one change, or the notes of a release or section.

Markdown is rendered with raw HTML escaped. Only http, https and mailto links stay live; links
with any other scheme point at a "#blocked:" fragment that the pane reports instead of opening;
relative and templated links ({{site.baseurl}}/...) and images become plain text, so nothing is
ever loaded from disk or the network.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from explorer.model import Change, Release

if TYPE_CHECKING:
    from explorer.cache import ParseCache
    from explorer.query import BoundedRegex, Query

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
# QTextDocument lays a table out in time proportional to its cells (about 60 µs a cell on the
# 2-core machines: a 90 KB table of 1,000 rows × 4 took 0.26 s, 18k cells 1.2 s). Past this many
# cells (counted as "|") in one text, the text is shown as plain text, which lays out in a few milliseconds.
MAX_TABLE_CELLS = 1_200
_HANDLE_RE = re.compile(r"[A-Za-z0-9][\w-]{0,38}(?:\[bot\])?")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_TAG_RE = re.compile(r"(<[^>]*>)")


# Bidi overrides, isolates and zero-width characters reorder or hide text ("cod\u202eexe.doc" reads
# as "codcod.exe"): shown as visible marks such as ⟨U+202E⟩ wherever the window shows notes' text.
_CONTROLS = (list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)) + list(range(0x200B, 0x2010))
             + [0x2060, 0xFEFF, 0x061C])
_CONTROL_MARKS = {code: f"\u27e8U+{code:04X}\u27e9" for code in _CONTROLS}
_CONTROL_RE = re.compile("[" + "".join(chr(c) for c in _CONTROLS) + "]")


def show_controls(text: str) -> str:
    """Text with each bidi or zero-width control replaced by a visible mark such as ⟨U+202E⟩."""
    if not _CONTROL_RE.search(text):  # the common case: no new string
        return text
    return text.translate(_CONTROL_MARKS)


def show_controls_html(page: str) -> str:
    """show_controls() on the text of an HTML page, never inside its tags (hrefs stay as they are)."""
    if not _CONTROL_RE.search(page):
        return page
    parts = _TAG_RE.split(page)
    parts[::2] = [show_controls(part) for part in parts[::2]]
    return "".join(parts)


def warm_up() -> None:
    """Import mistune and compile its patterns now (about 15 ms), while the window is idle,
    rather than in the first render of the notes the user opens."""
    _markdown()("*a* [b](https://example.org) `c`\n\n- d\n")


@functools.cache
def _markdown() -> Callable[[str], str]:
    """The window's Markdown, made by its first render: the start does not wait for mistune's import."""
    return _make_markdown()


def _make_markdown() -> Callable[[str], str]:
    """mistune's Markdown to HTML, with the link and image policy of the pane."""
    import mistune
    from mistune.renderers.html import HTMLRenderer

    class SafeRenderer(HTMLRenderer):
        def link(self, text: str, url: str, title: str | None = None) -> str:
            return link_html(url, text, escaped_text=True)

        def image(self, text: str, url: str, title: str | None = None) -> str:
            return f'<span class="image">[image: {text}]</span>'

    return mistune.create_markdown(escape=True, renderer=SafeRenderer(escape=True),  # type: ignore[return-value]
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
        shown = (html.unescape(_TAG_RE.sub("", label)) if escaped_text else text).strip()
        decoy = ""
        if _looks_like_url(shown) and shown.rstrip("/") != url.strip().rstrip("/"):
            # The text claims one address and the link goes to another: say where it goes.
            decoy = f' <span class="target">(→ {html.escape(show_controls(_host(url)))})</span>'
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>{decoy}'
    return f'<a href="#{BLOCKED_PREFIX}{quote(url, safe="")}">{label}</a>'


def _looks_like_url(text: str) -> bool:
    return re.match(r"(?i)(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S", text) is not None


def _host(url: str) -> str:
    """Where a link goes, in short: its host (or the address of a mailto link)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # "[" in a host
        return url[:200]
    if parts.scheme.lower() == "mailto":
        return parts.path.split("?")[0][:200]
    return (host or url)[:200]


def _table_cells(text: str) -> int:
    """At most how many table cells text holds: its "|" (a row of n cells has n - 1 to n + 1)."""
    return text.count("|")


def _too_costly(text: str) -> bool:
    if len(text) > MAX_RENDERED_CHARS:
        return True
    allowed = max(_MIN_MARKERS, len(text) // _MARKER_DENSITY)
    if any(text.count(c) > allowed for c in ("*", "_", "[", "]", "`", "<", ">")):
        return True
    if _DEEP_NESTING_RE.search(text) is not None:
        return True
    return _table_cells(text) > MAX_TABLE_CELLS


def _as_plain_text(text: str) -> str:
    note = "Shown as plain text: too large to render (this text is too costly to format safely)."
    if len(text) > MAX_RENDERED_CHARS:
        note += f" Only its first {MAX_RENDERED_CHARS:,} of {len(text):,} characters are shown."
        text = text[:MAX_RENDERED_CHARS]
    return f'<p class="note">{note}</p><pre style="white-space: pre-wrap">{html.escape(text)}</pre>'


def markdown_html(text: str) -> str:
    """Markdown as HTML with raw HTML escaped, or as plain text when formatting would be too costly."""
    page = _rendered_ahead.get(text)
    return page if page is not None else _render(text, _markdown())


def render_ahead(text: str, cache: ParseCache | None = None) -> None:
    """markdown_html(text) made now, on a loading thread (with a Markdown of its own), for the
    window to show without rendering it: a folder's prose takes milliseconds or tens. With a
    cache, the page it kept is taken (no Markdown made at all: a reopen needs no mistune), or
    the new page kept."""
    if not text.strip():
        return
    page = cache.page(text) if cache is not None else None
    if page is None:
        page = _render(text, _make_markdown())
        if cache is not None:
            cache.keep_page(text, page)
    if len(_rendered_ahead) >= _AHEAD:
        _rendered_ahead.clear()
    _rendered_ahead[text] = page


_rendered_ahead: dict[str, str] = {}
_AHEAD = 4  # pages kept: the outlines of the last few loads


def _render(text: str, markdown: Callable[[str], str]) -> str:
    if _too_costly(text):
        return _as_plain_text(text)
    try:
        page = markdown(text)
    except (RecursionError, ValueError, IndexError, KeyError, TypeError, AttributeError):
        return _as_plain_text(text)
    assert isinstance(page, str)  # an HTML renderer's page: only the AST renderer gives a list
    return page


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


def change_html(change: Change, query: Query | None = None) -> str:
    """A change as the detail pane shows it; with a query, its matches marked in the fields
    where they can have matched (a field:value only in that field, nothing in labels of the page)."""
    words, regexes = (query.words, query.regexes) if query is not None else ((), ())
    fields = query.field_words if query is not None else {}

    def marked(page: str, *names: str) -> str:
        extra = [w for name in names for w in fields.get(name, ())]
        return highlight_html(page, [*words, *extra], regexes)

    release = change.release
    heading = marked(html.escape(release.version)) + (f" · {html.escape(release.date)}" if release.date else "")
    section = " / ".join(change.section)
    flags = "".join(
        f'<span class="flag">{name}</span> ' for name in ("Breaking", "Action required")
        if (name == "Breaking" and change.breaking) or (name == "Action required" and change.action_required)
    )
    refs = [marked(link_html(ref.url, ref.label), "repo") for ref in change.refs[:MAX_LISTED]]
    if len(change.refs) > MAX_LISTED:
        refs.append(f"and {len(change.refs) - MAX_LISTED:,} more")
    meta = "".join((
        _row("Refs", refs),
        _row("Authors", (marked(link, "author") for link in _profile_links(change))),
        _row("Labels", (marked(f'<span class="label">{html.escape(label)}</span>', "label", "sig")
                        for label in change.labels)),
        _row("Source", [html.escape(f"{change.file}:{change.line}")]),
    ))
    return show_controls_html(
        f'<p class="context">{heading}{" · " + marked(html.escape(section), "section") if section else ""}</p>'
        f"{'<p>' + flags + '</p>' if flags else ''}"
        f"{marked(markdown_html(change.markdown))}"
        f'<table class="meta" cellspacing="4">{meta}</table>'
    )


def notes_html(title: str, subtitle: str, notes: str) -> str:
    body = markdown_html(notes) if notes.strip() else '<p class="note">No notes here: select a change to read it.</p>'
    sub = f'<p class="context">{html.escape(subtitle)}</p>' if subtitle else ""
    return show_controls_html(f"<h2>{html.escape(title)}</h2>{sub}{body}")


def release_subtitle(release: Release, count: int) -> str:
    parts = [release.date] if release.date else []
    parts += [name for name, on in (("pre-release", release.prerelease), ("unreleased", release.unreleased),
                                     ("yanked", release.yanked)) if on]
    parts.append(f"{count} change{'s' if count != 1 else ''}")
    parts.append(release.file)
    return " · ".join(parts)



def match_spans(text: str, words: Iterable[str], regexes: Iterable[BoundedRegex]) -> list[tuple[int, int]]:
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


def highlight_html(page: str, words: Iterable[str], regexes: Iterable[BoundedRegex]) -> str:
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
