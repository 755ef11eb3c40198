"""Indexes for the UI tests, built once per session with the real embedding model.

- `seed_index`: the five real FOI letters of ../shared/corpus/seeds through the real pipeline.
- `foi_index`: documents written here with FOI metadata (authorities, exemptions, outcomes,
  dates, types, evidence, an email with its attachment, a request thread, a document holding
  HTML and script), so that every filter and the document view have something to show.
- `empty_index`: an index with no document.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.embed import SentenceTransformerEncoder
from core.model import Document
from core.settings import Settings
from ingest.ledger import FAILED, INDEXED, SKIPPED, Ledger, LedgerEntry
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from tests.backends.corpus import embedded_items
from tests.conftest import PROJECT, SHARED

SEEDS = SHARED / "corpus" / "seeds"
APP = PROJECT / "ui" / "app.py"
XSS_TEXT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> Path:
    """The seeds through the real ingest pipeline (the one place that builds it)."""
    from ingest.pipeline import ingest

    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not here (it comes with ../shared)")
    folder = tmp_path_factory.mktemp("seed-ui") / "index"
    backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings())
    ledger = Ledger.open(folder)
    try:
        report = ingest([SEEDS], backend, encoder, Settings(), ledger=ledger)
    finally:
        ledger.close()
        backend.close()
    assert len(report.indexed) == 5 and not report.failed
    return folder


@dataclass(frozen=True)
class MetadataIndex:
    folder: Path
    files: Path
    documents: tuple[Document, ...]

    def by_id(self, document_id: str) -> Document:
        return next(document for document in self.documents if document.id == document_id)


def _documents(files: Path) -> tuple[Document, ...]:
    def doc(doc_id: str, text: str, **metadata: object) -> Document:
        return Document(id=doc_id, source_path=str(files / f"{doc_id}.txt"), text=text, **metadata)  # type: ignore[arg-type]

    letters = (
        doc(
            "met-email",
            "From: Information Rights Unit, Metropolitan Police Service.\n\n"
            "Please find attached our response about misconduct hearings for police officers.",
            title="RE: FOI request - misconduct hearings",
            authority="Metropolitan Police Service",
            exemptions=("s40(2)",),
            outcome="partially_disclosed",
            response_date=date(2022, 3, 1),
            doc_type="email",
            request_id="req-met-misconduct",
            reference="01.FOI.22.026461",
            references=("01.FOI.22.026461",),
            evidence={"authority": "From: Information Rights Unit, Metropolitan Police Service."},
        ),
        doc(
            "met-letter",
            "The Metropolitan Police Service holds records of misconduct hearings for police officers.\n\n"
            "Names of officers are withheld under section 40(2) personal information.",
            title="Misconduct hearings 2021 response letter",
            authority="Metropolitan Police Service",
            exemptions=("s40(2)",),
            outcome="partially_disclosed",
            response_date=date(2022, 3, 1),
            doc_type="pdf",
            parent_id="met-email",
            request_id="req-met-misconduct",
            reference="01.FOI.22.026461",
            references=("01.FOI.22.026461",),
            requester="A. Journalist",
            evidence={
                "exemptions:s40(2)": "Names of officers are withheld under section 40(2) personal information.",
                "outcome": "Some of the information is withheld.",
                "response_date": "Date: 1 March 2022",
            },
        ),
        doc(
            "met-ack",
            "We acknowledge your request about misconduct hearings and will reply within 20 working days.",
            title="Acknowledgement of your request",
            authority="Metropolitan Police Service",
            outcome="acknowledgement",
            response_date=date(2022, 1, 10),
            doc_type="email",
            request_id="req-met-misconduct",
        ),
        doc(
            "kent-anpr",
            "Kent Police withholds the locations of ANPR cameras under section 31(1)(a) prevention of crime "
            "and section 31(1)(b) apprehension of offenders.\n\nThe public interest favours withholding.",
            title="ANPR camera locations",
            authority="Kent Police",
            exemptions=("s31(1)(a)", "s31(1)(b)"),
            outcome="refused",
            response_date=date(2019, 10, 11),
            doc_type="email",
        ),
        doc(
            "kent-speeding",
            "Kent Police issued 41,200 speeding fines in 2020 and 38,900 in 2021. All the information is disclosed.",
            title="Speeding fines",
            authority="Kent Police",
            outcome="disclosed",
            response_date=date(2021, 11, 9),
            doc_type="pdf",
        ),
        doc(
            "herts-ncnd",
            "Hertfordshire Constabulary neither confirms nor denies that it holds information about covert "
            "operations.\n\nSection 23(5) and section 31(3) apply.",
            title="Covert operations",
            authority="Hertfordshire Constabulary",
            exemptions=("s23(5)", "s31(3)"),
            outcome="ncnd",
            response_date=date(2018, 4, 9),
            doc_type="pdf",
        ),
        doc(
            "dft-contract",
            "The Department for Transport withholds contract pricing under section 43(2) commercial interests.",
            title="Journey time contract",
            authority="Department for Transport",
            exemptions=("s43(2)",),
            outcome="partially_disclosed",
            response_date=date(2024, 6, 6),
            doc_type="docx",
        ),
        doc(
            "ico-xss",
            f"The Information Commissioner's Office does not hold breach reports by sector.\n\n"
            f"The web form said {XSS_TEXT} and {XSS_IMG} which we show as text.",
            title=f"Breach reports {XSS_TEXT}",
            authority="Information Commissioner's Office",
            outcome="not_held",
            request_date=date(2022, 2, 14),
            doc_type="html",
            evidence={"outcome": f"does not hold {XSS_IMG}"},
        ),
    )
    councils = ("Leeds City Council", "Bristol City Council", "Kent County Council", "Surrey County Council")
    parking = tuple(
        doc(
            f"parking-{number}",
            f"{councils[number % len(councils)]} issued {1000 + number} parking penalty charge notices in "
            f"{2014 + number}. All the parking information requested is disclosed.",
            title=f"Parking penalty charge notices {2014 + number}",
            authority=councils[number % len(councils)],
            outcome="disclosed",
            response_date=date(2014 + number, 5, 1),
            doc_type="xlsx",
        )
        for number in range(1, 10)
    )
    return letters + parking


@pytest.fixture(scope="session")
def foi_index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> MetadataIndex:
    root = tmp_path_factory.mktemp("foi-ui")
    files = root / "files"
    files.mkdir()
    documents = _documents(files)
    for document in documents:
        if document.id != "met-ack":  # its original file is gone: the view must say so
            Path(document.source_path).write_text(document.text, encoding="utf-8")
    folder = root / "index"
    backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        backend.upsert(embedded_items(documents, encoder))
    finally:
        backend.close()
    ledger = Ledger.open(folder)
    try:
        ledger.record(
            [LedgerEntry(d.source_path, INDEXED, document_ids=(d.id,)) for d in documents]
            + [
                LedgerEntry(str(files / "locked.pdf"), FAILED, "the PDF is encrypted"),
                LedgerEntry(str(files / "photo.heic"), SKIPPED, "unsupported file type .heic"),
            ]
        )
    finally:
        ledger.close()
    return MetadataIndex(folder, files, documents)


@pytest.fixture(scope="session")
def empty_index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> Path:
    folder = tmp_path_factory.mktemp("empty-ui") / "index"
    EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings()).close()
    return folder


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., AppTest]]:
    """open_app(location, **query_params) -> a run AppTest of ui/app.py over that index."""

    def start(location: Path | str, **params: str | list[str]) -> AppTest:
        monkeypatch.setenv("FOI_INDEX_DIR", str(location))
        app = AppTest.from_file(str(APP), default_timeout=180)
        app.query_params.update(params)
        return app.run()

    yield start


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
