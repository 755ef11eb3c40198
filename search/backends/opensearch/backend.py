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

import contextlib
import html
import logging
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import zip_longest
from time import perf_counter
from typing import Any

import numpy as np
from opensearchpy import exceptions as os_errors

from search.backends.base import IndexCounts, IndexSpec
from search.backends.embedded.snippets import opening
from search.backends.opensearch import queries
from search.backends.opensearch.bulk import (
    chunks_from_record,
    delete_actions,
    document_from_record,
    index_actions,
    run_bulk,
)
from search.backends.opensearch.connection import (
    NORMALIZATION_VERSION,
    RRF_VERSION,
    ClusterInfo,
    Connection,
    endpoint_from,
)
from search.backends.opensearch.mappings import (
    LOCK,
    alias_swap_body,
    create_index_body,
    index_mappings,
    index_settings,
    physical_index_name,
    spec_from_mapping,
)
from search.errors import (
    BackendError,
    BackendIncompatibleError,
    BulkIndexingError,
    DocumentNotFoundError,
    IndexFormatError,
    IndexLockedError,
    IndexNotFoundError,
    ReadOnlyIndexError,
)
from search.fusion import min_max_fusion, reciprocal_rank_fusion
from search.model import (
    AnyOf,
    Chunk,
    Document,
    DocumentHit,
    FacetBucket,
    Facets,
    FusionMethod,
    Hit,
    IndexItem,
    Mode,
    Query,
    Result,
    Sort,
    Timings,
    positive_leaves,
)
from search.settings import Settings

JSON = dict[str, Any]
log = logging.getLogger(__name__)

LOCK_ID = "__foi_writer_lock__"
_PIT_KEEP_ALIVE = "5m"
_EXPAND_NESTED_VERSION = (2, 19, 0)
_PAGINATION_DEPTH_VERSION = (2, 19, 0)
_HYBRID_MODES = ("auto", "pipeline", "client")


@dataclass
class _Ranked:
    """One side's document ranking: ids best first, with scores."""

    ids: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    total: int = 0
    # Per document, the chunks the semantic side found: (chunk position, score, snippet).
    chunks: dict[str, list[tuple[int, float, str | None]]] = field(default_factory=dict)


@dataclass
class _Entry:
    document_id: str
    score: float
    keyword_rank: int | None
    semantic_rank: int | None


