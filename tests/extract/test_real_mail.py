"""Real mail, fully read: TNEF, lying charsets, what hides behind `.xls`, images, the long tail.

Every file is built here (tests/extract/realmail.py) and read by the real extractors;
each test asserts the words that must come out.
"""

from __future__ import annotations

import base64
import bz2
import gzip
import shutil
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.documents import PrepareTask, prepare
from ingest.errors import CorruptFileError, TinyImageError, UnsupportedFormatError
from ingest.extract import Extraction, extract
from ingest.extract.charsets import decode_bytes, decode_header_value
from ingest.extract.tnef import read_tnef
from ingest.sources import InputFile
from tests.extract import realmail
from tests.extract.conftest import FIXTURES, shared_file

RTF_PARAGRAPHS = ["Dear Requester,", "The council spent 48,200 pounds on road gritting in 2023."]
ROUTES_CSV = b"route,length_km\nA1 Northern bypass,12\nB2 Harbour road,7\n"


def _text(extraction: Extraction) -> str:
    return " ".join(extraction.text.split())


def _winmail() -> bytes:
    return realmail.tnef(
        subject="FOI 2024/117",
        rtf_body=realmail.rtf(RTF_PARAGRAPHS),
        attachments=[("Gritting routes 2023.csv", ROUTES_CSV)],
    )


# -- TNEF ------------------------------------------------------------------------------------


def test_outlook_email_body_and_files_come_out_of_winmail_dat(tmp_path: Path, settings: Settings) -> None:
    path = realmail.outlook_email(tmp_path / "response.eml", _winmail())
    extraction = extract(path, settings)
    assert "spent 48,200 pounds on road gritting" in _text(extraction)
    [attachment] = extraction.attachments
    assert (attachment.name, attachment.via, attachment.data) == ("Gritting routes 2023.csv", "winmail.dat", ROUTES_CSV)
    assert attachment.member == "winmail.dat/Gritting routes 2023.csv"


def test_winmail_dat_files_are_documents_with_provenance(tmp_path: Path, settings: Settings) -> None:
    path = realmail.outlook_email(tmp_path / "response.eml", _winmail())
    outcome = prepare(PrepareTask(InputFile(path, tmp_path), settings))
    members = {prepared.document.member_path: prepared.document for prepared in outcome.documents}
    email, routes = members[None], members["winmail.dat/Gritting routes 2023.csv"]
    assert "road gritting" in email.text
    assert routes.parent_id == email.id and "B2 Harbour road" in routes.text
    assert outcome.problems == ()


