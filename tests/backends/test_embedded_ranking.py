"""Ranking choices of the embedded backend measured in docs/relevance.md (not part of the
conformance contract: the OpenSearch backend fuses inside the cluster)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from ingest.embed import SentenceTransformerEncoder
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from search.model import Document, FusionSettings, IndexItem, Mode, Query
from search.query import parse_query
from search.settings import Settings
from tests.backends.corpus import chunks_of, embedded_items

# The scattered letter repeats every word of the query, so BM25 alone would rank it first;
# only the quoted letter holds the words in the user's order.
SCATTERED = Document(
    id="scattered",
    source_path="scattered.txt",
    title="Cost limit",
    text=(
        "The limit on costs is set by regulations. Costs above the limit mean we may refuse. "
        "We estimate costs against the appropriate limit and explain what would exceed it. "
        "Appropriate costs, appropriate limit: requests exceed nothing until the estimate is done."
    ),
)
QUOTED = Document(
    id="quoted",
    source_path="quoted.txt",
    title="Refusal notice",
    text=(
        "Thank you for your request about road maintenance contracts. We have estimated the time needed "
        "to locate and extract the records. The costs exceed the appropriate limit, so we are refusing it."
    ),
)


def test_keyword_and_hybrid_rank_the_exact_wording_first(tmp_path: Path, encoder: SentenceTransformerEncoder) -> None:
    backend = EmbeddedBackend.create(tmp_path / "index", IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        backend.upsert(embedded_items((SCATTERED, QUOTED), encoder))
        text = "costs exceed the appropriate limit"
        keyword = parse_query(text).keyword
        keyword_only = backend.search(Query(text=text, keyword=keyword, mode=Mode.KEYWORD))
        assert [hit.document.id for hit in keyword_only.hits] == ["quoted", "scattered"]
        hybrid = backend.search(Query(text=text, keyword=keyword, vector=encoder.encode([text])[0]))
        assert [hit.document.id for hit in hybrid.hits] == ["quoted", "scattered"]
    finally:
        backend.close()


def _unit(*values: float) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def test_chunk_aggregation_max_or_sum_of_the_best(tmp_path: Path, encoder: SentenceTransformerEncoder) -> None:
    """One very close chunk (peak) against three fairly close ones (throughout)."""
    query = _unit(1.0)
    chunk_vectors = {
        "peak": [_unit(0.95, 0.31), _unit(0.0, 1.0), _unit(0.0, 0.0, 1.0)],
        "throughout": [_unit(0.8, 0.6)] * 3,
    }
    items = []
    for name, vectors in chunk_vectors.items():
        document = Document(id=name, source_path=f"{name}.txt", text="\n\n".join(f"{name} part {n}" for n in range(3)))
        chunks = chunks_of(document)
        items.append(IndexItem(document, tuple(replace(c, embedding=v) for c, v in zip(chunks, vectors, strict=True))))
    backend = EmbeddedBackend.create(tmp_path / "index", IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        backend.upsert(items)

        def ranking(aggregation: str) -> list[str]:
            fusion = FusionSettings(chunk_aggregation=aggregation)
            result = backend.search(Query(text="q", vector=query, mode=Mode.SEMANTIC, fusion=fusion))
            return [hit.document.id for hit in result.hits]

        assert ranking("max") == ["peak", "throughout"]
        assert ranking("sum3") == ["throughout", "peak"]
    finally:
        backend.close()


def test_hybrid_reads_which_of_many_words_each_document_holds(
    tmp_path: Path, encoder: SentenceTransformerEncoder
) -> None:
    """25 documents, each holding one of the query's 25 words, equal in length and in meaning:
    each covers the query equally, so hybrid scores them alike, past the first 20 words too
    (the backend reads the words a document holds in groups of 20, one search per group)."""
    words = [f"qux{letter}o" for letter in "abcdefghijklmnopqrstuvwxy"]  # none stemmed to another
    items = []
    for word in words:
        document = Document(id=word, source_path=f"{word}.txt", text=f"filler text {word}")
        chunk = replace(chunks_of(document)[0], embedding=_unit(1.0))
        items.append(IndexItem(document, (chunk,)))
    backend = EmbeddedBackend.create(tmp_path / "index", IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        backend.upsert(items)
        text = " ".join(words)
        result = backend.search(Query(text=text, keyword=parse_query(text).keyword, vector=_unit(1.0), limit=30))
        assert sorted(hit.document.id for hit in result.hits) == words
        scores = [hit.score for hit in result.hits]
        assert max(scores) - min(scores) < 1e-6
    finally:
        backend.close()
