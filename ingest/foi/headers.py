"""Mail headers written at the top of a plain-text message ("From: ...", "To: ...", "Subject: ...").

A message saved or exported as text keeps its headers as the first lines. The
sender, recipients and subject they name say who answers (foi@leeds.gov.uk),
to whom a request was sent ("FOI requests at Leeds City Council"), and
whether the message is the requester's own (request-123-abc@whatdotheyknow.com).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.foi.rules import pattern

_HEADER = re.compile(r"^(?P<name>from|to|cc|subject|date|sent)\s*:\s*(?P<value>.*)$", re.I)
# A header line anywhere ("From: ...", "Sent: ..."): the top of a saved message or of quoted mail.
HEADER_LINE = re.compile(r"^(?:from|to|cc|sent|date|subject)\s*:", re.I)
# Headers sit in the first lines; a letter's "To: the FOI Officer" further down is not one.
_MAX_HEADER_LINES = 12


@dataclass(frozen=True)
class TextHeaders:
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    subject: str | None = None


def read_text_headers(text: str) -> TextHeaders:
    """The From/To/Cc/Subject lines that open `text` (none when it does not open with a header)."""
    found: dict[str, list[str]] = {}
    for line in text.lstrip().splitlines()[:_MAX_HEADER_LINES]:
        match = _HEADER.match(line.strip())
        if match is None:
            break
        found.setdefault(match["name"].lower(), []).append(match["value"].strip())
    if "from" not in found and "subject" not in found:
        return TextHeaders()
    recipients = [address.strip() for value in found.get("to", []) + found.get("cc", []) for address in _split(value)]
    return TextHeaders(
        sender=_first(found, "from"),
        recipients=tuple(address for address in recipients if address),
        subject=_first(found, "subject"),
    )


def _first(found: dict[str, list[str]], name: str) -> str | None:
    values = found.get(name)
    return values[0] or None if values else None


def _split(value: str) -> list[str]:
    """Addresses separated by commas or semicolons, outside quoted display names."""
    return re.findall(r'(?:"[^"]*"|[^,;])+', value)


def is_requester_address(address: str | None) -> bool:
    """A WhatDoTheyKnow request address (request-123-abcd@whatdotheyknow.com): the requester's side."""
    return bool(address) and pattern("authority", "requester_address").search(address or "") is not None
