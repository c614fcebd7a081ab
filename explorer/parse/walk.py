"""One line-level walk over Markdown: headings, top-level list items and prose blocks.

A full CommonMark parse is not needed to find the structure of release notes and is several
times slower; inline Markdown is only rendered for the change a user looks at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from explorer.memory import free_in_slices
from explorer.parse.tables import change_rows

HEADING, ITEM, TEXT = "heading", "item", "text"

# "###Added" (no space) is not a heading in CommonMark, but its author meant one.
# An ATX heading: its "#"s, then a space, the end, or (leniently) a letter ("#Title"), then its title
_ATX = re.compile(r" {0,3}(#{1,6})(?=[ \t]|$|[^\W\d_])[ \t]*(.*)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"( {0,3})([-*+]|\d{1,9}[.)])(?:([ \t]+)(.*)|$)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
_LINKDEF = re.compile(r" {0,3}\[((?:\\.|[^\]\\]){1,999})\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
_TABLE_DELIM = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")
_QUOTE = re.compile(r" {0,3}>")
_HTML_HEADING_RE = re.compile(r"<[hH]([1-6])(?:\s[^<>]*)?>(.{1,300}?)</[hH]\1>")  # a heading written in HTML


class Block(NamedTuple):
    """A piece of the document: a heading, a top-level list item or a prose block."""

    kind: str
    line: int  # 1-based
    text: str
    level: int = 0  # a heading's level; for an item, LONE_OVER_LIST or 0


# An item's level when it is a one-line list of its own right over a list of another marker
# ("* Admin" over "- Docker: Fix DB initialization"): perhaps that list's title.
LONE_OVER_LIST = 1
_BULLETS = ("-", "*", "+")
_LONE_TITLE_MAX = 60  # characters: a title is a few words; longer, the bullet is a change whatever its marker


# The first non-blank character a line must have for each kind of block: most lines are plain
# text, and testing one character spares the patterns.
_BLOCK_STARTS = frozenset("#`~-*_+>0123456789<")
_ITEM_STARTS = frozenset("-*+0123456789")
_BLANK_OR_INDENT = frozenset(("", " ", "\t"))


def _indent(line: str) -> int:
    if "\t" not in line:
        return len(line) - len(line.lstrip(" "))
    return len(line[:len(line) - len(line.lstrip(" \t"))].expandtabs(4))


def _dedent(line: str, columns: int) -> str:
    """line less its first columns of indentation, a tab standing for up to four ("\t- Fixed …"
    lost its "\t- F" when the tab was cut as four characters)."""
    rest = line.lstrip(" \t")
    return (line[:len(line) - len(rest)].expandtabs(4) + rest)[columns:]


def _atx(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and title, without its closing "#"s ("## Foo ##"); None when the
    line is none. Not one regular expression: a lazy title before an optional closing sequence
    tried every split of a run of spaces (a heading with 20,000 spaces took seconds)."""
    m = _ATX.match(line)
    if m is None:
        return None
    title = m[2]
    if title[-1:] in ("#", " ", "\t"):
        title = title.rstrip(" \t")
        bare = title.rstrip("#")
        if bare != title and (not bare or bare[-1] in " \t"):  # "Foo ##", "###"; not "C#"
            title = bare.rstrip(" \t")
    return len(m[1]), title


def _starts_block(line: str) -> bool:
    """Whether a line interrupts a paragraph or ends a list item's lazy continuation."""
    stripped = line.lstrip()
    first = stripped[:1]
    if first not in _BLOCK_STARTS:
        return False
    if first == "#":
        return _atx(line) is not None
    if first in "`~":
        return bool(_FENCE.match(line))
    if first == ">":
        return bool(_QUOTE.match(line))
    if first == "<":
        return stripped.startswith("<!--") or (
            _indent(line) < 4 and bool(_HTML_HEADING_RE.fullmatch(stripped.rstrip())))
    return bool(_ITEM.match(line) or (first in "-*_" and _BREAK.match(line)))


