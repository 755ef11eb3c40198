"""Generate the project's sample corpus: fictional FOI responses in the formats users meet.

    .venv/bin/python scripts/make_sample_corpus.py [OUT_DIR]     # default: sample_corpus/

Every document is invented for this project and marked as a sample. The letters'
text lives in scripts/sample_letters/*.txt; this script renders them as a text PDF,
a scanned PDF (an image with no text layer, slightly skewed and noisy), a DOCX, an
XLSX, an email with a PDF attachment and a saved WhatDoTheyKnow-like web page with
a cookie banner. The plain-text letters in sample_corpus/ are written by hand and left
alone. Output is deterministic: fixed dates, ids, boundaries, zip timestamps and noise
seeds. Needs LibreOffice (`soffice`, for DOCX -> PDF; scripts/system-packages.sh
installs it) and the project's Python dependencies (python-docx, openpyxl, Pillow,
pypdf). The writer functions are reused by tests to build real files of every format.
"""

from __future__ import annotations

import email.policy
import io
import random
import re
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from ingest.extract.office import convert_with_libreoffice  # noqa: E402

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
Rows = list[list[object]]

LETTERS = ROOT / "scripts" / "sample_letters"
SAMPLE_MARK = "SAMPLE DOCUMENT - fictional, written for the FOI search project"
FIXED_TIME = datetime(2024, 1, 1, tzinfo=UTC)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))


# -- letters -----------------------------------------------------------------------------


