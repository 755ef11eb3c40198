"""The OpenSearch backend: the same semantics as the embedded one, on a cluster.

Documents are ranked at document level, as in the embedded backend: a keyword
query matches a document record's whole text, semantic search is a nested
k-NN query that ranks documents by their closest chunk, and hybrid fuses the two
document rankings, either in a search pipeline on the cluster or with
`search.fusion` here. Totals and facets count documents.

Consistency: the index refreshes only when a batch ends, and readers search a
point-in-time snapshot taken at open or `refresh()` (renewed when older than
FOI_OPENSEARCH_SNAPSHOT_MAX_AGE_S), so a reader never sees half a batch and the
requests behind one search see the same state. One writer at a time: a lock
record, renewed on every write, taken over only when older than the lock TTL.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from time import perf_counter
from typing import Any

import numpy as np
from opensearchpy import exceptions as os_errors

from core.model import Chunk, Document, IndexItem, Vector
from core.settings import FusionMethod, Settings, chunks_per_document
from search.backends.base import IndexSpec
from search.backends.opensearch import queries
from search.backends.opensearch.bulk import (
    chunks_from_record,
    document_from_record,
)
from search.backends.opensearch.connection import (
    NORMALIZATION_VERSION,
    RRF_VERSION,
    ClusterInfo,
    Connection,
    endpoint_from,
)
from search.backends.opensearch.lock import WriterLock
from search.backends.opensearch.mappings import (
    MAPPING_VERSION,
    create_index_body,
    mapping_version_of,
    physical_index_name,
    spec_from_mapping,
)
from search.backends.opensearch.result_page import Entry, Ranked, ResultPage, facets_of
from search.backends.opensearch.snapshot import SnapshotReader, hits_of, score_of, total_of
from search.backends.opensearch.writer import BulkWriter
from search.errors import (
    BackendError,
    BackendIncompatibleError,
    DocumentNotFoundError,
    IndexFormatError,
    IndexNotFoundError,
)
from search.fusion import (
    bm25_idf,
    calibrated_keyword_scores,
    content_leaves,
    coverage,
    implied_phrase,
    layered,
    leaf_weights,
    relaxed_expression,
)
from search.model import (
    Facets,
    Filters,
    IndexCounts,
    Phrase,
    Query,
    Result,
    Sort,
    Term,
    Timings,
)
from search.ranking import KeywordSide, RankEntry, Ranking, SemanticSide, rank

JSON = dict[str, Any]
log = logging.getLogger(__name__)

_EXPAND_NESTED_VERSION = (2, 19, 0)
_PAGINATION_DEPTH_VERSION = (2, 19, 0)
_HYBRID_MODES = ("auto", "pipeline", "client")
# OpenSearch's default: the most documents one k-NN query returns.
_MAX_K = 10_000


@dataclass(frozen=True)
class _Lifts:
    """What search.fusion.layered added to each layer's BM25 scores: to documents with every word,
    the best score of any-word documents; to those with the exact phrase, the best of every-word ones."""

    all_words: float = 0.0
    phrase: float = 0.0


@dataclass
class _Layers:
    """Keyword search in layers: the queries, the layered ranking, and how many documents hold every word."""

    match: JSON  # the result set: the filters and `words`
    words: JSON  # the any-word query (relaxed), or the query itself
    strict: JSON  # every word, as the user wrote the query
    any_word: JSON | None
    phrase: JSON | None
    ranked: Ranked
    all_words_total: int
    lifts: _Lifts = _Lifts()


class OpenSearchBackend:
    def __init__(
        self, connection: Connection, alias: str, spec: IndexSpec, settings: Settings, cluster: ClusterInfo
    ) -> None:
        if settings.opensearch_hybrid not in _HYBRID_MODES:
            raise BackendError(f"FOI_OPENSEARCH_HYBRID={settings.opensearch_hybrid!r} is not one of {_HYBRID_MODES}")
        self._connection = connection
        self._client = connection.client
        self._alias = alias
        self._spec = spec
        self._settings = settings
        self._cluster = cluster
        self._lock = WriterLock(connection, alias, settings)
        self._reader = SnapshotReader(connection, alias, settings)
        self._writer = BulkWriter(connection, alias, spec, settings, (self._lock, self._reader))
        self._page = ResultPage(self._reader)
        self._pipeline_failed = False
        self._pipelines: set[str] = set()
        self._stem_cache: dict[str, list[str]] = {}

    # -- opening ----------------------------------------------------------

    @classmethod
    def create(cls, url: str, spec: IndexSpec, settings: Settings) -> OpenSearchBackend:
        """Create the index (or open it for writing when it exists with the same spec)."""
        connection = Connection(endpoint_from(url, settings), settings)
        cluster = connection.check_compatible()
        alias = settings.opensearch_index
        existing = _read_spec(connection, alias)
        if existing is None:
            body = create_index_body(spec, settings, alias)
            name = physical_index_name(alias)
            try:
                connection.call(
                    f"create the index {name}", lambda: connection.client.indices.create(index=name, body=body)
                )
            except BackendError as e:
                raise _explain_create_failure(e, connection) from None
        elif existing != spec:
            raise IndexFormatError(
                f"index {alias} at {connection.endpoint.display} was built with {existing.embedding_model} "
                f"({existing.dimension}-d), not {spec.embedding_model} ({spec.dimension}-d): ingest with the "
                "encoder it was built with (FOI_EMBEDDING_BACKEND, FOI_EMBEDDING_MODEL), or into another "
                "index (FOI_OPENSEARCH_INDEX)"
            )
        backend = cls(connection, alias, spec, settings, cluster)
        backend._lock.acquire()
        return backend

    @classmethod
    def open(cls, url: str, settings: Settings, writable: bool = False) -> OpenSearchBackend:
        connection = Connection(endpoint_from(url, settings), settings)
        cluster = connection.check_compatible()
        alias = settings.opensearch_index
        spec = _read_spec(connection, alias)
        if spec is None:
            raise IndexNotFoundError(
                f"no FOI index {alias!r} at {connection.endpoint.display}: create one with `foi ingest`, "
                "or set FOI_OPENSEARCH_INDEX"
            )
        backend = cls(connection, alias, spec, settings, cluster)
        if writable:
            backend._lock.acquire()
        return backend

    @property
    def spec(self) -> IndexSpec:
        return self._spec

    @property
    def alias(self) -> str:
        return self._alias

    def close(self) -> None:
        self._reader.drop()
        if self._lock.held:
            self._lock.release()
        self._connection.close()

    def refresh(self) -> None:
        self._reader.drop()

    # -- writing ----------------------------------------------------------

    def upsert(self, items: Sequence[IndexItem]) -> None:
        self._writer.upsert(items)

    def delete(self, document_ids: Sequence[str]) -> int:
        return self._writer.delete(document_ids)

    # -- reading ----------------------------------------------------------

    def counts(self, filters: Filters | None = None) -> IndexCounts:
        response = self._reader.search(queries.counts_request(filters or Filters(duplicates=True)), "count documents")
        chunks = response.get("aggregations", {}).get("chunks", {}).get("value") or 0
        return IndexCounts(documents=total_of(response), chunks=int(chunks))

    def document(self, document_id: str) -> Document:
        sources = self._sources([document_id])
        if document_id not in sources:
            raise DocumentNotFoundError(f"no document with id {document_id!r} in {self._alias}")
        return document_from_record(sources[document_id])

    def chunks(self, document_id: str) -> list[Chunk]:
        sources = self._sources([document_id])
        return chunks_from_record(sources[document_id]) if document_id in sources else []

    def _sources(
        self, document_ids: list[str], with_vectors: bool = False, fields: Sequence[str] | None = None
    ) -> dict[str, JSON]:
        """The records of these documents (only `fields` of them, when given), read a window at a time."""
        found: dict[str, JSON] = {}
        window = self._reader.result_window()
        for start in range(0, len(document_ids), window):
            batch = document_ids[start : start + window]
            response = self._reader.search(queries.documents_request(batch, with_vectors, fields), "read documents")
            found.update({str(hit["_id"]): hit.get("_source", {}) for hit in hits_of(response)})
        return found

    def facets(self, query: Query) -> Facets:
        ranking, _ = self._rank(query)
        response = self._reader.search(queries.result_set_request(ranking.result_set, True), "count facets")
        return facets_of(response)

    def search(self, query: Query) -> Result:
        started = perf_counter()
        ranking, semantic = self._rank(query)
        facets_started = perf_counter()
        result_set = self._reader.search(
            queries.result_set_request(ranking.result_set, query.with_facets), "count results"
        )
        facets_ms = (perf_counter() - facets_started) * 1000
        page = [
            Entry(entry.document_id, entry.score, entry.keyword_rank, entry.semantic_rank)
            for entry in ranking.entries[query.offset : query.offset + query.limit]
        ]
        hits = self._page.document_hits(query, page, semantic)
        return Result(
            hits=tuple(hits),
            total=total_of(result_set),
            facets=facets_of(result_set) if query.with_facets else None,
            timings=Timings(
                total_ms=(perf_counter() - started) * 1000,
                keyword_ms=ranking.keyword_ms,
                semantic_ms=ranking.semantic_ms,
                facets_ms=facets_ms,
            ),
            warnings=query.warnings + ranking.warnings,
        )

    # -- ranking ----------------------------------------------------------

    def _rank(self, query: Query) -> tuple[Ranking[JSON], Ranked]:
        """The ranking by the shared strategy (search.ranking.rank) as request bodies, and the
        semantic side's closest chunks for the page."""
        engine = _QueryRanking(self, query)
        return rank(engine, query, self._query_vector(query)), engine.semantic

    def _keyword_layers(self, query: Query, strict: JSON, limit: int, relaxed: bool, sort: Sort) -> _Layers:
        """Documents with the exact phrase, then with every word, then (`relaxed`) with any content
        word, each layer by BM25 (queries.layered_keyword), in one request; the scores are the
        embedded backend's layered ones (search.fusion.layered), so that fusion treats them alike."""
        phrase_expr = implied_phrase(query.keyword)
        phrase = queries.expression(phrase_expr) if phrase_expr is not None else None
        relaxed_expr = relaxed_expression(query.keyword) if relaxed else None
        any_word = queries.expression(relaxed_expr) if relaxed_expr is not None else None
        words = any_word if any_word is not None else strict
        match = queries.documents_matching(query.filters, words)
        ranking = queries.documents_matching(query.filters, queries.layered_keyword(strict, any_word, phrase))
        hits, total, all_words_total = self._ranking_hits(ranking, limit, sort, strict)
        if sort is not Sort.RELEVANCE:
            ranked = self._ranked(hits)
            ranked.total = total
            return _Layers(match, words, strict, any_word, phrase, ranked, all_words_total)
        # Each hit's BM25 score (the layer boosts taken off) and its layers, then the shared layering.
        in_phrase: list[tuple[str, float]] = []
        in_all: list[tuple[str, float]] = []
        in_any: list[tuple[str, float]] = []
        for hit in hits:
            names = set(hit.get("matched_queries") or ())
            bm25 = score_of(hit)
            if queries.ALL_WORDS in names:
                bm25 -= queries.ALL_WORDS_BOOST
                if queries.EXACT_PHRASE in names:
                    bm25 -= queries.PHRASE_BOOST
            pair = (str(hit["_id"]), max(bm25, 0.0))
            in_any.append(pair)
            if queries.ALL_WORDS in names:
                in_all.append(pair)
                if queries.EXACT_PHRASE in names:
                    in_phrase.append(pair)
        pairs = layered(in_phrase, in_all) if in_phrase else in_all
        lifts = _Lifts(
            all_words=max((score for _, score in in_any), default=0.0),
            phrase=max((score for _, score in in_all), default=0.0),
        )
        if any_word is not None:
            pairs = layered(pairs, in_any)
        ranked = Ranked([doc_id for doc_id, _ in pairs], [score for _, score in pairs], total)
        return _Layers(match, words, strict, any_word, phrase, ranked, all_words_total, lifts)

    def _ranking_hits(
        self, match: JSON, size: int, sort: Sort, all_words: JSON | None = None
    ) -> tuple[list[JSON], int, int]:
        """The first `size` hits of a ranking, its total and (with `all_words`) how many of its documents
        hold every word. Deeper than the index's result window (an export of every match), the
        ranking is read window by window after the last hit's sort values, in the same snapshot."""
        window = self._reader.result_window()
        request = queries.keyword_ranking_request(match, min(size, window), sort, all_words)
        response = self._reader.search(request, "run the keyword search")
        hits = hits_of(response)
        total = total_of(response)
        all_words_total = int(response.get("aggregations", {}).get(queries.ALL_WORDS, {}).get("doc_count", total))
        page = hits
        while len(hits) < min(size, total) and len(page) == window and page[-1].get("sort"):
            request = queries.next_page_request(match, min(window, size - len(hits)), sort, page[-1]["sort"])
            page = hits_of(self._reader.search(request, "read the next window of the ranking"))
            hits += page
        return hits, total, all_words_total

    def _ranked(self, hits: list[JSON]) -> Ranked:
        return Ranked([str(hit["_id"]) for hit in hits], [score_of(hit) for hit in hits], len(hits))

    def _semantic_ranking(self, query: Query, vector: np.ndarray[Any, Any], candidates: int) -> Ranked:
        # k-NN returns at most _MAX_K documents, and one request reads at most the result window.
        candidates = min(candidates, _MAX_K, self._reader.result_window())
        top = chunks_per_document(query.fusion.chunk_aggregation)
        semantic = queries.semantic_query(
            vector.tolist(),
            candidates,
            query.filters,
            max(query.chunks_per_document, top),
            expand_chunks=self._cluster.supports(_EXPAND_NESTED_VERSION),
            exclude_ids=[query.like_document_id] if query.like_document_id else (),
        )
        response = self._reader.search(queries.semantic_request(semantic, candidates), "run the semantic search")
        scored: list[tuple[str, float]] = []
        ranked = Ranked()
        for hit in hits_of(response):
            doc_id = str(hit["_id"])
            chunks = _closest_chunks(hit, "semantic")
            best = _cosine(score_of(hit))
            # "sumN": a document scores by its best n chunks, as the embedded backend's (2.19+: every
            # chunk of a candidate document is scored, so its inner hits are its best chunks).
            score = sum(sorted((chunk_score for _, chunk_score in chunks), reverse=True)[:top]) if top > 1 else best
            scored.append((doc_id, score if chunks else best))
            ranked.chunks[doc_id] = chunks[: query.chunks_per_document]
        if top > 1:
            scored.sort(key=lambda pair: (-pair[1], pair[0]))
        ranked.ids = [doc_id for doc_id, _ in scored]
        ranked.scores = [score for _, score in scored]
        ranked.total = len(ranked.ids)
        return ranked

    def _query_vector(self, query: Query) -> np.ndarray[Any, Any] | None:
        if query.like_document_id is None:
            return query.vector
        sources = self._sources([query.like_document_id], with_vectors=True)
        if query.like_document_id not in sources:
            raise DocumentNotFoundError(f"no document with id {query.like_document_id!r} in {self._alias}")
        vectors = [chunk["embedding"] for chunk in sources[query.like_document_id].get("chunks") or []]
        if not vectors:
            return None
        mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm > 0 else None

    # -- calibrated keyword scores ---------------------------------------------------

    def _keyword_scores(self, query: Query, keyword: Ranked, semantic: Ranked) -> dict[str, float]:
        """Calibrated fusion's keyword scores for every candidate of either side, as the embedded
        backend's: each one's IDF-weighted share of the query's content words (search.fusion.coverage)
        blended with the layered BM25 score (search.fusion.calibrated_keyword_scores). Two requests:
        which words each candidate holds (named queries), and their document frequencies (filter
        aggregations)."""
        candidates = list(dict.fromkeys([*keyword.ids, *semantic.ids]))
        leaves = content_leaves(query.keyword)
        if not candidates or not leaves:
            return {}
        present: dict[str, list[int]] = {doc_id: [] for doc_id in candidates}
        leaf_queries = [queries.expression(leaf) for leaf in leaves]
        for start in range(0, len(candidates), self._reader.result_window()):
            batch = candidates[start : start + self._reader.result_window()]
            response = self._reader.search(queries.leaf_presence_request(batch, leaf_queries), "find the query's words")
            for hit in hits_of(response):
                names = set(hit.get("matched_queries") or ())
                present[str(hit["_id"])] = [index for index in range(len(leaves)) if queries.leaf_name(index) in names]
        shares = coverage(present, self._leaf_weights(leaves))
        return calibrated_keyword_scores(shares, dict(_pairs(keyword)))

    def _leaf_weights(self, leaves: tuple[Term | Phrase, ...]) -> list[float]:
        """search.fusion.leaf_weights, with BM25 IDF over document records from one request."""
        stems: list[list[str] | None] = [
            None if isinstance(leaf, Term) and leaf.prefix else self._stems(leaf.text) for leaf in leaves
        ]
        unique = list(dict.fromkeys(stem for group in stems if group for stem in group))
        response = self._reader.search(
            queries.document_frequency_request([queries.stemmed_term(stem) for stem in unique]),
            "count the documents that hold each word",
        )
        documents = total_of(response)
        aggregations = response.get("aggregations", {})
        idf = {
            stem: bm25_idf(int(aggregations.get(f"df-{index}", {}).get("doc_count", 0)), documents)
            for index, stem in enumerate(unique)
        }
        return leaf_weights(stems, idf)

    def _stems(self, text: str) -> list[str]:
        """The text's terms as the stemmed `text` field indexes them (the index's own analyzer)."""
        if text not in self._stem_cache:
            response = self._connection.call(
                "analyze the query's words",
                lambda: self._client.indices.analyze(index=self._alias, body=queries.analyze_request(text)),
            )
            self._stem_cache[text] = [str(token["token"]) for token in response.get("tokens", [])]
        return self._stem_cache[text]

    # -- hybrid fusion -------------------------------------------------------------------

    def _use_pipeline(self, query: Query, weights: tuple[float, float]) -> bool:
        """Whether a search pipeline on the cluster can fuse this query exactly as the app would:
        min-max (2.10+) always, RRF (2.19+) only with equal weights (the score-ranker takes none),
        calibrated never (its keyword score is not a ranking the cluster computes)."""
        mode = self._settings.opensearch_hybrid
        if mode == "client" or self._pipeline_failed or query.sort is not Sort.RELEVANCE:
            return False
        method = query.fusion.method
        if method is FusionMethod.CALIBRATED:
            return False
        minimum = RRF_VERSION if method is FusionMethod.RRF else NORMALIZATION_VERSION
        if not self._cluster.supports(minimum):
            if mode == "pipeline":
                raise BackendIncompatibleError(
                    f"OpenSearch {self._cluster.version_text} cannot fuse {method.value} in a search pipeline "
                    f"(needs {'.'.join(map(str, minimum))}): set FOI_OPENSEARCH_HYBRID=auto or client"
                )
            return False
        if query.offset + query.limit > min(_MAX_K, self._reader.result_window()):
            # Deeper than one hybrid request reads (an export of every match): the app pages and fuses.
            return False
        return method is not FusionMethod.RRF or weights[0] == weights[1]

    def _pipeline_order(
        self, query: Query, layers: _Layers, weights: tuple[float, float], vector: np.ndarray[Any, Any], needed: int
    ) -> list[tuple[str, float]] | None:
        fusion = query.fusion
        if fusion.method is FusionMethod.RRF:
            name, body = f"foi-rrf-{fusion.rrf_k}", queries.rrf_pipeline(fusion.rrf_k)
        else:
            name = f"foi-minmax-{weights[0]:g}-{weights[1]:g}"
            body = queries.normalization_pipeline(*weights)
        depth = max(query.keyword_candidates, query.semantic_candidates, needed)
        depth = min(depth, _MAX_K, self._reader.result_window())
        semantic = queries.semantic_query(
            vector.tolist(),
            depth,
            query.filters,
            1,
            expand_chunks=False,
            with_chunks=False,
            exclude_ids=[query.like_document_id] if query.like_document_id else (),
        )
        # The layers boosted by the lifts search.fusion.layered gave them: the keyword scores the
        # pipeline normalises are the app's layered scores (within a layer, BM25 of the any-word query).
        keyword = queries.documents_matching(
            query.filters,
            queries.layered_keyword(
                layers.strict,
                layers.any_word,
                layers.phrase,
                all_words_boost=layers.lifts.all_words if layers.any_word is not None else 0.0,
                phrase_boost=layers.lifts.phrase,
            ),
        )
        pagination = depth if self._cluster.supports(_PAGINATION_DEPTH_VERSION) else None
        request = queries.hybrid_request(keyword, semantic, min(needed, depth), pagination)
        try:
            if name not in self._pipelines:
                self._connection.call(
                    f"create the search pipeline {name}",
                    lambda: self._client.search_pipeline.put(id=name, body=body),
                )
                self._pipelines.add(name)
            response = self._reader.search(request, "run the hybrid search", pipeline=name)
        except BackendError as e:
            if self._settings.opensearch_hybrid == "pipeline":
                raise
            log.warning("hybrid search pipeline failed, fusing on the client from now on: %s", e)
            self._pipeline_failed = True
            return None
        return [(str(hit["_id"]), score_of(hit)) for hit in hits_of(response)]


