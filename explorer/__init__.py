"""Changelog Explorer: browse, filter and export release notes."""

__version__ = "0.1.0"
