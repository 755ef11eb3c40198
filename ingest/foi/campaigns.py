"""Round-robin campaigns and copies of one letter, from the pairs that resemblance found.

A campaign is one question asked of several authorities: documents whose requests are alike
(ingest.foi.likeness), with every document of their request threads, form one group, and a group
of two or more request threads answered by two or more authorities is a campaign; its id comes
from its first-seen document, so it stays as more answers arrive. Copies are documents whose
bytes or words are the same or nearly so; the original stands for them all (`_original_first`).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from core.model import Document
from ingest.foi.likeness import REQUEST_RULE, TEXT_RULE, Signature, own_text, signature, text_key
from ingest.foi.threads import UnionFind

REQUEST, TEXT = "request", "text"
_WEB_PAGES = frozenset({"web_page"})
# How a saved second copy is often named: "reply (1).pdf", "Copy of reply.docx", "reply - Copy.pdf".
_COPY_MARK = re.compile(r"\(\d{1,3}\)|\bcopy\b", re.I)


@dataclass(frozen=True)
class LikenessFacts:
    """What resemblance needs to know of one document (kept in the ledger, so that a later run
    compares new documents with old ones without reading them again)."""

    document_id: str
    collection: str
    authority_id: str | None = None
    reference: str | None = None
    # The document's own bytes and its words: equal keys are copies whatever their resemblance.
    content_hash: str = ""
    text_key: str | None = None
    text_signature: Signature | None = None
    request_text: str | None = None
    request_signature: Signature | None = None
    # Archives and mailboxes are listings of other documents: never a copy, never in a campaign.
    groupable: bool = True
    # What decides which of several copies is the original (see `_original_first`).
    date: str | None = None
    doc_type: str = ""
    name: str = ""

    def signature(self, kind: str) -> Signature | None:
        return self.request_signature if kind == REQUEST else self.text_signature


def facts_of(document: Document) -> LikenessFacts:
    """A document's resemblance facts, worked out once when it is indexed."""
    groupable = document.doc_type not in ("mailbox", "archive")
    request = document.request_text if groupable else None
    return LikenessFacts(
        document_id=document.id,
        collection=document.collection,
        authority_id=document.authority_id,
        reference=document.reference,
        content_hash=document.text_hash if groupable else "",
        text_key=text_key(own_text(document.text)) if groupable else None,
        text_signature=signature(own_text(document.text), TEXT_RULE) if groupable else None,
        request_text=request,
        request_signature=signature(request, REQUEST_RULE) if request else None,
        groupable=groupable,
        date=document.date.isoformat() if document.date else None,
        doc_type=document.doc_type,
        name=PurePosixPath(document.member_path or document.source_path).name,
    )


@dataclass(frozen=True)
class Member:
    """A document as grouping sees it: its facts, when it was first seen, and its request thread."""

    facts: LikenessFacts
    seq: int
    request_id: str | None


@dataclass(frozen=True)
class Grouping:
    """What a document is given: its campaign, the document it is a copy of, or its copies."""

    campaign_id: str | None = None
    duplicate_of: str | None = None
    duplicates: tuple[str, ...] = ()


def can_be_copies(a: LikenessFacts, b: LikenessFacts) -> bool:
    """Near-identical text is not enough where the two letters say they are different ones: two
    authorities, or two references (an authority's template answers to different requests)."""
    if a.authority_id and b.authority_id and a.authority_id != b.authority_id:
        return False
    return not (a.reference and b.reference and _reference_key(a.reference) != _reference_key(b.reference))


def assign_groups(members: Sequence[Member], pairs: Iterable[tuple[str, str, str]]) -> dict[str, Grouping]:
    """Document id -> its grouping, for every member; `pairs` are (kind, id, id) found alike."""
    by_kind: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, a, b in pairs:
        by_kind[kind].append((a, b))
    campaigns = _campaigns(members, by_kind[REQUEST])
    copies = _copies(members, by_kind[TEXT])
    result = {}
    for member in members:
        document_id = member.facts.document_id
        canonical, others = copies.get(document_id, (None, ()))
        result[document_id] = Grouping(
            campaign_id=campaigns.get(document_id),
            duplicate_of=canonical if canonical != document_id else None,
            duplicates=others if canonical == document_id else (),
        )
    return result


def _campaigns(members: Sequence[Member], pairs: list[tuple[str, str]]) -> dict[str, str]:
    known = {member.facts.document_id: member for member in members if member.facts.groupable}
    links = UnionFind()
    for member in known.values():
        links.add(member.facts.document_id)
        if member.request_id:
            links.union(member.facts.document_id, f"request:{member.request_id}")
    for a, b in pairs:
        if a in known and b in known:
            links.union(a, b)
    components: dict[str, list[Member]] = defaultdict(list)
    for document_id, member in known.items():
        components[links.find(document_id)].append(member)
    result: dict[str, str] = {}
    for group in components.values():
        # One thread is one request, even when it passed between authorities (a transfer).
        if _answerers(group) >= 2 and len({member.request_id or member.facts.document_id for member in group}) >= 2:
            campaign_id = _group_id("cmp", min(group, key=_first_seen).facts)
            result.update({member.facts.document_id: campaign_id for member in group})
    return result


def _answerers(group: list[Member]) -> int:
    """How many authorities a group reached: a thread whose authority is unknown counts as one."""
    return len({member.facts.authority_id or f"thread:{member.request_id}" for member in group})


def _copies(members: Sequence[Member], pairs: list[tuple[str, str]]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Document id -> (its canonical document, the canonical's copies) for documents with copies."""
    known = {member.facts.document_id: member for member in members if member.facts.groupable}
    links = UnionFind()
    same: dict[tuple[str, str], str] = {}
    for member in known.values():
        facts = member.facts
        links.add(facts.document_id)
        for key in (f"bytes:{facts.content_hash}" if facts.content_hash else None, _text_key(facts)):
            if key is not None:
                first = same.setdefault((facts.collection, key), facts.document_id)
                links.union(first, facts.document_id)
    for a, b in pairs:
        if a in known and b in known:
            links.union(a, b)
    components: dict[str, list[Member]] = defaultdict(list)
    for document_id in known:
        components[links.find(document_id)].append(known[document_id])
    result: dict[str, tuple[str, tuple[str, ...]]] = {}
    for group in components.values():
        if len(group) < 2:
            continue
        ordered = sorted(group, key=_original_first)
        canonical = ordered[0].facts.document_id
        others = tuple(member.facts.document_id for member in ordered[1:])
        result.update({member.facts.document_id: (canonical, others) for member in group})
    return result


def _text_key(facts: LikenessFacts) -> str | None:
    return f"text:{facts.text_key}:{facts.reference or ''}" if facts.text_key else None


def _original_first(member: Member) -> tuple[str, int, int, int, str]:
    """Of several copies the original is the earliest dated; then a letter or attachment before a
    web page that re-publishes it (a disclosure log); then a name without a copy mark ("reply (1).pdf");
    then the first seen."""
    facts = member.facts
    return (
        facts.date or "9999",
        int(facts.doc_type in _WEB_PAGES),
        int(_COPY_MARK.search(facts.name) is not None),
        member.seq,
        facts.document_id,
    )


def _first_seen(member: Member) -> tuple[int, str]:
    return (member.seq, member.facts.document_id)


def _group_id(prefix: str, facts: LikenessFacts) -> str:
    key = f"{facts.collection}\x00{facts.document_id}"
    return f"{prefix}-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _reference_key(reference: str) -> str:
    return "".join(reference.upper().split())
