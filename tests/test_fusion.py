"""Rank fusion: hand-computed values."""

from __future__ import annotations

import pytest

from search.fusion import min_max_fusion, min_max_normalise, reciprocal_rank_fusion


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
