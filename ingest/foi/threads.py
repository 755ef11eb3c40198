"""Request threads: documents of the same FOI request share a request id.

Links, strongest first: an attachment belongs with its message (a member of a
mailbox or archive given as input does not belong with it: a folder of mail is
not one request); the same WhatDoTheyKnow request; the same email thread
(Message-ID, In-Reply-To, References); the same own reference at the same
authority; the same subject (RE:/FW: stripped) between the same participants.
Linked documents form one request (union-find); its id is derived from the
component's strongest key, so that it stays the same when more documents of
the request arrive later.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|sv|vs|antw)(?:\[\d+\])?\s*:\s*)+", re.I)
_WDTK_URL = re.compile(r"whatdotheyknow\.com/request/(?P<slug>[\w\-]+)", re.I)
# Subjects too generic to tie two messages together on their own.
_GENERIC_SUBJECTS = {
    "",
    "foi",
    "foi request",
    "foia request",
    "freedom of information",
    "freedom of information request",
    "freedom of information act request",
    "information request",
    "request for information",
    "your request",
    "your foi request",
    "response",
    "foi response",
}
# A document whose own authority the ledger did not record (an older ledger): it keeps what it has.
NOT_RECORDED = "\x00not recorded"
# Key kinds in order of strength: the request id comes from the strongest key of a thread.
_KEY_ORDER = ("wdtk", "ref", "msg", "subj", "doc")


@dataclass(frozen=True)
class ThreadInput:
    document_id: str
    parent_id: str | None = None
    reference: str | None = None
    authority_id: str | None = None
    # A WhatDoTheyKnow request: its URL (https://www.whatdotheyknow.com/request/slug) or slug / numeric id.
    wdtk_request: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    subject: str | None = None
    participants: tuple[str, ...] = ()
    # The authority the document names itself (as written), for the thread's authority;
    # NOT_RECORDED for threading facts written before this was recorded.
    authority: str | None = None
    # A mailbox or archive given as input: its members belong to their own requests.
    container: bool = False


def assign_request_ids(docs: Sequence[ThreadInput]) -> dict[str, str]:
    """Document id -> request id for every document given."""
    links = UnionFind()
    keys_of: dict[str, list[str]] = defaultdict(list)
    containers = {doc.document_id for doc in docs if doc.container}
    for doc in docs:
        links.add(doc.document_id)
        for key in _keys(doc, docs):
            keys_of[doc.document_id].append(key)
            links.union(doc.document_id, key)
        if doc.parent_id and doc.parent_id not in containers:
            links.union(doc.document_id, f"doc:{doc.parent_id}")
            links.union(f"doc:{doc.parent_id}", doc.parent_id)
    for doc in docs:
        links.union(doc.document_id, f"doc:{doc.document_id}")
    members: dict[str, list[str]] = defaultdict(list)
    for doc in docs:
        members[links.find(doc.document_id)].append(doc.document_id)
    result: dict[str, str] = {}
    for ids in members.values():
        keys = [key for document_id in ids for key in keys_of[document_id]] + [f"doc:{i}" for i in ids]
        request_id = _request_id(min(keys, key=_strength))
        result.update(dict.fromkeys(ids, request_id))
    return result


def normalise_subject(subject: str) -> str:
    """'RE: FW: Freedom of Information request - Speed cameras' -> 'freedom of information request - speed cameras'."""
    return " ".join(_REPLY_PREFIX.sub("", subject).lower().split())


def wdtk_key(value: str) -> str:
    match = _WDTK_URL.search(value)
    slug = match["slug"] if match else value.strip().strip("/").rsplit("/", 1)[-1]
    return slug.split("#", 1)[0].lower()


def _keys(doc: ThreadInput, docs: Sequence[ThreadInput]) -> Iterable[str]:
    if doc.wdtk_request:
        yield f"wdtk:{wdtk_key(doc.wdtk_request)}"
    if doc.reference:
        yield f"ref:{doc.authority_id or '?'}:{_reference_key(doc.reference)}"
        if doc.authority_id is None:
            # Without an authority, join the one authority that filed this reference, if there is exactly one.
            owners = {
                d.authority_id
                for d in docs
                if d.reference and _reference_key(d.reference) == _reference_key(doc.reference)
            }
            owners.discard(None)
            if len(owners) == 1:
                yield f"ref:{owners.pop()}:{_reference_key(doc.reference)}"
    for message in (doc.message_id, doc.in_reply_to, *doc.references):
        if message:
            yield f"msg:{message.strip().strip('<>').lower()}"
    subject = normalise_subject(doc.subject or "")
    if subject not in _GENERIC_SUBJECTS and len(subject) >= 8 and doc.participants:
        people = ",".join(sorted({p.strip().lower() for p in doc.participants if p.strip()}))
        yield f"subj:{subject}|{people}"


def _reference_key(reference: str) -> str:
    return re.sub(r"[\s]+", "", reference.upper())


def _strength(key: str) -> tuple[int, str]:
    return (_KEY_ORDER.index(key.split(":", 1)[0]), key)


def _request_id(key: str) -> str:
    return "req-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        self.add(item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)
