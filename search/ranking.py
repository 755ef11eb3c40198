"""The relevance strategy both backends share, on top of search.fusion's arithmetic: which side
ranks a query, the weights it gets, how the keyword and semantic rankings fuse, and what the user
is told about it (`rank`).

A backend implements only the primitives of `RankingEngine` on its engine (keyword layers, the
nearest chunks, result sets), so that one setting changes the order alike on every backend
(tests/backends/test_relevance.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Generic, Protocol, TypeVar

from core.model import Vector
from core.settings import FusionMethod, FusionSettings
from search.fusion import (
    calibrated_fusion,
    hybrid_weights,
    looks_like_known_item,
    min_max_fusion,
    reciprocal_rank_fusion,
)
from search.model import Mode, Query, Sort

PARTIAL_MATCH_WARNING = "No document holds every word of the query: showing those that hold some of them, best first."
NO_TEXT_WARNING = "Semantic search needs query text: showing the filtered documents instead."


def query_weights(query: Query, full_match: bool) -> tuple[float, float]:
    """(keyword, semantic) weights for this query. `full_match`: some document holds every word,
    so the user probably quotes the text (docs/relevance.md)."""
    known_item = looks_like_known_item(query.keyword, full_match=full_match)
    return hybrid_weights(query.fusion, known_item, query.keyword)


def fuse(
    settings: FusionSettings,
    keyword: Sequence[tuple[str, float]],
    calibrated_keyword: Mapping[str, float],
    semantic: Sequence[tuple[str, float]],
    weights: tuple[float, float],
) -> list[tuple[str, float]]:
    """One ranking from the keyword side (layered BM25, best first; `calibrated_keyword` for
    calibrated fusion) and the semantic side (best first), by the query's fusion method."""
    if settings.method is FusionMethod.RRF:
        ids = [[item for item, _ in ranking] for ranking in (keyword, semantic)]
        return reciprocal_rank_fusion(ids, weights, settings.rrf_k)
    if settings.method is FusionMethod.CALIBRATED:
        return calibrated_fusion(calibrated_keyword, dict(semantic), weights)
    return min_max_fusion([dict(keyword), dict(semantic)], weights)


ResultSet = TypeVar("ResultSet")


@dataclass
class KeywordSide(Generic[ResultSet]):
    """The words' ranking of one query, as the strategy sees it."""

    # Every document the words match (within the filters): what totals and facets count.
    result_set: ResultSet
    # (document id, layered BM25 score), best first: enough for the page, or the fusion candidates.
    pairs: list[tuple[str, float]]
    # How many documents match (None: not counted yet, the backend counts the result set); whether
    # some document holds every word.
    total: int | None
    full_match: bool


@dataclass
class SemanticSide:
    """The meaning's ranking of one query: (document id, score from its closest chunks), best first."""

    pairs: list[tuple[str, float]]
    ms: float = 0.0


@dataclass
class RankEntry:
    document_id: str
    score: float
    keyword_rank: int | None
    semantic_rank: int | None


@dataclass
class Ranking(Generic[ResultSet]):
    """What ranking hands to the result page: the result set, the ordered documents (enough for
    the page), the total where the ranking counted it, the warnings and the time each side took."""

    result_set: ResultSet
    entries: list[RankEntry]
    total: int | None = None
    warnings: tuple[str, ...] = ()
    keyword_ms: float = 0.0
    semantic_ms: float = 0.0


