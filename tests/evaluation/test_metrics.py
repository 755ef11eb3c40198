"""Metrics against values computed by hand (linear gains, log2(rank + 1) discounts)."""

from __future__ import annotations

import math

import pytest

from search.evaluation.metrics import (
    SetCounts,
    dcg_at_k,
    mean,
    ndcg_at_k,
    percentile,
    ranked_by_score,
    recall_at_k,
    reciprocal_rank_at_k,
)


def test_binary_ndcg_by_hand() -> None:
    # DCG = 1/log2(2) + 0 + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.6309
    assert dcg_at_k(["a", "x", "b"], {"a": 1, "b": 1}, 3) == pytest.approx(1.5)
    assert ndcg_at_k(["a", "x", "b"], {"a": 1, "b": 1}, 3) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert ndcg_at_k(["a", "x", "b"], {"a": 1, "b": 1}, 3) == pytest.approx(0.919720, abs=1e-6)


def test_graded_ndcg_rewards_the_better_unit_first() -> None:
    # DCG = 1 + 2/log2(3) = 2.26186; IDCG = 2 + 1/log2(3) = 2.63093
    assert ndcg_at_k(["b", "a"], {"a": 2, "b": 1}, 2) == pytest.approx(0.859719, abs=1e-6)
    assert ndcg_at_k(["a", "b"], {"a": 2, "b": 1}, 2) == pytest.approx(1.0)


def test_cut_off_and_perfect_ranking() -> None:
    assert ndcg_at_k(["x", "a"], {"a": 1}, 1) == 0.0
    assert ndcg_at_k(["a", "x"], {"a": 1}, 1) == 1.0
    # Only the top k of the ideal ranking counts: two relevant units, k = 1.
    assert ndcg_at_k(["a"], {"a": 1, "b": 1}, 1) == 1.0


def test_a_unit_counts_once_at_its_best_rank() -> None:
    assert ndcg_at_k(["a", "a", "b"], {"a": 1, "b": 1}, 2) == pytest.approx(1.0)
    assert recall_at_k(["a", "a", "a"], {"a": 1, "b": 1}, 2) == 0.5


def test_ties_are_broken_by_unit_name() -> None:
    assert ranked_by_score({"b": 1.0, "a": 1.0, "c": 2.0}) == ["c", "a", "b"]
    assert ranked_by_score({"a": 1.0, "b": 1.0}) == ranked_by_score({"b": 1.0, "a": 1.0})
    assert ndcg_at_k(ranked_by_score({"x": 1.0, "a": 1.0}), {"a": 1}, 1) == 1.0


def test_recall_and_reciprocal_rank() -> None:
    relevance = {"a": 1, "b": 1, "c": 1}
    assert recall_at_k(["x", "a", "y", "b"], relevance, 2) == pytest.approx(1 / 3)
    assert recall_at_k(["x", "a", "y", "b"], relevance, 4) == pytest.approx(2 / 3)
    assert reciprocal_rank_at_k(["x", "y", "a"], relevance, 3) == pytest.approx(1 / 3)
    assert reciprocal_rank_at_k(["x", "y", "a"], relevance, 2) == 0.0


def test_zero_grade_is_not_relevant() -> None:
    assert recall_at_k(["a"], {"a": 0, "b": 1}, 1) == 0.0
    assert ndcg_at_k(["a", "b"], {"a": 0, "b": 1}, 2) == pytest.approx(1 / math.log2(3))


def test_a_query_with_no_relevant_unit_is_undefined_and_skipped() -> None:
    for metric in (ndcg_at_k, recall_at_k, reciprocal_rank_at_k):
        assert metric(["a", "b"], {}, 10) is None
        assert metric(["a", "b"], {"a": 0}, 10) is None
    assert mean([1.0, None, 0.0]) == 0.5
    assert mean([None]) is None


def test_bad_k_and_percentiles() -> None:
    with pytest.raises(ValueError):
        ndcg_at_k(["a"], {"a": 1}, 0)
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.5) == 10.0
    assert percentile(values, 0.95) == 19.0
    assert percentile([3.0], 0.95) == 3.0


def test_set_counts_micro_average() -> None:
    counts = SetCounts()
    counts.add({"s40", "s43"}, {"s40"})
    counts.add({"s31"}, {"s31", "s12"})
    counts.add(set(), set())
    assert (counts.true_positive, counts.false_positive, counts.false_negative) == (2, 1, 1)
    assert counts.precision == pytest.approx(2 / 3) and counts.recall == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(2 / 3)
    assert SetCounts().precision == 1.0 and SetCounts().recall == 1.0
