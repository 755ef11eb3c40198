"""Backends under the conformance suite. Every test in this folder runs once per
backend; a backend that cannot run here is skipped with its reason (in CI, where
scripts/test.sh starts an OpenSearch node, a missing node fails instead)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from core.embed import SentenceTransformerEncoder
from core.model import IndexItem
from core.settings import Settings
from search.backends.base import IndexSpec, SearchBackend
from search.backends.factory import open_backend as open_any_backend
from tests.backends.corpus import DOCUMENTS, embedded_items

BackendFactory = Callable[..., SearchBackend]


@cache
def opensearch_unavailable_reason() -> str | None:
    """Why the OpenSearch half cannot run here (None when a node answers at FOI_OPENSEARCH_URL)."""
    url = os.environ.get("FOI_OPENSEARCH_URL", "")
    if not url:
        return (
            "FOI_OPENSEARCH_URL is not set: no OpenSearch node to test against "
            "(scripts/opensearch.sh start prints the URL of a local one)"
        )
    from search.backends.opensearch.connection import Connection, endpoint_from
    from search.errors import SearchError

    try:
        connection = Connection(endpoint_from(url, Settings.from_env()), Settings.from_env())
        try:
            connection.check_compatible()
        finally:
            connection.close()
    except SearchError as e:
        return f"the OpenSearch node at FOI_OPENSEARCH_URL cannot be used: {e}"
    return None


@pytest.fixture(scope="session")
def opensearch_unavailable() -> str | None:
    return opensearch_unavailable_reason()


def require_opensearch(reason: str | None) -> None:
    """Skip a test that needs the node when there is none, except in CI, where that is a failure:
    CI starts a node (scripts/opensearch.sh), so a missing one means a broken run, not a choice."""
    if reason is None:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(params=["embedded", "opensearch"])
def backend_kind(request: pytest.FixtureRequest, opensearch_unavailable: str | None) -> str:
    kind = str(request.param)
    if kind == "opensearch":
        require_opensearch(opensearch_unavailable)
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


@pytest.fixture(scope="session")
def corpus_items(encoder: SentenceTransformerEncoder) -> list[IndexItem]:
    return embedded_items(DOCUMENTS, encoder)


@pytest.fixture
def loaded(open_backend: BackendFactory, corpus_items: list[IndexItem]) -> SearchBackend:
    """The test corpus (tests/backends/corpus.py) in a fresh index of the backend under test."""
    backend = open_backend()
    backend.upsert(corpus_items)
    return backend
