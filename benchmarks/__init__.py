"""Reproducible speed and memory measurements of Changelog Explorer."""
