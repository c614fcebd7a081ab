"""The desktop window: the only part of Changelog Explorer that uses Qt."""

from typing import TYPE_CHECKING

# The modules of the notes that the window uses are imported before Qt: once Qt is loaded,
# PySide reads the source of every module imported after it (looking for its __feature__
# switches), which lengthened the window's start.
from explorer import browse, disk, inspect, memory, model, query, render, versions  # noqa: F401

if TYPE_CHECKING:
    from typing_extensions import override
else:
    def override(method):
        """typing.override of Python 3.12: a mark for the type checker, nothing at run time (so
        the window's start does not import typing_extensions)."""
        return method

__all__ = ["override"]
