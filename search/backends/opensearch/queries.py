"""Search requests as plain data, built from our parsed query; nothing here talks to a cluster.

The user's words reach OpenSearch only inside `match_phrase`, `prefix` and
`match_phrase_prefix` clauses built from the parsed `Expr` tree, never through
`query_string`, so no input can make a request fail to parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from search.backends.opensearch.mappings import DOC
from search.model import AllOf, AnyOf, Expr, Filters, Not, Phrase, Sort, Term, normalise_path

JSON = dict[str, Any]

SNIPPET_CHARS = 280
# Terms aggregations sized past any facet's number of values, on every shard, so counts are exact.
FACET_SIZE = 10_000
FACET_FIELDS = {"authority": "authority", "exemption": "exemption_top", "outcome": "outcome", "year": "year"}
_TITLE_BOOST = 2.0
_EXACT_BOOST = 1.5
_PREFIX_EXPANSIONS = 1_000
_WORD = re.compile(r"\w+")
# What a result page never needs back: the vectors.
SOURCE_WITHOUT_VECTORS: JSON = {"excludes": ["chunks.embedding"]}


@dataclass(frozen=True)
class Fields:
    """Where words are searched: the document record, or its nested chunks."""

    text: str
    exact: str
    words: str
    title: str | None = None


DOCUMENT_FIELDS = Fields(text="text", exact="text.exact", words="all_words", title="title")
CHUNK_FIELDS = Fields(text="chunks.text", exact="chunks.text.exact", words="chunks.text.words")


def expression(expr: Expr, fields: Fields = DOCUMENT_FIELDS) -> JSON | None:
    """The query for a parsed expression; None when it has no searchable word."""
    if isinstance(expr, Term):
        return prefix(expr.text, fields) if expr.prefix else words(expr.text, fields)
    if isinstance(expr, Phrase):
        return words(expr.text, fields)
    if isinstance(expr, Not):
        inner = expression(expr.operand, fields)
        return None if inner is None else {"bool": {"must": [{"match_all": {}}], "must_not": [inner]}}
    if isinstance(expr, AllOf):
        return _all_of(expr, fields)
    return _any_of(expr, fields)


def _all_of(expr: AllOf, fields: Fields) -> JSON | None:
    must: list[JSON] = []
    must_not: list[JSON] = []
    for operand in expr.operands:
        target, query = (
            (must_not, expression(operand.operand, fields))
            if isinstance(operand, Not)
            else (
                must,
                expression(operand, fields),
            )
        )
        if query is not None:
            target.append(query)
    if not must and not must_not:
        return None
    clause: JSON = {"must": must or [{"match_all": {}}]}
    if must_not:
        clause["must_not"] = must_not
    return {"bool": clause}


def _any_of(expr: AnyOf, fields: Fields) -> JSON | None:
    queries = [query for query in (expression(operand, fields) for operand in expr.operands) if query is not None]
    if not queries:
        return None
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def words(text: str, fields: Fields) -> JSON | None:
    """One word or several (a phrase, or `FOI2018/01393`): an exact phrase, stemmed.

    The same phrase on the whitespace-token field scores exact reference numbers higher.
    """
    if not _WORD.search(text):
        return None
    should: list[JSON] = [
        {"match_phrase": {fields.text: {"query": text}}},
        {"match_phrase": {fields.exact: {"query": text, "boost": _EXACT_BOOST}}},
    ]
    if fields.title:
        should.append({"match_phrase": {fields.title: {"query": text, "boost": _TITLE_BOOST}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def prefix(text: str, fields: Fields) -> JSON | None:
    """`misconduc*`: a prefix of an unstemmed word (`investigat*` is no prefix of the stem `investig`)."""
    tokens = _WORD.findall(text.lower())
    if not tokens:
        return None
    if len(tokens) == 1:
        return {"prefix": {fields.words: {"value": tokens[0]}}}
    # `FOI2018/0*`: the leading words exactly, the last one as a prefix.
    return {"match_phrase_prefix": {fields.words: {"query": text, "max_expansions": _PREFIX_EXPANSIONS}}}


def filter_clauses(filters: Filters) -> tuple[list[JSON], list[JSON]]:
    """(filter, must_not) clauses on document fields; within a field values are alternatives."""
    clauses: list[JSON] = []
    for field, values in filters.field_values():
        if values:
            clauses.append({"terms": {field: list(values)}})
    if filters.date_from or filters.date_to:
        bounds: JSON = {}
        if filters.date_from:
            bounds["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            bounds["lte"] = filters.date_to.isoformat()
        clauses.append({"range": {"date": bounds}})
    if filters.path_prefix:
        clauses.append({"term": {"path": normalise_path(filters.path_prefix)}})
    excluded = [{"terms": {"doc_id": list(filters.exclude_document_ids)}}] if filters.exclude_document_ids else []
    return clauses, excluded


def documents_matching(filters: Filters, keyword: JSON | None = None, extra_not: Sequence[JSON] = ()) -> JSON:
    """Document records that pass the filters (and match the keyword query, when given)."""
    clauses, excluded = filter_clauses(filters)
    clause: JSON = {"filter": [{"term": {"kind": DOC}}, *clauses]}
    if keyword is not None:
        clause["must"] = [keyword]
    if excluded or extra_not:
        clause["must_not"] = [*excluded, *extra_not]
    return {"bool": clause}


def either(first: JSON, second: JSON) -> JSON:
    return {"bool": {"should": [first, second], "minimum_should_match": 1}}


def ids_query(document_ids: Sequence[str]) -> JSON:
    return {"ids": {"values": list(document_ids)}}


def highlight(words_query: JSON | None) -> JSON:
    """Snippets of chunk text: HTML-escaped (`encoder: html`), matched words in <mark>.

    With no words (or no match) the opening of the chunk comes back, escaped just the same.
    """
    # The unified highlighter is the default; naming it trips an ambiguous `oneOf` in the published spec.
    field: JSON = {
        "number_of_fragments": 1,
        "fragment_size": SNIPPET_CHARS,
        "no_match_size": SNIPPET_CHARS,
    }
    if words_query is not None:
        field["highlight_query"] = words_query
    return {"encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"], "fields": {"chunks.text": field}}


def inner_hits(name: str, size: int, words_query: JSON | None) -> JSON:
    # Only positions, scores and snippets: the chunk texts come with the page's documents.
    return {"name": name, "size": size, "_source": False, "highlight": highlight(words_query)}


def semantic_query(
    vector: Sequence[float],
    k: int,
    filters: Filters,
    chunks_per_document: int,
    words_query: JSON | None,
    expand_chunks: bool,
    exclude_ids: Sequence[str] = (),
    with_chunks: bool = True,
) -> JSON:
    """Nested k-NN over chunk embeddings, the filters inside the knn clause so that they apply
    before the top-k cut; each document is ranked by its closest chunk."""
    clauses, excluded = filter_clauses(filters)
    if exclude_ids:
        excluded.append({"ids": {"values": list(exclude_ids)}})
    knn: JSON = {"vector": [float(value) for value in vector], "k": k}
    if clauses or excluded:
        knn_filter: JSON = {"filter": clauses} if clauses else {"must": [{"match_all": {}}]}
        if excluded:
            knn_filter["must_not"] = excluded
        knn["filter"] = {"bool": knn_filter}
    if expand_chunks:
        # 2.19+: score every chunk of a candidate document, so several can be shown.
        knn["expand_nested_docs"] = True
    nested: JSON = {"path": "chunks", "score_mode": "max", "query": {"knn": {"chunks.embedding": knn}}}
    if with_chunks:
        nested["inner_hits"] = inner_hits("semantic", chunks_per_document, words_query)
    return {"nested": nested}


def sort_clause(sort: Sort) -> list[Any]:
    """Ties broken by document id, so that pages never overlap or skip."""
    if sort is Sort.NEWEST:
        return [{"date": {"order": "desc", "missing": "_last"}}, {"doc_id": "asc"}]
    if sort is Sort.OLDEST:
        return [{"date": {"order": "asc", "missing": "_first"}}, {"doc_id": "asc"}]
    return ["_score", {"doc_id": "asc"}]


def facet_aggregations() -> JSON:
    """Document counts per facet value (one record per document: the counts are of documents)."""
    return {
        name: {"terms": {"field": field, "size": FACET_SIZE, "shard_size": FACET_SIZE}}
        for name, field in FACET_FIELDS.items()
    }


def ranking_request(query: JSON, size: int, sort: Sort) -> JSON:
    """Ids of the best documents, with scores and an exact total."""
    return {"query": query, "size": size, "sort": sort_clause(sort), "_source": False, "track_total_hits": True}


def semantic_request(query: JSON, size: int) -> JSON:
    return {"query": query, "size": size, "_source": False, "track_total_hits": True}


def result_set_request(query: JSON, with_facets: bool) -> JSON:
    """The size of the whole result set, and its facets."""
    body: JSON = {"query": query, "size": 0, "track_total_hits": True}
    if with_facets:
        body["aggs"] = facet_aggregations()
    return body


def page_request(document_ids: Sequence[str], chunk_words: JSON | None, chunks_per_document: int) -> JSON:
    """The page's documents, each with the chunks that best match the words, highlighted."""
    clause: JSON = {"filter": [ids_query(document_ids), {"term": {"kind": DOC}}]}
    if chunk_words is not None:
        clause["should"] = [
            {
                "nested": {
                    "path": "chunks",
                    "score_mode": "max",
                    "query": chunk_words,
                    "inner_hits": inner_hits("words", chunks_per_document, chunk_words),
                }
            }
        ]
    return {"query": {"bool": clause}, "size": len(document_ids), "_source": SOURCE_WITHOUT_VECTORS}


