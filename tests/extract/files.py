"""Real files of every format, built in a temporary folder with the sample-corpus writers.

DOC, ODT and RTF are converted from the DOCX by LibreOffice. There is no writer for
XLS, PPT or MSG here: the tests use real files from ../shared/fixtures for those.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ingest.extract.office import convert_with_libreoffice
from scripts.make_sample_corpus import (
    write_docx,
    write_eml,
    write_pptx,
    write_request_page,
    write_text_pdf,
    write_xlsx,
)

REFERENCE = "NP/FOI/2024/0042"
LETTER = [
    "NORTHSHIRE POLICE\nInformation Rights Unit\nSample House, Example Street",
    f"Our Ref: {REFERENCE}",
    "Dear Ms Example,",
    "Freedom of Information Act 2000 - Request for Information",
    "Thank you for your request about body-worn video cameras. Northshire Police holds the information "
    "and it is disclosed in full below.",
    "Year | Cameras issued | Cost\n2022 | 980 | £392,000\n2023 | 1,204 | £481,600",
    "The number of body-worn cameras issued to officers in 2023 was 1,204, up from 980 in 2022.",
    "Yours sincerely,\nAlex Sample\nInformation Rights Officer",
]
# Phrases every rendering of LETTER must yield.
LETTER_PHRASES = (REFERENCE, "body-worn cameras issued to officers in 2023 was 1,204", "Northshire Police holds")
SHEET: list[list[object]] = [
    ["Force", "Year", "Stop and search", "Arrests"],
    ["Northshire Police", 2023, 4120, 515],
    ["Southshire Constabulary", 2023, 2875, 301],
]


def docx(folder: Path) -> Path:
    return write_docx(folder / "letter.docx", LETTER, title="Northshire Police FOI response")


def converted(folder: Path, target: str) -> Path:
    """LETTER as DOC, ODT or RTF: the DOCX converted by LibreOffice."""
    sources = folder / f"source-for-{target}"
    sources.mkdir(exist_ok=True)
    return convert_with_libreoffice(docx(sources), target, folder)


def text_pdf(folder: Path) -> Path:
    return write_text_pdf(folder / "letter.pdf", LETTER, title="Northshire Police FOI response")


def xlsx(folder: Path) -> Path:
    return write_xlsx(folder / "figures.xlsx", {"Stop and search": SHEET, "Notes": [["Figures are provisional."]]})


def csv_file(folder: Path) -> Path:
    path = folder / "figures.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(SHEET)
    return path


def pptx(folder: Path) -> Path:
    return write_pptx(
        folder / "briefing.pptx",
        [
            ("FOI performance 2023", "Requests received: 1,530\nAnswered within 20 working days: 88%"),
            ("Exemptions applied", "Section 40(2) personal information was the most used exemption"),
        ],
    )


def html_page(folder: Path) -> Path:
    return write_request_page(
        folder / "request.html",
        title="Body-worn video cameras",
        requester="Sam Requester",
        authority="Northshire Police",
        status="The request was successful.",
        messages=[
            ("Sam Requester", "2 January 2024", "outgoing", ["Dear Northshire Police,", "How many body-worn cameras?"]),
            ("Northshire Police", "20 January 2024", "incoming", LETTER[2:]),
        ],
    )


def text_file(folder: Path) -> Path:
    path = folder / "letter.txt"
    path.write_text("\n\n".join(LETTER), encoding="utf-8")
    return path


def markdown_file(folder: Path) -> Path:
    path = folder / "notes.md"
    path.write_text(
        f"# Request {REFERENCE}\n\n## Disclosure\n\n- 980 cameras in 2022\n- 1,204 cameras in 2023\n",
        encoding="utf-8",
    )
    return path


def eml_with_pdf(folder: Path) -> Path:
    pdf = text_pdf(folder)
    return write_eml(
        folder / "response.eml",
        sender="Northshire Police FOI <foi@northshire.example>",
        to="Sam Requester <sam@example.invalid>",
        subject=f"Your request {REFERENCE}",
        date="Sat, 20 Jan 2024 10:15:00 +0000",
        message_id="<np-0042-response@northshire.example>",
        in_reply_to="<np-0042-request@example.invalid>",
        body="Dear Ms Example,\n\nPlease find our response attached.\n\nNorthshire Police FOI team\n",
        attachments=[("NP-FOI-2024-0042 response.pdf", pdf.read_bytes(), "application/pdf")],
    )
