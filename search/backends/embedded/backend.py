"""The embedded default backend: Tantivy for text and metadata, a float32 vector
file beside it for chunk embeddings, in one folder, with no server.

Documents are ranked at document level: a keyword query matches a document's
whole text (so `a b` finds a letter with `a` on page 1 and `b` on page 3),
semantic search ranks documents by their best chunk, and hybrid fuses the two
document rankings. Facets and totals count documents, never chunks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from time import perf_counter

import numpy as np
import tantivy
from numpy.typing import NDArray
from tantivy import Occur

from core.model import Chunk, Document, IndexItem, Vector
from core.settings import Settings, chunks_per_document
from search.backends.base import IndexSpec
from search.backends.embedded.records import Records, as_int, count
from search.backends.embedded.result_page import PageEntry, RankInfo, ResultPage
from search.backends.embedded.schema import (
    BODY,
    CHUNK,
    DOC,
    build_schema,
    register_analyzers,
    stored_chunk,
    stored_document,
)
from search.backends.embedded.snapshots import Snapshots, View
from search.backends.embedded.text_query import Clause, QueryBuilder
from search.backends.embedded.vectors import BoolMask, TableStore, VectorFile, VectorSnapshot
from search.backends.embedded.writer import BatchWriter
from search.errors import (
    DocumentNotFoundError,
    IndexFormatError,
    IndexNotFoundError,
    ReadOnlyIndexError,
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
    DUPLICATE_FIELD,
    DUPLICATE_MARK,
    Facets,
    Filters,
    IndexCounts,
    Mode,
    Phrase,
    Query,
    Result,
    Sort,
    Term,
    Timings,
)
from search.ranking import KeywordSide, RankEntry, Ranking, SemanticSide, rank

# 3: light `card` on doc records, text in `body` records, word pairs for phrases.
# 4: each document's collection, for access and a facet.
# 5: each document's round-robin campaign, and a mark on copies of another document.
FORMAT_VERSION = 5
SPEC_FILE = "foi-index.json"
_WRITER_HEAP = 128_000_000
# Threads for the semantic side of hybrid searches running at the same time (one per search).
_SIDE_WORKERS = 4
# Words whose presence one search reads as bits of a float32 score (exact up to 2**24).
_LEAVES_PER_PASS = 20


@dataclass
class _Ranked:
    """One side's document ranking: doc numbers best first, with scores."""

    doc_nos: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    total: int = 0
    # Where each ranked document record is, when the ranking came from Tantivy: no second lookup to show it.
    addresses: list[tantivy.DocAddress] = field(default_factory=list)


@dataclass
class _Layers:
    """Keyword search as layers: the result set's query, the ranking, and whether some document holds every word."""

    match: tantivy.Query
    ranked: _Ranked
    full_match: bool
    # The size of `match`, counted on another thread (then `ranked.total` is not set).
    pending_total: Future[int] | None = None


