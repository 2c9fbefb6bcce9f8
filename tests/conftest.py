"""Shared fixtures: where the catalogue and ../shared live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CATALOGUE = REPO / "rules"
SHARED = Path(os.environ.get("TEL3SIS_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not present at {CORPUS} (a user's clone has none; CI does)")
    return CORPUS