def walk(text: str) -> list[Block]:
    """Split Markdown into blocks. Link reference definitions are left out: they are not content."""
    return list(iter_blocks(text))


def iter_blocks(text: str | Sequence[str]) -> Iterator[Block]:
    """walk(), a block at a time: the caller can act on the first blocks before the last."""
    lines = split_lines(text)
    n = len(lines)
    i = _skip_front_matter(lines)
    unclosed = _Unclosed()
    item_end, item_marker = -1, ""  # where the last item ended, and its marker: a list goes on there
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        first = stripped[0]
        if first not in _BLOCK_STARTS and first != "[" and "|" not in line:
            i, block = _take_paragraph(lines, i)  # plain text: the common case
            yield block
            continue
        if first == "<" and stripped.startswith("<!--"):
            i = unclosed.skip_comment(lines, i)
            continue
        if (first == "<" and stripped[1:2] in ("h", "H") and (html := _HTML_HEADING_RE.fullmatch(stripped))
                and _indent(line) < 4):  # not in an indented code block
            yield Block(HEADING, i + 1, html[2].strip(), int(html[1]))  # "<h3 id="…">Security updates</h3>"
            i += 1
            continue
        if first == "<" and _HTML_LIST_RE.match(stripped):  # "<ul>", "<li>Update the notices (#19945)</li>"
            i, html_item = _take_html_item(lines, i)
            if html_item is not None:
                yield html_item
            continue
        m = _FENCE.match(line) if first in "`~" else None
        if m:
            end = _fence_end(lines, i, m.group(1))
            body = "\n".join(lines[i:end])
            if "BEGIN PGP SIGNED MESSAGE" not in body:
                yield Block(TEXT, i + 1, body)
            i = end
            continue
        heading = _atx(line) if first == "#" else None
        if heading is not None:
            yield Block(HEADING, i + 1, heading[1], heading[0])
            i += 1
            continue
        if first in "-*_" and _BREAK.match(line):
            i += 1
            continue
        m = _ITEM.match(line) if first in "-*+" or first.isdigit() else None
        if m:
            start = i
            i, block = _take_item(lines, i, m)
            # (first: the item's marker, its first character; after: the next line's)
            if (i == start + 1 and i < n and len(block.text) <= _LONE_TITLE_MAX and first in _BULLETS
                    and (after := lines[i].lstrip(" ")[:1]) in _BULLETS and after != first
                    and not (item_end == start and item_marker == first)
                    and (nm := _ITEM.match(lines[i])) is not None and nm.group(1) == m.group(1)
                    and nm.group(2) == after):
                block = Block(ITEM, block.line, block.text, LONE_OVER_LIST)
            item_end, item_marker = i, first
            yield block
            continue
        if first == "[" and _LINKDEF.match(line):
            i += 1
            continue
        if first == ">" and _QUOTE.match(line):
            start = i
            while i < n and lines[i].strip() and (_QUOTE.match(lines[i]) or not _starts_block(lines[i])):
                i += 1
            yield Block(TEXT, start + 1, "\n".join(lines[start:i]))
            continue
        if "|" in line and i + 1 < n and _TABLE_DELIM.match(lines[i + 1]):
            start = i
            i += 2
            while i < n and lines[i].strip() and not _starts_block(lines[i]):  # a heading ends it too
                i += 1
            table = "\n".join(lines[start:i])
            if re.search(r"\b[0-9a-f]{64,}\b", table):  # download/checksum tables
                continue
            rows = change_rows(lines[start:i])
            if rows is None:
                yield Block(TEXT, start + 1, table)
            else:  # "| Commit | Type | Description |": a change a row
                yield from (Block(ITEM, start + 1 + row, text) for row, text in rows)
            continue
        i, block = _take_paragraph(lines, i)
        yield block
    free_in_slices(lines)


