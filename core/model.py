"""The documents that ingest builds and search indexes: plain dataclasses that every package speaks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePosixPath

import numpy as np
from numpy.typing import NDArray

from core.codes import DEFAULT_COLLECTION, OUTCOMES, check_collection_name, exemption_levels, is_exemption_code

Vector = NDArray[np.float32]


def document_id_for(source_path: str, member_path: str | None = None) -> str:
    """A stable document id: a hash of where the document came from."""
    key = source_path if member_path is None else f"{source_path}\x00{member_path}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def normalise_path(path: str) -> str:
    return str(PurePosixPath(path.replace("\\", "/"))).rstrip("/") or "/"


def path_ancestors(path: str) -> list[str]:
    """`a/b/c.pdf` -> [`a`, `a/b`, `a/b/c.pdf`]: a path filter matches whole components."""
    pure = PurePosixPath(normalise_path(path))
    return [str(parent) for parent in reversed(pure.parents) if str(parent) not in (".", "")] + [str(pure)]


@dataclass(frozen=True)
class Document:
    """One file or message as the user knows it, with its FOI metadata."""

    id: str
    source_path: str
    title: str = ""
    text: str = ""
    member_path: str | None = None
    parent_id: str | None = None
    request_id: str | None = None
    mime_type: str = "text/plain"
    doc_type: str = "text"
    pages: int = 1
    text_hash: str = ""
    authority: str | None = None
    authority_id: str | None = None
    references: tuple[str, ...] = ()
    request_date: date | None = None
    response_date: date | None = None
    requester: str | None = None
    exemptions: tuple[str, ...] = ()
    outcome: str | None = None
    request_text: str | None = None
    source_status: str | None = None
    # The document's own FOI reference (also in `references`, which holds every
    # reference found, including those of earlier requests it mentions).
    reference: str | None = None
    # Why each extracted field has its value: field name (or `exemptions:s40(2)`
    # for one exemption) -> the sentence it came from. Shown by `foi show` and the UI.
    evidence: dict[str, str] = field(default_factory=dict, compare=False)
    collection: str = DEFAULT_COLLECTION
    # The round-robin this document answers: the same request sent to several authorities
    # (ingest.foi.campaigns). None for a request asked of one authority only.
    campaign_id: str | None = None
    # The canonical document this one is a copy of (the same letter under another name, re-sent,
    # or re-published); search shows the canonical one and lists its copies in `duplicates`.
    duplicate_of: str | None = None
    duplicates: tuple[str, ...] = ()
    # The extracted text before boilerplate removal, for display; None when
    # cleaning changed nothing.
    original_text: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a Document needs an id")
        check_collection_name(self.collection)
        for code in self.exemptions:
            if not is_exemption_code(code):
                raise ValueError(f"document {self.id}: exemption {code!r} is not in normal form (e.g. s40(2))")
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"document {self.id}: outcome {self.outcome!r} is not one of {', '.join(OUTCOMES)}")

    @property
    def date(self) -> date | None:
        """The date a date filter and the year facet use: response, else request."""
        return self.response_date or self.request_date

    @property
    def exemption_levels(self) -> tuple[str, ...]:
        """Every level of every exemption, deduplicated, in a stable order."""
        seen: dict[str, None] = {}
        for code in self.exemptions:
            for level in exemption_levels(code):
                seen[level] = None
        return tuple(seen)

    def without_text(self) -> Document:
        return replace(self, text="", original_text=None)


@dataclass(frozen=True)
class Chunk:
    """A span of a document, the unit of retrieval and of embedding."""

    document_id: str
    order: int
    text: str
    pages: tuple[int, ...] = ()
    section: str | None = None
    char_start: int = 0
    char_end: int = 0
    embedding: Vector | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return f"{self.document_id}#{self.order}"


@dataclass(frozen=True)
class IndexItem:
    """A document with all of its chunks: the unit of upsert.

    Upserting an item replaces every chunk the document had before.
    """

    document: Document
    chunks: tuple[Chunk, ...]

    def __post_init__(self) -> None:
        for chunk in self.chunks:
            if chunk.document_id != self.document.id:
                raise ValueError(f"chunk {chunk.id} does not belong to document {self.document.id}")
