"""Would a keyword weight that depends on how specific the query's words are help hybrid search?

For every query of one or more (index, queries) sets: the share of the index's records that hold
each content word of the query, and the nDCG@10 of hybrid search with keyword weight 2 (the
default for queries that do not look like known items) and 1. Prints, for bins of the rarest
word's share, the nDCG change from 2 to 1 summed per set and query kind: if specific queries
gained and common-word queries lost (or the reverse), a weight by specificity would follow.

    .venv/bin/python benchmarks/keyword_weight_by_specificity.py \\
        --set obliqa /tmp/obliqa/index /tmp/obliqa/queries.jsonl /tmp/obliqa/query-vectors.npz \\
        --set wdtk /tmp/wdtkidx benchmarks/data/wdtk_thread_queries.jsonl /tmp/wdtk-qv.npz

Queries that look like known items take their own weights, so their change is 0 by construction.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from relevance_tuning import CachedQueryEncoder

from core.embed import make_encoder
from core.settings import Settings
from search.backends.embedded.backend import EmbeddedBackend
from search.client import SearchClient
from search.evaluation.queries import EvalQuery, read_queries
from search.evaluation.runner import evaluate
from search.fusion import content_leaves
from search.model import Mode
from search.query import parse_query

BINS = (0.0005, 0.001, 0.003, 0.01, 1.0)


def rarest_share(backend: EmbeddedBackend, query: EvalQuery) -> float:
    """The share of records holding the query's rarest content word (a word's commonest stem)."""
    searcher = backend._snapshots.current().searcher  # a benchmark reads the engine
    documents = max(searcher.num_docs, 1)
    shares = []
    for leaf in content_leaves(parse_query(query.text).keyword):
        stems = backend._builder.stems(leaf.text)
        if stems:
            shares.append(max(searcher.doc_freq("text", stem) for stem in stems) / documents)
    return min(shares, default=1.0)


def measure(
    name: str, index: Path, queries_path: Path, vectors: Path, base: Settings
) -> list[tuple[str, str, float, float]]:
    """(set, kind, rarest share, nDCG at weight 1 minus nDCG at weight 2) per query."""
    queries = read_queries(queries_path)
    encoder = CachedQueryEncoder(make_encoder(base), vectors)
    ndcg: dict[float, dict[str, float]] = {}
    shares: dict[str, float] = {}
    for weight in (2.0, 1.0):
        settings = replace(base, keyword_weight=weight)
        backend = EmbeddedBackend.open(index, settings)
        evaluation = evaluate(SearchClient(backend, settings, encoder), queries, [Mode.HYBRID])
        ndcg[weight] = {run.qid: run.scores.ndcg for run in evaluation.runs}
        if not shares:
            shares = {query.qid: rarest_share(backend, query) for query in queries}
        backend.close()
    return [(name, query.kind, shares[query.qid], ndcg[1.0][query.qid] - ndcg[2.0][query.qid]) for query in queries]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set", nargs=4, action="append", required=True, metavar=("NAME", "INDEX", "QUERIES", "VECTORS")
    )
    args = parser.parse_args(argv)
    base = Settings.from_env()
    rows = [
        row
        for name, index, queries, vectors in args.set
        for row in measure(name, Path(index), Path(queries), Path(vectors), base)
    ]
    low = 0.0
    print("rarest word's share of records | set/kind: queries, summed nDCG change (weight 2 -> 1)")
    for high in BINS:
        cell: dict[str, list[float]] = defaultdict(list)
        for name, kind, share, change in rows:
            if low < share <= high or (low == 0.0 and share == 0.0):
                cell[f"{name}/{kind}"].append(change)
        text = "  ".join(f"{key}: {len(values)}, {sum(values):+.2f}" for key, values in sorted(cell.items()))
        print(f"({low:g}, {high:g}] | {text}")
        low = high
    return 0


if __name__ == "__main__":
    sys.exit(main())
