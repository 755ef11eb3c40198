"""Where does the keyword side of calibrated fusion help, and where does it hurt? By coverage band.

Calibrated fusion scales the keyword side by `c`, the best candidate's share of the query's weighted
words (search.fusion.calibrated_keyword_scores). For every query of one or more (index, queries)
sets this captures the inputs of hybrid fusion (coverage shares, layered BM25, semantic scores,
weights) from the embedded backend, then replays the fusion offline: as shipped, and with other
shapes of the keyword side. Prints, per set and query kind, nDCG@10 of semantic search, of the
shipped fusion and of each variant, and the change from semantic alone to hybrid summed over the
queries in each band of `c` (queries that look like known items take their own weights and are
left out of the bands).

    .venv/bin/python benchmarks/fusion_by_coverage.py \\
        --set obliqa /tmp/obliqa/index /tmp/obliqa/queries.jsonl /tmp/obliqa/query-vectors.npz \\
        --set items-lm /tmp/flatidx benchmarks/devsets/foi_mail_l/queries/items-holdout.jsonl,\\
benchmarks/devsets/foi_mail_m/queries/items-holdout.jsonl /tmp/lm-qv.npz

The replay of the shipped fusion gives the same nDCG@10 as `relevance_tuning.py --experiments
default` (the keyword side's order is that of hybrid's any-word match, so keyword mode itself is not
replayed here).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relevance_tuning import CachedQueryEncoder

import search.backends.embedded.backend as embedded
import search.ranking as ranking
from core.embed import make_encoder
from core.settings import Settings
from search.backends.embedded.backend import EmbeddedBackend
from search.client import SearchClient
from search.evaluation.metrics import ndcg_at_k
from search.evaluation.queries import read_queries
from search.evaluation.runner import _rooted, index_root
from search.evaluation.units import relative_to_root, unit_of
from search.fusion import calibrated_fusion, calibrated_keyword_scores, min_max_normalise
from search.model import Mode
from search.query import parse_query

BANDS = (0.0, 0.3, 0.4, 0.5, 1.01)


@dataclass
class Captured:
    """What hybrid fusion saw for one query."""

    kind: str
    relevant: Mapping[str, float]
    unit: dict[str, str]
    shares: dict[str, float]
    bm25: dict[str, float]
    semantic: list[tuple[str, float]]
    weights: tuple[float, float]
    known_item: bool

    @property
    def confidence(self) -> float:
        return max(self.shares.values(), default=0.0)


KeywordSide = Callable[[Captured], dict[str, float]]


def _blend(beta: float) -> KeywordSide:
    """c x ((1 - beta) x coverage + beta x min-max BM25); with beta 0.5, the fusion shipped until 2026-12-07."""

    def side(q: Captured) -> dict[str, float]:
        bm25 = min_max_normalise(q.bm25)
        return {d: q.confidence * ((1 - beta) * s + beta * bm25.get(d, 0.0)) for d, s in q.shares.items()}

    return side


def _times_coverage(q: Captured) -> dict[str, float]:
    """c x coverage x (0.5 + 0.5 x min-max BM25): BM25 orders documents within their coverage."""
    bm25 = min_max_normalise(q.bm25)
    return {d: q.confidence * s * (0.5 + 0.5 * bm25.get(d, 0.0)) for d, s in q.shares.items()}


def _own_coverage(q: Captured) -> dict[str, float]:
    """0.25 x c x coverage + 0.75 x coverage x min-max BM25: each document's BM25 scaled by its own coverage."""
    bm25 = min_max_normalise(q.bm25)
    return {d: 0.25 * q.confidence * s + 0.75 * s * bm25.get(d, 0.0) for d, s in q.shares.items()}


def _knee(knee: float) -> KeywordSide:
    """As before 2026-12-07, but below coverage `knee` the keyword side fades with c squared (c x c / knee)."""
    before = _blend(0.5)

    def side(q: Captured) -> dict[str, float]:
        fade = min(1.0, q.confidence / knee)
        return {d: fade * score for d, score in before(q).items()}

    return side