def split_lines(text: str | Sequence[str], piece: int = 1 << 20) -> list[str]:
    """text.split("\\n"), a megabyte at a time: one split of a 200 MB text holds the
    interpreter lock (and so the window) for half a second. text: one string, or pieces
    that join to it (decode_pieces)."""
    lines: list[str] = []
    for part in [text] if isinstance(text, str) else text:
        part_lines: list[str] = []
        start = 0
        while len(part) - start > piece:
            end = part.find("\n", start + piece)
            if end < 0:
                break
            part_lines += part[start:end].split("\n")
            start = end + 1
        part_lines += part[start:].split("\n")
        if lines:  # the line the last piece ended in goes on in this one
            part_lines[0] = lines.pop() + part_lines[0]
        lines += part_lines
    return lines


def _skip_front_matter(lines: list[str]) -> int:
    """Past a YAML ("---") or TOML ("+++") front matter block, after blank lines if any."""
    first = 0
    while first < min(len(lines), 5) and not lines[first].strip():
        first += 1
    if first < len(lines) and lines[first].strip() in ("---", "+++"):
        fence = ("---", "...") if lines[first].strip() == "---" else ("+++",)
        for j in range(first + 1, min(len(lines), first + 200)):
            if lines[j].strip() in fence:
                return j + 1
    return 0


class _Unclosed:
    """Where a search for a closing has already failed: no line after `after` holds it. A file
    of 20,000 unclosed "<!--" would otherwise be read to its end 20,000 times."""

    def __init__(self) -> None:
        self.comment = self.toc = 1 << 62  # no failed search yet

    def skip_comment(self, lines: list[str], i: int) -> int:
        line = lines[i]
        if "BEGIN MUNGE: GENERATED_TOC" in line and i < self.toc:
            for j in range(i + 1, len(lines)):
                if "END MUNGE: GENERATED_TOC" in lines[j]:
                    return j + 1
            self.toc = i
        if i > self.comment:
            return i + 1  # the rest of the file has no "-->"
        start = line.index("<!--") + 4
        if "-->" in line[start:]:
            return i + 1
        for j in range(i + 1, len(lines)):
            if "-->" in lines[j]:
                return j + 1
        self.comment = i
        return i + 1  # an unclosed comment hides only its own line


_HTML_LIST_RE = re.compile(r"</?(?:ul|ol|li)\b[^<>]*>", re.I)
_HTML_ITEM_END = 20  # lines an HTML list item may run over


def _take_html_item(lines: list[str], i: int) -> tuple[int, Block | None]:
    """An HTML list's item, up to its "</li>" (a list's opening and closing tags are skipped)."""
    stripped = lines[i].strip()
    m = re.match(r"<li\b[^<>]*>", stripped, re.I)
    if m is None:
        return i + 1, None  # "<ul>", "</ol>"
    parts = [stripped[m.end():]]
    j = i
    while "</li>" not in parts[-1].lower() and j + 1 < len(lines) and j - i < _HTML_ITEM_END and lines[j + 1].strip():
        j += 1
        parts.append(lines[j].strip())
    text = " ".join(parts)
    end = text.lower().find("</li>")
    text = (text if end < 0 else text[:end]).strip()
    return j + 1, (Block(ITEM, i + 1, text) if text else None)


_TITLE_LINE_RE = re.compile(r"(?:[A-Z][A-Z /&()-]{2,60}|[A-Z][a-z]+(?: [A-Za-z]+){0,3}):[ \t]*")


# A line that is only links in parentheses: "([df756871](https://…/commit/df75…))", "([#12](…), closes [#9](…))"
_REFS_LINE_RE = re.compile(r"\((?:(?:closes |fixes )?\[[^\]\n]{1,60}\]\([^()\s]{1,300}\)(?:, )?){1,20}\)", re.I)


