"""`foi show` over a small embedded index of the real seed documents, with FOI metadata from `analyse`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from core.embed import SentenceTransformerEncoder
from core.model import Chunk, Document, IndexItem, document_id_for
from core.settings import Settings
from ingest.foi import FoiInput, ThreadInput, analyse, assign_request_ids
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from tests.conftest import SHARED

SEEDS = SHARED / "corpus" / "seeds"
HERTS = "seeds/003_f02dea5e3ddfe3ae.txt"
HMICFRS = "seeds/000_8f544fe7ceca3c75.txt"


def _document(name: str, text: str, parent_id: str | None = None, member: str | None = None) -> Document:
    document = Document(
        id=document_id_for(name, member),
        source_path=name,
        member_path=member,
        parent_id=parent_id,
        title=text.strip().splitlines()[0][:80],
        text=text,
    )
    return analyse(FoiInput(text=text)).apply(document)


def _item(document: Document, encoder: SentenceTransformerEncoder) -> IndexItem:
    paragraphs = [p for p in document.text.split("\n\n") if p.strip()][:20]
    vectors = encoder.encode(paragraphs)
    chunks = tuple(
        Chunk(document.id, order, text, embedding=vector)
        for order, (text, vector) in enumerate(zip(paragraphs, vectors, strict=True))
    )
    return IndexItem(document, chunks)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not here (it comes with ../shared)")
    herts = _document(HERTS, (SHARED / "corpus" / HERTS).read_text(encoding="utf-8"))
    letter_text = (SHARED / "corpus" / HMICFRS).read_text(encoding="utf-8")
    email = _document(
        "mail/hmicfrs.eml", "Dear J Roberts\n\nPlease find attached a letter in response to your FOI request.\n"
    )
    attachment = _document(
        "mail/hmicfrs.eml", letter_text, parent_id=email.id, member="FOI 2019-26 response letter.pdf"
    )
    documents = [herts, email, attachment]
    request_ids = assign_request_ids(
        [
            ThreadInput(d.id, parent_id=d.parent_id, reference=d.reference, authority_id=d.authority_id)
            for d in documents
        ]
    )
    documents = [replace(d, request_id=request_ids[d.id]) for d in documents]
    folder = tmp_path_factory.mktemp("foi-show") / "index"
    backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings())
    backend.upsert([_item(d, encoder) for d in documents])
    backend.close()
    return folder


@pytest.mark.slow
def test_show_by_source_path_prints_fields_with_evidence(index: Path) -> None:
    result = CliRunner().invoke(main, ["show", "--index", str(index), HERTS])
    assert result.exit_code == 0, result.output
    for expected in (
        "Hertfordshire Constabulary",
        "FOI2018/01393",
        "s23(5)",
        "Section 23(5) Security Bodies",
        "ncnd",
        "neither confirms nor denies",
        "2018-04-09",
        "2018-03-13",
    ):
        assert expected in result.output
    assert "Bedfordshire" not in result.output.split("evidence")[0]


@pytest.mark.slow
def test_show_json_by_id_has_the_issue_fields_and_attachments(index: Path) -> None:
    email_id = document_id_for("mail/hmicfrs.eml")
    result = CliRunner().invoke(main, ["show", "--index", str(index), "--json", email_id])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for field in (
        "authority",
        "references",
        "request_date",
        "response_date",
        "requester",
        "exemptions",
        "outcome",
        "source_status",
        "request_id",
        "parent_id",
        "attachments",
        "evidence",
    ):
        assert field in data
    assert data["requester"] == "J Roberts"
    [attachment] = data["attachments"]
    assert attachment["member_path"] == "FOI 2019-26 response letter.pdf"
    letter = json.loads(CliRunner().invoke(main, ["show", "--index", str(index), "--json", attachment["id"]]).output)
    assert letter["parent_id"] == email_id
    assert letter["request_id"] == data["request_id"]
    assert {"s22", "s31(1)(a)"} <= set(letter["exemptions"])
    assert letter["outcome"] == "partially_disclosed"
    assert "section 31(1)(a)" in letter["evidence"]["exemptions:s31(1)(a)"]


@pytest.mark.slow
def test_show_an_unknown_document_is_a_clear_error(index: Path) -> None:
    result = CliRunner().invoke(main, ["show", "--index", str(index), "nowhere/letter.pdf"])
    assert result.exit_code != 0
    assert "no document with id or source path 'nowhere/letter.pdf'" in result.output
