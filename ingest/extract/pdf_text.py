"""A PDF's text layer read by PDFium (pypdfium2), its lines grouped into paragraph blocks.

unstructured's `fast` strategy reads the text layer through pdfminer's layout analysis,
which runs in Python and managed about 7 pages/s here (README, benchmarks/pdf_text_bench.py).
PDFium reads the same layer in C at hundreds of pages a second. It gives the page's text in
reading order with a line break per line, and a box per character: lines whose vertical gap
exceeds a fraction of their height start a new paragraph, as the blank line between a
letter's paragraphs does. Each paragraph is one block, its lines joined by a space (as
pdfminer's text boxes were), and classed with the rules a reader of a letter would use: a
short line standing alone without a sentence's closing punctuation is a heading, a line that
starts with a bullet is a list item, a line of digits and punctuation ("2.", "Page 3") is
other text.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.errors import CorruptFileError
from ingest.extract.model import Block

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# A gap between two lines larger than this share of a line's height is a paragraph break:
# lines of one paragraph sit 0-0.3 heights apart, a letter's paragraphs one line height.
PARAGRAPH_GAP = 0.6
# A heading: a line of at most this many words without a sentence's closing punctuation.
HEADING_MAX_WORDS = 12
_NOT_A_HEADING_END = (".", ",", ";", ":", "!", "?")
# A bullet glyph (U+F0B7 is Symbol's bullet, as Word prints it), or a dash or asterisk and a
# space ("- item"); never a letter ("o" is also the end of a word cut at a line's end).
_BULLETS = ("•", "●", "▪", "◦", "‣", "∙", "·", "■", "□", "\uf0b7", "– ", "- ", "* ")
_NO_WORDS = re.compile(r"^[\W\d_]*$|^page \d+( of \d+)?$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
# PDFium marks a hyphen at a line end with U+0002 and unmapped glyphs with U+FFFE.
_PDFIUM_HYPHEN = "\x02"
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
_LINE = re.compile(r"[^\r\n]+")
# A letter-spaced line has at least this many one-letter words, and a space in it is a gap this
# many times the line's usual gap between letters (letters 3.7 pt apart, words 9.7 pt, in a menu).
_LETTER_SPACED_MIN_WORDS = 4
_WORD_GAP = 1.8
# Letters further apart than this share of their height are columns, not letter-spaced type.
_MAX_LETTER_GAP = 0.8
_UNMAPPED = frozenset(chr(code) for code in _CONTROL) | {"\ufffe"}


@dataclass(frozen=True)
class Line:
    """One line of a page's text layer; top and bottom in PDF points (y grows upwards)."""

    text: str
    top: float
    bottom: float
    # As the text layer has it, spaces included: where a fixed-width print cut its words shows in its length.
    raw: str


@dataclass(frozen=True)
class PageText:
    """A page's lines, and how many glyphs it draws that map to no character: a font without a
    Unicode map (its text reads as control codes, or as pdfminer's "(cid:18)"), which only OCR can read."""

    lines: list[Line]
    unmapped_glyphs: int


