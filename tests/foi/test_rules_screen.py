"""Each phrase list's screen (one alternation of its patterns) changes no answer, only the time taken."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ingest.foi.passages import read_passages
from ingest.foi.rules import Patterns, any_match, patterns, rules
from tests.foi import council_mail as mail


def _pattern_lists(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(node, dict):
        for key, inner in node.items():
            yield from _pattern_lists(inner, (*path, key))
    elif isinstance(node, list) and node and all(isinstance(item, str) for item in node):
        yield path


def _sentences() -> list[str]:
    letters = [mail.PARTIAL_S40, mail.CAMDEN_ADVICE, mail.ACKNOWLEDGEMENT]
    return [s.own_text for letter in letters for s in read_passages(letter).sentences]


def test_every_phrase_list_has_a_screen_that_agrees_with_its_patterns() -> None:
    sentences = _sentences()
    for path in _pattern_lists(rules()):
        screened = patterns(*path)
        assert screened.screen is not None, path
        plain = tuple(screened)  # a plain tuple: any_match tries every pattern
        for sentence in sentences:
            with_screen, without = any_match(screened, sentence), any_match(plain, sentence)
            assert (with_screen and with_screen.span()) == (without and without.span()), (path, sentence)


def test_a_backreference_gets_no_screen() -> None:
    assert Patterns([re.compile(r"(ab)\1", re.I)]).screen is None
    assert Patterns([re.compile(r"section", re.I), re.compile(r"regulation", re.I)]).screen is not None