class EmbeddedBackend:
    def __init__(self, folder: Path, spec: IndexSpec, settings: Settings, writable: bool) -> None:
        self._folder = folder
        self._spec = spec
        self._settings = settings
        self._schema = build_schema()
        try:
            self._index = tantivy.Index(self._schema, path=str(folder / "text"), reuse=True)
        except ValueError as e:
            raise IndexFormatError(f"cannot open the text index in {folder}: {e}") from e
        register_analyzers(self._index)
        self._builder = QueryBuilder(self._schema)
        self._records = Records(self._builder)
        stores = (TableStore(folder / "tables"), VectorFile(folder / "vectors.f32", spec.dimension))
        self._snapshots = Snapshots(self._index, self._builder, stores, settings, folder)
        self._page = ResultPage(self._builder, self._records)
        self._workers: ThreadPoolExecutor | None = None
        self._writer = BatchWriter(self._index, folder, spec, stores, self._records) if writable else None

    # -- opening ----------------------------------------------------------

    @classmethod
    def create(cls, folder: Path, spec: IndexSpec, settings: Settings) -> EmbeddedBackend:
        """Create an index (or open it for writing when it exists with the same spec)."""
        spec_path = folder / SPEC_FILE
        if spec_path.exists():
            existing = read_spec(folder)
            if existing != spec:
                raise IndexFormatError(
                    f"index {folder} was built with {existing.embedding_model} ({existing.dimension}-d), "
                    f"not {spec.embedding_model} ({spec.dimension}-d): ingest with the encoder it was built with "
                    "(FOI_EMBEDDING_BACKEND, FOI_EMBEDDING_MODEL), or into another folder"
                )
            return cls(folder, spec, settings, writable=True)
        (folder / "text").mkdir(parents=True, exist_ok=True)
        spec_path.write_text(
            json.dumps({"format": FORMAT_VERSION, "embedding_model": spec.embedding_model, "dimension": spec.dimension})
        )
        return cls(folder, spec, settings, writable=True)

    @classmethod
    def open(cls, folder: Path, settings: Settings, writable: bool = False) -> EmbeddedBackend:
        return cls(folder, read_spec(folder), settings, writable)

    @property
    def spec(self) -> IndexSpec:
        return self._spec

    def close(self) -> None:
        if self._workers is not None:
            self._workers.shutdown()
            self._workers = None
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def refresh(self) -> None:
        self._index.reload()

    # -- writing ----------------------------------------------------------

    def upsert(self, items: Sequence[IndexItem]) -> None:
        self._require_writer().upsert(items, self._snapshots.current())

    def delete(self, document_ids: Sequence[str]) -> int:
        return self._require_writer().delete(document_ids, self._snapshots.current())

    def _require_writer(self) -> BatchWriter:
        if self._writer is None:
            raise ReadOnlyIndexError(f"index {self._folder} was opened read-only")
        return self._writer

    # -- reading ----------------------------------------------------------

    def vector_snapshot(self) -> VectorSnapshot:
        """The current generation's vectors, for benchmarks and diagnostics."""
        return self._snapshots.current().vectors

    def counts(self, filters: Filters | None = None) -> IndexCounts:
        view = self._snapshots.current()
        if filters is None:
            documents = count(view.searcher, self._builder.kind(DOC))
            return IndexCounts(documents=documents, chunks=len(view.vectors.table))
        clauses = self._builder.filters(filters)
        allowed = self._allowed_chunks(view, Query(mode=Mode.KEYWORD, filters=filters), clauses)
        chunks = len(view.vectors.table) if allowed is None else int(allowed.sum())
        return IndexCounts(documents=count(view.searcher, tantivy.Query.boolean_query(clauses)), chunks=chunks)

    def document(self, document_id: str) -> Document:
        view = self._snapshots.current()
        records = self._records.records(view.searcher, self._records.records_query(BODY, "doc_id", [document_id]), 1)
        if not records:
            raise DocumentNotFoundError(f"no document with id {document_id!r} in {self._folder}")
        return stored_document(records[0])

    def chunks(self, document_id: str) -> list[Chunk]:
        view = self._snapshots.current()
        records = self._records.records(view.searcher, self._records.records_query(CHUNK, "doc_id", [document_id]))
        return sorted((stored_chunk(record) for record in records), key=lambda chunk: chunk.order)

    def facets(self, query: Query) -> Facets:
        view = self._snapshots.current()
        ranking, info = self._rank(view, query)
        if info.pending_total is not None:
            info.pending_total.cancel()  # facets need no total
        return self._page.facets(view.searcher, ranking.result_set)

    def search(self, query: Query) -> Result:
        started = perf_counter()
        view = self._snapshots.current()
        ranking, info = self._rank(view, query)
        page = [
            PageEntry(int(entry.document_id), entry.score, entry.keyword_rank, entry.semantic_rank)
            for entry in ranking.entries[query.offset : query.offset + query.limit]
        ]
        facets_started = perf_counter()
        facets = self._page.facets(view.searcher, ranking.result_set) if query.with_facets else None
        facets_ms = (perf_counter() - facets_started) * 1000
        hits = self._page.document_hits(view, query, page, info)
        total = ranking.total
        if total is None:
            total = info.pending_total.result() if info.pending_total else count(view.searcher, ranking.result_set)
        return Result(
            hits=tuple(hits),
            total=total,
            facets=facets,
            timings=Timings(
                total_ms=(perf_counter() - started) * 1000,
                keyword_ms=ranking.keyword_ms,
                semantic_ms=ranking.semantic_ms,
                facets_ms=facets_ms,
            ),
            warnings=query.warnings + ranking.warnings,
        )

    # -- ranking ----------------------------------------------------------

    def _rank(self, view: View, query: Query) -> tuple[Ranking[tantivy.Query], RankInfo]:
        """The query over the whole result set, and the ranked documents (enough for the page),
        by the shared strategy (search.ranking.rank) on this snapshot."""
        info = RankInfo()
        ranking = rank(_QueryRanking(self, view, query, info), query, self._query_vector(view, query))
        return ranking, info

    def _keyword_layers(
        self,
        searcher: tantivy.Searcher,
        query: Query,
        filters: list[Clause],
        keyword: tantivy.Query,
        limit: int,
        relaxed: bool,
        sort: Sort | None = None,
    ) -> _Layers:
        """Documents with the exact phrase, then with every word, then (`relaxed`) with any
        content word, each layer by BM25: one ranking, so a query never answers an empty page
        while some of its words match, and a document missing one word still comes."""
        sort = query.sort if sort is None else sort
        all_words_match = _and(filters, keyword)
        any_expression = relaxed_expression(query.keyword) if relaxed else None
        any_word = self._builder.expression(any_expression) if any_expression is not None else None
        match = all_words_match if any_word is None else _and(filters, any_word)
        # Every layer's total is the size of `match`. A keyword search counts it on the other core
        # while the layers are ranked and the page is built here (a hybrid search has its semantic
        # side there), so the rankings need no count: counting 100,000 matching documents at 1M
        # chunks took a third to a half of such a search.
        aside = self._side_worker().submit(count, searcher, match) if query.mode is Mode.KEYWORD else None
        counted = aside is None

        def layers(ranked: _Ranked, full_match: bool, ranked_counted: bool = False) -> _Layers:
            if aside is None and not ranked_counted:
                ranked = replace(ranked, total=count(searcher, match))
            return _Layers(match, ranked, full_match, aside)

        phrase = self._phrase_ranking(searcher, query, filters, limit, counted) if sort is Sort.RELEVANCE else None
        if phrase is not None and len(phrase.doc_nos) >= limit:
            # The exact phrase fills the page: the wider layers only add to the count, which needs
            # no BM25 score (three common words at 1M chunks: the every-word layer scored 100,000
            # documents to rank none of them). The phrase's score lift over the next layer is
            # left out: min-max normalisation in fusion cancels it.
            return layers(phrase, full_match=True)
        all_words = self._keyword_ranking(searcher, all_words_match, limit, sort, counted)
        ranked = all_words
        if phrase is not None and phrase.doc_nos:
            ranked = _layered(phrase, all_words, limit)
        full_match = len(all_words.doc_nos) > 0
        if any_word is None:
            return layers(ranked, full_match, ranked_counted=True)
        if sort is Sort.RELEVANCE and len(ranked.doc_nos) >= limit:
            # Documents holding every word fill the page: those holding some of them only add to
            # the count (a 3-word query of common words at 1M chunks: 12 ms scored, 4 ms counted).
            return layers(ranked, full_match=True)
        any_ranked = self._keyword_ranking(searcher, match, limit, sort, counted)
        ranked = _layered(ranked, any_ranked, limit) if sort is Sort.RELEVANCE else any_ranked
        return layers(ranked, full_match, ranked_counted=True)

    def _phrase_ranking(
        self, searcher: tantivy.Searcher, query: Query, filters: list[Clause], limit: int, counted: bool = True
    ) -> _Ranked | None:
        """Documents holding the plain-word query as an exact phrase, ranked first of all
        (None when the query is not a plain run of words)."""
        phrase = implied_phrase(query.keyword)
        match = None if phrase is None else self._builder.expression(phrase)
        if match is None:
            return None
        return self._keyword_ranking(searcher, _and(filters, match), limit, Sort.RELEVANCE, counted)

    def _keyword_scores(
        self, searcher: tantivy.Searcher, query: Query, keyword: _Ranked, semantic: _Ranked
    ) -> dict[str, float]:
        """Calibrated fusion's keyword scores (search.fusion.calibrated_keyword_scores) for every
        candidate of either side: which of the query's content words and phrases each one holds."""
        doc_nos = list(dict.fromkeys([*keyword.doc_nos, *semantic.doc_nos]))
        leaves = content_leaves(query.keyword)
        if not doc_nos or not leaves:
            return {}
        candidates = tantivy.Query.const_score_query(self._records.doc_records(doc_nos), 0.0)
        present: dict[str, list[int]] = {str(doc_no): [] for doc_no in doc_nos}
        for start in range(0, len(leaves), _LEAVES_PER_PASS):
            group = leaves[start : start + _LEAVES_PER_PASS]
            # One search for a group of words: each word scores its own power of two, so a
            # candidate's score spells which of them it holds (one pass instead of one per word).
            flags = [
                (Occur.Should, tantivy.Query.const_score_query(match, float(1 << bit)))
                for bit, match in enumerate(map(self._builder.expression, group))
                if match is not None
            ]
            if not flags:
                continue
            holding = tantivy.Query.boolean_query(
                [(Occur.Must, candidates), (Occur.Must, tantivy.Query.boolean_query(flags))]
            )
            found = searcher.search(holding, len(doc_nos), count=False).hits
            numbers = searcher.fast_field_values("doc_no", [address for _, address in found]) if found else []
            for (score, _), doc_no in zip(found, numbers, strict=True):
                present[str(doc_no)] += [start + bit for bit in range(len(group)) if int(score) >> bit & 1]
        shares = coverage(present, self._leaf_weights(searcher, leaves))
        return calibrated_keyword_scores(shares, {str(no): score for no, score in _pairs(keyword)})

    def _leaf_weights(self, searcher: tantivy.Searcher, leaves: tuple[Term | Phrase, ...]) -> list[float]:
        """search.fusion.leaf_weights, with BM25 IDF from the term dictionary."""
        stem_groups = [None if _is_prefix(leaf) else self._builder.stems(leaf.text) for leaf in leaves]
        stems = {stem for group in stem_groups if group for stem in group}
        documents = searcher.num_docs
        return leaf_weights(stem_groups, {stem: bm25_idf(searcher.doc_freq("text", stem), documents) for stem in stems})

    def _keyword_ranking(
        self, searcher: tantivy.Searcher, match: tantivy.Query, limit: int, sort: Sort, counted: bool = True
    ) -> _Ranked:
        """The top `limit` of `match`; its total only when `counted` (else 0: the caller counts)."""
        if sort is Sort.RELEVANCE:
            result = searcher.search(match, limit, count=counted)
        else:
            order = tantivy.Order.Desc if sort is Sort.NEWEST else tantivy.Order.Asc
            result = searcher.search(match, limit, count=counted, order_by_field="date_key", order=order)
        addresses = [address for _, address in result.hits]
        doc_nos = searcher.fast_field_values("doc_no", addresses) if addresses else []
        return _Ranked(
            [as_int(no) for no in doc_nos],
            [float(score) for score, _ in result.hits],
            as_int(result.count) if counted else 0,  # type: ignore[attr-defined]
            addresses,
        )

    def _query_vector(self, view: View, query: Query) -> NDArray[np.float32] | None:
        if query.like_document_id is None:
            return query.vector
        doc_nos = self._records.doc_nos(view.searcher, [query.like_document_id])
        if len(doc_nos) == 0:
            raise DocumentNotFoundError(f"no document with id {query.like_document_id!r} in {self._folder}")
        positions = np.flatnonzero(view.vectors.table.doc_nos == doc_nos[0])
        if len(positions) == 0:
            return None
        mean = view.vectors.matrix[positions].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm > 0 else None

    def _side_worker(self) -> ThreadPoolExecutor:
        if self._workers is None:
            self._workers = ThreadPoolExecutor(max_workers=_SIDE_WORKERS, thread_name_prefix="foi-semantic")
        return self._workers

    def _semantic_ranking(
        self,
        view: View,
        query: Query,
        vector: NDArray[np.float32],
        filters: list[Clause],
        candidates: int,
        info: RankInfo,
    ) -> _Ranked:
        started = perf_counter()
        allowed = self._allowed_chunks(view, query, filters)
        table = view.vectors.table
        # Several chunks of one document may lead; fetch enough chunks to rank `candidates` documents.
        positions, scores = view.vectors.knn(vector, candidates * 3, allowed)
        for position, score in zip(positions.tolist(), scores.tolist(), strict=True):
            info.semantic_chunks.setdefault(int(table.doc_nos[position]), []).append((position, float(score)))
        top = chunks_per_document(query.fusion.chunk_aggregation)
        # Chunks come best first, so each document's list is too.
        document_scores = {
            doc_no: sum(score for _, score in chunks[:top]) for doc_no, chunks in info.semantic_chunks.items()
        }
        best = sorted(document_scores.items(), key=lambda pair: (-pair[1], pair[0]))[:candidates]
        info.semantic_ms = (perf_counter() - started) * 1000
        return _Ranked([doc_no for doc_no, _ in best], [score for _, score in best], len(best))

    def _allowed_chunks(self, view: View, query: Query, filters: list[Clause]) -> BoolMask | None:
        excluded = query.like_document_id
        if query.filters.is_empty() and excluded is None:
            return self._originals(view)
        clauses = list(filters)
        if excluded is not None:
            clauses.append((Occur.MustNot, self._builder.any_of("doc_id", [excluded])))
        match = tantivy.Query.boolean_query(clauses)
        allowed = count(view.searcher, match)
        if allowed == 0:
            return np.zeros(len(view.vectors.table), dtype=bool)
        addresses = [address for _, address in view.searcher.search(match, allowed, count=False).hits]
        allowed_docs = np.array(view.searcher.fast_field_values("doc_no", addresses), dtype=np.int64)
        return np.isin(view.vectors.table.doc_nos, allowed_docs)

    def _originals(self, view: View) -> BoolMask | None:
        """The chunks of every document but copies of another (None: the index holds no copy),
        worked out once a generation: unfiltered searches are the common ones."""
        if "originals" not in view.vectors.memo:
            copies = self._builder.any_of(DUPLICATE_FIELD, [DUPLICATE_MARK])
            found = count(view.searcher, copies)
            mask = None
            if found:
                addresses = [address for _, address in view.searcher.search(copies, found, count=False).hits]
                copy_docs = np.array(view.searcher.fast_field_values("doc_no", addresses), dtype=np.int64)
                mask = ~np.isin(view.vectors.table.doc_nos, copy_docs)
            view.vectors.memo["originals"] = mask
        return view.vectors.memo["originals"]


