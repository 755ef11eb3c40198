"""Extraction: one file in, typed text blocks out, for every FOI file format, all on `unstructured`.

    extraction = extract(Path("letter.pdf"), settings)
    extraction.blocks     # Block(text, kind, page, region), in reading order
    extraction.ocr_pages  # pages that had no text layer and were OCR'd

The format comes from the extension, corrected by the content (libmagic). Problems
raise `ingest.errors.FileProblemError` subclasses with a user-facing reason:
EmptyFileError, EncryptedFileError, CorruptFileError, UnsupportedFormatError,
ExtractionError. Everything runs offline: `ingest.extract.offline` (imported first,
before `unstructured`) turns telemetry off and serves spaCy's en_core_web_sm from an
installed package instead of a download.
"""

from __future__ import annotations

# isort: off
from ingest.extract import offline  # noqa: F401  (must run before anything imports unstructured)

# isort: on
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from core.settings import Settings
from ingest.errors import EmptyFileError, UnsupportedFormatError
from ingest.extract import images, mail, office, pdf, spreadsheet, structured, text, tnef, web
from ingest.extract.detect import IMAGE_KEYS, Format, check_container, format_for, sniff_mime
from ingest.extract.model import BLOCK_KINDS, DOC_TYPES, Attachment, Block, EmailHeaders, Extraction

__all__ = [
    "BLOCK_KINDS",
    "DOC_TYPES",
    "Attachment",
    "Block",
    "EmailHeaders",
    "Extraction",
    "extract",
    "format_for",
    "supported",
]

BlockExtractor = Callable[[Path], list[Block]]


def supported(path: Path) -> bool:
    """True when `extract` reads this file's format (by extension, or by content when it has none)."""
    return format_for(path) is not None


def extract(path: Path, settings: Settings) -> Extraction:
    """Extract one file. Raises a FileProblemError subclass with a clear reason when it cannot."""
    if not path.is_file():
        raise UnsupportedFormatError(str(path), "not a regular file")
    if path.stat().st_size == 0:
        raise EmptyFileError(str(path), "the file is empty (0 bytes)")
    mime = sniff_mime(path)
    fmt = format_for(path, mime)
    if fmt is None:
        raise UnsupportedFormatError(str(path), f"unsupported format ({path.suffix or 'no extension'}, {mime})")
    check_container(path, fmt)
    extraction = _extract_as(path, fmt, settings)
    if not extraction.blocks and not extraction.attachments:
        detail = " (OCR found none either)" if extraction.ocr_pages else ""
        raise EmptyFileError(str(path), f"no text found in the {fmt.key.upper()} file{detail}")
    return extraction


def _extract_as(path: Path, fmt: Format, settings: Settings) -> Extraction:
    if fmt.key == "pdf":
        blocks, pages, ocr_pages = pdf.extract_pdf_blocks(path, settings)
        return _extraction(fmt, blocks, pages=pages, ocr_pages=ocr_pages)
    if fmt.key in IMAGE_KEYS:
        blocks, pages = images.extract_image(path, settings)
        return replace(_extraction(fmt, blocks, pages=pages), ocr_pages=tuple(range(1, pages + 1)))
    if fmt.key == "text":
        return _extraction(fmt, text.extract_text(path, settings.large_text_bytes))
    if fmt.key == "html":
        blocks, title = web.extract_html(path)
        return _extraction(fmt, blocks, title=title)
    if fmt.key in {"eml", "msg"}:
        message = (mail.extract_eml if fmt.key == "eml" else mail.extract_msg)(path)
        return Extraction(
            blocks=tuple(message.blocks),
            pages=1,
            mime_type=fmt.mime_type,
            doc_type=fmt.doc_type,
            title=message.headers.subject,
            email=message.headers,
            attachments=message.attachments,
            notes=message.notes,
        )
    if fmt.key == "tnef":
        content = tnef.read_tnef(path.read_bytes(), path.name)
        return replace(
            _extraction(fmt, content.blocks, title=content.subject),
            attachments=content.attachments,
            notes=content.notes,
        )
    return _extraction(fmt, _BLOCK_EXTRACTORS[fmt.key](path))


def _extraction(
    fmt: Format,
    blocks: list[Block],
    *,
    pages: int | None = None,
    ocr_pages: tuple[int, ...] = (),
    title: str | None = None,
) -> Extraction:
    page_numbers = [b.page for b in blocks if b.page is not None]
    return Extraction(
        blocks=tuple(blocks),
        pages=pages if pages is not None else max(page_numbers, default=1),
        mime_type=fmt.mime_type,
        doc_type=fmt.doc_type,
        title=title or _first_title(blocks),
        ocr_pages=ocr_pages,
    )


def _first_title(blocks: list[Block]) -> str | None:
    """The first short title-like block near the top: a letter's subject line or a heading."""
    for block in blocks[:15]:
        if block.kind == "title" and block.region == "main" and 4 <= len(block.text) <= 200:
            return block.text
    return None


_BLOCK_EXTRACTORS: dict[str, BlockExtractor] = {
    "docx": office.extract_docx,
    "doc": office.extract_doc,
    "odt": office.extract_odt,
    "rtf": office.extract_rtf,
    "pptx": office.extract_pptx,
    "ppt": office.extract_ppt,
    "xlsx": spreadsheet.extract_xlsx,
    "xls": spreadsheet.extract_xls,
    "xml_spreadsheet": spreadsheet.extract_spreadsheet_ml,
    "csv": spreadsheet.extract_csv,
    "tsv": spreadsheet.extract_tsv,
    "markdown": text.extract_markdown,
    "json": structured.extract_json,
    "xml": structured.extract_xml,
    "calendar": structured.extract_calendar,
}
