"""Outlook's TNEF (`winmail.dat`, `application/ms-tnef`): the message body and attachments inside.

Outlook and Exchange wrap a rich-text message in a TNEF stream; mail systems downstream
see one opaque `winmail.dat` attachment, and the reply's text and files are in it.
tnefparse reads the stream; compressed-rtf (its optional dependency) decompresses the RTF
body, which pandoc (unstructured's RTF partitioner) turns into text.

A TNEF stream is a signature, a key, then attributes (level, id, length, data, checksum).
A stream cut short (a truncated download, a size-limited gateway) is read up to its last
whole attribute: what came before the cut is kept, and the cut is reported.
"""

from __future__ import annotations

import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.errors import CorruptFileError, FileProblemError
from ingest.extract.charsets import decode_bytes
from ingest.extract.elements import partition_blocks
from ingest.extract.model import Attachment, Block

SIGNATURE = b"\x78\x9f\x3e\x22"  # 0x223E9F78, little-endian
MIME_TYPES = frozenset({"application/ms-tnef", "application/vnd.ms-tnef"})
_HEADER = 6  # signature (4) + key (2)
_ATTRIBUTE_OVERHEAD = 11  # level (1) + id (4) + length (4) + checksum (2)


@dataclass(frozen=True)
class TnefContent:
    """What a TNEF stream holds: body blocks, subject, attachments, and what could not be read."""

    blocks: list[Block]
    subject: str | None
    attachments: tuple[Attachment, ...]
    notes: tuple[str, ...]


def is_tnef(data: bytes) -> bool:
    """A TNEF stream by its signature; a `winmail.dat` name or a TNEF MIME type alone is not trusted."""
    return data.startswith(SIGNATURE)


def read_tnef(data: bytes, label: str) -> TnefContent:
    """Body and attachments of a TNEF stream; raises CorruptFileError when nothing in it is readable."""
    from tnefparse import TNEF

    prefix, cut = _whole_attributes(data)
    if len(prefix) <= _HEADER:
        raise CorruptFileError(label, "not a readable TNEF (winmail.dat) stream: no whole attribute in it")
    notes: list[str] = []
    if cut:
        notes.append(f"{label}: TNEF stream truncated after {len(prefix)} of {len(data)} bytes; the rest is lost")
    try:
        tnef = TNEF(prefix, do_checksum=False)
    except Exception as e:
        # tnefparse raises ValueError, struct.error, IndexError or UnicodeDecodeError on damaged streams.
        raise CorruptFileError(label, f"not a readable TNEF (winmail.dat) stream: {type(e).__name__}: {e}") from e
    attachments = _attachments(tnef, label, notes)
    blocks = _body_blocks(tnef, label)
    if not blocks and not attachments and not notes:
        notes.append(f"{label}: the TNEF stream holds neither a body nor attachments")
    return TnefContent(blocks, _subject(tnef), tuple(attachments), tuple(notes))


def _whole_attributes(data: bytes) -> tuple[bytes, bool]:
    """The stream up to the end of its last complete attribute, and whether anything was cut off."""
    offset = _HEADER
    while offset + _ATTRIBUTE_OVERHEAD <= len(data):
        (length,) = struct.unpack_from("<I", data, offset + 5)
        end = offset + _ATTRIBUTE_OVERHEAD + length
        if end > len(data):
            break
        offset = end
    return data[:offset], offset < len(data)


def _attachments(tnef: Any, label: str, notes: list[str]) -> list[Attachment]:
    attachments: list[Attachment] = []
    for index, attachment in enumerate(tnef.attachments, start=1):
        name = _text(attachment.long_filename()) or _text(attachment.name) or f"attachment-{index}.bin"
        if not attachment.data:
            notes.append(f"{label}/{name}: attachment has no data in the TNEF stream (truncated or a link)")
            continue
        attachments.append(Attachment(name=name, data=bytes(attachment.data)))
    return attachments


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = decode_bytes(value.rstrip(b"\x00"), None, "TNEF name").text
    return str(value or "").strip("\x00 ").replace("\\", "/").rsplit("/", 1)[-1]


def _subject(tnef: Any) -> str | None:
    for prop in tnef.msgprops:
        if prop.name == tnef.ATTSUBJECT and isinstance(prop.data, str) and prop.data.strip():
            return str(prop.data).strip()
    return None


def _body_blocks(tnef: Any, label: str) -> list[Block]:
    """The richest body there is: HTML, then RTF, then plain text (Outlook stores one or more)."""
    from unstructured.partition.html import partition_html
    from unstructured.partition.text import partition_text

    path = Path(label)
    if tnef.htmlbody:
        html = _as_text(tnef.htmlbody)
        if html.strip():
            return partition_blocks(path, partition_html, "TNEF HTML body", text=html)
    rtf = tnef.rtfbody
    if isinstance(rtf, bytes) and rtf.lstrip().startswith(b"{\\rtf"):
        blocks = _rtf_blocks(rtf, label)
        if blocks:
            return blocks
    if tnef.body:
        body = _as_text(tnef.body)
        if body.strip():
            return partition_blocks(path, partition_text, "TNEF body", text=body)
    return []


def _rtf_blocks(rtf: bytes, label: str) -> list[Block]:
    from unstructured.partition.rtf import partition_rtf

    with tempfile.TemporaryDirectory(prefix="foi-tnef-") as tmp:
        body = Path(tmp) / "body.rtf"
        body.write_bytes(rtf)
        try:
            return partition_blocks(body, partition_rtf, "TNEF RTF body")
        except FileProblemError:
            # pandoc fails on some Outlook RTF; the plain-text body (when there is one) is used instead.
            return []


def _as_text(value: str | bytes) -> str:
    return value if isinstance(value, str) else decode_bytes(value.rstrip(b"\x00"), None, "TNEF body").text
