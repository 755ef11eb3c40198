"""Extraction: one file in, typed text blocks out, for every FOI file format: on `unstructured`,
except a PDF's text layer (PDFium, `pdf_text`) and OCR (Tesseract run directly, `ocr`).

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
from pathlib import Path

from core.settings import Settings
from ingest.errors import EmptyFileError, UnsupportedFormatError
from ingest.extract.detect import check_container, format_for, sniff_mime
from ingest.extract.families import FAMILY_OF
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
    extraction = FAMILY_OF[fmt.key].extract(path, fmt, settings)
    if not extraction.blocks and not extraction.attachments:
        detail = " (OCR found none either)" if extraction.ocr_pages else ""
        raise EmptyFileError(str(path), f"no text found in the {fmt.key.upper()} file{detail}")
    return extraction
