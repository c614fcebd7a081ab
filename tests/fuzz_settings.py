"""Coverage-guided fuzzing of the settings reader with atheris: a settings file holding anything.

    pip install atheris
    python tests/fuzz_settings.py -max_total_time=600 -timeout=10 -rss_limit_mb=4096 [CORPUS_DIR]

Each input is written as an ini settings file and read through explorer.ui.settings.Settings, in
a QApplication as in the program. Every reader must return its declared type within its bound and
never raise, and Qt must find no value in the file that it deserializes (Settings removes those
first: Qt crashes on some). Then what was read is written back, and a copy of the file, read
afresh, must give the same; so must a recent file, a query and a saved filter added after that.
Any input that raises, takes over 10 s or exhausts memory is written to crash-*/timeout-* files;
add each one to tests/unit/test_settings.py.
"""

import atexit
import itertools
import json
import logging
import os
import shutil
import sys
import tempfile

import atheris

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

with atheris.instrument_imports():
    from explorer.ui.settings import KEYS, MAX_SAVED_JSON_CHARS, THEMES, Kind, Settings

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication

# in memory where there is such a folder: each input writes files, and QSettings syncs them
FOLDER = tempfile.mkdtemp(prefix="fuzz-settings-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
atexit.register(shutil.rmtree, FOLDER, True)
NUMBERS = itertools.count()


class _Formatting(logging.Handler):
    """Formats every warning logged (a value that cannot be shown must fail here), keeps none."""

    def emit(self, record: logging.LogRecord) -> None:
        self.format(record)


def _open(path: str) -> Settings:
    return Settings(QSettings(path, QSettings.Format.IniFormat))


def _copy(path: str) -> str:
    """A copy of the settings file under a new name: QSettings shares what it parsed between the
    objects on one file name (and keeps it after them), so only a new name is read from disk."""
    copy = os.path.join(FOLDER, f"{next(NUMBERS)}.ini")
    shutil.copyfile(path, copy)
    return copy


def assert_nothing_deserialized(settings: Settings) -> None:
    """Every value in the file, as Qt reads it, is what an ini file holds without deserializing:
    texts, bytes, nothing, or lists of them (Settings made the rest absent before Qt parsed it)."""
    for key in filter(None, settings.qsettings.allKeys()):  # "=5" has an empty key: no value to read
        value = settings.qsettings.value(key)
        for item in value if isinstance(value, list) else [value]:
            assert item is None or isinstance(item, (str, QByteArray)), (key, value)


def read_all(settings: Settings) -> dict[str, object]:
    """Every setting, checked against its declared type and bound."""
    values: dict[str, object] = {}
    for key, spec in KEYS.items():
        if spec.kind in (Kind.PATHS, Kind.TEXTS):
            value = {"recent": settings.recent, "query/history": settings.history,
                     "session/paths": settings.session_paths}[key]()
            assert isinstance(value, list) and len(value) <= spec.items, (key, value)
            for item in value:
                assert isinstance(item, str) and 0 < len(item) <= spec.chars and "\0" not in item, (key, value)
                assert spec.kind is Kind.TEXTS or os.path.isabs(item), (key, value)
            assert len(set(value)) == len(value), (key, value)
        elif spec.kind is Kind.FILTERS:
            value = settings.saved_filters()
            assert isinstance(value, dict) and len(value) <= spec.items, value
            for name, query in value.items():
                assert isinstance(name, str) and name.strip() and len(name) <= spec.chars, value
                assert isinstance(query, str) and len(query) <= spec.chars, value
        elif spec.kind is Kind.TEXT:
            value = settings.session_filter()
            assert isinstance(value, str) and len(value) <= spec.chars, value
        elif spec.kind is Kind.FLAG:
            value = settings.flag(key)
            assert isinstance(value, bool), (key, value)
        elif spec.kind is Kind.THEME:
            value = settings.theme()
            assert value in THEMES, value
        elif spec.kind is Kind.FOLDER:
            value = settings.export_folder()
            assert value == "" or (isinstance(value, str) and os.path.isdir(value)), value
        else:
            value = settings.state(key)
            assert value is None or (isinstance(value, QByteArray) and 0 < value.size() <= spec.chars), (key, value)
        values[key] = value
    return values


def one_input(data: bytes) -> None:
    path = os.path.join(FOLDER, f"{next(NUMBERS)}.ini")
    with open(path, "wb") as file:
        file.write(data)
    paths = [path]
    try:
        settings = _open(path)
        values = read_all(settings)
        assert_nothing_deserialized(settings)
        # Everything is written back, defaults too: a value that was ignored must not stay in the
        # file, where Qt may write it in another form (an @Variant number becomes a text "5").
        written = {key: value for key, value in values.items() if value is not None}
        written["query/saved"] = json.dumps(values["query/saved"], ensure_ascii=False)
        assert len(written["query/saved"]) <= MAX_SAVED_JSON_CHARS
        for key in values.keys() - written.keys():
            settings.qsettings.remove(key)
        settings.write(written)
        paths.append(_copy(path))
        again = _open(paths[-1])
        assert read_all(again) == values, (read_all(again), values)

        again.add_recent("/fuzzed/CHANGELOG.md")
        again.remember_query("fuzzed query")
        full = again.change_saved_filter("fuzzed", "author:fuzz")  # a problem when 200 are saved
        paths.append(_copy(paths[-1]))
        last = _open(paths[-1])
        assert last.recent()[0] == "/fuzzed/CHANGELOG.md" and last.history()[0] == "fuzzed query"
        assert full is not None or last.saved_filters()["fuzzed"] == "author:fuzz", full
    finally:
        for name in paths:
            os.remove(name)


if __name__ == "__main__":
    application = QApplication(sys.argv[:1])
    logger = logging.getLogger("explorer.ui.settings")
    logger.propagate = False
    logger.addHandler(_Formatting())
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
