"""Rank fusion for hybrid search: pure functions over ranked lists of ids.

Both methods return (id, fused score) pairs, best first, with ties broken by id
so that the same inputs always give the same order (stable pagination).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence

from core.settings import FusionSettings
from search.model import AllOf, AnyOf, Expr, Not, Phrase, Term, positive_leaves

# A digit in a query word: a reference number (FOI2018/01393), a section (s40, 18.8.2), a year.
_EXACT_TOKEN = re.compile(r"\d")
# Function words of English questions ("how many ... were there in ..."). They are kept in
# phrases and in the all-words match, but a document holding only some of them is not a
# partial match: the relaxed (any-word) match and keyword coverage ignore them.
_STOP_WORDS_TEXT = """a about above after all also am an and any are as at be been before being between both but by can
    could did do does doing during each either for from had has have having he her here hers him his how
    i if in into is it its itself many me more most much my no nor of off on once only or other our ours out over
    own please same she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom why will
    with would you your yours"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# In calibrated fusion, the part of a keyword score that comes from the BM25 ranking (docs/relevance.md).
CALIBRATED_BM25_SHARE = 0.5
# The best coverage (share of the query's weighted words one document holds) from which word
# frequencies (BM25) join the keyword side of calibrated fusion: half the query.
FREQUENCY_COVERAGE = 0.5
# A known-item query of at most this many content words is a handful of remembered words (a
# subject line, a name and a place); a longer one is a sentence, which can hold every word of a
# document by chance and so leans on the words less (FusionSettings.long_known_item_keyword_weight).
SHORT_QUERY_TERMS = 8


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


def hybrid_weights(settings: FusionSettings, known_item: bool, keyword: Expr | None = None) -> tuple[float, float]:
    """(keyword, semantic) weights for one query: a known-item query leans on the words, a short
    one (at most SHORT_QUERY_TERMS content words) most of all."""
    if not known_item:
        return settings.keyword_weight, settings.semantic_weight
    if content_word_count(keyword) > SHORT_QUERY_TERMS:
        return settings.long_known_item_keyword_weight, settings.semantic_weight
    return settings.known_item_keyword_weight, settings.semantic_weight


def content_word_count(keyword: Expr | None) -> int:
    """How many content words the query holds, a phrase counting each of its words."""
    return sum(len(leaf.text.split()) for leaf in content_leaves(keyword))


def content_leaves(keyword: Expr | None) -> tuple[Term | Phrase, ...]:
    """The query's positive words and phrases without function words (all of them when
    the query holds nothing else: "to be or not to be" still means something)."""
    leaves = positive_leaves(keyword)
    content = tuple(leaf for leaf in leaves if not _is_stop_word(leaf))
    return content or leaves


def relaxed_expression(keyword: Expr | None) -> Expr | None:
    """The any-word form of a query: documents holding any of its content words or phrases,
    still without its excluded words. None when it would match exactly what the query does
    (one word, one phrase, or an OR of words already)."""
    leaves = content_leaves(keyword)
    if keyword is None or len(positive_leaves(keyword)) < 2 or isinstance(keyword, AnyOf):
        return None
    operands = keyword.operands if isinstance(keyword, AllOf) else ()
    excluded = [operand for operand in operands if isinstance(operand, Not)]
    return AllOf((AnyOf(tuple(leaves)), *excluded))


def bm25_idf(document_frequency: int, documents: int) -> float:
    """BM25's inverse document frequency (as Lucene and Tantivy compute it)."""
    return math.log(1 + (documents - document_frequency + 0.5) / (document_frequency + 0.5))


def leaf_weights(stem_groups: Sequence[Sequence[str] | None], idf: Mapping[str, float]) -> list[float]:
    """The weight of each word or phrase of a query for `coverage`: the IDF of its stems added up
    (a phrase weighs its words together); a prefix (None), which stands for many words, weighs as
    the mean of the others."""
    weights = [None if group is None else sum(idf[stem] for stem in group) for group in stem_groups]
    known = [weight for weight in weights if weight is not None]
    fallback = sum(known) / len(known) if known else 1.0
    return [fallback if weight is None else weight for weight in weights]


def coverage(present: Mapping[str, Collection[int]], weights: Sequence[float]) -> dict[str, float]:
    """Each item's share of the query's weighted words that it holds, in [0, 1].

    `present` maps an item to the indexes (into `weights`) of the words it holds. With
    IDF weights this is a calibrated keyword score: 1.0 means every word was found, and a
    document that shares only the query's commonest words scores near 0 however long it
    is, unlike a min-max normalised BM25 score, which always gives its best document 1.0."""
    total = sum(weights)
    if total <= 0:
        return dict.fromkeys(present, 0.0)
    return {item: sum(weights[index] for index in set(indexes)) / total for item, indexes in present.items()}


def calibrated_keyword_scores(
    shares: Mapping[str, float], bm25: Mapping[str, float], bm25_share: float = CALIBRATED_BM25_SHARE
) -> dict[str, float]:
    """Calibrated fusion's keyword side: each candidate's word coverage times a blend of the best
    coverage of any candidate and its own min-max normalised (layered) BM25 score, which orders
    documents of equal coverage (the exact phrase, then the words' frequency).

    The best coverage is the query-dependent weight: when some document holds every word of the
    query, the keyword side speaks at full weight (the user knows the wording); when the best
    document holds a third of the query's weighted words (a question in other words), at a third,
    and the meaning decides. A min-max normalised keyword list would give its best document 1.0
    either way. A document's BM25 counts in proportion to its own coverage: one that repeats a
    single common word of the query is not lifted to the best document's level. And where no
    document holds FREQUENCY_COVERAGE of the query's weighted words, which words a document holds
    is all the keyword side says: how often it repeats a few of a paraphrase's words is no evidence
    (docs/relevance.md, "The keyword side by each document's own coverage")."""
    confidence = max(shares.values(), default=0.0)
    frequency_share = bm25_share if confidence >= FREQUENCY_COVERAGE else 0.0
    normalised = min_max_normalise(bm25)
    return {
        item: share * ((1 - frequency_share) * confidence + frequency_share * normalised.get(item, 0.0))
        for item, share in shares.items()
    }


def calibrated_fusion(
    keyword: Mapping[str, float],
    semantic: Mapping[str, float],
    weights: Sequence[float],
) -> list[tuple[str, float]]:
    """Weighted mean of a calibrated keyword score (coverage, already in [0, 1]) and the
    min-max normalised semantic score. An item absent from the semantic candidates gets
    the lowest semantic score among them: it is at most that close in meaning."""
    keyword_weight, semantic_weight = _weights(weights, 2)
    normalised = min_max_normalise(semantic)
    floor = min(normalised.values(), default=0.0)
    fused = {
        item: (keyword_weight * keyword.get(item, 0.0) + semantic_weight * normalised.get(item, floor))
        / (keyword_weight + semantic_weight)
        for item in {*keyword, *semantic}
    }
    return _ordered(fused)


def _is_stop_word(leaf: Term | Phrase) -> bool:
    return isinstance(leaf, Term) and not leaf.prefix and leaf.text.lower() in STOP_WORDS
