"""Boilerplate removal on real saved pages, real emails and letters, and on made-up blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from ingest.clean import CleanText, clean
from ingest.extract import Block, Extraction, extract
from tests.conftest import PROJECT
from tests.extract.conftest import FIXTURES, SEEDS, WDTK, shared_file

SAMPLES = PROJECT / "sample_corpus"
SITE_CHROME = (
    "Skip to content",
    "Browse requests",
    "View authorities",
    "Download a zip file of all correspondence",
    "We couldn’t load the mail server logs",
    "mySociety is a project of UK Citizens Online Democracy",
    "Are you the owner of any commercial copyright",
    "Requests like this",
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _clean_file(path: Path, settings: Settings) -> CleanText:
    return clean(extract(path, settings))


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        ("1399669.html", ("Chapel-en-le-Frith allotments", "Please provide copies of all correspondence")),
        ("921139.html", ("Register Our Marriage campaign", "I have recently learnt of this project")),
        ("88721.html", ()),
        ("1320499.html", ()),
    ],
)
def test_whatdotheyknow_page_loses_site_chrome_and_keeps_the_correspondence(
    settings: Settings, page: str, kept: tuple[str, ...]
) -> None:
    cleaned = _clean_file(shared_file(WDTK / page), settings)
    text, original = _flat(cleaned.text), _flat(cleaned.original_text)
    for chrome in SITE_CHROME:
        if chrome in original:
            assert chrome not in text, chrome
    assert "made this Freedom of Information request to" in text
    assert "Dear " in text and ("Yours faithfully" in text or "Yours sincerely" in text)
    for phrase in kept:
        assert phrase in text
    assert len(text) < len(original) and cleaned.removed


def test_whatdotheyknow_quoted_sections_are_dropped_once(settings: Settings) -> None:
    cleaned = _clean_file(shared_file(WDTK / "921139.html"), settings)
    repeated = "Thanks for your message. I look forward to your reply by tomorrow (12 June 2019)."
    assert _flat(cleaned.original_text).count(repeated) == 2
    assert _flat(cleaned.text).count(repeated) == 1
    assert "show quoted sections" not in cleaned.text


def test_cookie_banner_in_text_copied_from_a_police_site(settings: Settings) -> None:
    cleaned = _clean_file(shared_file(SEEDS / "002_9a3095497f1ce8a3.txt"), settings)
    assert "essential cookies" in cleaned.original_text
    for gone in ("essential cookies", "cookie preferences", "Quickly exit this site", "This site is a beta"):
        assert gone not in cleaned.text
    assert "Freedom of information request reference no: 01.FOI.22.026461" in cleaned.text
    assert "Section 40(2)(3)&(4)" in cleaned.text


def test_auto_reply_sentences_go_and_the_acknowledgement_stays(settings: Settings) -> None:
    cleaned = _clean_file(shared_file(SEEDS / "001_fa7fb359993b49d2.txt"), settings)
    text = _flat(cleaned.text)
    assert "This is an automated message" not in text
    assert "this mailbox will no longer be monitored" not in text
    assert "Thank you for your email." in text
    assert "forwarded to the FOI team who will aim to respond within 20 working days" in text


def test_sample_email_loses_disclaimer_and_quoted_request(settings: Settings) -> None:
    cleaned = _clean_file(SAMPLES / "kent-police-speeding-fines.eml", settings)
    text = _flat(cleaned.text)
    assert "Please find attached our response to your Freedom of Information request FOI 2021-114" in text
    assert "Rebecca Tolland" in text
    for gone in ("confidential and intended solely", "received this email in error", "may be monitored", "> Please"):
        assert gone not in text
    assert "received this email in error" in _flat(cleaned.original_text)


def test_original_message_tail_is_dropped_from_a_reply(tmp_path: Path, settings: Settings) -> None:
    reply = tmp_path / "reply.eml"
    reply.write_text(
        "From: FOI Team <foi@northshire.example>\nTo: sam@example.invalid\nSubject: RE: Request 42\n\n"
        "Dear Sam,\n\nWe do not hold the information you asked for.\n\nFOI Team\n\n"
        "-----Original Message-----\nFrom: Sam\nSent: 01 March 2024 09:00\nTo: FOI Team\nSubject: Request 42\n\n"
        "Please send me the cost of the new headquarters.\n",
        encoding="utf-8",
    )
    cleaned = _clean_file(reply, settings)
    assert "We do not hold the information you asked for." in cleaned.text
    assert "cost of the new headquarters" not in cleaned.text
    assert "cost of the new headquarters" in cleaned.original_text


def test_sample_web_page_loses_cookie_banner(settings: Settings) -> None:
    cleaned = _clean_file(SAMPLES / "home-office-border-force-internal-review.html", settings)
    text = _flat(cleaned.text)
    assert "cookies" not in text.lower()
    assert "Make a request" not in text
    assert "The original decision to withhold the guidance under section 31(1)(e) is upheld." in text
    assert "I am writing to request an internal review" in text


def test_footer_repeated_on_every_pdf_page_is_removed(settings: Settings) -> None:
    cleaned = _clean_file(SAMPLES / "west-yorkshire-police-misconduct-dismissals.pdf", settings)
    assert cleaned.original_text.count("SAMPLE DOCUMENT") == 2
    assert "SAMPLE DOCUMENT" not in cleaned.text
    assert "WYP/FOI/0157/24" in cleaned.text


def test_cleaning_never_empties_a_page(settings: Settings) -> None:
    # Every page of this PDF holds the same two lines: repeated, but all there is.
    cleaned = _clean_file(shared_file(FIXTURES / "500 pages.pdf"), settings)
    assert cleaned.text.count("Hello, World!") == 1000


def _letter(pages: list[list[str]]) -> Extraction:
    blocks = tuple(Block(text=t, kind="narrative", page=n) for n, texts in enumerate(pages, 1) for t in texts)
    return Extraction(blocks=blocks, pages=len(pages), mime_type="application/pdf", doc_type="pdf", title=None)


def test_running_header_and_page_numbers_go_body_stays() -> None:
    bodies = ["We withhold names under section 40(2).", "The public interest test.", "You may complain to the ICO."]
    pages = [["Northshire Police - Information Rights", body, f"Page {n} of 3"] for n, body in enumerate(bodies, 1)]
    cleaned = clean(_letter(pages))
    assert [b.text for b in cleaned.blocks] == bodies
    assert cleaned.original_text.count("Northshire Police - Information Rights") == 3
    assert "Page 2 of 3" in cleaned.removed


def test_letters_are_not_cleaned_of_cookie_talk() -> None:
    letter = _letter([["We use cookies on our website to understand how you use it; the policy is attached."]])
    assert clean(letter).text == letter.text


def test_chrome_blocks_are_removed_and_listed() -> None:
    extraction = Extraction(
        blocks=(
            Block("Make a request", "list_item", None, region="chrome"),
            Block("Dear Council, please send the minutes.", "narrative", None),
        ),
        pages=1,
        mime_type="text/html",
        doc_type="web_page",
        title=None,
    )
    cleaned = clean(extraction)
    assert cleaned.text == "Dear Council, please send the minutes."
    assert cleaned.removed == ("Make a request",)
    assert cleaned.original_text == "Make a request\n\nDear Council, please send the minutes."
