"""One authority for every document of a request thread.

An FOI request is made to one public authority, so every message of its thread
(the request, the acknowledgement, the answer, the review) belongs to it, even
when one of them does not name it ("Dear Sir/Madam", a reply signed by a team).
Documents that name no authority take the one the others agree on; a thread
whose documents name different authorities equally gives none. When no document
names one, WhatDoTheyKnow's address of the request ("FOI requests at Leeds City
Council <foi@leeds.gov.uk>") among the thread's participants still does.

The ingest pipeline calls `inherited_authorities` over the request threads it
knows (the ledger's threading facts: no file is read again) and re-indexes the
documents whose inherited authority changed, with `with_thread_authority`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from core.model import Document
from ingest.foi.authorities import name_key
from ingest.foi.rules import pattern
from ingest.foi.threads import NOT_RECORDED, ThreadInput

EVIDENCE_PREFIX = "from its request thread"


@dataclass(frozen=True)
class InheritedAuthority:
    name: str
    id: str | None
    evidence: str

    def stored(self) -> str:
        """The ledger's record of what a document was given: name and id."""
        return f"{self.id or ''}|{self.name}"


def inherited_authorities(threads: Sequence[tuple[ThreadInput, str]]) -> dict[str, InheritedAuthority]:
    """Document id -> the authority it takes from its thread, for every document without one of its own.

    `threads`: each document's threading facts with its request id.
    """
    by_request: dict[str, list[ThreadInput]] = defaultdict(list)
    for thread, request_id in threads:
        by_request[request_id].append(thread)
    inherited: dict[str, InheritedAuthority] = {}
    for members in by_request.values():
        agreed = _agreed(members) or _addressed(members)
        if agreed is None:
            continue
        # A document naming no authority takes the thread's; one naming the same body in other words
        # ("Wigan Council" under a request to Wigan Metropolitan Borough Council) takes its spelling,
        # so that a filter or a facet on the body finds the whole thread under one name.
        differs = [m for m in members if not _own(m) or _another_spelling(m, agreed)]
        inherited.update(dict.fromkeys((m.document_id for m in differs), agreed))
    return inherited


def with_thread_authority(
    document: Document, inherited: InheritedAuthority | None, facts: ThreadInput | None = None
) -> Document:
    """The document with its thread's authority; when its thread no longer gives it one, the one it
    names itself (its threading `facts` record it), or none."""
    evidence = {key: value for key, value in document.evidence.items() if key != "authority"}
    if inherited is None:
        own = facts.authority if facts is not None and facts.authority != NOT_RECORDED else None
        if own is None or facts is None:
            return replace(document, authority=None, authority_id=None, evidence=evidence)
        evidence["authority"] = f"named in the document: {own}"
        return replace(document, authority=own, authority_id=facts.authority_id, evidence=evidence)
    evidence["authority"] = inherited.evidence
    return replace(document, authority=inherited.name, authority_id=inherited.id, evidence=evidence)


def _own(thread: ThreadInput) -> str | None:
    return thread.authority or thread.authority_id


def _agreed(members: list[ThreadInput]) -> InheritedAuthority | None:
    """The authority most of the documents that name one name; none on a tie."""
    named = [m for m in members if _own(m) and m.authority != NOT_RECORDED]
    groups: dict[str, list[ThreadInput]] = defaultdict(list)
    for member in named:
        groups[member.authority_id or name_key(member.authority or "")].append(member)
    ranked = sorted(groups.values(), key=len, reverse=True)
    if not ranked or (len(ranked) > 1 and len(ranked[0]) == len(ranked[1])):
        return None
    winners = ranked[0]
    names = Counter(m.authority for m in winners if m.authority)
    if not names:
        return None
    # The name WhatDoTheyKnow addressed the request to is its register's; else the commonest, the
    # fuller on a tie ("Wigan Metropolitan Borough Council" rather than "Wigan Council").
    commonest = max(names, key=lambda spelling: (names[spelling], len(spelling)))
    evidence = f"{EVIDENCE_PREFIX}: {len(winners)} of its {len(members)} documents name {commonest}"
    addressed = _addressed(members)
    if addressed is not None and winners[0].authority_id is None and name_key(addressed.name) == name_key(commonest):
        return InheritedAuthority(addressed.name, None, f"{evidence}, addressed as {addressed.name}")
    return InheritedAuthority(commonest, winners[0].authority_id, evidence)


def _another_spelling(member: ThreadInput, agreed: InheritedAuthority) -> bool:
    """A document naming the agreed body, by its id or by its name's key, under another spelling."""
    own = member.authority
    if not own or own == NOT_RECORDED or own == agreed.name:
        return False
    if agreed.id is not None:
        return member.authority_id == agreed.id
    return member.authority_id is None and name_key(own) == name_key(agreed.name)


def _addressed(members: list[ThreadInput]) -> InheritedAuthority | None:
    """No document names one: the authority WhatDoTheyKnow addressed the request to, if only one."""
    display = pattern("authority", "mailbox_display_name")
    found = {
        match["authority"].strip(): participant
        for member in members
        for participant in member.participants
        if (match := display.match(participant.split("<")[0].strip()))
    }
    keys = {name_key(name) for name in found}
    if len(keys) != 1:
        return None
    name, participant = next(iter(found.items()))
    return InheritedAuthority(name, None, f"{EVIDENCE_PREFIX}: its messages are addressed to {participant}")


def changed_authorities(
    documents: Iterable[str], inherited: dict[str, InheritedAuthority], stored: dict[str, str | None]
) -> dict[str, InheritedAuthority | None]:
    """Document id -> its new inherited authority (None: take it away), for the documents where it changed."""
    changes: dict[str, InheritedAuthority | None] = {}
    for document_id in documents:
        now = inherited.get(document_id)
        if (now.stored() if now else None) != stored.get(document_id):
            changes[document_id] = now
    return changes
