"""Changes written as the rows of a table: "| Commit | Type | Description |", one change a row.

Each row becomes the text a bullet would hold, so that the item analysis reads it like any
other entry: the label columns as a leading "**[fix]**" marker, then the description, then the
ref and author columns as trailing decorations.
"""

from __future__ import annotations

import re

from explorer.parse.rules import mostly_refs

_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_HEADER_MARKUP_RE = re.compile(r"[*_`]")
_HANDLE_RE = re.compile(r"@?[A-Za-z0-9][\w.-]{0,38}(?:\[bot\])?")

# What a column holds, by its header.
_DESCRIPTION = frozenset((
    "description", "summary", "change", "changes", "title", "message", "subject", "details", "detail",
    "commit message", "what", "what changed", "what's changed", "entry", "note", "notes", "pr title"))
_LABEL = frozenset((
    "type", "kind", "category", "scope", "component", "area", "module", "package", "tag", "tags",
    "label", "labels", "group"))
_REF = frozenset((
    "commit", "commits", "sha", "hash", "pr", "prs", "pull request", "pull requests", "issue", "issues",
    "ref", "refs", "reference", "references", "link", "links", "#", "id", "ticket", "tickets", "mr",
    "merge request", "merge requests"))
_AUTHOR = frozenset((
    "author", "authors", "by", "contributor", "contributors", "committer", "who", "credit", "credits", "thanks"))
_KIND = frozenset(("type", "kind", "category", "tag", "tags", "label", "labels"))  # of change, not of thing
_MAX_LABEL = 40  # a longer cell is text, not a label


def cells(line: str) -> list[str]:
    """The cells of a table row, its outer pipes dropped and escaped pipes kept as text."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT_RE.split(line)]


def _name(header: str) -> str:
    return " ".join(_HEADER_MARKUP_RE.sub("", header).lower().split())


def _role(name: str) -> str:
    for role, names in (("text", _DESCRIPTION), ("label", _LABEL), ("ref", _REF), ("author", _AUTHOR)):
        if name in names:
            return role
    return ""


def change_rows(lines: list[str]) -> list[tuple[int, str]] | None:
    """The rows of a table (header, delimiter, rows) as entries: (row index, text), or None
    when the table does not list changes (a compatibility matrix, a table of options). A table
    lists changes when a column is named as their description ("Description", "Summary",
    "Title"…) beside a column of their refs, kinds or authors (or descriptions that hold refs),
    or when it has a column of refs and one of prose."""
    header = cells(lines[0])
    rows = [cells(line) for line in lines[2:]]
    names = [_name(cell) for cell in header]
    roles = [_role(name) for name in names]
    if "text" in roles and not _KIND & set(names) and not {"ref", "author"} & set(roles):
        column = roles.index("text")
        if not mostly_refs([row[column] for row in rows if column < len(row) and row[column]]):
            return None  # "| Artifact | Package | Description |": a table of other things, described
    if "text" not in roles:
        if "ref" not in roles:
            return None
        prose = _prose_column(rows, roles)
        if prose is None:
            return None
        roles[prose] = "text"
    text_column = roles.index("text")
    entries = []
    for index, row in enumerate(rows):
        row = (row + [""] * len(header))[:len(header)]  # as many cells as the header, as GFM reads them
        description = row[text_column]
        if not description:
            continue
        labels = [cell for cell, role in zip(row, roles, strict=True) if role == "label" and cell
                  and len(cell) <= _MAX_LABEL and "](" not in cell and "]" not in cell]
        parts = [f"**[{', '.join(labels)}]** " if labels else "", description]
        for cell, role in zip(row, roles, strict=True):
            if not cell or cell == "-":
                continue
            if role == "ref" or (role == "author" and ("@" in cell or "](" in cell)):
                parts.append(f" ({cell})")
            elif role == "author" and _HANDLE_RE.fullmatch(cell):
                parts.append(f" (@{cell.lstrip('@')})")
        entries.append((index + 2, "".join(parts)))
    return entries


def _prose_column(rows: list[list[str]], roles: list[str]) -> int | None:
    """The column of unnamed role whose cells are longest, when they read as text (words)."""
    best, best_length = None, 0.0
    for column, role in enumerate(roles):
        if role:
            continue
        texts = [row[column] for row in rows if column < len(row) and row[column]]
        if not texts:
            continue
        length = sum(map(len, texts)) / len(texts)
        words = sum(len(text.split()) for text in texts) / len(texts)
        if length > best_length and length >= 15 and words >= 3:
            best, best_length = column, length
    return best
