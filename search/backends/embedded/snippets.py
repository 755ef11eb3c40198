"""Highlighted snippets: HTML-escaped text with matched words in <mark>.

The highlighter marks every word whose stem is one of the query's stems, the
same test the index applies, and shows the window of text with the most
distinct query words. It runs in Python on the chunk text at hand: Tantivy's
SnippetGenerator re-analyses (stems) every word of every chunk, ~75 µs a
chunk, where a regular expression finds the few candidate words and only
those are stemmed, once per distinct word.

Candidates are words that start like a stem. Stemming rewrites at most the
last three letters of what it keeps (`possibility` -> `possibl`, `hoping` ->
`hope`), so a stem of five letters or more is looked for by all but its last
three, and a shorter one by its first letter.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from search.backends.embedded.schema import shared_stemmer

SNIPPET_CHARS = 280
# Words are maximal runs of letters and digits, as Tantivy's simple tokenizer sees them.
_WORD_TAIL = r"[^\W_]*"
_SPACES = re.compile(r"\s+")
_REWRITTEN_TAIL = 3


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    stem: str


class Highlighter:
    """Snippets for one query: the stems it marks."""

    def __init__(self, stems: Iterable[str], max_chars: int = SNIPPET_CHARS) -> None:
        self._stems = frozenset(stem for stem in stems if stem)
        self._max_chars = max_chars
        starts = sorted({_start(stem) for stem in self._stems}, key=lambda start: (-len(start), start))
        self._candidates = (
            re.compile("(?:" + "|".join(map(re.escape, starts)) + ")" + _WORD_TAIL, re.IGNORECASE) if starts else None
        )

    def snippet(self, text: str) -> str:
        """The best fragment of `text` with the query's words marked, or its opening when none occurs."""
        matches = self._matches(text)
        if not matches:
            return html.escape(opening(text, self._max_chars))
        first, last = _best_window(matches, self._max_chars)
        start, end = _fragment_bounds(text, matches[first].start, matches[last].end, self._max_chars)
        return _marked(text, start, end, [match for match in matches if start <= match.start and match.end <= end])

    def _matches(self, text: str) -> list[_Match]:
        if self._candidates is None:
            return []
        found = []
        for candidate in self._candidates.finditer(text):
            start = candidate.start()
            if start > 0 and text[start - 1].isalnum():
                continue  # inside a word, not at its start
            stem = _stem(candidate.group().lower())
            if stem is not None and stem in self._stems:
                found.append(_Match(candidate.start(), candidate.end(), stem))
        return found


def _start(stem: str) -> str:
    return stem[: len(stem) - _REWRITTEN_TAIL] if len(stem) > _REWRITTEN_TAIL + 1 else stem[:1]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str | None:
    """The index's stem of one lowercase word; None for a word the index drops (over 64 bytes)."""
    tokens = shared_stemmer().analyze(word)
    return tokens[0] if len(tokens) == 1 else None


def _best_window(matches: list[_Match], max_chars: int) -> tuple[int, int]:
    """Indices of the first and last match of the window with the most distinct stems, then most matches."""
    best = (0, 0)
    best_score = (0, 0)
    last = 0
    for first, match in enumerate(matches):
        last = max(last, first)
        while last + 1 < len(matches) and matches[last + 1].end - match.start <= max_chars:
            last += 1
        window = matches[first : last + 1]
        score = (len({m.stem for m in window}), len(window))
        if score > best_score:
            best, best_score = (first, last), score
    return best


def _fragment_bounds(text: str, start: int, end: int, max_chars: int) -> tuple[int, int]:
    """About `max_chars` of text around [start, end), widened to whole words, a little context before."""
    slack = max(0, max_chars - (end - start))
    lower = max(0, start - slack // 3)
    upper = min(len(text), max(end, lower + max_chars))
    # Do not cut a word in two: move inwards to the nearest space.
    if lower > 0:
        space = text.find(" ", lower, start)
        lower = space + 1 if space >= 0 else start
    if upper < len(text):
        space = text.rfind(" ", end, upper)
        upper = space if space >= 0 else end
    return lower, upper


def _marked(text: str, start: int, end: int, matches: list[_Match]) -> str:
    parts = ["… " if start > 0 else ""]
    cursor = start
    for match in matches:
        parts.append(html.escape(text[cursor : match.start]))
        parts.append("<mark>" + html.escape(text[match.start : match.end]) + "</mark>")
        cursor = match.end
    parts.append(html.escape(text[cursor:end]))
    parts.append(" …" if end < len(text) else "")
    # Tags hold no white space: collapsing runs of it touches only the text.
    return _SPACES.sub(" ", "".join(parts)).strip()


def opening(text: str, limit: int = SNIPPET_CHARS) -> str:
    collapsed = " ".join(text.split())
    if len(collapsed) <= limit:
        return collapsed
    cut = collapsed.rfind(" ", 0, limit)
    return collapsed[: cut if cut > limit // 2 else limit] + " …"
