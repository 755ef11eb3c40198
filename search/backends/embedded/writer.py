"""Writing the embedded index: the one writer of a folder (Tantivy's lock) and its batch commits.

Vectors are appended to the vector file and synced, then the next generation's chunk table is
written, and only then is Tantivy committed with a meta record naming that generation: the commit
switches both stores at once, so a reader sees a whole batch or none of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import tantivy
from numpy.typing import NDArray

from core.model import Chunk, IndexItem
from search.backends.base import IndexSpec
from search.backends.embedded.records import Records
from search.backends.embedded.schema import META, body_record, chunk_record, document_record, meta_record
from search.backends.embedded.snapshots import View
from search.backends.embedded.vectors import Table, TableStore, VectorFile
from search.errors import BackendError, IndexLockedError

_WRITER_HEAP = 128_000_000


class BatchWriter:
    """Holds the folder's write lock from opening to `close`; each upsert or delete is one commit."""

    def __init__(
        self,
        index: tantivy.Index,
        folder: Path,
        spec: IndexSpec,
        stores: tuple[TableStore, VectorFile],
        records: Records,
    ) -> None:
        self._index = index
        self._folder = folder
        self._spec = spec
        self._tables, self._vector_file = stores
        self._records = records
        try:
            self._writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)
        except ValueError as e:
            raise IndexLockedError(f"another process is writing to the index {folder}: {e}") from e

    def close(self) -> None:
        self._writer.wait_merging_threads()

    def upsert(self, items: Sequence[IndexItem], view: View) -> None:
        latest = {item.document.id: item for item in items}
        chunks = [chunk for item in latest.values() for chunk in item.chunks]
        vectors = self._embeddings(chunks)
        table = view.vectors.table.without_documents(self._records.doc_nos(view.searcher, list(latest)))
        rows = self._vector_file.append(vectors) if chunks else np.array([], dtype=np.int64)
        doc_no_of = {doc_id: table.next_doc_no + offset for offset, doc_id in enumerate(latest)}
        table = table.appended(
            [chunk.id for chunk in chunks],
            rows,
            np.array([doc_no_of[chunk.document_id] for chunk in chunks], dtype=np.int64),
            table.next_doc_no + len(latest),
        )
        records = [document_record(item.document, doc_no_of[doc_id]) for doc_id, item in latest.items()]
        records += [chunk_record(chunk, doc_no_of[chunk.document_id]) for chunk in chunks]
        records += [body_record(item.document, doc_no_of[doc_id]) for doc_id, item in latest.items()]
        self._commit(table, list(latest), records)

    def delete(self, document_ids: Sequence[str], view: View) -> int:
        doc_nos = self._records.doc_nos(view.searcher, list(document_ids))
        if len(doc_nos) == 0:
            return 0
        table = view.vectors.table.without_documents(doc_nos)
        table = table.appended([], np.array([], dtype=np.int64), np.array([], dtype=np.int64), table.next_doc_no)
        self._commit(table, list(document_ids), [])
        return len(doc_nos)

    def _commit(self, table: Table, replaced: list[str], records: list[tantivy.Document]) -> None:
        # The table is written before the commit that names it: a reader that
        # sees the commit always finds its table.
        self._tables.save(table)
        try:
            for doc_id in replaced:
                self._writer.delete_documents_by_term("doc_id", doc_id)
            self._writer.delete_documents_by_term("kind", META)
            for record in records:
                self._writer.add_document(record)
            self._writer.add_document(meta_record(table.generation))
            self._writer.commit()
        except (ValueError, OSError, RuntimeError) as e:
            self._writer.rollback()
            raise BackendError(f"committing {len(replaced)} documents to {self._folder} failed: {e}") from e
        self._index.reload()
        self._tables.prune(table.generation)

    def _embeddings(self, chunks: list[Chunk]) -> NDArray[np.float32]:
        for chunk in chunks:
            if chunk.embedding is None or chunk.embedding.shape != (self._spec.dimension,):
                shape = None if chunk.embedding is None else chunk.embedding.shape
                raise ValueError(f"chunk {chunk.id} needs a {self._spec.dimension}-d embedding, got {shape}")
        if not chunks:
            return np.zeros((0, self._spec.dimension), dtype=np.float32)
        return np.stack([chunk.embedding for chunk in chunks if chunk.embedding is not None]).astype(np.float32)