def _semantic_gate(q: Captured) -> dict[str, float]:
    """As before 2026-12-07, scaled by how plausible semantic search finds keyword's best document (its min-max
    semantic score, from 0 at 0.7 to 1 at 1.0): a paraphrase's any-word matches point elsewhere."""
    side = _blend(0.5)(q)
    if q.known_item or not side:
        return side
    semantic = min_max_normalise(dict(q.semantic))
    best = max(side, key=lambda d: side[d])
    gate = min(1.0, max(0.0, (semantic.get(best, 0.0) - 0.7) / 0.3))
    return {d: gate * score for d, score in side.items()}


def _times_semantic(q: Captured) -> dict[str, float]:
    """As before 2026-12-07, each document's keyword score times its own min-max semantic score."""
    side = _blend(0.5)(q)
    if q.known_item:
        return side
    semantic = min_max_normalise(dict(q.semantic))
    return {d: score * semantic.get(d, 0.0) for d, score in side.items()}


def _top_overlap(q: Captured) -> dict[str, float]:
    """As before 2026-12-07, scaled by twice the share of keyword's top 10 that semantic's top 10 hold (at most 1)."""
    side = _blend(0.5)(q)
    if q.known_item:
        return side
    keyword_top = set(sorted(side, key=lambda d: -side[d])[:10])
    overlap = len(keyword_top & {d for d, _ in q.semantic[:10]}) / 10
    return {d: min(1.0, 2 * overlap) * score for d, score in side.items()}


def _semantic_top_coverage(q: Captured) -> dict[str, float]:
    """As before 2026-12-07, with c taken over semantic's top 3 only: keyword speaks as loud as the best coverage of
    a document that semantic search also ranks near the top (a paraphrase's target holds few of its words)."""
    side = _blend(0.5)(q)
    if q.known_item or not side or q.confidence <= 0:
        return side
    near_top = max((q.shares.get(d, 0.0) for d, _ in q.semantic[:3]), default=0.0)
    return {d: near_top / q.confidence * score for d, score in side.items()}


def _shipped(q: Captured) -> dict[str, float]:
    """The keyword side as shipped (search.fusion.calibrated_keyword_scores)."""
    return calibrated_keyword_scores(q.shares, q.bm25)


VARIANTS: dict[str, KeywordSide] = {
    "shipped": _shipped,
    "before 2026-12-07": _blend(0.5),
    "coverage only": _blend(0.0),
    "x coverage": _times_coverage,
    "own coverage": _own_coverage,
    "knee 0.5": _knee(0.5),
    "semantic gate": _semantic_gate,
    "x semantic": _times_semantic,
    "top-10 overlap": _top_overlap,
    "semantic top-3 coverage": _semantic_top_coverage,
}


def capture(index: Path, queries_paths: list[Path], vectors: Path, settings: Settings) -> list[Captured]:
    """Run every query in hybrid mode once, keeping what fusion received (a benchmark reads the engine)."""
    seen: dict[str, Any] = {}
    keyword_scores, fuse, query_weights = embedded.calibrated_keyword_scores, ranking.fuse, ranking.query_weights

    def keep_keyword(shares: Mapping[str, float], bm25: Mapping[str, float], *rest: Any) -> dict[str, float]:
        seen.update(shares=dict(shares), bm25=dict(bm25))
        return keyword_scores(shares, bm25, *rest)

    def keep_fusion(settings: Any, keyword: Any, calibrated: Any, semantic: Any, weights: Any) -> Any:
        seen.update(semantic=list(semantic), weights=weights)
        return fuse(settings, keyword, calibrated, semantic, weights)

    def keep_weights(query: Any, full_match: bool) -> tuple[float, float]:
        weights = query_weights(query, full_match)
        seen["known_item"] = weights != (query.fusion.keyword_weight, query.fusion.semantic_weight)
        return weights

    embedded.calibrated_keyword_scores, ranking.fuse, ranking.query_weights = keep_keyword, keep_fusion, keep_weights
    try:
        return _run(index, queries_paths, vectors, settings, seen)
    finally:
        embedded.calibrated_keyword_scores, ranking.fuse, ranking.query_weights = keyword_scores, fuse, query_weights


