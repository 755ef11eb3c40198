"""Relevance in the conformance suite: the tuned ranking choices of docs/relevance.md hold on every
backend, and each ranking setting that a query carries changes the order on every backend alike."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from core.embed import SentenceTransformerEncoder
from core.model import Document, IndexItem
from core.settings import FusionSettings
from search.backends.base import SearchBackend
from search.model import Mode, Query
from search.query import parse_query
from tests.backends.conftest import BackendFactory
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
# A short known-item query, and a sentence that one letter also holds in full.
SHORT = "zorbic flange quota"
SENTENCE = "zorbic flange quota figures for every depot and garage across the county in each financial year"


def unit(*values: float) -> np.ndarray:
    vector = np.zeros(384, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


def upserted(open_backend: BackendFactory, items: list[IndexItem]) -> SearchBackend:
    backend = open_backend()
    backend.upsert(items)
    return backend


def with_vectors(document: Document, vectors: list[np.ndarray]) -> IndexItem:
    chunks = chunks_of(document)
    assert len(chunks) == len(vectors)
    return IndexItem(document, tuple(replace(c, embedding=v) for c, v in zip(chunks, vectors, strict=True)))


def ids(backend: SearchBackend, query: Query) -> list[str]:
    return [hit.document.id for hit in backend.search(query).hits]


def test_keyword_and_hybrid_rank_the_exact_wording_first(
    open_backend: BackendFactory, encoder: SentenceTransformerEncoder
) -> None:
    backend = upserted(open_backend, embedded_items((SCATTERED, QUOTED), encoder))
    text = "costs exceed the appropriate limit"
    keyword = parse_query(text).keyword
    assert ids(backend, Query(text=text, keyword=keyword, mode=Mode.KEYWORD)) == ["quoted", "scattered"]
    assert ids(backend, Query(text=text, keyword=keyword, vector=encoder.encode([text])[0])) == ["quoted", "scattered"]


def test_chunk_aggregation_max_or_sum_of_the_best(open_backend: BackendFactory) -> None:
    """One very close chunk (peak) against three fairly close ones (throughout)."""
    chunk_vectors = {
        "peak": [unit(0.95, 0.31), unit(0.0, 1.0), unit(0.0, 0.0, 1.0)],
        "throughout": [unit(0.8, 0.6)] * 3,
    }
    items = [
        with_vectors(
            Document(id=name, source_path=f"{name}.txt", text="\n\n".join(f"{name} part {n}" for n in range(3))),
            vectors,
        )
        for name, vectors in chunk_vectors.items()
    ]
    backend = upserted(open_backend, items)

    def ranking(aggregation: str) -> list[str]:
        fusion = FusionSettings(chunk_aggregation=aggregation)
        return ids(backend, Query(text="q", vector=unit(1.0), mode=Mode.SEMANTIC, fusion=fusion))

    assert ranking("max") == ["peak", "throughout"]
    assert ranking("sum3") == ["throughout", "peak"]


@pytest.fixture
def words_or_meaning(open_backend: BackendFactory) -> SearchBackend:
    """`words` holds the queries' words but means something else; `meaning` is the queries'
    vector but holds none of their words: which comes first is the fusion weights' choice."""
    words = Document(id="words", source_path="words.txt", text=f"Depot report. {SENTENCE}.")
    meaning = Document(id="meaning", source_path="meaning.txt", text="Vehicle parts allocation at each site.")
    return upserted(open_backend, [with_vectors(words, [unit(0.0, 1.0)]), with_vectors(meaning, [unit(1.0)])])


def hybrid(text: str, **fusion: float) -> Query:
    return Query(text=text, keyword=parse_query(text).keyword, vector=unit(1.0), fusion=FusionSettings(**fusion))


@pytest.mark.parametrize("text", [SHORT, SENTENCE])
def test_the_keyword_weights_decide_between_the_words_and_the_meaning(
    words_or_meaning: SearchBackend, text: str
) -> None:
    # Every word found in one document: a known item, by the known-item weights.
    lean_on_words = {"keyword_weight": 0.25, "known_item_keyword_weight": 4.0, "long_known_item_keyword_weight": 4.0}
    lean_on_meaning = {"keyword_weight": 4.0, "known_item_keyword_weight": 0.25, "long_known_item_keyword_weight": 0.25}
    assert ids(words_or_meaning, hybrid(text, **lean_on_words)) == ["words", "meaning"]
    assert ids(words_or_meaning, hybrid(text, **lean_on_meaning)) == ["meaning", "words"]


def test_a_sentence_held_in_full_takes_the_long_known_item_weight(words_or_meaning: SearchBackend) -> None:
    weights = {"known_item_keyword_weight": 4.0, "long_known_item_keyword_weight": 0.25}
    assert ids(words_or_meaning, hybrid(SHORT, **weights)) == ["words", "meaning"]
    assert ids(words_or_meaning, hybrid(SENTENCE, **weights)) == ["meaning", "words"]


def test_hybrid_reads_which_of_many_words_each_document_holds(
    open_backend: BackendFactory,
) -> None:
    """25 documents, each holding one of the query's 25 words, equal in length and in meaning:
    each covers the query equally, so hybrid scores them alike, past the first 20 words too
    (the embedded backend reads the words a document holds in groups of 20, one search per group)."""
    words = [f"qux{letter}o" for letter in "abcdefghijklmnopqrstuvwxy"]  # none stemmed to another
    items = []
    for word in words:
        document = Document(id=word, source_path=f"{word}.txt", text=f"filler text {word}")
        chunk = replace(chunks_of(document)[0], embedding=unit(1.0))
        items.append(IndexItem(document, (chunk,)))
    backend = upserted(open_backend, items)
    text = " ".join(words)
    result = backend.search(Query(text=text, keyword=parse_query(text).keyword, vector=unit(1.0), limit=30))
    assert sorted(hit.document.id for hit in result.hits) == words
    scores = [hit.score for hit in result.hits]
    assert max(scores) - min(scores) < 1e-6
