"""Every document of a request thread carries the thread's authority: unit rules, then the real pipeline."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from core.model import Document, document_id_for
from core.settings import Settings
from ingest.foi import ThreadInput, assign_request_ids
from ingest.foi.thread_authority import (
    InheritedAuthority,
    changed_authorities,
    inherited_authorities,
    name_key,
    with_thread_authority,
)
from ingest.foi.threads import NOT_RECORDED
from ingest.ledger import LEDGER_FILE, Ledger
from ingest.pipeline import IndexForIngest
from search.backends.base import IndexSpec, SearchBackend
from search.backends.factory import open_backend
from tests.foi import council_mail as mail


def _threaded(*docs: ThreadInput) -> list[tuple[ThreadInput, str]]:
    ids = assign_request_ids(docs)
    return [(doc, ids[doc.document_id]) for doc in docs]


def test_documents_without_an_authority_take_the_one_their_thread_agrees_on() -> None:
    threads = _threaded(
        ThreadInput("request", message_id="<r1>", authority="Leeds City Council"),
        ThreadInput("ack", in_reply_to="<r1>", message_id="<a1>"),
        ThreadInput("answer", references=("<r1>", "<a1>"), authority="Leeds City Council"),
        ThreadInput("letter.pdf", parent_id="answer"),
        ThreadInput("elsewhere", message_id="<x1>"),
    )
    inherited = inherited_authorities(threads)
    assert set(inherited) == {"ack", "letter.pdf"}
    assert inherited["ack"].name == "Leeds City Council" and inherited["ack"].id is None
    assert inherited["ack"].evidence.startswith("from its request thread: 2 of its 4 documents name")


def test_a_known_authority_keeps_its_id_and_different_names_of_one_council_agree() -> None:
    threads = _threaded(
        ThreadInput("a", message_id="<r1>", authority="London Borough of Camden"),
        ThreadInput("b", in_reply_to="<r1>", message_id="<b1>", authority="Camden Council"),
        ThreadInput("c", in_reply_to="<b1>", message_id="<c1>", authority="London Borough of Camden"),
        ThreadInput("d", in_reply_to="<c1>"),
        ThreadInput("e", message_id="<k1>", authority="Kent Police", authority_id="kent-police"),
        ThreadInput("f", in_reply_to="<k1>"),
    )
    inherited = inherited_authorities(threads)
    assert (inherited["d"].name, inherited["d"].id) == ("London Borough of Camden", None)
    assert (inherited["f"].name, inherited["f"].id) == ("Kent Police", "kent-police")
    assert name_key("Camden Council") == name_key("London Borough of Camden") == "camden"


def test_one_body_named_in_other_words_across_a_thread_carries_one_name() -> None:
    addressed = (
        f"Ellen Marsh <{mail.REQUESTER_ADDRESS}>",
        "FOI requests at Wigan Metropolitan Borough Council <foi@wigan.gov.uk>",
    )
    threads = _threaded(
        ThreadInput(
            "request", message_id="<r1>", participants=addressed, authority="Wigan Metropolitan Borough Council"
        ),
        ThreadInput("ack", in_reply_to="<r1>", message_id="<a1>", authority="Wigan Council"),
        ThreadInput("reply", in_reply_to="<a1>", message_id="<p1>", authority="Wigan Council"),
        ThreadInput("transfer", in_reply_to="<p1>", authority="Bolton Council"),
        ThreadInput("other", message_id="<x1>", authority="Camden Council"),
        ThreadInput("other-ack", in_reply_to="<x1>", authority="London Borough of Camden"),
    )
    inherited = inherited_authorities(threads)
    # WhatDoTheyKnow's name of the body it addressed wins over the commoner short name; a document
    # naming another body keeps it.
    assert {key: value.name for key, value in inherited.items()} == {
        "ack": "Wigan Metropolitan Borough Council",
        "reply": "Wigan Metropolitan Borough Council",
        "other": "London Borough of Camden",
    }
    assert inherited["ack"].evidence.endswith("name Wigan Council, addressed as Wigan Metropolitan Borough Council")


def test_a_thread_that_names_two_authorities_equally_gives_none() -> None:
    threads = _threaded(
        ThreadInput("a", message_id="<r1>", authority="Leeds City Council"),
        ThreadInput("b", in_reply_to="<r1>", message_id="<b1>", authority="Kent County Council"),
        ThreadInput("c", in_reply_to="<b1>"),
    )
    assert inherited_authorities(threads) == {}


def test_with_no_named_authority_the_whatdotheyknow_addressee_gives_it() -> None:
    addressed = (
        f"John Smith <{mail.REQUESTER_ADDRESS}>",
        f"FOI requests at Leeds City Council <{mail.COUNCIL_MAILBOX}>",
    )
    threads = _threaded(
        ThreadInput("request", message_id="<r1>", participants=addressed),
        ThreadInput("ack", in_reply_to="<r1>", participants=("foi@leeds.gov.uk",)),
    )
    inherited = inherited_authorities(threads)
    assert inherited["ack"].name == inherited["request"].name == "Leeds City Council"
    assert "addressed to FOI requests at Leeds City Council" in inherited["ack"].evidence


def test_a_document_from_an_older_ledger_keeps_what_it_has() -> None:
    threads = _threaded(
        ThreadInput("old", message_id="<r1>", authority=NOT_RECORDED),
        ThreadInput("new", in_reply_to="<r1>", message_id="<n1>", authority="Leeds City Council"),
        ThreadInput("bare", in_reply_to="<n1>"),
    )
    inherited = inherited_authorities(threads)
    assert set(inherited) == {"bare"} and inherited["bare"].evidence.endswith(
        "1 of its 3 documents name Leeds City Council"
    )


def test_members_of_a_mailbox_are_not_one_request() -> None:
    ids = assign_request_ids(
        [
            ThreadInput("box", container=True),
            ThreadInput("m1", parent_id="box", message_id="<1>"),
            ThreadInput("m2", parent_id="box", message_id="<2>"),
            ThreadInput("att", parent_id="m1"),
        ]
    )
    assert ids["m1"] == ids["att"] != ids["m2"] and ids["box"] not in (ids["m1"], ids["m2"])


def test_only_changes_are_reported() -> None:
    leeds = InheritedAuthority("Leeds City Council", None, "from its request thread: ...")
    changes = changed_authorities(["a", "b", "c"], {"a": leeds, "b": leeds}, {"a": leeds.stored(), "c": "|Kent"})
    assert changes == {"b": leeds, "c": None}


def test_with_thread_authority_sets_or_clears_the_field_and_its_evidence() -> None:
    document = Document(id="d1", source_path="x.eml", evidence={"outcome": "..."})
    leeds = InheritedAuthority("Leeds City Council", None, "from its request thread: 2 of its 3 documents name it")
    given = with_thread_authority(document, leeds)
    assert (given.authority, given.evidence["authority"]) == ("Leeds City Council", leeds.evidence)
    cleared = with_thread_authority(given, None)
    assert cleared.authority is None and "authority" not in cleared.evidence and cleared.evidence["outcome"]
    # A document that named the body in other words gets its own name back when its thread stops agreeing.
    restored = with_thread_authority(given, None, ThreadInput("d1", authority="Leeds Council"))
    assert (restored.authority, restored.evidence["authority"]) == (
        "Leeds Council",
        "named in the document: Leeds Council",
    )


# --- through the real ingest pipeline ---


class _HashEncoder:
    """A tiny deterministic encoder: the pipeline's embedding step without loading a model."""

    name = "test-hash-8"
    dimension = 8

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest()[:8], dtype=np.uint8) for t in texts]
        vectors = np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension) + 1.0
        normalised: NDArray[np.float32] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        return normalised


