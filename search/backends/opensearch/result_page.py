"""The OpenSearch backend's result page: the documents of a page with their best passages (by
words and by meaning, highlighted by the cluster), read in one request per window, and facets."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from core.model import Chunk
from search.backends.opensearch import queries
from search.backends.opensearch.bulk import document_from_record
from search.backends.opensearch.snapshot import JSON, SnapshotReader, hits_of, score_of
from search.model import FACET_FIELDS, AnyOf, DocumentHit, Facets, Hit, Mode, Query, positive_leaves
from search.pages import choose_chunks, facet_buckets, opening, page_hit
from search.serialize import chunk_from_dict


@dataclass
class Ranked:
    """One side's document ranking: ids best first, with scores."""

    ids: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    total: int = 0
    # Per document, the chunks the semantic side found, closest first: (chunk id, cosine).
    chunks: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


@dataclass
class Entry:
    document_id: str
    score: float
    keyword_rank: int | None
    semantic_rank: int | None


class ResultPage:
    """Builds what a search returns beyond the ranking: hits with passages."""

    def __init__(self, reader: SnapshotReader) -> None:
        self._reader = reader

    def document_hits(self, query: Query, page: list[Entry], semantic: Ranked) -> list[DocumentHit]:
        """The page's documents with their best passages: by words and by meaning, taken in turn
        (the document's first chunk when neither finds one), read and highlighted in one request."""
        if not page:
            return []
        words = self._chunk_words(query)
        # In semantic mode the words only highlight; the passages shown are the closest in meaning.
        picks_words = words is not None and query.mode is not Mode.SEMANTIC
        found: dict[str, JSON] = {}
        window = self._reader.result_window()
        for start in range(0, len(page), window):
            batch = [entry.document_id for entry in page[start : start + window]]
            picked = [
                chunk_id
                for doc_id in batch
                for chunk_id in (
                    *(chunk_id for chunk_id, _ in semantic.chunks.get(doc_id, [])[: query.chunks_per_document]),
                    f"{doc_id}#0",
                )
            ]
            request = queries.page_request(batch, words if picks_words else None, query.chunks_per_document, picked)
            response = self._reader.search(request, "read the result page")
            found.update({str(hit["_id"]): hit for hit in hits_of(response)})
        hits = []
        for entry in page:
            hit = found.get(entry.document_id)
            if hit is None:
                continue
            by_words = _inner_chunks(hit, "words")
            shown = {chunk.id: (chunk, snippet) for chunk, _, snippet in [*by_words, *_inner_chunks(hit, "picked")]}
            chosen = choose_chunks(
                [(chunk.id, score) for chunk, score, _ in by_words],
                semantic.chunks.get(entry.document_id, []),
                query.chunks_per_document,
            )
            if not chosen:
                chosen = [(f"{entry.document_id}#0", 0.0)]
            chunk_hits = tuple(
                _hit(shown[chunk_id][0], score, shown[chunk_id][1]) for chunk_id, score in chosen if chunk_id in shown
            )
            document = document_from_record(hit.get("_source", {}))
            hits.append(DocumentHit(document, entry.score, chunk_hits, entry.keyword_rank, entry.semantic_rank))
        return hits

    def _chunk_words(self, query: Query) -> JSON | None:
        leaves = positive_leaves(query.keyword)
        return queries.expression(AnyOf(leaves), queries.CHUNK_FIELDS) if leaves else None


def _inner_chunks(hit: JSON, name: str) -> list[tuple[Chunk, float, str | None]]:
    """(chunk, score, highlighted snippet) of a result page hit's inner hits, best first."""
    document_id = str(hit.get("_id", ""))
    picks = []
    for item in hits_of(hit.get("inner_hits", {}).get(name, {})):
        source = item.get("_source")
        if not isinstance(source, dict) or "chunk_id" not in source:
            continue
        chunk = chunk_from_dict({**source, "document_id": document_id, "pages": source.get("pages") or []})
        fragments = item.get("highlight", {}).get("chunks.text") or []
        picks.append((chunk, score_of(item), str(fragments[0]) if fragments else None))
    return picks


def _hit(chunk: Chunk, score: float, snippet: str | None) -> Hit:
    """A page hit with the cluster's highlighted snippet, or the passage's opening where no word matched."""
    return page_hit(chunk, score, snippet if snippet is not None else html.escape(opening(chunk.text)))


def facets_of(response: JSON) -> Facets:
    aggregations = response.get("aggregations", {})
    return Facets(**{name: facet_buckets(aggregations.get(name, {})) for name in FACET_FIELDS})
