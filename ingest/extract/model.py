"""What an extractor returns: typed text blocks with their page, plus email headers and attachments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

BLOCK_KINDS: tuple[str, ...] = ("title", "narrative", "list_item", "table", "header", "footer", "address", "other")
DOC_TYPES: tuple[str, ...] = (
    "pdf",
    "docx",
    "doc",
    "odt",
    "rtf",
    "spreadsheet",
    "presentation",
    "web_page",
    "email",
    "text",
)


@dataclass(frozen=True)
class Block:
    """One unstructured element: its text, what kind of element it is and the page it is on.

    `region` is "main" for the document's own content and "chrome" for text that an
    extractor knows is site furniture (navigation, cookie banner, site footer of a saved
    web page); cleaning drops chrome, the original text keeps it.
    """

    text: str
    kind: str
    page: int | None
    region: str = "main"


@dataclass(frozen=True)
class EmailHeaders:
    sender: str | None
    to: tuple[str, ...]
    date: datetime | None
    subject: str | None
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    cc: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """One attachment of an email, as raw bytes; the pipeline turns it into a child document.

    `via` names the container inside the email it came out of (`winmail.dat` for a file
    inside a TNEF stream), so its member path reads email -> winmail.dat -> file.
    """

    name: str
    data: bytes
    mime_type: str = "application/octet-stream"
    via: str | None = None

    @property
    def member(self) -> str:
        return f"{self.via}/{self.name}" if self.via else self.name


@dataclass(frozen=True)
class Extraction:
    blocks: tuple[Block, ...]
    pages: int
    mime_type: str
    doc_type: str
    title: str | None
    ocr_pages: tuple[int, ...] = ()
    email: EmailHeaders | None = None
    attachments: tuple[Attachment, ...] = ()
    # What had to be guessed (a charset) or could not be read (a truncated TNEF stream): for the ledger.
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The full extracted text, blocks separated by a blank line."""
        return "\n\n".join(block.text for block in self.blocks)
