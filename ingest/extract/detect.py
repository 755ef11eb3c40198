"""What format a file is in: by its extension, corrected by its content (libmagic).

A file's extension is usually right, but FOI material is full of files that lie:
an email saved as `.msg`, an RTF saved as `.doc`, an HTML table saved as `.xls`.
The content wins when libmagic recognises a specific format we read; a generic answer
(text/plain, application/octet-stream, a bare zip or OLE container) never overrides the
extension.

Some content is only told apart by its first bytes: a TNEF stream (`winmail.dat`, which
as a `.dat` says nothing), and what hides behind `.xls`: BIFF in an OLE container, a raw
BIFF stream, an XML (SpreadsheetML 2003) or HTML table, or tab- or comma-separated text.
Those are decided here, for top-level files and for every container member and email
attachment alike (they all come through `format_for`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import magic

from ingest.errors import CorruptFileError, EncryptedFileError
from ingest.extract.families import FORMATS, Format

# Lookup tables, built once from the formats of every family (ingest.extract.families).
_BY_EXTENSION: dict[str, str] = {ext: fmt.key for fmt in FORMATS.values() for ext in fmt.extensions}
# Specific content types: these override a different extension.
_BY_CONTENT: dict[str, str] = {mime: fmt.key for fmt in FORMATS.values() for mime in fmt.content_types}
# Content types too generic to override an extension, but enough to read a file without one.
_FALLBACK_CONTENT: dict[str, str] = {mime: fmt.key for fmt in FORMATS.values() for mime in fmt.fallback_content_types}
# Formats that are themselves text: a text/html sniff of a .txt that quotes HTML must not win.
_TEXT_KEYS = frozenset(fmt.key for fmt in FORMATS.values() if fmt.text)
# Formats read as text only when the content is text: a binary `.json` or `.xml` is not.
_NEEDS_TEXT = frozenset(fmt.key for fmt in FORMATS.values() if fmt.needs_text)
_TNEF_SIGNATURE = b"\x78\x9f\x3e\x22"
_SPREADSHEET_ML = b"urn:schemas-microsoft-com:office:spreadsheet"
_HTML_START = (b"<html", b"<!doctype html", b"<table", b"<head", b"<body", b"<meta")

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SNIFF_BYTES = 64 * 1024


def sniff_mime(path: Path) -> str:
    """libmagic's MIME type for the first bytes of the file."""
    with path.open("rb") as f:
        head = f.read(_SNIFF_BYTES)
    return str(magic.from_buffer(head, mime=True))


def format_for(path: Path, mime: str | None = None) -> Format | None:
    """The format to read `path` as, or None when we do not read it."""
    by_extension = _BY_EXTENSION.get(path.suffix.lower())
    if mime is None:
        mime = sniff_mime(path) if path.is_file() else ""
    head = _head(path)
    if head.startswith(_TNEF_SIGNATURE):
        return FORMATS["tnef"]
    by_content = _BY_CONTENT.get(mime)
    if by_extension is None:
        key = by_content or _FALLBACK_CONTENT.get(mime)
    elif by_content is not None and by_content != by_extension and not _text_file_quoting_markup(by_extension):
        key = by_content
    else:
        key = by_extension
    if key in {"xls", "xlsx"}:
        key = _spreadsheet_by_content(head, mime, key)
    elif key == "xml" and _SPREADSHEET_ML in head:
        key = "xml_spreadsheet"
    if key in _NEEDS_TEXT and not _is_text(mime):
        key = None
    return FORMATS[key] if key else None


def _head(path: Path, size: int = 4096) -> bytes:
    if not path.is_file():
        return b""
    with path.open("rb") as f:
        return f.read(size)


def _is_text(mime: str) -> bool:
    return mime.startswith("text/") or mime in _FALLBACK_CONTENT or mime.endswith(("+xml", "+json"))


def _spreadsheet_by_content(head: bytes, mime: str, key: str) -> str:
    """What a `.xls`/`.xlsx` really is: an OLE or zip workbook (or a raw BIFF stream) stays a
    workbook; SpreadsheetML, HTML and delimited text are read as what they are."""
    if head.startswith((_OLE_SIGNATURE, b"PK")) or _is_biff_stream(head):
        return key
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _SPREADSHEET_ML in head:
        return "xml_spreadsheet"
    if lowered.startswith(_HTML_START) or mime in {"text/html", "application/xhtml+xml"}:
        return "html"
    if mime.startswith("text/"):
        first_line = lowered.split(b"\n", 1)[0]
        return "tsv" if b"\t" in first_line else "csv"
    return key


def _is_biff_stream(head: bytes) -> bool:
    """A BIFF2-BIFF8 workbook stream without the OLE container: it opens with a BOF record
    (0x0009, 0x0209, 0x0409 or 0x0809), which xlrd reads directly."""
    return len(head) >= 4 and head[0] == 0x09 and head[1] in {0x00, 0x02, 0x04, 0x08}


def _text_file_quoting_markup(extension_key: str) -> bool:
    return extension_key in _TEXT_KEYS


_ZIP_CONTAINERS = {"docx", "xlsx", "pptx", "odt"}


def check_container(path: Path, fmt: Format) -> None:
    """Raise EncryptedFileError for a password-protected Office or OpenDocument file, and
    CorruptFileError for one whose container (zip or OLE) cannot be opened.

    Encrypted OOXML (docx, xlsx, pptx) is stored in an OLE container, not a zip;
    legacy Office files flag encryption inside the OLE streams. msoffcrypto-tool reads
    both. ODF marks encrypted members in META-INF/manifest.xml. PDFs are checked by the
    PDF extractor, which opens them anyway.
    """
    with path.open("rb") as f:
        head = f.read(len(_OLE_SIGNATURE))
    if head == _OLE_SIGNATURE and fmt.key in {"docx", "xlsx", "pptx", "doc", "xls", "ppt"}:
        if _ole_office_encrypted(path):
            raise EncryptedFileError(str(path), f"encrypted: the {fmt.key.upper()} file is password-protected")
        if fmt.key in {"docx", "xlsx", "pptx"}:
            raise CorruptFileError(str(path), f"not a {fmt.key.upper()} file (an OLE container, not a zip)")
    if fmt.key == "odt" and _odf_encrypted(path):
        raise EncryptedFileError(str(path), "encrypted: the OpenDocument file is password-protected")
    if fmt.key in _ZIP_CONTAINERS:
        _check_zip(path, fmt)


def _check_zip(path: Path, fmt: Format) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise CorruptFileError(str(path), f"not a readable {fmt.key.upper()} file: damaged zip container ({e})") from e


def _ole_office_encrypted(path: Path) -> bool:
    import msoffcrypto
    from msoffcrypto.exceptions import FileFormatError

    with path.open("rb") as f:
        try:
            return bool(msoffcrypto.OfficeFile(f).is_encrypted())
        except (FileFormatError, OSError, ValueError, KeyError, AssertionError):
            # Not an Office document msoffcrypto knows; let the partitioner judge it.
            return False


def _odf_encrypted(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = archive.read("META-INF/manifest.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise CorruptFileError(str(path), f"not a readable OpenDocument file: {e}") from e
    return b"encryption-data" in manifest
