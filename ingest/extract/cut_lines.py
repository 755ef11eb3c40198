"""Words that a fixed-width PDF cut in two at its line ends ("spo" / "tlight"), joined again.

Text printed to PDF in a monospaced font with its lines cut at a fixed column (a text
file or a report "printed" to PDF) breaks words anywhere, with no hyphen. The text
extractor joins lines with a space, so "spotlight" reaches search and the FOI parsers
as "spo tlight", "section 22" as "section 2 2" and the Act's "is exempt information if"
as "is exemp t information if" (which then no longer reads as quoted statute).

The text layer shows where the cuts are: a document whose lines that end in a
non-space character are nearly all of one length (the cut column) has been cut, not
word-wrapped, and a line of that length that ends, and whose next line starts, with a
non-space character has a word cut in two. Only those seams are joined, in the blocks of
their page; no other space is touched.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pypdf import PdfReader

from ingest.extract.model import Block

# Shorter lines are not a print column; fewer cut lines are not a pattern.
MIN_COLUMN = 40
MIN_CUT_LINES = 4
# Of the long lines that end in a non-space character, the share that must be exactly
# the cut column's length. Word-wrapped text spreads its line lengths over many values.
MIN_CUT_SHARE = 0.6
# Pages read to decide whether the document is cut at all (most are not: stop early).
_SAMPLE_PAGES = 3


@dataclass(frozen=True)
class Seam:
    """A word cut at a line end: the text before the cut and the text after it."""

    page: int
    left: str
    right: str


def join_cut_words(reader: PdfReader, blocks: Sequence[Block], pages: Sequence[int]) -> list[Block]:
    """`blocks` with the words cut at the line ends of `pages` joined, when the PDF is column-cut."""
    sample = {page: _page_lines(reader, page) for page in pages[:_SAMPLE_PAGES]}
    column = cut_column([line for lines in sample.values() for line in lines])
    if column is None:
        return list(blocks)
    seams = [seam for page in pages for seam in find_seams(page, sample.get(page) or _page_lines(reader, page), column)]
    return join_seams(blocks, seams)


def cut_column(lines: Sequence[str]) -> int | None:
    """The column the lines were cut at, or None when they were wrapped at word boundaries."""
    lengths = Counter(len(line) for line in lines if len(line) >= MIN_COLUMN and not line[-1].isspace())
    if not lengths:
        return None
    column, count = lengths.most_common(1)[0]
    if count < MIN_CUT_LINES or count < MIN_CUT_SHARE * sum(lengths.values()):
        return None
    return column


def find_seams(page: int, lines: Sequence[str], column: int) -> list[Seam]:
    """The cut words on one page: a full-column line running straight into the next line."""
    seams = []
    for line, following in itertools.pairwise(lines):
        if len(line) != column or line[-1].isspace() or not following or following[0].isspace():
            continue
        left, right = line.split()[-1], following.split()[0]
        seams.append(Seam(page, left, right))
    return seams


def join_seams(blocks: Sequence[Block], seams: Sequence[Seam]) -> list[Block]:
    """Each seam's "left right" joined to "leftright": looked for after the previous seam of its page
    (the reading orders of the text layer and of the blocks mostly agree), then anywhere on the page."""
    result = list(blocks)
    cursor: dict[int, tuple[int, int]] = {}  # page -> (block index, offset) after the last join
    for seam in seams:
        # Whole tokens only: "th" + "e" must not join "with each".
        pattern = re.compile(rf"(?<!\S){re.escape(seam.left)}\s+{re.escape(seam.right)}(?!\S)")
        after = cursor.get(seam.page, (0, 0))
        found = _search_page(result, seam.page, pattern, after) or _search_page(result, seam.page, pattern, (0, 0))
        if found is None:
            continue
        index, match = found
        text = result[index].text
        result[index] = replace(
            result[index], text=text[: match.start()] + seam.left + seam.right + text[match.end() :]
        )
        cursor[seam.page] = (index, match.start() + len(seam.left) + len(seam.right))
    return result


def _search_page(
    blocks: Sequence[Block], page: int, pattern: re.Pattern[str], start: tuple[int, int]
) -> tuple[int, re.Match[str]] | None:
    first, offset = start
    for index in range(first, len(blocks)):
        if blocks[index].page != page:
            continue
        match = pattern.search(blocks[index].text, offset if index == first else 0)
        if match is not None:
            return index, match
    return None


def _page_lines(reader: PdfReader, page: int) -> list[str]:
    try:
        text = reader.pages[page - 1].extract_text()
    except Exception:  # a repair only: none of pypdf's many errors may fail the file
        return []
    return text.replace("\u00a0", " ").replace("\r", "").split("\n")
