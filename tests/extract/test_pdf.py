"""PDF: the text layer (PDFium) where a page has one, OCR (Tesseract) where it has not, decided per page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

import ingest.extract.pdf as pdf_module
from core.settings import Settings
from ingest.extract import Block, Extraction, extract
from ingest.extract.ocr import tsv_blocks
from ingest.extract.pdf_text import Line, paragraph_blocks
from tests.conftest import PROJECT
from tests.extract.conftest import DERIVED, FIXTURES, shared_file


def _page_text(extraction: Extraction, page: int) -> str:
    return " ".join(" ".join(b.text for b in extraction.blocks if b.page == page).split())


@pytest.fixture
def no_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    """unstructured's pdfminer path is only the fallback for a PDF that PDFium cannot open."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unstructured's partition_pdf was called: {args} {kwargs}")

    monkeypatch.setattr(pdf_module, "_partition", refuse)


def test_text_pdf_uses_the_text_layer_only(settings: Settings, no_pdfminer: None) -> None:
    extraction = extract(shared_file(DERIVED / "000-hmicfrs-letter.pdf"), settings)
    assert extraction.pages == 6 and extraction.ocr_pages == ()
    assert "Ref: FOI 2019-26" in _page_text(extraction, 1)
    assert "PEEL spotlight report" in extraction.text
    assert {b.page for b in extraction.blocks} <= set(range(1, 7))


def test_scanned_pdf_is_ocred(settings: Settings, no_pdfminer: None) -> None:
    extraction = extract(shared_file(DERIVED / "003-herts-letter-scanned.pdf"), settings)
    assert extraction.ocr_pages == (1, 2, 3) and extraction.pages == 3
    first = _page_text(extraction, 1)
    assert "FOI2018/01393" in first and "neither confirms nor denies" in first
    assert "Public Interest Test" in extraction.text


def test_mixed_pdf_is_ocred_only_where_a_page_has_no_text(
    settings: Settings, no_pdfminer: None, tmp_path: Path
) -> None:
    typed = PdfReader(shared_file(DERIVED / "000-hmicfrs-letter.pdf"))
    scanned = PdfReader(shared_file(DERIVED / "003-herts-letter-scanned.pdf"))
    writer = PdfWriter()
    for page in (typed.pages[0], scanned.pages[0], typed.pages[1]):
        writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as f:
        writer.write(f)

    extraction = extract(mixed, settings)
    assert extraction.pages == 3 and extraction.ocr_pages == (2,)
    assert "Ref: FOI 2019-26" in _page_text(extraction, 1)
    assert "FOI2018/01393" in _page_text(extraction, 2)
    assert "The table provides information on 29 of the 43 forces" in _page_text(extraction, 3)
    assert [b.page for b in extraction.blocks] == sorted(b.page or 0 for b in extraction.blocks)


def test_sample_corpus_scanned_letter_reads_back(settings: Settings) -> None:
    extraction = extract(PROJECT / "sample_corpus" / "gmp-covert-surveillance-ncnd.pdf", settings)
    assert extraction.ocr_pages == tuple(range(1, extraction.pages + 1)) and extraction.pages >= 2
    text = " ".join(extraction.text.split())
    assert "CAM3321" in text and "neither confirm nor deny" in text


def test_blank_pages_are_not_ocred(settings: Settings, no_pdfminer: None, tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(shared_file(FIXTURES / "twopage.pdf")))
    writer.add_blank_page()
    path = tmp_path / "with-blank.pdf"
    with path.open("wb") as f:
        writer.write(f)
    extraction = extract(path, settings)
    assert extraction.ocr_pages == () and extraction.pages == 3
    assert [b.text for b in extraction.blocks] == ["Page one", "Page two"]


def test_lines_group_into_paragraphs_by_the_gap_between_them() -> None:
    """A letter's paragraphs sit a line apart; lines of one paragraph nearly touch."""
    height = 10.0

    def line(text: str, top: float) -> Line:
        return Line(text, top, top - height, text)

    lines = [
        line("FREEDOM OF INFORMATION REQUEST", 700),
        line("Thank you for your request, which we received on", 680),
        line("3 March and have handled under the Act.", 668),
        line("• the number of officers", 645),
        line("• the cost of overtime", 633),
        line("2.", 610),
    ]
    blocks = paragraph_blocks(lines, page=4)
    assert [(block.kind, block.text) for block in blocks] == [
        ("title", "FREEDOM OF INFORMATION REQUEST"),
        ("narrative", "Thank you for your request, which we received on 3 March and have handled under the Act."),
        ("list_item", "• the number of officers"),
        ("list_item", "• the cost of overtime"),
        ("other", "2."),
    ]
    assert {block.page for block in blocks} == {4}


def test_tesseract_paragraphs_become_blocks() -> None:
    """Tesseract's TSV, as the real command writes it for a rendered page."""
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    words = [(1, 1, 1, "Our"), (1, 1, 1, "Ref:"), (1, 1, 1, "FOI2018/01393"), (2, 1, 1, "Dear"), (2, 1, 2, "Sir,")]
    rows = [header, "4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t"]
    rows += [f"5\t1\t{block}\t{par}\t{line}\t1\t0\t0\t10\t10\t96\t{word}" for block, par, line, word in words]
    assert tsv_blocks("\n".join(rows), page=2) == [
        Block("Our Ref: FOI2018/01393", "title", 2),
        Block("Dear Sir,", "narrative", 2),
    ]


def test_letter_spaced_headings_read_as_words(settings: Settings) -> None:
    """A designed menu sets its headings letter by letter; each word still reads as one."""
    text = " ".join(extract(shared_file(FIXTURES / "the-dorset-food-menu.pdf"), settings).text.split())
    assert "LIGHT BITES" in text and "DESSERTS" in text
    assert "upgrade to sweet potato fries" in text.lower()
    assert " L I G H T " not in text


def test_a_font_without_a_unicode_map_is_ocred(settings: Settings) -> None:
    """Its text layer is glyph codes only (pdfminer gave "(cid:18)"): the pages are read by OCR."""
    extraction = extract(shared_file(FIXTURES / "example.pdf"), settings)
    assert extraction.ocr_pages and "cid" not in extraction.text
    assert len(extraction.text.split()) > 100


def test_a_row_of_figures_keeps_its_numbers_apart(settings: Settings) -> None:
    """Single digits in a table row are figures, not a letter-spaced word."""
    extraction = extract(PROJECT / "sample_corpus" / "west-yorkshire-police-misconduct-dismissals.pdf", settings)
    text = " ".join(extraction.text.split())
    assert "2019 3 1 1 1 2020 4 2 1 1" in text and "20193111" not in text
