"""The hybrid blend measured in docs/relevance.md: all-words matches above any-word
matches, and a heavier keyword weight for queries that look like known items."""

from __future__ import annotations

import pytest

from core.settings import FusionSettings, Settings, chunks_per_document
from search.fusion import (
    SHORT_QUERY_TERMS,
    content_word_count,
    hybrid_weights,
    implied_phrase,
    layered,
    looks_like_known_item,
    min_max_fusion,
)
from search.model import AllOf, Not, Phrase, Term
from search.query import parse_query


def test_layered_puts_all_word_matches_first_and_keeps_scores_comparable() -> None:
    first = [("a", 3.0), ("b", 2.0)]
    rest = [("c", 9.0), ("a", 8.0), ("d", 1.0)]
    assert layered(first, rest) == [("a", 12.0), ("b", 11.0), ("c", 9.0), ("d", 1.0)]
    assert layered([], rest) == rest
    assert layered(first, []) == first
    # After min-max normalisation the all-words layer still leads: a 1.0, b 0.909, c 0.727, d 0.
    fused = min_max_fusion([dict(layered(first, rest))])
    assert [item for item, _ in fused] == ["a", "b", "c", "d"]
    assert fused[1][1] == 10 / 11


def test_known_item_signals() -> None:
    assert looks_like_known_item(parse_query('"neither confirms nor denies"').keyword)
    assert looks_like_known_item(parse_query("FOI2018/01393").keyword)
    assert looks_like_known_item(parse_query("rule 18.8.2 exit facility").keyword)
    question = parse_query("what must an operator tell clients about the exit facility").keyword
    assert not looks_like_known_item(question)
    assert looks_like_known_item(question, full_match=True)
    # Two words found together are a topic, not a quotation.
    assert not looks_like_known_item(parse_query("speeding fines").keyword, full_match=True)
    assert not looks_like_known_item(AllOf((Term("speeding"), Not(Phrase("fixed penalty")))))
    assert not looks_like_known_item(None, full_match=True)


def test_hybrid_weights_follow_the_signal() -> None:
    settings = FusionSettings(
        keyword_weight=0.5, semantic_weight=1.0, known_item_keyword_weight=3.0, long_known_item_keyword_weight=2.0
    )
    short = parse_query("Priory Road telephone notes").keyword
    assert hybrid_weights(settings, known_item=False, keyword=short) == (0.5, 1.0)
    assert hybrid_weights(settings, known_item=True, keyword=short) == (3.0, 1.0)
    # A sentence that some document holds in full leans on its words less than a handful of them.
    sentence = parse_query(
        "how many penalty charge notices were issued by civil enforcement officers on Priory Road in Hungerford"
    ).keyword
    assert content_word_count(sentence) == SHORT_QUERY_TERMS + 2
    assert hybrid_weights(settings, known_item=True, keyword=sentence) == (2.0, 1.0)
    assert hybrid_weights(settings, known_item=False, keyword=sentence) == (0.5, 1.0)


def test_content_words_are_counted_inside_phrases_and_without_function_words() -> None:
    assert content_word_count(parse_query('"neither confirm nor deny" the police').keyword) == 5
    assert content_word_count(parse_query("what is it").keyword) == 3
    assert content_word_count(None) == 0


def test_implied_phrase_only_for_plain_words() -> None:
    assert implied_phrase(parse_query("costs exceed the appropriate limit").keyword) == Phrase(
        "costs exceed the appropriate limit"
    )
    # Too short to be a quotation, or already a phrase, an operator, a prefix or an exclusion.
    assert implied_phrase(parse_query("speeding fines").keyword) is None
    assert implied_phrase(parse_query('"neither confirms nor denies"').keyword) is None
    assert implied_phrase(parse_query("costs OR limit OR exceed").keyword) is None
    assert implied_phrase(parse_query("cost* exceed the limit").keyword) is None
    assert implied_phrase(parse_query("costs exceed limit -police").keyword) is None
    assert implied_phrase(None) is None


def test_a_query_built_by_hand_fuses_as_the_shipped_settings_do() -> None:
    assert FusionSettings() == Settings().fusion_settings()


def test_chunks_per_document() -> None:
    assert chunks_per_document("max") == 1 and chunks_per_document("sum3") == 3
    for wrong in ("sum", "sum0", "mean3", "top3"):
        with pytest.raises(ValueError, match="sumN"):
            chunks_per_document(wrong)
