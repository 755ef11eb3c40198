"""The ingest pipeline end to end, through the real CLI, extractors and model.

Idempotency (a re-run computes no embedding), resumability (SIGKILL mid-run,
run again: the same documents and chunks as an uninterrupted run), the ledger
and the status/failures/retry commands.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from core.settings import Settings
from ingest.ledger import LEDGER_FILE
from search.client import SearchClient
from search.model import Filters
from tests.conftest import PROJECT, SHARED

SEEDS = SHARED / "corpus" / "seeds"
pytestmark = pytest.mark.slow


def _ingest(runner: CliRunner, index: Path, *paths: Path) -> dict[str, object]:
    result = runner.invoke(main, ["ingest", *map(str, paths), "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def _corpus(folder: Path, copies: int) -> Path:
    folder.mkdir(parents=True)
    for number in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (folder / f"{number:02d}-{seed.name}").write_text(f"Copy {number}\n\n{text}", encoding="utf-8")
    return folder


def _index_state(index: Path) -> tuple[list[str], int]:
    client = SearchClient.open(index, Settings.from_env())
    try:
        documents = sorted(document.id for document in client.browse(Filters(duplicates=True), limit=1000))
        return documents, client.counts().chunks
    finally:
        client.close()


def test_a_rerun_of_an_unchanged_folder_does_no_work(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    runner = CliRunner()
    first = _ingest(runner, tmp_path / "index", corpus)
    assert len(first["indexed"]) == 5  # type: ignore[arg-type]
    assert first["embeddings_computed"] == first["chunks"] and first["chunks"] > 20  # type: ignore[operator]
    second = _ingest(runner, tmp_path / "index", corpus)
    assert second["indexed"] == [] and len(second["unchanged"]) == 5  # type: ignore[arg-type]
    assert second["embeddings_computed"] == 0 and second["chunks"] == 0
    # Touched but not changed: still no work, and the ledger learns the new time.
    os.utime(next(corpus.iterdir()))
    assert _ingest(runner, tmp_path / "index", corpus)["indexed"] == []
    # One file changed: only its new chunks are embedded (the others come from the cache).
    changed = sorted(corpus.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new closing paragraph.", encoding="utf-8")
    third = _ingest(runner, tmp_path / "index", corpus)
    assert third["indexed"] == [changed.resolve().as_posix()]
    assert 0 < third["embeddings_computed"] <= 2  # type: ignore[operator]


def test_status_failures_and_retry(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    (corpus / "empty.pdf").write_bytes(b"")
    (corpus / "notes.xyz").write_bytes(b"\x00\x01 unknown format")
    runner = CliRunner()
    report = _ingest(runner, tmp_path / "index", corpus)
    assert len(report["indexed"]) == 5  # type: ignore[arg-type]
    reasons = dict(report["skipped"] + report["failed"])  # type: ignore[operator]
    assert "empty" in reasons[(corpus / "empty.pdf").resolve().as_posix()]
    status = runner.invoke(main, ["status", "--index", str(tmp_path / "index"), "--json"])
    data = json.loads(status.stdout)
    assert data["indexed"] == 5 and data["skipped"] + data["failed"] == 2 and data["documents"] == 5
    failures = json.loads(runner.invoke(main, ["failures", "--index", str(tmp_path / "index"), "--json"]).stdout)
    assert {Path(row["path"]).name for row in failures} == {"empty.pdf", "notes.xyz"}
    assert all(row["reason"] for row in failures)
    retry = runner.invoke(main, ["retry", "--index", str(tmp_path / "index"), "--json"])
    assert retry.exit_code == 0, retry.output
    assert json.loads(retry.stdout.strip().splitlines()[-1])["indexed"] == []


def test_missing_ledger_gives_a_clear_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["failures", "--index", str(tmp_path / "nothing")])
    assert result.exit_code != 0 and "nothing has been ingested" in result.output


def _recorded(index: Path) -> int:
    location = index / LEDGER_FILE
    if not location.exists():
        return 0
    try:
        with sqlite3.connect(location, timeout=1) as db:
            return int(db.execute("SELECT COUNT(*) FROM inputs WHERE member_path = ''").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_and_resume_gives_the_same_index_as_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 4)  # 20 files
    total = len(list(corpus.iterdir()))
    environment = {**os.environ, "FOI_INGEST_BATCH_DOCUMENTS": "2", "FOI_INGEST_WORKERS": "1"}
    command = [sys.executable, "-m", "cli.main", "ingest", str(corpus), "--index"]
    killed = tmp_path / "killed"
    process = subprocess.Popen([*command, str(killed)], env=environment, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _recorded(killed) < 4 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run ended before it could be killed: make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    interrupted_at = _recorded(killed)
    assert 0 < interrupted_at < total
    subprocess.run([*command, str(killed)], env=environment, check=True, stderr=subprocess.DEVNULL)
    clean = tmp_path / "clean"
    subprocess.run([*command, str(clean)], env=environment, check=True, stderr=subprocess.DEVNULL)
    assert _index_state(killed) == _index_state(clean)
    assert len(_index_state(clean)[0]) == total
    assert _recorded(killed) == total
    shutil.rmtree(corpus)


def test_a_collection_is_given_at_ingest_and_a_file_moves_when_ingested_into_another(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", 1)
    broken = corpus / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    runner = CliRunner()
    index = tmp_path / "index"

    def ingest(*options: str) -> dict[str, object]:
        result = runner.invoke(main, ["ingest", str(corpus), "--index", str(index), "--json", *options])
        assert result.exit_code == 0, result.output
        report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
        return report

    def collections() -> dict[str, int]:
        client = SearchClient.open(index, Settings.from_env())
        try:
            documents = client.browse(Filters(duplicates=True), limit=100)
        finally:
            client.close()
        return {name: sum(d.collection == name for d in documents) for name in {d.collection for d in documents}}

    first = ingest("--collection", "embargo")
    assert len(first["indexed"]) == 5 and len(first["failed"]) == 1  # type: ignore[arg-type]
    assert collections() == {"embargo": 5}
    # Unchanged, but asked for another collection: read again and moved, with no new embedding.
    moved = ingest("--collection", "newsroom")
    assert len(moved["indexed"]) == 5 and moved["embeddings_computed"] == 0  # type: ignore[arg-type]
    assert collections() == {"newsroom": 5}
    assert ingest("--collection", "newsroom")["indexed"] == []
    # A failed file is retried into the collection it was meant for, not the default one.
    assert [Path(path).name for path, _ in moved["failed"]] == ["broken.pdf"]  # type: ignore[attr-defined]
    shutil.copy(PROJECT / "sample_corpus" / "gmp-covert-surveillance-ncnd.pdf", broken)
    retried = runner.invoke(main, ["retry", "--index", str(index), "--json"])
    assert retried.exit_code == 0, retried.output
    assert len(json.loads(retried.stdout.strip().splitlines()[-1])["indexed"]) == 1
    assert collections() == {"newsroom": 6}
    found = runner.invoke(main, ["search", "--index", str(index), "--collection", "public", "--json"])
    assert json.loads(found.stdout)["total"] == 0
    listed = runner.invoke(main, ["search", "--index", str(index), "--collection", "newsroom", "--json"])
    assert {hit["collection"] for hit in json.loads(listed.stdout)["hits"]} == {"newsroom"}
    bad = runner.invoke(main, ["ingest", str(corpus), "--index", str(index), "--collection", "Not OK"])
    assert bad.exit_code != 0 and "FOI_INGEST_COLLECTION: collection name 'Not OK' must be" in bad.output


def test_a_failed_member_is_retried_with_its_archive_into_the_archives_collection(tmp_path: Path) -> None:
    archive = tmp_path / "in" / "replies.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as members:
        members.writestr("reply.txt", (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text())
        members.writestr("annex.pdf", b"%PDF-1.4 truncated")
    runner = CliRunner()
    index = tmp_path / "index"
    first = runner.invoke(main, ["ingest", str(archive), "--index", str(index), "--collection", "embargo", "--json"])
    assert first.exit_code == 0, first.output
    assert [member for _, member, _ in json.loads(first.stdout.splitlines()[-1])["member_problems"]] == ["annex.pdf"]
    retried = runner.invoke(main, ["retry", "--index", str(index), "--json"])
    assert retried.exit_code == 0, retried.output
    assert len(json.loads(retried.stdout.strip().splitlines()[-1])["indexed"]) == 1
    client = SearchClient.open(index, Settings.from_env())
    try:
        assert {document.collection for document in client.browse(Filters(), limit=100)} == {"embargo"}
    finally:
        client.close()


def test_request_threads_never_cross_collections(tmp_path: Path) -> None:
    """Two copies of a letter (same reference) are one request in one collection, two across two."""
    seed = next(path for path in sorted(SEEDS.glob("*.txt")) if "FOI" in path.read_text(encoding="utf-8"))
    runner = CliRunner()
    index = tmp_path / "index"
    for folder, collection in (("a", "public"), ("b", "public"), ("c", "embargo")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "letter.txt").write_text(f"Copy {folder}\n\n" + seed.read_text(encoding="utf-8"))
        done = runner.invoke(
            main, ["ingest", str(tmp_path / folder), "--index", str(index), "--collection", collection]
        )
        assert done.exit_code == 0, done.output
    client = SearchClient.open(index, Settings.from_env())
    try:
        documents = client.browse(Filters(duplicates=True), limit=10)
        by_folder = {Path(d.source_path).parent.name: d for d in documents if d.member_path is None}
    finally:
        client.close()
    assert by_folder["a"].request_id == by_folder["b"].request_id
    assert by_folder["c"].request_id != by_folder["a"].request_id and by_folder["c"].request_id.startswith("embargo/")
    # Copies of one letter too: b is a copy of a, c (another collection) is an original of its own.
    original, copy = sorted((by_folder["a"], by_folder["b"]), key=lambda d: d.duplicate_of is not None)
    assert copy.duplicate_of == original.id and original.duplicates == (copy.id,)
    assert by_folder["c"].duplicate_of is None and by_folder["c"].duplicates == ()
