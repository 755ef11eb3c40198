"""Real mail, ingested: every real-mail class of tests/extract/realmail.py ends indexed, and
`foi failures` lists only the truly broken files (truncated), each with its reason."""

from __future__ import annotations

import gzip
import json
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from core.settings import Settings
from ingest.documents import PrepareTask, prepare, size_allowance
from ingest.extract import extract
from ingest.ledger import INDEXED, Ledger
from ingest.sources import InputFile
from tests.conftest import SHARED
from tests.extract import realmail


def _real_mail_folder(folder: Path) -> Path:
    folder.mkdir()
    winmail = realmail.tnef(
        subject="FOI 2024/117",
        rtf_body=realmail.rtf(["Dear Requester,", "The council spent 48,200 pounds on road gritting in 2023."]),
        attachments=[("routes.csv", b"route,km\nB2 Harbour road,7\n")],
    )
    realmail.outlook_email(folder / "outlook.eml", winmail)
    realmail.lying_charset_email(folder / "reponse.eml")
    biff8 = realmail.xls_biff8(folder / "stops.xls")
    realmail.xls_raw_biff(folder / "stops-export.xls", biff8)
    realmail.xls_spreadsheet_ml(folder / "stops-2003.xls")
    realmail.scanned_jpeg(folder / "scanned-letter.jpg")
    realmail.two_page_tiff(folder / "scanned-letter.tif")
    (folder / "meeting.ics").write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Internal review panel\r\n"
        "DTSTART:20240311T100000Z\r\nLOCATION:County Hall\\, Room 4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    (folder / "routes.csv.gz").write_bytes(gzip.compress(b"route,km\nA1 Northern bypass,12\n"))
    # Truly broken: a truncated DOCX and a truncated gzip.
    docx = (SHARED / "fixtures" / "odd-files" / "hello world word.docx").read_bytes()
    (folder / "broken.docx").write_bytes(docx[:2000])
    letter = " ".join(f"Dear Requester {n}," for n in range(20000)).encode()
    (folder / "broken.txt.gz").write_bytes(gzip.compress(letter)[:2000])
    return folder


@pytest.mark.slow
def test_only_truly_broken_files_are_failures(tmp_path: Path) -> None:
    folder = _real_mail_folder(tmp_path / "mail")
    index = tmp_path / "index"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(folder), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output[-3000:]
    failures = json.loads(runner.invoke(main, ["failures", "--index", str(index), "--json"]).stdout)
    assert sorted(Path(f["path"]).name for f in failures) == ["broken.docx", "broken.txt.gz"], failures
    assert all(f["reason"] for f in failures)
    entries = {Path(e.path).name: e for e in Ledger.open(index, create=False).entries() if e.member_path is None}
    assert all(entries[name].status == INDEXED for name in entries if not name.startswith("broken"))
    assert "read as cp1252" in entries["reponse.eml"].reason  # what was guessed is noted


def test_a_15_mb_text_is_read_whole_in_bounded_blocks(tmp_path: Path) -> None:
    settings = Settings()
    paragraph = "Request {n}: the council issued {n} penalty charge notices on High Street.\n\n"
    path = tmp_path / "disclosure-log.txt"
    with path.open("w", encoding="utf-8") as out:
        n = 0
        while out.tell() < 15_000_000:
            out.write(paragraph.format(n=n))
            n += 1
    extraction = extract(path, settings)
    assert path.stat().st_size > settings.large_text_bytes
    assert len(extraction.blocks) == n  # one block per paragraph: nothing merged, nothing lost
    assert extraction.blocks[-1].text == paragraph.format(n=n - 1).strip()
    # The per-file time limit is for hangs: a 15 MB file earns extra time for its size.
    assert size_allowance(PrepareTask(InputFile(path, tmp_path), settings)) >= 150


def test_a_large_text_without_blank_lines_is_cut_at_line_ends(tmp_path: Path) -> None:
    settings = Settings()
    path = tmp_path / "export.txt"
    lines = [f"row {n}: 4,120 stops recorded in ward {n}" for n in range(60_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    blocks = extract(path, settings).blocks
    assert len(blocks) > 1 and all(len(block.text) <= 20_000 for block in blocks)
    assert [line for block in blocks for line in block.text.split("\n")] == lines


def test_a_reply_that_answers_each_question_under_a_response_label_is_read_part_by_part(tmp_path: Path) -> None:
    # unstructured joins the lines of a paragraph: each restated question runs into its "Response:".
    message = EmailMessage()
    message["From"] = '"FOI Team" <foi@lincolnshire.gov.uk>'
    message["To"] = "foi+request-100200-1a2b3c4d@whatdotheyknow.com"
    message["Subject"] = "RE: Freedom of Information request - School transport"
    message["Date"] = "Tue, 08 Oct 2024 10:15:00 +0100"
    message.set_content(
        "Dear Ms Hale,\n\nYou asked:\n"
        "1. The number of pupils given free home to school transport in 2023/24.\n"
        "Response: 6,412 pupils.\n\n"
        "2. For each route, the name of every driver and escort employed by each contractor since 2019.\n"
        "Response: We do not hold this centrally. Collating it from 212 contract files would take over 40\n"
        "hours, so we are not obliged to provide this under Section 12 of the FOI Act, as it would exceed\n"
        "the appropriate limit of £450.\n\n"
        "3. The total spent on home to school transport in 2023/24.\n"
        "Response: £38,950,000.\n\n"
        "If you are dissatisfied with the handling of your request you have the right to ask for an\n"
        "internal review.\n\nFOI Team\nLincolnshire County Council\n"
    )
    path = tmp_path / "reply.eml"
    path.write_bytes(bytes(message))
    outcome = prepare(PrepareTask(InputFile(path, tmp_path), Settings()))
    document = outcome.documents[0].document
    assert (document.outcome, document.exemptions) == ("partially_disclosed", ("s12",))
