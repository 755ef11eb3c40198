"""Writing an OpenSearch index: batches of documents (each with its chunks) in bulk requests,
under the writer lock, made visible to readers at once by a refresh."""

from __future__ import annotations

from collections.abc import Sequence

from core.model import IndexItem
from core.settings import Settings
from search.backends.base import IndexSpec
from search.backends.opensearch.bulk import delete_actions, index_actions, run_bulk
from search.backends.opensearch.connection import Connection
from search.backends.opensearch.lock import WriterLock
from search.backends.opensearch.snapshot import SnapshotReader
from search.errors import BulkIndexingError


class BulkWriter:
    """Upserts and deletes of one backend; each batch renews the lock, then refreshes the index."""

    def __init__(
        self,
        connection: Connection,
        alias: str,
        spec: IndexSpec,
        settings: Settings,
        guards: tuple[WriterLock, SnapshotReader],
    ) -> None:
        self._connection = connection
        self._client = connection.client
        self._alias = alias
        self._spec = spec
        self._settings = settings
        self._lock, self._reader = guards

    def upsert(self, items: Sequence[IndexItem]) -> None:
        self._lock.require()
        latest = {item.document.id: item for item in items}
        for item in latest.values():
            self._check_embeddings(item)
        if not latest:
            return
        self._lock.renew()
        report = run_bulk(
            self._connection, index_actions(self._alias, latest.values()), self._settings, "index documents"
        )
        self._commit()
        if report.failures:
            listed = "; ".join(f"{doc_id}: {reason}" for doc_id, reason in list(report.failures.items())[:5])
            raise BulkIndexingError(
                f"{len(report.failures)} of {len(latest)} documents were not indexed in {self._alias}: {listed}",
                report.failures,
            )

    def delete(self, document_ids: Sequence[str]) -> int:
        self._lock.require()
        unique = list(dict.fromkeys(document_ids))
        if not unique:
            return 0
        self._lock.renew()
        report = run_bulk(self._connection, delete_actions(self._alias, unique), self._settings, "delete documents")
        self._commit()
        if report.failures:
            raise BulkIndexingError(f"{len(report.failures)} documents were not deleted", report.failures)
        return len(report.done)

    def _check_embeddings(self, item: IndexItem) -> None:
        for chunk in item.chunks:
            if chunk.embedding is None or chunk.embedding.shape != (self._spec.dimension,):
                shape = None if chunk.embedding is None else chunk.embedding.shape
                raise ValueError(f"chunk {chunk.id} needs a {self._spec.dimension}-d embedding, got {shape}")

    def _commit(self) -> None:
        """Make the batch visible to readers at once, and to this process's next read."""
        self._connection.call(f"refresh {self._alias}", lambda: self._client.indices.refresh(index=self._alias))
        self._reader.drop()
