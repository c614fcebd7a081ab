"""The desktop window: the only part of Changelog Explorer that uses Qt."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import override
else:
    def override(method):
        """typing.override of Python 3.12: a mark for the type checker, nothing at run time (so
        the window's start does not import typing_extensions)."""
        return method

__all__ = ["override"]
