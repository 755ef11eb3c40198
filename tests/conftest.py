"""Shared fixtures. The encoder is the real all-MiniLM-L6-v2 model, loaded once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.embed import SentenceTransformerEncoder

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SHARED = Path(__file__).resolve().parents[2] / "shared"
PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def encoder() -> SentenceTransformerEncoder:
    return SentenceTransformerEncoder()


@dataclass(frozen=True)
class RoundRobin:
    """The generated round-robin (scripts/make_round_robin.py, seed 1) ingested into an embedded index."""

    corpus: Path
    index: Path
    manifest: dict[str, Any]

    def files(self, campaign: str | None = None) -> list[dict[str, Any]]:
        return [entry for entry in self.manifest["files"] if campaign in (None, entry["campaign"])]


ROUND_ROBIN_FOLDERS = ("main", "lookalike", "duplicates")


@pytest.fixture(scope="session")
def round_robin(tmp_path_factory: pytest.TempPathFactory) -> RoundRobin:
    """One build a session: LibreOffice renders its PDFs and the real pipeline ingests it (about a minute)."""
    from click.testing import CliRunner

    from cli.main import main
    from scripts.make_round_robin import make_round_robin

    root = tmp_path_factory.mktemp("round-robin")
    corpus, index = root / "corpus", root / "index"
    manifest = make_round_robin(corpus, seed=1)
    result = CliRunner().invoke(
        main, ["ingest", *(str(corpus / folder) for folder in ROUND_ROBIN_FOLDERS), "--index", str(index), "--json"]
    )
    assert result.exit_code == 0, result.output
    return RoundRobin(corpus, index, manifest)
