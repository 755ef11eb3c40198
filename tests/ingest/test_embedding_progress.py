"""A big file's embedding moves the progress display: chunks embedded are reported as they go."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from core.embed import SentenceTransformerEncoder
from core.settings import Settings
from ingest.pipeline import IndexForIngest

pytestmark = pytest.mark.slow


def test_chunk_progress_is_reported_during_the_embedding_of_one_file(
    tmp_path: Path, encoder: SentenceTransformerEncoder
) -> None:
    paragraph = "Request {n}: the council issued penalty charge notices on High Street {n} in June. " * 4
    path = tmp_path / "corpus" / "disclosure-log.txt"
    path.parent.mkdir()
    path.write_text("\n\n".join(paragraph.format(n=n) for n in range(30)), encoding="utf-8")
    # Small chunks and batches: many progress steps from one small file.
    settings = replace(Settings.from_env(), chunk_words=40, embedding_batch_size=2)
    calls: list[tuple[str, int, int]] = []
    files: list[tuple[str, str]] = []

    def on_chunks(name: str, done: int, total: int) -> None:
        calls.append((name, done, total))

    def on_file(name: str, outcome: str) -> None:
        files.append((name, outcome))

    with IndexForIngest(tmp_path / "index", settings, encoder, on_file, on_chunks) as ingestor:
        report = ingestor.run([path.parent])

    assert files == [(path.as_posix(), "indexed")]
    ours = [(done, total) for name, done, total in calls if name == path.as_posix()]
    assert len(ours) > 1, calls  # more than one step: the bar moves during the file's embedding
    assert [done for done, _ in ours] == sorted({done for done, _ in ours})  # strictly increasing
    assert ours[-1] == (report.chunks, report.chunks)
    # Steps of 4 batches of 2 chunks; only the last may be shorter.
    assert all(done - previous == 8 for (previous, _), (done, _) in pairwise(ours[:-1]))
