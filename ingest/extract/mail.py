"""Email messages: EML (MIME) and MSG (Outlook). Body text, headers, attachments as raw bytes.

The body goes through unstructured (`partition_email` / `partition_msg`, plain text
preferred: it keeps the `>` quoting that cleaning relies on). Headers and attachments
are read with the standard library (EML) and python-oxmsg (MSG) so that every
attachment, attached messages included, comes back as bytes for the pipeline to
ingest as a child document; unstructured's own attachment partitioning is off (it
would pick the hub-backed PDF strategy and flatten children into the parent).

Charset labels lie (see `ingest.extract.charsets`): every text part whose declared charset
is missing, unknown or wrong is decoded by the fallback chain and re-encoded as UTF-8
before unstructured sees it, and headers and attachment names are decoded from their raw
bytes the same way; each guess becomes a note for the ledger. A `winmail.dat` (TNEF)
attachment is unpacked: its body is the email's text when the MIME body has none, and its
files are attachments of the email, reached through `winmail.dat`.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.message
import email.policy
import email.utils
import mimetypes
import quopri
import re
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import EmailMessage, Message
from pathlib import Path

from ingest.errors import CorruptFileError, EncryptedFileError, FileProblemError
from ingest.extract import tnef
from ingest.extract.charsets import decode_bytes, decode_header_value
from ingest.extract.elements import partition_blocks
from ingest.extract.model import Attachment, Block, EmailHeaders

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
_FOLD = re.compile(r"\r?\n[ \t]")
_CTE_ALIASES = {"base64": "base64", "quotedprintable": "quoted-printable"}
_ADDRESS_SPECIALS = frozenset('()<>@,;:\\".[]')


@dataclass(frozen=True)
class Mail:
    """One email: body blocks, headers, attachments, and notes on what had to be guessed or was lost."""

    blocks: list[Block]
    headers: EmailHeaders
    attachments: tuple[Attachment, ...]
    notes: tuple[str, ...] = ()


def extract_eml(path: Path) -> Mail:
    message = _parse_eml(path)
    if message.get_content_type() in {"multipart/encrypted", "application/pkcs7-mime"}:
        raise EncryptedFileError(str(path), "the email is encrypted (PGP or S/MIME)")
    notes: list[str] = []
    headers = eml_headers(message, notes)
    attachments = eml_attachments(message, notes)
    blocks = _eml_body(path, message, notes)
    return unpack_tnef(Mail(blocks, headers, attachments, tuple(notes)))


def _eml_body(path: Path, message: EmailMessage, notes: list[str]) -> list[Block]:
    """The body through unstructured; a message with a mislabelled text part is re-encoded first."""
    from unstructured.partition.email import partition_email

    options = {"process_attachments": False, "content_source": "text/plain"}
    if not _repair_text_parts(message, notes):
        return partition_blocks(path, partition_email, "email", **options)
    with tempfile.TemporaryDirectory(prefix="foi-mail-") as tmp:
        repaired = Path(tmp) / "repaired.eml"
        repaired.write_bytes(_as_bytes(message))
        return partition_blocks(repaired, partition_email, "email", **options)


def _repair_text_parts(message: EmailMessage, notes: list[str]) -> bool:
    """Re-encode as UTF-8 every inline text part whose declared charset is missing, unknown or wrong."""
    repaired = False
    for number, part in enumerate(message.walk(), start=1):
        if part.is_multipart() or part.get_content_maintype() != "text" or _is_attachment(part):
            continue
        what = f"MIME part {number} ({part.get_content_type()})"
        payload, cte_note = _payload(part, what)
        if payload is None:
            continue
        decoded = decode_bytes(payload, _declared_charset(part), what)
        guesses = [note for note in (cte_note, decoded.guess) if note]
        if not guesses:
            continue
        notes.extend(guesses)
        _set_utf8_text(part, decoded.text)
        repaired = True
    return repaired


def _payload(part: Message, what: str) -> tuple[bytes | None, str | None]:
    """The part's decoded bytes; a misspelt transfer encoding ("base-64", "Quoted_Printable"), which
    the email package leaves undecoded, is decoded as what it names (with a note)."""
    declared = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    canonical = _CTE_ALIASES.get(re.sub(r"[\s_-]", "", declared))
    raw = part.get_payload(decode=False)
    if canonical is not None and canonical != declared and isinstance(raw, str):
        data = raw.encode("ascii", "surrogateescape")
        try:
            decoded = base64.b64decode(data + b"==") if canonical == "base64" else quopri.decodestring(data)
        except (binascii.Error, ValueError):
            decoded = data
        return decoded, f"{what}: transfer encoding {declared!r} read as {canonical}"
    payload = part.get_payload(decode=True)
    return (payload if isinstance(payload, bytes) else None), None


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment"


def _declared_charset(part: Message) -> str | None:
    charset = part.get_param("charset")
    if isinstance(charset, tuple):  # RFC 2231 form: (charset, language, value)
        charset = charset[2]
    return str(charset) if charset is not None else None


def _set_utf8_text(part: Message, text: str) -> None:
    del part["Content-Transfer-Encoding"]
    part.set_payload(base64.encodebytes(text.encode("utf-8")).decode("ascii"))
    part["Content-Transfer-Encoding"] = "base64"
    part.set_param("charset", "utf-8")


def _as_bytes(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=email.policy.default)
    except (LookupError, ValueError, TypeError, UnicodeError):
        # Re-folding a header with a bad charset can fail under the modern policy; compat32 copies it as is.
        return message.as_bytes(policy=email.policy.compat32)


def unpack_tnef(mail: Mail) -> Mail:
    """Replace each TNEF (`winmail.dat`) attachment by the files inside it; its body becomes the
    email's text when the MIME body has none. An unreadable stream stays an attachment (and is
    reported as such when the pipeline reads it)."""
    blocks, notes = mail.blocks, list(mail.notes)
    attachments: list[Attachment] = []
    for attachment in mail.attachments:
        if not tnef.is_tnef(attachment.data):
            attachments.append(attachment)
            continue
        try:
            content = tnef.read_tnef(attachment.data, attachment.name)
        except FileProblemError:
            attachments.append(attachment)
            continue
        notes.extend(content.notes)
        if not any(block.text.strip() for block in blocks):
            blocks = content.blocks
        attachments.extend(replace(inner, via=attachment.name) for inner in content.attachments)
    return replace(mail, blocks=blocks, attachments=tuple(attachments), notes=tuple(notes))


def _parse_eml(path: Path) -> EmailMessage:
    try:
        with path.open("rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
    except (ValueError, TypeError, IndexError) as e:
        raise CorruptFileError(str(path), f"not a readable email message: {e}") from e
    if not isinstance(message, EmailMessage) or not (message.keys() or message.get_payload()):
        raise CorruptFileError(str(path), "not a readable email message: no headers")
    return message


def eml_headers(message: Message, notes: list[str] | None = None) -> EmailHeaders:
    """The threading and address headers, decoded from their raw text (RFC 2047 words with a bad
    charset included); guesses are appended to `notes`."""
    guessed = notes if notes is not None else []
    return EmailHeaders(
        sender=_first_address(_raw_headers(message, "From", guessed)),
        to=_addresses(_raw_headers(message, "To", guessed)),
        cc=_addresses(_raw_headers(message, "Cc", guessed)),
        date=_date(message.get("Date")),
        subject=_header_text(next(iter(_raw_headers(message, "Subject", guessed)), None)),
        message_id=_first_id(message.get("Message-ID")),
        in_reply_to=_first_id(message.get("In-Reply-To")),
        references=tuple(_MESSAGE_ID.findall(str(message.get("References") or ""))),
    )


def _raw_headers(message: Message, name: str, notes: list[str]) -> list[str]:
    """Every value of header `name`, decoded from the raw header text."""
    values: list[str] = []
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            decoded = decode_header_value(_FOLD.sub(" ", str(value)), f"{name} header")
            if decoded.guess:
                notes.append(decoded.guess)
            values.append(decoded.text)
    return values


def eml_attachments(message: EmailMessage, notes: list[str] | None = None) -> tuple[Attachment, ...]:
    """Every attached file and attached message, in order; inline parts without a name are skipped
    (signature logos and the like)."""
    guessed = notes if notes is not None else []
    attachments: list[Attachment] = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        content_type = part.get_content_type()
        name = attachment_name(part, guessed)
        if content_type == "message/rfc822":
            inner = part.get_payload(0) if part.is_multipart() else part.get_content()
            if not isinstance(inner, Message):
                continue
            data = _as_bytes(inner)
            subject = _header_text(next(iter(_raw_headers(inner, "Subject", guessed)), None))
            name = name or f"{subject or 'attached message'}.eml"
        else:
            if not name and part.get_content_disposition() != "attachment":
                continue
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
        attachments.append(Attachment(name=_safe_name(name, content_type, index), data=data, mime_type=content_type))
    return tuple(attachments)


def attachment_name(part: Message, notes: list[str]) -> str | None:
    """The part's file name (Content-Disposition `filename`, else Content-Type `name`), decoded from
    the raw header: RFC 2231 and RFC 2047 forms with unknown or missing charsets included."""
    for header, param in (("Content-Disposition", "filename"), ("Content-Type", "name")):
        raw = next((str(v) for k, v in part.raw_items() if k.lower() == header.lower()), None)
        if raw is None:
            continue
        legacy = email.message.Message()  # compat32: parameters come back undecoded
        legacy[header] = _FOLD.sub(" ", raw)
        value = legacy.get_param(param, header=header)
        if value is None:
            continue
        if isinstance(value, tuple):  # RFC 2231: (charset, language, %-decoded text as Latin-1)
            charset, _, text = value
            decoded = decode_bytes(str(text).encode("latin-1", "replace"), charset, "attachment name")
        else:
            decoded = decode_header_value(email.utils.unquote(str(value)), "attachment name")
        if decoded.guess:
            notes.append(decoded.guess)
        if decoded.text.strip():
            return decoded.text.strip()
    return None


def extract_msg(path: Path) -> Mail:
    from oxmsg import Message as OutlookMessage
    from unstructured.partition.msg import partition_msg

    try:
        outlook = OutlookMessage.load(str(path))
        headers = _msg_headers(outlook)
        attachments = tuple(
            Attachment(
                name=_safe_name(a.file_name, a.mime_type or "application/octet-stream", i),
                data=a.file_bytes or b"",
                mime_type=a.mime_type or "application/octet-stream",
            )
            for i, a in enumerate(outlook.attachments, start=1)
        )
    except Exception as e:
        # olefile and python-oxmsg raise assorted types (OSError, KeyError, struct errors) on bad input.
        raise CorruptFileError(str(path), f"not a readable Outlook message: {type(e).__name__}: {e}") from e
    if "encrypted" in outlook.message_headers.get("Content-Type", "") or "SMIME" in outlook.message_class.upper():
        raise EncryptedFileError(str(path), "the Outlook message is encrypted (S/MIME)")
    blocks = partition_blocks(path, partition_msg, "Outlook message", process_attachments=False)
    return unpack_tnef(Mail(blocks, headers, attachments))


def _msg_headers(outlook: object) -> EmailHeaders:
    from oxmsg import Message as OutlookMessage

    assert isinstance(outlook, OutlookMessage)
    transport = outlook.message_headers
    sent = outlook.sent_date
    return EmailHeaders(
        sender=_first_address([outlook.sender]) if outlook.sender else None,
        to=tuple(r.email_address for r in outlook.recipients if r.email_address),
        cc=_addresses([transport["Cc"]]) if transport.get("Cc") else (),
        date=sent if isinstance(sent, datetime) else _date(transport.get("Date")),
        subject=outlook.subject or None,
        message_id=_first_id(transport.get("Message-ID") or transport.get("Message-Id")),
        in_reply_to=_first_id(transport.get("In-Reply-To")),
        references=tuple(_MESSAGE_ID.findall(transport.get("References") or "")),
    )


def _addresses(values: list[str]) -> tuple[str, ...]:
    return tuple(_format_address(name, addr) for name, addr in email.utils.getaddresses([str(v) for v in values]))


def _first_address(values: list[str]) -> str | None:
    addresses = _addresses(values)
    return addresses[0] if addresses else None


def _format_address(name: str, address: str) -> str:
    """`Name <address>`; a name is kept readable (formataddr would RFC 2047-encode a non-ASCII one)."""
    if not name:
        return address
    if name.isascii():
        return email.utils.formataddr((name, address))
    quoted = f'"{name}"' if any(c in _ADDRESS_SPECIALS for c in name) else name
    return f"{quoted} <{address}>"


def _date(value: object) -> datetime | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None


def _header_text(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _first_id(value: object) -> str | None:
    if not value:
        return None
    found = _MESSAGE_ID.search(str(value))
    return found.group() if found else str(value).strip() or None


def _safe_name(name: str | None, content_type: str, index: int) -> str:
    """The attachment's own name without any folder part, or a made-up one with a fitting extension."""
    if name:
        base = Path(name.replace("\\", "/")).name.strip()
        if base and base not in {".", ".."}:
            return base
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"attachment-{index}{extension}"
