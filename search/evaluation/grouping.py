"""How well documents were grouped (round-robin campaigns, copies of one letter): precision and
recall over pairs, the measure of clustering that does not depend on what the groups are called."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    true_pairs: int
    found_pairs: int


def pair_scores(truth: Mapping[Hashable, Hashable | None], found: Mapping[Hashable, Hashable | None]) -> PairScores:
    """Items in one group (not None) make a pair; a pair found is right when the truth also pairs
    them. With no pair to find (or none found), that side scores 1."""
    true_pairs = _pairs(truth)
    found_pairs = _pairs({item: found.get(item) for item in truth})
    right = len(true_pairs & found_pairs)
    return PairScores(
        precision=right / len(found_pairs) if found_pairs else 1.0,
        recall=right / len(true_pairs) if true_pairs else 1.0,
        true_pairs=len(true_pairs),
        found_pairs=len(found_pairs),
    )


def _pairs(groups: Mapping[Hashable, Hashable | None]) -> set[frozenset[Hashable]]:
    members: dict[Hashable, list[Hashable]] = {}
    for item, group in groups.items():
        if group is not None:
            members.setdefault(group, []).append(item)
    return {frozenset(pair) for items in members.values() for pair in combinations(sorted(items, key=str), 2)}
