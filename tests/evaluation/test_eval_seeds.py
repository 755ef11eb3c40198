"""`foi eval` end to end over the five real seeds: the real pipeline and model build
the index once, then judged queries of each kind run in every mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from core.embed import SentenceTransformerEncoder
from core.settings import Settings
from ingest.pipeline import ingest
from search.backends.base import IndexSpec
from search.backends.embedded.backend import EmbeddedBackend
from search.client import SearchClient
from search.evaluation.queries import read_queries
from search.evaluation.runner import evaluate
from search.model import Mode
from tests.conftest import SHARED

SEEDS = SHARED / "corpus" / "seeds"
QUERIES = Path(__file__).parent / "data" / "seed-queries.jsonl"


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory, encoder: SentenceTransformerEncoder) -> Path:
    """The one place the index is built (the ingestion pipeline changes under it)."""
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not here (it comes with ../shared)")
    folder = tmp_path_factory.mktemp("eval-seeds") / "index"
    backend = EmbeddedBackend.create(folder, IndexSpec(encoder.name, encoder.dimension), Settings())
    try:
        ingest([SEEDS], backend, encoder)
        assert backend.counts().documents == 5
    finally:
        backend.close()
    return folder


def test_every_mode_ranks_and_scores_in_range(seed_index: Path, encoder: SentenceTransformerEncoder) -> None:
    client = SearchClient.open(seed_index, Settings(), encoder)
    queries = read_queries(QUERIES)
    evaluation = evaluate(client, queries, [Mode.KEYWORD, Mode.SEMANTIC, Mode.HYBRID])
    # Relative source paths need no root; absolute ones are made relative to their common folder.
    assert evaluation.root in (None, str(SEEDS))
    for summary in evaluation.overall:
        assert summary.queries == summary.judged == len(queries)
        for value in (summary.ndcg, summary.recall, summary.recall_deep, summary.mrr):
            assert value is not None and 0.0 <= value <= 1.0
        assert 0 < summary.p50_ms <= summary.p95_ms
    hybrid = {run.qid: run for run in evaluation.runs if run.mode == "hybrid"}
    for query in queries:
        best = max(query.relevant, key=lambda unit: query.relevant[unit])
        assert best in hybrid[query.qid].ranking[:3], (query.qid, hybrid[query.qid].ranking)
    by_mode = {summary.mode: summary for summary in evaluation.overall}
    assert by_mode["hybrid"].mrr is not None and by_mode["hybrid"].mrr >= 0.8
    known_items = {summary.mode: summary for summary in evaluation.by_kind["known_item"]}
    assert known_items["keyword"].mrr == 1.0 and known_items["hybrid"].mrr == 1.0


def test_cli_eval_prints_the_table_and_json(seed_index: Path) -> None:
    runner = CliRunner()
    common = ["eval", "--index", str(seed_index), "--queries", str(QUERIES), "--modes", "keyword,hybrid"]
    table = runner.invoke(main, common)
    assert table.exit_code == 0, table.output
    assert "nDCG" in table.output and "hybrid" in table.output and "kind: paraphrase" in table.output
    as_json = runner.invoke(main, [*common, "--json", "--k", "5"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert set(data["modes"]) == {"keyword", "hybrid"} and set(data["kinds"]) == {"known_item", "paraphrase", "topic"}
    hybrid = data["modes"]["hybrid"]
    assert hybrid["queries"] == 7 and 0.0 < hybrid["nDCG@5"] <= 1.0 and 0.0 < hybrid["MRR@5"] <= 1.0
    assert hybrid["p95_ms"] >= hybrid["p50_ms"] > 0


def test_cli_eval_errors_are_messages(seed_index: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    neither = runner.invoke(main, ["eval", "--index", str(seed_index)])
    assert neither.exit_code == 2 and "--queries" in neither.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"qid": "q", "text": "x"}\n')
    failed = runner.invoke(main, ["eval", "--index", str(seed_index), "--queries", str(bad)])
    assert failed.exit_code == 1 and f"{bad}:1" in failed.output and "Traceback" not in failed.output
    modes = runner.invoke(main, ["eval", "--index", str(seed_index), "--queries", str(QUERIES), "--modes", "fuzzy"])
    assert modes.exit_code == 1 and "fuzzy" in modes.output
