"""The Tantivy side of the embedded index: schema, analyzers and records.

One Tantivy index holds four kinds of record: a `doc` record per document
(full text, filter fields, and a light stored card: the Document without its
text, all a result list shows), a `body` record per document (the stored
Document with its text, read only when one document is opened), a `chunk`
record per chunk (chunk text and the stored Chunk), and one `meta` record
whose generation names the vector table that this commit belongs to.

Keeping the text out of the `doc` record keeps result pages cheap: Tantivy
decompresses a whole store block to read one record, and a 300-page report's
text would otherwise be read and decoded for every page of results it is on.

Phrases are indexed twice: as positions of stemmed words in `text`, and as
word pairs (`public_interest`) in `pairs`, as Elasticsearch's `index_phrases`
does. A two-word phrase is then one term lookup, and a longer one a phrase of
pairs, instead of a walk over the positions of two common words in every
document: at 10,000 documents, ~6 ms becomes ~0.3 ms for "public interest".
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from itertools import pairwise

import tantivy

from core.codes import top_level_exemption
from core.model import Chunk, Document, path_ancestors
from search.model import DUPLICATE_FIELD, DUPLICATE_MARK
from search.serialize import chunk_from_dict, chunk_to_dict, document_from_dict, document_to_dict

STEMMED = "foi_en"
WORDS = "foi_words"
PAIRS = "foi_pairs"
DOC, BODY, CHUNK, META = "doc", "body", "chunk", "meta"
# Joins the two stems of a word pair; stems never contain it (the tokenizer splits on it).
PAIR_JOIN = "_"
KEYWORD_FIELDS = (
    "authority",
    "exemption",
    "exemption_top",
    "outcome",
    "doc_type",
    "request_id",
    "parent_id",
    "path",
    "year",
    "collection",
    "campaign",
    DUPLICATE_FIELD,
)
_EPOCH = date(1970, 1, 1)


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", tokenizer_name="raw")
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    builder.add_unsigned_field("doc_no", stored=True, indexed=True, fast=True)
    builder.add_text_field("chunk_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", tokenizer_name=STEMMED)
    builder.add_text_field("title", tokenizer_name=STEMMED)
    # Unstemmed words, for prefix queries: a prefix such as `investigat*` is
    # not a prefix of the stem `investig`.
    builder.add_text_field("words", tokenizer_name=WORDS, index_option="basic")
    builder.add_text_field("pairs", tokenizer_name=PAIRS)
    for name in KEYWORD_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", fast=True)
    builder.add_date_field("date", indexed=True, fast=True)
    builder.add_unsigned_field("date_key", fast=True)
    builder.add_unsigned_field("generation", stored=True)
    builder.add_bytes_field("card", stored=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


@cache
def shared_stemmer() -> tantivy.TextAnalyzer:
    """One stemmed analyzer for indexing word pairs and highlighting (building one is not free)."""
    return stemmed_analyzer()


def stemmed_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(64))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def words_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(64))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def pairs_analyzer() -> tantivy.TextAnalyzer:
    """Word pairs arrive already stemmed and joined: split on spaces only."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def register_analyzers(index: tantivy.Index) -> None:
    """Analyzers are not persisted by Tantivy: every open must register them."""
    index.register_tokenizer(STEMMED, stemmed_analyzer())
    index.register_tokenizer(WORDS, words_analyzer())
    index.register_tokenizer(PAIRS, pairs_analyzer())


def word_pairs(stems: list[str]) -> list[str]:
    """`[public, interest, test]` -> `[public_interest, interest_test]`."""
    return [first + PAIR_JOIN + second for first, second in pairwise(stems)]


def date_key(value: date | None) -> int:
    """Days since 1970 plus one; 0 for no date, so undated documents sort last."""
    return 0 if value is None else (value - _EPOCH).days + 1


def document_record(document: Document, doc_no: int) -> tantivy.Document:
    record = _base_record(DOC, document.id, doc_no)
    record.add_text("text", document.text)
    record.add_text("words", document.title + "\n" + document.text)
    record.add_text("title", document.title)
    record.add_text("pairs", " ".join(word_pairs(shared_stemmer().analyze(document.text))))
    _add_keywords(record, document)
    if document.date is not None:
        record.add_date("date", datetime(document.date.year, document.date.month, document.date.day))
        record.add_text("year", str(document.date.year))
    record.add_unsigned("date_key", date_key(document.date))
    record.add_bytes("card", json.dumps(document_to_dict(document.without_text())).encode("utf-8"))
    return record


def body_record(document: Document, doc_no: int) -> tantivy.Document:
    record = _base_record(BODY, document.id, doc_no)
    record.add_bytes("payload", json.dumps(document_to_dict(document)).encode("utf-8"))
    return record


def _add_keywords(record: tantivy.Document, document: Document) -> None:
    for value, name in (
        (document.authority, "authority"),
        (document.outcome, "outcome"),
        (document.doc_type, "doc_type"),
        (document.request_id, "request_id"),
        (document.parent_id, "parent_id"),
        (document.collection, "collection"),
        (document.campaign_id, "campaign"),
        (DUPLICATE_MARK if document.duplicate_of else None, DUPLICATE_FIELD),
    ):
        if value:
            record.add_text(name, value)
    for level in document.exemption_levels:
        record.add_text("exemption", level)
    for top in dict.fromkeys(top_level_exemption(code) for code in document.exemptions):
        record.add_text("exemption_top", top)
    for ancestor in path_ancestors(document.source_path):
        record.add_text("path", ancestor)


def chunk_record(chunk: Chunk, doc_no: int) -> tantivy.Document:
    record = _base_record(CHUNK, chunk.document_id, doc_no)
    record.add_text("chunk_id", chunk.id)
    record.add_text("text", chunk.text)
    record.add_text("words", chunk.text)
    record.add_bytes("payload", json.dumps(chunk_to_dict(chunk)).encode("utf-8"))
    return record


def meta_record(generation: int) -> tantivy.Document:
    record = tantivy.Document()
    record.add_text("kind", META)
    record.add_unsigned("generation", generation)
    return record


def _base_record(kind: str, document_id: str, doc_no: int) -> tantivy.Document:
    record = tantivy.Document()
    record.add_text("kind", kind)
    record.add_text("doc_id", document_id)
    record.add_unsigned("doc_no", doc_no)
    return record


def stored_document(record: tantivy.Document) -> Document:
    """The whole Document, from its `body` record."""
    return document_from_dict(json.loads(_bytes(record, "payload")))


def stored_card(record: tantivy.Document) -> Document:
    """The Document without its text, from its `doc` record."""
    return document_from_dict(json.loads(_bytes(record, "card")))


def stored_chunk(record: tantivy.Document) -> Chunk:
    return chunk_from_dict(json.loads(_bytes(record, "payload")))


def _bytes(record: tantivy.Document, field_name: str) -> bytes:
    payload = record.get_first(field_name)
    if not isinstance(payload, bytes):
        raise ValueError(f"index record has no {field_name}")
    return payload
