"""The OpenSearch backend on a real node (FOI_OPENSEARCH_URL; scripts/opensearch.sh start), beyond
the conformance suite: the search pipeline fuses as the app does, rankings agree with the embedded
backend's, deep exports, bulk item failures, and indices this version must refuse.

Tolerance against the embedded backend, and why: the result sets, totals, warnings, the keyword
layers (exact phrase, then every word, then any word) and the best document must be the same; the
order inside a layer may differ, because BM25 is not computed identically (Lucene and Tantivy
quantise field lengths differently, and OpenSearch also scores the whole-token `text.exact`
field). Term statistics are exact: the test indices have one shard, as FOI_OPENSEARCH_SHARDS=1
(the default) gives every index; with several shards OpenSearch scores each shard with its own
statistics (query_then_fetch), and small collections would rank slightly differently.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from core.embed import SentenceTransformerEncoder
from core.model import Chunk, Document, IndexItem
from core.settings import FusionMethod, FusionSettings, Settings
from search.backends.base import IndexSpec, SearchBackend
from search.backends.embedded.backend import EmbeddedBackend
from search.backends.opensearch.backend import OpenSearchBackend, delete_index
from search.client import SearchClient
from search.errors import BulkIndexingError, IndexFormatError, IndexLockedError
from search.model import Mode, Query
from search.query import parse_query
from tests.backends.conftest import require_opensearch
from tests.backends.corpus import DOCUMENTS, embedded_items

QUERIES = (
    "camera locations",
    "police officers misconduct",
    "neither confirms nor denies",
    "Kent withholds",
    "which forces refused to say where their number plate cameras are",
    "FOI2018/01393",
    "commercial interests contract",
    "police",
)


@pytest.fixture
def settings(opensearch_unavailable: str | None) -> Iterator[Settings]:
    require_opensearch(opensearch_unavailable)
    base = Settings.from_env()
    settings = replace(base, opensearch_index=f"foi-test-{uuid.uuid4().hex[:12]}", opensearch_replicas=0)
    yield settings
    delete_index(settings.opensearch_url, settings)


@pytest.fixture
def spec(encoder: SentenceTransformerEncoder) -> IndexSpec:
    return IndexSpec(encoder.name, encoder.dimension)


@pytest.fixture
def corpus(encoder: SentenceTransformerEncoder) -> list[IndexItem]:
    return embedded_items(DOCUMENTS, encoder)


@pytest.fixture
def node(settings: Settings, spec: IndexSpec, corpus: list[IndexItem]) -> Iterator[OpenSearchBackend]:
    backend = OpenSearchBackend.create(settings.opensearch_url, spec, settings)
    backend.upsert(corpus)
    yield backend
    backend.close()


@pytest.fixture
def embedded(tmp_path: Path, spec: IndexSpec, corpus: list[IndexItem]) -> Iterator[EmbeddedBackend]:
    backend = EmbeddedBackend.create(tmp_path / "index", spec, Settings())
    backend.upsert(corpus)
    yield backend
    backend.close()


def hybrid(
    encoder: SentenceTransformerEncoder, text: str, method: FusionMethod, limit: int = 10, equal_weights: bool = False
) -> Query:
    vector = encoder.encode([text])[0]
    # Equal weights: what the score-ranker (RRF) pipeline can take.
    weights = (
        {"keyword_weight": 1.0, "known_item_keyword_weight": 1.0, "long_known_item_keyword_weight": 1.0}
        if equal_weights
        else {}
    )
    fusion = FusionSettings(method=method, **weights)
    return Query(text=text, keyword=parse_query(text).keyword, vector=vector, limit=limit, fusion=fusion)


def keyword(text: str, limit: int = 50) -> Query:
    return Query(text=text, keyword=parse_query(text).keyword, mode=Mode.KEYWORD, limit=limit)


def ranked(backend: SearchBackend, query: Query) -> list[tuple[str, float]]:
    return [(hit.document.id, hit.score) for hit in backend.search(query).hits]


# -- hybrid fusion on the cluster ------------------------------------------------------


@pytest.mark.parametrize("method", [FusionMethod.MINMAX, FusionMethod.RRF])
def test_the_search_pipeline_fuses_as_the_app_does(
    node: OpenSearchBackend, settings: Settings, encoder: SentenceTransformerEncoder, method: FusionMethod
) -> None:
    """The pipeline's keyword side carries the app's layered scores (the layers lifted as
    search.fusion.layered lifts them), so min-max and RRF on the cluster give the app's order;
    fused scores differ only by float32 rounding on the node."""
    client_side = OpenSearchBackend.open(settings.opensearch_url, replace(settings, opensearch_hybrid="client"))
    try:
        for text in QUERIES:
            on_node = ranked(node, hybrid(encoder, text, method, equal_weights=True))
            in_app = ranked(client_side, hybrid(encoder, text, method, equal_weights=True))
            assert [doc for doc, _ in on_node] == [doc for doc, _ in in_app], text
            assert np.allclose([s for _, s in on_node], [s for _, s in in_app], atol=0.005), text
    finally:
        client_side.close()
    assert node._pipelines and not node._pipeline_failed  # the pipeline really ran


def test_weighted_rrf_and_calibrated_fusion_stay_in_the_app(
    node: OpenSearchBackend, encoder: SentenceTransformerEncoder
) -> None:
    # A reference number is a known item: its keyword weight differs, which the score-ranker cannot take.
    assert not node._use_pipeline(hybrid(encoder, "FOI2018/01393", FusionMethod.RRF), (2.0, 1.0))
    assert not node._use_pipeline(hybrid(encoder, "police", FusionMethod.CALIBRATED), (1.0, 1.0))
    assert node._use_pipeline(hybrid(encoder, "police", FusionMethod.MINMAX), (2.0, 1.0))


# -- agreement with the embedded backend (tolerance: see the module docstring) -------------


def test_keyword_layers_agree_with_the_embedded_backend(node: OpenSearchBackend, embedded: EmbeddedBackend) -> None:
    for text in QUERIES:
        on_node, at_home = node.search(keyword(text)), embedded.search(keyword(text))
        assert {hit.document.id for hit in on_node.hits} == {hit.document.id for hit in at_home.hits}, text
        assert on_node.total == at_home.total and on_node.warnings == at_home.warnings, text
        assert on_node.hits[0].document.id == at_home.hits[0].document.id, text
    # The layers: the letter with both words, then the two with one of them.
    assert [doc for doc, _ in ranked(node, keyword("Kent withholds"))][:1] == ["kent-anpr"]
    partial = node.search(keyword("Kent zebracrossingword"))
    assert partial.warnings and {hit.document.id for hit in partial.hits} == {"kent-anpr", "kent-speeding"}


@pytest.mark.parametrize("method", list(FusionMethod))
def test_hybrid_agrees_with_the_embedded_backend(
    node: OpenSearchBackend, embedded: EmbeddedBackend, encoder: SentenceTransformerEncoder, method: FusionMethod
) -> None:
    for text in QUERIES:
        query = hybrid(encoder, text, method, limit=20)
        on_node, at_home = node.search(query), embedded.search(query)
        assert on_node.hits[0].document.id == at_home.hits[0].document.id, text
        assert on_node.total == at_home.total, text
        assert {hit.document.id for hit in on_node.hits} == {hit.document.id for hit in at_home.hits}, text


def test_calibrated_scores_are_the_embedded_ones(
    node: OpenSearchBackend, embedded: EmbeddedBackend, encoder: SentenceTransformerEncoder
) -> None:
    """Calibrated fusion's keyword side is exact where it counts words: which of the query's words
    each document holds, and their IDF. Its BM25 part (search.fusion.calibrated_keyword_scores) is
    min-max normalised Lucene BM25 here and Tantivy BM25 there: on this corpus the fused scores
    differ by under 0.03; 0.05 is allowed."""
    for text in QUERIES:
        query = hybrid(encoder, text, FusionMethod.CALIBRATED, limit=20)
        on_node = dict(ranked(node, query))
        at_home = dict(ranked(embedded, query))
        assert on_node.keys() == at_home.keys(), text
        for doc_id, score in at_home.items():
            assert abs(on_node[doc_id] - score) <= 0.05, (text, doc_id)


def test_a_document_can_score_by_its_best_chunks(
    node: OpenSearchBackend, embedded: EmbeddedBackend, encoder: SentenceTransformerEncoder
) -> None:
    """FOI_CHUNK_AGGREGATION=sum2: the sum of a document's two closest chunks, as embedded."""
    text = "police withholding information under section 31"
    query = Query(
        text=text,
        vector=encoder.encode([text])[0],
        mode=Mode.SEMANTIC,
        limit=10,
        fusion=FusionSettings(chunk_aggregation="sum2"),
    )
    on_node, at_home = ranked(node, query), ranked(embedded, query)
    assert [doc for doc, _ in on_node] == [doc for doc, _ in at_home]
    assert np.allclose([s for _, s in on_node], [s for _, s in at_home], atol=1e-3)


