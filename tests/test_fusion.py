"""Rank fusion: hand-computed values."""

from __future__ import annotations

import pytest

from search.fusion import (
    bm25_idf,
    calibrated_fusion,
    calibrated_keyword_scores,
    content_leaves,
    coverage,
    leaf_weights,
    min_max_fusion,
    min_max_normalise,
    reciprocal_rank_fusion,
    relaxed_expression,
)
from search.model import AllOf, AnyOf, Not, Term, positive_leaves
from search.query import parse_query


def test_rrf_hand_computed() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]], k=60))
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["d"] == pytest.approx(1 / 62)
    assert [item for item, _ in reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])] == ["b", "a", "d", "c"]


def test_rrf_weights_and_ties_are_deterministic() -> None:
    assert reciprocal_rank_fusion([["x"], ["y"]]) == [("x", 1 / 61), ("y", 1 / 61)]
    weighted = reciprocal_rank_fusion([["x"], ["y"]], weights=[1.0, 2.0])
    assert [item for item, _ in weighted] == ["y", "x"]


def test_min_max() -> None:
    assert min_max_normalise({"a": 2.0, "b": 4.0, "c": 3.0}) == {"a": 0.0, "b": 1.0, "c": 0.5}
    assert min_max_normalise({"a": 5.0, "b": 5.0}) == {"a": 1.0, "b": 1.0}
    fused = dict(min_max_fusion([{"a": 10.0, "b": 0.0}, {"b": 0.9, "c": 0.1}]))
    assert fused == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.0})


def test_invalid_weights() -> None:
    with pytest.raises(ValueError, match="weights"):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 1.0])
    with pytest.raises(ValueError, match="weights"):
        min_max_fusion([{"a": 1.0}], weights=[0.0])


def test_relaxed_expression_keeps_content_words_and_exclusions() -> None:
    relaxed = relaxed_expression(parse_query("how many speed cameras -mobile").keyword)
    assert relaxed == AllOf((AnyOf((Term("speed"), Term("cameras"))), Not(Term("mobile"))))
    # One word, one phrase or an OR already match as widely as they can.
    for text in ("cameras", '"speed cameras"', "speed OR cameras", "cameras -mobile"):
        assert relaxed_expression(parse_query(text).keyword) is None
    # Function words alone still mean something.
    assert content_leaves(parse_query("to be or the").keyword) == positive_leaves(parse_query("to be or the").keyword)


def test_coverage_is_the_weighted_share_of_words_held() -> None:
    shares = coverage({"all": [0, 1, 2], "rare": [2], "common": [0, 0], "none": []}, [1.0, 1.0, 6.0])
    assert shares == pytest.approx({"all": 1.0, "rare": 0.75, "common": 0.125, "none": 0.0})
    assert bm25_idf(1, 1000) > bm25_idf(500, 1000) > 0


def test_calibrated_keyword_scores_follow_the_best_coverage() -> None:
    # A document holds every word: full weight; one holding fewer of them is not lifted by repeating them.
    known = calibrated_keyword_scores({"a": 1.0, "b": 0.4}, {"a": 3.0, "b": 9.0}, bm25_share=0.5)
    assert known == pytest.approx({"a": 0.5, "b": 0.4})
    # Among documents of equal coverage, BM25 (the exact phrase, then the words' frequency) orders them.
    equal = calibrated_keyword_scores({"a": 0.8, "b": 0.8}, {"a": 3.0, "b": 9.0})
    assert equal == pytest.approx({"a": 0.32, "b": 0.72})
    # The best document holds a fifth of the query: the keyword side speaks at a fifth, and how often a
    # document repeats the few words it holds says nothing.
    weak = calibrated_keyword_scores({"a": 0.2, "b": 0.1}, {"a": 2.0, "b": 9.0})
    assert weak == pytest.approx({"a": 0.04, "b": 0.02})


def test_calibrated_fusion_weights_and_missing_semantic_scores() -> None:
    fused = dict(calibrated_fusion({"a": 1.0, "b": 0.0, "c": 0.5}, {"a": 0.2, "b": 0.6}, weights=(1.0, 1.0)))
    # Semantic scores are min-max normalised (a: 0, b: 1); c, not among them, gets the lowest (0).
    assert fused == pytest.approx({"a": 0.5, "b": 0.5, "c": 0.25})
    leaning = calibrated_fusion({"a": 1.0, "b": 0.0}, {"a": 0.2, "b": 0.6}, weights=(3.0, 1.0))
    assert [item for item, _ in leaning] == ["a", "b"]


def test_leaf_weights_add_a_phrases_words_and_give_a_prefix_the_mean() -> None:
    weights = leaf_weights([["speed"], ["fix", "penalti"], None], {"speed": 2.0, "fix": 1.0, "penalti": 3.0})
    assert weights == pytest.approx([2.0, 4.0, 3.0])
    assert leaf_weights([None], {}) == [1.0]
