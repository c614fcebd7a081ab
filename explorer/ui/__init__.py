"""The desktop window: the only part of Changelog Explorer that uses Qt."""

try:
    from typing import override
except ImportError:  # Python 3.11: the decorator only documents intent, so a no-op stands in
    def override(method):
        return method
