"""What format a file is in: by its extension, corrected by its content (libmagic).

A file's extension is usually right, but FOI material is full of files that lie:
an email saved as `.msg`, an RTF saved as `.doc`, an HTML table saved as `.xls`.
The content wins when libmagic recognises a specific format we read; a generic answer
(text/plain, application/octet-stream, a bare zip or OLE container) never overrides the
extension.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import magic

from ingest.errors import CorruptFileError, EncryptedFileError


@dataclass(frozen=True)
class Format:
    """A format family we read: its extractor key, the document type and a canonical MIME type."""

    key: str
    doc_type: str
    mime_type: str


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("pdf", "pdf", "application/pdf"),
        Format("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Format("doc", "doc", "application/msword"),
        Format("odt", "odt", "application/vnd.oasis.opendocument.text"),
        Format("rtf", "rtf", "application/rtf"),
        Format("xlsx", "spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Format("xls", "spreadsheet", "application/vnd.ms-excel"),
        Format("csv", "spreadsheet", "text/csv"),
        Format("tsv", "spreadsheet", "text/tab-separated-values"),
        Format("pptx", "presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        Format("ppt", "presentation", "application/vnd.ms-powerpoint"),
        Format("html", "web_page", "text/html"),
        Format("eml", "email", "message/rfc822"),
        Format("msg", "email", "application/vnd.ms-outlook"),
        Format("text", "text", "text/plain"),
        Format("markdown", "text", "text/markdown"),
    )
}

_BY_EXTENSION: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".docm": "docx",
    ".dotx": "docx",
    ".doc": "doc",
    ".dot": "doc",
    ".odt": "odt",
    ".rtf": "rtf",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".csv": "csv",
    ".tsv": "tsv",
    ".pptx": "pptx",
    ".ppt": "ppt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".eml": "eml",
    ".msg": "msg",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}

# Specific content types: these override a different extension.
_BY_CONTENT: dict[str, str] = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.oasis.opendocument.text": "odt",
    "text/rtf": "rtf",
    "application/rtf": "rtf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.ms-powerpoint": "ppt",
    "text/html": "html",
    "message/rfc822": "eml",
}
# Content types too generic to override an extension, but enough to read a file without one.
_FALLBACK_CONTENT: dict[str, str] = {"text/plain": "text", "text/csv": "csv", "text/markdown": "markdown"}
# Formats that are themselves text: a text/html sniff of a .txt that quotes HTML must not win.
_TEXT_KEYS = {"text", "markdown", "csv", "tsv"}

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
    by_content = _BY_CONTENT.get(mime)
    if by_extension is None:
        key = by_content or _FALLBACK_CONTENT.get(mime)
    elif by_content is not None and by_content != by_extension and not _text_file_quoting_markup(by_extension):
        key = by_content
    else:
        key = by_extension
    return FORMATS[key] if key else None


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
