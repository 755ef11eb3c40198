"""Reading the embedded index's records in one snapshot: documents, cards, chunks, doc numbers.

Every record kind shares one Tantivy index (schema.py): a `doc` record per document (its card and
filters), a `body` record with its text, a `chunk` record per chunk and one `meta` record naming
the generation of the vector table that goes with the commit."""

from __future__ import annotations

import numpy as np
import tantivy
from numpy.typing import NDArray
from tantivy import Occur

from core.model import Chunk, Document
from search.backends.embedded.schema import CHUNK, DOC, stored_card, stored_chunk
from search.backends.embedded.text_query import QueryBuilder
from search.errors import IndexFormatError


class Records:
    """Look-ups by document id, doc number and chunk id, for the writer, the ranking and the page."""

    def __init__(self, builder: QueryBuilder) -> None:
        self._builder = builder

    def doc_nos(self, searcher: tantivy.Searcher, document_ids: list[str]) -> NDArray[np.int64]:
        if not document_ids:
            return np.array([], dtype=np.int64)
        match = self.records_query(DOC, "doc_id", document_ids)
        addresses = [address for _, address in searcher.search(match, len(document_ids), count=False).hits]
        return np.array(searcher.fast_field_values("doc_no", addresses) if addresses else [], dtype=np.int64)

    def doc_records(self, doc_nos: list[int]) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(Occur.Must, self._builder.kind(DOC)), (Occur.Must, self._builder.doc_numbers(doc_nos))]
        )

    def records_query(self, kind: str, field_name: str, values: list[str]) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [(Occur.Must, self._builder.kind(kind)), (Occur.Must, self._builder.any_of(field_name, values))]
        )

    def records(
        self, searcher: tantivy.Searcher, match: tantivy.Query, limit: int | None = None
    ) -> list[tantivy.Document]:
        """Every record the query matches; `limit`, when the most there can be is known, saves counting first."""
        wanted = count(searcher, match) if limit is None else limit
        if wanted == 0:
            return []
        return [searcher.doc(address) for _, address in searcher.search(match, wanted, count=False).hits]

    def chunks_by_id(self, searcher: tantivy.Searcher, chunk_ids: list[str]) -> dict[str, Chunk]:
        if not chunk_ids:
            return {}
        records = self.records(searcher, self.records_query(CHUNK, "chunk_id", chunk_ids), len(chunk_ids))
        return {chunk.id: chunk for chunk in map(stored_chunk, records)}

    def documents_by_no(
        self, searcher: tantivy.Searcher, doc_nos: list[int], known: dict[int, tantivy.DocAddress]
    ) -> dict[int, Document]:
        """The page's documents as cards (no text), read where the ranking found them, else looked up."""
        addresses = [known[doc_no] for doc_no in doc_nos if doc_no in known]
        missing = [doc_no for doc_no in doc_nos if doc_no not in known]
        if missing:
            addresses += [address for _, address in searcher.search(self.doc_records(missing), len(missing)).hits]
        documents = {}
        for address in addresses:
            record = searcher.doc(address)
            documents[as_int(record.get_first("doc_no"))] = stored_card(record)
        return documents

    def date_keys(self, searcher: tantivy.Searcher, doc_nos: list[int]) -> dict[int, int]:
        match = self.doc_records(doc_nos)
        addresses = [address for _, address in searcher.search(match, len(doc_nos), count=False).hits]
        numbers = searcher.fast_field_values("doc_no", addresses)
        keys = searcher.fast_field_values("date_key", addresses)
        return {as_int(no): as_int(key) for no, key in zip(numbers, keys, strict=True)}


def count(searcher: tantivy.Searcher, match: tantivy.Query) -> int:
    # A constant score: counting then skips BM25 (term frequencies, field norms), 1.2-3x faster.
    constant = tantivy.Query.const_score_query(match, 1.0)
    return as_int(searcher.search(constant, 1, count=True).count)  # type: ignore[attr-defined]


def as_int(value: object) -> int:
    """Tantivy's stubs type stored and fast-field values loosely; ours are integers."""
    if not isinstance(value, int):
        raise IndexFormatError(f"expected an integer in the index, found {value!r}")
    return value


def generation(searcher: tantivy.Searcher, meta: tantivy.Query) -> int:
    hits = searcher.search(meta, 1, count=False).hits
    if not hits:
        return 0
    return as_int(searcher.doc(hits[0][1]).get_first("generation"))
