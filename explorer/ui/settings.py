"""The application's settings, typed: every key, what it holds, how much of it is read and its
default, in one table (KEYS), and a Settings class that reads and writes them.

A settings file may hold anything: a user, a sync tool or another version of the program may have
written it. So every value read is checked for its type and bound; a wrong one is taken as absent
(its default) and logged, never raised. Lists are read up to their bound and no further. Values Qt
itself would deserialize, and may crash on, are made absent in the file before Qt parses it.
"""

import codecs
import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10
MAX_HISTORY = 20
MAX_SESSION_PATHS = 200
MAX_SAVED_FILTERS = 200
MAX_PATH_CHARS = 4_096
MAX_QUERY_CHARS = 4_000
MAX_SAVED_JSON_CHARS = 1_000_000
MAX_STATE_BYTES = 64 * 1024  # geometry, splitter and header states are a few hundred bytes
THEMES = ("system", "light", "dark")
log = logging.getLogger(__name__)


class Kind(Enum):
    """What a setting holds (for people), and the Python type write() takes for it."""

    PATHS = ("list of absolute paths, no duplicates", list)
    TEXTS = ("list of non-empty texts, no duplicates", list)
    FILTERS = ("JSON object text: filter name (non-blank) → query", str)
    TEXT = ("text", str)
    FLAG = ("yes/no: a bool, or true/1/yes/on, false/0/no/off", bool)
    THEME = ("one of " + ", ".join(THEMES), str)
    FOLDER = ("folder path, while that folder exists", str)
    STATE = ("saved geometry or layout state: bytes", QByteArray)

    def __init__(self, description: str, python_type: type) -> None:
        self.description = description
        self.python_type = python_type


@dataclass(frozen=True)
class Key:
    """One setting: what it holds, how much of it is read, and its value when absent or wrong."""

    kind: Kind
    items: int  # most entries read from a list (or saved filters); 0 for a single value
    chars: int  # longest text (of each entry; of each name and query), or most bytes of a state
    default: Any  # of the type its reader returns


KEYS: dict[str, Key] = {
    "recent": Key(Kind.PATHS, MAX_RECENT, MAX_PATH_CHARS, ()),
    "query/history": Key(Kind.TEXTS, MAX_HISTORY, MAX_QUERY_CHARS, ()),
    # the JSON text itself is at most MAX_SAVED_JSON_CHARS long
    "query/saved": Key(Kind.FILTERS, MAX_SAVED_FILTERS, MAX_QUERY_CHARS, {}),
    "session/paths": Key(Kind.PATHS, MAX_SESSION_PATHS, MAX_PATH_CHARS, ()),
    "session/filter": Key(Kind.TEXT, 0, MAX_QUERY_CHARS, ""),
    "session/restore": Key(Kind.FLAG, 0, 0, True),
    "view/theme": Key(Kind.THEME, 0, 0, "system"),
    "copy/formula_guard": Key(Kind.FLAG, 0, 0, True),
    "export/folder": Key(Kind.FOLDER, 0, MAX_PATH_CHARS, ""),
    "window/geometry": Key(Kind.STATE, 0, MAX_STATE_BYTES, None),
    "table/header": Key(Kind.STATE, 0, MAX_STATE_BYTES, None),
    "window/splitter": Key(Kind.STATE, 0, MAX_STATE_BYTES, None),
    "window/left_splitter": Key(Kind.STATE, 0, MAX_STATE_BYTES, None),
    "window/detail_splitter": Key(Kind.STATE, 0, MAX_STATE_BYTES, None),
}
_YES = ("true", "1", "yes", "on")
_NO = ("false", "0", "no", "off")
_BOM = "\ufeff"  # Qt leaves it out when it writes a text that starts with it: no such text is read


def _is_entry(key: str, item: object) -> bool:
    """Whether item can be an entry of the list setting key."""
    spec = KEYS[key]
    return (isinstance(item, str) and 0 < len(item) <= spec.chars and "\0" not in item
            and not item.startswith(_BOM) and (spec.kind is not Kind.PATHS or os.path.isabs(item)))


