"""The embedded backend's result page: the documents of a page with their best passages
(by words and by meaning, highlighted), and the facet counts of the whole result set."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field

import tantivy
from tantivy import Occur

from core.model import Chunk
from search.backends.embedded.records import Records, as_int
from search.backends.embedded.schema import CHUNK, stored_chunk
from search.backends.embedded.snapshots import View
from search.backends.embedded.snippets import Highlighter
from search.backends.embedded.text_query import QueryBuilder
from search.errors import BackendError
from search.model import FACET_FIELDS, DocumentHit, Facets, Mode, Query, positive_leaves
from search.pages import choose_chunks, facet_buckets, page_hit

# Exact terms aggregation: ask each segment for more buckets than any facet has values.
_FACET_SIZE = 100_000


@dataclass
class PageEntry:
    doc_no: int
    score: float
    keyword_rank: int | None
    semantic_rank: int | None


@dataclass
class RankInfo:
    """What ranking found on the way that the page reuses: each candidate's closest chunks (vector
    positions, cosine), where the keyword ranking found each document's record, and the time the
    semantic side took on its own thread."""

    semantic_ms: float = 0.0
    semantic_chunks: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    # Document records the keyword ranking found, by doc number.
    addresses: dict[int, tantivy.DocAddress] = field(default_factory=dict)
    # The result set's size, being counted on another thread while the page is built.
    pending_total: Future[int] | None = None


class ResultPage:
    """Builds what a search returns beyond the ranking: hits with passages, and facets."""

    def __init__(self, builder: QueryBuilder, records: Records) -> None:
        self._builder = builder
        self._records = records

    def facets(self, searcher: tantivy.Searcher, result_set: tantivy.Query) -> Facets:
        spec = {
            name: {"terms": {"field": field_name, "size": _FACET_SIZE, "segment_size": _FACET_SIZE}}
            for name, field_name in FACET_FIELDS.items()
        }
        try:
            aggregations = searcher.aggregate(result_set, spec)
        except ValueError as e:
            raise BackendError(f"facet aggregation failed: {e}") from e
        return Facets(**{name: facet_buckets(aggregations.get(name, {})) for name in FACET_FIELDS})

    def document_hits(self, view: View, query: Query, page: list[PageEntry], info: RankInfo) -> list[DocumentHit]:
        if not page:
            return []
        doc_nos = [entry.doc_no for entry in page]
        documents = self._records.documents_by_no(view.searcher, doc_nos, info.addresses)
        leaves = positive_leaves(query.keyword)
        # In semantic mode the words only highlight; the passages shown are the closest in meaning.
        picks_words = leaves and query.mode is not Mode.SEMANTIC
        keyword_chunks, loaded = self._keyword_chunks(view.searcher, query, doc_nos) if picks_words else ({}, {})
        highlighter = Highlighter(self._builder.highlight_stems(leaves))
        chunk_ids = view.vectors.table.chunk_ids
        chosen = {
            doc_no: choose_chunks(
                keyword_chunks.get(doc_no, []),
                [(str(chunk_ids[position]), score) for position, score in info.semantic_chunks.get(doc_no, [])],
                query.chunks_per_document,
            )
            for doc_no in doc_nos
        }
        for doc_no, card in documents.items():
            if not chosen[doc_no]:
                chosen[doc_no] = [(f"{card.id}#0", 0.0)]
        wanted = [chunk_id for picks in chosen.values() for chunk_id, _ in picks if chunk_id not in loaded]
        chunks = {**loaded, **self._records.chunks_by_id(view.searcher, wanted)}
        hits = []
        for entry in page:
            document = documents.get(entry.doc_no)
            if document is None:
                continue
            chunk_hits = tuple(
                page_hit(chunks[chunk_id], score, highlighter.snippet(chunks[chunk_id].text))
                for chunk_id, score in chosen[entry.doc_no]
                if chunk_id in chunks
            )
            hits.append(DocumentHit(document, entry.score, chunk_hits, entry.keyword_rank, entry.semantic_rank))
        return hits

    def _keyword_chunks(
        self, searcher: tantivy.Searcher, query: Query, doc_nos: list[int]
    ) -> tuple[dict[int, list[tuple[str, float]]], dict[str, Chunk]]:
        """Chunks of the page's documents ranked by the query's positive words, and those chunks loaded."""
        words = self._builder.chunk_words(positive_leaves(query.keyword))
        if words is None:
            return {}, {}
        match = tantivy.Query.boolean_query(
            [
                (Occur.Must, self._builder.kind(CHUNK)),
                (Occur.Must, self._builder.doc_numbers(doc_nos)),
                (Occur.Must, words),
            ]
        )
        limit = len(doc_nos) * query.chunks_per_document * 4
        hits = searcher.search(match, limit, count=False).hits
        by_doc: dict[int, list[tuple[str, float]]] = {}
        loaded: dict[str, Chunk] = {}
        numbers = searcher.fast_field_values("doc_no", [address for _, address in hits]) if hits else []
        for (score, address), doc_no in zip(hits, numbers, strict=True):
            picks = by_doc.setdefault(as_int(doc_no), [])
            if len(picks) < query.chunks_per_document:
                chunk = stored_chunk(searcher.doc(address))
                loaded[chunk.id] = chunk
                picks.append((chunk.id, float(score)))
        return by_doc, loaded
