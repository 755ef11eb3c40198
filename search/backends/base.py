"""The SearchBackend protocol: what every engine behind SearchClient provides.

It speaks only `search.model` types; nothing engine-specific crosses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from core.model import Chunk, Document, IndexItem
from search.model import Facets, Filters, IndexCounts, Query, Result


@dataclass(frozen=True)
class IndexSpec:
    """Fixed when an index is created: which encoder its vectors come from."""

    embedding_model: str
    dimension: int


class SearchBackend(Protocol):
    @property
    def spec(self) -> IndexSpec: ...

    def upsert(self, items: Sequence[IndexItem]) -> None:
        """Insert or replace documents; a replaced document keeps none of its old chunks.
        A batch is all-or-nothing for readers."""

    def delete(self, document_ids: Sequence[str]) -> int:
        """Remove documents and their chunks; returns how many were present."""

    def search(self, query: Query) -> Result: ...

    def facets(self, query: Query) -> Facets:
        """Facet counts of the query's whole filtered result set."""

    def document(self, document_id: str) -> Document:
        """The document with its full text; raises DocumentNotFoundError."""

    def chunks(self, document_id: str) -> list[Chunk]:
        """The document's chunks in order (without embeddings)."""

    def counts(self, filters: Filters | None = None) -> IndexCounts:
        """Documents and chunks in the index, or in the part of it that passes the filters."""

    def refresh(self) -> None:
        """See the latest committed state (readers of an index another process writes)."""

    def close(self) -> None: ...