# -- every match, past the result window ------------------------------------------------


def test_export_reads_every_match_past_the_result_window(
    settings: Settings, spec: IndexSpec, encoder: SentenceTransformerEncoder
) -> None:
    backend = OpenSearchBackend.create(settings.opensearch_url, spec, settings)
    vector = encoder.encode(["a letter about parking"])[0]
    items = [
        IndexItem(
            Document(id=f"p{n:02d}", source_path=f"p/{n}.txt", text=f"parking letter {n}"),
            (Chunk(f"p{n:02d}", 0, f"parking letter {n}", embedding=vector),),
        )
        for n in range(30)
    ]
    backend.upsert(items)
    # A small window stands in for OpenSearch's 10,000: every read past it must page.
    backend._client.indices.put_settings(index=settings.opensearch_index, body={"index": {"max_result_window": 7}})
    reader = OpenSearchBackend.open(settings.opensearch_url, settings)
    try:
        deep = reader.search(keyword("parking", limit=30))
        assert deep.total == 30 and len({hit.document.id for hit in deep.hits}) == 30
        client = SearchClient(reader, settings, encoder)
        for mode in ("keyword", "hybrid"):
            rows = list(client.iter_export_rows("parking", mode=mode))
            assert sorted(str(row["document_id"]) for row in rows) == [f"p{n:02d}" for n in range(30)], mode
        pages = [reader.search(replace(keyword("parking", limit=10), offset=offset)) for offset in (0, 10, 20)]
        assert [hit.document.id for page in pages for hit in page.hits] == [hit.document.id for hit in deep.hits]
    finally:
        reader.close()
        backend.close()