@dataclass
class _Ranking:
    """What the ranking stage hands on: the whole result set's query, the ordered documents, timings."""

    result_set: JSON
    entries: list[_Entry]
    semantic: _Ranked = field(default_factory=_Ranked)
    keyword_ms: float = 0.0
    semantic_ms: float = 0.0
    warnings: tuple[str, ...] = ()


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
        self._writer_token: str | None = None
        self._pit_id: str | None = None
        self._pit_taken = 0.0
        self._pit_supported = True
        self._pipeline_failed = False
        self._pipelines: set[str] = set()

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
                f"({existing.dimension}-d), not {spec.embedding_model} ({spec.dimension}-d): use another "
                "FOI_OPENSEARCH_INDEX or the same model"
            )
        backend = cls(connection, alias, spec, settings, cluster)
        backend._acquire_lock()
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
            backend._acquire_lock()
        return backend

    @property
    def spec(self) -> IndexSpec:
        return self._spec

    @property
    def alias(self) -> str:
        return self._alias

    def close(self) -> None:
        self._drop_snapshot()
        if self._writer_token is not None:
            self._release_lock()
        self._connection.close()

    def refresh(self) -> None:
        self._drop_snapshot()

    # -- the writer lock ----------------------------------------------------

    def _lock_body(self, token: str) -> JSON:
        return {"kind": LOCK, "lock": {"owner": token, "heartbeat": time.time()}}

    def _acquire_lock(self) -> None:
        token = f"{socket.gethostname()}:{os.getpid()}:{id(self)}:{time.time()}"
        client = self._client
        try:
            client.create(index=self._alias, id=LOCK_ID, body=self._lock_body(token), refresh="true")
        except os_errors.ConflictError:
            self._take_over_stale_lock(token)
        except os_errors.TransportError as e:
            raise self._connection.translate(e, "take the writer lock") from None
        self._writer_token = token

    def _take_over_stale_lock(self, token: str) -> None:
        current = self._connection.call("read the writer lock", lambda: self._client.get(index=self._alias, id=LOCK_ID))
        held = current.get("_source", {}).get("lock", {})
        age = time.time() - float(held.get("heartbeat", 0))
        if age < self._settings.opensearch_lock_ttl_s:
            raise IndexLockedError(
                f"another process ({held.get('owner', '?')}) is writing to the index {self._alias}; "
                f"its lock is {age:.0f}s old and expires after {self._settings.opensearch_lock_ttl_s}s"
            )
        try:
            self._client.index(
                index=self._alias,
                id=LOCK_ID,
                body=self._lock_body(token),
                params={"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]},
            )
        except os_errors.ConflictError as e:
            raise IndexLockedError(f"another process took the writer lock of {self._alias} first") from e

    def _renew_lock(self) -> None:
        token = self._require_writer()
        current = self._connection.call("read the writer lock", lambda: self._client.get(index=self._alias, id=LOCK_ID))
        if current.get("_source", {}).get("lock", {}).get("owner") != token:
            self._writer_token = None
            raise IndexLockedError(f"this process no longer holds the writer lock of {self._alias}")
        try:
            self._client.index(
                index=self._alias,
                id=LOCK_ID,
                body=self._lock_body(token),
                params={"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]},
            )
        except os_errors.ConflictError as e:
            raise IndexLockedError(f"another process took the writer lock of {self._alias}") from e

    def _release_lock(self) -> None:
        token, self._writer_token = self._writer_token, None
        try:
            current = self._client.get(index=self._alias, id=LOCK_ID)
            if current.get("_source", {}).get("lock", {}).get("owner") == token:
                self._client.delete(
                    index=self._alias,
                    id=LOCK_ID,
                    refresh="true",
                    params={"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]},
                )
        except os_errors.TransportError as e:
            log.warning("could not release the writer lock of %s: %s", self._alias, type(e).__name__)

    def _require_writer(self) -> str:
        if self._writer_token is None:
            raise ReadOnlyIndexError(f"index {self._alias} was opened read-only")
        return self._writer_token

    # -- writing ----------------------------------------------------------

    def upsert(self, items: Sequence[IndexItem]) -> None:
        self._require_writer()
        latest = {item.document.id: item for item in items}
        for item in latest.values():
            self._check_embeddings(item)
        if not latest:
            return
        self._renew_lock()
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
        self._require_writer()
        unique = list(dict.fromkeys(document_ids))
        if not unique:
            return 0
        self._renew_lock()
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
        self._drop_snapshot()

    def rebuild(self) -> str:
        """Re-index into a new versioned index with the current mappings, then switch the alias
        atomically: readers keep searching the old index until the switch. Returns the new name."""
        self._require_writer()
        old = self._physical_indices()
        new = physical_index_name(self._alias)
        body = {"settings": index_settings(self._settings), "mappings": index_mappings(self._spec, self._settings)}
        self._connection.call(f"create the index {new}", lambda: self._client.indices.create(index=new, body=body))
        self._connection.call(
            f"copy {self._alias} into {new}",
            lambda: self._client.reindex(
                body={"source": {"index": self._alias}, "dest": {"index": new}},
                params={"wait_for_completion": "true", "refresh": "true", "timeout": "1h"},
                request_timeout=3600,
            ),
        )
        swap = alias_swap_body(self._alias, old, new)
        self._connection.call("switch the alias", lambda: self._client.indices.update_aliases(body=swap))
        for index in old:
            self._connection.call(f"delete {index}", partial(self._client.indices.delete, index=index))
        self._drop_snapshot()
        return new

    def _physical_indices(self) -> list[str]:
        found = self._connection.call(
            f"resolve the alias {self._alias}", lambda: self._client.indices.get_alias(name=self._alias)
        )
        return sorted(found)

    # -- the read snapshot --------------------------------------------------

    def _snapshot(self) -> str | None:
        """A point-in-time id to search, or None where the cluster offers none."""
        too_old = time.monotonic() - self._pit_taken > self._settings.opensearch_snapshot_max_age_s
        if self._pit_id is not None and too_old:
            self._drop_snapshot()
        if self._pit_id is None and self._pit_supported:
            try:
                created = self._client.create_pit(index=self._alias, params={"keep_alive": _PIT_KEEP_ALIVE})
                self._pit_id = str(created["pit_id"])
                self._pit_taken = time.monotonic()
            except os_errors.ConnectionError as e:
                raise self._connection.translate(e, "open a search snapshot") from None
            except (os_errors.TransportError, KeyError) as e:
                log.warning("point-in-time search unavailable (%s); searching the live index", type(e).__name__)
                self._pit_supported = False
        return self._pit_id

    def _drop_snapshot(self) -> None:
        pit_id, self._pit_id = self._pit_id, None
        if pit_id is not None:
            # A snapshot that cannot be deleted expires by itself.
            with contextlib.suppress(os_errors.TransportError):
                self._client.delete_pit(body={"pit_id": [pit_id]})

    def _search(self, body: JSON, what: str, pipeline: str | None = None) -> JSON:
        if pipeline is not None:
            return self._connection.call(
                what,
                lambda: self._client.search(index=self._alias, body=body, params={"search_pipeline": pipeline}),
            )
        pit_id = self._snapshot()
        if pit_id is None:
            return self._connection.call(what, lambda: self._client.search(index=self._alias, body=body))
        with_pit = {**body, "pit": {"id": pit_id, "keep_alive": _PIT_KEEP_ALIVE}}
        try:
            return self._connection.call(what, lambda: self._client.search(body=with_pit))
        except BackendError as e:
            if "search_context_missing" not in str(e) and "point in time" not in str(e).lower():
                raise
            # The snapshot expired: take a new one and ask again.
            self._pit_id = None
            return self._search(body, what)

    # -- reading ----------------------------------------------------------

    def counts(self) -> IndexCounts:
        response = self._search(queries.counts_request(), "count documents")
        chunks = response.get("aggregations", {}).get("chunks", {}).get("value") or 0
        return IndexCounts(documents=_total(response), chunks=int(chunks))

    def document(self, document_id: str) -> Document:
        sources = self._sources([document_id])
        if document_id not in sources:
            raise DocumentNotFoundError(f"no document with id {document_id!r} in {self._alias}")
        return document_from_record(sources[document_id])

    def chunks(self, document_id: str) -> list[Chunk]:
        sources = self._sources([document_id])
        return chunks_from_record(sources[document_id]) if document_id in sources else []

    def _sources(self, document_ids: list[str], with_vectors: bool = False) -> dict[str, JSON]:
        response = self._search(queries.documents_request(document_ids, with_vectors), "read documents")
        return {str(hit["_id"]): hit.get("_source", {}) for hit in _hits(response)}

    def facets(self, query: Query) -> Facets:
        ranking = self._rank(query)
        response = self._search(queries.result_set_request(ranking.result_set, True), "count facets")
        return _facets(response)

    def search(self, query: Query) -> Result:
        started = perf_counter()
        ranking = self._rank(query)
        facets_started = perf_counter()
        result_set = self._search(queries.result_set_request(ranking.result_set, query.with_facets), "count results")
        facets_ms = (perf_counter() - facets_started) * 1000
        page = ranking.entries[query.offset : query.offset + query.limit]
        hits = self._document_hits(query, page, ranking.semantic)
        return Result(
            hits=tuple(hits),
            total=_total(result_set),
            facets=_facets(result_set) if query.with_facets else None,
            timings=Timings(
                total_ms=(perf_counter() - started) * 1000,
                keyword_ms=ranking.keyword_ms,
                semantic_ms=ranking.semantic_ms,
                facets_ms=facets_ms,
            ),
            warnings=query.warnings + ranking.warnings,
        )

    # -- ranking ----------------------------------------------------------

    def _rank(self, query: Query) -> _Ranking:
        keyword = queries.expression(query.keyword) if query.keyword is not None else None
        vector = self._query_vector(query)
        warnings: tuple[str, ...] = ()
        if query.mode is Mode.SEMANTIC and vector is None:
            warnings = ("Semantic search needs query text: showing the filtered documents instead.",)
        needed = query.offset + query.limit
        use_keyword = query.mode in (Mode.KEYWORD, Mode.HYBRID) and keyword is not None
        if vector is None or query.mode is Mode.KEYWORD:
            match = queries.documents_matching(query.filters, keyword)
            started = perf_counter()
            ranked = self._keyword_ranking(match, needed, query.sort)
            entries = [_Entry(doc_id, score, rank, None) for rank, (doc_id, score) in enumerate(_pairs(ranked), 1)]
            return _Ranking(match, entries, keyword_ms=(perf_counter() - started) * 1000, warnings=warnings)
        started = perf_counter()
        semantic = self._semantic_ranking(query, vector, max(query.semantic_candidates, needed))
        semantic_ms = (perf_counter() - started) * 1000
        semantic_set = queries.ids_query(semantic.ids)
        excluded = [queries.ids_query([query.like_document_id])] if query.like_document_id else []
        if not use_keyword or keyword is None:
            result_set = queries.documents_matching(query.filters, semantic_set, excluded)
            entries = self._order(query, _single(semantic))
            return _Ranking(result_set, entries, semantic, semantic_ms=semantic_ms, warnings=warnings)
        started = perf_counter()
        match = queries.documents_matching(query.filters, keyword)
        keyword_ranked = self._keyword_ranking(match, max(query.keyword_candidates, needed), Sort.RELEVANCE)
        keyword_ms = (perf_counter() - started) * 1000
        result_set = queries.documents_matching(query.filters, queries.either(keyword, semantic_set))
        entries = self._fused(query, match, vector, keyword_ranked, semantic, needed)
        return _Ranking(result_set, self._order(query, entries), semantic, keyword_ms, semantic_ms, warnings)

    def _keyword_ranking(self, match: JSON, size: int, sort: Sort) -> _Ranked:
        response = self._search(queries.ranking_request(match, size, sort), "run the keyword search")
        hits = _hits(response)
        return _Ranked([str(hit["_id"]) for hit in hits], [_score(hit) for hit in hits], _total(response))

    def _semantic_ranking(self, query: Query, vector: np.ndarray[Any, Any], candidates: int) -> _Ranked:
        words = self._chunk_words(query)
        semantic = queries.semantic_query(
            vector.tolist(),
            candidates,
            query.filters,
            query.chunks_per_document,
            words,
            expand_chunks=self._cluster.supports(_EXPAND_NESTED_VERSION),
            exclude_ids=[query.like_document_id] if query.like_document_id else (),
        )
        response = self._search(queries.semantic_request(semantic, candidates), "run the semantic search")
        ranked = _Ranked()
        for hit in _hits(response):
            doc_id = str(hit["_id"])
            ranked.ids.append(doc_id)
            ranked.scores.append(_cosine(_score(hit)))
            ranked.chunks[doc_id] = _inner_chunks(hit, "semantic", cosine=True)
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

    def _fused(
        self,
        query: Query,
        match: JSON,
        vector: np.ndarray[Any, Any],
        keyword: _Ranked,
        semantic: _Ranked,
        needed: int,
    ) -> list[_Entry]:
        keyword_rank = {doc_id: rank for rank, doc_id in enumerate(keyword.ids, 1)}
        semantic_rank = {doc_id: rank for rank, doc_id in enumerate(semantic.ids, 1)}
        order = self._pipeline_order(query, match, vector, needed) if self._use_pipeline(query) else None
        if order is None:
            order = _client_fusion(query, keyword, semantic)
        return [_Entry(doc_id, score, keyword_rank.get(doc_id), semantic_rank.get(doc_id)) for doc_id, score in order]

    def _use_pipeline(self, query: Query) -> bool:
        mode = self._settings.opensearch_hybrid
        if mode == "client" or self._pipeline_failed or query.sort is not Sort.RELEVANCE:
            return False
        fusion = query.fusion
        if fusion.method is FusionMethod.RRF:
            # The score-ranker processor takes no weights: weighted RRF is fused here.
            supported = self._cluster.supports(RRF_VERSION) and fusion.keyword_weight == fusion.semantic_weight
        else:
            supported = self._cluster.supports(NORMALIZATION_VERSION)
        if mode == "pipeline" and not supported:
            raise BackendIncompatibleError(
                f"OpenSearch {self._cluster.version_text} cannot fuse {fusion.method.value} in a search pipeline "
                "with these weights: set FOI_OPENSEARCH_HYBRID=auto or client"
            )
        return supported

    def _pipeline_order(
        self, query: Query, match: JSON, vector: np.ndarray[Any, Any], needed: int
    ) -> list[tuple[str, float]] | None:
        fusion = query.fusion
        if fusion.method is FusionMethod.RRF:
            name, body = f"foi-rrf-{fusion.rrf_k}", queries.rrf_pipeline(fusion.rrf_k)
        else:
            name = f"foi-minmax-{fusion.keyword_weight:g}-{fusion.semantic_weight:g}"
            body = queries.normalization_pipeline(fusion.keyword_weight, fusion.semantic_weight)
        depth = max(query.keyword_candidates, query.semantic_candidates, needed)
        semantic = queries.semantic_query(
            vector.tolist(), depth, query.filters, 1, None, expand_chunks=False, with_chunks=False
        )
        pagination = depth if self._cluster.supports(_PAGINATION_DEPTH_VERSION) else None
        request = queries.hybrid_request(match, semantic, needed, pagination)
        try:
            if name not in self._pipelines:
                self._connection.call(
                    f"create the search pipeline {name}",
                    lambda: self._client.search_pipeline.put(id=name, body=body),
                )
                self._pipelines.add(name)
            response = self._search(request, "run the hybrid search", pipeline=name)
        except BackendError as e:
            if self._settings.opensearch_hybrid == "pipeline":
                raise
            log.warning("hybrid search pipeline failed, fusing on the client from now on: %s", e)
            self._pipeline_failed = True
            return None
        return [(str(hit["_id"]), _score(hit)) for hit in _hits(response)]

    def _order(self, query: Query, entries: list[_Entry]) -> list[_Entry]:
        if query.sort is Sort.RELEVANCE or not entries:
            return entries
        sources = self._sources([entry.document_id for entry in entries])
        dates = {doc_id: str(source.get("date") or "") for doc_id, source in sources.items()}
        newest = query.sort is Sort.NEWEST
        dated = sorted((e for e in entries if dates.get(e.document_id)), key=lambda e: e.document_id)
        dated.sort(key=lambda e: dates[e.document_id], reverse=newest)
        undated = sorted((e for e in entries if not dates.get(e.document_id)), key=lambda e: e.document_id)
        return dated + undated if newest else undated + dated

    # -- result documents and chunks --------------------------------------

    def _chunk_words(self, query: Query) -> JSON | None:
        leaves = positive_leaves(query.keyword)
        return queries.expression(AnyOf(leaves), queries.CHUNK_FIELDS) if leaves else None

    def _document_hits(self, query: Query, page: list[_Entry], semantic: _Ranked) -> list[DocumentHit]:
        if not page:
            return []
        words = self._chunk_words(query)
        # In semantic mode the words only highlight; the passages shown are the closest in meaning.
        picks_words = words is not None and query.mode is not Mode.SEMANTIC
        request = queries.page_request(
            [entry.document_id for entry in page], words if picks_words else None, query.chunks_per_document
        )
        response = self._search(request, "read the result page")
        found = {str(hit["_id"]): hit for hit in _hits(response)}
        hits = []
        for entry in page:
            hit = found.get(entry.document_id)
            if hit is None:
                continue
            source = hit.get("_source", {})
            chunks = chunks_from_record(source)
            chosen = _choose_chunks(
                _inner_chunks(hit, "words", cosine=False), semantic.chunks.get(entry.document_id, []), query
            )
            if not chosen and chunks:
                chosen = [(0, 0.0, None)]
            chunk_hits = tuple(
                _hit(chunks[position], score, snippet) for position, score, snippet in chosen if position < len(chunks)
            )
            document = document_from_record(source)
            hits.append(DocumentHit(document, entry.score, chunk_hits, entry.keyword_rank, entry.semantic_rank))
        return hits


# -- helpers ---------------------------------------------------------------------


def _read_spec(connection: Connection, alias: str) -> IndexSpec | None:
    try:
        mappings = connection.client.indices.get_mapping(index=alias)
    except os_errors.NotFoundError:
        return None
    except os_errors.TransportError as e:
        raise connection.translate(e, f"read the mapping of {alias}") from None
    specs = {spec_from_mapping(body.get("mappings", {}).get("_meta", {})) for body in mappings.values()}
    if specs == {None} or not specs:
        raise IndexFormatError(
            f"{alias} at {connection.endpoint.display} is not an FOI index: set FOI_OPENSEARCH_INDEX to another name"
        )
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


def _hits(response: JSON) -> list[JSON]:
    hits = response.get("hits", {}).get("hits", [])
    return list(hits) if isinstance(hits, list) else []


def _total(response: JSON) -> int:
    total = response.get("hits", {}).get("total", 0)
    return int(total.get("value", 0)) if isinstance(total, dict) else int(total)


def _score(hit: JSON) -> float:
    score = hit.get("_score")
    return float(score) if score is not None else 0.0


def _cosine(knn_score: float) -> float:
    """The Lucene/Faiss cosinesimil score is (1 + cosine) / 2; callers see the cosine itself."""
    return 2.0 * knn_score - 1.0


def _pairs(ranked: _Ranked) -> list[tuple[str, float]]:
    return list(zip(ranked.ids, ranked.scores, strict=True))


def _single(semantic: _Ranked) -> list[_Entry]:
    return [_Entry(doc_id, score, None, rank) for rank, (doc_id, score) in enumerate(_pairs(semantic), 1)]


def _client_fusion(query: Query, keyword: _Ranked, semantic: _Ranked) -> list[tuple[str, float]]:
    settings = query.fusion
    weights = (settings.keyword_weight, settings.semantic_weight)
    if settings.method is FusionMethod.RRF:
        return reciprocal_rank_fusion([keyword.ids, semantic.ids], weights, settings.rrf_k)
    return min_max_fusion([dict(_pairs(keyword)), dict(_pairs(semantic))], weights)


def _inner_chunks(hit: JSON, name: str, cosine: bool) -> list[tuple[int, float, str | None]]:
    """(chunk position, score, highlighted snippet) of a hit's inner hits, best first."""
    inner = hit.get("inner_hits", {}).get(name, {})
    picks = []
    for item in _hits(inner):
        position = item.get("_nested", {}).get("offset")
        if not isinstance(position, int):
            continue
        fragments = item.get("highlight", {}).get("chunks.text") or []
        score = _cosine(_score(item)) if cosine else _score(item)
        picks.append((position, score, str(fragments[0]) if fragments else None))
    return picks


def _choose_chunks(
    keyword: list[tuple[int, float, str | None]], semantic: list[tuple[int, float, str | None]], query: Query
) -> list[tuple[int, float, str | None]]:
    """The best passages by words and by meaning, taken in turn, without repeats."""
    chosen: dict[int, tuple[int, float, str | None]] = {}
    for pair in zip_longest(keyword, semantic):
        for pick in pair:
            if pick is not None and pick[0] not in chosen and len(chosen) < query.chunks_per_document:
                chosen[pick[0]] = pick
    return list(chosen.values())


def _hit(chunk: Chunk, score: float, snippet: str | None) -> Hit:
    return Hit(
        chunk_id=chunk.id,
        document_id=chunk.document_id,
        order=chunk.order,
        snippet=snippet if snippet is not None else html.escape(opening(chunk.text)),
        text=chunk.text,
        page=chunk.pages[0] if chunk.pages else None,
        pages=chunk.pages,
        section=chunk.section,
        score=score,
    )


def _facets(response: JSON) -> Facets:
    aggregations = response.get("aggregations", {})
    return Facets(**{name: _buckets(aggregations.get(name, {})) for name in queries.FACET_FIELDS})


def _buckets(aggregation: JSON) -> tuple[FacetBucket, ...]:
    buckets = [FacetBucket(str(item["key"]), int(item["doc_count"])) for item in aggregation.get("buckets", [])]
    return tuple(sorted(buckets, key=lambda bucket: (-bucket.count, bucket.value)))


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