class _QueryRanking:
    """search.ranking.RankingEngine for one query on one snapshot: the Tantivy and vector
    primitives; what they find on the way (records, closest chunks) goes to `info` for the page."""

    def __init__(self, backend: EmbeddedBackend, view: View, query: Query, info: RankInfo) -> None:
        self._backend = backend
        self._view = view
        self._query = query
        self._info = info
        builder = backend._builder
        self._filters = builder.filters(query.filters)
        self._words = builder.expression(query.keyword) if query.keyword is not None else None
        self._layers: _Layers | None = None
        self._semantic = _Ranked()

    @property
    def has_words(self) -> bool:
        return self._words is not None

    def browse(self, limit: int) -> KeywordSide[tantivy.Query]:
        match = _and(self._filters, None)
        ranked = self._backend._keyword_ranking(self._view.searcher, match, limit, self._query.sort)
        return self._side(_Layers(match, ranked, full_match=True))

    def keyword(self, limit: int, relaxed: bool, sort: Sort) -> KeywordSide[tantivy.Query]:
        if self._words is None:
            return self.browse(limit)
        searcher, query = self._view.searcher, self._query
        self._layers = self._backend._keyword_layers(searcher, query, self._filters, self._words, limit, relaxed, sort)
        return self._side(self._layers)

    def start_semantic(self, vector: Vector, candidates: int) -> Callable[[], SemanticSide]:
        def run() -> SemanticSide:
            ranked = self._backend._semantic_ranking(
                self._view, self._query, vector, self._filters, candidates, self._info
            )
            self._semantic = ranked
            return SemanticSide([(str(no), score) for no, score in _pairs(ranked)], self._info.semantic_ms)

        if self._words is None or self._query.mode is Mode.SEMANTIC:
            found = run()
            return lambda: found
        # The two sides meet only in fusion, and Tantivy and the vector search release the GIL:
        # the nearest chunks are found on another core while the words are ranked here.
        return self._backend._side_worker().submit(run).result

    def semantic_result_set(self) -> tantivy.Query:
        return _and(self._filters, self._semantic_set() or tantivy.Query.empty_query())

    def hybrid_result_set(self) -> tuple[tantivy.Query, int | None]:
        layers, semantic_set = self._keyword_layers(), self._semantic_set()
        either = layers.match if semantic_set is None else _either(layers.match, _and(self._filters, semantic_set))
        return either, _union_total(self._view.searcher, layers, self._semantic, semantic_set)

    def calibrated_keyword(self) -> dict[str, float]:
        searcher = self._view.searcher
        return self._backend._keyword_scores(searcher, self._query, self._keyword_layers().ranked, self._semantic)

    def engine_fusion(self, weights: tuple[float, float]) -> list[tuple[str, float]] | None:
        return None

    def by_date(self, entries: list[RankEntry]) -> list[RankEntry]:
        doc_nos = [int(entry.document_id) for entry in entries]
        keys = self._backend._records.date_keys(self._view.searcher, doc_nos)
        sign = -1 if self._query.sort is Sort.NEWEST else 1
        numbered = sorted(zip(doc_nos, entries, strict=True), key=lambda pair: (sign * keys.get(pair[0], 0), pair[0]))
        return [entry for _, entry in numbered]

    def _side(self, layers: _Layers) -> KeywordSide[tantivy.Query]:
        ranked = layers.ranked
        # The ranking counted its matches (or counts them aside), and found where each document's record is.
        self._info.addresses.update(zip(ranked.doc_nos, ranked.addresses, strict=True))
        self._info.pending_total = layers.pending_total
        pairs = [(str(no), score) for no, score in _pairs(ranked)]
        total = None if layers.pending_total is not None else ranked.total
        return KeywordSide(layers.match, pairs, total, layers.full_match)

    def _keyword_layers(self) -> _Layers:
        if self._layers is None:
            raise AssertionError("hybrid ranking reads the keyword layers after ranking them")
        return self._layers

    def _semantic_set(self) -> tantivy.Query | None:
        doc_nos = self._semantic.doc_nos
        return self._backend._builder.doc_numbers(doc_nos) if doc_nos else None


