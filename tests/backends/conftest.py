"""Backends under the conformance suite. Every test in this folder runs once per
backend; a backend that cannot run here is skipped with its reason."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.embed import SentenceTransformerEncoder
from search.backends.base import IndexSpec, SearchBackend
from search.backends.factory import open_backend as open_any_backend
from search.settings import Settings

BackendFactory = Callable[..., SearchBackend]


@pytest.fixture(params=["embedded", "opensearch"])
def backend_kind(request: pytest.FixtureRequest) -> str:
    kind = str(request.param)
    if kind == "opensearch" and not os.environ.get("FOI_OPENSEARCH_URL"):
        pytest.skip(
            "FOI_OPENSEARCH_URL is not set: no OpenSearch cluster to test against "
            "(scripts/test-opensearch.sh starts one with Docker and runs this suite)"
        )
    return kind


@pytest.fixture
def open_backend(backend_kind: str, tmp_path: Path, encoder: SentenceTransformerEncoder) -> Iterator[BackendFactory]:
    """open_backend(writable=True, **settings) opens the test's index, created on first use."""
    opened: list[SearchBackend] = []
    folder = tmp_path / "index"
    spec = IndexSpec(encoder.name, encoder.dimension)
    # OpenSearch: an index per test with a random name, deleted afterwards.
    base = Settings.from_env()
    if backend_kind == "opensearch":
        base = replace(base, opensearch_index=f"foi-test-{uuid.uuid4().hex[:12]}", opensearch_replicas=0)
    location: str | Path = base.opensearch_url if backend_kind == "opensearch" else folder

    def factory(writable: bool = True, **overrides: object) -> SearchBackend:
        settings = replace(base, **overrides)  # type: ignore[arg-type]
        backend = open_any_backend(location, settings, spec, create=writable, writable=writable)
        opened.append(backend)
        return backend

    yield factory
    for backend in opened:
        backend.close()
    if backend_kind == "opensearch":
        from search.backends.opensearch.backend import delete_index

        delete_index(base.opensearch_url, base)