class _QueryRanking:
    """search.ranking.RankingEngine for one query as OpenSearch requests; keeps the semantic side's
    closest chunks for the page, and the layers and vector for the cluster's own fusion."""

    def __init__(self, backend: OpenSearchBackend, query: Query) -> None:
        self._backend = backend
        self._query = query
        self._strict = queries.expression(query.keyword) if query.keyword is not None else None
        self._layers: _Layers | None = None
        self._vector: np.ndarray[Any, Any] | None = None
        self.semantic = Ranked()

    @property
    def has_words(self) -> bool:
        return self._strict is not None

    def browse(self, limit: int) -> KeywordSide[JSON]:
        match = queries.documents_matching(self._query.filters)
        ranked = self._backend._ranked(self._backend._ranking_hits(match, limit, self._query.sort)[0])
        return KeywordSide(match, _pairs(ranked), ranked.total, full_match=True)

    def keyword(self, limit: int, relaxed: bool, sort: Sort) -> KeywordSide[JSON]:
        if self._strict is None:
            return self.browse(limit)
        self._layers = self._backend._keyword_layers(self._query, self._strict, limit, relaxed, sort)
        ranked = self._layers.ranked
        return KeywordSide(self._layers.match, _pairs(ranked), ranked.total, self._layers.all_words_total > 0)

    def start_semantic(self, vector: Vector, candidates: int) -> Callable[[], SemanticSide]:
        started = perf_counter()
        self._vector = vector
        self.semantic = self._backend._semantic_ranking(self._query, vector, candidates)
        found = SemanticSide(_pairs(self.semantic), (perf_counter() - started) * 1000)
        return lambda: found

    def semantic_result_set(self) -> JSON:
        like = self._query.like_document_id
        excluded = [queries.ids_query([like])] if like else []
        return queries.documents_matching(self._query.filters, queries.ids_query(self.semantic.ids), excluded)

    def hybrid_result_set(self) -> tuple[JSON, int | None]:
        either = queries.either(self._keyword_layers().words, queries.ids_query(self.semantic.ids))
        return queries.documents_matching(self._query.filters, either), None

    def calibrated_keyword(self) -> dict[str, float]:
        return self._backend._keyword_scores(self._query, self._keyword_layers().ranked, self.semantic)

    def engine_fusion(self, weights: tuple[float, float]) -> list[tuple[str, float]] | None:
        """A search pipeline on the cluster, where it fuses exactly as the app would."""
        if self._vector is None or not self._backend._use_pipeline(self._query, weights):
            return None
        needed = self._query.offset + self._query.limit
        return self._backend._pipeline_order(self._query, self._keyword_layers(), weights, self._vector, needed)

    def by_date(self, entries: list[RankEntry]) -> list[RankEntry]:
        sources = self._backend._sources([entry.document_id for entry in entries], fields=["date"])
        dates = {doc_id: str(source.get("date") or "") for doc_id, source in sources.items()}
        newest = self._query.sort is Sort.NEWEST
        dated = sorted((e for e in entries if dates.get(e.document_id)), key=lambda e: e.document_id)
        dated.sort(key=lambda e: dates[e.document_id], reverse=newest)
        undated = sorted((e for e in entries if not dates.get(e.document_id)), key=lambda e: e.document_id)
        return dated + undated if newest else undated + dated

    def _keyword_layers(self) -> _Layers:
        if self._layers is None:
            raise AssertionError("hybrid ranking reads the keyword layers after ranking them")
        return self._layers


