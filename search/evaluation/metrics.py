"""Ranking metrics over one query's ranked units: pure functions, no I/O.

`relevance` maps a unit to its grade (1 for binary judgments, higher for graded
ones); a grade of 0 or less means not relevant. A query with no relevant unit
has no defined score: every metric returns None for it, and averages skip it
(as trec_eval and BEIR do) instead of counting it as a failure or a success.

nDCG uses linear gains, grade / log2(rank + 1), as trec_eval's ndcg_cut and BEIR do.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


def ranked_by_score(scores: Mapping[str, float]) -> list[str]:
    """Units best first; equal scores are ordered by unit name so that a tie never
    depends on dict order or on the engine's internal document numbers."""
    return [unit for unit, _ in sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))]


def deduplicated(ranking: Iterable[str]) -> list[str]:
    """A unit counts once, at its best (first) rank."""
    return list(dict.fromkeys(ranking))


def dcg_at_k(ranking: Sequence[str], relevance: Mapping[str, float], k: int) -> float:
    _check_k(k)
    return sum(
        _gain(relevance.get(unit, 0.0)) / math.log2(rank + 1)
        for rank, unit in enumerate(deduplicated(ranking)[:k], start=1)
    )


def ndcg_at_k(ranking: Sequence[str], relevance: Mapping[str, float], k: int) -> float | None:
    ideal_order = sorted((unit for unit, grade in relevance.items() if grade > 0), key=lambda u: -relevance[u])
    if not ideal_order:
        return None
    return dcg_at_k(ranking, relevance, k) / dcg_at_k(ideal_order, relevance, k)


def recall_at_k(ranking: Sequence[str], relevance: Mapping[str, float], k: int) -> float | None:
    _check_k(k)
    relevant = {unit for unit, grade in relevance.items() if grade > 0}
    if not relevant:
        return None
    return len(relevant.intersection(deduplicated(ranking)[:k])) / len(relevant)


def reciprocal_rank_at_k(ranking: Sequence[str], relevance: Mapping[str, float], k: int) -> float | None:
    """1 / rank of the first relevant unit within the top k, else 0 (MRR@k averages it)."""
    _check_k(k)
    if not any(grade > 0 for grade in relevance.values()):
        return None
    for rank, unit in enumerate(deduplicated(ranking)[:k], start=1):
        if relevance.get(unit, 0.0) > 0:
            return 1.0 / rank
    return 0.0


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the defined values; None when none is defined."""
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in [0, 1]) of a non-empty list: a value that was measured."""
    if not values:
        raise ValueError("percentile of an empty list")
    if not 0 <= share <= 1:
        raise ValueError(f"percentile share must be in [0, 1], got {share}")
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _gain(grade: float) -> float:
    return grade if grade > 0 else 0.0


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")


@dataclass
class SetCounts:
    """Micro-averaged precision and recall of predicted label sets against expected ones
    (e.g. the exemptions a letter applies): counts added up over every item."""

    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, expected: set[str], found: set[str]) -> None:
        self.true_positive += len(expected & found)
        self.false_positive += len(found - expected)
        self.false_negative += len(expected - found)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0
