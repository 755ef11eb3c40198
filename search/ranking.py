"""The relevance strategy both backends share, on top of search.fusion's arithmetic: the weights a
query gets, how the keyword and semantic rankings fuse, and what the user is told about it.

A backend ranks by its engine (keyword layers, nearest chunks) and hands the ranked lists here,
so that one setting changes the order alike on every backend (tests/backends/test_relevance.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.settings import FusionMethod, FusionSettings
from search.fusion import (
    calibrated_fusion,
    hybrid_weights,
    looks_like_known_item,
    min_max_fusion,
    reciprocal_rank_fusion,
)
from search.model import Query

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