# -- helpers ---------------------------------------------------------------------


def _read_spec(connection: Connection, alias: str) -> IndexSpec | None:
    """The spec of the FOI index behind `alias`; None when there is none. An index this version
    cannot read (another mapping version, not an FOI index) is refused, saying what to do."""
    try:
        mappings = connection.client.indices.get_mapping(index=alias)
    except os_errors.NotFoundError:
        return None
    except os_errors.TransportError as e:
        raise connection.translate(e, f"read the mapping of {alias}") from None
    where = connection.endpoint.display
    metas = {index: body.get("mappings", {}).get("_meta", {}) for index, body in mappings.items()}
    for index, meta in metas.items():
        version = mapping_version_of(meta)
        if version is None:
            raise IndexFormatError(f"{alias} at {where} is not an FOI index: set FOI_OPENSEARCH_INDEX to another name")
        if version != MAPPING_VERSION:
            raise IndexFormatError(
                f"the index {index} ({alias} at {where}) was made with FOI mapping version {version}; this "
                f"version reads {MAPPING_VERSION}. Ingest into a new index (set FOI_OPENSEARCH_INDEX to another "
                f"name, or delete {index}) and run `foi ingest` again"
            )
    specs = {spec_from_mapping(meta) for meta in metas.values()}
    if None in specs or not specs:
        raise IndexFormatError(f"{alias} at {where} is not an FOI index: set FOI_OPENSEARCH_INDEX to another name")
    if len(specs) > 1:
        raise IndexFormatError(f"{alias} points at indices built with different models: {specs}")
    return specs.pop()