def _eml(sender: str, to: str, subject: str, message_id: str, body: str, in_reply_to: str = "") -> str:
    reply = f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n" if in_reply_to else ""
    return (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\nDate: Mon, 1 May 2023 10:00:00 +0100\n"
        f"Message-ID: {message_id}\n{reply}MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{body}"
    )


# The advice without the council's address: these replies name no authority themselves.
ADVICE = (
    "If you are dissatisfied with the handling of your request, you have the right to ask for an internal "
    "review. If you are not content with the outcome, you may apply to the Information Commissioner for a decision."
)
REQUEST = _eml(
    f"John Smith <{mail.REQUESTER_ADDRESS}>",
    f'"FOI requests at Leeds City Council" <{mail.COUNCIL_MAILBOX}>',
    "Freedom of Information request - Pothole repairs 2022",
    "<request-1@whatdotheyknow.com>",
    "Dear Leeds City Council,\n\nPlease tell me how many potholes were reported in 2022.\n\n"
    "Yours faithfully,\n\nJohn Smith\n",
)
ACK = _eml(
    "Customer Services <foi@leeds.gov.uk>",
    mail.REQUESTER_ADDRESS,
    "RE: Freedom of Information request - Pothole repairs 2022",
    "<ack-1@leeds.gov.uk>",
    "Dear Mr Smith,\n\nThank you for your request. We will respond within 20 working days.\n\n"
    f"{ADVICE}\n\nKind regards,\n\nCustomer Services\n",
    in_reply_to="<request-1@whatdotheyknow.com>",
)
ANSWER = _eml(
    "foi@leeds.gov.uk",
    mail.REQUESTER_ADDRESS,
    "RE: Freedom of Information request - Pothole repairs 2022",
    "<answer-1@leeds.gov.uk>",
    "Dear Mr Smith,\n\nResponse: 4,312 potholes were reported in 2022.\n\n"
    f"{ADVICE}\n\nKind regards,\n\nInformation Governance Team\n",
    in_reply_to="<ack-1@leeds.gov.uk>",
)
UNRELATED = _eml(
    "someone@example.org",
    "someone.else@example.org",
    "Minutes",
    "<other-1@example.org>",
    "Dear Ann,\n\nPlease find the minutes attached.\n\nBob\n",
)


