"""Highlighted snippets: HTML-escaped text with matched words in <mark>.

The highlighter marks every word whose stem is one of the query's stems, the
same test the index applies, and shows the window of text with the most
distinct query words. It runs in Python on the chunk text at hand: Tantivy's
SnippetGenerator re-analyses (stems) every word of every chunk, ~75 µs a
chunk, where a regular expression finds the few candidate words and only
those are stemmed, once per distinct word.

Candidates are words that start like a stem. English stemming rewrites only
the end of what it keeps (`possibility` -> `possibl`, `hoping` -> `hope`,
`happy` -> `happi`): a word is a candidate when it starts with its stem less
the last two letters (five letters or more) or the last one (three or four).
The stemmer's few irregular words (`dying` -> `die`) are looked for by their
first letter. Every candidate is then stemmed, so a mark is never wrong.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from search.backends.embedded.schema import shared_stemmer
from search.pages import SNIPPET_CHARS, opening

# Words are maximal runs of letters and digits, as Tantivy's simple tokenizer sees them.
_WORD_TAIL = r"[^\W_]*"
_SPACES = re.compile(r"\s+")
# Stand-ins for <mark> and </mark> while a fragment is escaped: control characters, not white space.
_OPEN, _CLOSE = "\x02", "\x03"


_UNMARKED = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "wa",
        "were",
        "with",
    ]
)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    stem: str


class Highlighter:
    """Snippets for one query: the stems it marks."""

    def __init__(self, stems: Iterable[str], max_chars: int = SNIPPET_CHARS) -> None:
        wanted = frozenset(stem for stem in stems if stem)
        # Marking every "of" and "the" hides the words that matter; a query of
        # nothing but such words still gets them marked.
        self._stems = (wanted - _UNMARKED) or wanted
        self._max_chars = max_chars
        starts = sorted({_start(stem) for stem in self._stems}, key=lambda start: (-len(start), start))
        pattern = "(?:" + "|".join(map(re.escape, starts)) + ")" + _WORD_TAIL
        # Matching lowercased text is ~4 times faster than ignoring case; the
        # fallback is for the rare text whose length lowercasing changes (`İ`).
        self._candidates = re.compile(pattern) if starts else None
        self._candidates_any_case = re.compile(pattern, re.IGNORECASE) if starts else None

    def snippet(self, text: str) -> str:
        """The best fragment of `text` with the query's words marked, or its opening when none occurs."""
        matches = self._matches(text)
        if not matches:
            return html.escape(opening(text, self._max_chars))
        first, last = _best_window(matches, self._max_chars)
        start, end = _fragment_bounds(text, matches[first].start, matches[last].end, self._max_chars)
        return _marked(text, start, end, [match for match in matches if start <= match.start and match.end <= end])

    def _matches(self, text: str) -> list[_Match]:
        if self._candidates is None or self._candidates_any_case is None:
            return []
        lowered = text.lower()
        if len(lowered) == len(text):
            candidates = self._candidates.finditer(lowered)
        else:
            candidates = self._candidates_any_case.finditer(text)
        found = []
        for candidate in candidates:
            start = candidate.start()
            if start > 0 and text[start - 1].isalnum():
                continue  # inside a word, not at its start
            stem = _stem(candidate.group().lower())
            if stem is not None and stem in self._stems:
                found.append(_Match(candidate.start(), candidate.end(), stem))
        return found


def _start(stem: str) -> str:
    if len(stem) >= 5:
        return stem[:-2]
    if len(stem) >= 3 and not stem.endswith("ie"):
        return stem[:-1]
    return stem[:1]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str | None:
    """The index's stem of one lowercase word; None for a word the index drops (over 64 bytes)."""
    tokens = shared_stemmer().analyze(word)
    return tokens[0] if len(tokens) == 1 else None


def _best_window(matches: list[_Match], max_chars: int) -> tuple[int, int]:
    """Indices of the first and last match of the window with the most distinct stems, then most matches."""
    if matches[-1].end - matches[0].start <= max_chars:
        return 0, len(matches) - 1  # all in one window: the common case for a chunk
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
    """The fragment escaped, with its matches in <mark>, white space collapsed."""
    fragment = text[start:end]
    if _OPEN in fragment or _CLOSE in fragment:
        # The text holds our placeholders itself: escape piece by piece.
        parts = []
        cursor = start
        for match in matches:
            parts.append(html.escape(text[cursor : match.start]))
            parts.append("<mark>" + html.escape(text[match.start : match.end]) + "</mark>")
            cursor = match.end
        parts.append(html.escape(text[cursor:end]))
        marked = "".join(parts)
    else:
        # Placeholders around the matches, then one escape of the whole fragment.
        parts = []
        cursor = start
        for match in matches:
            parts += (text[cursor : match.start], _OPEN, text[match.start : match.end], _CLOSE)
            cursor = match.end
        parts.append(text[cursor:end])
        marked = html.escape("".join(parts)).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")
    # Tags hold no white space: collapsing runs of it touches only the text.
    marked = _SPACES.sub(" ", marked).strip()
    return ("… " if start > 0 else "") + marked + (" …" if end < len(text) else "")
