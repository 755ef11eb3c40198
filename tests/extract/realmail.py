"""Files that real FOI mail systems produce, built byte by byte for the tests.

- `tnef`: a TNEF stream (`winmail.dat`) written to the MS-OXTNEF layout: signature, key,
  then attributes (level, id, length, data, checksum). The body is compressed RTF made
  by compressed-rtf's own `compress`, or HTML; attachments carry a title, data and a long
  file name (a MAPI property). tnefparse, an independent reader, parses it back.
- raw messages with charset labels that lie (`unknown-8bit`, empty, `us-ascii` over
  Windows-1252) in the body, the headers and the attachment names.
- `.xls` files: BIFF8 by xlwt, a raw BIFF stream (the Workbook stream without its OLE
  container), SpreadsheetML 2003, an HTML table and tab-separated text.
- images of a rendered letter: a "scanned" JPEG and a two-page TIFF.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

# TNEF attribute ids (MS-OXTNEF 2.1.3.2) and types; MAPI property tags.
_LVL_MESSAGE, _LVL_ATTACHMENT = 1, 2
_ATT_TNEF_VERSION = (0x0008 << 16) | 0x9006
_ATT_OEM_CODEPAGE = (0x0006 << 16) | 0x9007
_ATT_SUBJECT = (0x0001 << 16) | 0x8004
_ATT_MSG_PROPS = (0x0006 << 16) | 0x9003
_ATT_ATTACH_REND_DATA = (0x0006 << 16) | 0x9002
_ATT_ATTACH_TITLE = (0x0001 << 16) | 0x8010
_ATT_ATTACH_DATA = (0x0006 << 16) | 0x800F
_ATT_ATTACHMENT = (0x0006 << 16) | 0x9005
_PT_BINARY, _PT_STRING8 = 0x0102, 0x001E
_PR_RTF_COMPRESSED, _PR_BODY_HTML, _PR_ATTACH_LONG_FILENAME = 0x1009, 0x1013, 0x3707


def _attribute(level: int, attribute_id: int, data: bytes) -> bytes:
    checksum = sum(data) & 0xFFFF
    return struct.pack("<BII", level, attribute_id, len(data)) + data + struct.pack("<H", checksum)


def _mapi_props(props: list[tuple[int, int, bytes]]) -> bytes:
    """A MAPI property list: count, then (type, id, one value: length + data padded to 4 bytes)."""
    out = struct.pack("<I", len(props))
    for prop_type, prop_id, value in props:
        padding = b"\x00" * (-len(value) % 4)
        out += struct.pack("<HHII", prop_type, prop_id, 1, len(value)) + value + padding
    return out


def tnef(
    *,
    subject: str,
    rtf_body: str | None = None,
    html_body: str | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    from compressed_rtf import compress

    stream = struct.pack("<IH", 0x223E9F78, 0x1234)
    stream += _attribute(_LVL_MESSAGE, _ATT_TNEF_VERSION, struct.pack("<I", 0x00010000))
    stream += _attribute(_LVL_MESSAGE, _ATT_OEM_CODEPAGE, struct.pack("<II", 1252, 0))
    stream += _attribute(_LVL_MESSAGE, _ATT_SUBJECT, subject.encode("cp1252") + b"\x00")
    props: list[tuple[int, int, bytes]] = []
    if rtf_body is not None:
        props.append((_PT_BINARY, _PR_RTF_COMPRESSED, compress(rtf_body.encode("cp1252"))))
    if html_body is not None:
        props.append((_PT_BINARY, _PR_BODY_HTML, html_body.encode("utf-8")))
    stream += _attribute(_LVL_MESSAGE, _ATT_MSG_PROPS, _mapi_props(props))
    for name, data in attachments:
        stream += _attribute(_LVL_ATTACHMENT, _ATT_ATTACH_REND_DATA, b"\x01\x00\xff\xff\xff\xff" + b"\x00" * 8)
        stream += _attribute(_LVL_ATTACHMENT, _ATT_ATTACH_TITLE, name[:8].encode("cp1252") + b"\x00")
        stream += _attribute(_LVL_ATTACHMENT, _ATT_ATTACH_DATA, data)
        long_name = [(_PT_STRING8, _PR_ATTACH_LONG_FILENAME, name.encode("cp1252") + b"\x00")]
        stream += _attribute(_LVL_ATTACHMENT, _ATT_ATTACHMENT, _mapi_props(long_name))
    return stream


def rtf(paragraphs: list[str]) -> str:
    body = "".join(f"\\pard {p}\\par\n" for p in paragraphs)
    return "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Calibri;}}\n" + body + "}"


def outlook_email(path: Path, winmail: bytes, *, mime_body: str = "") -> Path:
    """An Exchange-style message: an (often empty) text part and the real content in winmail.dat."""
    message = MIMEMultipart()
    message["From"] = "FOI Team <foi@eastshire.example>"
    message["To"] = "requester@example.invalid"
    message["Subject"] = "FOI 2024/117 response"
    message["Date"] = "Tue, 05 Mar 2024 09:00:00 +0000"
    message["Message-ID"] = "<foi-2024-117@eastshire.example>"
    message.attach(MIMEText(mime_body, "plain", "utf-8"))
    part = MIMEApplication(winmail, "ms-tnef", name="winmail.dat")
    part.add_header("Content-Disposition", "attachment", filename="winmail.dat")
    message.attach(part)
    path.write_bytes(message.as_bytes())
    return path


def lying_charset_email(path: Path) -> Path:
    """Body labelled `unknown-8bit` (Windows-1252 bytes), a second part with an empty label, a
    subject in an RFC 2047 word with a bogus charset, and an attachment name in RFC 2231 with an
    unknown charset."""
    body = (
        "Réponse à votre demande d'accès: le coût total était 4 500 € pour l'année 2023.\r\n"
        "Les données demandées figurent dans le tableau joint.\r\n"
    ).encode("cp1252")
    second = "Pièce jointe: répertoire des dépenses, exercice 2023.\r\n".encode("cp1252")
    raw = (
        b"From: =?unknown-8bit?Q?Service_des_archives_d=E9partementales?= <archives@example.org>\r\n"
        b"To: demandeur@example.invalid\r\n"
        b"Subject: =?x-bogus?Q?R=E9ponse_=E0_votre_demande_n=B0_2023-118?=\r\n"
        b"Date: Mon, 04 Mar 2024 10:00:00 +0100\r\n"
        b"Message-ID: <reponse-2023-118@example.org>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="SEP"\r\n\r\n'
        b"--SEP\r\n"
        b'Content-Type: text/plain; charset="unknown-8bit"\r\n'
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body + b"--SEP\r\n"
        b'Content-Type: text/plain; charset=""\r\n'
        b"Content-Disposition: inline\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + second + b"--SEP\r\n"
        b"Content-Type: text/csv; name*=unknown-8bit''d%E9penses.csv\r\n"
        b"Content-Disposition: attachment; filename*=unknown-8bit''d%E9penses.csv\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"poste;montant\r\nd\xe9placements;1200\r\n"
        b"--SEP--\r\n"
    )
    path.write_bytes(raw)
    return path


SHEET: list[list[str | int]] = [
    ["Force", "Year", "Stop and search"],
    ["Eastshire Police", 2023, 4120],
    ["Westshire Police", 2023, 2875],
]


def xls_biff8(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Stops")
    for r, row in enumerate(SHEET):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def xls_raw_biff(path: Path, source: Path) -> Path:
    """The Workbook stream of a BIFF8 file without its OLE container, as some exporters write it."""
    import olefile

    with olefile.OleFileIO(str(source)) as ole:
        path.write_bytes(ole.openstream("Workbook").read())
    return path


def xls_spreadsheet_ml(path: Path) -> Path:
    rows = "".join(
        "<Row>" + "".join(f'<Cell><Data ss:Type="String">{v}</Data></Cell>' for v in row) + "</Row>" for row in SHEET
    )
    path.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        f'<Worksheet ss:Name="Stops"><Table>{rows}</Table></Worksheet></Workbook>\n',
        encoding="utf-8",
    )
    return path


def xls_html(path: Path) -> Path:
    rows = "".join("<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in SHEET)
    path.write_text(f"<html><body><table>{rows}</table></body></html>\n", encoding="utf-8")
    return path


def xls_tab_text(path: Path) -> Path:
    path.write_text("\n".join("\t".join(str(v) for v in row) for row in SHEET) + "\n", encoding="utf-8")
    return path


LETTER_LINES = [
    "EASTSHIRE COUNTY COUNCIL",
    "Freedom of Information Act 2000",
    "Our reference: EC/FOI/2024/0117",
    "Dear Requester,",
    "The council spent 48,200 pounds on road gritting",
    "in the winter of 2023. Yours faithfully,",
]


def letter_image(lines: list[str], size: tuple[int, int] = (1700, 1100)) -> Image.Image:
    """A page of typed text as a greyscale image, the way a 150 dpi scanner sees it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    for number, line in enumerate(lines):
        draw.text((120, 120 + number * 70), line, fill=0, font=font)
    return image


def scanned_jpeg(path: Path) -> Path:
    letter_image(LETTER_LINES).save(path, format="JPEG", quality=85)
    return path


def two_page_tiff(path: Path) -> Path:
    first = letter_image(LETTER_LINES[:4])
    second = letter_image(["Page two of the response", "Annex A lists 17 gritting routes"])
    first.save(path, format="TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    return path