def _fence_end(lines: list[str], i: int, fence: str) -> int:
    closing = re.compile(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for j in range(i + 1, len(lines)):
        if closing.match(lines[j]):
            return j + 1
    return len(lines)


def _take_item(lines: list[str], i: int, m: re.Match) -> tuple[int, Block]:
    """A top-level list item with its continuation lines and nested lists."""
    indent = len(m.group(1))
    marker = m.group(2)
    spaces = len((m.group(3) or " ").expandtabs(4))
    if spaces > 4 or not m.group(4):
        spaces = 1
    content_col = indent + len(marker) + spaces
    body = [m.group(4) or ""]
    n = len(lines)
    j = i + 1
    blank = False
    in_fence = ""
    sibling = m.group(1) + marker + " " if marker in "-*+" else "\n"  # the next item, as most lists go on
    while j < n:
        line = lines[j]
        if line.startswith(sibling):
            break
        if not line.strip():
            blank = True
            body.append("")
            j += 1
            continue
        ind = _indent(line)
        if in_fence and ind < content_col and _starts_block(line):
            break  # a fence left open ends with its item: a heading or a new item is outside it
        if in_fence:
            if line.strip().startswith(in_fence):
                in_fence = ""
        elif ind >= content_col:
            rest = line[content_col:]
            fm = _FENCE.match(rest) if rest.lstrip()[:1] in ("`", "~") else None
            in_fence = fm.group(1) if fm else ""
        elif ind >= indent + 2 and line.lstrip()[:1] in _ITEM_STARTS and _ITEM.match(line):
            pass  # a list indented less than CommonMark wants, but more than its parent: nested
        elif blank and line.lstrip()[:1] == "(" and _REFS_LINE_RE.fullmatch(line.strip()):
            while not body[-1]:  # " ([df756871](…))" a blank line below: the item's refs, as clog writes them
                body.pop()
            body[-1] += " " + line.strip()
            blank = False
            j += 1
            continue
        elif blank or _starts_block(line) or (not ind and _TITLE_LINE_RE.fullmatch(line)):
            break  # (a title with a colon right under the item: "DEPRECATIONS:", "Breaking Changes:")
        elif j + 1 < n and lines[j + 1][:1] in "=-" and _SETEXT.match(lines[j + 1]) and len(lines[j + 1].strip()) >= 3:
            break  # a heading underlined right after the item ("2023.12.0 (2024-02-01)" over "====")
        cut = min(ind, content_col)
        body.append(line[cut:] if not ind or line.find("\t", 0, cut) < 0 else _dedent(line, cut))
        blank = False
        j += 1
    while body and not body[-1]:
        body.pop()
    return j, Block(ITEM, i + 1, "\n".join(body))


def nested_items(item: Block) -> list[Block] | None:
    """The bullets nested in a bullet that holds nothing else after its first line ("* BREAKING"
    over its changes), numbered by the file's lines; None when it holds more, or nothing."""
    own, newline, rest = item.text.partition("\n")
    if not newline or not own.strip() or rest.lstrip(" ")[:1] not in _ITEM_STARTS or not _ITEM.match(rest):
        return None  # (nested a few spaces deeper than the bullet's text, as "    * a" under "* A")
    for line in rest.split("\n"):  # a line back at the bullet's own margin is its text, not a nested item's
        if line[:1] not in _BLANK_OR_INDENT and not _ITEM.match(line):
            return None
    blocks = []
    for block in iter_blocks(rest):
        if block.kind != ITEM:
            return None
        blocks.append(block._replace(line=item.line + block.line))
    return blocks


def _take_paragraph(lines: list[str], i: int) -> tuple[int, Block]:
    start = i
    n = len(lines)
    i += 1
    while i < n and lines[i].strip():
        sm = _SETEXT.match(lines[i]) if lines[i].lstrip()[:1] in ("=", "-") else None
        if sm:
            title = " ".join(s.strip() for s in lines[start:i])
            return i + 1, Block(HEADING, start + 1, title, 1 if sm.group(1)[0] == "=" else 2)
        if _indent(lines[i]) < 4 and _starts_block(lines[i]):
            break
        i += 1
    return i, Block(TEXT, start + 1, "\n".join(lines[start:i]))