def _ignored(key: str, why: str) -> None:
    log.warning("Setting %r ignored: %s", key, why)


def _spec(key: str, kind: Kind) -> Key:
    spec = KEYS[key]
    if spec.kind is not kind:
        raise KeyError(f"{key!r} is no {kind.name.lower()} setting")
    return spec


# -- values Qt would deserialize -----------------------------------------------------------
# Qt reads an ini value written "@Variant(...)" (or "@DateTime(...)") by deserializing its bytes
# with QDataStream; in Qt 6.11 that aborts the program on a list with a huge count (std::bad_alloc:
# a 40-byte line does it) and overflows the stack on lists nested 30,000 deep. It parses every
# value of a section as soon as one key of it is read, and the whole file before a write. This
# program never writes such values (only texts, lists of texts, true/false, @ByteArray, @Invalid
# and, for a text holding a NUL, @String), so any value or list item that reads as "@" + something
# else is replaced by @Invalid() (absent) before Qt parses the file. Lines and values are cut as
# in qsettings.cpp (readIniLine, iniUnescapedStringList), text decoded as there (UTF-8, one decoder
# a value: a leading byte order mark skipped, an unfinished character held back while escapes go
# on). Where this cannot follow Qt (after the runs it skips) it forgets what the decoder held,
# which can only make more items start with "@".
_QT_WRITES = ("@@", "@ByteArray(", "@Invalid()", "@String(")
_HEAD = len("@ByteArray(")  # the characters of an item that tell
# runs of bytes that change nothing, a backslash taking the next byte (or line break) along
_LINE_PLAIN = re.compile(rb'[^\n\r"=;\\]*+(?:\\(?:\r\n|\n\r|[\s\S])?+[^\n\r"=;\\]*+)*+')
_ITEM_PLAIN = re.compile(rb'[^",\\]*+(?:\\[\s\S]?+[^",\\]*+)*+')
_QUOTED_PLAIN = re.compile(rb'[^"\\]*+(?:\\[\s\S]?+[^"\\]*+)*+')
_ITEM_BREAK = re.compile(rb'[\\",]')
# list items that start with a character other than "@" (nor one that may become it) and hold no
# quote, each with its comma: most lists are all such items
_PLAIN_ITEMS = re.compile(rb'(?:[ \t]*+[^@\\",\x80-\xff \t][^",\\]*+(?:\\[\s\S]?+[^",\\]*+)*+,)*+[ \t]*+')
_COMMENT = re.compile(rb"[^\n\r]*+[ \t\n\r]*+")
_BLANKS = re.compile(rb"[ \t\n\r]*+")
_SPACES = re.compile(rb"[ \t]*+")
_HEX_DIGITS = re.compile(rb"[0-9A-Fa-f]*+")
_OCTAL_DIGITS = re.compile(rb"[0-7]*+")
_ESCAPES = dict(zip(b"abfnrtv\"?'\\", "\a\b\f\n\r\t\v\"?'\\", strict=True))
_NEWLINES = b"\n\r"
_UTF8 = codecs.getincrementaldecoder("utf-8-sig")


def _past(pattern: re.Pattern[bytes], data: bytes, start: int, end: int) -> int:
    """Where the run of pattern (which matches an empty run too) from data[start] ends."""
    match = pattern.match(data, start, end)
    return match.end() if match else start


