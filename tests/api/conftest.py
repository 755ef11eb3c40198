"""An API over the backend test corpus in an embedded index, with a reader key of `public` and an
admin key of every collection."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI

from api.access import KeyGate
from api.app import Service, create_app
from api.keys import KeyStore, Role
from core.embed import SentenceTransformerEncoder
from core.settings import Settings
from search.backends.base import IndexSpec
from search.backends.factory import open_backend
from search.client import SearchClient
from tests.backends.corpus import DOCUMENTS, embedded_items


@dataclass(frozen=True)
class Served:
    service: Service
    app: FastAPI
    reader: str
    admin: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("api")
    settings = Settings(api_requests_per_minute=100_000)
    backend = open_backend(folder / "index", settings, IndexSpec(encoder.name, encoder.dimension), create=True)
    backend.upsert(embedded_items(DOCUMENTS, encoder))
    keys = KeyStore(folder / "index")
    _, reader = keys.create("reader", Role.READER, ("public",))
    _, admin = keys.create("admin", Role.ADMIN, None)
    service = Service(SearchClient(backend, settings, encoder), KeyGate(keys, 100_000), settings, folder / "index")
    yield Served(service, create_app(service), reader, admin)
    keys.close()
    backend.close()
