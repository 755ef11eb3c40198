"""Run evaluation queries through SearchClient in each mode and score the rankings.

Every query is run exactly as a user's would be (query syntax parsed, the
query embedded, filters applied), asking for `depth` documents so that
recall@100 is measured; the ranked documents are collapsed to judged units
before scoring. Latency is the wall time of `client.search` (query embedding
included), and the search time alone (without embedding) beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from time import perf_counter

from search.client import SearchClient
from search.errors import EvaluationError
from search.evaluation.metrics import mean, ndcg_at_k, percentile, recall_at_k, reciprocal_rank_at_k
from search.evaluation.queries import EvalQuery
from search.evaluation.units import collapse_to_units, common_root, relative_to_root
from search.model import Filters, Mode

RECALL_DEPTH = 100


@dataclass(frozen=True)
class QueryScores:
    ndcg: float | None
    recall: float | None
    recall_deep: float | None
    reciprocal_rank: float | None


@dataclass(frozen=True)
class QueryRun:
    qid: str
    kind: str | None
    mode: str
    ranking: tuple[str, ...]
    scores: QueryScores
    latency_ms: float
    search_ms: float


@dataclass(frozen=True)
class ModeSummary:
    mode: str
    queries: int
    judged: int
    ndcg: float | None
    recall: float | None
    recall_deep: float | None
    mrr: float | None
    p50_ms: float
    p95_ms: float
    search_p50_ms: float
    search_p95_ms: float


@dataclass(frozen=True)
class Evaluation:
    k: int
    depth: int
    root: str | None
    overall: tuple[ModeSummary, ...]
    by_kind: dict[str, tuple[ModeSummary, ...]]
    runs: tuple[QueryRun, ...]


def parse_modes(text: str) -> tuple[Mode, ...]:
    modes = []
    for name in (part.strip() for part in text.split(",")):
        try:
            modes.append(Mode(name))
        except ValueError as e:
            choices = ", ".join(mode.value for mode in Mode)
            raise EvaluationError(f"mode {name!r} is not one of {choices}") from e
    if not modes:
        raise EvaluationError("no mode to evaluate")
    return tuple(dict.fromkeys(modes))


def evaluate(
    client: SearchClient,
    queries: Sequence[EvalQuery],
    modes: Sequence[Mode | str],
    k: int = 10,
    depth: int = RECALL_DEPTH,
    root: str | None = None,
) -> Evaluation:
    if k < 1:
        raise EvaluationError(f"k must be at least 1, got {k}")
    root = root if root is not None else index_root(client)
    runs = [run_query(client, query, Mode(mode), k, max(depth, k), root) for mode in modes for query in queries]
    kinds = sorted({query.kind for query in queries if query.kind})
    return Evaluation(
        k=k,
        depth=max(depth, k),
        root=root,
        overall=tuple(summarise(Mode(mode).value, runs) for mode in modes),
        by_kind={
            kind: tuple(summarise(Mode(mode).value, [run for run in runs if run.kind == kind]) for mode in modes)
            for kind in kinds
        },
        runs=tuple(runs),
    )


def index_root(client: SearchClient) -> str | None:
    """The default ingest root: None when source paths are stored relative (they are
    relative to the folder given to `foi ingest`), else the common folder of them all."""
    documents = client.counts().documents
    if documents == 0:
        return None
    paths = [document.source_path for document in client.browse(Filters(), limit=documents)]
    return common_root(paths)


def run_query(client: SearchClient, query: EvalQuery, mode: Mode, k: int, depth: int, root: str | None) -> QueryRun:
    started = perf_counter()
    result = client.search(
        query.text,
        mode=mode,
        filters=_rooted(query.filters, root),
        limit=depth,
        with_facets=False,
        chunks_per_document=1,
    )
    latency_ms = (perf_counter() - started) * 1000
    paths = [relative_to_root(hit.document.source_path, root) for hit in result.hits]
    ranking = collapse_to_units(paths, query.relevant.keys())
    scores = QueryScores(
        ndcg=ndcg_at_k(ranking, query.relevant, k),
        recall=recall_at_k(ranking, query.relevant, k),
        recall_deep=recall_at_k(ranking, query.relevant, depth),
        reciprocal_rank=reciprocal_rank_at_k(ranking, query.relevant, k),
    )
    search_ms = max(latency_ms - result.timings.embed_ms, 0.0)
    return QueryRun(query.qid, query.kind, mode.value, tuple(ranking[:depth]), scores, latency_ms, search_ms)


def _rooted(filters: Filters, root: str | None) -> Filters:
    """A path filter names a unit (relative to the ingest root); the index may hold absolute paths."""
    if not root or not filters.path_prefix or filters.path_prefix.startswith("/"):
        return filters
    return replace(filters, path_prefix=f"{root.rstrip('/')}/{filters.path_prefix}")


def summarise(mode: str, runs: Sequence[QueryRun]) -> ModeSummary:
    mine = [run for run in runs if run.mode == mode]
    latencies = [run.latency_ms for run in mine] or [0.0]
    search_times = [run.search_ms for run in mine] or [0.0]
    return ModeSummary(
        mode=mode,
        queries=len(mine),
        judged=sum(1 for run in mine if run.scores.ndcg is not None),
        ndcg=mean(run.scores.ndcg for run in mine),
        recall=mean(run.scores.recall for run in mine),
        recall_deep=mean(run.scores.recall_deep for run in mine),
        mrr=mean(run.scores.reciprocal_rank for run in mine),
        p50_ms=percentile(latencies, 0.5),
        p95_ms=percentile(latencies, 0.95),
        search_p50_ms=percentile(search_times, 0.5),
        search_p95_ms=percentile(search_times, 0.95),
    )