def documents_request(document_ids: Sequence[str], with_vectors: bool = False) -> JSON:
    return {
        "query": {"bool": {"filter": [ids_query(document_ids), {"term": {"kind": DOC}}]}},
        "size": len(document_ids),
        "_source": True if with_vectors else SOURCE_WITHOUT_VECTORS,
    }


def counts_request() -> JSON:
    return {
        "query": {"term": {"kind": DOC}},
        "size": 0,
        "track_total_hits": True,
        "aggs": {"chunks": {"sum": {"field": "chunk_count"}}},
    }


# -- hybrid search through a search pipeline ------------------------------------


def normalization_pipeline(keyword_weight: float, semantic_weight: float) -> JSON:
    """Min-max normalisation and a weighted arithmetic mean (OpenSearch 2.10+); the weights must sum to 1."""
    total = keyword_weight + semantic_weight
    return {
        "description": "FOI search: hybrid keyword and semantic, min-max normalised, arithmetic mean",
        "phase_results_processors": [
            {
                "normalization-processor": {
                    "normalization": {"technique": "min_max"},
                    "combination": {
                        "technique": "arithmetic_mean",
                        "parameters": {"weights": [keyword_weight / total, semantic_weight / total]},
                    },
                }
            }
        ],
    }


def rrf_pipeline(rank_constant: int) -> JSON:
    """Reciprocal rank fusion (score-ranker processor, OpenSearch 2.19+)."""
    return {
        "description": "FOI search: hybrid keyword and semantic, reciprocal rank fusion",
        "phase_results_processors": [
            {"score-ranker-processor": {"combination": {"technique": "rrf", "rank_constant": rank_constant}}}
        ],
    }


def hybrid_request(keyword_query: JSON, semantic: JSON, size: int, pagination_depth: int | None) -> JSON:
    """One hybrid query; the search pipeline named in the request fuses its two result lists."""
    hybrid: JSON = {"queries": [keyword_query, semantic]}
    if pagination_depth is not None:
        hybrid["pagination_depth"] = pagination_depth
    return {"query": {"hybrid": hybrid}, "size": size, "_source": False, "track_total_hits": True}
