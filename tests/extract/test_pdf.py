"""PDF: `fast` where a page has a text layer, `ocr_only` (tesseract) where it has not, decided per page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

import ingest.extract.pdf as pdf_module
from core.settings import Settings
from ingest.extract import Extraction, extract
from tests.conftest import PROJECT
from tests.extract.conftest import DERIVED, FIXTURES, shared_file


def _page_text(extraction: Extraction, page: int) -> str:
    return " ".join(" ".join(b.text for b in extraction.blocks if b.page == page).split())


@pytest.fixture
def strategies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the strategy of every partition_pdf call (the real function still runs)."""
    seen: list[str] = []
    real = pdf_module.partition_pdf

    def recording(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs["strategy"])
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "partition_pdf", recording)
    return seen


def test_text_pdf_uses_the_text_layer_only(settings: Settings, strategies: list[str]) -> None:
    extraction = extract(shared_file(DERIVED / "000-hmicfrs-letter.pdf"), settings)
    assert strategies == ["fast"]
    assert extraction.pages == 6 and extraction.ocr_pages == ()
    assert "Ref: FOI 2019-26" in _page_text(extraction, 1)
    assert "PEEL spotlight report" in extraction.text
    assert {b.page for b in extraction.blocks} <= set(range(1, 7))


def test_scanned_pdf_is_ocred(settings: Settings, strategies: list[str]) -> None:
    extraction = extract(shared_file(DERIVED / "003-herts-letter-scanned.pdf"), settings)
    assert strategies == ["fast", "ocr_only"]
    assert extraction.ocr_pages == (1, 2, 3) and extraction.pages == 3
    first = _page_text(extraction, 1)
    assert "FOI2018/01393" in first and "neither confirms nor denies" in first
    assert "Public Interest Test" in extraction.text


def test_mixed_pdf_is_ocred_only_where_a_page_has_no_text(
    settings: Settings, strategies: list[str], tmp_path: Path
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
    assert strategies == ["fast", "ocr_only"]
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


def test_blank_pages_are_not_ocred(settings: Settings, strategies: list[str], tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.append(PdfReader(shared_file(FIXTURES / "twopage.pdf")))
    writer.add_blank_page()
    path = tmp_path / "with-blank.pdf"
    with path.open("wb") as f:
        writer.write(f)
    extraction = extract(path, settings)
    assert strategies == ["fast"] and extraction.ocr_pages == () and extraction.pages == 3
    assert [b.text for b in extraction.blocks] == ["Page one", "Page two"]
