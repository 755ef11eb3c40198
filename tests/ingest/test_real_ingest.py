"""The real ingest path over real files: gold.json's fields come out of the
seeds, the text PDF, the scanned PDF and the email with its attachment; and
search finds text from PDFs, DOCX, spreadsheets, web pages, emails and their
attachments of the sample corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.embed import SentenceTransformerEncoder
from core.model import Document
from core.settings import Settings
from ingest.pipeline import IndexForIngest, IngestReport
from search.client import SearchClient
from search.model import Filters, Mode
from tests.conftest import PROJECT, SHARED
from tests.foi.gold import check_gold, gold_path, load_gold

pytestmark = pytest.mark.slow
GOLD = load_gold()


@pytest.fixture(scope="module")
def ingested(
    tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder
) -> Iterator[tuple[SearchClient, IngestReport]]:
    index = tmp_path_factory.mktemp("real") / "index"
    settings = Settings.from_env()
    paths = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "derived", PROJECT / "sample_corpus"]
    with IndexForIngest(index, settings, encoder) as ingestor:
        report = ingestor.run(paths)
    client = SearchClient.open(index, settings, encoder)
    yield client, report
    client.close()


def _by_path(client: SearchClient, path: Path) -> Document:
    everything = Filters(path_prefix=path.resolve().as_posix(), duplicates=True)  # copies too (the derived forms)
    documents = [d for d in client.browse(everything) if d.member_path is None]
    assert len(documents) == 1, f"{path}: {len(documents)} top-level documents"
    return client.document(documents[0].id)


def test_every_input_is_indexed(ingested: tuple[SearchClient, IngestReport]) -> None:
    _, report = ingested
    assert report.failed == [] and report.skipped == [] and report.member_problems == []
    assert len(report.indexed) == 5 + 3 + len(list((PROJECT / "sample_corpus").iterdir()))


@pytest.mark.parametrize("name", sorted(GOLD))
def test_gold_fields_through_the_real_ingest_path(ingested: tuple[SearchClient, IngestReport], name: str) -> None:
    client, _ = ingested
    entry: dict[str, Any] = GOLD[name]
    document = _by_path(client, gold_path(name))
    assert check_gold(entry, document) == []
    if "attachment" in entry:
        wanted = entry["attachment"]
        children = client.attachments(document.id)
        match = [child for child in children if child.member_path == wanted["filename"]]
        assert match, f"attachment {wanted['filename']} not among {[c.member_path for c in children]}"
        attachment = client.document(match[0].id)
        assert attachment.parent_id == document.id
        assert attachment.request_id == document.request_id is not None
        assert check_gold(wanted, attachment) == []


@pytest.mark.parametrize(
    ("query", "file_name", "member"),
    [
        ("covert surveillance neither confirm nor deny", "gmp-covert-surveillance-ncnd.pdf", None),
        ("misconduct dismissals", "west-yorkshire-police-misconduct-dismissals.pdf", None),
        ("journey time contract commercial interests", "dft-journey-time-contract-commercial.docx", None),
        ("Border Force internal review", "home-office-border-force-internal-review.html", None),
        ("speeding fines", "kent-police-speeding-fines.eml", None),
    ],
)
def test_search_finds_text_of_every_format(
    ingested: tuple[SearchClient, IngestReport], query: str, file_name: str, member: str | None
) -> None:
    client, _ = ingested
    result = client.search(query, mode=Mode.KEYWORD, limit=10)
    names = [Path(hit.document.source_path).name for hit in result.hits]
    assert file_name in names, f"{query!r} -> {names}"


def test_search_finds_an_email_attachment_as_its_own_document(ingested: tuple[SearchClient, IngestReport]) -> None:
    client, _ = ingested
    email = _by_path(client, PROJECT / "sample_corpus" / "kent-police-speeding-fines.eml")
    attachments = client.attachments(email.id)
    assert [a.member_path for a in attachments] == ["FOI 2021-114 response.pdf"]
    assert attachments[0].doc_type == "pdf" and attachments[0].request_id == email.request_id
    result = client.search("fixed penalty notices for speeding", mode=Mode.KEYWORD, limit=20)
    assert attachments[0].id in {hit.document.id for hit in result.hits}
