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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ingest.extract.model import Block

# Shorter lines are not a print column; fewer cut lines are not a pattern.
MIN_COLUMN = 40
MIN_CUT_LINES = 4
# Of the long lines near the column that end in a non-space character, the share that must be
# exactly the cut column's length. Word-wrapped text spreads its line lengths over many values.
MIN_CUT_SHARE = 0.6
# How close to the cut column (a share of it) a line must be to count for or against it.
_NEAR_COLUMN = 0.1
# Pages read to decide whether the document is cut at all (most are not: stop early).
_SAMPLE_PAGES = 3


@dataclass(frozen=True)
class Seam:
    """A word cut at a line end: the text before the cut and the text after it."""

    page: int
    left: str
    right: str


@dataclass(frozen=True)
class CutLines:
    """A page's lines as its text layer has them: `sample` (cheap) decides whether the document
    is cut at all, `exact` (every space kept, so a line's length is its printed width) finds the cuts."""

    sample: Callable[[int], Sequence[str]]
    exact: Callable[[int], Sequence[str]]


def join_cut_words(lines: CutLines, blocks: Sequence[Block], pages: Sequence[int]) -> list[Block]:
    """`blocks` with the words cut at the line ends of `pages` joined, when the PDF is column-cut."""
    sample = [line for page in pages[:_SAMPLE_PAGES] for line in lines.sample(page)]
    if cut_column(sample) is None:
        return list(blocks)
    exact = {page: lines.exact(page) for page in pages}
    column = cut_column([line for page in pages[:_SAMPLE_PAGES] for line in exact[page]])
    if column is None:
        return list(blocks)
    seams = [seam for page in pages for seam in find_seams(page, exact[page], column)]
    return join_seams(blocks, seams)


def cut_column(lines: Sequence[str]) -> int | None:
    """The column the lines were cut at, or None when they were wrapped at word boundaries."""
    lengths = Counter(len(line) for line in lines if len(line) >= MIN_COLUMN and not line[-1].isspace())
    if not lengths:
        return None
    column, count = lengths.most_common(1)[0]
    # Lines near the column: word wrapping spreads them over many lengths, a cut puts them all on
    # one. Shorter lines (a paragraph's last) say nothing either way, and a text layer that drops
    # the space at a wrapped line's end would otherwise count them against the cut.
    near = sum(number for length, number in lengths.items() if abs(length - column) <= column * _NEAR_COLUMN)
    if count < MIN_CUT_LINES or count < MIN_CUT_SHARE * near:
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