# -- faults ------------------------------------------------------------------------------


def test_bulk_item_errors_name_each_document_and_the_rest_is_indexed(
    settings: Settings, spec: IndexSpec, encoder: SentenceTransformerEncoder
) -> None:
    backend = OpenSearchBackend.create(settings.opensearch_url, spec, settings)
    # The node refuses a document with more chunks than this (a per-item 400 in the bulk response).
    backend._client.indices.put_settings(
        index=settings.opensearch_index, body={"index": {"mapping": {"nested_objects": {"limit": 3}}}}
    )
    vector = encoder.encode(["x"])[0]

    def item(doc_id: str, chunks: int) -> IndexItem:
        document = Document(id=doc_id, source_path=f"{doc_id}.txt", text=f"{doc_id} text")
        return IndexItem(document, tuple(Chunk(doc_id, n, f"part {n}", embedding=vector) for n in range(chunks)))

    try:
        with pytest.raises(BulkIndexingError) as raised:
            backend.upsert([item("small", 1), item("huge", 6), item("medium", 2)])
        assert set(raised.value.failures) == {"huge"}
        assert "nested" in raised.value.failures["huge"] and "HTTP 400" in raised.value.failures["huge"]
        assert "huge" in str(raised.value)
        assert sorted(hit.document.id for hit in backend.search(keyword("text")).hits) == ["medium", "small"]
    finally:
        backend.close()


def test_an_index_of_another_mapping_version_is_refused(settings: Settings, spec: IndexSpec) -> None:
    backend = OpenSearchBackend.create(settings.opensearch_url, spec, settings)
    old_meta = {"foi": {"mapping_version": 0, "embedding_model": spec.embedding_model, "dimension": spec.dimension}}
    backend._client.indices.put_mapping(index=settings.opensearch_index, body={"_meta": old_meta})
    backend.close()
    for opening in (
        lambda: OpenSearchBackend.open(settings.opensearch_url, settings),
        lambda: OpenSearchBackend.create(settings.opensearch_url, spec, settings),
    ):
        with pytest.raises(IndexFormatError, match="mapping version 0") as raised:
            opening()
        assert "FOI_OPENSEARCH_INDEX" in str(raised.value) and "foi ingest" in str(raised.value)


def test_an_index_of_another_embedding_backend_is_refused(settings: Settings, spec: IndexSpec) -> None:
    OpenSearchBackend.create(settings.opensearch_url, spec, settings).close()
    onnx = IndexSpec(f"{spec.embedding_model} (onnx int8)", spec.dimension)
    with pytest.raises(IndexFormatError, match="FOI_EMBEDDING_BACKEND") as raised:
        OpenSearchBackend.create(settings.opensearch_url, onnx, settings)
    assert "onnx int8" in str(raised.value) and "FOI_OPENSEARCH_INDEX" in str(raised.value)


# -- the writer lock ---------------------------------------------------------------------


def test_a_stale_writer_lock_is_taken_over_and_its_old_holder_stops_writing(
    settings: Settings, spec: IndexSpec, corpus: list[IndexItem]
) -> None:
    """A writer that crashed leaves its lock behind: after FOI_OPENSEARCH_LOCK_TTL_S another process
    takes it over, and the first one, if it was only slow, is refused on its next batch."""
    first = OpenSearchBackend.create(settings.opensearch_url, spec, settings)
    try:
        with pytest.raises(IndexLockedError, match="is writing to the index"):
            OpenSearchBackend.open(settings.opensearch_url, settings, writable=True)
        expired = replace(settings, opensearch_lock_ttl_s=0)
        second = OpenSearchBackend.open(settings.opensearch_url, expired, writable=True)
        try:
            with pytest.raises(IndexLockedError, match="no longer holds"):
                first.upsert(corpus[:1])
            second.upsert(corpus[:1])
            assert second.counts().documents == 1
        finally:
            second.close()
    finally:
        first.close()