def read_spec(folder: Path) -> IndexSpec:
    path = folder / SPEC_FILE
    if not path.exists():
        raise IndexNotFoundError(f"no FOI index in {folder} (expected {SPEC_FILE}); create one with `foi ingest`")
    try:
        data = json.loads(path.read_text())
        if data.get("format") != FORMAT_VERSION:
            raise IndexFormatError(
                f"index {folder} has format {data.get('format')}, this version reads {FORMAT_VERSION}: "
                "ingest the files again into a new folder (foi ingest SOURCES --index NEW_FOLDER)"
            )
        return IndexSpec(embedding_model=str(data["embedding_model"]), dimension=int(data["dimension"]))
    except (ValueError, KeyError) as e:
        raise IndexFormatError(f"{path} is unreadable: {e}") from e


def _and(filters: list[Clause], match: tantivy.Query | None) -> tantivy.Query:
    clauses = list(filters)
    if match is not None:
        clauses.append((Occur.Must, match))
    return tantivy.Query.boolean_query(clauses)


def _union_total(
    searcher: tantivy.Searcher, layers: _Layers, semantic: _Ranked, semantic_set: tantivy.Query | None
) -> int:
    """How many documents a hybrid search found: the keyword match, counted by its ranking already,
    plus the semantic candidates outside it. Counting the union again would walk every posting of
    the query's words a second time (6 ms of a 30 ms hybrid search at 1M chunks)."""
    if semantic_set is None:
        return layers.ranked.total
    inside = count(searcher, _and([(Occur.Must, semantic_set)], layers.match))
    return layers.ranked.total + len(set(semantic.doc_nos)) - inside


def _either(first: tantivy.Query, second: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query([(Occur.Should, first), (Occur.Should, second)])


def _pairs(ranked: _Ranked) -> Iterable[tuple[int, float]]:
    return zip(ranked.doc_nos, ranked.scores, strict=True)


def _layered(first: _Ranked, rest: _Ranked, limit: int) -> _Ranked:
    """Every document of `first` above those of `rest` (search.fusion.layered), e.g. all the
    words above any word; the total is `rest`'s, the wider match, and addresses are kept."""
    pairs = layered(
        list(zip(map(str, first.doc_nos), first.scores, strict=True)),
        list(zip(map(str, rest.doc_nos), rest.scores, strict=True)),
    )[:limit]
    addresses = dict(zip(rest.doc_nos, rest.addresses, strict=True))
    addresses.update(zip(first.doc_nos, first.addresses, strict=True))
    doc_nos = [int(no) for no, _ in pairs]
    return _Ranked(doc_nos, [score for _, score in pairs], rest.total, [addresses[no] for no in doc_nos])


def _is_prefix(leaf: Term | Phrase) -> bool:
    return isinstance(leaf, Term) and leaf.prefix
