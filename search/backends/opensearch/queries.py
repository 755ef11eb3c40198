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

from core.model import normalise_path
from search.backends.opensearch.mappings import DOC, ENGLISH
from search.model import FACET_FIELDS, AllOf, AnyOf, Expr, Filters, Not, Phrase, Sort, Term
from search.pages import SNIPPET_CHARS

JSON = dict[str, Any]

# Terms aggregations sized past any facet's number of values, on every shard, so counts are exact.
FACET_SIZE = 10_000
_TITLE_BOOST = 2.0
_EXACT_BOOST = 1.5
_PREFIX_EXPANSIONS = 1_000
_WORD = re.compile(r"\w+")
# What a document read never needs back: the vectors.
SOURCE_WITHOUT_VECTORS: JSON = {"excludes": ["chunks.embedding"]}
# A result page's document: its metadata; its chunks come as inner hits, only those shown.
PAGE_SOURCE: JSON = {"excludes": ["chunks", "text"]}


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
    excluded += [{"terms": {field: list(values)}} for field, values in filters.excluded_values()]
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


# A chunk as a result page shows it: everything but its vector.
CHUNK_SOURCE: JSON = {"excludes": ["chunks.embedding"]}


def inner_hits(name: str, size: int, words_query: JSON | None) -> JSON:
    """A document's best chunks, with their text and a highlighted snippet (for a result page)."""
    return {"name": name, "size": size, "_source": CHUNK_SOURCE, "highlight": highlight(words_query)}


def chunk_ids(name: str, size: int) -> JSON:
    """A document's best chunks by id and score only (for ranking: no text, no highlighting)."""
    return {"name": name, "size": size, "_source": False, "docvalue_fields": ["chunks.chunk_id"]}


def semantic_query(
    vector: Sequence[float],
    k: int,
    filters: Filters,
    chunks_per_document: int,
    expand_chunks: bool,
    exclude_ids: Sequence[str] = (),
    with_chunks: bool = True,
) -> JSON:
    """Nested k-NN over chunk embeddings, the filters inside the knn clause so that they apply
    before the top-k cut; each document is ranked by its closest chunk, and (`with_chunks`) says
    which of its chunks are closest: their snippets come with the result page, for its documents only."""
    clauses, excluded = filter_clauses(filters)
    if exclude_ids:
        excluded.append({"ids": {"values": list(exclude_ids)}})
    knn: JSON = {"vector": [float(value) for value in vector], "k": k}
    if clauses or excluded:
        # The filter selects document records (the chunks' parents): `kind` holds only there, so an
        # exclusion alone never matches the nested chunk records themselves.
        knn_filter: JSON = {"filter": [{"term": {"kind": DOC}}, *clauses]}
        if excluded:
            knn_filter["must_not"] = excluded
        knn["filter"] = {"bool": knn_filter}
    if expand_chunks:
        # 2.19+: score every chunk of a candidate document, so several can be shown.
        knn["expand_nested_docs"] = True
    nested: JSON = {"path": "chunks", "score_mode": "max", "query": {"knn": {"chunks.embedding": knn}}}
    if with_chunks:
        nested["inner_hits"] = chunk_ids("semantic", chunks_per_document)
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


def next_page_request(query: JSON, size: int, sort: Sort, search_after: Sequence[Any]) -> JSON:
    """The next documents of a ranking after the last one read (its sort values): a ranking deeper
    than the index's max_result_window (an export of every match) is read in windows, in one snapshot."""
    return {
        "query": query,
        "size": size,
        "sort": sort_clause(sort),
        "search_after": list(search_after),
        "_source": False,
        "track_total_hits": False,
    }


# -- keyword search in layers -------------------------------------------------------
#
# As the embedded backend (search.fusion.implied_phrase, relaxed_expression, layered): documents
# holding the plain-word query as an exact phrase come first, then those holding every word, then
# (`relaxed`) those holding any content word, each layer by BM25. One request ranks all three: the
# layers are named constant-score clauses whose boosts are far above any document's BM25 score, so
# layers never interleave, and each hit says which layers it is in (`matched_queries`).

ALL_WORDS = "foi-all-words"
EXACT_PHRASE = "foi-exact-phrase"
# A document's BM25 score stays far below these (a word scores at most ~15 per field, a query has a
# few dozen words at most): the layer decides the order, BM25 only orders within a layer.
ALL_WORDS_BOOST = 1e4
PHRASE_BOOST = 2e4