def _ini_values(data: bytes) -> Iterator[tuple[str, int, int]]:
    """The key (as written: for messages), start and end of each value of an ini file, cut as Qt's
    readIniLine cuts lines: a quote or a backslash carries a line on, a ";" out of quotes ends it
    or starts a comment."""
    pos, size, section = 0, len(data), ""
    while pos < size:
        start = _past(_BLANKS, data, pos, size)
        i, quoted, equals = start, False, -1
        while (i := _past(_LINE_PLAIN, data, i, size)) < size:
            byte = data[i]
            i += 1
            if byte == ord("="):
                if not quoted and equals == -1:
                    equals = i - 1
            elif byte in _NEWLINES:
                if not quoted:
                    i -= 1
                    break
            elif byte == ord('"'):
                quoted = not quoted
            elif i == start + 1:  # ";" starts a comment: the line starts after it
                i = start = _past(_COMMENT, data, i, size)
            elif not quoted:  # ";" ends the line
                i -= 1
                break
        pos = max(i, start + 1)
        if data.startswith(b"[", start):
            section = data[start + 1:i].partition(b"]")[0].strip().decode(errors="replace")
            section = "" if section.casefold() == "general" else section + "/"
        elif equals != -1:
            yield section + data[start:equals].strip().decode(errors="replace"), equals + 1, i


