"""The evaluation as a side-by-side table (rich) or as JSON-ready data."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from search.evaluation.runner import Evaluation, ModeSummary


def metric_names(k: int, depth: int) -> tuple[str, str, str, str]:
    return f"nDCG@{k}", f"recall@{k}", f"recall@{depth}", f"MRR@{k}"


def summary_to_dict(summary: ModeSummary, k: int, depth: int) -> dict[str, object]:
    ndcg, recall, recall_deep, mrr = metric_names(k, depth)
    return {
        "queries": summary.queries,
        "judged": summary.judged,
        ndcg: _rounded(summary.ndcg),
        recall: _rounded(summary.recall),
        recall_deep: _rounded(summary.recall_deep),
        mrr: _rounded(summary.mrr),
        "p50_ms": round(summary.p50_ms, 1),
        "p95_ms": round(summary.p95_ms, 1),
        "search_p50_ms": round(summary.search_p50_ms, 1),
        "search_p95_ms": round(summary.search_p95_ms, 1),
    }


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, object]:
    """{"k", "depth", "root", "modes": {mode: metrics}, "kinds": {kind: {mode: metrics}}}."""

    def by_mode(summaries: Sequence[ModeSummary]) -> dict[str, object]:
        return {s.mode: summary_to_dict(s, evaluation.k, evaluation.depth) for s in summaries}

    return {
        "k": evaluation.k,
        "depth": evaluation.depth,
        "root": evaluation.root,
        "modes": by_mode(evaluation.overall),
        "kinds": {kind: by_mode(summaries) for kind, summaries in evaluation.by_kind.items()},
    }


def print_evaluation(console: Console, evaluation: Evaluation) -> None:
    console.print(_table("all queries", evaluation.overall, evaluation.k, evaluation.depth))
    for kind, summaries in evaluation.by_kind.items():
        console.print(_table(f"kind: {kind}", summaries, evaluation.k, evaluation.depth))


def _table(title: str, summaries: Sequence[ModeSummary], k: int, depth: int) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("mode")
    for name in (*metric_names(k, depth), "p50 ms", "p95 ms", "queries"):
        table.add_column(name, justify="right")
    best = {
        index: max((value for value in column if value is not None), default=None)
        for index, column in enumerate(zip(*(_metrics(s) for s in summaries), strict=True))
    }
    for summary in summaries:
        cells = [_cell(value, value is not None and value == best[i]) for i, value in enumerate(_metrics(summary))]
        judged = str(summary.queries) if summary.judged == summary.queries else f"{summary.judged}/{summary.queries}"
        table.add_row(summary.mode, *cells, f"{summary.p50_ms:.1f}", f"{summary.p95_ms:.1f}", judged)
    return table


def _metrics(summary: ModeSummary) -> tuple[float | None, ...]:
    return summary.ndcg, summary.recall, summary.recall_deep, summary.mrr


def _cell(value: float | None, best: bool) -> str:
    if value is None:
        return "-"
    return f"[bold]{value:.3f}[/]" if best else f"{value:.3f}"


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
