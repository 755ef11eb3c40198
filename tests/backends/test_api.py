"""The HTTP API on each backend: keys, roles, limits, and a key that sees only its collections
(hits, totals, facets, snippets, similar documents, threads, exports, documents by id)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.access import KeyGate
from api.app import Service, create_app
from api.keys import KeyStore, Role
from core.embed import SentenceTransformerEncoder
from core.settings import Settings
from search.backends.base import SearchBackend
from search.client import SearchClient
from search.serialize import result_to_dict
from tests.backends.conftest import BackendFactory
from tests.backends.corpus import CAMPAIGN_DOCUMENTS, DOCUMENTS, embedded_items

HIDDEN = {document.id for document in DOCUMENTS if document.collection != "public"}
PUBLIC_COUNT = sum(document.collection == "public" for document in DOCUMENTS)


@dataclass
class Api:
    http: TestClient
    keys: KeyStore
    client: SearchClient
    reader: dict[str, str]  # headers of a reader of `public`
    admin: dict[str, str]  # headers of an admin of every collection


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _api(loaded: SearchBackend, encoder: SentenceTransformerEncoder, folder: Path, settings: Settings) -> Api:
    keys = KeyStore(folder)
    client = SearchClient(loaded, settings, encoder)
    app = create_app(Service(client, KeyGate(keys, settings.api_requests_per_minute), settings, folder))
    _, reader = keys.create("reader", Role.READER, ("public",))
    _, admin = keys.create("admin", Role.ADMIN, None)
    return Api(TestClient(app), keys, client, _bearer(reader), _bearer(admin))


@pytest.fixture
def api(loaded: SearchBackend, encoder: SentenceTransformerEncoder, tmp_path: Path) -> Iterator[Api]:
    made = _api(loaded, encoder, tmp_path / "state", Settings())
    yield made
    made.keys.close()


def _hits(response: object) -> set[str]:
    body = response.json()  # type: ignore[attr-defined]
    return {hit["document_id"] for hit in body["hits"]}


def test_search_answers_what_the_client_answers_within_the_keys_collections(api: Api) -> None:
    for query in ("exemption:s31", "police", ""):
        got = api.http.get("/search", params={"q": query, "mode": "keyword", "limit": 50}, headers=api.reader)
        assert got.status_code == 200, got.text
        expected = result_to_dict(api.client.restricted(("public",)).search(query, mode="keyword", limit=50))
        body = got.json()
        assert {**body, "took_ms": 0} == {**expected, "took_ms": 0}
        assert not _hits(got) & HIDDEN
    everything = api.http.get("/search", params={"q": "", "mode": "keyword", "limit": 50}, headers=api.admin)
    assert _hits(everything) >= HIDDEN


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_a_key_never_sees_another_collection(api: Api, mode: str) -> None:
    asked = {"q": "police officers misconduct hearings camera locations", "mode": mode, "limit": 50}
    found = api.http.get("/search", params=asked, headers=api.reader).json()
    assert found["hits"] and not {hit["document_id"] for hit in found["hits"]} & HIDDEN
    assert found["total"] == len(found["hits"]) <= PUBLIC_COUNT
    assert {bucket["value"] for bucket in found["facets"]["collection"]} == {"public"}
    assert "misconduct" not in json.dumps([hit["chunks"] for hit in found["hits"]]).lower()
    without_paging = {name: value for name, value in asked.items() if name != "limit"}
    assert api.http.get("/facets", params=without_paging, headers=api.reader).json() == found["facets"]
    asking_for_hidden = {**asked, "collection": ["embargo", "newsroom"]}
    assert api.http.get("/search", params=asking_for_hidden, headers=api.reader).json()["total"] == 0


def test_hidden_documents_are_not_found_by_any_route(api: Api) -> None:
    for hidden in HIDDEN:
        for route in ("", "/chunks", "/similar"):
            got = api.http.get(f"/documents/{hidden}{route}", headers=api.reader)
            assert got.status_code == 404 and got.json()["message"], (hidden, route)
    similar = api.http.get("/documents/herts-ncnd/similar", params={"limit": 50}, headers=api.reader)
    assert similar.status_code == 200 and _hits(similar) and not _hits(similar) & HIDDEN
    shown = api.http.get("/documents/kent-speeding", headers=api.reader).json()
    assert shown["document"]["collection"] == "public" and shown["thread"] == []  # kent-anpr is embargoed
    assert api.http.get("/documents/kent-anpr", headers=api.admin).json()["thread"][0]["id"] == "kent-speeding"
    exported = api.http.get("/export", params={"q": "police", "mode": "keyword"}, headers=api.reader)
    rows = [json.loads(line) for line in exported.text.splitlines()]
    assert rows and not {row["document_id"] for row in rows} & HIDDEN
    csv = api.http.get("/export", params={"q": "police", "mode": "keyword", "format": "csv"}, headers=api.reader)
    assert csv.text.splitlines()[0].startswith("document_id,") and len(csv.text.splitlines()) == len(rows) + 1
    status = api.http.get("/status", headers=api.reader).json()
    assert status["documents"] == PUBLIC_COUNT and status["collections"] == ["public"]


def test_keys_that_are_missing_malformed_unknown_wrong_or_revoked_get_401(api: Api) -> None:
    _, revoked = api.keys.create("gone", Role.READER, ("public",))
    api.keys.revoke(revoked.split("_")[1])
    good_id = api.reader["Authorization"].split("_")[1]
    for headers in (
        {},
        {"Authorization": "Basic abc"},
        _bearer("nonsense"),
        _bearer("foi_000000000000_secret"),
        _bearer(f"foi_{good_id}_wrong-secret"),
        _bearer(revoked),
    ):
        got = api.http.get("/search", params={"q": "police"}, headers=headers)
        assert got.status_code == 401 and got.headers["www-authenticate"] == "Bearer", headers
        assert "key" in got.json()["message"]
    assert api.http.get("/health").json() == {"status": "ok"}
    assert api.http.get("/ready").json() == {"status": "ready"}


def test_a_reader_may_not_read_the_ledger_and_an_admin_may(api: Api, tmp_path: Path) -> None:
    denied = api.http.get("/failures", headers=api.reader)
    assert denied.status_code == 403 and "admin" in denied.json()["message"]
    from ingest.ledger import FAILED, Ledger, LedgerEntry

    ledger = Ledger.open(tmp_path / "state")
    ledger.record([LedgerEntry("/x/broken.pdf", FAILED, "encrypted PDF (password protected)")])
    ledger.close()
    assert api.http.get("/failures", headers=api.admin).json()[0]["reason"] == "encrypted PDF (password protected)"


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"q": "x" * 60_000}, "characters long"),  # httpx refuses longer URLs; tests/api/test_serve.py sends 100 KB
        ({"q": "police", "limit": 100_000}, "limit must be between 1 and 100"),
        ({"q": "police", "limit": 0}, "limit must be between"),
        ({"q": "police", "offset": 1_000_000}, "within the first 10,000 hits"),
        ({"q": "police", "offset": -1}, "within the first"),
        ({"q": "police", "exemption": "section forty"}, "is not an exemption"),
        ({"q": "police", "mode": "telepathic"}, "mode"),
        ({"q": "police", "after": "yesterday"}, "after"),
        ({"q": "police", "collection": "Not A Name"}, "collection name"),
        ({"q": "police", "authoirty": "Kent Police"}, "unknown query parameter authoirty; /search takes after"),
    ],
)
def test_bad_parameters_get_a_400_that_says_why(api: Api, params: dict[str, object], says: str) -> None:
    got = api.http.get("/search", params=params, headers=api.reader)
    assert got.status_code == 400 and says in got.json()["message"], got.text


def test_a_key_over_its_rate_gets_429(
    loaded: SearchBackend, encoder: SentenceTransformerEncoder, tmp_path: Path
) -> None:
    limited = _api(loaded, encoder, tmp_path / "state", replace(Settings(), api_requests_per_minute=3))
    answers = [limited.http.get("/status", headers=limited.reader).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    refused = limited.http.get("/status", headers=limited.reader)
    assert refused.headers["retry-after"] == "60" and "FOI_API_REQUESTS_PER_MINUTE" in refused.json()["message"]
    assert limited.http.get("/status", headers=limited.admin).status_code == 200  # per key
    limited.keys.close()


def test_a_page_grouped_by_request_thread(api: Api) -> None:
    asked = {"q": "", "mode": "keyword", "limit": 50, "group": "request"}
    body = api.http.get("/search", params=asked, headers=api.admin).json()
    groups = body["groups"]
    assert [doc_id for group in groups for doc_id in group["document_ids"]] != []
    assert sorted(doc_id for group in groups for doc_id in group["document_ids"]) == sorted(
        hit["document_id"] for hit in body["hits"]
    )
    anpr = next(group for group in groups if group["request_id"] == "req-anpr")
    assert sorted(anpr["document_ids"]) == ["kent-anpr", "kent-speeding"]
    order = [hit["document_id"] for hit in body["hits"]]
    assert [order.index(group["document_ids"][0]) for group in groups] == sorted(
        order.index(group["document_ids"][0]) for group in groups
    )
    # A reader of `public` sees kent-speeding's thread without the embargoed letter.
    public = api.http.get("/search", params=asked, headers=api.reader).json()["groups"]
    assert {"request_id": "req-anpr", "document_ids": ["kent-speeding"]} in public
    assert "groups" not in api.http.get("/search", params={"q": "", "mode": "keyword"}, headers=api.admin).json()


@pytest.fixture
def campaign_api(open_backend: BackendFactory, encoder: SentenceTransformerEncoder, tmp_path: Path) -> Iterator[Api]:
    backend = open_backend()
    backend.upsert(embedded_items(CAMPAIGN_DOCUMENTS, encoder))
    made = _api(backend, encoder, tmp_path / "state", Settings())
    yield made
    made.keys.close()


def test_campaigns_group_a_search_and_compare_their_answers(campaign_api: Api) -> None:
    asked = {"q": '"section 60"', "mode": "keyword", "limit": 1, "group": "campaign"}
    body = campaign_api.http.get("/search", params=asked, headers=campaign_api.reader).json()
    assert [(group["campaign_id"], sorted(group["document_ids"])) for group in body["groups"]] == [
        ("cmp-stopsearch", ["rr-essex", "rr-kent"])
    ]
    compared = campaign_api.http.get("/campaigns/cmp-stopsearch", headers=campaign_api.reader)
    assert compared.status_code == 200, compared.text
    assert compared.json()["summary"] == "1 disclosed, 1 refused under s12"
    assert compared.json()["outcome_counts"] == {"disclosed": 1, "refused": 1}
    as_csv = campaign_api.http.get("/campaigns/cmp-stopsearch", params={"format": "csv"}, headers=campaign_api.reader)
    assert as_csv.headers["content-type"].startswith("text/csv") and len(as_csv.text.splitlines()) == 3
    missing = campaign_api.http.get("/campaigns/cmp-none", headers=campaign_api.reader)
    assert missing.status_code == 404 and "no campaign" in missing.json()["message"]


def test_copies_are_left_out_of_the_api_unless_asked_for(campaign_api: Api) -> None:
    asked = {"q": "stop search", "mode": "keyword", "limit": 50}
    assert "rr-kent-copy" not in _hits(campaign_api.http.get("/search", params=asked, headers=campaign_api.reader))
    with_copies = campaign_api.http.get("/search", params={**asked, "duplicates": "true"}, headers=campaign_api.reader)
    assert "rr-kent-copy" in _hits(with_copies)
    facets = campaign_api.http.get("/facets", params={"q": "stop search"}, headers=campaign_api.reader).json()
    assert facets["campaign"] == [{"value": "cmp-stopsearch", "count": 2}]
