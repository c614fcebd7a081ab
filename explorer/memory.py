"""Giving the system back the memory a large load used for a while and freed."""

from __future__ import annotations

import functools
import sys


@functools.cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # not at the window's start: the first load needs it

    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc's; musl and others have none
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


FREE_STEP = 50_000  # references dropped in one call: a few milliseconds


def free_in_slices(items: list) -> None:
    """Empty a list a slice at a time. Dropping a million references is one call that holds
    the interpreter lock (and so the window) for tens of milliseconds: each object touched is
    a cache miss. Between slices, other threads get their turn."""
    while items:
        del items[-FREE_STEP:]


def release_free_memory() -> None:
    """Hand the pages that the C allocator holds free back to the system.

    A file's text and a parse's scratch are hundreds of megabytes at a million changes. Freed,
    glibc keeps most of them mapped for later allocations, which Python's small objects never
    reuse: the process stayed 250 MB larger than what it holds. malloc_trim gives them back
    (it runs without the interpreter lock). Elsewhere nothing is done.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
