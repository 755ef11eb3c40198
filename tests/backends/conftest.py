"""Backends under the conformance suite. Every test in this folder runs once per
backend; a backend that cannot run here is skipped with its reason."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.embed import SentenceTransformerEncoder
from search.backends.base import IndexSpec, SearchBackend
from search.backends.embedded.backend import EmbeddedBackend
from search.settings import Settings

BackendFactory = Callable[..., SearchBackend]


@pytest.fixture(params=["embedded", "opensearch"])
def backend_kind(request: pytest.FixtureRequest) -> str:
    kind = str(request.param)
    if kind == "opensearch":
        if not os.environ.get("FOI_OPENSEARCH_URL"):
            pytest.skip("FOI_OPENSEARCH_URL is not set: no OpenSearch cluster to test against")
        pytest.skip("the OpenSearch backend is not part of this version (see the OpenSearch issue)")
    return kind


@pytest.fixture
def open_backend(backend_kind: str, tmp_path: Path, encoder: SentenceTransformerEncoder) -> Iterator[BackendFactory]:
    """open_backend(writable=True, **settings) opens the test's index, created on first use."""
    opened: list[SearchBackend] = []
    folder = tmp_path / "index"

    def factory(writable: bool = True, **overrides: object) -> SearchBackend:
        settings = replace(Settings(), **overrides)  # type: ignore[arg-type]
        if writable:
            backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), settings)
        else:
            backend = EmbeddedBackend.open(folder, settings)
        opened.append(backend)
        return backend

    yield factory
    for backend in opened:
        backend.close()
