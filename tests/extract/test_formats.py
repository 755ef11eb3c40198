"""Every format read from a real file, with the expected text asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from ingest.extract import Extraction, extract, supported
from tests.extract import files
from tests.extract.conftest import DERIVED, FIXTURES, shared_file


def _text(extraction: Extraction) -> str:
    return " ".join(extraction.text.split())


@pytest.mark.parametrize(
    ("key", "doc_type"),
    [
        ("docx", "docx"),
        ("doc", "doc"),
        ("odt", "odt"),
        ("rtf", "rtf"),
        ("pdf", "pdf"),
        ("txt", "text"),
    ],
)
def test_letter_formats_yield_the_letter(made: dict[str, Path], settings: Settings, key: str, doc_type: str) -> None:
    extraction = extract(made[key], settings)
    assert extraction.doc_type == doc_type
    text = _text(extraction)
    for phrase in files.LETTER_PHRASES:
        assert phrase in text, (key, phrase, text[:500])
    assert extraction.ocr_pages == ()


def test_docx_keeps_element_kinds_and_the_table(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["docx"], settings)
    kinds = {block.kind for block in extraction.blocks}
    assert {"table", "narrative"} <= kinds
    table = next(block for block in extraction.blocks if block.kind == "table")
    assert table.text.splitlines() == [
        "Year | Cameras issued | Cost",
        "2022 | 980 | £392,000",
        "2023 | 1,204 | £481,600",
    ]


def test_text_pdf_blocks_carry_page_numbers(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["pdf"], settings)
    assert extraction.pages == 1 and extraction.mime_type == "application/pdf"
    assert {block.page for block in extraction.blocks} == {1}


def test_xlsx_one_page_per_sheet_one_line_per_row(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["xlsx"], settings)
    assert extraction.doc_type == "spreadsheet" and extraction.pages == 2
    first = [b for b in extraction.blocks if b.page == 1]
    assert first[0].kind == "table"
    assert "Northshire Police | 2023 | 4120 | 515" in first[0].text.splitlines()
    assert [b.text for b in extraction.blocks if b.page == 2] == ["Figures are provisional."]


def test_csv(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["csv"], settings)
    assert extraction.doc_type == "spreadsheet"
    assert "Southshire Constabulary | 2023 | 2875 | 301" in extraction.text.splitlines()


def test_csv_not_in_utf8_is_decoded(settings: Settings) -> None:
    extraction = extract(shared_file(FIXTURES / "countries_nonutf.csv"), settings)
    assert "\ufffd" not in extraction.text and "RS_Land" in extraction.text


def test_legacy_xls(settings: Settings) -> None:
    extraction = extract(shared_file(FIXTURES / "rom.xls"), settings)
    assert extraction.doc_type == "spreadsheet" and extraction.mime_type == "application/vnd.ms-excel"
    assert "Autoritatea contractantă" in extraction.text


def test_pptx_one_page_per_slide(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["pptx"], settings)
    assert extraction.doc_type == "presentation" and extraction.pages == 2
    assert [b.text for b in extraction.blocks if b.kind == "title"] == ["FOI performance 2023", "Exemptions applied"]
    assert any("Section 40(2)" in b.text and b.page == 2 for b in extraction.blocks)


def test_markdown(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["md"], settings)
    assert extraction.doc_type == "text" and extraction.mime_type == "text/markdown"
    assert [b.text for b in extraction.blocks if b.kind == "title"] == [f"Request {files.REFERENCE}", "Disclosure"]
    assert any(b.kind == "list_item" and b.text == "1,204 cameras in 2023" for b in extraction.blocks)


def test_html_page_title_and_content(made: dict[str, Path], settings: Settings) -> None:
    extraction = extract(made["html"], settings)
    assert extraction.doc_type == "web_page" and extraction.title == "Body-worn video cameras"
    main = " ".join(b.text for b in extraction.blocks if b.region == "main")
    assert "body-worn cameras issued to officers in 2023 was 1,204" in main
    chrome = [b.text for b in extraction.blocks if b.region == "chrome"]
    assert "Browse requests" in chrome and any("essential cookies" in t for t in chrome)


def test_eml_headers_body_and_pdf_attachment(made: dict[str, Path], settings: Settings, tmp_path: Path) -> None:
    extraction = extract(made["eml"], settings)
    assert extraction.doc_type == "email" and extraction.title == f"Your request {files.REFERENCE}"
    headers = extraction.email
    assert headers is not None
    assert headers.sender == "Northshire Police FOI <foi@northshire.example>"
    assert headers.to == ("Sam Requester <sam@example.invalid>",)
    assert headers.date is not None and headers.date.isoformat() == "2024-01-20T10:15:00+00:00"
    assert headers.message_id == "<np-0042-response@northshire.example>"
    assert headers.in_reply_to == "<np-0042-request@example.invalid>"
    assert headers.references == ("<np-0042-request@example.invalid>",)
    assert "Please find our response attached." in extraction.text
    # The attachment is not flattened into the message: it comes back as bytes.
    assert files.REFERENCE not in extraction.text.replace(headers.subject or "", "")
    [attachment] = extraction.attachments
    assert attachment.name == "NP-FOI-2024-0042 response.pdf" and attachment.data.startswith(b"%PDF")
    child = tmp_path / attachment.name
    child.write_bytes(attachment.data)
    assert "body-worn cameras issued to officers in 2023 was 1,204" in _text(extract(child, settings))


def test_real_eml_with_pdf_attachment(settings: Settings) -> None:
    extraction = extract(shared_file(DERIVED / "000-hmicfrs-response-with-attachment.eml"), settings)
    assert extraction.email is not None and extraction.email.sender == "HMICFRS FOI Team <foi-team@example.invalid>"
    assert [a.name for a in extraction.attachments] == ["FOI 2019-26 response letter.pdf"]
    assert "Please find attached a letter in response" in _text(extraction)


def test_attached_message_comes_back_as_an_eml_attachment(settings: Settings) -> None:
    extraction = extract(shared_file(FIXTURES / "email_attached_alternative.eml"), settings)
    [attached] = extraction.attachments
    assert attached.name.endswith(".eml") and attached.mime_type == "message/rfc822"
    assert b"Subject: Multipart mixed" in attached.data


def test_outlook_msg(settings: Settings) -> None:
    extraction = extract(shared_file(FIXTURES / "piste.msg"), settings)
    assert extraction.doc_type == "email" and extraction.mime_type == "application/vnd.ms-outlook"
    assert extraction.email is not None and extraction.email.subject == "Ab auf die Piste!"
    assert extraction.email.sender == "GMX Magazin <mailings@gmxnet.de>"
    assert "Zwergenslalom" in extraction.text


def test_content_wins_over_a_lying_extension(settings: Settings) -> None:
    # fnf.msg is a MIME message saved with an Outlook extension.
    extraction = extract(shared_file(FIXTURES / "fnf.msg"), settings)
    assert extraction.mime_type == "message/rfc822" and extraction.email is not None
    assert extraction.email.subject is not None and extraction.email.subject.startswith("Innovationskongress 2017")
    assert [a.name for a in extraction.attachments] == ["7b2fd116582e4b66be0451b4755fff1d.png"]


def test_supported(made: dict[str, Path], tmp_path: Path) -> None:
    assert all(supported(path) for path in made.values())
    no_extension = tmp_path / "README"
    no_extension.write_text("A plain text note about an FOI request.\n")
    assert supported(no_extension)
    data = tmp_path / "data.json"
    data.write_text('{"a": 1}')
    assert supported(data)  # JSON is read as text when it is text
    audio = tmp_path / "memo.m4a"
    audio.write_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 64)
    assert not supported(audio)


def test_text_not_in_utf8_is_decoded(settings: Settings) -> None:
    extraction = extract(shared_file(FIXTURES / "non_utf.txt"), settings)
    assert "Großbritanniens größter Partei" in extraction.text


def test_text_with_a_few_bad_bytes_is_still_read(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "mostly-utf8.txt"
    path.write_bytes("Die Behörde hält die Information.\n\n".encode() * 10 + b"broken \xed\xa0\x80 bytes\n")
    assert "Die Behörde hält die Information." in extract(path, settings).text
