"""The OpenSearch index, as plain data: settings, analyzers, mappings, aliases.

One record per document (`kind: doc`), its chunks nested inside it with their
embeddings. Re-indexing a document replaces the whole record, chunks included,
in one Lucene block: no stale chunk can survive an update, and a document and
its chunks always appear together. Keyword search and facets work on the
document record (so facets count documents, never chunks); semantic search is
a nested k-NN query that ranks a document by its closest chunk.

Readers and writers use an alias (`foi`); the physical index behind it carries
a version (`foi-v1-20240101t120000`) so that a re-index can build a new one and
switch the alias atomically.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from core.settings import Settings
from search.backends.base import IndexSpec
from search.model import DUPLICATE_FIELD

JSON = dict[str, Any]

# 2: each document's collection, for access and a facet.
# 3: each document's round-robin campaign, and a mark on copies of another document.
MAPPING_VERSION = 3
DOC, LOCK = "doc", "lock"
# Analyzers: English stemming without stop words (a query word is never dropped, so
# `the police` still needs `police`), plain lower-cased words for prefix queries, and
# whitespace tokens with surrounding punctuation trimmed, so that `FOI2018/01393` and
# `01.FOI.22.026461` are single terms.
ENGLISH = "foi_english"
WORDS = "foi_words"
REFERENCE = "foi_reference"
# Keyword fields every filter and facet reads.
KEYWORD_FIELDS = (
    "doc_id",
    "kind",
    "authority",
    "authority_id",
    "exemption",
    "exemption_top",
    "outcome",
    "doc_type",
    "request_id",
    "parent_id",
    "path",
    "year",
    "references",
    "mime_type",
    "source_status",
    "collection",
    "campaign",
    DUPLICATE_FIELD,
)
# A document with more chunks than this cannot be indexed; OpenSearch's default is 10,000.
MAX_CHUNKS_PER_DOCUMENT = 50_000


def physical_index_name(alias: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dt%H%M%S%f")
    return f"{alias}-v{MAPPING_VERSION}-{stamp}"


def index_settings(settings: Settings) -> JSON:
    return {
        "index": {
            "number_of_shards": settings.opensearch_shards,
            "number_of_replicas": settings.opensearch_replicas,
            "knn": True,
            # Writes become visible only at the refresh that ends each batch: readers never see half a batch.
            "refresh_interval": "-1",
            "mapping": {"nested_objects": {"limit": MAX_CHUNKS_PER_DOCUMENT}},
        },
        "analysis": {
            "filter": {
                "foi_possessive": {"type": "stemmer", "language": "possessive_english"},
                "foi_stemmer": {"type": "stemmer", "language": "english"},
                "foi_trim_punctuation": {
                    "type": "pattern_replace",
                    "pattern": "^\\p{Punct}+|\\p{Punct}+$",
                    "replacement": "",
                },
                "foi_non_empty": {"type": "length", "min": 1},
            },
            "analyzer": {
                ENGLISH: {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["foi_possessive", "lowercase", "foi_stemmer"],
                },
                WORDS: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
                REFERENCE: {
                    "type": "custom",
                    "tokenizer": "whitespace",
                    "filter": ["lowercase", "foi_trim_punctuation", "foi_non_empty"],
                },
            },
        },
    }


def _text(copy_to: str | None = None) -> JSON:
    """English-stemmed text with an `exact` sub-field of whole tokens (reference numbers).

    A `copy_to` field collects unstemmed words for prefix queries at document level;
    chunk text gets a `words` sub-field for the same purpose.
    """
    subfields: JSON = {"exact": {"type": "text", "analyzer": REFERENCE}}
    field: JSON = {"type": "text", "analyzer": ENGLISH, "fields": subfields}
    if copy_to:
        field["copy_to"] = copy_to
    else:
        subfields["words"] = {"type": "text", "analyzer": WORDS}
    return field


def knn_vector(spec: IndexSpec, settings: Settings) -> JSON:
    return {
        "type": "knn_vector",
        "dimension": spec.dimension,
        "method": {
            "name": "hnsw",
            "space_type": "cosinesimil",
            "engine": settings.opensearch_knn_engine,
            "parameters": {
                "m": settings.opensearch_hnsw_m,
                "ef_construction": settings.opensearch_hnsw_ef_construction,
            },
        },
    }


def index_mappings(spec: IndexSpec, settings: Settings) -> JSON:
    properties: JSON = {name: {"type": "keyword"} for name in KEYWORD_FIELDS}
    properties.update(
        {
            "title": _text(copy_to="all_words"),
            "text": _text(copy_to="all_words"),
            "all_words": {"type": "text", "analyzer": WORDS},
            "date": {"type": "date", "format": "strict_date"},
            "chunk_count": {"type": "integer"},
            # The Document as stored, for display; never searched.
            "payload": {"type": "object", "enabled": False},
            "lock": {"type": "object", "enabled": False},
            "chunks": {
                "type": "nested",
                "properties": {
                    "chunk_id": {"type": "keyword"},
                    "order": {"type": "integer"},
                    "text": _text(),
                    "pages": {"type": "integer"},
                    "section": {"type": "keyword"},
                    "char_start": {"type": "integer"},
                    "char_end": {"type": "integer"},
                    "embedding": knn_vector(spec, settings),
                },
            },
        }
    )
    return {
        "dynamic": "strict",
        "_meta": {
            "foi": {
                "mapping_version": MAPPING_VERSION,
                "embedding_model": spec.embedding_model,
                "dimension": spec.dimension,
            }
        },
        "properties": properties,
    }


def create_index_body(spec: IndexSpec, settings: Settings, alias: str) -> JSON:
    """The body of `PUT /<physical index>`: settings, mappings and the alias readers use."""
    return {
        "settings": index_settings(settings),
        "mappings": index_mappings(spec, settings),
        "aliases": {alias: {"is_write_index": True}},
    }


def mapping_version_of(meta: JSON) -> int | None:
    """The mapping version recorded in an FOI index's `_meta` (None: not an FOI index)."""
    foi = meta.get("foi") if isinstance(meta, dict) else None
    if not isinstance(foi, dict):
        return None
    try:
        return int(foi.get("mapping_version", 0))
    except (TypeError, ValueError):
        return 0


def spec_from_mapping(meta: JSON) -> IndexSpec | None:
    """The IndexSpec recorded in an index's `_meta`, or None when it is not an FOI index."""
    foi = meta.get("foi") if isinstance(meta, dict) else None
    if not isinstance(foi, dict) or "dimension" not in foi:
        return None
    return IndexSpec(embedding_model=str(foi.get("embedding_model", "")), dimension=int(foi["dimension"]))