class RankingEngine(Protocol[ResultSet]):
    """What a backend does for one query on its engine; `rank` decides everything else. Made per
    query, so that a backend keeps what it learns on the way (chunks found, records read) for the page."""

    @property
    def has_words(self) -> bool:
        """Whether the query's words make a keyword query on this engine (not only filters)."""
        ...

    def browse(self, limit: int) -> KeywordSide[ResultSet]:
        """The documents the filters select, in the query's sort order (no text to rank by)."""
        ...

    def keyword(self, limit: int, relaxed: bool, sort: Sort) -> KeywordSide[ResultSet]:
        """The words in layers (search.fusion: exact phrase, every word, then with `relaxed` any
        content word), each by BM25, or all of them by `sort`."""
        ...

    def start_semantic(self, vector: Vector, candidates: int) -> Callable[[], SemanticSide]:
        """Start the nearest-chunk search; the callable waits for it (the keyword side runs meanwhile)."""
        ...

    # The methods below read the sides this engine ranked for the query (it keeps them).

    def semantic_result_set(self) -> ResultSet: ...

    def hybrid_result_set(self) -> tuple[ResultSet, int | None]:
        """Documents of either side, and their number when the engine can tell without a count."""
        ...

    def calibrated_keyword(self) -> dict[str, float]:
        """search.fusion.calibrated_keyword_scores for the candidates of either side."""
        ...

    def engine_fusion(self, weights: tuple[float, float]) -> list[tuple[str, float]] | None:
        """The fused order computed by the engine itself exactly as `fuse` would, or None."""
        ...

    def by_date(self, entries: list[RankEntry]) -> list[RankEntry]: ...


def rank(engine: RankingEngine[ResultSet], query: Query, vector: Vector | None) -> Ranking[ResultSet]:
    """The ranking strategy of every backend: keyword mode ranks the words in layers (and says so
    when no document holds them all), semantic mode the nearest chunks, hybrid fuses both with the
    query's weights; without text, the filters alone are browsed."""
    warnings: tuple[str, ...] = (NO_TEXT_WARNING,) if query.mode is Mode.SEMANTIC and vector is None else ()
    needed = query.offset + query.limit
    if vector is None or query.mode is Mode.KEYWORD:
        started = perf_counter()
        if not engine.has_words:
            side = engine.browse(needed)
        else:
            side = engine.keyword(needed, relaxed=True, sort=query.sort)
            if not side.full_match and side.pairs:
                warnings += (PARTIAL_MATCH_WARNING,)
        entries = [RankEntry(doc_id, score, rank, None) for rank, (doc_id, score) in enumerate(side.pairs, 1)]
        return Ranking(side.result_set, entries, side.total, warnings, keyword_ms=(perf_counter() - started) * 1000)
    wait_for_semantic = engine.start_semantic(vector, max(query.semantic_candidates, needed))
    if query.mode is Mode.SEMANTIC or not engine.has_words:
        semantic = wait_for_semantic()
        entries = [RankEntry(doc_id, score, None, rank) for rank, (doc_id, score) in enumerate(semantic.pairs, 1)]
        return Ranking(engine.semantic_result_set(), _sorted(engine, query, entries), None, warnings, 0.0, semantic.ms)
    started = perf_counter()
    relaxed = query.fusion.keyword_match == "any"
    keyword = engine.keyword(max(query.keyword_candidates, needed), relaxed, Sort.RELEVANCE)
    keyword_ms = (perf_counter() - started) * 1000
    semantic = wait_for_semantic()
    started = perf_counter()
    calibrated = engine.calibrated_keyword() if query.fusion.method is FusionMethod.CALIBRATED else {}
    keyword_ms += (perf_counter() - started) * 1000
    result_set, total = engine.hybrid_result_set()
    weights = query_weights(query, keyword.full_match)
    order = engine.engine_fusion(weights)
    if order is None:
        order = fuse(query.fusion, keyword.pairs, calibrated, semantic.pairs, weights)
    keyword_rank = {doc_id: rank for rank, (doc_id, _) in enumerate(keyword.pairs, 1)}
    semantic_rank = {doc_id: rank for rank, (doc_id, _) in enumerate(semantic.pairs, 1)}
    entries = [RankEntry(doc_id, score, keyword_rank.get(doc_id), semantic_rank.get(doc_id)) for doc_id, score in order]
    return Ranking(result_set, _sorted(engine, query, entries), total, warnings, keyword_ms, semantic.ms)


def _sorted(engine: RankingEngine[ResultSet], query: Query, entries: list[RankEntry]) -> list[RankEntry]:
    return entries if query.sort is Sort.RELEVANCE or not entries else engine.by_date(entries)
