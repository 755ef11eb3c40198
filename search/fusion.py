"""Rank fusion for hybrid search: pure functions over ranked lists of ids.

Both methods return (id, fused score) pairs, best first, with ties broken by id
so that the same inputs always give the same order (stable pagination).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from search.model import AllOf, Expr, FusionSettings, Phrase, Term, positive_leaves

# A digit in a query word: a reference number (FOI2018/01393), a section (s40, 18.8.2), a year.
_EXACT_TOKEN = re.compile(r"\d")


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]],
    weights: Sequence[float] | None = None,
    k: int = 60,
) -> list[tuple[str, float]]:
    """Cormack et al.'s RRF: score(d) = sum over lists of w / (k + rank(d)), ranks from 1."""
    if k < 0:
        raise ValueError(f"rrf k must not be negative, got {k}")
    weights = _weights(weights, len(rankings))
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return _ordered(scores)


def min_max_normalise(scores: Mapping[str, float]) -> dict[str, float]:
    """Scale scores to [0, 1]; a list whose scores are all equal maps to 1.0."""
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high == low:
        return dict.fromkeys(scores, 1.0)
    return {item: (score - low) / (high - low) for item, score in scores.items()}


def min_max_fusion(
    score_lists: Sequence[Mapping[str, float]],
    weights: Sequence[float] | None = None,
) -> list[tuple[str, float]]:
    """Weighted arithmetic mean of min-max normalised scores (OpenSearch's default
    normalisation processor); an id absent from a list contributes 0 there."""
    weights = _weights(weights, len(score_lists))
    total_weight = sum(weights)
    fused: dict[str, float] = {}
    for scores, weight in zip(score_lists, weights, strict=True):
        for item, normalised in min_max_normalise(scores).items():
            fused[item] = fused.get(item, 0.0) + weight * normalised
    return _ordered({item: score / total_weight for item, score in fused.items()})


def _weights(weights: Sequence[float] | None, count: int) -> Sequence[float]:
    if weights is None:
        return [1.0] * count
    if len(weights) != count:
        raise ValueError(f"{len(weights)} weights given for {count} lists")
    if any(weight < 0 for weight in weights) or sum(weights) == 0:
        raise ValueError(f"weights must be non-negative and not all zero, got {list(weights)}")
    return weights


def _ordered(scores: Mapping[str, float]) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def layered(first: Sequence[tuple[str, float]], rest: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """One ranking from two: every item of `first` (documents with all the query's words)
    above every item of `rest` (documents with some of them), each keeping its order.
    Scores stay comparable for min-max fusion: `first` is lifted by the best score of `rest`."""
    lift = max((score for _, score in rest), default=0.0)
    seen = {item for item, _ in first}
    return [(item, score + lift) for item, score in first] + [(item, s) for item, s in rest if item not in seen]


def looks_like_known_item(keyword: Expr | None, full_match: bool = False) -> bool:
    """True when the user seems to know the words of what they want: a quoted phrase,
    a reference number or section citation, or (with `full_match`) a query of three
    or more words that some document contains in full. Paraphrased questions almost
    never match in full, so they keep the semantic-leaning weights."""
    leaves = positive_leaves(keyword)
    if any(isinstance(leaf, Phrase) or _EXACT_TOKEN.search(leaf.text) for leaf in leaves):
        return True
    return full_match and sum(len(leaf.text.split()) for leaf in leaves) >= 3


def implied_phrase(keyword: Expr | None, min_words: int = 3) -> Phrase | None:
    """The query's words as one phrase, when it is only plain words (no operator, quote or
    prefix) and at least `min_words` of them. A document holding them in this order is
    almost surely the one the user is quoting from memory, so hybrid search ranks it first."""
    if isinstance(keyword, Term):
        operands: tuple[Expr, ...] = (keyword,)
    elif isinstance(keyword, AllOf):
        operands = keyword.operands
    else:
        return None
    if not all(isinstance(operand, Term) and not operand.prefix for operand in operands):
        return None
    text = " ".join(operand.text for operand in operands if isinstance(operand, Term))
    return Phrase(text) if len(text.split()) >= min_words else None


def chunks_per_document(aggregation: str) -> int:
    """How many of a document's best chunks make its semantic score: "max" is 1, "sumN" is N."""
    if aggregation == "max":
        return 1
    if aggregation.startswith("sum") and aggregation[3:].isdigit() and int(aggregation[3:]) > 0:
        return int(aggregation[3:])
    raise ValueError(f"chunk aggregation must be 'max' or 'sumN' (e.g. sum3), got {aggregation!r}")


def hybrid_weights(settings: FusionSettings, known_item: bool) -> tuple[float, float]:
    """(keyword, semantic) weights for one query: a known-item query leans on the words."""
    keyword = settings.known_item_keyword_weight if known_item else settings.keyword_weight
    return keyword, settings.semantic_weight
