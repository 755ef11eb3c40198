"""The format families we read, one class each (the way Aleph's ingest-file has one ingestor per
family): the formats it reads, each with its extensions, its MIME types and its document type,
and how it turns a file into an Extraction. `FAMILIES` is the one registry: detection
(ingest.extract.detect) and `extract` find everything here, so adding a format is adding it to
one family, or one family to the registry.

Priority between a file's extension and its content is set per format: `content_types` are
libmagic answers specific enough to override a different extension, `fallback_content_types`
only name a file that has none; a `text` format is never overridden by markup it quotes, and a
`needs_text` format is read only when the content is text (a binary `.json` is not JSON).
Extractor modules are imported when a family first reads a file, so detection stays light.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import ClassVar

from core.settings import Settings
from ingest.extract.model import Block, Extraction


@dataclass(frozen=True)
class Format:
    """A format we read: its key, the document type and canonical MIME type of what it gives,
    and how a file is recognised as it."""

    key: str
    doc_type: str
    mime_type: str
    extensions: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()
    fallback_content_types: tuple[str, ...] = ()
    text: bool = False
    needs_text: bool = False


class FormatFamily:
    """One family of formats and the extractor that reads them."""

    formats: ClassVar[tuple[Format, ...]] = ()

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        raise NotImplementedError


class PdfFamily(FormatFamily):
    formats = (Format("pdf", "pdf", "application/pdf", (".pdf",), ("application/pdf",)),)

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import pdf

        blocks, pages, ocr_pages = pdf.extract_pdf_blocks(path, settings)
        return extraction(fmt, blocks, pages=pages, ocr_pages=ocr_pages)


class ImageFamily(FormatFamily):
    """Scans and photographs of letters: every frame is OCR'd."""

    formats = (
        Format("jpeg", "image", "image/jpeg", (".jpg", ".jpeg", ".jpe"), ("image/jpeg",)),
        Format("png", "image", "image/png", (".png",), ("image/png",)),
        Format("tiff", "image", "image/tiff", (".tif", ".tiff"), ("image/tiff",)),
        Format("gif", "image", "image/gif", (".gif",), ("image/gif",)),
        Format("bmp", "image", "image/bmp", (".bmp", ".dib"), ("image/bmp", "image/x-ms-bmp")),
        Format("webp", "image", "image/webp", (".webp",), ("image/webp",)),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import images

        blocks, pages = images.extract_image(path, settings)
        return extraction(fmt, blocks, pages=pages, ocr_pages=tuple(range(1, pages + 1)))


class WordProcessingFamily(FormatFamily):
    formats = (
        Format(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx", ".docm", ".dotx"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
        ),
        Format("doc", "doc", "application/msword", (".doc", ".dot"), ("application/msword",)),
        Format(
            "odt",
            "odt",
            "application/vnd.oasis.opendocument.text",
            (".odt",),
            ("application/vnd.oasis.opendocument.text",),
        ),
        Format("rtf", "rtf", "application/rtf", (".rtf",), ("text/rtf", "application/rtf")),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import office

        read = {"docx": office.extract_docx, "doc": office.extract_doc, "odt": office.extract_odt}
        return extraction(fmt, read.get(fmt.key, office.extract_rtf)(path))


class PresentationFamily(FormatFamily):
    formats = (
        Format(
            "pptx",
            "presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
            ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
        ),
        Format("ppt", "presentation", "application/vnd.ms-powerpoint", (".ppt",), ("application/vnd.ms-powerpoint",)),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import office

        return extraction(fmt, (office.extract_pptx if fmt.key == "pptx" else office.extract_ppt)(path))


class SpreadsheetFamily(FormatFamily):
    """Workbooks and delimited text (what hides behind `.xls` is decided in detect)."""

    formats = (
        Format(
            "xlsx",
            "spreadsheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx", ".xlsm"),
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
        ),
        Format("xls", "spreadsheet", "application/vnd.ms-excel", (".xls",), ("application/vnd.ms-excel",)),
        Format("xml_spreadsheet", "spreadsheet", "application/vnd.ms-excel"),
        Format("csv", "spreadsheet", "text/csv", (".csv",), fallback_content_types=("text/csv",), text=True),
        Format("tsv", "spreadsheet", "text/tab-separated-values", (".tsv",), text=True),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import spreadsheet

        read = {
            "xlsx": spreadsheet.extract_xlsx,
            "xls": spreadsheet.extract_xls,
            "xml_spreadsheet": spreadsheet.extract_spreadsheet_ml,
            "csv": spreadsheet.extract_csv,
        }
        return extraction(fmt, read.get(fmt.key, spreadsheet.extract_tsv)(path))


class WebFamily(FormatFamily):
    """Saved web pages: WhatDoTheyKnow threads, disclosure logs."""

    formats = (Format("html", "web_page", "text/html", (".html", ".htm", ".xhtml"), ("text/html",)),)

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import web

        blocks, title = web.extract_html(path)
        return extraction(fmt, blocks, title=title)


class MailFamily(FormatFamily):
    """Messages with their attachments: RFC 822, Outlook MSG and TNEF (winmail.dat)."""

    formats = (
        Format("eml", "email", "message/rfc822", (".eml",), ("message/rfc822",)),
        # An Outlook template (.oft) is an MSG.
        Format("msg", "email", "application/vnd.ms-outlook", (".msg", ".oft"), ("application/vnd.ms-outlook",)),
        Format("tnef", "email", "application/ms-tnef", (".tnef",), ("application/vnd.ms-tnef", "application/ms-tnef")),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import mail, tnef

        if fmt.key == "tnef":
            content = tnef.read_tnef(path.read_bytes(), path.name)
            found = extraction(fmt, content.blocks, title=content.subject)
            return replace(found, attachments=content.attachments, notes=content.notes)
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


class TextFamily(FormatFamily):
    formats = (
        Format("text", "text", "text/plain", (".txt", ".text"), fallback_content_types=("text/plain",), text=True),
        Format(
            "markdown",
            "text",
            "text/markdown",
            (".md", ".markdown"),
            fallback_content_types=("text/markdown",),
            text=True,
        ),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import text

        if fmt.key == "markdown":
            return extraction(fmt, text.extract_markdown(path))
        return extraction(fmt, text.extract_text(path, settings.large_text_bytes))


class StructuredFamily(FormatFamily):
    """Data exports read as text: JSON, XML feeds, calendars."""

    formats = (
        Format(
            "json",
            "text",
            "application/json",
            (".json", ".ndjson", ".jsonl", ".geojson"),
            fallback_content_types=("application/json", "application/x-ndjson"),
            text=True,
            needs_text=True,
        ),
        Format(
            "xml",
            "text",
            "application/xml",
            (".xml", ".atom", ".rss"),
            fallback_content_types=("text/xml", "application/xml", "application/atom+xml", "application/rss+xml"),
            text=True,
            needs_text=True,
        ),
        Format(
            "calendar",
            "calendar",
            "text/calendar",
            (".ics", ".ical", ".ifb"),
            ("text/calendar",),
            text=True,
            needs_text=True,
        ),
    )

    def extract(self, path: Path, fmt: Format, settings: Settings) -> Extraction:
        from ingest.extract import structured

        read = {"json": structured.extract_json, "xml": structured.extract_xml}
        return extraction(fmt, read.get(fmt.key, structured.extract_calendar)(path))


FAMILIES: tuple[FormatFamily, ...] = (
    PdfFamily(),
    WordProcessingFamily(),
    SpreadsheetFamily(),
    PresentationFamily(),
    WebFamily(),
    MailFamily(),
    TextFamily(),
    StructuredFamily(),
    ImageFamily(),
)
FAMILY_OF: dict[str, FormatFamily] = {fmt.key: family for family in FAMILIES for fmt in family.formats}
FORMATS: dict[str, Format] = {fmt.key: fmt for family in FAMILIES for fmt in family.formats}


def extraction(
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
