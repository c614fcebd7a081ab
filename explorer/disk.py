"""How files and folders look on disk, to tell a real change from a spurious watcher event."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence


def signature(info: os.stat_result) -> tuple:
    """A file's identity, size and times: what changes when the file is written."""
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def disk_state(path: str):
    """How a path looks now: a file's signature; a folder's entries with theirs (a subfolder
    only by name: it is watched itself); None when it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return signature(info)
    entries: dict[str, object] = {}
    try:
        with os.scandir(path) as scan:
            for entry in scan:
                try:
                    entries[os.path.abspath(entry.path)] = (
                        "folder" if entry.is_dir(follow_symlinks=False)
                        else signature(entry.stat(follow_symlinks=False)))
                except OSError:
                    continue  # gone between the listing and the stat
    except OSError:
        return None
    return entries


def disk_states(paths: Sequence[str]) -> dict[str, object]:
    """The state of each file given and of each folder under the folders given, by absolute path."""
    states: dict[str, object] = {}
    for path in paths:
        path = os.path.abspath(path)
        if os.path.isdir(path):
            for root, _dirs, _files in os.walk(path):
                states[root] = disk_state(root)
        else:
            states[path] = disk_state(path)
    return states