def test_a_bare_winmail_dat_is_read_by_its_content(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "winmail.dat"
    html = "<html><body><p>Minutes of the licensing committee</p></body></html>"
    path.write_bytes(realmail.tnef(subject="Minutes", html_body=html))
    extraction = extract(path, settings)
    assert extraction.mime_type == "application/ms-tnef" and extraction.title == "Minutes"
    assert "Minutes of the licensing committee" in _text(extraction)


def test_a_truncated_tnef_keeps_what_can_be_read_and_says_what_was_lost(tmp_path: Path) -> None:
    whole = realmail.tnef(
        subject="FOI 2024/117",
        rtf_body=realmail.rtf(RTF_PARAGRAPHS),
        attachments=[("first.csv", ROUTES_CSV), ("second.csv", b"lost,row\n" * 50)],
    )
    content = read_tnef(whole[:-200], "winmail.dat")
    assert "road gritting" in " ".join(block.text for block in content.blocks)
    assert [a.name for a in content.attachments] == ["first.csv"]
    assert any("truncated" in note for note in content.notes)
    assert any("second.c" in note and "no data" in note for note in content.notes)  # only its 8.3 title survived


def test_a_tnef_with_nothing_readable_is_corrupt(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "winmail.dat"
    path.write_bytes(b"\x78\x9f\x3e\x22\x00\x00" + b"\xff" * 40)
    with pytest.raises(CorruptFileError, match="not a readable TNEF"):
        extract(path, settings)


# -- charsets --------------------------------------------------------------------------------


def test_a_message_with_lying_charsets_is_read_and_the_guesses_noted(tmp_path: Path, settings: Settings) -> None:
    extraction = extract(realmail.lying_charset_email(tmp_path / "reponse.eml"), settings)
    assert extraction.email is not None
    assert extraction.email.subject == "Réponse à votre demande n° 2023-118"
    assert extraction.email.sender == "Service des archives départementales <archives@example.org>"
    assert "le coût total était 4 500 € pour l'année 2023" in _text(extraction)
    assert [a.name for a in extraction.attachments] == ["dépenses.csv"]
    notes = " ".join(extraction.notes)
    assert "'unknown-8bit' unknown; read as cp1252" in notes and "'x-bogus'" in notes


def test_decoding_order_declared_utf8_detection_cp1252() -> None:
    assert decode_bytes("déjà".encode(), "utf-8").guess is None
    lie = decode_bytes("Réponse".encode(), "iso-8859-1")  # Latin-1 label over UTF-8
    assert lie.text == "Réponse" and lie.encoding == "utf-8" and lie.guess
    assert decode_bytes(b"co\xfbt", "").text == "coût"
    assert decode_bytes(b"\x81\x8d\x8f", "unknown-8bit").text == "\ufffd\ufffd\ufffd"
    long_russian = ("Благодарим вас за ваш запрос. Общая стоимость составила 4500 рублей. " * 3).encode("koi8-r")
    assert decode_bytes(long_russian, "x-unknown").text.startswith("Благодарим")
    assert decode_header_value("=?utf-8?Q?caf=C3=A9?= ok").text == "café ok"


# -- what hides behind .xls ------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["biff8", "raw_biff", "spreadsheet_ml", "html", "tab_text"])
def test_every_kind_of_xls_is_read_as_what_it_is(tmp_path: Path, settings: Settings, variant: str) -> None:
    biff8 = realmail.xls_biff8(tmp_path / "biff8.xls")
    path = {
        "biff8": lambda: biff8,
        "raw_biff": lambda: realmail.xls_raw_biff(tmp_path / "raw.xls", biff8),
        "spreadsheet_ml": lambda: realmail.xls_spreadsheet_ml(tmp_path / "ml.xls"),
        "html": lambda: realmail.xls_html(tmp_path / "table.xls"),
        "tab_text": lambda: realmail.xls_tab_text(tmp_path / "export.xls"),
    }[variant]()
    lines = extract(path, settings).text.splitlines()
    assert "Eastshire Police | 2023 | 4120" in lines and "Westshire Police | 2023 | 2875" in lines


def test_an_xls_attachment_that_is_really_xml_is_read(tmp_path: Path, settings: Settings) -> None:
    sheet = realmail.xls_spreadsheet_ml(tmp_path / "stops.xls").read_bytes()
    eml = realmail.outlook_email(
        tmp_path / "mail.eml", realmail.tnef(subject="Stops", attachments=[("stops.xls", sheet)]), mime_body="See file."
    )
    outcome = prepare(PrepareTask(InputFile(eml, tmp_path), settings))
    [sheet_document] = [p.document for p in outcome.documents if p.document.member_path == "winmail.dat/stops.xls"]
    assert "Eastshire Police | 2023 | 4120" in sheet_document.text and outcome.problems == ()


# -- images ----------------------------------------------------------------------------------


def test_a_scanned_jpeg_letter_is_ocrd(tmp_path: Path, settings: Settings) -> None:
    extraction = extract(realmail.scanned_jpeg(tmp_path / "letter.jpg"), settings)
    text = _text(extraction)
    assert extraction.doc_type == "image" and extraction.ocr_pages == (1,)
    assert "EC/FOI/2024/0117" in text and "48,200 pounds on road gritting" in text


def test_a_two_page_tiff_is_ocrd_page_by_page(tmp_path: Path, settings: Settings) -> None:
    extraction = extract(realmail.two_page_tiff(tmp_path / "letter.tif"), settings)
    assert extraction.pages == 2 and extraction.ocr_pages == (1, 2)
    pages = {page: " ".join(b.text for b in extraction.blocks if b.page == page) for page in (1, 2)}
    assert "EASTSHIRE COUNTY COUNCIL" in pages[1] and "17 gritting routes" in pages[2]


def test_a_tiny_image_is_skipped_with_a_reason(tmp_path: Path, settings: Settings) -> None:
    from PIL import Image

    path = tmp_path / "spacer.gif"
    Image.new("P", (1, 1)).save(path)
    with pytest.raises(TinyImageError, match="too small") as problem:
        extract(path, settings)
    assert problem.value.status == "skipped"


# -- the long tail ---------------------------------------------------------------------------


def test_calendar_invitation_text(settings: Settings) -> None:
    text = extract(shared_file(FIXTURES / "event.ical"), settings).text
    assert "Event: Abraham Lincoln" in text and "Location: Hodgenville, Kentucky" in text


def test_outlook_template_is_read_as_msg(tmp_path: Path, settings: Settings) -> None:
    template = tmp_path / "reply.oft"
    shutil.copy(shared_file(FIXTURES / "piste.msg"), template)  # an Outlook (OLE) message
    extraction = extract(template, settings)
    assert extraction.doc_type == "email" and extraction.mime_type == "application/vnd.ms-outlook"
    assert extraction.text.strip()


def test_json_and_atom_are_read_as_text(tmp_path: Path, settings: Settings) -> None:
    assert "answer: Huston Rocket" in extract(shared_file(FIXTURES / "example_2.json"), settings).text.splitlines()
    feed = tmp_path / "disclosures.atom"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Disclosure log</title>'
        "<entry><title>Road gritting spend 2023</title><summary>48,200 pounds</summary></entry></feed>",
        encoding="utf-8",
    )
    assert extract(feed, settings).text.splitlines() == ["Disclosure log", "Road gritting spend 2023", "48,200 pounds"]


def test_binary_json_and_audio_are_unsupported_with_their_mime_type(tmp_path: Path, settings: Settings) -> None:
    fake = tmp_path / "data.json"
    fake.write_bytes(b"\x00\x01\x02PK\x03\x04" * 20)
    with pytest.raises(UnsupportedFormatError, match=r"unsupported format \(\.json, application/octet-stream\)"):
        extract(fake, settings)
    with pytest.raises(UnsupportedFormatError, match=r"\.m4a, audio/"):
        extract(shared_file(FIXTURES / "memo.m4a"), settings)


@pytest.mark.parametrize("suffix", [".gz", ".bz2"])
def test_a_single_compressed_file_is_read_as_what_it_holds(tmp_path: Path, settings: Settings, suffix: str) -> None:
    compress = gzip.compress if suffix == ".gz" else bz2.compress
    path = tmp_path / f"gritting-routes.csv{suffix}"
    path.write_bytes(compress(ROUTES_CSV))
    outcome = prepare(PrepareTask(InputFile(path, tmp_path), settings))
    [member] = [p.document for p in outcome.documents if p.document.member_path]
    assert member.member_path == "gritting-routes.csv" and "B2 Harbour road" in member.text


def test_a_compression_bomb_stops_at_the_archive_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"\x00" * (3 * 1024 * 1024)))
    settings = Settings(max_archive_mb=1)
    outcome = prepare(PrepareTask(InputFile(path, tmp_path), settings))
    assert [p.document.member_path for p in outcome.documents] == [None]
    [problem] = outcome.problems
    assert problem.member_path == "bomb.txt" and "FOI_MAX_ARCHIVE_MB" in problem.reason


def test_a_truncated_gzip_is_corrupt(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "letter.txt.gz"
    letter = " ".join(f"Dear Requester {n}," for n in range(20000)).encode()
    path.write_bytes(gzip.compress(letter)[:2000])
    with pytest.raises(CorruptFileError, match=r"not a readable \.gz file"):
        prepare(PrepareTask(InputFile(path, tmp_path), settings))


def test_a_misspelt_transfer_encoding_is_decoded(tmp_path: Path, settings: Settings) -> None:
    body = base64.b64encode("Le coût total était 4 500 €.\r\n".encode("cp1252")).decode("ascii")
    path = tmp_path / "base-64.eml"
    path.write_bytes(
        b"From: archives@example.org\r\nSubject: Reponse\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: base-64\r\n\r\n"
        + body.encode("ascii")
        + b"\r\n"
    )
    extraction = extract(path, settings)
    assert "Le coût total était 4 500 €." in _text(extraction)
    assert any("'base-64' read as base64" in note for note in extraction.notes)
