"""Regressions from the real ingest path: the shapes extraction gives a letter's text, table-driven.

- a fixed-width PDF cut at a column splits words and citations at its line ends ("exemp t", "2 2");
- OCR runs a letterhead's lines together ("9th April 2018 Our Ref: ...");
- an email cover note attaches the letter that carries the outcome;
- a plain text file's first line is its heading.
"""

from __future__ import annotations

from datetime import date

import pytest

from ingest.extract.cut_lines import cut_column, find_seams, join_seams
from ingest.extract.model import Block
from ingest.extract.text import with_heading
from ingest.foi import FoiInput, analyse
from ingest.foi.dates import letterhead_fields

# A letter printed to PDF in a monospaced font, each paragraph cut every 80 characters.
_PARAGRAPHS = [
    "We consider that some of the information held engages the exemption section 31(1)(a) of the FOIA "
    "(the prevention or detection of crime). The rest of the information is exempt from disclosure under "
    "section 22 of the FOIA, as it is to be published in due course.",
    "Section 31",
    "(1) Information which is not exempt information by virtue of section 30 is exempt information if its "
    "disclosure under this Act would, or would be likely to, prejudice the prevention or detection of crime.",
]
_COLUMN = 80


def _cut(paragraph: str) -> list[str]:
    return [paragraph[start : start + _COLUMN] for start in range(0, len(paragraph), _COLUMN)]


_CUT_AT_80 = [line for paragraph in _PARAGRAPHS for line in _cut(paragraph)]
_WORD_WRAPPED = [
    "We consider that some of the information held engages the exemption section",
    "31(1)(a) of the FOIA (the prevention or detection of crime). We are content",
    "that Section 22 applies to the rest, which is published in due course by the",
    "authority, and at no cost to you. Information which is not exempt information",
]


def _as_extracted() -> list[Block]:
    """What the extractor gives: a paragraph's lines joined with spaces."""
    return [Block(" ".join(line.strip() for line in _cut(paragraph)), "narrative", 1) for paragraph in _PARAGRAPHS]


def test_a_cut_column_is_found_and_word_wrapping_is_not_mistaken_for_one() -> None:
    assert cut_column(_CUT_AT_80) == 80
    assert cut_column(_WORD_WRAPPED) is None
    assert cut_column(["short", "lines", "only"]) is None


@pytest.mark.parametrize(
    ("left", "right", "cut", "joined"),
    [
        ("31(1", ")(a)", "section 31(1 )(a) of the FOIA", "section 31(1)(a) of the FOIA"),
        ("Sec", "tion", "content that Sec tion 2 2 applies", "content that Section 2 2 applies"),
        ("2", "2", "content that Section 2 2 applies", "content that Section 22 applies"),
        ("exemp", "t", "section 30 is exemp t information", "section 30 is exempt information"),
        # whole tokens only: the seam "th" / "e" must not join "with each"
        ("th", "e", "agreed with each of th e forces", "agreed with each of the forces"),
    ],
)
def test_a_seam_joins_only_the_cut_word(left: str, right: str, cut: str, joined: str) -> None:
    seam = find_seams(1, [f"{'x' * (80 - len(left) - 1)} {left}", f"{right} rest"], 80)
    assert [(s.left, s.right) for s in seam] == [(left, right)]
    assert join_seams([Block(cut, "narrative", 1)], seam)[0].text == joined


def test_a_cut_pdf_letter_applies_only_what_it_applies() -> None:
    blocks = _as_extracted()
    column = cut_column(_CUT_AT_80)
    assert column is not None
    repaired = join_seams(blocks, find_seams(1, _CUT_AT_80, column))

    def exemptions(found: list[Block]) -> set[str]:
        text = "\n\n".join(block.text for block in found)
        return set(analyse(FoiInput(text=text, doc_type="pdf")).exemptions)

    # Cut, the quoted Act no longer reads as the Act ("exemp t information"): s30 looked applied.
    assert "s30" in exemptions(blocks)
    assert exemptions(repaired) == {"s22", "s31(1)(a)"}
    assert [block.text for block in repaired] == _PARAGRAPHS


@pytest.mark.parametrize(
    ("letter", "response", "requested"),
    [
        (
            "9th April 2018 Our Ref: FOI2018/01393 REQUEST UNDER THE FREEDOM OF INFORMATION ACT 2000\n\n"
            "I write in connection with your request for information received on 13th March.",
            date(2018, 4, 9),
            date(2018, 3, 13),
        ),
        (
            "Our Ref: FOI/123 Date: 3 May 2021 Tel: 01234 567890\n\nThank you for your request dated 1 April.",
            date(2021, 5, 3),
            date(2021, 4, 1),
        ),
        # a date inside a sentence is not the letter's date, run together with a label or not
        ("We met on 9 April 2018 to discuss it. Our Ref: FOI/1\n\nThank you.", None, None),
    ],
)
def test_the_date_line_of_a_run_together_letterhead(letter: str, response: date | None, requested: date | None) -> None:
    metadata = analyse(FoiInput(text=letter, doc_type="pdf"))
    assert (metadata.response_date, metadata.request_date) == (response, requested)


def test_letterhead_fields_split_before_labels_only() -> None:
    assert letterhead_fields("9th April 2018 Our Ref: FOI2018/01393 Ref No: FOI2018/01393") == [
        "9th April 2018 ",
        "Our Ref: FOI2018/01393 ",
        "Ref No: FOI2018/01393",
    ]
    assert letterhead_fields("Thank you for your email of 28 September 2019.") == [
        "Thank you for your email of 28 September 2019."
    ]


@pytest.mark.parametrize(
    ("expected", "text"),
    [
        # a cover note attaching the letter: the letter decides (it may withhold some)
        (
            None,
            "Dear J Roberts\n\nPlease find attached a letter in response to your recent FOI request along with "
            "information we can release to you.\n\nYours sincerely",
        ),
        ("disclosed", "Please find attached the information we can release to you."),
    ],
)
def test_the_outcome_of_a_cover_note(expected: str | None, text: str) -> None:
    assert analyse(FoiInput(text=text, doc_type="email")).outcome == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Failure of police forces to monitor staff use of ICT systems\n\nThe request was successful.\n", True),
        ("Quickly exit this site by pressing the Escape key\nWe use some essential cookies.\n", False),
        ("6th Floor, Globe House,\n\n89 Eccleston Square\n", False),
        ("Thank you for your request.\n\nWe hold it.\n", False),
        ("https://www.example.gov.uk/foi\n\nPlease provide the names.\n", False),
    ],
)
def test_a_text_files_heading_line_is_its_title(text: str, title: bool) -> None:
    first = text.split("\n")[0]
    blocks = [Block(first, "narrative", None), Block("Rest of the file.", "narrative", None)]
    assert (with_heading(blocks, text)[0].kind == "title") is title