def _explain_create_failure(error: BackendError, connection: Connection) -> BackendError:
    text = str(error)
    if "knn_vector" in text and ("No handler" in text or "unknown" in text.lower()):
        return BackendIncompatibleError(
            f"OpenSearch at {connection.endpoint.display} does not know the knn_vector type: install the k-NN plugin"
        )
    return error


def _cosine(knn_score: float) -> float:
    """The Lucene/Faiss cosinesimil score is (1 + cosine) / 2; callers see the cosine itself."""
    return 2.0 * knn_score - 1.0


def _pairs(ranked: Ranked) -> list[tuple[str, float]]:
    return list(zip(ranked.ids, ranked.scores, strict=True))


def _closest_chunks(hit: JSON, name: str) -> list[tuple[str, float]]:
    """(chunk id, cosine) of a semantic hit's inner hits, closest first."""
    picks = []
    for item in hits_of(hit.get("inner_hits", {}).get(name, {})):
        chunk_ids = item.get("fields", {}).get("chunks.chunk_id") or []
        if chunk_ids:
            picks.append((str(chunk_ids[0]), _cosine(score_of(item))))
    return picks


def delete_index(url: str, settings: Settings) -> None:
    """Remove the FOI index behind settings.opensearch_index (every versioned index of the alias)."""
    connection = Connection(endpoint_from(url, settings), settings)
    try:
        found = connection.client.indices.get_alias(name=settings.opensearch_index)
    except os_errors.NotFoundError:
        connection.close()
        return
    except os_errors.TransportError as e:
        raise connection.translate(e, "find the index to delete") from None
    for index in found:
        connection.call(f"delete {index}", partial(connection.client.indices.delete, index=index))
    connection.close()