def _run(
    index: Path, queries_paths: list[Path], vectors: Path, settings: Settings, seen: dict[str, Any]
) -> list[Captured]:
    queries = [query for path in queries_paths for query in read_queries(path)]
    encoder = CachedQueryEncoder(make_encoder(settings), vectors)
    encoder.warm([parse_query(query.text).semantic_text for query in queries])
    backend = EmbeddedBackend.open(index, settings)
    client = SearchClient(backend, settings, encoder)
    root = index_root(client)
    view = backend._snapshots.current()
    paths: dict[int, str] = {}
    captured = []
    for query in queries:
        seen.clear()
        built = client.build_query(query.text, mode=Mode.HYBRID, filters=_rooted(query.filters, root), limit=100)
        backend._rank(view, built)
        if "weights" not in seen:
            continue  # no words to rank by: semantic search alone
        # No candidate holds any of the words (a filter left only documents without them).
        seen.setdefault("shares", {})
        seen.setdefault("bm25", {})
        documents = {int(d) for d in (*seen["shares"], *dict(seen["semantic"]))}
        missing = [d for d in documents if d not in paths]
        found = backend._records.documents_by_no(view.searcher, missing, {}) if missing else {}
        paths.update({number: document.source_path for number, document in found.items()})
        units = {}
        for number in documents:
            path = relative_to_root(paths[number], root)
            units[str(number)] = unit_of(path, query.relevant.keys()) or path
        captured.append(Captured(query.kind or "all", query.relevant, units, **seen))
    backend.close()
    return captured


def ndcg(q: Captured, ranked: Sequence[str]) -> float:
    units = list(dict.fromkeys(q.unit[d] for d in ranked))
    return ndcg_at_k(units, q.relevant, 10) or 0.0


def replay(q: Captured, side: KeywordSide) -> list[str]:
    return [d for d, _ in calibrated_fusion(side(q), dict(q.semantic), q.weights)]


def report(name: str, captured: list[Captured]) -> None:
    by_kind: dict[str, list[Captured]] = defaultdict(list)
    for q in captured:
        by_kind[q.kind].append(q)
    for kind, queries in by_kind.items():
        semantic = [ndcg(q, [d for d, _ in q.semantic]) for q in queries]
        cells = [f"semantic {sum(semantic) / len(semantic):.3f}"]
        for variant, side in VARIANTS.items():
            cells.append(f"{variant} {sum(ndcg(q, replay(q, side)) for q in queries) / len(queries):.3f}")
        bands: dict[int, list[float]] = defaultdict(list)
        for q, alone in zip(queries, semantic, strict=True):
            if not q.known_item:
                band = max(i for i in range(len(BANDS) - 1) if q.confidence >= BANDS[i])
                bands[band].append(ndcg(q, replay(q, VARIANTS["shipped"])) - alone)
        banded = "  ".join(
            f"c {BANDS[b]:.1f}-{min(BANDS[b + 1], 1.0):.1f}: {sum(v):+.2f} ({len(v)})" for b, v in sorted(bands.items())
        )
        print(f"{name} {kind} ({len(queries)}): {', '.join(cells)}")
        print(f"    hybrid - semantic by coverage band: {banded}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set",
        nargs=4,
        action="append",
        required=True,
        metavar=("NAME", "INDEX", "QUERIES", "VECTORS"),
        help="QUERIES: one file, or several joined by commas",
    )
    args = parser.parse_args(argv)
    settings = Settings()
    for name, index, queries, vectors in args.set:
        report(name, capture(Path(index), [Path(p) for p in queries.split(",")], Path(vectors), settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
