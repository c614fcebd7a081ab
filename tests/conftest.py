"""Shared test set-up: Qt renders offscreen, and the corpus is found beside the repository."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
REFERENCE = CORPUS / "calico" / "v3.23.0-release-notes.md"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus; its absence is a failure, not a skip: CI always has it."""
    assert CORPUS.is_dir(), f"the corpus is expected at {CORPUS}"
    return CORPUS
