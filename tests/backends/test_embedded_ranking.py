"""Ranking choices of the embedded backend measured in docs/relevance.md (not part of the
conformance contract: the OpenSearch backend fuses inside the cluster)."""

from __future__ import annotations

from pathlib import Path

from ingest.embed import SentenceTransformerEncoder
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from search.model import Document, Mode, Query
from search.query import parse_query
from search.settings import Settings
from tests.backends.corpus import embedded_items

# The scattered letter repeats every word of the query, so BM25 ranks it first; only the
# quoted letter holds the words in the user's order.
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


def test_hybrid_ranks_the_exact_wording_first(tmp_path: Path, encoder: SentenceTransformerEncoder) -> None:
    backend = EmbeddedBackend.create(tmp_path / "index", IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        backend.upsert(embedded_items((SCATTERED, QUOTED), encoder))
        text = "costs exceed the appropriate limit"
        keyword = parse_query(text).keyword
        keyword_only = backend.search(Query(text=text, keyword=keyword, mode=Mode.KEYWORD))
        assert [hit.document.id for hit in keyword_only.hits] == ["scattered", "quoted"]
        hybrid = backend.search(Query(text=text, keyword=keyword, vector=encoder.encode([text])[0]))
        assert [hit.document.id for hit in hybrid.hits] == ["quoted", "scattered"]
    finally:
        backend.close()

