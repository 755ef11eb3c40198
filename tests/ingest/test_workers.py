"""The extraction worker pool: results, per-file time limit, crashes, errors."""

from __future__ import annotations

import time

from ingest.errors import CorruptFileError, ExtractionError, ExtractionTimeoutError
from ingest.workers import WorkerPool
from tests.ingest.jobs import echo_or_misbehave


def _run(tasks: list[str], timeout_s: float = 30.0) -> dict[str, object]:
    pool: WorkerPool[str, str] = WorkerPool(echo_or_misbehave, 2, timeout_s, str)
    return dict(pool.map(tasks))


def test_every_task_comes_back_once() -> None:
    assert _run(["a", "b", "c", "d", "e"]) == {"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}


def test_a_hung_file_is_killed_at_the_time_limit_and_the_run_goes_on() -> None:
    started = time.monotonic()
    results = _run(["sleep", "a", "b", "c"], timeout_s=8)
    assert time.monotonic() - started < 40
    assert isinstance(results["sleep"], ExtractionTimeoutError)
    assert "FOI_FILE_TIMEOUT_S" in results["sleep"].reason
    assert [results[key] for key in "abc"] == ["A", "B", "C"]


def test_a_crashing_extractor_is_reported_and_replaced() -> None:
    results = _run(["crash", "a", "crash", "b"])
    assert isinstance(results["crash"], ExtractionError)
    assert "crashed" in results["crash"].reason
    assert (results["a"], results["b"]) == ("A", "B")


def test_file_problems_and_bugs_come_back_as_problems() -> None:
    results = _run(["corrupt", "bug", "ok"])
    assert isinstance(results["corrupt"], CorruptFileError)
    assert results["corrupt"].reason == "not a real PDF"
    assert isinstance(results["bug"], ExtractionError)
    assert "ZeroDivisionError" in results["bug"].reason
    assert results["ok"] == "OK"