def _deserialized_items(data: bytes, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The (start, end) of each item of the value data[start:end] (a text, or a list of texts)
    that Qt would deserialize or convert: one whose text starts with "@", but not _QT_WRITES.
    Follows Qt's iniUnescapedStringList, keeping only the first characters of each item."""
    quoted, decoder = False, _UTF8(errors="replace")
    i = item = _past(_PLAIN_ITEMS, data, start, end)
    head = ""
    while i < end:
        if len(head) == _HEAD:  # the item is told: on to its end
            i = _past(_QUOTED_PLAIN if quoted else _ITEM_PLAIN, data, i, end)
            decoder.reset()
            if i == end:
                break
        byte, char = data[i], ""
        if byte == ord(",") and not quoted:
            if head.startswith("@") and not head.startswith(_QT_WRITES):
                yield item, i
            i = item = _past(_PLAIN_ITEMS, data, i + 1, end)
            decoder.reset()
            head = ""
            continue
        if byte == ord("\\"):
            code = data[i + 1] if i + 1 < end else None
            j = i + 2
            if code in _ESCAPES:
                char = _ESCAPES[code]
            elif code == ord("x"):
                j = _past(_HEX_DIGITS, data, j, end)
                char = chr(int(data[i + 2:j], 16) & 0xFFFF) if j > i + 2 else ""
            elif code is not None and code in b"01234567":
                j = _past(_OCTAL_DIGITS, data, j, end)
                char = chr(int(data[i + 1:j], 8) & 0xFFFF)
            elif code is not None and code in _NEWLINES and j < end and data[j] in _NEWLINES and data[j] != code:
                j += 1
        elif byte == ord('"'):
            quoted = not quoted
            j = i + 1 if quoted else _past(_SPACES, data, i + 1, end)
        else:
            match = _ITEM_BREAK.search(data, i + 1, end)
            j = match.start() if match else end
            char = decoder.decode(data[i:j])
        head = (head + char)[:_HEAD]
        i = j
    if head.startswith("@") and not head.startswith(_QT_WRITES):
        yield item, end


def _defuse(path: str) -> bool:
    """Make absent, in the ini file at path, every value Qt would deserialize (see above); whether
    the file was changed."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return False
    spans = [(key, *span) for key, start, end in _ini_values(data) for span in _deserialized_items(data, start, end)]
    if not spans:
        return False
    fixed = bytearray(data)
    for key, start, end in reversed(spans):
        fixed[start:end] = b"@Invalid()"
        _ignored(key, f"Qt would deserialize it (and may crash on it): removed from {path}")
    if len(fixed) == len(data):
        fixed += b"\n"  # QSettings reads a file again when its size or time (in ms) changed
    try:
        with open(path, "r+b") as file:  # in place: a link stays a link, the mode stays
            file.write(fixed)
            file.truncate()
    except OSError as exc:
        log.warning("Settings file %s holds values Qt would deserialize and cannot be fixed: %s", path, exc)
        return False
    return True


class Settings:
    """Typed access to the settings in a QSettings: see KEYS for what each key holds. Wrap the
    QSettings before anything reads from it: its file is checked for values Qt would deserialize."""

    def __init__(self, qsettings: QSettings) -> None:
        self.qsettings = qsettings
        if qsettings.format() == QSettings.Format.IniFormat or (
                qsettings.format() == QSettings.Format.NativeFormat and sys.platform not in ("win32", "darwin")):
            if _defuse(qsettings.fileName()):
                qsettings.sync()  # reads the file again

    # -- reading --------------------------------------------------------------------------
    def recent(self) -> list[str]:
        """The files opened last, newest first."""
        return self._list("recent")

    def history(self) -> list[str]:
        """The queries typed last, newest first."""
        return self._list("query/history")

    def session_paths(self) -> list[str]:
        """The files open when the last session ended."""
        return self._list("session/paths")

    def session_filter(self) -> str:
        """The filter of the last session, or ""."""
        spec = KEYS["session/filter"]
        value = self.qsettings.value("session/filter")
        if value is None:
            return spec.default
        if isinstance(value, str) and len(value) <= spec.chars and not value.startswith(_BOM):
            return value
        _ignored("session/filter", "not a text, too long or starting with a byte order mark")
        return spec.default

    def saved_filters(self) -> dict[str, str]:
        """The saved filters: query by name."""
        spec = KEYS["query/saved"]
        value = self.qsettings.value("query/saved")
        if value is None:
            return dict(spec.default)
        if not isinstance(value, str) or len(value) > MAX_SAVED_JSON_CHARS:
            _ignored("query/saved", "too long" if isinstance(value, str)
                     else f"a JSON text was expected, not {type(value).__name__}")
            return dict(spec.default)
        import json  # imported when there is something to read: not at every start

        try:
            saved = json.loads(value)
        except (ValueError, RecursionError):
            _ignored("query/saved", "not JSON")
            return dict(spec.default)
        if not isinstance(saved, dict):
            _ignored("query/saved", "a JSON object was expected")
            return dict(spec.default)
        filters: dict[str, str] = {}
        for name, query in saved.items():
            if len(filters) >= spec.items:
                break
            if isinstance(query, str) and name.strip() and len(name) <= spec.chars and len(query) <= spec.chars:
                filters[name] = query
        return filters

    def flag(self, key: str) -> bool:
        """A yes/no setting ("session/restore", "copy/formula_guard")."""
        spec = _spec(key, Kind.FLAG)
        value = self.qsettings.value(key)
        if value is None:
            return spec.default
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in _YES:
                return True
            if word in _NO:
                return False
        _ignored(key, "neither yes nor no")
        return spec.default

    def theme(self) -> str:
        """The colour theme chosen: one of THEMES."""
        spec = KEYS["view/theme"]
        value = self.qsettings.value("view/theme")
        if value is None:
            return spec.default
        if isinstance(value, str) and value in THEMES:
            return value
        _ignored("view/theme", f"{str(value)[:80]!r} is none of {', '.join(THEMES)}")
        return spec.default

    def export_folder(self) -> str:
        """The folder of the last export while it exists, else ""."""
        spec = KEYS["export/folder"]
        value = self.qsettings.value("export/folder")
        if not isinstance(value, str) or len(value) > spec.chars or "\0" in value:
            if value is not None:
                _ignored("export/folder", "not a folder path")
            return spec.default
        return value if value and os.path.isdir(value) else spec.default

    def state(self, key: str) -> QByteArray | None:
        """A saved geometry or layout state ("window/geometry", "table/header", "window/splitter",
        "window/left_splitter", "window/detail_splitter"), or None."""
        spec = _spec(key, Kind.STATE)
        value = self.qsettings.value(key)
        if value is None:
            return spec.default
        if isinstance(value, QByteArray) and 0 < value.size() <= spec.chars:
            return value
        _ignored(key, "not a saved state")
        return spec.default

    def _list(self, key: str) -> list[str]:
        """A list setting: at most its bound of entries (read no further: 10k entries cost nothing
        more), without duplicates, empty, over-long or (for paths) relative entries."""
        spec = KEYS[key]
        value = self.qsettings.value(key)
        if value is None:
            return list(spec.default)
        if isinstance(value, str):
            # An ini file stores a one-item list as a lone string: take it as one when it can be
            # an entry ("5" or "hello" under recent files is no path).
            if _is_entry(key, value):
                return [value]
            _ignored(key, f"a list was expected, not {value[:80]!r}")
            return list(spec.default)
        if not isinstance(value, list):
            _ignored(key, f"a list was expected, not {type(value).__name__}")
            return list(spec.default)
        limit = spec.items
        items: dict[str, None] = {}
        for item in value:
            if len(items) >= limit:
                break
            if _is_entry(key, item):
                items[item] = None
        if len(items) < min(len(value), limit):
            log.warning("Setting %r: %d entries of another type, too long or repeated were left out",
                        key, min(len(value), limit) - len(items))
        return list(items)

    # -- writing --------------------------------------------------------------------------
    def write(self, values: Mapping[str, object]) -> str | None:
        """Set values (keys of KEYS) and write them to disk now: None, or why they could not be."""
        for key, value in values.items():
            if not isinstance(value, KEYS[key].kind.python_type):
                raise TypeError(f"setting {key!r} takes a {KEYS[key].kind.python_type.__name__}, "
                                f"not {type(value).__name__}")
        for key, value in values.items():
            self.qsettings.setValue(key, value)
        self.qsettings.sync()
        problem = self._problem()
        if problem is not None:
            log.warning("Could not save settings: %s", problem)
        return problem

    def _problem(self) -> str | None:
        """Why the settings could not be written or read, or None. QSettings keeps its first error,
        so once a write failed, later ones report it too."""
        status = self.qsettings.status()
        if status == QSettings.Status.NoError:
            return None
        if status == QSettings.Status.AccessError:
            return f"{self.qsettings.fileName()} cannot be written"
        return f"{self.qsettings.fileName()} is not a settings file that can be read"

    def add_recent(self, path: str) -> str | None:
        """Put a file first among the recent ones, keeping those other windows added: None, or a problem."""
        path = os.path.abspath(path)
        self.qsettings.sync()  # another window may have opened files meanwhile: keep them listed
        recent = [path] + [p for p in self.recent() if p != path]
        return self.write({"recent": recent[:MAX_RECENT]})

    def remember_query(self, text: str) -> str | None:
        """Put a query first in the history, keeping what other windows added: None, or a problem.
        A text that cannot be an entry (empty, too long) is not remembered."""
        if not _is_entry("query/history", text):
            return None
        self.qsettings.sync()
        history = [text] + [h for h in self.history() if h != text]
        return self.write({"query/history": history[:MAX_HISTORY]})

    def change_saved_filter(self, name: str, query: str | None) -> str | None:
        """Save a filter under a name (or, for no query, delete it), keeping those other windows
        saved meanwhile: None, or why it was not saved."""
        if query is not None:
            if not name.strip() or len(name) > MAX_QUERY_CHARS:
                return f"a filter name is 1 to {MAX_QUERY_CHARS:,} characters, not only spaces"
            if len(query) > MAX_QUERY_CHARS:
                return f"a saved filter is at most {MAX_QUERY_CHARS:,} characters"
        self.qsettings.sync()  # read again what other windows saved: change only this one entry
        saved = self.saved_filters()
        if query is None:
            saved.pop(name, None)
        elif name not in saved and len(saved) >= MAX_SAVED_FILTERS:
            return f"at most {MAX_SAVED_FILTERS} filters can be saved: delete one first"
        else:
            saved[name] = query
        import json

        text = json.dumps(saved, ensure_ascii=False)
        if len(text) > MAX_SAVED_JSON_CHARS:  # read back, it would be ignored: every filter lost
            return f"the saved filters would be over {MAX_SAVED_JSON_CHARS:,} characters: delete some first"
        return self.write({"query/saved": text})
