"""Chunking: paragraphs packed into chunks of about 200-300 tokens, with a
one-sentence overlap, never cut inside a sentence unless a sentence alone is
longer than a chunk. Short heading-like lines become the section of what follows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from search.model import Chunk

TARGET_WORDS = 190  # ~250 MiniLM word pieces for English prose
MAX_WORDS = 240
# A paragraph is a run of lines that are not blank.
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    words: int
    section: str | None


def chunk_text(document_id: str, text: str) -> list[Chunk]:
    spans = list(_sentence_spans(text))
    chunks: list[Chunk] = []
    current: list[_Span] = []
    for span in spans:
        if current and sum(s.words for s in current) + span.words > TARGET_WORDS:
            chunks.append(_chunk(document_id, len(chunks), text, current))
            # Carry the last sentence over so a passage cut at a boundary is still found whole.
            current = current[-1:] if current[-1].words < TARGET_WORDS // 3 else []
        current.append(span)
    if current and (not chunks or current[-1].end > chunks[-1].char_end):
        chunks.append(_chunk(document_id, len(chunks), text, current))
    return chunks


def _chunk(document_id: str, order: int, text: str, spans: list[_Span]) -> Chunk:
    start, end = spans[0].start, spans[-1].end
    return Chunk(
        document_id=document_id,
        order=order,
        text=text[start:end],
        pages=(1,),
        section=spans[-1].section,
        char_start=start,
        char_end=end,
    )


def _sentence_spans(text: str) -> list[_Span]:
    spans: list[_Span] = []
    section: str | None = None
    for paragraph in _PARAGRAPH.finditer(text):
        raw = paragraph.group()
        body = raw.strip()
        if _is_heading(body):
            section = " ".join(body.split())
        for start, end in _split_sentences(body, paragraph.start() + len(raw) - len(raw.lstrip())):
            for piece_start, piece_end in _split_long(text, start, end):
                spans.append(_Span(piece_start, piece_end, len(text[piece_start:piece_end].split()), section))
    return spans


def _is_heading(paragraph: str) -> bool:
    words = paragraph.split()
    return 0 < len(words) <= 10 and "\n" not in paragraph.strip() and not paragraph.rstrip().endswith((".", ",", ";"))


def _split_sentences(body: str, offset: int) -> list[tuple[int, int]]:
    bounds = [0] + [match.end() for match in _SENTENCE_END.finditer(body)] + [len(body)]
    return [(offset + a, offset + len(body[a:b].rstrip()) + a) for a, b in pairwise(bounds) if body[a:b].strip()]


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A 'sentence' longer than a chunk (a table, a list) is cut at word boundaries."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= MAX_WORDS:
        return [(start, end)]
    pieces = []
    for first in range(0, len(words), TARGET_WORDS):
        group = words[first : first + TARGET_WORDS]
        pieces.append((start + group[0].start(), start + group[-1].end()))
    return pieces
