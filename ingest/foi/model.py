"""What goes into FOI analysis and what comes out of it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from core.model import Document


@dataclass(frozen=True)
class FoiInput:
    """One document as the ingestion pipeline hands it over."""

    text: str
    title: str = ""
    doc_type: str = "text"
    # Optional (kind, text) structural elements: title, narrative, list_item, table, header, footer.
    blocks: Sequence[tuple[str, str]] = ()
    sender: str | None = None
    email_date: date | None = None
    subject: str | None = None
    # To and Cc addresses, with display names ("FOI requests at Leeds City Council <foi@leeds.gov.uk>").
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True)
class FoiMetadata:
    """The FOI fields of one document, each with the sentence it came from in `evidence`."""

    authority: str | None = None
    authority_id: str | None = None
    reference: str | None = None
    references: tuple[str, ...] = ()
    request_date: date | None = None
    response_date: date | None = None
    requester: str | None = None
    exemptions: tuple[str, ...] = ()
    outcome: str | None = None
    source_status: str | None = None
    request_text: str | None = None
    # field name -> evidence sentence; one key per exemption, e.g. "exemptions:s40(2)".
    evidence: dict[str, str] = field(default_factory=dict, compare=False)

    def apply(self, document: Document) -> Document:
        """The document with these FOI fields set (its other fields untouched)."""
        return replace(
            document,
            authority=self.authority,
            authority_id=self.authority_id,
            reference=self.reference,
            references=self.references,
            request_date=self.request_date,
            response_date=self.response_date,
            requester=self.requester,
            exemptions=self.exemptions,
            outcome=self.outcome,
            source_status=self.source_status,
            request_text=self.request_text,
            evidence={**document.evidence, **self.evidence},
        )
