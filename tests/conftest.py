"""Shared fixtures. The encoder is the real all-MiniLM-L6-v2 model, loaded once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.embed import SentenceTransformerEncoder

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()
