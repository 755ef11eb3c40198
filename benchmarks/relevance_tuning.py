"""Relevance tuning: hybrid-search variants measured on one index and one judged query set.

    .venv/bin/python benchmarks/obliqa_convert.py ../shared/eval/obliqa /tmp/obliqa
    foi ingest /tmp/obliqa/corpus --index /tmp/obliqa/index
    .venv/bin/python benchmarks/relevance_tuning.py --index /tmp/obliqa/index \\
        --queries /tmp/obliqa/queries.jsonl --vectors /tmp/obliqa/query-vectors.npz --experiments fusion

Every variant runs the same queries through SearchClient with different Settings;
query embeddings are computed once and cached (--vectors), so fusion and
candidate-depth experiments need no model time. Prints one table per query kind
(nDCG@10, recall@10, recall@100, MRR@10, search p50/p95 without embedding) and,
with --json, writes every figure to a file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import fields, replace
from pathlib import Path
from time import perf_counter

import numpy as np
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Table

from core.embed import Encoder, make_encoder
from core.model import Document
from core.settings import Settings
from search.backends.embedded.backend import EmbeddedBackend
from search.client import SearchClient
from search.evaluation.queries import EvalQuery, read_queries
from search.evaluation.report import summary_to_dict
from search.evaluation.runner import ModeSummary, evaluate
from search.model import DocumentHit, Filters, IndexCounts, Mode, Result, Timings
from search.query import parse_query

Variant = tuple[str, Mode, dict[str, object]]

BASELINES: list[Variant] = [
    ("keyword", Mode.KEYWORD, {}),
    ("semantic", Mode.SEMANTIC, {}),
]
# The naive system: BM25 over the query's words OR-ed (no layers), kNN, and RRF k=60.
NAIVE = "naive"
NAIVE_VARIANTS: list[Variant] = [
    ("naive BM25 (words OR-ed)", Mode.KEYWORD, {NAIVE: True}),
    (
        "naive RRF(BM25 OR, kNN)",
        Mode.HYBRID,
        {
            NAIVE: True,
            "fusion": "rrf",
            "hybrid_keyword_match": "all",
            "keyword_weight": 1.0,
            "known_item_keyword_weight": 1.0,
            "long_known_item_keyword_weight": 1.0,
        },
    ),
]
_ANY_MINMAX: dict[str, object] = {"hybrid_keyword_match": "any", "fusion": "minmax", "keyword_weight": 1.0}
# The default before calibrated fusion (2026-12-01).
_OLD_DEFAULT: dict[str, object] = {
    "fusion": "minmax",
    "keyword_weight": 1.0,
    "known_item_keyword_weight": 2.0,
    "long_known_item_keyword_weight": 2.0,
}


def _depth(candidates: int) -> dict[str, object]:
    return {"keyword_candidates": candidates, "semantic_candidates": candidates}


EXPERIMENTS: dict[str, list[Variant]] = {
    "baseline": BASELINES,
    "naive": NAIVE_VARIANTS,
    "default": [("default (settings as shipped)", Mode.HYBRID, {})],
    "aggregation": [
        ("semantic, chunk sum2", Mode.SEMANTIC, {"chunk_aggregation": "sum2"}),
        ("semantic, chunk sum3", Mode.SEMANTIC, {"chunk_aggregation": "sum3"}),
        ("default, chunk sum2", Mode.HYBRID, {"chunk_aggregation": "sum2"}),
        ("default, chunk sum3", Mode.HYBRID, {"chunk_aggregation": "sum3"}),
    ],
    "any": [
        ("any rrf k=60 1:1", Mode.HYBRID, {"hybrid_keyword_match": "any", "fusion": "rrf", "keyword_weight": 1.0}),
        ("any rrf k=60 kw0.5", Mode.HYBRID, {"hybrid_keyword_match": "any", "fusion": "rrf", "keyword_weight": 0.5}),
        ("any minmax 1:1", Mode.HYBRID, _ANY_MINMAX),
        ("any minmax kw0.5", Mode.HYBRID, {"hybrid_keyword_match": "any", "fusion": "minmax", "keyword_weight": 0.5}),
        ("any minmax kw0.3", Mode.HYBRID, {"hybrid_keyword_match": "any", "fusion": "minmax", "keyword_weight": 0.3}),
    ],
    "layered": [
        ("any minmax 1:1 ki1", Mode.HYBRID, {**_ANY_MINMAX, "known_item_keyword_weight": 1.0}),
        ("any minmax 1:1 ki2", Mode.HYBRID, {**_ANY_MINMAX, "known_item_keyword_weight": 2.0}),
        ("any minmax 1:1 ki3", Mode.HYBRID, {**_ANY_MINMAX, "known_item_keyword_weight": 3.0}),
        ("any minmax kw0.5 ki3", Mode.HYBRID, {**_ANY_MINMAX, "keyword_weight": 0.5, "known_item_keyword_weight": 3.0}),
        ("any rrf k=60 1:1 ki3", Mode.HYBRID, {**_ANY_MINMAX, "fusion": "rrf", "known_item_keyword_weight": 3.0}),
    ],
    "known_item_weight": [
        (f"any minmax 1:1 ki{w}", Mode.HYBRID, {**_ANY_MINMAX, "known_item_keyword_weight": float(w)}) for w in (5, 10)
    ],
    "depth": [
        (f"any minmax ki3 cand {n}", Mode.HYBRID, {**_ANY_MINMAX, "known_item_keyword_weight": 3.0, **_depth(n)})
        for n in (20, 50, 200)
    ],
    "ann": [
        ("any minmax ki3 HNSW", Mode.HYBRID, {**_ANY_MINMAX, "known_item_keyword_weight": 3.0, "ann_threshold": 1}),
        ("semantic HNSW", Mode.SEMANTIC, {"ann_threshold": 1}),
    ],
    "calibrated": [
        ("minmax 1:1 ki2 (old default)", Mode.HYBRID, _OLD_DEFAULT),
        ("rrf k=60 1:1 ki2", Mode.HYBRID, {**_OLD_DEFAULT, "fusion": "rrf"}),
        *(
            (
                f"calibrated kw{kw} ki{ki}",
                Mode.HYBRID,
                {
                    "fusion": "calibrated",
                    "keyword_weight": kw,
                    "known_item_keyword_weight": ki,
                    "long_known_item_keyword_weight": ki,
                },
            )
            for kw, ki in ((0.5, 1.0), (1.0, 1.0), (1.0, 2.0), (1.5, 1.5), (1.5, 3.0), (2.0, 2.0))
        ),
    ],
    "cal2": [
        *(
            (
                f"calibrated kw{kw} ki{ki}",
                Mode.HYBRID,
                {
                    "fusion": "calibrated",
                    "keyword_weight": kw,
                    "known_item_keyword_weight": ki,
                    "long_known_item_keyword_weight": ki,
                },
            )
            for kw, ki in ((1.0, 3.0), (1.5, 3.0), (1.0, 4.0), (1.5, 4.0), (2.0, 4.0))
        ),
    ],
    # A short known-item query (a handful of remembered words) against a sentence that some document
    # holds in full: the short one's keyword weight, the long one's kept at 4 (2026-12-06).
    "known_item_length": [
        (
            f"calibrated kw2 ki{short} long ki{long}",
            Mode.HYBRID,
            {"known_item_keyword_weight": float(short), "long_known_item_keyword_weight": float(long)},
        )
        for short, long in ((4, 4), (8, 4), (12, 4), (16, 4), (12, 2), (12, 8))
    ],
    "fusion": [
        ("rrf k=60 1:1", Mode.HYBRID, {"fusion": "rrf", "rrf_k": 60, "keyword_weight": 1.0}),
        ("rrf k=10 1:1", Mode.HYBRID, {"fusion": "rrf", "rrf_k": 10, "keyword_weight": 1.0}),
        ("rrf k=100 1:1", Mode.HYBRID, {"fusion": "rrf", "rrf_k": 100, "keyword_weight": 1.0}),
        ("rrf k=60 kw0.5", Mode.HYBRID, {"fusion": "rrf", "rrf_k": 60, "keyword_weight": 0.5}),
        ("rrf k=60 kw0.3", Mode.HYBRID, {"fusion": "rrf", "rrf_k": 60, "keyword_weight": 0.3}),
        ("minmax 1:1", Mode.HYBRID, {"fusion": "minmax", "keyword_weight": 1.0}),
        ("minmax kw0.5", Mode.HYBRID, {"fusion": "minmax", "keyword_weight": 0.5}),
        ("minmax kw0.3", Mode.HYBRID, {"fusion": "minmax", "keyword_weight": 0.3}),
    ],
}


class RankOnlyClient:
    """SearchClient's ranking without building the result page (documents, chunks,
    snippets), which the metrics do not need: about 10x faster on this machine.
    It reaches into the embedded backend (`_view`, `_rank`); --full uses the public
    path instead, and `foi eval` always does."""

    def __init__(self, client: SearchClient, or_words: bool = False) -> None:
        self._client = client
        self._paths: dict[int, str] = {}
        self._or_words = or_words

    def counts(self) -> IndexCounts:
        return self._client.counts()

    def browse(self, filters: Filters, limit: int = 100) -> list[Document]:
        return self._client.browse(filters, limit)

    def search(self, text: str, **options: object) -> Result:
        started = perf_counter()
        if self._or_words:
            text = " OR ".join(text.split())
        query = self._client.build_query(text, **options)  # type: ignore[arg-type]
        embed_ms = (perf_counter() - started) * 1000
        backend = self._client.backend
        view = backend._snapshots.current()  # type: ignore[attr-defined]
        ranking, _ = backend._rank(view, query)  # type: ignore[attr-defined]
        page = [
            (int(entry.document_id), entry.score)
            for entry in ranking.entries[query.offset : query.offset + query.limit]
        ]
        missing = [doc_no for doc_no, _ in page if doc_no not in self._paths]
        if missing:
            found = backend._records.documents_by_no(view.searcher, missing, {})  # type: ignore[attr-defined]
            self._paths.update({no: document.source_path for no, document in found.items()})
        hits = tuple(
            DocumentHit(Document(id=str(doc_no), source_path=self._paths[doc_no]), score, ()) for doc_no, score in page
        )
        total_ms = (perf_counter() - started) * 1000
        return Result(hits=hits, total=len(ranking.entries), timings=Timings(total_ms=total_ms, embed_ms=embed_ms))


class CachedQueryEncoder:
    """Query embeddings computed once per text and kept in an .npz file."""

    def __init__(self, encoder: Encoder, path: Path | None) -> None:
        self._encoder = encoder
        self._path = path
        self._vectors: dict[str, NDArray[np.float32]] = {}
        if path is not None and path.exists():
            with np.load(path, allow_pickle=False) as data:
                self._vectors = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))

    @property
    def name(self) -> str:
        return self._encoder.name

    @property
    def dimension(self) -> int:
        return self._encoder.dimension

    def encode(self, texts: list[str]) -> NDArray[np.float32]:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._encoder.encode(missing), strict=True))
        return np.stack([self._vectors[text] for text in texts]).astype(np.float32)

    def warm(self, texts: Sequence[str]) -> None:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        for start in range(0, len(missing), 256):
            self.encode(missing[start : start + 256])
        if missing and self._path is not None:
            texts_array = np.array(list(self._vectors), dtype=str)
            np.savez(self._path, texts=texts_array, vectors=np.stack(list(self._vectors.values())))


def run_variants(
    index: Path,
    queries: list[EvalQuery],
    variants: list[Variant],
    encoder: CachedQueryEncoder,
    base: Settings,
    full: bool = False,
) -> list[tuple[str, dict[str, ModeSummary]]]:
    """(variant name, {"all" | kind: summary}) for every variant."""
    results = []
    for name, mode, overrides in variants:
        or_words = bool(overrides.get(NAIVE))
        settings = replace(base, **{k: v for k, v in overrides.items() if k != NAIVE})  # type: ignore[arg-type]
        backend = EmbeddedBackend.open(index, settings)
        client = SearchClient(backend, settings, encoder)
        runner = RankOnlyClient(client, or_words) if or_words or not full else client
        evaluation = evaluate(runner, queries, [mode])  # type: ignore[arg-type]
        backend.close()
        summaries = {"all": evaluation.overall[0]} | {kind: s[0] for kind, s in evaluation.by_kind.items()}
        results.append((name, summaries))
        print(f"done: {name}", file=sys.stderr)
    return results


def print_tables(console: Console, results: list[tuple[str, dict[str, ModeSummary]]]) -> None:
    groups = list(dict.fromkeys(group for _, summaries in results for group in summaries))
    for group in groups:
        table = Table(title=f"queries: {group}", title_justify="left")
        for column in ("variant", "nDCG@10", "R@10", "R@100", "MRR@10", "search p50 ms", "p95 ms", "n"):
            table.add_column(column, justify="left" if column == "variant" else "right")
        for name, summaries in results:
            s = summaries.get(group)
            if s is not None:
                table.add_row(
                    name,
                    *(f"{v:.3f}" if v is not None else "-" for v in (s.ndcg, s.recall, s.recall_deep, s.mrr)),
                    f"{s.search_p50_ms:.1f}",
                    f"{s.search_p95_ms:.1f}",
                    str(s.judged),
                )
        console.print(table)


def print_compact(console: Console, results: list[tuple[str, dict[str, ModeSummary]]]) -> None:
    """One row a variant, nDCG@10 a query kind: the table docs/relevance.md quotes."""
    groups = list(dict.fromkeys(group for _, summaries in results for group in summaries))
    table = Table(title="nDCG@10 by query kind", title_justify="left")
    for column in ("variant", *groups):
        table.add_column(column, justify="left" if column == "variant" else "right")
    for name, summaries in results:
        cells = [summaries.get(group) for group in groups]
        table.add_row(name, *(f"{s.ndcg:.3f}" if s is not None and s.ndcg is not None else "-" for s in cells))
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True, action="append", help="one or more query files")
    parser.add_argument("--vectors", type=Path, help="query-embedding cache (.npz)")
    parser.add_argument("--experiments", default="baseline,fusion", help=f"any of {', '.join(EXPERIMENTS)}")
    parser.add_argument("--set", action="append", default=[], help="base setting NAME=VALUE (as FOI_NAME)")
    parser.add_argument("--full", action="store_true", help="run through the public SearchClient.search")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--compact", action="store_true", help="one nDCG@10 table (variants x query kinds)")
    args = parser.parse_args(argv)
    base = Settings.from_env({f"FOI_{pair.split('=', 1)[0].upper()}": pair.split("=", 1)[1] for pair in args.set})
    known = {spec.name for spec in fields(Settings)}
    variants = [v for name in args.experiments.split(",") for v in EXPERIMENTS[name.strip()]]
    for _, _, overrides in variants:
        unknown = set(overrides) - known - {NAIVE}
        if unknown:
            parser.error(f"unknown settings {sorted(unknown)}")
    queries = [query for path in args.queries for query in read_queries(path)]
    encoder = CachedQueryEncoder(make_encoder(base), args.vectors)
    encoder.warm([parse_query(query.text).semantic_text for query in queries])
    results = run_variants(args.index, queries, variants, encoder, base, args.full)
    console = Console(width=160)
    (print_compact if args.compact else print_tables)(console, results)
    if args.json:
        data = {name: {group: summary_to_dict(s, 10, 100) for group, s in groups.items()} for name, groups in results}
        args.json.write_text(json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