@pytest.fixture
def index(tmp_path: Path) -> Iterator[tuple[Path, Path, Settings]]:
    folder = tmp_path / "mail"
    folder.mkdir()
    yield folder, tmp_path / "index", Settings(ingest_workers=1, state_dir=tmp_path / "state")


def _ingest(folder: Path, location: Path, settings: Settings) -> None:
    with IndexForIngest(location, settings, _HashEncoder()) as ingestor:
        ingestor.run([folder])


def _document(backend: SearchBackend, path: Path) -> Document:
    return backend.document(document_id_for(path.resolve().as_posix()))


@pytest.mark.slow
def test_thread_authority_through_the_pipeline_also_when_a_message_arrives_later(
    index: tuple[Path, Path, Settings],
) -> None:
    folder, location, settings = index
    (folder / "1-request.eml").write_text(REQUEST, encoding="utf-8")
    (folder / "2-ack.eml").write_text(ACK, encoding="utf-8")
    (folder / "9-unrelated.eml").write_text(UNRELATED, encoding="utf-8")
    _ingest(folder, location, settings)
    backend = open_backend(location, settings, IndexSpec(_HashEncoder.name, _HashEncoder.dimension))
    try:
        request, ack = _document(backend, folder / "1-request.eml"), _document(backend, folder / "2-ack.eml")
        assert request.authority == "Leeds City Council" and request.request_id == ack.request_id
        assert ack.authority == "Leeds City Council"
        assert ack.evidence["authority"].startswith("from its request thread")
        assert ack.outcome == "acknowledgement"
        assert _document(backend, folder / "9-unrelated.eml").authority is None
    finally:
        backend.close()
    # The answer arrives in a later run: it joins the thread and takes its authority, incrementally.
    (folder / "3-answer.eml").write_text(ANSWER, encoding="utf-8")
    _ingest(folder, location, settings)
    backend = open_backend(location, settings, IndexSpec(_HashEncoder.name, _HashEncoder.dimension))
    try:
        answer = _document(backend, folder / "3-answer.eml")
        assert answer.request_id == _document(backend, folder / "1-request.eml").request_id
        assert (answer.authority, answer.outcome) == ("Leeds City Council", "disclosed")
        assert answer.evidence["authority"].startswith("from its request thread: 1 of its 3 documents")
        assert _document(backend, folder / "2-ack.eml").authority == "Leeds City Council"
    finally:
        backend.close()


def test_an_older_ledger_gains_the_inherited_authority_column(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / LEDGER_FILE) as db:
        db.execute(
            "CREATE TABLE threads (document_id TEXT PRIMARY KEY, path TEXT NOT NULL, thread TEXT NOT NULL, "
            "request_id TEXT)"
        )
        db.execute("INSERT INTO threads VALUES ('d1', 'a.eml', '{\"document_id\": \"d1\"}', 'req-1')")
    ledger = Ledger.open(tmp_path)
    try:
        assert ledger.inherited_authorities() == {"d1": None}
        assert ledger.threads()[0][0] == ThreadInput("d1", authority=NOT_RECORDED)
        ledger.set_inherited_authorities({"d1": "|Leeds City Council"})
        assert ledger.inherited_authorities() == {"d1": "|Leeds City Council"}
        ledger.record_threads("a.eml", [(ThreadInput("d1"), "req-1")])
        assert ledger.inherited_authorities() == {"d1": None}  # re-indexed with its own fields only
    finally:
        ledger.close()
