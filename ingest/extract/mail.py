"""Email messages: EML (MIME) and MSG (Outlook). Body text, headers, attachments as raw bytes.

The body goes through unstructured (`partition_email` / `partition_msg`, plain text
preferred: it keeps the `>` quoting that cleaning relies on). Headers and attachments
are read with the standard library (EML) and python-oxmsg (MSG) so that every
attachment, attached messages included, comes back as bytes for the pipeline to
ingest as a child document; unstructured's own attachment partitioning is off (it
would pick the hub-backed PDF strategy and flatten children into the parent).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import mimetypes
import re
from datetime import datetime
from email.message import EmailMessage, Message
from pathlib import Path

from ingest.errors import CorruptFileError, EncryptedFileError
from ingest.extract.model import Attachment, Block, EmailHeaders
from ingest.extract.office import partition_blocks

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def extract_eml(path: Path) -> tuple[list[Block], EmailHeaders, tuple[Attachment, ...]]:
    from unstructured.partition.email import partition_email

    message = _parse_eml(path)
    if message.get_content_type() in {"multipart/encrypted", "application/pkcs7-mime"}:
        raise EncryptedFileError(str(path), "the email is encrypted (PGP or S/MIME)")
    blocks = partition_blocks(path, partition_email, "email", process_attachments=False, content_source="text/plain")
    return blocks, eml_headers(message), eml_attachments(message)


def _parse_eml(path: Path) -> EmailMessage:
    try:
        with path.open("rb") as f:
            message = email.message_from_binary_file(f, policy=email.policy.default)
    except (ValueError, TypeError, IndexError) as e:
        raise CorruptFileError(str(path), f"not a readable email message: {e}") from e
    if not isinstance(message, EmailMessage) or not (message.keys() or message.get_payload()):
        raise CorruptFileError(str(path), "not a readable email message: no headers")
    return message


def eml_headers(message: Message) -> EmailHeaders:
    return EmailHeaders(
        sender=_first_address(message.get_all("From") or []),
        to=_addresses(message.get_all("To") or []),
        cc=_addresses(message.get_all("Cc") or []),
        date=_date(message.get("Date")),
        subject=_header_text(message.get("Subject")),
        message_id=_first_id(message.get("Message-ID")),
        in_reply_to=_first_id(message.get("In-Reply-To")),
        references=tuple(_MESSAGE_ID.findall(str(message.get("References") or ""))),
    )


def eml_attachments(message: EmailMessage) -> tuple[Attachment, ...]:
    """Every attached file and attached message, in order; inline parts without a name are skipped
    (signature logos and the like)."""
    attachments: list[Attachment] = []
    for index, part in enumerate(message.iter_attachments(), start=1):
        content_type = part.get_content_type()
        name = part.get_filename()
        if content_type == "message/rfc822":
            inner = part.get_payload(0) if part.is_multipart() else part.get_content()
            if not isinstance(inner, Message):
                continue
            data = inner.as_bytes(policy=email.policy.default)
            name = name or f"{_header_text(inner.get('Subject')) or 'attached message'}.eml"
        else:
            if not name and part.get_content_disposition() != "attachment":
                continue
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
        attachments.append(Attachment(name=_safe_name(name, content_type, index), data=data, mime_type=content_type))
    return tuple(attachments)


def extract_msg(path: Path) -> tuple[list[Block], EmailHeaders, tuple[Attachment, ...]]:
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
    return blocks, headers, attachments


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
    return email.utils.formataddr((name, address)) if name else address


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
