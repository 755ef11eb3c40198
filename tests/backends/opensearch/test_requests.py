"""The OpenSearch backend's request bodies, checked without a server: as plain data, and
against OpenSearch's published API specification (../shared/opensearch-api-spec)."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pytest
from jsonschema import ValidationError

from core.model import Chunk, Document, IndexItem
from core.settings import Settings
from search.backends.base import IndexSpec
from search.backends.opensearch import queries
from search.backends.opensearch.bulk import (
    bulk_lines,
    chunks_from_record,
    delete_actions,
    document_from_record,
    document_record,
    index_actions,
)
from search.backends.opensearch.connection import Connection, endpoint_from
from search.backends.opensearch.lock import WriterLock
from search.backends.opensearch.mappings import create_index_body
from search.errors import BackendConnectionError
from search.fusion import implied_phrase, relaxed_expression
from search.model import AllOf, AnyOf, Filters, Not, Phrase, Sort, Term
from search.query import parse_query
from tests.backends.opensearch.spec import SPEC, request_body, validate

pytestmark = pytest.mark.skipif(not SPEC.exists(), reason=f"OpenSearch API spec not found at {SPEC}")

SEARCH = request_body("_core", "search")
SPEC_384 = IndexSpec("all-MiniLM-L6-v2", 384)
ALL_FILTERS = Filters(
    authorities=("Kent Police", "HMICFRS"),
    exemptions=("s31",),
    outcomes=("refused",),
    date_from=date(2019, 1, 1),
    date_to=date(2020, 12, 31),
    doc_types=("pdf",),
    request_ids=("req-1",),
    parent_ids=("p-1",),
    path_prefix="letters/dft/",
    exclude_document_ids=("x-1",),
    collections=("public", "newsroom"),
)


def search_body_ok(body: dict[str, Any]) -> None:
    validate(body, *SEARCH)


def vector() -> list[float]:
    return [0.1] * 384


# -- the validator itself ---------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"query": {"match_phrase": {"text": {"query": "a", "bost": 2}}}},  # misspelt field
        {"query": {"bool": {"musts": [{"match_all": {}}]}}},  # misspelt clause
        {"query": {"knn": {"chunks.embedding": {"vector": [0.1], "k": 3, "filters": {"match_all": {}}}}}},
        {"query": {"nested": {"path": "chunks", "query": {"match_all": {}}, "inner_hit": {}}}},
        {"highlight": {"fields": {"text": {"fragment_sise": 10}}}},
        {"query": {"term": {"kind": "doc"}}, "aggs": {"x": {"terms": {"feild": "authority"}}}},
        {"query": {"bool": {"filter": {"term": {"kind": {"value": "doc", "boost": "high"}}}}}},  # wrong type
    ],
)
def test_the_validator_catches_misspelt_fields_and_wrong_nesting(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        search_body_ok(bad)


# -- index and mappings -----------------------------------------------------------


def test_index_body_is_valid_and_has_what_search_needs() -> None:
    body = create_index_body(SPEC_384, Settings(), "foi")
    validate(body, *request_body("indices", "indices.create"))
    properties = body["mappings"]["properties"]
    vector_field = properties["chunks"]["properties"]["embedding"]
    assert properties["chunks"]["type"] == "nested"
    assert vector_field["dimension"] == 384
    assert vector_field["method"]["space_type"] == "cosinesimil"
    assert vector_field["method"]["name"] == "hnsw" and vector_field["method"]["engine"] == "lucene"
    assert set(vector_field["method"]["parameters"]) == {"m", "ef_construction"}
    keywords = ("authority", "exemption", "exemption_top", "outcome", "doc_type", "request_id", "parent_id", "path")
    for name in (*keywords, "collection"):
        assert properties[name] == {"type": "keyword"}
    assert properties["date"]["type"] == "date"
    assert properties["text"]["fields"]["exact"]["analyzer"] == "foi_reference"
    assert body["settings"]["index"]["knn"] is True
    assert body["settings"]["index"]["refresh_interval"] == "-1"
    assert body["mappings"]["_meta"]["foi"]["dimension"] == 384
    assert body["aliases"] == {"foi": {"is_write_index": True}}


def test_faiss_engine_setting_reaches_the_mapping() -> None:
    body = create_index_body(SPEC_384, replace(Settings(), opensearch_knn_engine="faiss", opensearch_hnsw_m=32), "x")
    vector_field = body["mappings"]["properties"]["chunks"]["properties"]["embedding"]
    validate(vector_field, "schemas/_common.mapping.yaml", "/components/schemas/KnnVectorProperty")
    method = vector_field["method"]
    assert method["engine"] == "faiss" and method["parameters"]["m"] == 32


# -- bulk -------------------------------------------------------------------------


def item() -> IndexItem:
    document = Document(
        id="d1",
        source_path="letters/dft/a.pdf",
        title="Contract",
        text="Withheld under s43(2).\n\nRef FOI2018/01393.",
        authority="Department for Transport",
        exemptions=("s43(2)",),
        outcome="refused",
        response_date=date(2024, 6, 6),
        references=("FOI2018/01393",),
    )
    chunks = tuple(
        Chunk("d1", order, text, pages=(order + 1,), section="S", embedding=np.full(384, 0.5, dtype=np.float32))
        for order, text in enumerate(document.text.split("\n\n"))
    )
    return IndexItem(document, chunks)


def test_bulk_actions_replace_the_whole_document_record() -> None:
    actions = list(index_actions("foi", [item()]))
    lines = bulk_lines(actions)
    assert lines[0] == {"index": {"_index": "foi", "_id": "d1"}}
    source = lines[1]
    assert source["exemption"] == ["s43", "s43(2)"] and source["exemption_top"] == ["s43"]
    assert source["path"] == ["letters", "letters/dft", "letters/dft/a.pdf"]
    assert source["year"] == "2024" and source["date"] == "2024-06-06" and source["chunk_count"] == 2
    assert [chunk["chunk_id"] for chunk in source["chunks"]] == ["d1#0", "d1#1"]
    assert len(source["chunks"][0]["embedding"]) == 384
    deletes = bulk_lines(delete_actions("foi", ["d1", "d2"]))
    assert deletes == [{"delete": {"_index": "foi", "_id": "d1"}}, {"delete": {"_index": "foi", "_id": "d2"}}]
    validate(
        lines + deletes, "namespaces/_core.yaml", "/components/requestBodies/bulk/content/application~1x-ndjson/schema"
    )
    validate(lines[0], "schemas/_core.bulk.yaml", "/components/schemas/OperationContainer")
    with pytest.raises(ValidationError):
        validate({"indx": {"_index": "foi"}}, "schemas/_core.bulk.yaml", "/components/schemas/OperationContainer")


def test_record_round_trip() -> None:
    original = item()
    source = document_record(original.document, original.chunks)
    assert document_from_record(source) == original.document
    assert [(c.id, c.text, c.pages, c.section) for c in chunks_from_record(source)] == [
        (c.id, c.text, c.pages, c.section) for c in original.chunks
    ]


# -- queries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '"neither confirms nor denies"',
        "Kent -speeding",
        "speeding OR viability",
        "-police",
        "misconduc*",
        "FOI2018/0*",
        "covert FOI2018/01393",
        "a (b OR c) -d",
    ],
)
def test_keyword_queries_from_the_parsed_expression(text: str) -> None:
    keyword = parse_query(text).keyword
    assert keyword is not None
    query = queries.expression(keyword)
    assert query is not None
    body = queries.ranking_request(queries.documents_matching(ALL_FILTERS, query), 20, Sort.RELEVANCE)
    search_body_ok(body)
    assert "query_string" not in str(body)


def test_expression_shapes() -> None:
    phrase = queries.expression(Phrase("neither confirms"))
    assert phrase is not None
    assert phrase["bool"]["should"][0] == {"match_phrase": {"text": {"query": "neither confirms"}}}
    assert {"match_phrase": {"title": {"query": "neither confirms", "boost": 2.0}}} in phrase["bool"]["should"]
    assert queries.expression(Term("misconduc", prefix=True)) == {"prefix": {"all_words": {"value": "misconduc"}}}
    negated = queries.expression(AllOf((Term("kent"), Not(Term("speeding")))))
    assert negated is not None and set(negated["bool"]) == {"must", "must_not"}
    only_not = queries.expression(Not(Term("police")))
    assert only_not is not None and only_not["bool"]["must"] == [{"match_all": {}}]
    assert queries.expression(AnyOf((Term("!!"),))) is None
    chunk = queries.expression(Term("x", prefix=True), queries.CHUNK_FIELDS)
    assert chunk == {"prefix": {"chunks.text.words": {"value": "x"}}}


def test_filters() -> None:
    clauses, excluded = queries.filter_clauses(ALL_FILTERS)
    assert {"terms": {"authority": ["Kent Police", "HMICFRS"]}} in clauses
    assert {"terms": {"exemption": ["s31"]}} in clauses
    assert {"range": {"date": {"gte": "2019-01-01", "lte": "2020-12-31"}}} in clauses
    assert {"term": {"path": "letters/dft"}} in clauses
    assert excluded == [{"terms": {"doc_id": ["x-1"]}}, {"terms": {"duplicate": ["yes"]}}]
    assert queries.filter_clauses(Filters(duplicates=True)) == ([], [])


def test_semantic_query_puts_filters_inside_knn() -> None:
    knn = queries.semantic_query(vector(), 100, ALL_FILTERS, 3, expand_chunks=True, exclude_ids=["me"])
    inner = knn["nested"]["query"]["knn"]["chunks.embedding"]
    assert inner["k"] == 100 and inner["expand_nested_docs"] is True
    assert {"term": {"kind": "doc"}} in inner["filter"]["bool"]["filter"]  # parents only, never the chunks
    assert {"terms": {"authority": ["Kent Police", "HMICFRS"]}} in inner["filter"]["bool"]["filter"]
    assert {"ids": {"values": ["me"]}} in inner["filter"]["bool"]["must_not"]
    # Ranking reads chunk ids and scores only: snippets are made for the page's documents.
    assert knn["nested"]["inner_hits"] == queries.chunk_ids("semantic", 3)
    assert "highlight" not in str(knn)
    search_body_ok(queries.semantic_request(knn, 100))
    # With no filter given, copies of a document are still left out (the canonical one stands for them).
    plain = queries.semantic_query(vector(), 10, Filters(), 1, expand_chunks=False)
    assert plain["nested"]["query"]["knn"]["chunks.embedding"]["filter"] == {
        "bool": {"filter": [{"term": {"kind": "doc"}}], "must_not": [{"terms": {"duplicate": ["yes"]}}]}
    }
    search_body_ok(queries.semantic_request(plain, 10))
    everything = queries.semantic_query(vector(), 10, Filters(duplicates=True), 1, expand_chunks=False)
    assert "filter" not in everything["nested"]["query"]["knn"]["chunks.embedding"]


def test_hybrid_request_and_pipelines() -> None:
    keyword = queries.documents_matching(ALL_FILTERS, queries.expression(Term("police")))
    semantic = queries.semantic_query(vector(), 100, ALL_FILTERS, 1, expand_chunks=False, with_chunks=False)
    body = queries.hybrid_request(keyword, semantic, 10, 100)
    assert body["query"]["hybrid"]["queries"] == [keyword, semantic]
    search_body_ok(body)
    normalization = queries.normalization_pipeline(1.0, 3.0)
    processor = normalization["phase_results_processors"][0]["normalization-processor"]
    assert processor["normalization"] == {"technique": "min_max"}
    assert processor["combination"] == {"technique": "arithmetic_mean", "parameters": {"weights": [0.25, 0.75]}}
    pipeline_schema = request_body("search_pipeline", "search_pipeline.put")
    validate(normalization, *pipeline_schema)
    rrf = queries.rrf_pipeline(60)
    assert rrf["phase_results_processors"][0]["score-ranker-processor"]["combination"]["rank_constant"] == 60
    validate(rrf, *pipeline_schema)
    with pytest.raises(ValidationError):
        validate({"phase_results_processors": [{"normalisation-processor": {}}]}, *pipeline_schema)


@pytest.mark.parametrize("text", ["Kent withholds", "officers dismissed for misconduct", "police", "a -b c*"])
def test_keyword_layers_are_one_valid_request(text: str) -> None:
    """Exact phrase, every word, any content word: named constant-score layers over the any-word match,
    boosted far above BM25, and a count of the documents holding every word."""
    keyword = parse_query(text).keyword
    strict = queries.expression(keyword) if keyword is not None else None
    assert strict is not None
    relaxed_expr = relaxed_expression(keyword)
    relaxed = queries.expression(relaxed_expr) if relaxed_expr is not None else None
    phrase_expr = implied_phrase(keyword)
    phrase = queries.expression(phrase_expr) if phrase_expr is not None else None
    layered = queries.layered_keyword(strict, relaxed, phrase)
    assert layered["bool"]["must"] == [relaxed if relaxed is not None else strict]
    names = [clause["constant_score"]["_name"] for clause in layered["bool"]["should"]]
    assert names == ([queries.ALL_WORDS, queries.EXACT_PHRASE] if phrase else [queries.ALL_WORDS])
    body = queries.keyword_ranking_request(queries.documents_matching(ALL_FILTERS, layered), 50, Sort.RELEVANCE, strict)
    search_body_ok(body)
    assert body["aggs"] == {queries.ALL_WORDS: {"filter": strict}}
    search_body_ok(queries.next_page_request(body["query"], 50, Sort.RELEVANCE, [3.5, "doc-9"]))
    assert queries.ALL_WORDS_BOOST >= 1000 and queries.PHRASE_BOOST >= queries.ALL_WORDS_BOOST


def test_calibrated_requests_are_valid() -> None:
    leaves = [queries.expression(Term("camera")), queries.expression(Phrase("public interest")), None]
    presence = queries.leaf_presence_request(["a", "b"], leaves)
    search_body_ok(presence)
    named = [clause["bool"]["_name"] for clause in presence["query"]["bool"]["should"]]
    assert named == [queries.leaf_name(0), queries.leaf_name(1)]
    frequencies = queries.document_frequency_request([queries.stemmed_term("camera"), queries.stemmed_term("public")])
    search_body_ok(frequencies)
    assert frequencies["size"] == 0 and set(frequencies["aggs"]) == {"df-0", "df-1"}
    validate(queries.analyze_request("Public Interest"), *request_body("indices", "indices.analyze"))


def test_facets_count_documents_exactly() -> None:
    body = queries.result_set_request(queries.documents_matching(Filters()), with_facets=True)
    search_body_ok(body)
    assert body["size"] == 0 and body["track_total_hits"] is True
    assert body["aggs"]["exemption"]["terms"]["field"] == "exemption_top"
    for aggregation in body["aggs"].values():
        assert aggregation["terms"]["size"] == aggregation["terms"]["shard_size"] >= 1000


def test_highlight_page_counts_and_sorts() -> None:
    words = queries.expression(AnyOf((Phrase("public interest"),)), queries.CHUNK_FIELDS)
    page = queries.page_request(["a", "b"], words, 3, ["a#2", "a#0", "b#0"])
    search_body_ok(page)
    by_words, picked = (clause["nested"] for clause in page["query"]["bool"]["should"])
    for nested in (by_words, picked):
        highlight = nested["inner_hits"]["highlight"]
        assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
        assert highlight["fields"]["chunks.text"]["highlight_query"] == words
        assert nested["inner_hits"]["_source"] == {"excludes": ["chunks.embedding"]}
    assert picked["query"] == {"terms": {"chunks.chunk_id": ["a#2", "a#0", "b#0"]}}
    assert page["_source"] == {"excludes": ["chunks", "text"]}  # a card: chunks come as inner hits
    search_body_ok(queries.page_request(["a"], None, 3))
    search_body_ok(queries.counts_request(Filters()))
    search_body_ok(queries.documents_request(["a"]))
    for sort in Sort:
        body = queries.ranking_request(queries.documents_matching(Filters()), 10, sort)
        search_body_ok(body)
        assert body["sort"][-1] == {"doc_id": "asc"}  # a total order: stable pages


# -- connection errors ------------------------------------------------------------

SECRET = "s3cr3t-Pa55word"


def test_credentials_leave_the_url() -> None:
    endpoint = endpoint_from(f"https://admin:{SECRET}@search.example:9200/", Settings())
    assert endpoint.url == "https://search.example:9200"
    assert endpoint.user == "admin" and endpoint.password == SECRET
    assert SECRET not in repr(endpoint)
    override = endpoint_from("http://localhost:9200", replace(Settings(), opensearch_api_key="key-123456"))
    assert override.api_key == "key-123456"


def test_unreachable_cluster_fails_fast_without_leaking_secrets(caplog: pytest.LogCaptureFixture) -> None:
    settings = replace(Settings(), opensearch_password=SECRET, opensearch_api_key=f"api-{SECRET}", opensearch_retries=2)
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    with pytest.raises(BackendConnectionError) as raised:
        Connection(endpoint_from(f"http://admin:{SECRET}@127.0.0.1:9", settings), settings).check_compatible()
    assert time.monotonic() - started < 5
    message = str(raised.value)
    assert "127.0.0.1:9" in message and "FOI_OPENSEARCH_URL" in message
    assert SECRET not in message
    assert SECRET not in caplog.text
    assert all(SECRET not in repr(arg) for record in caplog.records for arg in (record.args or ()))


def test_a_lock_renewal_whose_node_went_away_is_a_connection_error_naming_the_url() -> None:
    """The node can stop between the lock's read and its write-back: the writer reports the URL, not a traceback."""
    settings = replace(Settings(), opensearch_retries=0)
    lock = WriterLock(Connection(endpoint_from("http://127.0.0.1:9", settings), settings), "foi-gone", settings)
    read_before_the_node_stopped = {"_seq_no": 3, "_primary_term": 1}
    with pytest.raises(BackendConnectionError, match=r"cannot reach OpenSearch at http://127\.0\.0\.1:9 to renew"):
        lock._write_over(read_before_the_node_stopped, "token")


def test_counts_of_a_part_of_the_index_are_one_valid_request() -> None:
    body = queries.counts_request(ALL_FILTERS)
    search_body_ok(body)
    assert {"terms": {"collection": ["public", "newsroom"]}} in body["query"]["bool"]["filter"]
    assert queries.counts_request(Filters(collections=()))["query"]["bool"]["filter"][-1] == {
        "terms": {"collection": ["-none-"]}
    }