def letter_paragraphs(text: str) -> list[str]:
    """A letter's paragraphs: blocks separated by blank lines, inner line breaks kept."""
    return [p.strip("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def read_letter(name: str) -> list[str]:
    return letter_paragraphs((LETTERS / f"{name}.txt").read_text(encoding="utf-8"))


def _is_heading(paragraph: str) -> bool:
    line = paragraph.strip()
    return "\n" not in line and len(line) < 90 and not line.endswith((".", ",", ":", '"')) and "|" not in line


def _table_rows(paragraph: str) -> list[list[str]] | None:
    lines = paragraph.split("\n")
    if len(lines) >= 2 and all(line.count("|") >= 1 for line in lines):
        return [[cell.strip() for cell in line.split("|")] for line in lines]
    return None


# -- DOCX, PDF (text layer) ------------------------------------------------------------


def write_docx(path: Path, paragraphs: Sequence[str], *, footer: str = SAMPLE_MARK, title: str = "") -> Path:
    """A Word letter: headings in bold, `a | b` paragraphs as tables, a footer on every page."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    for index, paragraph in enumerate(paragraphs):
        rows = _table_rows(paragraph)
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row[: len(rows[0])]):
                    table.cell(r, c).text = cell
            continue
        if index == 0:
            for line in paragraph.split("\n"):
                document.add_paragraph().add_run(line).bold = line.isupper()
            continue
        run = document.add_paragraph().add_run(paragraph.replace("\n", " ") if index else paragraph)
        run.bold = _is_heading(paragraph) and index > 1
    document.sections[0].footer.paragraphs[0].text = footer
    properties = document.core_properties
    properties.title, properties.author = title, "FOI search project (sample)"
    properties.created = properties.modified = properties.last_printed = FIXED_TIME.replace(tzinfo=None)
    properties.revision = 1
    document.save(str(path))
    normalise_zip(path)
    return path


def write_text_pdf(path: Path, paragraphs: Sequence[str], *, title: str = "") -> Path:
    """A PDF letter with a text layer: a DOCX rendered by LibreOffice, with fixed metadata."""
    with tempfile.TemporaryDirectory(prefix="foi-sample-") as tmp:
        source = write_docx(Path(tmp) / f"{path.stem}.docx", paragraphs, title=title)
        converted = convert_with_libreoffice(source, "pdf", Path(tmp))
        _write_pdf_with_fixed_metadata(converted, path, title)
    return path


def _write_pdf_with_fixed_metadata(source: Path, target: Path, title: str) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter(clone_from=PdfReader(source))
    stamp = FIXED_TIME.strftime("D:%Y%m%d%H%M%SZ")
    writer.metadata = None
    writer.add_metadata(
        {"/Title": title, "/Producer": "FOI search sample corpus", "/CreationDate": stamp, "/ModDate": stamp}
    )
    fixed_id = ByteStringObject(target.stem.encode("utf-8").ljust(16, b"-")[:16])
    writer._ID = ArrayObject([fixed_id, fixed_id])  # the trailer /ID is otherwise random
    with target.open("wb") as f:
        writer.write(f)


# -- PDF (scanned: an image, no text layer) -----------------------------------------------


def _font(size: int, bold: bool = False) -> Font:
    names = (
        ("DejaVuSerif-Bold.ttf", "LiberationSerif-Bold.ttf")
        if bold
        else ("DejaVuSerif.ttf", "LiberationSerif-Regular.ttf")
    )
    for folder in _FONT_DIRS:
        for name in names:
            if (folder / name).is_file():
                return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def write_scanned_pdf(path: Path, paragraphs: Sequence[str], *, seed: int = 7, dpi: int = 200) -> Path:
    """An image-only PDF that looks scanned: typed letter pages, slightly rotated, with specks and grain."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    margin, line_gap = int(0.9 * dpi), int(0.075 * dpi)
    body, bold = _font(int(dpi * 0.15)), _font(int(dpi * 0.15), bold=True)
    rng = random.Random(seed)
    pages: list[Image.Image] = []

    def new_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
        page = Image.new("L", (width, height), 250)
        return page, ImageDraw.Draw(page)

    page, draw = new_page()
    y = margin
    line_height = int(dpi * 0.15) + line_gap
    for index, paragraph in enumerate(paragraphs):
        font = bold if (index == 0 or _is_heading(paragraph)) and index != 1 else body
        lines: list[str] = []
        for raw in paragraph.split("\n"):
            lines.extend(_wrap(raw, draw, font, width - 2 * margin))
        for line in lines:
            if y + line_height > height - margin - line_height:
                pages.append(_finish_scan(page, draw, len(pages) + 1, rng, dpi))
                page, draw = new_page()
                y = margin
            draw.text((margin, y), line, fill=rng.randint(15, 45), font=font)
            y += line_height
        y += line_height // 2
    pages.append(_finish_scan(page, draw, len(pages) + 1, rng, dpi))
    scans = [p.filter(ImageFilter.GaussianBlur(0.5)) for p in pages]
    scans[0].save(
        path,
        "PDF",
        save_all=True,
        append_images=scans[1:],
        resolution=dpi,
        quality=55,
        title=f"Scan {path.stem}",
        producer="FOI search sample corpus",
        creationDate=FIXED_TIME.timetuple(),
        modDate=FIXED_TIME.timetuple(),
    )
    return path


def _wrap(text: str, draw: ImageDraw.ImageDraw, font: Font, max_width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= max_width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _finish_scan(
    page: Image.Image, draw: ImageDraw.ImageDraw, number: int, rng: random.Random, dpi: int
) -> Image.Image:
    """Footer, specks of dust and a slight skew, as a page fed through an office scanner."""
    width, height = page.size
    small = _font(int(dpi * 0.1))
    draw.text((int(0.9 * dpi), height - int(0.7 * dpi)), f"{SAMPLE_MARK} - page {number}", fill=60, font=small)
    for _ in range(400):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.point((x, y), fill=rng.randint(90, 200))
    return page.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=250)


# -- spreadsheets and slides ------------------------------------------------------------


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.properties.creator = "FOI search project (sample)"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME.replace(tzinfo=None)
    workbook.save(path)
    normalise_zip(path)
    return path


def write_pptx(path: Path, slides: Sequence[tuple[str, str]]) -> Path:
    from pptx import Presentation

    presentation = Presentation()
    for title, body in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    presentation.core_properties.created = presentation.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    presentation.save(str(path))
    normalise_zip(path)
    return path


def normalise_zip(path: Path) -> None:
    """Rewrite a zip container with fixed member timestamps so that the bytes are reproducible."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time here whatever the workbook says.
                stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    path.write_bytes(buffer.getvalue())


# -- email ----------------------------------------------------------------------------


def write_eml(
    path: Path,
    *,
    sender: str,
    to: str,
    subject: str,
    date: str,
    body: str,
    message_id: str,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    in_reply_to: str | None = None,
) -> Path:
    """An RFC 5322 message with a plain-text body and (name, bytes, mime type) attachments."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"], message["To"], message["Subject"], message["Date"] = sender, to, subject, date
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = message["References"] = in_reply_to
    message["X-Sample"] = SAMPLE_MARK
    message.set_content(body)
    for name, data, mime_type in attachments:
        maintype, subtype = mime_type.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    if message.is_multipart():
        message.set_boundary(f"=_foi_sample_{path.stem}")
    path.write_bytes(message.as_bytes())
    return path


# -- saved web page -----------------------------------------------------------------------

_COOKIE_BANNER = (
    "We use some essential cookies to make this website work. We'd like to set additional cookies to "
    "understand how you use WhatDoTheyKnow-style sample sites and to improve our services."
)


def write_request_page(
    path: Path,
    *,
    title: str,
    requester: str,
    authority: str,
    status: str,
    messages: Sequence[tuple[str, str, str, Sequence[str]]],
) -> Path:
    """A request thread saved from a WhatDoTheyKnow-like site: cookie banner, navigation, the
    correspondence (sender, date, kind "incoming"/"outgoing", paragraphs), sidebar and footer."""
    correspondence = "\n".join(
        f"""    <div class="{kind} correspondence" id="{kind}-{number}">
      <div class="correspondence__header"><span class="correspondence__header__author">{escape(sender)}</span>
        <time datetime="{escape(when)}">{escape(when)}</time></div>
      <div class="correspondence_text">
{"".join(f"        <p>{escape(p).replace(chr(10), '<br>')}</p>{chr(10)}" for p in paragraphs)}      </div>
      <div class="correspondence__footer"><div class="correspondence__footer__cplink">
        <a class="cplink__button" href="#{kind}-{number}">Link to this</a> <a href="#">Report</a></div></div>
    </div>"""
        for number, (sender, when, kind, paragraphs) in enumerate(messages, start=1)
    )
    html = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>{escape(title)} - a Freedom of Information request to {escape(authority)} - sample</title>
  <script>window.dataLayer = window.dataLayer || []; function track() {{ return "analytics"; }}</script>
  <style>.cookie-banner {{ position: fixed; bottom: 0; }}</style>
</head>
<body>
<div class="entirebody">
  <a class="skip-to-link" href="#content">Skip to content</a>
  <div id="cookie-banner" class="cookie-banner" role="dialog" aria-label="Cookies on this site">
    <p>{escape(_COOKIE_BANNER)}</p>
    <button>Accept additional cookies</button> <button>Reject additional cookies</button>
    <a href="/help/cookies">View cookies</a>
  </div>
  <div id="banner" class="banner" role="banner">
    <div class="banner_site-title">WhatDoTheyKnow (sample)</div>
    <ul id="navigation" class="navigation" role="navigation">
      <li><a href="/new">Make a request</a></li><li><a href="/list">Browse requests</a></li>
      <li><a href="/body">View authorities</a></li><li><a href="/help">Help</a></li>
    </ul>
  </div>
  <div class="sample-notice"><p>{escape(SAMPLE_MARK)}. Every name, reference and figure is invented.</p></div>
  <div id="wrapper"><div id="content" role="main">
   <div class="request-header">
    <h1>{escape(title)}</h1>
    <p class="request-header__subtitle">{escape(requester)} made this Freedom of Information request to
      {escape(authority)}</p>
    <div class="request-status-message"><p>{escape(status)}</p></div>
   </div>
   <div id="left_column" class="left_column">
{correspondence}
   </div>
   <div id="right_column" class="sidebar right_column" role="complementary">
    <h2>Act on what you've learnt</h2><p><a href="#">Share on social media</a></p>
    <h2>Requests like this</h2><p><a href="#">Border Force staffing at Gatwick</a></p>
   </div>
  </div></div>
  <footer class="site-footer" role="contentinfo">
    <p>WhatDoTheyKnow (sample) helps anyone make a Freedom of Information request.</p>
    <nav><a href="/help/privacy">Privacy</a> <a href="/help/cookies">Cookies</a></nav>
  </footer>
</div>
</body>
</html>
"""
    path.write_text(html, encoding="utf-8")
    return path


# -- the corpus ---------------------------------------------------------------------------


def _kent_figures() -> Rows:
    paragraphs = read_letter("kent-police-speeding-fines")
    rows = next(r for p in paragraphs if (r := _table_rows(p)))
    header, *data = rows
    parsed: Rows = [[*header]]
    for row in data:
        parsed.append([int(c.replace(",", "").replace("£", "")) for c in row])
    return [
        [f"{SAMPLE_MARK}. Kent Police FOI 2021-114: speeding fixed penalty notices, 2017 to 2020"],
        [],
        *parsed,
    ]


def make_corpus(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    written.append(
        write_text_pdf(
            out / "west-yorkshire-police-misconduct-dismissals.pdf",
            read_letter("west-yorkshire-police-misconduct-dismissals"),
            title="West Yorkshire Police FOI response (sample)",
        )
    )
    written.append(
        write_scanned_pdf(out / "gmp-covert-surveillance-ncnd.pdf", read_letter("gmp-covert-surveillance-ncnd"))
    )
    written.append(
        write_docx(
            out / "dft-journey-time-contract-commercial.docx",
            read_letter("dft-journey-time-contract-commercial"),
            title="Department for Transport FOI response (sample)",
        )
    )
    written.append(write_xlsx(out / "kent-police-speeding-fines-figures.xlsx", {"FPNs 2017-2020": _kent_figures()}))

    with tempfile.TemporaryDirectory(prefix="foi-sample-") as tmp:
        letter = write_text_pdf(
            Path(tmp) / "FOI 2021-114 response.pdf",
            read_letter("kent-police-speeding-fines"),
            title="Kent Police FOI 2021-114 (sample)",
        )
        written.append(
            write_eml(
                out / "kent-police-speeding-fines.eml",
                sender="Kent Police Information Management Unit <freedomofinformation@kent.police.uk>",
                to="Daniel Okonjo <request-sample-114@example.invalid>",
                subject="Freedom of Information request FOI 2021-114 - response",
                date="Tue, 09 Nov 2021 14:32:00 +0000",
                message_id="<foi-2021-114-response@sample.invalid>",
                in_reply_to="<foi-2021-114-request@sample.invalid>",
                body=(
                    "Dear Mr Okonjo,\n\n"
                    "Please find attached our response to your Freedom of Information request FOI 2021-114 "
                    "about fixed penalty notices for speeding issued from 2017 to 2020.\n\n"
                    "Kind regards,\n\nRebecca Tolland\nFreedom of Information Officer\nKent Police\n\n"
                    f"{SAMPLE_MARK}.\n\n"
                    "This email and any attachments are confidential and intended solely for the addressee. "
                    "If you have received this email in error please notify the sender and delete it. "
                    "Communications sent to or from Kent Police may be monitored and recorded.\n\n"
                    "> Please tell me how many fixed penalty notices for speeding were issued by Kent Police\n"
                    "> in each calendar year from 2017 to 2020 inclusive.\n"
                ),
                attachments=[("FOI 2021-114 response.pdf", letter.read_bytes(), "application/pdf")],
            )
        )

    review = read_letter("home-office-border-force-internal-review")
    written.append(
        write_request_page(
            out / "home-office-border-force-internal-review.html",
            title="Border Force secondary examination guidance at Heathrow",
            requester="Tobi Achebe-Lawson",
            authority="Home Office",
            status="The request was refused by Home Office.",
            messages=[
                (
                    "Tobi Achebe-Lawson",
                    "31 October 2022",
                    "outgoing",
                    [
                        "Dear Home Office,",
                        "Please pass this on to the person who conducts Freedom of Information reviews. "
                        "I am writing to request an internal review of the Home Office's handling of my FOI "
                        "request HO/FOI/65432 about Border Force secondary examination guidance.",
                        "Yours faithfully,\nTobi Achebe-Lawson",
                    ],
                ),
                ("Home Office", "12 December 2022", "incoming", review),
            ],
        )
    )
    return written


def main(argv: Sequence[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "sample_corpus"
    for path in make_corpus(out):
        print(f"{path.relative_to(out)}\t{path.stat().st_size:>8} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
