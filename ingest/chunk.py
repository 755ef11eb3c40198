"""Structure-aware chunking.

A document arrives as blocks (unstructured's elements: titles, narrative text,
list items, tables, each with its page). Sentences are packed into chunks of
about `chunk_words` words (~250 MiniLM word pieces), carrying the last sentence
over so that a passage cut at a boundary is still found whole. A heading starts
a new section and, once the current chunk has some substance, a new chunk, so
that "Section 31" and "Public interest test" land in chunks of their own.
A sentence is only cut when it alone is longer than a chunk (a table, a list).

The document text is the blocks joined by BLOCK_SEPARATOR; every chunk carries
character offsets into it, its page numbers and its section heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

from core.model import Chunk

BLOCK_SEPARATOR = "\n\n"
HEADING_KINDS = frozenset({"title"})
# A heading that arrives when the current chunk is at least this share of a
# chunk starts a new chunk; below it the heading joins the small chunk.
_FLUSH_SHARE = 0.4
_HEADING_MAX_WORDS = 12
_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


class TextBlock(Protocol):
    """What the chunker needs of an extracted element."""

    @property
    def text(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def page(self) -> int | None: ...


@dataclass(frozen=True)
class ChunkingOptions:
    words: int = 190
    overlap_sentences: int = 1

    @property
    def max_sentence_words(self) -> int:
        return self.words + self.words // 4


@dataclass(frozen=True)
class PlainBlock:
    """A block of plain text, for text that comes without structure."""

    text: str
    kind: str = "narrative"
    page: int | None = None


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    words: int
    page: int | None
    section: str | None
    opens_section: bool


def document_text(blocks: Sequence[TextBlock]) -> str:
    return BLOCK_SEPARATOR.join(block.text for block in blocks)


def plain_blocks(text: str) -> list[PlainBlock]:
    """Paragraphs of plain text as blocks; short unpunctuated lines count as headings."""
    blocks = []
    for paragraph in _PARAGRAPH.finditer(text):
        body = paragraph.group().strip()
        blocks.append(PlainBlock(body, "title" if _looks_like_heading(body) else "narrative"))
    return blocks


def chunk_text(document_id: str, text: str, options: ChunkingOptions | None = None) -> list[Chunk]:
    """Chunks of plain text. The text must equal `document_text(plain_blocks(text))`
    for the offsets to point into it; `chunk_blocks` is the general form."""
    return chunk_blocks(document_id, plain_blocks(text), options)


def chunk_blocks(document_id: str, blocks: Sequence[TextBlock], options: ChunkingOptions | None = None) -> list[Chunk]:
    options = options or ChunkingOptions()
    text = document_text(blocks)
    chunks: list[Chunk] = []
    current: list[_Span] = []
    for span in _spans(blocks, options):
        size = sum(s.words for s in current)
        starts_section = span.opens_section and size >= options.words * _FLUSH_SHARE
        if current and (size + span.words > options.words or starts_section):
            chunks.append(_chunk(document_id, len(chunks), text, current))
            current = [] if starts_section else _overlap(current, options)
        current.append(span)
    if current and (not chunks or current[-1].end > chunks[-1].char_end):
        chunks.append(_chunk(document_id, len(chunks), text, current))
    return chunks


def _overlap(spans: list[_Span], options: ChunkingOptions) -> list[_Span]:
    if options.overlap_sentences <= 0:
        return []
    carried = spans[-options.overlap_sentences :]
    return carried if sum(s.words for s in carried) < options.words // 3 else []


def _chunk(document_id: str, order: int, text: str, spans: list[_Span]) -> Chunk:
    start, end = spans[0].start, spans[-1].end
    pages = tuple(sorted({span.page for span in spans if span.page is not None}))
    return Chunk(
        document_id=document_id,
        order=order,
        text=text[start:end],
        pages=pages or (1,),
        section=next((span.section for span in spans if span.opens_section), spans[0].section),
        char_start=start,
        char_end=end,
    )


def _spans(blocks: Sequence[TextBlock], options: ChunkingOptions) -> list[_Span]:
    spans: list[_Span] = []
    section: str | None = None
    offset = 0
    for block in blocks:
        is_heading = _is_heading(block)
        if is_heading:
            section = " ".join(block.text.split())
        for index, (start, end) in enumerate(_sentences(block.text, offset)):
            for piece_start, piece_end in _split_long(block.text, offset, start, end, options):
                words = len(block.text[piece_start - offset : piece_end - offset].split())
                opens = is_heading and index == 0 and piece_start == start
                spans.append(_Span(piece_start, piece_end, words, block.page, section, opens))
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    return spans


def _is_heading(block: TextBlock) -> bool:
    text = block.text.strip()
    if block.kind in HEADING_KINDS:
        return 0 < len(text.split()) <= _HEADING_MAX_WORDS
    return False


def _looks_like_heading(paragraph: str) -> bool:
    words = paragraph.split()
    return 0 < len(words) <= 10 and "\n" not in paragraph and not paragraph.endswith((".", ",", ";", ":"))


def _sentences(body: str, offset: int) -> list[tuple[int, int]]:
    bounds = [0] + [match.end() for match in _SENTENCE_END.finditer(body)] + [len(body)]
    spans = []
    for a, b in pairwise(bounds):
        piece = body[a:b]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            spans.append((offset + a + lead, offset + a + len(piece.rstrip())))
    return spans


def _split_long(body: str, offset: int, start: int, end: int, options: ChunkingOptions) -> list[tuple[int, int]]:
    """A 'sentence' longer than a chunk (a table, a list) is cut at word boundaries."""
    words = list(re.finditer(r"\S+", body[start - offset : end - offset]))
    if len(words) <= options.max_sentence_words:
        return [(start, end)]
    pieces = []
    for first in range(0, len(words), options.words):
        group = words[first : first + options.words]
        pieces.append((start + group[0].start(), start + group[-1].end()))
    return pieces