def layered_keyword(
    strict: JSON,
    relaxed: JSON | None,
    phrase: JSON | None,
    all_words_boost: float = ALL_WORDS_BOOST,
    phrase_boost: float = PHRASE_BOOST,
) -> JSON:
    """Documents matching `relaxed` (or `strict` when there is no relaxed form), scored by BM25,
    plus `all_words_boost` when they match `strict` and `phrase_boost` when they hold the phrase."""
    should: list[JSON] = [{"constant_score": {"filter": strict, "boost": all_words_boost, "_name": ALL_WORDS}}]
    if phrase is not None:
        should.append({"constant_score": {"filter": phrase, "boost": phrase_boost, "_name": EXACT_PHRASE}})
    return {"bool": {"must": [relaxed if relaxed is not None else strict], "should": should}}


def keyword_ranking_request(query: JSON, size: int, sort: Sort, all_words: JSON | None) -> JSON:
    """A layered ranking; with `all_words`, also how many of its documents hold every word
    (none: "showing those that hold some of them")."""
    body = ranking_request(query, size, sort)
    if all_words is not None:
        body["aggs"] = {ALL_WORDS: {"filter": all_words}}
    return body


# -- calibrated keyword scores (search.fusion.coverage) ----------------------------------


def leaf_name(index: int) -> str:
    return f"foi-leaf-{index}"


def leaf_presence_request(document_ids: Sequence[str], leaves: Sequence[JSON | None]) -> JSON:
    """Which of the query's words and phrases each candidate document holds: every leaf is a named
    clause, and each hit's `matched_queries` lists the leaves it holds."""
    named = [
        {"bool": {"filter": [leaf], "_name": leaf_name(index)}} for index, leaf in enumerate(leaves) if leaf is not None
    ]
    return {
        "query": {"bool": {"filter": [ids_query(document_ids), {"term": {"kind": DOC}}], "should": named}},
        "size": len(document_ids),
        "_source": False,
    }


def document_frequency_request(terms: Sequence[JSON]) -> JSON:
    """The number of documents, and how many hold each term (BM25's IDF, as the embedded backend's)."""
    return {
        "query": {"term": {"kind": DOC}},
        "size": 0,
        "track_total_hits": True,
        "aggs": {f"df-{index}": {"filter": term} for index, term in enumerate(terms)},
    }


def stemmed_term(stem: str) -> JSON:
    return {"term": {"text": {"value": stem}}}


def analyze_request(text: str) -> JSON:
    """The words of `text` as the stemmed `text` field indexes them."""
    return {"analyzer": ENGLISH, "text": text}


def semantic_request(query: JSON, size: int) -> JSON:
    return {"query": query, "size": size, "_source": False, "track_total_hits": True}


def result_set_request(query: JSON, with_facets: bool) -> JSON:
    """The size of the whole result set, and its facets."""
    body: JSON = {"query": query, "size": 0, "track_total_hits": True}
    if with_facets:
        body["aggs"] = facet_aggregations()
    return body


def page_request(
    document_ids: Sequence[str],
    chunk_words: JSON | None,
    chunks_per_document: int,
    picked_chunk_ids: Sequence[str] = (),
) -> JSON:
    """The page's documents (without their text: a card, as the embedded backend's pages), each
    with the chunks that best match the words, and the chunks picked already (by meaning, or
    the first), with their text and highlighted snippets."""
    clause: JSON = {"filter": [ids_query(document_ids), {"term": {"kind": DOC}}]}
    should: list[JSON] = []
    if chunk_words is not None:
        should.append(
            {
                "nested": {
                    "path": "chunks",
                    "score_mode": "max",
                    "query": chunk_words,
                    "inner_hits": inner_hits("words", chunks_per_document, chunk_words),
                }
            }
        )
    if picked_chunk_ids:
        should.append(
            {
                "nested": {
                    "path": "chunks",
                    "score_mode": "none",
                    "query": {"terms": {"chunks.chunk_id": list(picked_chunk_ids)}},
                    "inner_hits": inner_hits("picked", chunks_per_document + 1, chunk_words),
                }
            }
        )
    if should:
        clause["should"] = should
    return {"query": {"bool": clause}, "size": len(document_ids), "_source": PAGE_SOURCE}


def documents_request(
    document_ids: Sequence[str], with_vectors: bool = False, fields: Sequence[str] | None = None
) -> JSON:
    source: Any = list(fields) if fields is not None else True if with_vectors else SOURCE_WITHOUT_VECTORS
    return {
        "query": {"bool": {"filter": [ids_query(document_ids), {"term": {"kind": DOC}}]}},
        "size": len(document_ids),
        "_source": source,
    }


def counts_request(filters: Filters) -> JSON:
    return {
        "query": documents_matching(filters),
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