def read_text_layer(path: Path) -> list[PageText]:
    """The lines of every page, in PDFium's reading order."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise CorruptFileError(str(path), f"not a readable PDF: {e}") from e
    try:
        return [_page_lines(document[number]) for number in range(len(document))]
    except pdfium.PdfiumError as e:
        raise CorruptFileError(str(path), f"cannot read the PDF's text layer: {e}") from e
    finally:
        document.close()


def _page_lines(page: pdfium.PdfPage) -> PageText:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        # Each character of the text is one of PDFium's (the line breaks it inserts included),
        # except where a glyph maps to several code points: then the lines go without boxes.
        aligned = len(text) == count
        lines: list[Line] = []
        for match in _LINE.finditer(text):
            raw = match.group()
            if aligned and _letter_spaced(raw):
                raw = _respaced(textpage, match.start(), raw)
            cleaned = _clean(raw)
            if cleaned:
                top, bottom = _vertical_extent(textpage, match.start(), match.group()) if aligned else (0.0, 0.0)
                lines.append(Line(cleaned, top, bottom, match.group().translate(_CONTROL)))
        return PageText(lines, sum(1 for char in text if char in _UNMAPPED))
    finally:
        textpage.close()


def _letter_spaced(line: str) -> bool:
    """A line set with wide letter spacing ("L I G H T  B I T E S", a designed heading), which
    PDFium reads as one letter a word: most of its words are single letters (not digits: a row
    of figures such as "2019 3 1 1" is a table)."""
    words = line.split()
    letters = sum(len(word) == 1 and word.isalpha() for word in words)
    return len(words) >= _LETTER_SPACED_MIN_WORDS and letters > len(words) / 2


def _respaced(textpage: pdfium.PdfTextPage, offset: int, line: str) -> str:
    """The line's words rebuilt from its glyph boxes: a gap well over the line's usual gap between
    letters is a space, any other gap is not ("LIGHT BITES", as pdfminer read it)."""
    glyphs = [
        (char, textpage.get_charbox(offset + position)) for position, char in enumerate(line) if not char.isspace()
    ]
    gaps = [right[1][0] - left[1][2] for left, right in itertools.pairwise(glyphs)]
    if not gaps:
        return line
    usual = statistics.median(gaps)
    # Letter spacing is a fraction of the type's size; a table's columns of one-letter codes
    # ("Y N N Y") stand further apart than their letters are tall, and stay apart.
    height = statistics.median(box[3] - box[1] for _, box in glyphs)
    if usual > _MAX_LETTER_GAP * height:
        return line
    words = [glyphs[0][0]]
    for (char, _), gap in zip(glyphs[1:], gaps, strict=True):
        words.append(f" {char}" if gap > _WORD_GAP * max(usual, 0.1) else char)
    return "".join(words)


def _vertical_extent(textpage: pdfium.PdfTextPage, offset: int, line: str) -> tuple[float, float]:
    """The top and bottom of the line's font boxes (loose boxes: ascent to descent)."""
    tops: list[float] = []
    bottoms: list[float] = []
    for position, char in enumerate(line):
        if not char.isspace():
            _, bottom, _, top = textpage.get_charbox(offset + position, loose=True)
            tops.append(top)
            bottoms.append(bottom)
            if len(tops) == 3:  # a few glyphs give the line's extent; all of them would cost a C call each
                break
    if not tops:
        return 0.0, 0.0
    return max(tops), min(bottoms)


def _clean(line: str) -> str:
    line = line.replace(_PDFIUM_HYPHEN, "-").replace("\ufffe", "").translate(_CONTROL)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


def paragraph_blocks(lines: list[Line], page: int) -> list[Block]:
    """The page's lines grouped into paragraphs (by the gaps between them), one block each."""
    paragraphs: list[list[Line]] = []
    for line in lines:
        if paragraphs and not _starts_paragraph(paragraphs[-1][-1], line):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [_block(paragraph, page) for paragraph in paragraphs]


def _starts_paragraph(previous: Line, line: Line) -> bool:
    height = max(previous.top - previous.bottom, line.top - line.bottom)
    if height <= 0:
        return True  # no geometry: each line stands alone, as it did in the text layer
    gap = previous.bottom - line.top
    # A line above the previous one (a new column, a footer read first) also breaks.
    return gap > PARAGRAPH_GAP * height or line.top > previous.top + height / 2 or _is_bullet(line.text)


def _block(paragraph: list[Line], page: int) -> Block:
    text = " ".join(line.text for line in paragraph)
    return Block(text=text, kind=block_kind(text, len(paragraph)), page=page)


def block_kind(text: str, line_count: int) -> str:
    """A paragraph's kind, from its text and how many lines it ran over."""
    if _is_bullet(text):
        return "list_item"
    if _NO_WORDS.match(text):
        return "other"
    if line_count == 1 and _looks_like_heading(text):
        return "title"
    return "narrative"


def _is_bullet(text: str) -> bool:
    return text.startswith(_BULLETS) and len(text) > 2


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= HEADING_MAX_WORDS and not text.endswith(_NOT_A_HEADING_END) and any(c.isalpha() for c in text)
    )
